"""The loader: every fact file read into one ``FactBase``, all errors at once."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from kg.corpus.texts import CorpusError, Document, find_quote, load_manifest
from kg.dates import PartialDate
from kg.facts.checks import alt_label_errors, reference_errors, statehood_overlap_errors
from kg.facts.nodes import (
    EVIDENCE_FIELDS,
    FileReader,
    Record,
    file_records,
    is_null,
    local_name,
    node_line,
    year_text,
)
from kg.facts.records import (
    ENTITY_ID,
    ISO3,
    LANGUAGE,
    RELATION_ID,
    WIKIDATA_ID,
    Accession,
    Entity,
    Evidence,
    EvidenceFlaw,
    ExternalEvidence,
    FactBase,
    FactError,
    FactErrors,
    Founding,
    Location,
    Membership,
    Ratification,
    Signing,
    Statehood,
    Succession,
    Term,
    TextEvidence,
    Withdrawal,
)
from kg.vocab import END_CAUSES, ENTITY_KINDS, HTTP_IRI, RANKS, ROLES, SUCCESSION_KINDS

__all__ = ["fact_files", "load_facts"]

_WORLD_STATEHOOD_ID = re.compile(r"^statehood/.+-\d{4}-\d{2}-\d{2}$")


class _Loader:
    def __init__(self, documents: dict[str, Document]):
        self.documents = documents
        self.errors: list[FactError] = []
        self.facts = FactBase(documents=documents)
        self.readers: list[FileReader] = []
        self.relation_ids: dict[str, Location] = {}

    # -- files and sections

    def read_file(self, path: Path) -> None:
        reader = FileReader(path, self.documents, self.errors)
        self.readers.append(reader)
        for record in file_records(reader):  # within the limits (corpus/facts/README.md)
            getattr(self, f"read_{record.kind}")(record)

    # -- entities

    def read_entity(self, record: Record) -> None:
        entity_id = record.text("id", required=True)
        entity_type = record.choice("type", ENTITY_KINDS)
        if entity_id is None:
            return
        if entity_type is None:  # reported; the records that name it are spared "unknown id"
            record.reader.refused_ids.add(entity_id)
            return
        if not ENTITY_ID.match(entity_id):
            record.error("id", f"{entity_id!r} is not an id like state/KAZ or org/cis")
            record.reader.refused_ids.add(entity_id)
            return
        kind = entity_id.split("/", 1)[0]
        if ENTITY_KINDS[entity_type] != kind:
            record.error(
                "id",
                f"{entity_id!r}: an entity of type {entity_type} has an id starting "
                f"'{ENTITY_KINDS[entity_type]}/'",
            )
            # the id meant (agreement/...) as well as the one written: both are reported here
            record.reader.refused_ids |= {
                entity_id,
                f"{ENTITY_KINDS[entity_type]}/{local_name(entity_id)}",
            }
            return
        labels = self._labels(record)
        alt_labels = self._alt_labels(record)
        wikidata = record.text("wikidata")
        if wikidata is not None and not WIKIDATA_ID.match(wikidata):
            record.error("wikidata", f"{wikidata!r} is not a Wikidata item id like Q232")
            wikidata = None
        iso3 = record.text("iso3")
        if iso3 is not None:
            if entity_type != "state":
                record.error("iso3", "only states have an ISO 3166 code")
            elif not ISO3.match(iso3):
                record.error("iso3", f"{iso3!r} is not an ISO 3166 alpha-3 code like KAZ")
        for key, allowed_type in (
            ("inception", "organisation"),
            ("dissolution", "organisation"),
            ("headquarters", "organisation"),
        ):
            if key in record.fields and entity_type != allowed_type:
                record.error(key, f"only an {allowed_type} has {key}")
        is_agreement = ENTITY_KINDS[entity_type] == "agreement"
        for key in ("date", "place"):
            if key in record.fields and not is_agreement:
                record.error(key, "only an agreement has a date and a place")
        note, note_translations = self._note(record)
        entity = Entity(
            id=entity_id,
            type=entity_type,
            labels=labels,
            alt_labels=alt_labels,
            location=record.location,
            wikidata=wikidata,
            iso3=iso3,
            note=note,
            note_translations=note_translations,
            inception=record.date("inception"),
            dissolution=record.date("dissolution"),
            headquarters=record.ref("headquarters"),
            date=record.date("date"),
            place=record.ref("place"),
            evidence=self._evidence(record, required=False),
        )
        if entity.inception and entity.dissolution and entity.dissolution < entity.inception:
            record.error(
                "dissolution",
                f"{entity.dissolution} is before the inception {entity.inception}",
            )
        previous = self.facts.entities.get(entity_id)
        if previous is not None:
            record.error("id", f"{entity_id!r} is defined twice (first at {previous.location})")
            return
        self.facts.entities[entity_id] = entity

    def _labels(self, record: Record) -> dict[str, str]:
        node = record.node("label", required=True)
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            record.error("label", "expected labels by language, like {en: ..., kk: ..., ru: ...}")
            return {}
        return _texts_by_language(record, "label", node)

    def _note(self, record: Record, key: str = "note") -> tuple[str | None, dict[str, str]]:
        """A note as plain text (English) or by language ``{en: ..., kk: ..., ru: ...}``:
        the English one and the others."""
        node = record.node(key, required=False)
        if node is None:
            return None, {}
        if not isinstance(node, yaml.MappingNode):
            return record.text(key), {}
        by_language = _texts_by_language(record, key, node)
        english = by_language.pop("en", None)
        return english, by_language

    def _alt_labels(self, record: Record) -> dict[str, tuple[str, ...]]:
        node = record.node("alt", required=False)
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            record.error("alt", "expected alternative names by language, like {kk: [ТМД]}")
            return {}
        alt: dict[str, tuple[str, ...]] = {}
        for key_node, value_node in node.value:
            language = str(key_node.value)
            items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            names = [str(item.value).strip() for item in items if isinstance(item, yaml.ScalarNode)]
            if not LANGUAGE.match(language):
                record.error(f"alt.{language}", "is not a language code like en, kk, ru")
            elif len(names) != len(items) or not all(names):
                record.error(f"alt.{language}", "expected a list of names", value_node)
            else:
                alt[language] = tuple(names)
        return alt

    # -- relations

    def _relation_common(self, record: Record) -> dict:
        rank = record.choice("rank", RANKS, default="normal")
        note, note_translations = self._note(record)
        if rank == "deprecated" and note is None and not _given(record, "note"):
            record.error("note", "a deprecated claim needs a note saying why it is judged wrong")
        return {
            "rank": rank,
            "note": note,
            "note_translations": note_translations,
            "evidence": self._evidence(record),
            "location": record.location,
        }

    def _evidence(self, record: Record, required: bool = True) -> tuple[Evidence, ...]:
        node = record.node("evidence", required=required)
        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            record.error("evidence", "expected a list with at least one quote or source", node)
            return ()
        items: list[Evidence] = []
        for index, item_node in enumerate(node.value, start=1):
            kind = f"{record.kind}.evidence[{index}]"
            if not isinstance(item_node, yaml.MappingNode):
                record.reader.errors.append(
                    FactError(
                        Location(record.reader.path, node_line(item_node)),
                        kind,
                        "expected {doc: ..., quote: ...} or {source: ..., citation: ...}",
                    )
                )
                continue
            item = Record(record.reader, item_node, kind, EVIDENCE_FIELDS)
            evidence = self._evidence_item(item)
            if evidence is not None:
                items.append(evidence)
        return tuple(items)

    def _evidence_item(self, item: Record) -> Evidence | None:
        if "doc" in item.fields or "quote" in item.fields:
            for key in ("source", "citation"):
                if key in item.fields:
                    item.error(key, "a quote item takes doc, quote, occurrence and flaw only")
            doc_id = item.text("doc", required=True)
            quote = item.text("quote", required=True)
            occurrence_text = item.text("occurrence")
            occurrence = 1
            if occurrence_text is not None:
                if not occurrence_text.isdigit() or int(occurrence_text) < 1:
                    item.error("occurrence", f"{occurrence_text!r} is not a whole number from 1")
                    return None
                occurrence = int(occurrence_text)
            if doc_id is None or quote is None:
                return None
            if doc_id not in self.documents:
                known = ", ".join(sorted(self.documents))
                item.error("doc", f"{doc_id!r} is not a document of corpus/manifest.yaml ({known})")
                return None
            span, count = find_quote(item.reader.text_of(doc_id), quote, occurrence)
            if span is None:
                if count == 0:
                    item.error("quote", f"{_short(quote)!r} is not in the text of {doc_id}")
                else:
                    item.error(
                        "occurrence",
                        f"the quote occurs {count} time(s) in {doc_id}, not {occurrence}",
                    )
                return None
            return TextEvidence(
                doc=doc_id,
                start=span.start,
                end=span.end,
                exact=span.exact,
                line=span.line,
                language=self.documents[doc_id].language,
                location=item.location,
                flaw=self._flaw(item, span.exact, span.start),
            )
        if "source" in item.fields or "citation" in item.fields:
            if "flaw" in item.fields:
                item.error("flaw", "only a quote from a corpus text can be marked with a flaw")
            source = item.text("source", required=True)
            citation = item.text("citation", required=True)
            if source is not None and not HTTP_IRI.match(source):
                item.error("source", f"{source!r} is not an http(s) IRI")
                return None
            if source is None or citation is None:
                return None
            return ExternalEvidence(source=source, citation=citation, location=item.location)
        item.error("doc", "an evidence item has either doc and quote, or source and citation")
        return None

    def _flaw(self, item: Record, exact: str, start: int) -> EvidenceFlaw | None:
        """The quote's ``flaw: {detail: ..., note: ...}``: the words of the quote the curators
        judge wrong (they must stand in the quote) and why."""
        node = item.node("flaw", required=False)
        if node is None:
            return None
        if not isinstance(node, yaml.MappingNode):
            item.error("flaw", "expected {detail: <words of the quote>, note: <why>}", node)
            return None
        flaw = Record(item.reader, node, f"{item.kind}.flaw", {"detail", "note"})
        detail = flaw.text("detail", required=True)
        note, note_translations = self._note(flaw)
        if note is None and not _given(flaw, "note"):  # else the note's own error says why
            flaw.error("note", "a flaw needs a note (in English) saying what is wrong and why")
        if detail is None or note is None:
            return None
        at = exact.find(detail)
        if at < 0:
            flaw.error("detail", f"{_short(detail)!r} is not part of the quote {_short(exact)!r}")
            return None
        return EvidenceFlaw(
            detail=detail,
            start=start + at,
            end=start + at + len(detail),
            note=note,
            note_translations=note_translations,
            location=flaw.location,
        )

    def _relation_id(self, record: Record, kind: str, derived: str) -> str | None:
        explicit = record.text("id")
        relation_id = explicit or f"{kind}/{derived}"
        if explicit is not None and not (
            RELATION_ID.match(explicit) and explicit.startswith(f"{kind}/")
        ):
            record.error("id", f"{explicit!r} is not an id like {kind}/{derived}")
            return None
        return relation_id

    def _register(self, record: Record, relation_id: str) -> bool:
        previous = self.relation_ids.get(relation_id)
        if previous is not None:
            record.error(
                "id",
                f"{relation_id!r} is already used at {previous}; give this one its own `id:`",
            )
            return False
        self.relation_ids[relation_id] = record.location
        return True

    def _add(self, record: Record, into: list, cls: type, derived: str, **fields: Any) -> None:
        """Register the relation under its explicit or derived id and keep it."""
        kind = cls.__name__.lower()  # the id prefix: membership/..., term/...
        relation_id = self._relation_id(record, kind, derived)
        if relation_id and self._register(record, relation_id):
            into.append(cls(id=relation_id, **fields))

    def _period(
        self, record: Record, start_required: bool
    ) -> tuple[PartialDate | None, PartialDate | None]:
        start = record.date("start", required=start_required)
        end = record.date("end")
        if start and end and end.value <= start.value:
            record.error("end", f"{end} is not after the start {start}")
        return start, end

    def read_membership(self, record: Record) -> None:
        common = self._relation_common(record)
        member = record.ref("member", required=True)
        organisation = record.ref("organisation", required=True)
        role = record.choice("role", ROLES)
        start, end = self._period(record, start_required=True)
        end_cause = record.choice("end_cause", END_CAUSES, default="") or None
        if end_cause and end is None:
            record.error("end_cause", "is given but the membership has no end")
        if member is None or organisation is None or role is None or start is None:
            return
        self._add(
            record,
            self.facts.memberships,
            Membership,
            f"{local_name(member)}-{local_name(organisation)}-{year_text(start)}",
            member=member,
            organisation=organisation,
            role=role,
            start=start,
            end=end,
            end_cause=end_cause,
            **common,
        )

    def read_signing(self, record: Record) -> None:
        common = self._relation_common(record)
        agreement = record.ref("agreement", required=True)
        has_one, has_many = "signatory" in record.fields, "signatories" in record.fields
        if has_one == has_many:
            record.error("signatory", "give either `signatory: <state>` or `signatories: [...]`")
            return
        signatories = (record.ref("signatory", True),) if has_one else record.refs("signatories")
        date = record.date("date", required=True)
        place = record.ref("place")
        representative = record.ref("representative")
        if representative is not None and len(signatories) > 1:
            record.error("representative", "goes with a single `signatory:`, not a list")
        if agreement is None or date is None or not all(signatories):
            return
        # With a list, an explicit id is the stem of each node's id: <id>-<ISO3>.
        stem = self._relation_id(record, "signing", local_name(agreement))
        if stem is None:
            return
        for signatory in filter(None, signatories):  # all of them (checked above)
            explicit_single = has_one and "id" in record.fields
            relation_id = stem if explicit_single else f"{stem}-{local_name(signatory)}"
            if self._register(record, relation_id):
                self.facts.signings.append(
                    Signing(
                        id=relation_id,
                        agreement=agreement,
                        signatory=signatory,
                        date=date,
                        place=place,
                        representative=representative,
                        **common,
                    )
                )

    def read_founding(self, record: Record) -> None:
        common = self._relation_common(record)
        organisation = record.ref("organisation", required=True)
        founders = record.refs("founders", required=True)
        date = record.date("date", required=True)
        agreement = record.ref("agreement")
        place = record.ref("place")
        if organisation is None or not founders or date is None:
            return
        self._add(
            record,
            self.facts.foundings,
            Founding,
            f"{local_name(organisation)}-{year_text(date)}",
            organisation=organisation,
            founders=founders,
            date=date,
            agreement=agreement,
            place=place,
            **common,
        )

    def read_withdrawal(self, record: Record) -> None:
        self._read_party_act(record, Withdrawal, self.facts.withdrawals)

    def read_accession(self, record: Record) -> None:
        self._read_party_act(record, Accession, self.facts.accessions)

    def _read_party_act(self, record: Record, cls: type, into: list) -> None:
        """A withdrawal or an accession: a state and exactly one organisation or agreement."""
        common = self._relation_common(record)
        party = record.ref("party", required=True)
        organisation = record.ref("organisation")
        agreement = record.ref("agreement")
        if (organisation is None) == (agreement is None):
            record.error("organisation", "give either `organisation:` or `agreement:`, not both")
        date = record.date("date", required=True)
        announced = record.date("announced")
        if date and announced and announced.value > date.value:
            record.error("announced", f"{announced} is after the effective date {date}")
        target = organisation or agreement
        if party is None or target is None or date is None:
            return
        self._add(
            record,
            into,
            cls,
            f"{local_name(party)}-{local_name(target)}-{year_text(date)}",
            party=party,
            organisation=organisation,
            agreement=agreement,
            date=date,
            announced=announced,
            **common,
        )

    def read_ratification(self, record: Record) -> None:
        common = self._relation_common(record)
        party = record.ref("party", required=True)
        agreement = record.ref("agreement", required=True)
        date = record.date("date", required=True)
        if party is None or agreement is None or date is None:
            return
        self._add(
            record,
            self.facts.ratifications,
            Ratification,
            f"{local_name(party)}-{local_name(agreement)}",
            party=party,
            agreement=agreement,
            date=date,
            **common,
        )

    def read_succession(self, record: Record) -> None:
        common = self._relation_common(record)
        predecessor = record.ref("predecessor", required=True)
        successor = record.ref("successor", required=True)
        kind = record.choice("kind", SUCCESSION_KINDS)
        date = record.date("date")
        if predecessor is not None and predecessor == successor:
            record.error("successor", "is the same organisation as the predecessor")
            return
        if predecessor is None or successor is None or kind is None:
            return
        self._add(
            record,
            self.facts.successions,
            Succession,
            f"{local_name(predecessor)}-{local_name(successor)}",
            predecessor=predecessor,
            successor=successor,
            kind=kind,
            date=date,
            **common,
        )

    def read_term(self, record: Record) -> None:
        common = self._relation_common(record)
        holder = record.ref("holder", required=True)
        office = record.text("office", required=True)
        of = record.ref("of", required=True)
        start, end = self._period(record, start_required=False)
        if holder is None or office is None or of is None:
            return
        self._add(
            record,
            self.facts.terms,
            Term,
            f"{local_name(holder)}-{local_name(of)}-{year_text(start)}",
            holder=holder,
            office=office,
            of=of,
            start=start,
            end=end,
            **common,
        )

    def read_statehood(self, record: Record) -> None:
        common = self._relation_common(record)
        state = record.ref("state", required=True)
        start, end = self._period(record, start_required=True)
        if state is None or start is None:
            return
        explicit = record.text("id")
        if explicit is not None and _WORLD_STATEHOOD_ID.match(explicit):
            # kg.build.world names COW's spells statehood/<state>-<YYYY-MM-DD>: a curated node
            # of that name would merge with COW's into one node with two starts.
            record.error(
                "id",
                f"{explicit!r} has the form of the world layer's statehood ids "
                "(statehood/<state>-<YYYY-MM-DD>); curated ones are statehood/<state>-<year> "
                "or any other form",
            )
            return
        self._add(
            record,
            self.facts.statehoods,
            Statehood,
            f"{local_name(state)}-{year_text(start)}",
            state=state,
            start=start,
            end=end,
            **common,
        )


def _given(record: Record, key: str) -> bool:
    """Whether ``key`` has a value (right or wrong: its own errors are reported where read)."""
    return key in record.fields and not is_null(record.fields[key])


def _texts_by_language(record: Record, key: str, node: yaml.MappingNode) -> dict[str, str]:
    """``{en: ..., kk: ..., ru: ...}`` read into a dictionary; English is required."""
    texts: dict[str, str] = {}
    for key_node, value_node in node.value:
        language = str(key_node.value)
        if not LANGUAGE.match(language):
            record.error(f"{key}.{language}", "is not a language code like en, kk, ru")
        elif not isinstance(value_node, yaml.ScalarNode) or not str(value_node.value).strip():
            record.error(f"{key}.{language}", "expected a non-empty text", value_node)
        else:
            texts[language] = str(value_node.value).strip()
    if "en" not in texts:
        noun = "label" if key == "label" else "text"
        record.error(f"{key}.en", f"an English {noun} is required", node)
    return texts


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fact_files(facts_dir: Path) -> list[Path]:
    """The fact files of a folder, in a stable order."""
    return sorted(facts_dir.glob("*.yaml"))


def load_facts(facts_dir: Path, corpus_dir: Path) -> FactBase:
    """Load and check every ``*.yaml`` in ``facts_dir``; raise ``FactErrors`` listing all problems.

    Evidence quotes are looked up in the normalised texts of ``corpus_dir`` (its manifest and
    ``texts/``) and anchored to character offsets.
    """
    try:
        documents = load_manifest(corpus_dir)
    except CorpusError as err:
        location = Location(corpus_dir / "manifest.yaml", 1)
        raise FactErrors([FactError(location, "manifest", str(err))]) from err
    loader = _Loader(documents)
    files = fact_files(facts_dir)
    if not files:
        raise FactErrors([FactError(Location(facts_dir, 0), "facts", "no *.yaml fact files here")])
    for path in files:
        loader.read_file(path)
    loader.errors += reference_errors(loader.facts, loader.readers)
    loader.errors += alt_label_errors(loader.facts)
    loader.errors += statehood_overlap_errors(loader.facts)
    if loader.errors:
        loader.errors.sort(key=lambda error: (str(error.location.path), error.location.line))
        raise FactErrors(loader.errors)
    return loader.facts
