"""Reading YAML nodes into records, with every error placed at its file and line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.corpus.texts import Document
from kg.dates import PartialDate, parse_partial_date
from kg.facts.records import FactError, Location

__all__ = [
    "ENTITY_FIELDS",
    "EVIDENCE_FIELDS",
    "SECTIONS",
    "SECTION_FIELDS",
    "FileReader",
    "Record",
    "is_null",
    "local_name",
    "node_line",
    "year_text",
]

# --------------------------------------------------------------------------- YAML reading


def node_line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


class Record:
    """One YAML mapping being read, with errors reported against its file and lines."""

    def __init__(self, reader: FileReader, node: yaml.MappingNode, kind: str, allowed: set[str]):
        self.reader = reader
        self.kind = kind
        self.line = node_line(node)
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
            self.key_lines[key] = node_line(key_node)

    @property
    def location(self) -> Location:
        return Location(self.reader.path, self.line)

    def at(self, key: str) -> Location:
        return Location(self.reader.path, self.key_lines.get(key, self.line))

    def error(self, key: str, message: str, node: yaml.Node | None = None) -> None:
        line = node_line(node) if node is not None else self.key_lines.get(key, self.line)
        self.reader.errors.append(
            FactError(Location(self.reader.path, line), f"{self.kind}.{key}", message)
        )

    def node(self, key: str, required: bool) -> yaml.Node | None:
        node = self.fields.get(key)
        if node is None or is_null(node):
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
            self.reader.references.append((self, key, value, node_line(item)))
        if len(set(values)) != len(values):
            self.error(key, "lists the same id twice", node)
        return values


@dataclass
class FileReader:
    path: Path
    documents: dict[str, Document]
    errors: list[FactError]
    # (record, field, referenced id, line): checked once every file has been read
    references: list[tuple[Record, str, str, int]] = field(default_factory=list)
    _texts: dict[str, str] = field(default_factory=dict)

    def text_of(self, doc_id: str) -> str:
        if doc_id not in self._texts:
            self._texts[doc_id] = self.documents[doc_id].text()
        return self._texts[doc_id]


ENTITY_FIELDS = {
    "id", "type", "label", "alt", "wikidata", "iso3", "note",
    "inception", "dissolution", "headquarters", "date", "place", "evidence",
}  # fmt: skip
_RELATION_FIELDS = {"id", "rank", "note", "evidence"}
SECTION_FIELDS = {
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
    "statehoods": _RELATION_FIELDS | {"state", "start", "end"},
}
SECTIONS = ("entities", *SECTION_FIELDS)
EVIDENCE_FIELDS = {"doc", "quote", "occurrence", "source", "citation"}


def local_name(entity_id: str) -> str:
    """The part of an id after its kind: ``GEO`` for ``state/GEO``."""
    return entity_id.split("/", 1)[-1]


def year_text(value: PartialDate | None) -> str:
    return f"{value.value.year:04d}" if value else "undated"
