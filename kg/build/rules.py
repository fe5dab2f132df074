"""Temporal rules the build checks beyond the fact format and the SHACL shapes.

Each rule reads the checked facts and returns ``FactError`` values that name the fact file and
line, so they are reported together with every other problem. Dates known only to the month or
year are compared generously: a rule fails only when no day the dates can mean satisfies it.
Deprecated claims are exempt: they are kept because they are wrong.

The rules (docs/design.md, "Quality bars"):

- a membership lies inside its organisation's lifetime (``inception``, ``dissolution``);
- a withdrawal from an organisation ends a membership of that state in it on the same day, and a
  membership ended by withdrawal has that withdrawal;
- the founders of an organisation are members of it from its founding date;
- a membership of a state with curated statehood spells starts inside one of them and, if that
  spell ends, ends by then (a state joins and stays in organisations only while it is a state).

One rule needs the world layer beside the facts, so it is not in ``RULES`` but in
``check_world_rules``: a curated statehood spell outranks every COW spell of its state
(``kg.build.world`` ranks curated statehood preferred, keyed on the state alone), so a COW spell
that no curated spell overlaps would silently stop counting.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from kg.dates import PartialDate
from kg.facts.records import FactBase, FactError, Membership, Statehood
from kg.world import Statehood as WorldStatehood

__all__ = [
    "RULES",
    "check_rules",
    "check_world_rules",
    "founders_are_members",
    "membership_within_lifetime",
    "membership_within_statehood",
    "withdrawals_end_memberships",
    "world_spells_kept",
]

# ``end after start`` is checked where each record is read (kg.facts), so it is not repeated here.


def _live(relations):
    return [relation for relation in relations if relation.rank != "deprecated"]


def membership_within_lifetime(facts: FactBase) -> list[FactError]:
    errors = []
    for m in _live(facts.memberships):
        organisation = facts.entities[m.organisation]
        inception, dissolution = organisation.inception, organisation.dissolution
        if inception and m.start.latest < inception.earliest:
            errors.append(
                FactError(
                    m.location,
                    "membership.start",
                    f"{m.start} is before {m.organisation} began ({inception})",
                )
            )
        if dissolution and m.end is None:
            errors.append(
                FactError(
                    m.location,
                    "membership.end",
                    f"{m.organisation} was dissolved on {dissolution}: the membership needs an "
                    "end (at the latest that day, with end_cause: dissolution if it ended then)",
                )
            )
        elif dissolution and m.end and m.end.earliest > dissolution.latest:
            errors.append(
                FactError(
                    m.location,
                    "membership.end",
                    f"{m.end} is after {m.organisation} was dissolved ({dissolution})",
                )
            )
    return errors


def withdrawals_end_memberships(facts: FactBase) -> list[FactError]:
    errors = []
    memberships = _live(facts.memberships)
    withdrawals = [w for w in _live(facts.withdrawals) if w.organisation]
    for w in withdrawals:
        ended = [
            m
            for m in memberships
            if m.member == w.party
            and m.organisation == w.organisation
            and m.end is not None
            and m.end.may_equal(w.date)
        ]
        if not ended:
            errors.append(
                FactError(
                    w.location,
                    "withdrawal.date",
                    f"no membership of {w.party} in {w.organisation} ends on {w.date}: give "
                    f"that membership `end: {w.date}` and `end_cause: withdrawal`",
                )
            )
    for m in memberships:
        if m.end_cause != "withdrawal" or m.end is None:
            continue
        if not any(
            w.party == m.member and w.organisation == m.organisation and w.date.may_equal(m.end)
            for w in withdrawals
        ):
            errors.append(
                FactError(
                    m.location,
                    "membership.end_cause",
                    f"the membership ends by withdrawal on {m.end}, but no withdrawal of "
                    f"{m.member} from {m.organisation} on that date is curated",
                )
            )
    return errors


def _active_on(m: Membership, day: PartialDate) -> bool:
    """Generous time rule: some day the dates can mean makes the membership active on ``day``."""
    assert m.start is not None, "the loader keeps no membership without a start"
    starts_in_time = m.start.earliest <= day.latest
    ends_after = m.end is None or day.earliest < m.end.latest
    return starts_in_time and ends_after


def founders_are_members(facts: FactBase) -> list[FactError]:
    errors = []
    memberships = _live(facts.memberships)
    for f in _live(facts.foundings):
        for founder in f.founders:
            if not any(
                m.member == founder and m.organisation == f.organisation and _active_on(m, f.date)
                for m in memberships
            ):
                errors.append(
                    FactError(
                        f.location,
                        "founding.founders",
                        f"{founder} founded {f.organisation} on {f.date} but has no membership "
                        "of it from that date",
                    )
                )
    return errors


def _spells_by_state(facts: FactBase) -> dict[str, list[Statehood]]:
    spells: dict[str, list[Statehood]] = defaultdict(list)
    for spell in _live(facts.statehoods):
        spells[spell.state].append(spell)
    return spells


def _may_start_in(day: PartialDate, spell: Statehood) -> bool:
    """Generous: some day ``day`` can mean lies in the spell (``start <= D < end``)."""
    assert spell.start is not None, "the loader keeps no statehood without a start"
    return spell.start.earliest <= day.latest and (
        spell.end is None or day.earliest < spell.end.latest
    )


def membership_within_statehood(facts: FactBase) -> list[FactError]:
    errors = []
    spells_of = _spells_by_state(facts)
    for m in _live(facts.memberships):
        spells = spells_of.get(m.member)
        if not spells:  # no curated statehood: nothing to check against (COW's is not here)
            continue
        assert m.start is not None, "the loader keeps no membership without a start"
        within = [spell for spell in spells if _may_start_in(m.start, spell)]
        if not within:
            dated = ", ".join(_span(spell) for spell in spells)
            errors.append(
                FactError(
                    m.location,
                    "membership.start",
                    f"{m.start} is outside every statehood spell of {m.member} ({dated}): a "
                    "state is a member only while it is a state",
                )
            )
            continue
        if any(spell.end is None for spell in within):
            continue
        end = max((spell.end for spell in within if spell.end), key=lambda e: e.latest)
        if m.end is None or m.end.earliest > end.latest:
            errors.append(
                FactError(
                    m.location,
                    "membership.end",
                    f"the statehood of {m.member} ends on {end}: the membership needs an end "
                    "by then",
                )
            )
    return errors


def _span(spell: Statehood) -> str:
    return f"{spell.start} to {spell.end}" if spell.end else f"from {spell.start}"


RULES = (
    membership_within_lifetime,
    withdrawals_end_memberships,
    founders_are_members,
    membership_within_statehood,
)


def _sorted(errors: list[FactError]) -> list[FactError]:
    return sorted(errors, key=lambda error: (str(error.location.path), error.location.line))


def check_rules(facts: FactBase) -> list[FactError]:
    """Every temporal rule over ``facts``; the errors sorted by file and line."""
    return _sorted([error for rule in RULES for error in rule(facts)])


def _overlaps(world: WorldStatehood, spell: Statehood) -> bool:
    """Whether some day can lie in both (the curated dates read generously)."""
    assert spell.start is not None, "the loader keeps no statehood without a start"
    first = max(world.start, spell.start.earliest)
    ends = [end for end in (world.end, spell.end.latest if spell.end else None) if end]
    return not ends or first < min(ends)


def world_spells_kept(facts: FactBase, world: Iterable[WorldStatehood]) -> list[FactError]:
    """Every COW spell of a state with curated spells overlaps one of them.

    The build ranks a state's curated spells preferred over all its COW spells (the claim key is
    the state alone), so where the curated record dates a spell differently the curated date
    counts, as it should; but a COW spell the curated record does not speak of at all (Estonia's
    1918-1940, if only its 1991 spell were curated) would stop counting without anyone deciding
    so. The error is on the state's first curated spell: curate the missing spell too (with its
    source), or leave the state to COW.
    """
    spells_of = _spells_by_state(facts)
    errors = []
    for spell in world:
        curated = spells_of.get(spell.id)
        if not curated or any(_overlaps(spell, c) for c in curated):
            continue
        first = min(curated, key=lambda c: c.location.line)
        end = spell.end.isoformat() if spell.end else ""
        errors.append(
            FactError(
                first.location,
                "statehood.state",
                f"COW's spell of {spell.id} from {spell.start.isoformat()} to {end or 'now'} "
                f"(states2016.csv line {spell.cow_line}) overlaps no curated spell of it, and "
                "the curated spells outrank all of COW's: curate that spell too, or leave "
                f"{spell.id} to COW",
            )
        )
    return _sorted(errors)


def check_world_rules(facts: FactBase, world: Iterable[WorldStatehood]) -> list[FactError]:
    """The rules that need the world layer's statehood spells (``kg.build.world.World``'s
    ``statehoods``) beside the facts; the errors sorted by file and line."""
    return world_spells_kept(facts, world)
