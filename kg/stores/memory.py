"""The ``memory`` store: rdflib over the built graph file."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from pyparsing import ParseException
from rdflib import Graph, Literal
from rdflib.plugins.sparql import parser as _sparql_parser
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.processor import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from kg.stores.base import GraphResult, QueryError, QueryResult, StoreError, normalise_term
from kg.stores.guard import PARSE_LOCK
from kg.stores.limits import Cancelled, take_rows
from kg.stores.local import LocalStore
from kg.vocab import PREFIXES, bind_prefixes

__all__ = ["INIT_NS", "MemoryStore", "limit_graph", "read_graph"]

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
        return cls(read_graph(path), f"memory: {path}")

    def _evaluate(self, text: str, max_rows: int | None) -> QueryResult | GraphResult:
        parsed = _parse(text)
        try:
            answer = evalQuery(self.graph, parsed, {})
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
