"""The local stores give one answer where rdflib (``memory``) and Oxigraph used to differ: a
``GRAPH`` pattern on a store of one graph, relative IRIs, and integers of a derived type. Every
test runs on both stores, opened from a graph file as ``kg`` opens them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from helpers import world_graph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.stores.base import DATA_GRAPH, GraphResult, QueryError, QueryResult, Store
from kg.stores.guard import QueryRefused, checked_query
from kg.stores.memory import MemoryStore
from kg.stores.oxigraph import OxigraphStore
from kg.stores.text import resolve_iri, sparql_term
from kg.vocab import DQ, DQR

STORES = ["memory", "oxigraph"]
AAA = DQR["state/AAA"]  # written out in full: rdflib's SPARQL parser keeps the backslash of
# dqr:state\/AAA in the IRI it reads (Oxigraph drops it, as the grammar says)


@pytest.fixture(scope="module")
def world_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """helpers.WORLD as a built graph file (its dq:line, oa:start and oa:end literals are typed
    xsd:positiveInteger and xsd:nonNegativeInteger, as `kg build` types them)."""
    path = tmp_path_factory.mktemp("conformance") / "kg.ttl"
    path.write_text(world_graph().serialize(format="turtle"), encoding="utf-8")
    return path


def open_local(kind: str, path: Path) -> Store:
    return MemoryStore.from_file(path) if kind == "memory" else OxigraphStore.from_file(path)


@pytest.fixture(scope="module", params=STORES)
def local_store(request: pytest.FixtureRequest, world_file: Path) -> Store:
    return open_local(request.param, world_file)


def rows(
    store: Store, query: str, bindings: Mapping[str, Node] | None = None
) -> set[tuple[Node | None, ...]]:
    """The rows of a SELECT or ASK answer (as a set: the tests' answers have no duplicates)."""
    result = store.query(query, bindings)
    assert isinstance(result, QueryResult)
    assert len(set(result.rows)) == len(result.rows)
    return set(result.rows)


# --------------------------------------------------------------------------- GRAPH


@pytest.mark.parametrize(
    ("query", "columns"),
    [
        ("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", ("g",)),
        (f"SELECT ?s WHERE {{ GRAPH <{DATA_GRAPH}> {{ ?s ?p ?o }} }}", ("s",)),
        (f"SELECT ?s WHERE {{ GRAPH <{AAA}> {{ ?s ?p ?o }} }}", ("s",)),
        ("SELECT ?g WHERE { GRAPH ?g { } }", ("g",)),
    ],
)
def test_a_graph_pattern_on_a_store_of_one_graph_matches_nothing(
    local_store: Store, query: str, columns: tuple[str, ...]
) -> None:
    # The data is the default graph; the store has no named graph for GRAPH to match.
    assert local_store.query(query) == QueryResult(columns, ())


def test_a_graph_pattern_leaves_the_default_graph_alone(local_store: Store) -> None:
    query = f"""SELECT ?label ?g WHERE {{
        <{AAA}> rdfs:label ?label FILTER (LANG(?label) = "en")
        OPTIONAL {{ GRAPH ?g {{ <{AAA}> ?p ?o }} }} }}"""
    assert rows(local_store, query) == {(Literal("Alpha", lang="en"), None)}
    ask = f"ASK {{ <{AAA}> a dq:State MINUS {{ GRAPH ?g {{ <{AAA}> a dq:State }} }} }}"
    assert rows(local_store, ask) == {(Literal(True),)}
    assert len(local_store.as_graph()) == len(world_graph())


def test_the_memory_store_answers_graph_patterns_on_the_graph_it_was_given() -> None:
    graph = world_graph()
    store = MemoryStore(graph)
    assert rows(store, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }") == set()
    assert store.as_graph() is graph  # no copy: the store's graph is the caller's


# --------------------------------------------------------------------------- relative IRIs


@pytest.mark.parametrize(
    ("query", "iri"),
    [
        ("SELECT * WHERE { <s> ?p ?o }", "<s>"),
        ("SELECT ?x WHERE { BIND (<state/AAA> AS ?x) }", "<state/AAA>"),
        ('SELECT * WHERE { ?s ?p "1"^^<integer> }', "<integer>"),
        ("SELECT * WHERE { ?s dq:iso3 ?o FILTER (?s != <#me>) }", "<#me>"),
        ("PREFIX p: <id/> SELECT * WHERE { p:x ?p ?o }", "<id/>"),
        (
            "PREFIX p: <id/> BASE <https://w3id.org/dostastyq/> SELECT * WHERE { p:x ?p ?o }",
            "<id/>",
        ),
        ("BASE <id/> SELECT * WHERE { ?s ?p ?o }", "<id/>"),
        ("SELECT * WHERE { ?s ?p <> }", "<>"),
    ],
)
def test_a_relative_iri_without_a_base_is_refused(local_store: Store, query: str, iri: str) -> None:
    message = f"the query uses the relative IRI {iri} and declares no BASE before it"
    with pytest.raises(QueryRefused, match=re.escape(message)):
        local_store.query(query)


def test_prefixed_names_and_a_are_not_relative(local_store: Store) -> None:
    query = """PREFIX state: <https://w3id.org/dostastyq/id/state/>
        SELECT ?label WHERE { state:BBB a dq:State ; rdfs:label ?label
        FILTER (LANG(?label) = "en") }"""
    assert rows(local_store, query) == {(Literal("Beta", lang="en"),)}


@pytest.mark.parametrize(
    ("prologue", "reference", "expected"),
    [
        ("BASE <https://w3id.org/dostastyq/id/state/AAA>", "BBB", DQR["state/BBB"]),
        ("BASE <https://w3id.org/dostastyq/id/state/>", "../org/one", DQR["org/one"]),
        ("BASE <https://w3id.org/dostastyq/> BASE <id/state/>", "CCC", DQR["state/CCC"]),
        ("BASE <https://x.example/a/b?>", "#f", "https://x.example/a/b?#f"),
        ("BASE <https://x.example/a/b?q>", "", "https://x.example/a/b?q"),
        ("BASE <urn:example:a/b>", "c", "urn:example:a/c"),
        ("BASE <urn:example:a>", "#c", "urn:example:a#c"),
        (
            "BASE <tag:dostastyq.example,2024:state/AAA>",
            "BBB",
            "tag:dostastyq.example,2024:state/BBB",
        ),
        ("BASE <https://x.example/>", "a/b:c", "https://x.example/a/b:c"),
        ("BASE <https://x.example/a/>", "https://y.example/./b", "https://y.example/./b"),
    ],
)
def test_a_base_resolves_relative_iris_alike_on_every_store(
    local_store: Store, prologue: str, reference: str, expected: str
) -> None:
    query = f"{prologue} SELECT ?x WHERE {{ BIND (<{reference}> AS ?x) }}"
    assert rows(local_store, query) == {(URIRef(expected),)}


def test_a_base_resolves_iris_in_patterns_prefixes_and_datatypes(local_store: Store) -> None:
    query = """BASE <https://w3id.org/dostastyq/id/>
        PREFIX org: <org/>
        BASE <state/>
        SELECT ?iso ?org ?n WHERE {
            <AAA> <../../ontology#iso3> ?iso ; dq:memberOf ?org FILTER (?org = org:one)
            BIND ("7"^^<http://www.w3.org/2001/XMLSchema#integer> AS ?n) }"""
    assert rows(local_store, query) == {(Literal("AAA"), DQR["org/one"], Literal(7))}
    described = local_store.query("BASE <https://w3id.org/dostastyq/id/> DESCRIBE <org/two>")
    assert isinstance(described, GraphResult)
    assert (DQR["org/two"], DQ.succeededBy, DQR["org/three"]) in described.graph


def test_the_guard_gives_the_engine_the_iris_resolved() -> None:
    query = "BASE <https://w3id.org/dostastyq/id/>\nSELECT * WHERE { <state/AAA> ?p ?o }"
    checked = checked_query(query)
    blank = " " * len("BASE <https://w3id.org/dostastyq/id/>")  # columns stay where they were
    assert checked == f"{blank}\nSELECT * WHERE {{ <{DQR['state/AAA']}> ?p ?o }}"
    assert checked_query(checked) == checked  # the second check (the store's) changes nothing
    graph = "BASE <https://w3id.org/dostastyq/> SELECT * FROM <graph> WHERE { ?s ?p ?o }"
    assert f"FROM <{DATA_GRAPH}>" in checked_query(graph, allowed_graphs={DATA_GRAPH})
    with pytest.raises(QueryError, match="FROM"):
        checked_query("BASE <https://x.example/> SELECT * FROM <graph> WHERE { ?s ?p ?o }")


def test_a_relative_iri_cannot_come_in_as_a_parameter(local_store: Store) -> None:
    with pytest.raises(QueryError, match="parameter s: 'state/AAA' is a relative IRI"):
        local_store.query("SELECT * WHERE { ?s ?p ?o }", {"s": URIRef("state/AAA")})
    assert sparql_term("s", DQR["state/AAA"]) == f"<{DQR['state/AAA']}>"


@pytest.mark.parametrize(
    ("reference", "expected"),
    [  # RFC 3986, section 5.4: the base is http://a/b/c/d;p?q
        ("g:h", "g:h"), ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"),
        ("g/", "http://a/b/c/g/"), ("/g", "http://a/g"), ("//g", "http://g"),
        ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"), ("#s", "http://a/b/c/d;p?q#s"),
        ("g#s", "http://a/b/c/g#s"), ("g?y#s", "http://a/b/c/g?y#s"), (";x", "http://a/b/c/;x"),
        ("g;x", "http://a/b/c/g;x"), ("g;x?y#s", "http://a/b/c/g;x?y#s"),
        ("", "http://a/b/c/d;p?q"), (".", "http://a/b/c/"), ("./", "http://a/b/c/"),
        ("..", "http://a/b/"), ("../", "http://a/b/"), ("../g", "http://a/b/g"),
        ("../..", "http://a/"), ("../../", "http://a/"), ("../../g", "http://a/g"),
        ("../../../g", "http://a/g"), ("../../../../g", "http://a/g"), ("/./g", "http://a/g"),
        ("/../g", "http://a/g"), ("g.", "http://a/b/c/g."), (".g", "http://a/b/c/.g"),
        ("g..", "http://a/b/c/g.."), ("..g", "http://a/b/c/..g"), ("./../g", "http://a/b/g"),
        ("./g/.", "http://a/b/c/g/"), ("g/./h", "http://a/b/c/g/h"), ("g/../h", "http://a/b/c/h"),
        ("g;x=1/./y", "http://a/b/c/g;x=1/y"), ("g;x=1/../y", "http://a/b/c/y"),
        ("g?y/./x", "http://a/b/c/g?y/./x"), ("g?y/../x", "http://a/b/c/g?y/../x"),
        ("g#s/./x", "http://a/b/c/g#s/./x"), ("g#s/../x", "http://a/b/c/g#s/../x"),
    ],
)  # fmt: skip
def test_relative_iris_resolve_as_rfc_3986_says(reference: str, expected: str) -> None:
    assert resolve_iri("http://a/b/c/d;p?q", reference) == expected


# --------------------------------------------------------------------------- integers


def test_datatype_agrees_with_the_integer_returned(local_store: Store) -> None:
    evidence = DQR["evidence/001-30-61"]
    query = f"""SELECT ?p ?n (DATATYPE(?n) AS ?type) WHERE {{
        {{ <{evidence}> ?p ?n FILTER (?p = dq:line) }}
        UNION {{ <{evidence}/position> ?p ?n FILTER (?p IN (oa:start, oa:end)) }} }}"""
    assert rows(local_store, query) == {
        (DQ.line, Literal(2), XSD.integer),
        (URIRef("http://www.w3.org/ns/oa#end"), Literal(61), XSD.integer),
        (URIRef("http://www.w3.org/ns/oa#start"), Literal(30), XSD.integer),
    }


def test_an_integer_matches_a_derived_integer_of_the_data(local_store: Store) -> None:
    by_literal = "SELECT ?e WHERE { ?e dq:line 2 }"
    assert rows(local_store, by_literal) == {(DQR["evidence/001-30-61"],)}
    by_parameter = "SELECT ?e WHERE { ?e oa:start ?n }"
    assert rows(local_store, by_parameter, {"n": Literal(0)}) == {
        (DQR["evidence/001-0-24/position"],)
    }
    typed = "SELECT ?e WHERE { ?e dq:line ?n FILTER (sameTerm(?n, 1)) }"
    assert rows(local_store, typed) == {(DQR["evidence/001-0-24"],)}


@pytest.mark.parametrize("kind", STORES)
def test_integers_of_every_derived_type_read_as_oxigraph_stores_them(
    kind: str, tmp_path: Path
) -> None:
    graph = Graph()
    subject, predicate = URIRef("https://x.example/s"), URIRef("https://x.example/p")
    for lexical, datatype in [
        ("01", XSD.positiveInteger), ("300", XSD.byte), ("-4", XSD.positiveInteger),
        ("7", XSD.integer), ("x", XSD.byte), ("99999999999999999999", XSD.nonNegativeInteger),
    ]:  # fmt: skip
        graph.add((subject, predicate, Literal(lexical, datatype=datatype)))
    path = tmp_path / "kg.ttl"
    path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    store = open_local(kind, path)
    # 300 is no byte and -4 no positive integer, but Oxigraph reads any integer that fits in 64
    # bits as an xsd:integer (and writes it canonically); it keeps the type of what does not.
    assert rows(store, "SELECT ?n (DATATYPE(?n) AS ?type) WHERE { ?s ?p ?n }") == {
        (Literal("-4", datatype=XSD.integer), XSD.integer),
        (Literal("1", datatype=XSD.integer), XSD.integer),
        (Literal("300", datatype=XSD.integer), XSD.integer),
        (Literal("7", datatype=XSD.integer), XSD.integer),
        (Literal("99999999999999999999", datatype=XSD.integer), XSD.nonNegativeInteger),
        (Literal("x", datatype=XSD.integer), XSD.byte),
    }


def test_the_memory_store_keeps_a_graph_it_is_given_as_it_is() -> None:
    graph = world_graph()
    line = Literal("1", datatype=XSD.positiveInteger)
    store = MemoryStore(graph)
    query = f"SELECT ?n WHERE {{ <{DQR['evidence/001-0-24']}> dq:line ?n }}"
    assert rows(store, query) == {(Literal(1),)}
    assert (DQR["evidence/001-0-24"], DQ.line, line) in graph
