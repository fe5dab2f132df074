"""`kg serve`: the answers, formats, negotiation, limits and refusals of its request handler,
``SparqlService.handle``, called in-process with the store and limits `kg serve` would give it;
and, end to end, `kg serve` started as a user starts it (a real process on 127.0.0.1, a free
port), driven by real SPARQL clients - SPARQLWrapper, rdflib's SPARQLStore, `kg query --store
URL` - and by plain HTTP for what only the HTTP server decides: where it listens, bodies that
are too large or have no length, twenty clients at once."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path

import pytest
from helpers import kg, recording_listener, world_graph
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from serving import Served, ask, call, get, http, start_serve
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.queries.named import load_query, run_named_query
from kg.stores.base import DATA_GRAPH, QueryResult
from kg.stores.memory import MemoryStore
from kg.stores.opening import open_store
from kg.web.service import ServeConfig, SparqlService

# SPARQLWrapper and rdflib's JSON-LD parser still use rdflib's ConjunctiveGraph
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

STATES = (
    "SELECT ?s ?label WHERE { ?s a dq:State ; rdfs:label ?label FILTER (LANG(?label) = 'en') } "
    "ORDER BY ?s"
)
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


# ------------------------------------------------------------------ real clients, end to end


def listening_addresses(port: int) -> set[str]:
    """The local addresses of sockets listening on ``port`` (Linux's /proc/net/tcp)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def test_it_listens_on_loopback_only(server: Served) -> None:
    """End to end: the real process binds 127.0.0.1 and nothing else."""
    assert server.base.startswith("http://127.0.0.1:")
    port = int(server.base.rsplit(":", 1)[1])
    if Path("/proc/net/tcp").is_file():
        assert listening_addresses(port) == {"127.0.0.1"}
    others = [
        address
        for address in socket.gethostbyname_ex(socket.gethostname())[2]
        if not address.startswith("127.")
    ]
    for address in others:  # the machine's other addresses do not reach it
        with socket.socket() as sock, pytest.raises(OSError):
            sock.settimeout(2)
            sock.connect((address, port))


def test_sparqlwrapper_select_in_every_format(server: Served) -> None:
    """End to end: SPARQLWrapper against the real server."""
    client = SPARQLWrapper(server.sparql)
    client.setQuery(STATES)
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    assert [b["s"]["value"].rsplit("/", 1)[-1] for b in bindings] == ["AAA", "BBB", "CCC"]
    assert bindings[0]["label"] == {"type": "literal", "xml:lang": "en", "value": "Alpha"}

    client.setReturnFormat(XML)
    document = client.query().convert()
    assert next(node.firstChild.data for node in document.getElementsByTagName("uri")).endswith(
        "state/AAA"
    )
    client.setReturnFormat(CSV)
    lines = client.query().convert().decode().splitlines()
    assert lines[0] == "s,label" and lines[1] == "https://w3id.org/dostastyq/id/state/AAA,Alpha"
    client.setReturnFormat(TSV)
    lines = client.query().convert().decode().splitlines()
    assert lines[0] == "?s\t?label"
    assert lines[1] == '<https://w3id.org/dostastyq/id/state/AAA>\t"Alpha"@en'

    client.setMethod(POST)
    client.setReturnFormat(JSON)
    assert len(client.query().convert()["results"]["bindings"]) == 3


def test_sparqlwrapper_ask_construct_describe(server: Served) -> None:
    """End to end: SPARQLWrapper against the real server."""
    client = SPARQLWrapper(server.sparql)
    client.setQuery("ASK { ?s a dq:Membership }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setReturnFormat(XML)
    assert client.query().convert().getElementsByTagName("boolean")[0].firstChild.data == "true"

    client.setQuery("CONSTRUCT { ?s a dq:State } WHERE { ?s a dq:State }")
    client.setReturnFormat(TURTLE)
    turtle = client.query().convert()
    assert len(Graph().parse(data=turtle, format="turtle")) == 3
    client.setReturnFormat(JSONLD)
    assert len(client.query().convert()) == 3  # SPARQLWrapper parses JSON-LD into a Graph

    client.setQuery("DESCRIBE <https://w3id.org/dostastyq/id/org/one>")
    client.setReturnFormat(TURTLE)
    described = Graph().parse(data=client.query().convert(), format="turtle")
    assert (URIRef("https://w3id.org/dostastyq/id/org/one"), None, None) in described


def test_sparqlwrapper_gets_the_parsers_message(server: Served) -> None:
    """End to end: SPARQLWrapper against the real server."""
    client = SPARQLWrapper(server.sparql)
    client.setQuery("SELECT ?x WHERE { ?x }")
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="not valid SPARQL"):
        client.query()


def test_rdflib_sparqlstore_gives_the_memory_stores_rows(server: Served) -> None:
    """End to end: rdflib's SPARQLStore against the real server."""
    remote = Graph(store=SPARQLStore(server.sparql))  # SPARQL XML results, RDF/XML graphs
    query = (
        "SELECT ?s ?label WHERE { ?s a <https://w3id.org/dostastyq/ontology#State> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s ?label"
    )
    local = MemoryStore(world_graph()).query(query)
    assert isinstance(local, QueryResult)
    assert [tuple(row) for row in remote.query(query)] == list(local.rows)
    member = URIRef("https://w3id.org/dostastyq/ontology#member")
    assert len(list(remote.triples((None, member, None)))) == 6
    constructed = remote.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER (?p = <" + str(member) + ">) }"
    )
    assert len(constructed.graph) == 6


