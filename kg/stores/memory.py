"""The ``memory`` store: rdflib over the built graph file.

Two things make it answer as Oxigraph does (``kg.stores.base.normalise_term`` does the rest):

- **One graph.** The store's graph is the default graph of a dataset with no named graphs, so
  ``GRAPH ?g { … }`` and ``GRAPH <iri> { … }`` match nothing, as on Oxigraph, where rdflib
  given a plain ``Graph`` fails ("requiring a dataset"). The dataset is a view on the graph's
  own triples (``_OneGraph``), not a copy; ``as_graph()`` is still the graph itself.
- **One integer type.** Oxigraph reads an integer of a derived type (``xsd:positiveInteger``
  for ``dq:line``, ``xsd:nonNegativeInteger`` for ``oa:start``/``oa:end``) as an
  ``xsd:integer``, and ``DATATYPE`` says so; ``MemoryStore.from_file`` reads the graph file
  the same way (``normalise_integers``), so that ``DATATYPE(?n)`` agrees with the ``?n`` of the
  answer and ``?e dq:line 2`` matches. A graph given to ``MemoryStore(graph)`` is answered as it
  is, never changed. What still differs: a derived-type literal written in the query itself
  (``BIND ("5"^^xsd:byte AS ?n)``, ``?e dq:line "1"^^xsd:positiveInteger``) keeps its type
  here (``DATATYPE`` says ``xsd:byte``; the pattern matches nothing in a normalised graph)
  where Oxigraph makes it an ``xsd:integer``.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

from pyparsing import ParseException
from rdflib import Graph, Literal
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import XSD
from rdflib.plugins.sparql import parser as _sparql_parser
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.processor import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import IdentifiedNode

from kg.stores.base import (
    DERIVED_INTEGER_TYPES,
    GraphResult,
    QueryError,
    QueryResult,
    StoreError,
    normalise_term,
)
from kg.stores.guard import PARSE_LOCK
from kg.stores.limits import Cancelled, take_rows
from kg.stores.local import LocalStore
from kg.vocab import PREFIXES, bind_prefixes

__all__ = ["INIT_NS", "MemoryStore", "limit_graph", "normalise_integers", "read_graph"]

# --------------------------------------------------------------------------- memory (rdflib)

# pyparsing, which rdflib's SPARQL parser uses, is not thread-safe (RDFLib/rdflib#1282): parse
# under the process's one parse lock, and keep recent parses, since a server sees the same
# queries again and again.
# pyparsing also expands tabs to spaces before parsing unless told not to, which changes a tab
# inside a string literal ("a<TAB>b" became "a        b"): keep them.
_keep_tabs = getattr(_sparql_parser.Query, "parse_with_tabs", None)  # pyparsing 3
(_keep_tabs or _sparql_parser.Query.parseWithTabs)()  # pyparsing 2's name
_PARSED: OrderedDict[str, Query] = OrderedDict()
_PARSED_MAX = 256
INIT_NS = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def _parse(text: str) -> Query:
    with PARSE_LOCK:
        if text in _PARSED:
            _PARSED.move_to_end(text)
            return _PARSED[text]
        try:
            parsed = prepareQuery(text, initNs=INIT_NS)
        except ParseException as err:
            raise QueryError(f"the query is not valid SPARQL: {err}") from err
        except Exception as err:  # rdflib raises plain exceptions for some bad queries
            raise QueryError(f"the query is not valid SPARQL: {err}") from err
        _PARSED[text] = parsed
        if len(_PARSED) > _PARSED_MAX:
            _PARSED.popitem(last=False)
        return parsed


class MemoryStore(LocalStore):
    """The built graph held in memory by rdflib.

    >>> store = MemoryStore.from_file(Path("corpus/none.ttl"))
    Traceback (most recent call last):
    ...
    kg.stores.base.StoreError: corpus/none.ttl: no built graph here; run `kg build` first
    """

    def __init__(self, graph: Graph, description: str = "memory"):
        self.graph = graph
        self.description = description

    @classmethod
    def from_file(cls, path: Path) -> MemoryStore:
        """The graph file ``path``, its integers read as Oxigraph reads them
        (``normalise_integers``)."""
        graph = read_graph(path)
        normalise_integers(graph)
        return cls(graph, f"memory: {path}")

    def _evaluate(self, text: str, max_rows: int | None) -> QueryResult | GraphResult:
        parsed = _parse(text)
        try:
            answer = evalQuery(_one_graph(self.graph), parsed, {})
            kind = answer["type_"]
            if kind == "ASK":
                return QueryResult(("ask",), ((Literal(bool(answer["askAnswer"])),),))
            if kind in ("CONSTRUCT", "DESCRIBE"):
                return limit_graph(answer["graph"], max_rows)
            variables = answer.get("vars_") or parsed.algebra.get("PV") or []
            solutions, truncated = take_rows(answer["bindings"], max_rows)
            rows = tuple(
                tuple(normalise_term(solution.get(variable)) for variable in variables)
                for solution in solutions
            )
            return QueryResult(tuple(str(v) for v in variables), rows, truncated)
        except (QueryError, Cancelled):
            raise
        except Exception as err:  # rdflib raises plain exceptions for unsupported constructs
            raise QueryError(f"the query failed: {err}") from err

    def as_graph(self) -> Graph:
        return self.graph


class _OneGraph(ConjunctiveGraph):
    """``graph`` as the default graph of a dataset with no named graphs, for rdflib's SPARQL
    evaluator, which evaluates ``GRAPH`` only on a dataset (a plain ``Graph`` makes it fail).

    A view, not a copy: it reads ``graph``'s own store, and its default graph is ``graph``
    itself, so the evaluator's triple patterns reach the same triples as before. It names no
    graph (``contexts``), and any graph a query names is empty (``get_context``), even when
    ``graph`` shares its store with others. Not ``rdflib.Dataset``: its default graph has a
    fixed name of its own, and the methods the evaluator calls on it warn that they are
    deprecated on every call (rdflib 7). (``ConjunctiveGraph`` warns only when made itself.)
    """

    def __init__(self, graph: Graph):
        super().__init__(store=graph.store, identifier=graph.identifier)
        self.default_context = graph
        self.default_union = False  # the default graph is ``graph``, not all of its store

    def contexts(self, triple: object = None) -> Iterator[Graph]:  # type: ignore[override]
        return iter(())

    def get_context(
        self, identifier: IdentifiedNode | str | None, quoted: bool = False, base: str | None = None
    ) -> Graph:
        return Graph(identifier=identifier)


def _one_graph(graph: Graph) -> Graph:
    """What the evaluator is given for ``graph``: ``_OneGraph`` for a plain graph whose store
    knows graphs apart (rdflib's default store does); a dataset, or a graph on a store that
    does not, as it is."""
    if isinstance(graph, ConjunctiveGraph) or not graph.store.context_aware:
        return graph
    return _OneGraph(graph)


_INTEGER = re.compile(r"[+-]?[0-9]+")


def normalise_integers(graph: Graph) -> int:
    """Make every integer of a derived type in ``graph`` (``xsd:positiveInteger``,
    ``xsd:byte``, … ``kg.stores.base.DERIVED_INTEGER_TYPES``) the ``xsd:integer`` Oxigraph
    reads it as; the number of literals changed. Like Oxigraph, it reads any integer that fits in
    64 bits (``"300"^^xsd:byte`` too, which is no byte), and writes it canonically (``"01"`` is
    ``"1"``); it leaves the others as they are (``"x"^^xsd:byte``, 2^64), as Oxigraph does.

    >>> from rdflib import URIRef
    >>> line = Literal("01", datatype=XSD.positiveInteger)
    >>> graph = Graph().add((URIRef("https://x.example/e"), URIRef("https://x.example/line"), line))
    >>> normalise_integers(graph), list(graph.objects())
    (1, [rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))])
    """
    changed = []
    for triple in graph:
        value = triple[2]
        if isinstance(value, Literal) and value.datatype in DERIVED_INTEGER_TYPES:
            lexical = str(value)
            if _INTEGER.fullmatch(lexical) and -(2**63) <= int(lexical) < 2**63:
                changed.append(triple)
    for subject, predicate, value in changed:
        graph.remove((subject, predicate, value))
        graph.add((subject, predicate, Literal(str(int(str(value))), datatype=XSD.integer)))
    return len(changed)


def limit_graph(graph: Graph, max_rows: int | None) -> GraphResult:
    """The first ``max_rows`` triples of ``graph`` (all of them without a limit), as an answer."""
    triples, truncated = take_rows(graph, max_rows)
    result = bind_prefixes(Graph())
    for triple in triples:
        result.add(triple)
    return GraphResult(result, truncated)


def read_graph(path: Path) -> Graph:
    if not path.is_file():
        raise StoreError(f"{path}: no built graph here; run `kg build` first")
    return bind_prefixes(Graph()).parse(path, format="turtle")
