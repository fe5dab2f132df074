"""What every store shares: the ``Store`` protocol, its answers and errors, and answer terms
in one normal form (so that every backend gives the same rows)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rdflib import Graph, Literal
from rdflib.namespace import XSD
from rdflib.term import Node

__all__ = [
    "DATA_GRAPH",
    "DEFAULT_GRAPH_PATH",
    "DERIVED_INTEGER_TYPES",
    "ENDPOINT_TIMEOUT",
    "PASSWORD_VARIABLE",
    "STORE_FORMS",
    "UPDATE_CHUNK",
    "USER_VARIABLE",
    "GraphResult",
    "GraphSyntaxError",
    "OutsideDataError",
    "QueryError",
    "QueryResult",
    "QueryTimeout",
    "Store",
    "StoreError",
    "normalise_term",
    "syntax_problem",
]

DEFAULT_GRAPH_PATH = Path("build/kg.ttl")
DATA_GRAPH = "https://w3id.org/dostastyq/graph"
"""The name of our graph on a shared SPARQL server (where ``kg load`` puts it)."""

USER_VARIABLE = "KG_STORE_USER"
PASSWORD_VARIABLE = "KG_STORE_PASSWORD"
ENDPOINT_TIMEOUT = 60.0
UPDATE_CHUNK = 1000  # triples per INSERT DATA request (Virtuoso 7.2 fails at ~5,000)

STORE_FORMS = "memory, oxigraph, oxigraph:PATH, or an http(s):// SPARQL endpoint URL"


class QueryError(ValueError):
    """A query could not be parsed or run; the message says where and why."""


class QueryTimeout(QueryError):
    """A query ran longer than its timeout and was stopped."""


class OutsideDataError(QueryError):
    """A query that would reach beyond the store's own data (``SERVICE``, ``FROM``), refused;
    ``keyword`` is the keyword that would."""

    def __init__(self, keyword: str, message: str):
        super().__init__(message)
        self.keyword = keyword


class StoreError(ValueError):
    """A store could not be opened, reached or loaded; the message says what to do."""


class GraphSyntaxError(StoreError):
    """The graph file a store read is not Turtle (raised where the reading happened in another
    process, a query worker's); the message says where the parser stopped."""


def syntax_problem(err: SyntaxError) -> str:
    """Where a Turtle parser stopped, in one line: rdflib's reason and line (its BadSyntax), or
    the first line of Oxigraph's message without its "Parser error at"."""
    why = getattr(err, "_why", None)  # rdflib's BadSyntax: its reason and 0-based line
    if why is not None:
        return f"line {getattr(err, 'lines', 0) + 1}: {why}"
    return str(err.msg or err).splitlines()[0].removeprefix("Parser error at ")


@dataclass(frozen=True)
class QueryResult:
    """The answer to a SELECT or ASK query: column names and rows of RDF terms (or None).

    ``truncated`` is true when the query had more rows than the ``max_rows`` it was run with.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]
    truncated: bool = False

    def column(self, name: str) -> list[Node | None]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


@dataclass(frozen=True)
class GraphResult:
    """The answer to a CONSTRUCT or DESCRIBE query: an rdflib graph.

    ``truncated`` is true when the query had more triples than the ``max_rows`` it was run with.
    """

    graph: Graph
    truncated: bool = False


class Store(Protocol):
    description: str
    """What the store is, for people: ``memory: build/kg.ttl``."""

    def query(
        self,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult | GraphResult:
        """Run a SPARQL query; SELECT/ASK give a ``QueryResult``, CONSTRUCT/DESCRIBE a
        ``GraphResult``.

        ``timeout`` (seconds) stops a query that runs longer with ``QueryTimeout``;
        ``max_rows`` keeps the first rows (or triples) and marks the result truncated.
        """
        ...

    def as_graph(self) -> Graph:
        """Every triple of the store, as an rdflib graph (for analyses that need one)."""
        ...


# --------------------------------------------------------------------------- terms


DERIVED_INTEGER_TYPES = frozenset(
    XSD[name]
    for name in (
        "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
        "long", "int", "short", "byte",
        "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    )
)  # fmt: skip
"""The types derived from ``xsd:integer`` that Oxigraph reads as ``xsd:integer`` (when the value
fits in 64 bits)."""


def normalise_term(term: Node | None) -> Node | None:
    """One spelling for terms that backends write differently, applied to every answer:

    - an ``xsd:string`` literal is a simple literal (RDF 1.1 says they are the same term;
      Oxigraph and Virtuoso say ``xsd:string`` where rdflib says nothing);
    - an integer of a derived type (``xsd:positiveInteger`` for ``dq:line``,
      ``xsd:nonNegativeInteger`` for ``oa:start``/``oa:end``) is an ``xsd:integer``, because
      Oxigraph stores every integer as ``xsd:integer`` and cannot give the derived type back.
      An answer is not all a query sees: ``DATATYPE(?n)`` and ``?e dq:line 2`` see the stored
      term, so the ``memory`` store also reads the graph file's integers as Oxigraph does
      (``kg.stores.memory.normalise_integers``; what still differs is said there);
    - a language tag is in lower case (tags are case-insensitive; Oxigraph and Virtuoso lower
      them, rdflib keeps them as written).

    >>> normalise_term(Literal("27", datatype=XSD.positiveInteger))
    rdflib.term.Literal('27', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    if not isinstance(term, Literal):
        return term
    if term.language is not None:
        language = term.language.lower()
        return term if language == term.language else Literal(str(term), lang=language)
    if term.datatype == XSD.string:
        return Literal(str(term))
    if term.datatype in DERIVED_INTEGER_TYPES:
        return Literal(str(term), datatype=XSD.integer)
    return term
