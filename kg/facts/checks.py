"""What only every fact file read together can tell: that the ids a record names exist and are of
the right kind, that no alternative name is another entity's label, and that no two curated
statehood spells of one state overlap. Each check returns ``FactError`` values naming the file,
line and field; the loader reports them with every other problem."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from kg.dates import PartialDate
from kg.facts.nodes import FileReader, did_you_mean
from kg.facts.records import ENTITY_ID, KIND_NAMES, FactBase, FactError, Location, Statehood

__all__ = ["EXPECTED_KINDS", "alt_label_errors", "reference_errors", "statehood_overlap_errors"]

# A field that names an entity -> the kinds of entity it may name.
EXPECTED_KINDS: dict[str, tuple[str, ...]] = {
    "member": ("state",),
    "organisation": ("org",),
    "agreement": ("agreement",),
    "signatory": ("state",),
    "signatories": ("state",),
    "founders": ("state",),
    "party": ("state",),
    "place": ("place",),
    "headquarters": ("place",),
    "representative": ("person",),
    "holder": ("person",),
    "predecessor": ("org",),
    "successor": ("org",),
    "of": ("state", "org"),
    "state": ("state",),
}


def reference_errors(facts: FactBase, readers: Iterable[FileReader]) -> list[FactError]:
    """Every id a record names (recorded by the readers as they read) is an entity of the kind
    its field expects. An unknown id is given the closest known id of those kinds ("did you
    mean state/BLR?"); an id whose entity was written but refused (``FileReader.refused_ids``)
    is not reported again."""
    readers = list(readers)
    refused = {entity_id for reader in readers for entity_id in reader.refused_ids}
    by_kind: dict[str, list[str]] = defaultdict(list)
    for known_entity in facts.entities.values():
        by_kind[known_entity.kind].append(known_entity.id)
    errors = []
    for reader in readers:
        for record, key, value, line in reader.references:
            expected = EXPECTED_KINDS[key]
            entity = facts.entities.get(value)
            location = Location(reader.path, line)
            field_name = f"{record.kind}.{key}"
            if entity is None and value in refused:
                continue  # an entity written but refused: its own error says why, once
            if entity is None:
                known = [entity_id for kind in expected for entity_id in by_kind[kind]]
                hint = did_you_mean(value, known) or did_you_mean(value, facts.entities)
                if not hint and not ENTITY_ID.match(value):
                    hint = " (ids look like state/KAZ, org/cis)"
                errors.append(FactError(location, field_name, f"unknown id {value!r}{hint}"))
            elif entity.kind not in expected:
                wanted = " or ".join(KIND_NAMES[kind] for kind in expected)
                errors.append(
                    FactError(
                        location,
                        field_name,
                        f"{value!r} is {KIND_NAMES[entity.kind]}, expected {wanted}",
                    )
                )
    return errors


def alt_label_errors(facts: FactBase) -> list[FactError]:
    """An alternative name must not be another entity's label in the same language.

    The usual cause is an unquoted comma in a flow list: ``kk: [Беларусь, Ресей және ...]``
    makes "Беларусь" a name of the wrong entity. Shared abbreviations (a treaty and its
    alliance both called ДКБ) are alternative names of both and stay allowed.
    """
    labelled = {
        (language, label): entity.id
        for entity in facts.entities.values()
        for language, label in entity.labels.items()
    }
    errors = []
    for entity in facts.entities.values():
        for language, names in entity.alt_labels.items():
            for name in names:
                owner = labelled.get((language, name))
                if owner is not None and owner != entity.id:
                    errors.append(
                        FactError(
                            entity.location,
                            f"entity.alt.{language}",
                            f"{name!r} is the label of {owner}; if a name in the list has "
                            'a comma, quote it: ["A, B and C"]',
                        )
                    )
    return errors


def statehood_overlap_errors(facts: FactBase) -> list[FactError]:
    """No two live curated spells of one state overlap: a state is independent once at a time,
    so two spells that share a day are one spell written twice or a typing error.

    Dates known only to the month or year are read generously, as the build's rules read them:
    two spells clash only if no reading of their dates keeps them apart (``1991-12`` and a spell
    ending ``1991-12-16`` may be apart). Deprecated spells are exempt: they are judged wrong.
    """
    by_state: dict[str, list[tuple[PartialDate, Statehood]]] = defaultdict(list)
    for spell in facts.statehoods:
        if spell.rank != "deprecated" and spell.start is not None:
            by_state[spell.state].append((spell.start, spell))
    errors = []
    for spells in by_state.values():
        spells.sort(key=lambda pair: (pair[0].earliest, pair[1].location.line))
        # Every pair, not only neighbours: a long spell may contain two short ones.
        for k, (_, earlier) in enumerate(spells):
            for start, later in spells[k + 1 :]:
                if earlier.end is not None and earlier.end.earliest <= start.latest:
                    continue  # some reading of the dates keeps them apart
                until = f"to {earlier.end}" if earlier.end else "with no end"
                errors.append(
                    FactError(
                        later.location,
                        "statehood.start",
                        f"{start} is inside another spell of {later.state} ({earlier.id}, from "
                        f"{earlier.start} {until}, at {earlier.location}): a state's spells may "
                        "not overlap",
                    )
                )
    return errors