def test_kg_query_store_url_through_kg_serve(server: Served) -> None:
    """End to end on the server's side: the endpoint store (what `--store URL` opens, here in
    `kg query` run in-process) against the real server, over HTTP: same rows."""
    args = ["query", "members-at", "-p", "org=org/one", "-p", "date=2000-01-01", "--format"]
    remote = kg(*args, "csv", "--store", server.sparql)
    assert remote.returncode == 0, remote.stderr
    local = run_named_query(
        MemoryStore(world_graph()),
        load_query("members-at"),
        {"org": "org/one", "date": "2000-01-01"},
    )
    assert isinstance(local, QueryResult)
    assert len(remote.stdout.splitlines()) == len(local.rows) + 1 == 4


# --------------------------------------------------------------------------- the handler


def test_named_queries_over_http(service: SparqlService) -> None:
    status, headers, body = call(
        service, "GET", "/queries/members-at?org=org/one&date=1995-01-01&lang=kk"
    )
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    rows = json.loads(body)["results"]["bindings"]
    # ordered by label, by code point: Б (U+0411) before Ә (U+04D8)
    assert [row["label"]["value"] for row in rows if "label" in row] == ["Бета", "Әлфа"]
    status, headers, body = call(
        service, "GET", "/queries/members-at.rq?org=org/one&date=1995-01-01"
    )
    assert status == 200 and b"VALUES (?org ?date ?lang)" in body
    status, _, body = call(service, "GET", "/queries/members-at?org=org/one%3E&date=x")
    assert status == 400 and b"parameter org" in body and b"parameter date" in body
    status, _, body = call(service, "GET", "/queries/no-such-query")
    assert status == 404 and b"/queries" in body
    status, _, body = call(service, "GET", "/queries")
    listing = json.loads(body)
    assert "disputed-claims" in {entry["name"] for entry in listing}


# --------------------------------------------------------------------------- refusals


