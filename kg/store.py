"""Where the built graph is queried from.

One interface, ``Store.query(text, bindings)``, so that named queries and analyses do not care
which backend answers them. This module has the ``memory`` backend (rdflib, nothing to install);
DESIGN.md's ``oxigraph`` and ``endpoint`` backends implement the same method.

Parameters are passed as RDF terms (``bindings``), never pasted into the query text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pyparsing import ParseException
from rdflib import Graph, Literal, Variable
from rdflib.term import Node

from kg.vocab import bind_prefixes

DEFAULT_GRAPH_PATH = Path("build/kg.ttl")


class QueryError(ValueError):
    """A query could not be parsed or run; the message says where and why."""


class StoreError(ValueError):
    """A store could not be opened."""


@dataclass(frozen=True)
class QueryResult:
    """The answer to a SELECT or ASK query: column names and rows of RDF terms (or None)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]

    def column(self, name: str) -> list[Node | None]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


class Store(Protocol):
    def query(self, text: str, bindings: Mapping[str, Node] | None = None) -> QueryResult | Graph:
        """Run a SPARQL query; SELECT/ASK give a ``QueryResult``, CONSTRUCT/DESCRIBE a Graph."""
        ...


class MemoryStore:
    """The built graph held in memory by rdflib.

    >>> store = MemoryStore.from_file(Path("corpus/none.ttl"))
    Traceback (most recent call last):
    ...
    kg.store.StoreError: corpus/none.ttl: no built graph here; run `kg build` first
    """

    def __init__(self, graph: Graph):
        self.graph = graph

    @classmethod
    def from_file(cls, path: Path) -> MemoryStore:
        if not path.is_file():
            raise StoreError(f"{path}: no built graph here; run `kg build` first")
        return cls(bind_prefixes(Graph()).parse(path, format="turtle"))

    def query(self, text: str, bindings: Mapping[str, Node] | None = None) -> QueryResult | Graph:
        try:
            result = self.graph.query(
                text, initBindings={Variable(k): v for k, v in (bindings or {}).items()}
            )
        except ParseException as err:
            raise QueryError(f"the query is not valid SPARQL: {err}") from err
        except Exception as err:  # rdflib raises plain exceptions for unsupported constructs
            raise QueryError(f"the query failed: {err}") from err
        if result.type == "ASK":
            return QueryResult(("ask",), ((Literal(bool(result.askAnswer)),),))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return bind_prefixes(result.graph)
        columns = tuple(str(var) for var in result.vars)
        return QueryResult(columns, tuple(tuple(row) for row in result))


def open_store(spec: str = "memory", graph_path: Path = DEFAULT_GRAPH_PATH) -> Store:
    """Open a store by its specification; ``memory`` reads ``graph_path`` into rdflib."""
    if spec == "memory":
        return MemoryStore.from_file(graph_path)
    raise StoreError(f"unknown store {spec!r} (expected: memory)")
