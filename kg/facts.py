"""Curated facts: YAML files in ``corpus/facts/`` loaded into typed, checked records.

The format is described for curators in ``corpus/facts/README.md``. Loading happens before any
RDF is made and reports every problem at once, each naming the file, line and field::

    corpus/facts/cis.yaml:42: membership.start: '1993-13' is not a date (YYYY, ...)

>>> from pathlib import Path
>>> facts = load_facts(Path("corpus/facts"), Path("corpus"))
>>> facts.entities["state/KAZ"].labels["kk"]
'Қазақстан'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Literal

import yaml

from kg.corpus import CorpusError, Document, find_quote, load_manifest
from kg.dates import PartialDate, parse_partial_date

Rank = Literal["preferred", "normal", "deprecated"]
RANKS = ("preferred", "normal", "deprecated")
SUCCESSION_KINDS = ("renamed", "merged", "replaced")
ROLES = ("full", "associate", "observer")
END_CAUSES = ("withdrawal", "suspension", "dissolution")

# Entity type -> the kind that starts its id (``treaty`` ids are ``agreement/...``).
ENTITY_TYPES: dict[str, str] = {
    "state": "state",
    "organisation": "org",
    "agreement": "agreement",
    "treaty": "agreement",
    "declaration": "agreement",
    "protocol": "agreement",
    "charter": "agreement",
    "person": "person",
    "place": "place",
    "event": "event",
}
_KIND_NAMES = {
    "state": "a state",
    "org": "an organisation",
    "agreement": "an agreement",
    "person": "a person",
    "place": "a place",
    "event": "an event",
}
ENTITY_ID = re.compile(r"^(state|org|agreement|person|place|event)/[A-Za-z0-9][A-Za-z0-9._-]*$")
RELATION_ID = re.compile(r"^[a-z]+/[A-Za-z0-9][A-Za-z0-9._-]*$")
WIKIDATA_ID = re.compile(r"^Q[1-9][0-9]*$")
ISO3 = re.compile(r"^[A-Z]{3}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Location:
    """Where a record or a field was written: file and 1-based line."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class FactError:
    location: Location
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.field}: {self.message}"