def test_updates_are_refused(service: SparqlService) -> None:
    update = "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
    form = urllib.parse.urlencode({"update": update}).encode()
    for body, content_type in (
        (form, "application/x-www-form-urlencoded"),
        (update.encode(), "application/sparql-update"),
        (urllib.parse.urlencode({"query": update}).encode(), "application/x-www-form-urlencoded"),
    ):
        status, _, text = call(service, "POST", "/sparql", body, {"Content-Type": content_type})
        assert status == 403 and b"read-only" in text
    status, _, _ = ask(
        service, "ASK { <http://x/a> <http://x/b> <http://x/c> }", "application/json"
    )
    assert status == 200  # and nothing was inserted:
    assert json.loads(ask(service, "ASK { <http://x/a> ?p ?o }")[2])["boolean"] is False


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("SELECT ?x WHERE { ?x }", 400, b"not valid SPARQL"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", 400, b"SERVICE"),
        ("SELECT * FROM <http://127.0.0.1:9/x.ttl> WHERE { ?s ?p ?o }", 400, b"FROM"),
    ],
)
def test_bad_queries_get_400_with_a_reason(service: SparqlService, query, status, message) -> None:
    got, headers, body = ask(service, query)
    assert got == status and message in body
    assert headers["Content-Type"].startswith("text/plain")


def test_hostile_queries_are_refused_on_both_servers(world_file: Path) -> None:
    """End to end, on `kg serve` over each local store: SERVICE spelled with SPARQL's codepoint
    escapes (which the grammar expands before it parses) fetches nothing, and the 5 kB GET of
    2,500 nested groups that used to crash the Oxigraph server gets a 400 naming the limit,
    after which the server still answers."""
    escaped = "SELECT ?x WHERE { \\u0053ERVICE <URL/sparql> { ?x ?p ?o } }"
    nested = "SELECT * WHERE " + "{" * 2500 + "}" * 2500
    with recording_listener() as (url, hits):
        for store in ("memory", "oxigraph"):
            served = start_serve("--store", store, "--graph", world_file)
            try:
                status, _, body = get(served, escaped.replace("URL", url))
                assert (status, hits) == (400, []) and b"SERVICE" in body, body
                status, _, body = get(served, nested)
                assert status == 400 and b"at most 16" in body, body
                assert served.process.poll() is None  # still running
                status, _, body = get(served, STATES, "application/sparql-results+json")
                assert status == 200 and json.loads(body)["results"]["bindings"]
            finally:
                served.stop()


def test_a_frozen_query_costs_one_worker_not_the_server(world_file: Path) -> None:
    """End to end: a regular expression that backtracks for hours (in C, holding Python's lock)
    froze every thread of the old server, /queries too; now it is stopped at the timeout in
    its worker process (503), while the other worker answers."""
    freeze = 'ASK { FILTER (REGEX("' + "a" * 40 + '!", "^(a+)+$")) }'
    # rdflib's REGEX is Python's re, which backtracks; Oxigraph's regex engine does not
    served = start_serve(
        "--store", "memory", "--graph", world_file, "--timeout", "3", "--workers", "2"
    )
    try:
        outcome: dict[str, object] = {}

        def frozen() -> None:
            started = time.monotonic()
            outcome["status"] = get(served, freeze)[0]
            outcome["seconds"] = time.monotonic() - started

        thread = threading.Thread(target=frozen)
        thread.start()
        time.sleep(1.0)
        started = time.monotonic()
        status, _, body = get(served, STATES, "application/sparql-results+json")
        assert status == 200 and json.loads(body)["results"]["bindings"]
        assert time.monotonic() - started < 2.5
        assert http("GET", f"{served.base}/queries")[0] == 200
        thread.join(timeout=60)
        assert outcome["status"] == 503 and outcome["seconds"] < 30  # type: ignore[operator]
    finally:
        served.stop()


def test_kg_serve_defaults_to_oxigraph_in_worker_processes(world_file: Path) -> None:
    served = start_serve("--graph", world_file)
    try:
        assert f"Serving oxigraph (in memory): {world_file}, 2 query worker(s)" in served.log[0]
        status, _, body = get(served, STATES, "application/sparql-results+json")
        expected = MemoryStore(world_graph()).query(STATES)
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == len(
            expected.rows  # type: ignore[union-attr]
        )
    finally:
        served.stop()


