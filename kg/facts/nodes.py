"""Reading YAML nodes into records, with every error placed at its file and line."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.corpus.texts import Document
from kg.dates import PartialDate, parse_partial_date
from kg.facts.records import FactError, Location

__all__ = [
    "ENTITY_FIELDS",
    "EVIDENCE_FIELDS",
    "MAX_FILE_BYTES",
    "MAX_NESTING",
    "SECTIONS",
    "SECTION_FIELDS",
    "FileReader",
    "Record",
    "compose_file",
    "did_you_mean",
    "escape_forbidden",
    "file_records",
    "forbidden_characters",
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


# --------------------------------------------------------------------------- limits

MAX_FILE_BYTES = 1 << 20
"""The largest facts file read (1 MiB; the largest today is 80 KB): split a topic past it."""
MAX_NESTING = 64
"""How deep collections may nest (a facts file needs six levels: file, section, record,
evidence list, evidence item, value)."""

# Refused in every key and value: the C0 controls but tab and line feed, DEL, the C1 controls,
# and the bidirectional embeddings, overrides and isolates, which reorder what a terminal or a
# page shows (a label that reads one way and is stored another).
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def forbidden_characters(text: str) -> list[str]:
    """The control and bidirectional-override characters of ``text``, each once, in order."""
    return list(dict.fromkeys(_FORBIDDEN.findall(text)))


def escape_forbidden(text: str) -> str:
    r"""``text`` with its forbidden characters written as escapes (``\x1b``), never raw: what a
    message may quote of a value.

    >>> escape_forbidden("a\x1b[31mb\u202e")
    'a\\x1b[31mb\\u202e'
    """
    return _FORBIDDEN.sub(lambda found: _escape(found.group()), text)


def _escape(char: str) -> str:
    return char.encode("unicode_escape").decode("ascii")


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"{_escape(char)} (U+{ord(char):04X}{' ' + name if name else ''})"


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """`` (did you mean X?)`` for the closest of ``known`` to a misspelt ``value``, or ``""``.

    >>> did_you_mean("organization", ["state", "organisation"])
    ' (did you mean organisation?)'
    """
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.75)
    return f" (did you mean {close[0]}?)" if close else ""


# What PyYAML's reader would refuse in the whole file, but the parsed values are checked for.
_LET_THROUGH = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


class _FactsYAML(yaml.SafeLoader):
    """PyYAML's safe loader with a nesting limit, letting control characters through to the
    parsed values (where ``clean_tree`` refuses them with their field) rather than refusing the
    whole file at the reader. NUL stays refused by the reader: it ends PyYAML's stream."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.depth = 0

    def check_printable(self, data: str) -> None:
        super().check_printable(_LET_THROUGH.sub(" ", data))  # one for one: positions hold

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        # PyYAML composes recursively: counting here stops "[" * 100000 long before Python's
        # recursion limit would, with the line of the collection one level too deep.
        self.depth += 1
        try:
            if self.depth > MAX_NESTING:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"collections nested deeper than {MAX_NESTING} levels",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def compose_file(path: Path, errors: list[FactError]) -> yaml.Node | None:
    """The YAML node tree of a facts file, its forbidden characters refused (``clean_tree``);
    None for an empty file, or with the problem appended to ``errors``: a file over
    ``MAX_FILE_BYTES`` (checked before reading it all), not UTF-8, not YAML, nested deeper than
    ``MAX_NESTING``. An unclosed quote is reported on the line where it opens."""

    def refuse(line: int, field_name: str, message: str) -> None:
        errors.append(FactError(Location(path, line), field_name, message))

    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        refuse(1, "file", f"cannot be read: {err.strerror or err}")
        return None
    if len(data) > MAX_FILE_BYTES:
        refuse(
            1,
            "file",
            f"larger than {MAX_FILE_BYTES:,} bytes, the limit for a facts file; split it by topic",
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        refuse(line, "file", f"cannot be read: not UTF-8 (byte {data[err.start]:#04x})")
        return None
    try:
        root = yaml.compose(text, Loader=_FactsYAML)
    except yaml.reader.ReaderError as err:
        line = text.count("\n", 0, err.position) + 1
        refuse(line, "yaml", f"the character {_describe(chr(err.character))} is not allowed")
        return None
    except yaml.MarkedYAMLError as err:
        refuse(*_yaml_problem(err, text))
        return None
    if root is not None:
        clean_tree(root, path, errors)
    return root


def _yaml_problem(err: yaml.MarkedYAMLError, text: str) -> tuple[int, str, str]:
    """(line, field, message) for a YAML error: an unclosed quote at the line where it opens."""
    problem = escape_forbidden(err.problem or "")
    context = escape_forbidden(err.context or "")
    opening = err.context_mark
    if "quoted scalar" in context and opening is not None:
        if "end of stream" in problem or "document separator" in problem:
            return opening.line + 1, "yaml", "unclosed quote that opens here"
    mark = err.problem_mark or opening
    line = mark.line + 1 if mark else 1
    if isinstance(err, yaml.parser.ParserError) and mark is not None:
        # A quote closed by the next quote of the file: the YAML breaks on that line.
        start = _quote_running_to(text, mark.line)
        if start is not None:
            return (
                start + 1,
                "yaml",
                f"the quote that opens here runs on to line {line}, where the YAML breaks "
                f"({problem}): is it closed where it should be?",
            )
    return line, "yaml", "not valid YAML: " + " ".join(filter(None, [context, problem]))


def _quote_running_to(text: str, line: int) -> int | None:
    """The (0-based) line of a quoted scalar that starts on an earlier line and ends on
    ``line``, if the tokens before the error hold one."""
    found = None
    try:
        for token in yaml.scan(text, Loader=_FactsYAML):
            if token.start_mark.line > line:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.start_mark.line < line == token.end_mark.line
            ):
                found = token.start_mark.line
    except yaml.YAMLError:
        pass
    return found


