"""The stores: parameters bound safely and alike on every backend, timeouts that stop work,
row limits, refusals that say what to do, atomic loading, and the endpoint client's errors."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from helpers import recording_listener, world_graph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.queries.named import to_term
from kg.stores.base import (
    DATA_GRAPH,
    GraphResult,
    OutsideDataError,
    QueryError,
    QueryResult,
    QueryTimeout,
    Store,
    StoreError,
    normalise_term,
)
from kg.stores.endpoint import EndpointStore
from kg.stores.guard import MAX_NESTING, MAX_QUERY_CHARACTERS, QueryRefused
from kg.stores.memory import MemoryStore
from kg.stores.opening import load_store, open_store
from kg.stores.oxigraph import OxigraphStore
from kg.stores.text import inject_values, query_form, uses_keyword

HOSTILE_TEXTS = [
    'a"b',
    "a'b",
    '"""',
    "'''",
    'ends with "',
    "ends with \\",
    "back\\slash\\\\",
    "line\nbreak",
    'line\nbreak and """ and "',
    "carriage\r\nreturn",
    "tab\there",
    "} UNION { ?s ?p ?o } #",
    "> } # <http://x/>",
    '" } ; DROP GRAPH <http://x/> ; #',
    "$x ?y",
    "Қазақстан — «ТМД»",
    "😀 emoji",
    "",
]


@pytest.fixture(scope="module")
def world() -> Graph:
    return world_graph()


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def local_store(request, world) -> Store:
    if request.param == "memory":
        return MemoryStore(world)
    return OxigraphStore.from_graph(world)


def value_of(store: Store, term) -> object:
    result = store.query("SELECT ?v WHERE { }", {"v": term})
    assert isinstance(result, QueryResult)
    assert result.columns == ("v",) and len(result.rows) == 1
    return result.rows[0][0]


# --------------------------------------------------------------------------- binding


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_text_comes_back_as_the_same_literal(local_store: Store, text: str) -> None:
    assert value_of(local_store, Literal(text)) == Literal(text)
    assert value_of(local_store, Literal(text, lang="kk")) == Literal(text, lang="kk")


@pytest.mark.virtuoso
def test_hostile_text_comes_back_from_virtuoso(virtuoso_server) -> None:
    store = EndpointStore(virtuoso_server.sparql_url)
    for text in HOSTILE_TEXTS:
        assert value_of(store, Literal(text)) == Literal(text), text


@pytest.mark.parametrize(
    "term",
    [
        Literal("2010-01-01", datatype=XSD.date),
        Literal(1991),
        Literal(True),
        Literal("x", lang="ru"),
        URIRef("https://w3id.org/dostastyq/id/org/cis"),
    ],
)
def test_terms_of_every_kind_round_trip(local_store: Store, term) -> None:
    assert value_of(local_store, term) == term


