"""Named SPARQL queries, their parameters as RDF terms, and the answers as tables.

A named query is a ``.rq`` file in ``kg/queries/`` headed by comments that say its title, its
question, how it reads the graph, its parameters and an example::

    # Members of an organisation on a date
    #
    # Which states were members of the organisation on that day ...?
    #
    # A membership counts when start <= date and ... (any further paragraphs: the notes)
    #
    # param org: entity - the organisation, as an id (org/cis) or a full IRI
    # param date: date - the day, YYYY-MM-DD
    # param lang: language = en - the language of the labels and notes: en, kk or ru
    # example: kg query members-at --param org=org/cis --param date=1992-06-01

The first line is the title; the first paragraph after it (up to a blank ``#`` line) the
question, which ``kg query --list`` and the query page show; every later paragraph the notes
(what the columns mean, how the query follows the time and best-rank rules, why it is written
as it is for a store), which stay in the file. ``param`` and ``example`` lines may come anywhere.

Parameter values are turned into RDF terms of their declared kind and handed to the store as
bindings; they are never pasted into the query text, so a value cannot change the query.

>>> to_term("entity", "org/cis")
rdflib.term.URIRef('https://w3id.org/dostastyq/id/org/cis')
>>> to_term("entity", "org/cis> } #")
Traceback (most recent call last):
...
ValueError: 'org/cis> } #' is not an id like org/cis or an http(s) IRI
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.dates import parse_day
from kg.stores.base import GraphResult, QueryResult, Store
from kg.vocab import resource

QUERIES_DIR = Path(__file__).parent
PARAMETER_KINDS = ("entity", "iri", "date", "year", "language", "string", "integer")

_PARAM_LINE = re.compile(
    r"^#\s*param\s+(?P<name>[A-Za-z_]\w*)\s*:\s*(?P<kind>\w+)"
    r"(?:\s*=\s*(?P<default>\S+))?\s*(?:-+\s*(?P<doc>.*))?$"
)
_ENTITY_ID = re.compile(r"^[a-z]+(?:/[A-Za-z0-9._~-]+)+$")
_SAFE_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


class ParameterError(ValueError):
    """A parameter is missing, unknown or not of its declared kind."""


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    description: str
    default: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    question: str
    parameters: tuple[Parameter, ...]
    examples: tuple[str, ...]
    text: str
    path: Path
    notes: str = ""


def parse_query_file(path: Path) -> NamedQuery:
    """Read a ``.rq`` file and its comment header. A file without a header has no parameters."""
    text = path.read_text(encoding="utf-8")
    header: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    title = header[0].lstrip("# ").strip() if header else path.stem
    paragraphs: list[list[str]] = [[]]
    parameters: list[Parameter] = []
    examples: list[str] = []
    for line in header[1:]:
        body = line.lstrip("#").strip()
        match = _PARAM_LINE.match(line)
        if not body:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if match:
            kind = match["kind"]
            if kind not in PARAMETER_KINDS:
                raise ParameterError(
                    f"{path}: param {match['name']}: unknown kind {kind!r} "
                    f"(expected one of: {', '.join(PARAMETER_KINDS)})"
                )
            parameters.append(
                Parameter(match["name"], kind, (match["doc"] or "").strip(), match["default"])
            )
        elif body.startswith("example:"):
            examples.append(body.removeprefix("example:").strip())
        else:
            paragraphs[-1].append(body)
    prose = [" ".join(lines) for lines in paragraphs if lines]
    return NamedQuery(
        name=path.stem,
        title=title,
        question=prose[0] if prose else "",
        parameters=tuple(parameters),
        examples=tuple(examples),
        text=text,
        path=path,
        notes="\n\n".join(prose[1:]),
    )


def query_text(name: str, queries_dir: Path = QUERIES_DIR) -> str:
    """The text of a query file by its path under ``kg/queries/`` without ``.rq``, for the
    library's own queries (``network/typed``)."""
    return (queries_dir / f"{name}.rq").read_text(encoding="utf-8")


def list_queries(queries_dir: Path = QUERIES_DIR) -> list[NamedQuery]:
    """Every named query, by name."""
    return [parse_query_file(path) for path in sorted(queries_dir.glob("*.rq"))]


def load_query(name_or_path: str, queries_dir: Path = QUERIES_DIR) -> NamedQuery:
    """A named query (``members-at``) or a SPARQL file (``my-question.rq``)."""
    named = queries_dir / f"{name_or_path}.rq"
    if named.is_file():
        return parse_query_file(named)
    path = Path(name_or_path)
    if path.is_file():
        return parse_query_file(path)
    known = ", ".join(query.name for query in list_queries(queries_dir))
    raise ParameterError(f"no named query or file {name_or_path!r} (named queries: {known})")


def to_term(kind: str, value: str) -> Node:
    """Turn a parameter value into the RDF term of its kind, or raise ``ValueError``."""
    value = value.strip()
    if kind == "entity":
        if _ENTITY_ID.match(value):
            return resource(value)
        if _SAFE_IRI.match(value):
            return URIRef(value)
        raise ValueError(f"{value!r} is not an id like org/cis or an http(s) IRI")
    if kind == "iri":
        if _SAFE_IRI.match(value):
            return URIRef(value)
        raise ValueError(f"{value!r} is not an http(s) IRI")
    if kind == "date":
        return Literal(parse_day(value), datatype=XSD.date)
    if kind == "year":
        if not re.fullmatch(r"\d{4}", value):
            raise ValueError(f"{value!r} is not a year (YYYY)")
        return Literal(int(value), datatype=XSD.integer)
    if kind == "language":
        if not re.fullmatch(r"[a-z]{2,3}", value):
            raise ValueError(f"{value!r} is not a language code like en, kk or ru")
        return Literal(value)
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise ValueError(f"{value!r} is not a whole number")
        return Literal(int(value), datatype=XSD.integer)
    return Literal(value)


def bind_parameters(query: NamedQuery, values: Mapping[str, str]) -> dict[str, Node]:
    """Check ``values`` against the query's parameters and return them as RDF terms."""
    declared = {parameter.name: parameter for parameter in query.parameters}
    problems = [
        f"{query.name}: unknown parameter {name!r}"
        + (f" (parameters: {', '.join(declared)})" if declared else " (it takes none)")
        for name in values
        if name not in declared
    ]
    bindings: dict[str, Node] = {}
    for parameter in query.parameters:
        raw = values.get(parameter.name, parameter.default)
        if raw is None:
            problems.append(
                f"{query.name}: missing parameter {parameter.name} ({parameter.kind}: "
                f"{parameter.description})"
            )
            continue
        try:
            bindings[parameter.name] = to_term(parameter.kind, raw)
        except ValueError as err:
            problems.append(f"{query.name}: parameter {parameter.name}: {err}")
    if problems:
        raise ParameterError("\n".join(problems))
    return bindings


def run_named_query(
    store: Store, query: NamedQuery, values: Mapping[str, str] | None = None
) -> QueryResult | GraphResult:
    """Bind ``values`` to the query's parameters and run it on ``store``."""
    return store.query(query.text, bind_parameters(query, values or {}))
