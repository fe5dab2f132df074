"""The ``oxigraph`` stores: pyoxigraph in memory (reading the graph file) or on disk."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias, overload

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.stores.base import GraphResult, QueryError, QueryResult, StoreError, normalise_term
from kg.stores.limits import take_rows
from kg.stores.local import LocalStore
from kg.stores.memory import INIT_NS
from kg.vocab import bind_prefixes

if TYPE_CHECKING:  # pyoxigraph is imported when a store is opened
    import pyoxigraph

    _Term: TypeAlias = (
        pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple
    )

__all__ = ["TERM_CACHE", "OxigraphStore"]

# --------------------------------------------------------------------------- oxigraph


TERM_CACHE = 200_000
"""How many converted terms an Oxigraph store remembers (then it starts again)."""


class OxigraphStore(LocalStore):
    """The graph in pyoxigraph: in memory (``oxigraph``) or on disk (``oxigraph:PATH``).

    A store on disk is opened read-only, so any number of ``kg`` commands and servers can read
    it at once; ``OxigraphStore.create`` (``kg load``) writes a new one next to it and swaps
    it in, so a failed load leaves the old store as it was. A running ``kg serve`` keeps the
    store it opened: restart it after a load.
    """

    def __init__(self, store: pyoxigraph.Store, description: str):
        self._store = store
        self.description = description
        self._terms: dict[_Term, Node] = {}

    @classmethod
    def from_file(cls, path: Path) -> OxigraphStore:
        """An in-memory Oxigraph store holding a Turtle file."""
        import pyoxigraph

        if not path.is_file():
            raise StoreError(f"{path}: no built graph here; run `kg build` first")
        store = pyoxigraph.Store()
        store.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
        return cls(store, f"oxigraph (in memory): {path}")

    @classmethod
    def from_graph(cls, graph: Graph) -> OxigraphStore:
        """An in-memory Oxigraph store holding an rdflib graph (used by the tests)."""
        import pyoxigraph

        store = pyoxigraph.Store()
        data = graph.serialize(format="nt", encoding="utf-8")
        store.bulk_load(input=data, format=pyoxigraph.RdfFormat.N_TRIPLES)
        return cls(store, "oxigraph (in memory)")

    @classmethod
    def open(cls, path: Path) -> OxigraphStore:
        import pyoxigraph

        if path.is_file():
            raise StoreError(
                f"oxigraph:{path} is a file; an Oxigraph store is a folder: "
                f"run `kg load --store oxigraph:build/oxigraph`, or use --store oxigraph "
                f"to read a Turtle file into memory"
            )
        if not (path / "CURRENT").is_file():
            raise StoreError(
                f"oxigraph:{path}: no Oxigraph store here; run `kg load --store oxigraph:{path}`"
            )
        try:
            store = pyoxigraph.Store.read_only(str(path))
        except OSError as err:
            raise StoreError(f"oxigraph:{path}: cannot open the store: {err}") from err
        return cls(store, f"oxigraph: {path}")

    @classmethod
    def create(cls, path: Path, source: Path) -> int:
        """Bulk-load the Turtle file ``source`` into a new store at ``path``; the number of
        triples. An existing store at ``path`` is replaced only once the new one is complete."""
        import pyoxigraph

        if not source.is_file():
            raise StoreError(f"{source}: no built graph here; run `kg build` first")
        if path.exists() and not (path / "CURRENT").is_file():
            raise StoreError(
                f"{path} exists and is not an Oxigraph store; refusing to replace it "
                f"(choose another folder, or remove it)"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_name(f".{path.name}.loading-{uuid.uuid4().hex[:8]}")
        try:
            store = pyoxigraph.Store(str(staging))
            store.bulk_load(path=str(source), format=pyoxigraph.RdfFormat.TURTLE)
            store.flush()
            count = len(store)
            del store  # closes the database before it is moved
        except (OSError, SyntaxError, ValueError) as err:
            shutil.rmtree(staging, ignore_errors=True)
            raise StoreError(f"oxigraph:{path}: loading {source} failed: {err}") from err
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        old = path.with_name(f".{path.name}.old-{uuid.uuid4().hex[:8]}")
        if path.exists():
            path.rename(old)
        staging.rename(path)
        shutil.rmtree(old, ignore_errors=True)
        return count

    def _evaluate(self, text: str, max_rows: int | None) -> QueryResult | GraphResult:
        import pyoxigraph

        try:
            answer = self._store.query(text, prefixes=INIT_NS)
            if isinstance(answer, pyoxigraph.QueryBoolean):
                return QueryResult(("ask",), ((Literal(bool(answer)),),))
            if isinstance(answer, pyoxigraph.QuerySolutions):
                names = [variable.value for variable in answer.variables]
                solutions, truncated = take_rows(answer, max_rows)
                term = self._term
                rows = tuple(
                    tuple(term(solution[name]) for name in names) for solution in solutions
                )
                return QueryResult(tuple(names), rows, truncated)
            triples, truncated = take_rows(answer, max_rows)
        except SyntaxError as err:
            raise QueryError(f"the query is not valid SPARQL: {err}") from err
        except (OSError, ValueError, TypeError) as err:
            raise QueryError(f"the query failed: {err}") from err
        graph = bind_prefixes(Graph())
        for triple in triples:
            graph.add(
                (
                    _from_oxigraph(triple.subject),
                    _from_oxigraph(triple.predicate),
                    _from_oxigraph(triple.object),
                )
            )
        return GraphResult(graph, truncated)

    def _term(self, term: _Term | None) -> Node | None:
        """``_from_oxigraph(term)``, remembered: answers repeat the same terms (states, roles,
        dates), and making an rdflib term costs microseconds (a date literal is parsed), which
        for a large answer cost as much as evaluating the query."""
        if term is None:
            return None
        found = self._terms.get(term)
        if found is None:
            if len(self._terms) >= TERM_CACHE:
                self._terms.clear()
            found = self._terms[term] = _from_oxigraph(term)
        return found

    def as_graph(self) -> Graph:
        import pyoxigraph

        graph = bind_prefixes(Graph())
        for quad in self._store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()):
            graph.add(
                (_from_oxigraph(quad.subject), _from_oxigraph(quad.predicate),
                 _from_oxigraph(quad.object))
            )  # fmt: skip
        return graph


@overload
def _from_oxigraph(term: None) -> None: ...
@overload
def _from_oxigraph(term: _Term) -> Node: ...
def _from_oxigraph(term: _Term | None) -> Node | None:
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return normalise_term(Literal(term.value, lang=term.language))
        return normalise_term(Literal(term.value, datatype=URIRef(term.datatype.value)))
    raise QueryError(f"unsupported term in an answer: {term!r}")