@pytest.mark.parametrize(
    ("term", "message"),
    [
        (URIRef("http://x/a> } #"), "not an IRI that can be written safely"),
        (URIRef("http://x/a b"), "not an IRI that can be written safely"),
        (BNode(), "a parameter is an IRI or a literal"),
        (Literal("nul\x00"), "control characters"),
        (Literal("x", datatype=URIRef("http://x/> }")), "is not an IRI"),
    ],
)
def test_unsafe_terms_are_refused(term, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        inject_values("SELECT * WHERE { ?s ?p ?v }", {"v": term})


def test_bad_variable_names_are_refused() -> None:
    with pytest.raises(QueryError, match="is not a variable name"):
        inject_values("SELECT * WHERE { ?s ?p ?v }", {"v) { } #": Literal("x")})


def test_parameters_are_seen_by_filters_and_optionals(local_store: Store) -> None:
    query = """
        SELECT ?member ?label WHERE {
          ?m a dq:Membership ; dq:member ?member ; dq:organisation ?org ; dq:start ?start .
          FILTER (?start <= ?day)
          OPTIONAL { ?member rdfs:label ?label FILTER (LANG(?label) = ?lang) }
        } ORDER BY ?member"""
    bindings = {
        "org": to_term("entity", "org/two"),
        "day": to_term("date", "2000-06-01"),
        "lang": to_term("language", "kk"),
    }
    result = local_store.query(query, bindings)
    assert isinstance(result, QueryResult)
    assert [(str(m).rsplit("/", 1)[-1], str(label)) for m, label in result.rows] == [
        ("AAA", "Әлфа")
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # braces, hashes and keywords inside comments, strings and IRIs do not move the group
        ('# SELECT { \nSELECT ?v WHERE { BIND ("{" AS ?x) }', "{ VALUES (?v)"),
        ("SELECT ?v WHERE { ?s <http://x/a#{> ?o } LIMIT 1", "WHERE { VALUES (?v)"),
        ("select ?v { ?s ?p ?o }", "select ?v { VALUES (?v)"),
        ("PREFIX e: <http://x/#> SELECT (EXISTS { ?a ?b ?c } AS ?e) ?v WHERE { }", "WHERE { VAL"),
        ("ASK { }", "ASK { VALUES (?v)"),
        ("CONSTRUCT { ?s ?p ?v } WHERE { ?s ?p ?o }", "WHERE { VALUES (?v)"),
        ("DESCRIBE ?v WHERE { }", "WHERE { VALUES (?v)"),
        ("SELECT ?v WHERE { ?s e:a\\#b\\'c ?o }", "WHERE { VALUES (?v)"),
        ("SELECT ?v WHERE { ?s ?p '''}'''}", "WHERE { VALUES (?v)"),
    ],
)
def test_the_values_block_goes_first_in_the_where_group(query: str, expected: str) -> None:
    assert expected in inject_values(query, {"v": Literal("x")})


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("CONSTRUCT WHERE { ?s ?p ?v }", "short form"),
        ("DESCRIBE <http://x/>", "has no WHERE clause"),
        ("INSERT DATA { <a:b> <a:c> <a:d> }", "can only be bound in"),
        ("", "can only be bound in"),
    ],
)
def test_queries_without_a_place_for_parameters_are_refused(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        inject_values(query, {"v": Literal("x")})


def test_expressions_get_the_term_but_bound_and_as_keep_the_variable() -> None:
    text = inject_values(
        "SELECT ?v WHERE { FILTER (BOUND(?v) && ?v = 'a') BIND (?v AS ?w) "
        "FILTER NOT EXISTS { ?s ?p ?v } }",
        {"v": Literal("a")},
    )
    assert "BOUND(?v)" in text and "\"a\" = 'a'" in text
    assert 'BIND ("a" AS ?w)' in text
    assert "{ ?s ?p ?v }" in text  # a graph pattern inside EXISTS keeps its variable


def test_without_bindings_the_text_is_untouched() -> None:
    text = "SELECT * WHERE { ?s ?p ?o } # unchanged"
    assert inject_values(text, None) == text and inject_values(text, {}) == text


def test_query_form_and_keywords() -> None:
    assert query_form("PREFIX a: <http://x/> SELECT * {}") == "SELECT"
    assert query_form("WITH <http://x/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }") == "UPDATE"
    assert query_form("nonsense") == ""
    assert uses_keyword("select * { service <http://x/> {} }", "SERVICE")
    assert not uses_keyword('SELECT * { ?s dq:service "SERVICE" }', "SERVICE")


# --------------------------------------------------------------------------- answers


def test_same_prefixes_on_every_backend(local_store: Store) -> None:
    result = local_store.query("SELECT (COUNT(*) AS ?n) WHERE { ?m a dq:Membership }")
    assert isinstance(result, QueryResult)
    assert result.rows[0][0] == Literal(6)


def test_ask_construct_and_describe(local_store: Store) -> None:
    ask = local_store.query("ASK { ?s a dq:State }")
    assert isinstance(ask, QueryResult) and ask.rows == ((Literal(True),),)
    graph = local_store.query("CONSTRUCT { ?s a dq:State } WHERE { ?s a dq:State }")
    assert isinstance(graph, GraphResult) and len(graph.graph) == 3
    described = local_store.query("DESCRIBE <https://w3id.org/dostastyq/id/org/one>")
    assert isinstance(described, GraphResult) and len(described.graph) > 0


def test_row_limit_marks_the_answer_truncated(local_store: Store) -> None:
    result = local_store.query("SELECT * WHERE { ?s ?p ?o }", max_rows=5)
    assert isinstance(result, QueryResult)
    assert len(result.rows) == 5 and result.truncated
    whole = local_store.query("SELECT * WHERE { ?s a dq:State }", max_rows=5)
    assert isinstance(whole, QueryResult) and not whole.truncated
    graph = local_store.query("CONSTRUCT WHERE { ?s ?p ?o }", max_rows=7)
    assert isinstance(graph, GraphResult) and len(graph.graph) == 7 and graph.truncated


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }", "FROM"),
        ("SELECT ?x WHERE { ?x }", "not valid SPARQL"),
    ],
)
def test_local_stores_refuse_what_would_reach_outside(
    local_store: Store, query: str, message: str
) -> None:
    with pytest.raises(QueryError, match=message):
        local_store.query(query)


