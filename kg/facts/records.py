"""The typed records the fact files are read into: entities, relations, evidence, errors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from kg.corpus.texts import Document
from kg.dates import PartialDate
from kg.vocab import ENTITY_KINDS

__all__ = [
    "ENTITY_ID",
    "ISO3",
    "KIND_NAMES",
    "LANGUAGE",
    "RELATION_ID",
    "WIKIDATA_ID",
    "Accession",
    "Entity",
    "Evidence",
    "ExternalEvidence",
    "FactBase",
    "FactError",
    "FactErrors",
    "Founding",
    "Location",
    "Membership",
    "PartyAct",
    "Rank",
    "Ratification",
    "Relation",
    "Signing",
    "Statehood",
    "Succession",
    "Term",
    "TextEvidence",
    "Withdrawal",
]

Rank = Literal["preferred", "normal", "deprecated"]
KIND_NAMES = {
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
class EvidenceFlaw:
    """A detail of a quote the curators judge wrong, though the quote supports its claim.

    ``detail`` is the words of the quote at fault, found at ``start``..``end`` of the same text
    (inside the quote's span); ``note`` says why, in English, with ``note_translations`` by
    language (kk, ru).
    """

    detail: str
    start: int
    end: int
    note: str
    note_translations: dict[str, str]
    location: Location


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
    flaw: EvidenceFlaw | None = field(default=None, compare=False)


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
    note_translations: dict[str, str] = field(default_factory=dict)
    inception: PartialDate | None = None
    dissolution: PartialDate | None = None
    headquarters: str | None = None
    date: PartialDate | None = None
    place: str | None = None
    evidence: tuple[Evidence, ...] = ()

    @property
    def kind(self) -> str:
        return ENTITY_KINDS[self.type]


@dataclass(frozen=True)
class Relation:
    """A curated claim. ``note`` is the curators' note in English (``note_translations`` has it
    in other languages, by code)."""

    id: str
    rank: Rank
    note: str | None
    evidence: tuple[Evidence, ...]
    location: Location
    note_translations: dict[str, str] = field(default_factory=dict, compare=False)


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


@dataclass(frozen=True)
class Statehood(Relation):
    """A spell of a state's independence as the curators date it: from the day its act of
    independence (or, for the USSR, of union) took effect, to the first day it was no longer a
    state (``None``: still one). corpus/facts/README.md says what the dates mean."""

    state: str = ""
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
    statehoods: list[Statehood] = field(default_factory=list)
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
        yield from self.statehoods