def clean_tree(root: yaml.Node, path: Path, errors: list[FactError]) -> None:
    r"""Refuse the forbidden characters (``forbidden_characters``) of every key and value of a
    file, each with its line and field (``membership.evidence[1].quote``), decided on the parsed
    values (an escape such as ``"\e"`` counts, a comment does not). Each is then taken out of
    the value, so that no later message about the value carries it to a terminal."""
    seen: set[int] = set()  # an alias names a node twice (or inside itself)
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    while stack:
        node, name = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            found = forbidden_characters(str(node.value))
            if found:
                described = ", ".join(_describe(char) for char in found)
                errors.append(
                    FactError(
                        Location(path, node_line(node)),
                        name or "yaml",
                        f"the character(s) {described} not allowed (control characters and "
                        "bidirectional overrides are refused)",
                    )
                )
                node.value = _FORBIDDEN.sub("", str(node.value))
        elif isinstance(node, yaml.SequenceNode):
            children = [(item, f"{name}[{k}]") for k, item in enumerate(node.value, start=1)]
            stack.extend(reversed(children))
        elif isinstance(node, yaml.MappingNode):
            children = []
            for key_node, value_node in node.value:
                key = escape_forbidden(str(key_node.value))
                if not name:  # a section: its items are named by their kind (membership)
                    kind = "entity" if key == "entities" else key[:-1]
                    children.append((key_node, key))
                    if isinstance(value_node, yaml.SequenceNode):
                        children += [(item, kind) for item in value_node.value]
                        seen.add(id(value_node))
                    else:
                        children.append((value_node, key))
                    continue
                children += [(key_node, f"{name}.{key}"), (value_node, f"{name}.{key}")]
            stack.extend(reversed(children))


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
            hint = did_you_mean(value, choices)
            self.error(key, f"{value!r} is not one of: {', '.join(choices)}{hint}")
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
    # ids of entities written here but refused (an unknown type, say): their own error is
    # reported once, and the records naming them are spared an "unknown id" each
    refused_ids: set[str] = field(default_factory=set)
    _texts: dict[str, str] = field(default_factory=dict)

    def text_of(self, doc_id: str) -> str:
        if doc_id not in self._texts:
            self._texts[doc_id] = self.documents[doc_id].text()
        return self._texts[doc_id]


def file_records(reader: FileReader) -> Iterator[Record]:
    """The records of a facts file, each a mapping of a known section (its ``kind``: entity,
    membership, …), once the file is within the limits (``compose_file``); what is not is
    reported in ``reader.errors``."""
    path, errors = reader.path, reader.errors
    root = compose_file(path, errors)
    if root is None:
        return
    if not isinstance(root, yaml.MappingNode):
        message = f"expected a mapping with the lists {', '.join(SECTIONS)}"
        errors.append(FactError(Location(path, node_line(root)), "file", message))
        return
    for key_node, value_node in root.value:
        section = str(key_node.value)
        if section not in SECTIONS:
            message = f"unknown section (expected one of: {', '.join(SECTIONS)})"
            errors.append(FactError(Location(path, node_line(key_node)), section, message))
            continue
        if is_null(value_node):
            continue
        if not isinstance(value_node, yaml.SequenceNode):
            errors.append(
                FactError(Location(path, node_line(value_node)), section, "expected a list")
            )
            continue
        kind = "entity" if section == "entities" else section[:-1]
        allowed = ENTITY_FIELDS if section == "entities" else SECTION_FIELDS[section]
        for item in value_node.value:
            if not isinstance(item, yaml.MappingNode):
                message = "expected a mapping (key: value)"
                errors.append(FactError(Location(path, node_line(item)), kind, message))
                continue
            yield Record(reader, item, kind, allowed)


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
EVIDENCE_FIELDS = {"doc", "quote", "occurrence", "flaw", "source", "citation"}


def local_name(entity_id: str) -> str:
    """The part of an id after its kind: ``GEO`` for ``state/GEO``."""
    return entity_id.split("/", 1)[-1]


def year_text(value: PartialDate | None) -> str:
    return f"{value.value.year:04d}" if value else "undated"