@pytest.fixture(scope="module")
def listener() -> Iterator[tuple[str, list[str]]]:
    with recording_listener() as found:
        yield found


# Each reaches for the listener; ESC is a backslash, so that the query carries SPARQL's own
# codepoint escapes (\u0053 is S), which the grammar expands before it parses.
ESC = "\\"
REACHING = [
    pytest.param("SELECT ?x WHERE { SERVICE <URL/sparql> { ?x ?p ?o } }", "SERVICE", id="service"),
    pytest.param(
        f"SELECT ?x WHERE {{ {ESC}u0053ERVICE <URL/sparql> {{ ?x ?p ?o }} }}", "SERVICE",
        id="service-escaped",
    ),
    pytest.param(
        f"SELECT ?x WHERE {{ {ESC}U00000053ervice SILENT <URL/sparql> {{ ?x ?p ?o }} }}",
        "SERVICE", id="service-long-escape-silent",
    ),
    pytest.param(
        f"SELECT ?x WHERE {{ SERVICE <URL/{ESC}u0073parql> {{ ?x ?p ?o }} }}", "SERVICE",
        id="service-escaped-iri",
    ),
    pytest.param("SELECT * FROM <URL/data.ttl> WHERE { ?s ?p ?o }", "FROM", id="from"),
    pytest.param(
        "SELECT * FROM NAMED <URL/data.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM",
        id="from-named",
    ),
    pytest.param(
        f"SELECT * {ESC}u0046ROM <URL/data.ttl> WHERE {{ ?s ?p ?o }}", "FROM", id="from-escaped"
    ),
]  # fmt: skip


@pytest.mark.parametrize(("query", "keyword"), REACHING)
def test_no_query_reaches_outside_the_store_however_it_is_spelled(
    local_store: Store, listener: tuple[str, list[str]], query: str, keyword: str
) -> None:
    url, hits = listener
    with pytest.raises(OutsideDataError) as caught:
        local_store.query(query.replace("URL", url))
    assert caught.value.keyword == keyword
    assert hits == []  # nothing was fetched, not even a refused request


def test_queries_too_deep_or_too_long_are_refused_before_any_engine(local_store: Store) -> None:
    # 2,500 nested groups crash Oxigraph's parser (a segmentation fault): refused by the count
    crasher = "SELECT * WHERE " + "{ " * 2500 + "}" * 2500
    with pytest.raises(QueryRefused, match=f"nested 2500 deep; at most {MAX_NESTING}"):
        local_store.query(crasher)
    escaped = "SELECT * WHERE " + f"{ESC}u007B " * 40 + f"{ESC}u007D" * 40  # escaped braces
    with pytest.raises(QueryRefused, match="nested 40 deep"):
        local_store.query(escaped)
    with pytest.raises(QueryRefused, match=f"at most {MAX_QUERY_CHARACTERS:,}"):
        local_store.query("SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_QUERY_CHARACTERS)
    # at the limit, a query is answered
    deepest = (
        "SELECT (COUNT(*) AS ?n) WHERE "
        + "{ " * MAX_NESTING
        + "?s a dq:State "
        + "} " * MAX_NESTING
    )
    flat = local_store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a dq:State }")
    answer = local_store.query(deepest)
    assert isinstance(answer, QueryResult) and isinstance(flat, QueryResult)
    assert answer.rows == flat.rows and int(flat.rows[0][0]) > 0  # type: ignore[arg-type]


HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_a_long_query_times_out_and_its_work_stops() -> None:
    store = MemoryStore(world_graph())
    before = threading.active_count()
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"ran longer than 0\.5 s"):
        store.query(HEAVY, timeout=0.5)
    assert time.monotonic() - started < 3
    deadline = time.monotonic() + 5  # rdflib evaluates in Python: the worker stops promptly
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() <= before
    assert isinstance(store.query("ASK { ?s ?p ?o }", timeout=5), QueryResult)  # still usable


def test_oxigraph_answers_the_timeout_on_time() -> None:
    store = OxigraphStore.from_graph(world_graph())
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        store.query(HEAVY, timeout=0.3)
    # pyoxigraph cannot be interrupted inside its Rust evaluation; the caller is not kept
    # waiting, and the evaluation (seconds, on this graph) ends by itself.
    assert time.monotonic() - started < 2


def test_normalise_term() -> None:
    assert normalise_term(Literal("x", datatype=XSD.string)) == Literal("x")
    assert normalise_term(Literal("7", datatype=XSD.nonNegativeInteger)) == Literal(7)
    assert normalise_term(Literal("x", lang="EN")).language == "en"
    assert normalise_term(Literal("2010-01-01", datatype=XSD.date)).datatype == XSD.date
    assert normalise_term(None) is None


# --------------------------------------------------------------------------- opening, loading


def test_open_store_errors_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unknown store 'sqlite:x'"):
        open_store("sqlite:x")
    # a URL urllib cannot read is a StoreError too (it was a ValueError, and a traceback)
    with pytest.raises(StoreError, match=r"'http://\[::1' is not a URL .*Invalid IPv6 URL"):
        open_store("http://[::1")
    with pytest.raises(StoreError, match="is not a URL of a SPARQL endpoint: Port out of range"):
        open_store("http://127.0.0.1:99999/sparql")
    with pytest.raises(StoreError, match="run `kg build` first"):
        open_store("memory", tmp_path / "none.ttl")
    with pytest.raises(StoreError, match=r"run `kg load --store oxigraph:"):
        open_store(f"oxigraph:{tmp_path / 'none'}")
    (tmp_path / "kg.ttl").write_text("", encoding="utf-8")
    with pytest.raises(StoreError, match="is a file; an Oxigraph store is a folder"):
        open_store(f"oxigraph:{tmp_path / 'kg.ttl'}")
    with pytest.raises(StoreError, match="nothing to load"):
        load_store("memory", tmp_path / "kg.ttl")


def write_world(path: Path, graph: Graph) -> Path:
    path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    return path


def test_oxigraph_load_replaces_a_store_only_when_the_new_one_is_complete(
    tmp_path: Path,
) -> None:
    world = world_graph()
    folder = tmp_path / "store"
    assert load_store(f"oxigraph:{folder}", write_world(tmp_path / "w.ttl", world)) == len(world)
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://x/a> <http://x/b> .", encoding="utf-8")  # no object
    with pytest.raises(StoreError, match=r"loading .* failed"):
        load_store(f"oxigraph:{folder}", broken)
    assert len(OxigraphStore.open(folder).as_graph()) == len(world)  # the old store, intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.ttl", "store", "w.ttl"]
    smaller = Graph()
    smaller.add((URIRef("http://x/a"), URIRef("http://x/b"), Literal("c")))
    assert load_store(f"oxigraph:{folder}", write_world(tmp_path / "s.ttl", smaller)) == 1
    assert len(OxigraphStore.open(folder).as_graph()) == 1


def test_oxigraph_load_will_not_replace_another_folder(tmp_path: Path) -> None:
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "thesis.docx").write_text("…", encoding="utf-8")
    with pytest.raises(StoreError, match="is not an Oxigraph store; refusing to replace it"):
        load_store(f"oxigraph:{tmp_path / 'precious'}", write_world(tmp_path / "w.ttl", Graph()))
    assert (tmp_path / "precious" / "thesis.docx").is_file()