def test_the_http_server_answers_odd_requests_plainly(server: Served) -> None:
    """End to end: what only the HTTP server sees (issue 13, point 7 and the 405s)."""
    for method in ("PUT", "DELETE", "PATCH"):
        status, headers, body = http(method, server.sparql, b"x", {"Content-Type": "text/plain"})
        assert (status, headers["Allow"]) == (405, "GET, HEAD, POST, OPTIONS"), method
        assert b"read-only" in body
    status, headers, _ = get(server, "ASK {}", "application/sparql-results+json")
    assert status == 200 and headers["X-Content-Type-Options"] == "nosniff"
    status, headers, _ = get(server, "ASK {}", "text/csv")
    assert status == 200 and headers["X-Content-Type-Options"] == "nosniff"
    assert http("GET", f"{server.sparql}/?query=ASK%7B%7D")[0] == 200  # /sparql/ is /sparql
    status, _, body = http("GET", f"{server.sparql}?query=ASK%7B%7D&format=json&format=csv")
    assert status == 400 and b"2 different formats (csv, json)" in body
    assert http("GET", f"{server.sparql}?query=ASK%7B%7D&format=json&format=json")[0] == 200
    host, port = server.base.removeprefix("http://").split(":")
    for request, status, said in (
        (b"\x00<script> garbage\r\n\r\n", b" 400 Bad Request", b"Start line is invalid"),
        (b"GARBAGE <script>\r\n\r\n", b" 405 Method Not Allowed", b"this method is not allowed"),
        (b"GET / HTTP/1.1\r\nHost: x\r\nBad <script>\r\n\r\n", b" 400", b"Invalid header"),
        (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", b" 400", b"invalid"),
    ):
        with socket.create_connection((host, int(port)), timeout=10) as connection:
            connection.sendall(request)
            reply = b""
            while chunk := connection.recv(65536):  # the server closes after an error
                reply += chunk
        head, _, body = reply.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.") and head[8:].startswith(status), reply
        assert b"Content-Type: text/plain" in head and b"<script>" not in reply
        assert said in body, reply


def test_oversized_requests_are_refused(server: Served) -> None:
    """End to end: bodies over 1 MB, chunked or not, get 413 (waitress reads them, up to 16
    MB, so that the client sees the answer); 431 is waitress's own refusal; 414 the
    handler's."""
    huge = ("SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_100_000).encode()
    status, _, body = http(
        "POST", server.sparql, huge, {"Content-Type": "application/sparql-query"}
    )
    assert status == 413 and b"larger than 1,000,000 bytes" in body
    status, _, _ = get(server, "ASK {} #" + "x" * 20_000)
    assert status == 414
    assert http("GET", server.sparql + "?query=ASK%7B%7D", None, {"X-Big": "x" * 70_000})[0] == 431

    def chunked(parts: list[bytes]) -> int:
        connection = HTTPConnection(server.base.removeprefix("http://"), timeout=30)
        connection.request(
            "POST", "/sparql", iter(parts), {"Content-Type": "application/sparql-query"},
            encode_chunked=True,
        )  # fmt: skip
        status = connection.getresponse().status
        connection.close()
        return status

    assert chunked([b"ASK ", b"{ }"]) == 200  # a chunked body is read, within the same limit
    assert chunked([b"ASK {} #", b"x" * 600_000, b"x" * 600_000]) == 413
    assert (
        http("POST", server.sparql, b"ASK {}", {"Content-Type": "application/sparql-query"})[0]
        == 200
    )
    connection = HTTPConnection(server.base.removeprefix("http://"), timeout=10)
    connection.putrequest("POST", "/sparql")
    connection.putheader("Content-Type", "application/sparql-query")
    connection.endheaders()  # no Content-Length, no body: an empty body, said so
    response = connection.getresponse()
    assert (response.status, response.read()) == (
        400,
        b"the POST has no body: send the query in it\n",
    )
    connection.close()


def test_content_negotiation(service: SparqlService) -> None:
    assert ask(service, STATES, "text/csv")[1]["Content-Type"].startswith("text/csv")
    assert ask(service, STATES, "application/sparql-results+xml;q=0.5, text/csv;q=0.9")[1][
        "Content-Type"
    ].startswith("text/csv")
    assert ask(service, STATES, "text/csv", format="tsv")[1]["Content-Type"].startswith(
        "text/tab-separated-values"
    )
    construct = "CONSTRUCT { ?s a dq:State } WHERE { ?s a dq:State }"
    assert ask(service, construct)[1]["Content-Type"].startswith("text/turtle")
    status, _headers, body = ask(service, construct, "application/ld+json")
    assert status == 200 and len(Graph().parse(data=body, format="json-ld")) == 3
    status, _, body = ask(service, STATES, "image/png")
    assert status == 406 and b"application/sparql-results+json" in body
    status, _, body = ask(service, STATES, format="turtle")
    assert status == 400 and b"format=turtle is not offered for SELECT" in body


def test_the_dataset_is_one_graph(service: SparqlService) -> None:
    assert ask(service, "ASK { ?s ?p ?o }", **{"default-graph-uri": DATA_GRAPH})[0] == 200
    status, _, body = ask(service, "ASK { ?s ?p ?o }", **{"default-graph-uri": "http://x/other"})
    assert status == 400 and DATA_GRAPH.encode() in body
    assert ask(service, "ASK { ?s ?p ?o }", **{"named-graph-uri": "http://x/g"})[0] == 400


def test_cors_for_browser_clients(service: SparqlService) -> None:
    status, headers, _ = call(service, "OPTIONS", "/sparql")
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert ask(service, STATES)[1]["Access-Control-Allow-Origin"] == "*"


def test_slow_queries_time_out_and_answers_are_cut(strict_service: SparqlService) -> None:
    started = time.monotonic()
    status, _, body = ask(strict_service, HEAVY)
    assert status == 503 and b"ran longer than 0.5 s" in body
    assert time.monotonic() - started < 5
    status, headers, body = ask(strict_service, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 5
    assert headers["X-KG-Truncated"] == "true" and headers["X-KG-Row-Limit"] == "5"
    # the service is still answering after the slow query
    assert json.loads(ask(strict_service, "ASK { ?s ?p ?o }")[2])["boolean"] is True


# --------------------------------------------------------------------------- pages


def test_the_query_page(service: SparqlService) -> None:
    status, headers, body = call(service, "GET", "/", headers={"Accept": "text/html"})
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    for name in ("members-at", "disputed-claims", "entities-by-name", "succession-chains"):
        assert f'data-name="{name}"' in page
    assert 'value="org/cis"' in page  # parameters prefilled from each query's example
    # everything inline: no scripts, styles or fonts from elsewhere, and a policy that says so
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page)
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)  # type: ignore[union-attr]
    assert page.count(f'nonce="{nonce}"') == 2  # the one style and the one script
    assert "triples" in page and "memory:" in page


def test_the_pages_example_query_runs(service: SparqlService) -> None:
    from kg.web.service import DEFAULT_QUERY

    status, _, body = ask(service, DEFAULT_QUERY, "application/sparql-results+json")
    assert status == 200 and "results" in json.loads(body)


def test_labels_are_escaped_in_html_answers(service: SparqlService) -> None:
    query = "SELECT ?label WHERE { <https://w3id.org/dostastyq/id/state/CCC> rdfs:label ?label }"
    status, headers, body = ask(service, query, "text/html")
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<script>alert" not in page
    assert "Gamma &lt;script&gt;alert(&#39;gamma&#39;)&lt;/script&gt; &amp; Co" in page
    status, _, body = call(
        service, "GET", "/queries/withdrawals?format=html", headers={"Accept": "text/html"}
    )
    assert status == 200 and b"<script>alert" not in body and b"&lt;script&gt;" in body


def test_browsers_get_the_page_for_a_bare_sparql_url(service: SparqlService) -> None:
    status, headers, _ = call(service, "GET", "/sparql", headers={"Accept": "text/html"})
    assert status == 303 and headers["Location"] == "/"  # a browser follows it to the page
    status, _, body = call(service, "GET", headers["Location"], headers={"Accept": "text/html"})
    assert status == 200 and b"Named queries" in body
    status, _headers, body = call(service, "GET", "/sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and b"sd:Service" in body  # the service description


def test_explorer_page_or_how_to_make_it(service: SparqlService, world_file: Path) -> None:
    status, _, body = call(service, "GET", "/explore")
    assert status == 404 and b"kg explore" in body
    explorer = world_file.parent / "explorer.html"
    explorer.write_text("<!doctype html><title>Explorer</title><p>graph</p>", encoding="utf-8")
    with_page = SparqlService(service.store, ServeConfig(explorer=explorer))  # --explorer PAGE
    status, headers, body = call(with_page, "GET", "/explore")
    assert status == 200 and b"<title>Explorer</title>" in body
    assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_unknown_paths_and_methods(service: SparqlService) -> None:
    assert call(service, "GET", "/nothing-here")[0] == 404
    status, headers, _ = call(service, "DELETE", "/sparql")
    assert (status, headers["Allow"]) == (405, "GET, HEAD, POST, OPTIONS")
    assert call(service, "POST", "/", b"x", {"Content-Type": "text/plain"})[0] == 405
    status, _, body = call(
        service, "POST", "/sparql", b"query=ASK{}", {"Content-Type": "text/plain"}
    )
    assert status == 415 and b"application/sparql-query" in body


# --------------------------------------------------------------------------- other backends, load


def test_serve_an_oxigraph_store(world_file: Path, tmp_path: Path) -> None:
    """`kg load` into an Oxigraph folder, then the handler `kg serve --store oxigraph:FOLDER`
    makes (both in-process)."""
    folder = tmp_path / "oxigraph"
    loaded = kg("load", "--store", f"oxigraph:{folder}", "--graph", world_file)
    assert loaded.returncode == 0, loaded.stderr
    served = SparqlService(open_store(f"oxigraph:{folder}"), ServeConfig())
    status, _, body = call(served, "GET", "/queries/withdrawals?format=json")
    assert status == 200
    parties = [row["party"]["value"] for row in json.loads(body)["results"]["bindings"]]
    assert [party.rsplit("/", 1)[-1] for party in parties] == ["CCC", "BBB"]


def test_twenty_clients_at_once(server: Served) -> None:
    """End to end: a bounded version of `make bench` against the real server's threads: 20
    clients, 200 queries, no errors, same answers."""
    expected = get(server, STATES, "application/sparql-results+json")[2]
    queries = [STATES, "ASK { ?s ?p ?o }", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"]

    def client(index: int) -> list[tuple[int, bytes]]:
        results = []
        for round_ in range(10):
            query = queries[(index + round_) % len(queries)]
            status, _, body = get(server, query, "application/sparql-results+json")
            results.append((status, body if query == STATES else b""))
        return results

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = [item for batch in pool.map(client, range(20)) for item in batch]
    assert len(outcomes) == 200
    assert all(status == 200 for status, _ in outcomes)
    assert all(body == expected for _, body in outcomes if body)


def test_literals_are_data_in_json_answers(service: SparqlService) -> None:
    body = ask(service, STATES, "application/sparql-results+json")[2]
    labels = [b["label"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert labels[2] == str(Literal("Gamma <script>alert('gamma')</script> & Co"))


def test_answers_of_a_local_store_are_kept(service: SparqlService) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a dq:Signing } # a query asked only here"
    first, second = ask(service, query), ask(service, query)
    assert first[0] == second[0] == 200 and first[2] == second[2]
    assert "X-KG-Cache" not in first[1] and second[1]["X-KG-Cache"] == "hit"
    csv_answer = ask(service, query, "text/csv")  # another format is another answer
    assert "X-KG-Cache" not in csv_answer[1] and csv_answer[2].startswith(b"n\r\n")