class FactErrors(ValueError):
    """The facts have problems; ``errors`` lists every one of them, in file order."""

    def __init__(self, errors: list[FactError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


@dataclass(frozen=True)
class TextEvidence:
    """A quote from a corpus text, anchored by the loader to character offsets."""

    doc: str
    start: int
    end: int
    exact: str
    line: int
    language: str
    location: Location


@dataclass(frozen=True)
class ExternalEvidence:
    source: str
    citation: str
    location: Location


Evidence = TextEvidence | ExternalEvidence


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    labels: dict[str, str]
    alt_labels: dict[str, tuple[str, ...]]
    location: Location
    wikidata: str | None = None
    iso3: str | None = None
    note: str | None = None
    inception: PartialDate | None = None
    dissolution: PartialDate | None = None
    headquarters: str | None = None
    date: PartialDate | None = None
    place: str | None = None
    evidence: tuple[Evidence, ...] = ()

    @property
    def kind(self) -> str:
        return ENTITY_TYPES[self.type]


@dataclass(frozen=True)
class Relation:
    id: str
    rank: Rank
    note: str | None
    evidence: tuple[Evidence, ...]
    location: Location


@dataclass(frozen=True)
class Membership(Relation):
    member: str = ""
    organisation: str = ""
    role: str = "full"
    start: PartialDate | None = None
    end: PartialDate | None = None
    end_cause: str | None = None


@dataclass(frozen=True)
class Signing(Relation):
    agreement: str = ""
    signatory: str = ""
    date: PartialDate | None = None
    place: str | None = None
    representative: str | None = None


@dataclass(frozen=True)
class Founding(Relation):
    organisation: str = ""
    founders: tuple[str, ...] = ()
    date: PartialDate | None = None
    agreement: str | None = None
    place: str | None = None


@dataclass(frozen=True)
class PartyAct(Relation):
    """A state's act towards exactly one organisation or agreement, effective on ``date``."""

    party: str = ""
    organisation: str | None = None
    agreement: str | None = None
    date: PartialDate | None = None
    announced: PartialDate | None = None


@dataclass(frozen=True)
class Withdrawal(PartyAct):
    pass


@dataclass(frozen=True)
class Ratification(Relation):
    party: str = ""
    agreement: str = ""
    date: PartialDate | None = None


@dataclass(frozen=True)
class Accession(PartyAct):
    pass


@dataclass(frozen=True)
class Succession(Relation):
    predecessor: str = ""
    successor: str = ""
    kind: str = "renamed"
    date: PartialDate | None = None


@dataclass(frozen=True)
class Term(Relation):
    """A person's term in an office of a state or an organisation."""

    holder: str = ""
    office: str = ""
    of: str = ""
    start: PartialDate | None = None
    end: PartialDate | None = None


@dataclass
class FactBase:
    """Everything curated: entities by id and the relations, in file order."""

    entities: dict[str, Entity] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    signings: list[Signing] = field(default_factory=list)
    foundings: list[Founding] = field(default_factory=list)
    withdrawals: list[Withdrawal] = field(default_factory=list)
    ratifications: list[Ratification] = field(default_factory=list)
    accessions: list[Accession] = field(default_factory=list)
    successions: list[Succession] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)

    def relations(self) -> Iterator[Relation]:
        yield from self.memberships
        yield from self.signings
        yield from self.foundings
        yield from self.withdrawals
        yield from self.ratifications
        yield from self.accessions
        yield from self.successions
        yield from self.terms


# --------------------------------------------------------------------------- YAML reading


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


class _Record:
    """One YAML mapping being read, with errors reported against its file and lines."""

    def __init__(self, reader: _FileReader, node: yaml.MappingNode, kind: str, allowed: set[str]):
        self.reader = reader
        self.kind = kind
        self.line = _line(node)
        self.fields: dict[str, yaml.Node] = {}
        self.key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in self.fields:
                self.error(key, f"given twice (first on line {self.key_lines[key]})", key_node)
                continue
            if key not in allowed:
                expected = ", ".join(sorted(allowed))
                self.error(key, f"unknown field (expected one of: {expected})", key_node)
                continue
            self.fields[key] = value_node
            self.key_lines[key] = _line(key_node)

    @property
    def location(self) -> Location:
        return Location(self.reader.path, self.line)

    def at(self, key: str) -> Location:
        return Location(self.reader.path, self.key_lines.get(key, self.line))

    def error(self, key: str, message: str, node: yaml.Node | None = None) -> None:
        line = _line(node) if node is not None else self.key_lines.get(key, self.line)
        self.reader.errors.append(
            FactError(Location(self.reader.path, line), f"{self.kind}.{key}", message)
        )

    def node(self, key: str, required: bool) -> yaml.Node | None:
        node = self.fields.get(key)
        if node is None or _is_null(node):
            if required:
                self.error(key, "is required")
            return None
        return node

    def text(self, key: str, required: bool = False) -> str | None:
        node = self.node(key, required)
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            self.error(key, "expected a non-empty text value", node)
            return None
        return str(node.value).strip()

    def choice(self, key: str, choices: Iterable[str], default: str | None = None) -> str | None:
        value = self.text(key, required=default is None)
        if value is None:
            return default
        choices = tuple(choices)
        if value not in choices:
            self.error(key, f"{value!r} is not one of: {', '.join(choices)}")
            return default
        return value

    def date(self, key: str, required: bool = False) -> PartialDate | None:
        value = self.text(key, required)
        if value is None:
            return None
        try:
            return parse_partial_date(value)
        except ValueError as err:
            self.error(key, str(err))
            return None

    def ref(self, key: str, required: bool = False) -> str | None:
        value = self.text(key, required)
        if value is not None:
            self.reader.references.append((self, key, value, self.key_lines[key]))
        return value

    def refs(self, key: str, required: bool = False) -> tuple[str, ...]:
        node = self.node(key, required)
        if node is None:
            return ()
        items = node.value if isinstance(node, yaml.SequenceNode) else None
        if not items or not all(isinstance(item, yaml.ScalarNode) for item in items):
            self.error(key, "expected a non-empty list of ids, like [state/BLR, state/RUS]", node)
            return ()
        values = tuple(str(item.value).strip() for item in items)
        for item, value in zip(items, values, strict=True):
            self.reader.references.append((self, key, value, _line(item)))
        if len(set(values)) != len(values):
            self.error(key, "lists the same id twice", node)
        return values


@dataclass
class _FileReader:
    path: Path
    documents: dict[str, Document]
    errors: list[FactError]
    # (record, field, referenced id, line): checked once every file has been read
    references: list[tuple[_Record, str, str, int]] = field(default_factory=list)
    _texts: dict[str, str] = field(default_factory=dict)

    def text_of(self, doc_id: str) -> str:
        if doc_id not in self._texts:
            self._texts[doc_id] = self.documents[doc_id].text()
        return self._texts[doc_id]


_ENTITY_FIELDS = {
    "id", "type", "label", "alt", "wikidata", "iso3", "note",
    "inception", "dissolution", "headquarters", "date", "place", "evidence",
}  # fmt: skip
_RELATION_FIELDS = {"id", "rank", "note", "evidence"}
_SECTION_FIELDS = {
    "memberships": _RELATION_FIELDS
    | {"member", "organisation", "role", "start", "end", "end_cause"},
    "signings": _RELATION_FIELDS
    | {"agreement", "signatory", "signatories", "date", "place", "representative"},
    "foundings": _RELATION_FIELDS | {"organisation", "founders", "date", "agreement", "place"},
    "withdrawals": _RELATION_FIELDS | {"party", "organisation", "agreement", "date", "announced"},
    "ratifications": _RELATION_FIELDS | {"party", "agreement", "date"},
    "accessions": _RELATION_FIELDS | {"party", "organisation", "agreement", "date", "announced"},
    "successions": _RELATION_FIELDS | {"predecessor", "successor", "kind", "date"},
    "terms": _RELATION_FIELDS | {"holder", "office", "of", "start", "end"},
}
SECTIONS = ("entities", *_SECTION_FIELDS)
_EVIDENCE_FIELDS = {"doc", "quote", "occurrence", "source", "citation"}


def _local(entity_id: str) -> str:
    """The part of an id after its kind: ``GEO`` for ``state/GEO``."""
    return entity_id.split("/", 1)[-1]


def _year(value: PartialDate | None) -> str:
    return f"{value.value.year:04d}" if value else "undated"


class _Loader:
    def __init__(self, documents: dict[str, Document]):
        self.documents = documents
        self.errors: list[FactError] = []
        self.facts = FactBase(documents=documents)
        self.readers: list[_FileReader] = []
        self.relation_ids: dict[str, Location] = {}

    # -- files and sections

    def read_file(self, path: Path) -> None:
        reader = _FileReader(path, self.documents, self.errors)
        self.readers.append(reader)
        try:
            root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            line = mark.line + 1 if mark else 1
            problem = " ".join(filter(None, [err.context, err.problem]))
            self.errors.append(
                FactError(Location(path, line), "yaml", f"not valid YAML: {problem}")
            )
            return
        except (OSError, UnicodeDecodeError) as err:
            self.errors.append(FactError(Location(path, 1), "file", f"cannot be read: {err}"))
            return
        if root is None:
            return
        if not isinstance(root, yaml.MappingNode):
            self.errors.append(
                FactError(
                    Location(path, _line(root)),
                    "file",
                    f"expected a mapping with the lists {', '.join(SECTIONS)}",
                )
            )
            return
        for key_node, value_node in root.value:
            section = str(key_node.value)
            if section not in SECTIONS:
                self.errors.append(
                    FactError(
                        Location(path, _line(key_node)),
                        section,
                        f"unknown section (expected one of: {', '.join(SECTIONS)})",
                    )
                )
                continue
            if _is_null(value_node):
                continue
            if not isinstance(value_node, yaml.SequenceNode):
                self.errors.append(
                    FactError(Location(path, _line(value_node)), section, "expected a list")
                )
                continue
            kind = "entity" if section == "entities" else section[:-1]
            allowed = _ENTITY_FIELDS if section == "entities" else _SECTION_FIELDS[section]
            for item in value_node.value:
                if not isinstance(item, yaml.MappingNode):
                    self.errors.append(
                        FactError(
                            Location(path, _line(item)), kind, "expected a mapping (key: value)"
                        )
                    )
                    continue
                record = _Record(reader, item, kind, allowed)
                getattr(self, f"read_{kind}")(record)

    # -- entities

    def read_entity(self, record: _Record) -> None:
        entity_id = record.text("id", required=True)
        entity_type = record.choice("type", ENTITY_TYPES)
        if entity_id is None or entity_type is None:
            return
        if not ENTITY_ID.match(entity_id):
            record.error("id", f"{entity_id!r} is not an id like state/KAZ or org/cis")
            return
        kind = entity_id.split("/", 1)[0]
        if ENTITY_TYPES[entity_type] != kind:
            record.error(
                "id",
                f"{entity_id!r}: an entity of type {entity_type} has an id starting "
                f"'{ENTITY_TYPES[entity_type]}/'",
            )
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
        is_agreement = ENTITY_TYPES[entity_type] == "agreement"
        for key in ("date", "place"):
            if key in record.fields and not is_agreement:
                record.error(key, "only an agreement has a date and a place")
        entity = Entity(
            id=entity_id,
            type=entity_type,
            labels=labels,
            alt_labels=alt_labels,
            location=record.location,
            wikidata=wikidata,
            iso3=iso3,
            note=record.text("note"),
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

    def _labels(self, record: _Record) -> dict[str, str]:
        node = record.node("label", required=True)
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            record.error("label", "expected labels by language, like {en: ..., kk: ..., ru: ...}")
            return {}
        labels: dict[str, str] = {}
        for key_node, value_node in node.value:
            language = str(key_node.value)
            if not LANGUAGE.match(language):
                record.error(f"label.{language}", "is not a language code like en, kk, ru")
            elif not isinstance(value_node, yaml.ScalarNode) or not str(value_node.value).strip():
                record.error(f"label.{language}", "expected a non-empty text", value_node)
            else:
                labels[language] = str(value_node.value).strip()
        if "en" not in labels:
            record.error("label.en", "an English label is required", node)
        return labels

    def _alt_labels(self, record: _Record) -> dict[str, tuple[str, ...]]:
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

    def _relation_common(self, record: _Record) -> dict:
        rank = record.choice("rank", RANKS, default="normal")
        note = record.text("note")
        if rank == "deprecated" and note is None:
            record.error("note", "a deprecated claim needs a note saying why it is judged wrong")
        return {
            "rank": rank,
            "note": note,
            "evidence": self._evidence(record),
            "location": record.location,
        }

    def _evidence(self, record: _Record, required: bool = True) -> tuple[Evidence, ...]:
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
                        Location(record.reader.path, _line(item_node)),
                        kind,
                        "expected {doc: ..., quote: ...} or {source: ..., citation: ...}",
                    )
                )
                continue
            item = _Record(record.reader, item_node, kind, _EVIDENCE_FIELDS)
            evidence = self._evidence_item(item)
            if evidence is not None:
                items.append(evidence)
        return tuple(items)

    def _evidence_item(self, item: _Record) -> Evidence | None:
        if "doc" in item.fields or "quote" in item.fields:
            for key in ("source", "citation"):
                if key in item.fields:
                    item.error(key, "a quote item takes doc, quote and occurrence only")
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
            )
        if "source" in item.fields or "citation" in item.fields:
            source = item.text("source", required=True)
            citation = item.text("citation", required=True)
            if source is not None and not IRI.match(source):
                item.error("source", f"{source!r} is not an http(s) IRI")
                return None
            if source is None or citation is None:
                return None
            return ExternalEvidence(source=source, citation=citation, location=item.location)
        item.error("doc", "an evidence item has either doc and quote, or source and citation")
        return None

    def _relation_id(self, record: _Record, kind: str, derived: str) -> str | None:
        explicit = record.text("id")
        relation_id = explicit or f"{kind}/{derived}"
        if explicit is not None and not (
            RELATION_ID.match(explicit) and explicit.startswith(f"{kind}/")
        ):
            record.error("id", f"{explicit!r} is not an id like {kind}/{derived}")
            return None
        return relation_id

    def _register(self, record: _Record, relation_id: str) -> bool:
        previous = self.relation_ids.get(relation_id)
        if previous is not None:
            record.error(
                "id",
                f"{relation_id!r} is already used at {previous}; give this one its own `id:`",
            )
            return False
        self.relation_ids[relation_id] = record.location
        return True

    def _add(self, record: _Record, into: list, cls: type, derived: str, **fields) -> None:
        """Register the relation under its explicit or derived id and keep it."""
        kind = cls.__name__.lower()  # the id prefix: membership/..., term/...
        relation_id = self._relation_id(record, kind, derived)
        if relation_id and self._register(record, relation_id):
            into.append(cls(id=relation_id, **fields))

    def _period(self, record: _Record, start_required: bool):
        start = record.date("start", required=start_required)
        end = record.date("end")
        if start and end and end.value <= start.value:
            record.error("end", f"{end} is not after the start {start}")
        return start, end

    def read_membership(self, record: _Record) -> None:
        common = self._relation_common(record)
        member = record.ref("member", required=True)
        organisation = record.ref("organisation", required=True)
        role = record.choice("role", ROLES)
        start, end = self._period(record, start_required=True)
        end_cause = record.choice("end_cause", END_CAUSES, default="") or None
        if end_cause and end is None:
            record.error("end_cause", "is given but the membership has no end")
        if None in (member, organisation, role, start):
            return
        self._add(
            record,
            self.facts.memberships,
            Membership,
            f"{_local(member)}-{_local(organisation)}-{_year(start)}",
            member=member,
            organisation=organisation,
            role=role,
            start=start,
            end=end,
            end_cause=end_cause,
            **common,
        )

    def read_signing(self, record: _Record) -> None:
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
        stem = self._relation_id(record, "signing", _local(agreement))
        if stem is None:
            return
        for signatory in signatories:
            explicit_single = has_one and "id" in record.fields
            relation_id = stem if explicit_single else f"{stem}-{_local(signatory)}"
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

    def read_founding(self, record: _Record) -> None:
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
            f"{_local(organisation)}-{_year(date)}",
            organisation=organisation,
            founders=founders,
            date=date,
            agreement=agreement,
            place=place,
            **common,
        )

    def read_withdrawal(self, record: _Record) -> None:
        self._read_party_act(record, Withdrawal, self.facts.withdrawals)

    def read_accession(self, record: _Record) -> None:
        self._read_party_act(record, Accession, self.facts.accessions)

    def _read_party_act(self, record: _Record, cls: type, into: list) -> None:
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
            f"{_local(party)}-{_local(target)}-{_year(date)}",
            party=party,
            organisation=organisation,
            agreement=agreement,
            date=date,
            announced=announced,
            **common,
        )

    def read_ratification(self, record: _Record) -> None:
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
            f"{_local(party)}-{_local(agreement)}",
            party=party,
            agreement=agreement,
            date=date,
            **common,
        )

    def read_succession(self, record: _Record) -> None:
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
            f"{_local(predecessor)}-{_local(successor)}",
            predecessor=predecessor,
            successor=successor,
            kind=kind,
            date=date,
            **common,
        )

    def read_term(self, record: _Record) -> None:
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
            f"{_local(holder)}-{_local(of)}-{_year(start)}",
            holder=holder,
            office=office,
            of=of,
            start=start,
            end=end,
            **common,
        )

    # -- references, once every file is read

    _EXPECTED_KINDS: ClassVar[dict[str, tuple[str, ...]]] = {
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
    }

    def check_alt_labels(self) -> None:
        """An alternative name must not be another entity's label in the same language.

        The usual cause is an unquoted comma in a flow list: ``kk: [Беларусь, Ресей және ...]``
        makes "Беларусь" a name of the wrong entity. Shared abbreviations (a treaty and its
        alliance both called ДКБ) are alternative names of both and stay allowed.
        """
        labelled = {
            (language, label): entity.id
            for entity in self.facts.entities.values()
            for language, label in entity.labels.items()
        }
        for entity in self.facts.entities.values():
            for language, names in entity.alt_labels.items():
                for name in names:
                    owner = labelled.get((language, name))
                    if owner is not None and owner != entity.id:
                        self.errors.append(
                            FactError(
                                entity.location,
                                f"entity.alt.{language}",
                                f"{name!r} is the label of {owner}; if a name in the list has "
                                'a comma, quote it: ["A, B and C"]',
                            )
                        )

    def check_references(self) -> None:
        for reader in self.readers:
            for record, key, value, line in reader.references:
                expected = self._EXPECTED_KINDS[key]
                entity = self.facts.entities.get(value)
                location = Location(reader.path, line)
                field_name = f"{record.kind}.{key}"
                if entity is None:
                    hint = "" if ENTITY_ID.match(value) else " (ids look like state/KAZ, org/cis)"
                    self.errors.append(
                        FactError(location, field_name, f"unknown id {value!r}{hint}")
                    )
                elif entity.kind not in expected:
                    wanted = " or ".join(_KIND_NAMES[kind] for kind in expected)
                    self.errors.append(
                        FactError(
                            location,
                            field_name,
                            f"{value!r} is {_KIND_NAMES[entity.kind]}, expected {wanted}",
                        )
                    )


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
    loader.check_references()
    loader.check_alt_labels()
    if loader.errors:
        loader.errors.sort(key=lambda error: (str(error.location.path), error.location.line))
        raise FactErrors(loader.errors)
    return loader.facts