def test_two_readers_can_open_one_oxigraph_store(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    load_store(f"oxigraph:{folder}", write_world(tmp_path / "w.ttl", world_graph()))
    first, second = OxigraphStore.open(folder), OxigraphStore.open(folder)
    assert first.query("ASK { ?s ?p ?o }") == second.query("ASK { ?s ?p ?o }")


# --------------------------------------------------------------------------- endpoint client


def test_endpoint_credentials_never_in_the_url() -> None:
    with pytest.raises(StoreError, match="KG_STORE_USER and KG_STORE_PASSWORD, not in the URL"):
        EndpointStore("http://dba:dba@127.0.0.1:8890/sparql")


def test_endpoint_graph_comes_from_the_url() -> None:
    assert EndpointStore("http://127.0.0.1:1/sparql").graph == DATA_GRAPH
    named = EndpointStore("http://127.0.0.1:1/sparql?default-graph-uri=http://x/g&timeout=5")
    assert named.graph == "http://x/g" and named.url == "http://127.0.0.1:1/sparql?timeout=5"
    assert EndpointStore("http://127.0.0.1:1/sparql?default-graph-uri=").graph is None


def test_an_unreachable_endpoint_says_so() -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    store = EndpointStore(f"http://127.0.0.1:{port}/sparql")
    with pytest.raises(StoreError, match=r"cannot reach .* is the server running"):
        store.query("ASK {}")


@pytest.mark.virtuoso
def test_endpoint_errors_from_a_real_server(virtuoso_server) -> None:
    store = EndpointStore(virtuoso_server.sparql_url)
    with pytest.raises(QueryError, match=r"refused the request \(400\).*SP030"):
        store.query("SELECT ?x WHERE { ?x }")
    with pytest.raises(QueryError, match="a SPARQL Update, not a query"):
        store.query("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")
    with mock.patch.dict(os.environ, {"KG_STORE_USER": "dba", "KG_STORE_PASSWORD": "wrong"}):
        wrong = EndpointStore(f"{virtuoso_server.update_url}?default-graph-uri=http://x/g")
    with pytest.raises(StoreError, match=r"asks for credentials.*were refused"):
        wrong.load(write_world_tmp(), "update")
    with mock.patch.dict(os.environ, {}, clear=False):
        os.environ.pop("KG_STORE_USER", None)
        anonymous = EndpointStore(f"{virtuoso_server.update_url}?default-graph-uri=http://x/g")
    with pytest.raises(StoreError, match="asks for credentials: set KG_STORE_USER"):
        anonymous.load(write_world_tmp(), "update")


def write_world_tmp() -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp())
    return write_world(folder / "w.ttl", world_graph())


@pytest.mark.virtuoso
def test_a_failed_endpoint_load_leaves_the_graph_as_it_was(virtuoso_server, tmp_path) -> None:
    iri = "https://w3id.org/dostastyq/graph/test-atomic"
    env = {"KG_STORE_USER": virtuoso_server.user, "KG_STORE_PASSWORD": virtuoso_server.password}
    with mock.patch.dict(os.environ, env):
        target = EndpointStore(f"{virtuoso_server.update_url}?default-graph-uri={iri}")
        world = world_graph()
        assert target.load(write_world(tmp_path / "w.ttl", world)) == len(world)
        bigger = world_graph()
        for index in range(2500):  # several INSERT DATA requests
            bigger.add((URIRef(f"http://x/{index}"), URIRef("http://x/p"), Literal(index)))
        with mock.patch.object(
            EndpointStore, "_update", autospec=True, side_effect=failing_after(2)
        ):
            with pytest.raises(StoreError, match="simulated"):
                target.load(write_world(tmp_path / "b.ttl", bigger))
    reader = EndpointStore(f"{virtuoso_server.sparql_url}?default-graph-uri={iri}")
    assert len(reader.as_graph()) == len(world)
    graphs = EndpointStore(f"{virtuoso_server.sparql_url}?default-graph-uri=").query(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER (CONTAINS(STR(?g), 'loading')) }"
    )
    assert isinstance(graphs, QueryResult) and graphs.rows == ()  # no staging graph left


def failing_after(calls: int):
    """A stand-in for ``EndpointStore._update`` that works ``calls`` times, then fails once
    (the clean-up afterwards goes through)."""
    real = EndpointStore._update
    state = {"count": 0}

    def update(self, text: str) -> None:
        state["count"] += 1
        if state["count"] == calls + 1:
            raise StoreError("simulated network failure")
        real(self, text)

    return update
