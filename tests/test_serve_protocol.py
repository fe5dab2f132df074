"""The SPARQL 1.1 Protocol, case by case, against `kg serve` as a user starts it (Oxigraph in
worker processes, waitress in front), over loopback with a plain HTTP client.

The cases follow the W3C SPARQL 1.1 Protocol test suite's descriptions
(https://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest.ttl, by name):
each query case that applies to a read-only endpoint with one graph, and each update case as
the refusal a read-only endpoint gives. Where the suite expects an endpoint to load the graphs
that ``default-graph-uri`` or ``named-graph-uri`` name, this one answers 400 instead: it holds
one graph and fetches nothing (issue 13); the cases say so.

Then what the protocol leaves to the endpoint, as decided here: the service description and
its formats, N3, a CONSTRUCT asked for in result formats, keep-alive, and the display rule of
``/queries/NAME`` as CSV."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
from collections.abc import Iterator
from http.client import HTTPConnection
from pathlib import Path

import pytest
from helpers import kg
from rdflib import Graph, URIRef
from serving import Served, call, http, start_serve

from kg.stores.base import DATA_GRAPH
from kg.vocab import display
from kg.web.description import SD
from kg.web.service import ServeConfig, SparqlService

# rdflib's own JSON-LD and N3 parsers, reading the answers, use its deprecated names
pytestmark = [
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
]

SELECT = "SELECT ?s WHERE { ?s a dq:State } ORDER BY ?s LIMIT 3"
CONSTRUCT = "CONSTRUCT { ?s a dq:State } WHERE { ?s a dq:State } LIMIT 3"
DESCRIBE = "DESCRIBE <https://w3id.org/dostastyq/id/state/AAA>"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}


@pytest.fixture(scope="module")
def endpoint(world_file: Path) -> Iterator[Served]:
    """`kg serve --graph WORLD`: the defaults a user gets (Oxigraph, two workers)."""
    served = start_serve("--graph", world_file, "--explorer", world_file.parent / "none.html")
    yield served
    served.stop()


def get(served: Served, accept: str = "*/*", **params: str) -> tuple[int, dict[str, str], bytes]:
    return http(
        "GET", f"{served.sparql}?{urllib.parse.urlencode(params)}", None, {"Accept": accept}
    )


def post(
    served: Served, body: bytes, headers: dict[str, str], accept: str = "*/*"
) -> tuple[int, dict[str, str], bytes]:
    return http("POST", served.sparql, body, {**headers, "Accept": accept})


def media(headers: dict[str, str]) -> str:
    return headers["Content-Type"].split(";")[0].strip()


def form(**fields: str) -> bytes:
    return urllib.parse.urlencode(fields).encode()


# ------------------------------------------------------------------ the W3C cases: queries


def test_query_get_post_form_and_post_direct_agree(endpoint: Served) -> None:
    """query_get, query_post_form, query_post_direct: the three ways give one answer."""
    answers = [
        get(endpoint, query=SELECT),
        post(endpoint, form(query=SELECT), FORM),
        post(endpoint, SELECT.encode(), DIRECT),
    ]
    assert {status for status, _, _ in answers} == {200}
    bodies = [json.loads(body) for _, _, body in answers]
    states = [b["s"]["value"] for b in bodies[0]["results"]["bindings"]]
    assert states == [
        f"https://w3id.org/dostastyq/id/state/{code}" for code in ("AAA", "BBB", "CCC")
    ]
    assert bodies[1] == bodies[0] == bodies[2]


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_query_content_type_select_and_ask(endpoint: Served, accept: str, expected: str) -> None:
    """query_content_type_select, query_content_type_ask."""
    for query in (SELECT, "ASK { ?s a dq:State }"):
        status, headers, _ = get(endpoint, accept, query=query)
        assert (status, media(headers)) == (200, expected), query


@pytest.mark.parametrize(
    "accept, expected, parser",
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
    ],
)
def test_query_content_type_construct_and_describe(
    endpoint: Served, accept: str, expected: str, parser: str
) -> None:
    """query_content_type_construct, query_content_type_describe: the graph in the format
    asked for, which parses as that format."""
    for query in (CONSTRUCT, DESCRIBE):
        status, headers, body = get(endpoint, accept, query=query)
        assert (status, media(headers)) == (200, expected), query
        assert len(Graph().parse(data=body, format=parser)) > 0, query


def test_query_dataset_default_graph(endpoint: Served) -> None:
    """query_dataset_default_graph_get and _post: the one default graph may be named; another
    graph is refused rather than fetched."""
    assert get(endpoint, query="ASK { ?s ?p ?o }", **{"default-graph-uri": DATA_GRAPH})[0] == 200
    body = form(query="ASK { ?s ?p ?o }", **{"default-graph-uri": DATA_GRAPH})
    assert post(endpoint, body, FORM)[0] == 200
    status, _, said = get(endpoint, query="ASK {}", **{"default-graph-uri": "http://127.0.0.1:9/"})
    assert status == 400 and DATA_GRAPH.encode() in said


def test_query_dataset_named_graphs_are_refused(endpoint: Served) -> None:
    """query_dataset_named_graphs_post/_get, query_dataset_full, query_multiple_dataset: this
    endpoint has no named graphs and loads none, so each is a 400 that says why."""
    params = {"named-graph-uri": "http://127.0.0.1:9/g"}
    status, _, said = get(endpoint, query="SELECT * { GRAPH ?g { ?s ?p ?o } }", **params)
    assert status == 400 and b"named-graph-uri" in said
    body = form(query="ASK {}", **{"default-graph-uri": DATA_GRAPH, **params})
    assert post(endpoint, body, FORM)[0] == 400


# ------------------------------------------------------------------ the W3C cases: bad requests


def test_bad_query_method(endpoint: Served) -> None:
    """bad_query_method: a query by a method other than GET or POST."""
    status, headers, _ = http("PUT", f"{endpoint.sparql}?query=ASK%7B%7D", b"", DIRECT)
    assert status == 405 and headers["Allow"] == "GET, HEAD, POST, OPTIONS"


def test_bad_multiple_queries(endpoint: Served) -> None:
    """bad_multiple_queries: two query parameters."""
    status, _, said = http("GET", f"{endpoint.sparql}?query=ASK%7B%7D&query=ASK%7B%7D")
    assert status == 400 and b"one query" in said


def test_bad_query_media_types(endpoint: Served) -> None:
    """bad_query_wrong_media_type, bad_query_missing_form_type, bad_query_missing_direct_type:
    a POST whose body is not declared as a form or a query is refused, not guessed."""
    assert post(endpoint, b"ASK {}", {"Content-Type": "text/plain"})[0] == 415
    for body in (form(query="ASK {}"), b"ASK {}"):  # no Content-Type at all
        connection = HTTPConnection(endpoint.base.removeprefix("http://"), timeout=30)
        connection.request("POST", "/sparql", body)  # http.client adds no Content-Type
        assert connection.getresponse().status == 415, body
        connection.close()


def test_bad_query_non_utf8(endpoint: Served) -> None:
    """bad_query_non_utf8: a query in ISO-8859-1, in both POST forms."""
    latin = "ASK { ?s rdfs:label 'Qazaqstan Respublikasy, Almaty' }".replace("y,", "\xff,")
    assert post(endpoint, latin.encode("latin-1"), DIRECT)[0] == 400
    assert post(endpoint, b"query=" + latin.encode("latin-1"), FORM)[0] == 400


def test_bad_query_syntax(endpoint: Served) -> None:
    """bad_query_syntax: 400 with the parser's message."""
    status, _, said = get(endpoint, query="SELECT * WHERE { ?s ?p ?o ")
    assert status == 400 and b"not valid SPARQL" in said


def test_updates_are_refused_every_way(endpoint: Served) -> None:
    """bad_update_get, update_post_form, update_post_direct, bad_update_dataset_conflict:
    an update by GET, by a form, directly or sent as a query is refused (read-only); none
    changes the graph."""
    update = "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
    assert get(endpoint, update=update)[0] == 403
    assert post(endpoint, form(update=update), FORM)[0] == 403
    assert post(endpoint, update.encode(), {"Content-Type": "application/sparql-update"})[0] == 403
    assert post(endpoint, update.encode(), DIRECT)[0] == 403
    status, _, body = get(endpoint, query="ASK { <http://x/a> ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is False


# ------------------------------------------------------------------ what the endpoint decides


@pytest.mark.parametrize(
    "accept, expected, parser",
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/ld+json", "application/ld+json", "json-ld"),
    ],
)
def test_the_service_description_is_negotiated(
    endpoint: Served, accept: str, expected: str, parser: str
) -> None:
    """`GET /sparql` without a query: the description in the format asked for, naming the
    endpoint as the client reached it and the one default graph that default-graph-uri
    accepts (which the dataset case above checks is the one accepted)."""
    status, headers, body = http("GET", endpoint.sparql, None, {"Accept": accept})
    assert (status, media(headers)) == (200, expected)
    description = Graph().parse(data=body, format=parser)
    service = description.value(predicate=SD.endpoint, object=URIRef(endpoint.sparql))
    assert service is not None
    dataset = description.value(service, SD.defaultDataset)
    assert description.value(dataset, SD.defaultGraph) == URIRef(DATA_GRAPH)
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in description
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in description


def test_the_service_description_names_no_hostile_host(world_file: Path) -> None:
    """A Host header is the client's: only a plain host and port reach the description;
    behind a proxy, --public-url names the endpoint."""
    service = SparqlService(open_memory(world_file))
    for host in ('x> . <http://evil/> <http://evil/p> "', "a b", "<script>"):
        _, _, body = call(
            service, "GET", "/sparql", headers={"Host": host, "Accept": "text/turtle"}
        )
        description = Graph().parse(data=body, format="turtle")
        assert set(description.objects(None, SD.endpoint)) == {URIRef("http://localhost/sparql")}
        assert b"evil" not in body and b"<script>" not in body
    public = SparqlService(
        open_memory(world_file), ServeConfig(public_url="https://kg.example.org/sparql")
    )
    _, _, body = call(public, "GET", "/sparql", headers={"Host": "127.0.0.1:1"})
    description = Graph().parse(data=body, format="turtle")
    assert set(description.objects(None, SD.endpoint)) == {URIRef("https://kg.example.org/sparql")}


def open_memory(world_file: Path):
    from kg.stores.opening import open_store

    return open_store("memory", world_file)


def test_n3_is_answered_as_turtle(endpoint: Served) -> None:
    """text/n3 (SPARQLWrapper's N3 sends it, and format=n3): Turtle is N3, so the answer is
    Turtle, labelled so."""
    for accept in ("text/n3", "text/rdf+n3"):
        status, headers, body = get(endpoint, accept, query=CONSTRUCT)
        assert (status, media(headers)) == (200, "text/turtle"), accept
        assert len(Graph().parse(data=body, format="n3")) == 3
    status, headers, _ = get(endpoint, query=CONSTRUCT, format="n3")
    assert (status, media(headers)) == (200, "text/turtle")


def test_a_construct_asked_in_result_formats_gets_turtle(endpoint: Served) -> None:
    """Fuseki's rule, not Oxigraph's 406: a client that sends one Accept of SPARQL result
    types for every query gets a graph in Turtle; an Accept naming nothing this endpoint
    writes still gets 406."""
    accept = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
    status, headers, body = get(endpoint, accept, query=CONSTRUCT)
    assert (status, media(headers)) == (200, "text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) == 3
    assert get(endpoint, "image/png", query=CONSTRUCT)[0] == 406
    assert get(endpoint, "text/turtle", query=SELECT)[0] == 406  # results are not a graph


def test_keep_alive_serves_many_requests_on_one_connection(endpoint: Served) -> None:
    connection = HTTPConnection(endpoint.base.removeprefix("http://"), timeout=30)
    connection.connect()
    first_socket = connection.sock
    for index in range(50):
        connection.request("GET", f"/sparql?query=ASK%7B%7D%23{index % 5}")
        response = connection.getresponse()
        assert response.status == 200 and json.loads(response.read())["boolean"] is True
    assert connection.sock is first_socket  # never closed and reopened
    connection.close()


def test_queries_as_csv_are_sparql_csv_and_the_cli_shortens_them(
    endpoint: Served, world_file: Path
) -> None:
    """The display rule: `/queries/NAME` as CSV is SPARQL 1.1 CSV (full IRIs), byte for byte
    what `/sparql` answers for the query it runs (`/queries/NAME.rq`); `kg query NAME
    --format csv` writes each cell as `kg.vocab.display` shows it (``org/one``)."""
    params = urllib.parse.urlencode({"org": "org/one", "date": "2000-01-01"})
    status, headers, named = http("GET", f"{endpoint.base}/queries/members-at?{params}&format=csv")
    assert (status, media(headers)) == (200, "text/csv")
    _, _, text = http("GET", f"{endpoint.base}/queries/members-at.rq?{params}")
    _, _, direct = post(endpoint, text, DIRECT, "text/csv")
    assert named == direct
    endpoint_rows = list(csv.reader(io.StringIO(named.decode())))
    assert any(cell.startswith("https://w3id.org/dostastyq/id/") for cell in endpoint_rows[1][:3])
    result = kg(
        "query", "members-at", "-p", "org=org/one", "-p", "date=2000-01-01",
        "--format", "csv", "--graph", world_file,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    cli_rows = list(csv.reader(io.StringIO(result.stdout)))
    shortened = [
        [display(URIRef(cell)) if cell.startswith("http") else cell for cell in row]
        for row in endpoint_rows
    ]
    assert cli_rows == shortened


@pytest.mark.parametrize("which", ["memory", "oxigraph"])
def test_one_answer_from_either_store_over_http(
    which: str, server: Served, endpoint: Served
) -> None:
    """End to end on `kg serve --store memory` and the default (Oxigraph): GRAPH on the one
    graph matches nothing (rdflib's server said 400 with its internal message); a relative IRI
    without BASE is refused with the rule (memory answered an invalid term, Oxigraph a parse
    error), and with a BASE resolves the same on both; DATATYPE agrees with the integer
    returned (memory said xsd:positiveInteger of an xsd:integer)."""
    served = server if which == "memory" else endpoint
    status, _, body = get(served, query="SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert status == 200 and json.loads(body)["results"]["bindings"] == []
    status, _, said = get(served, query="SELECT * WHERE { <state/AAA> ?p ?o }")
    assert status == 400 and b"relative IRI <state/AAA> and declares no BASE" in said
    based = "BASE <https://w3id.org/dostastyq/id/> ASK { <state/AAA> a dq:State }"
    status, _, body = get(served, query=based)
    assert status == 200 and json.loads(body)["boolean"] is True
    query = "SELECT ?line (DATATYPE(?line) AS ?type) WHERE { ?e dq:line ?line } LIMIT 1"
    status, _, body = get(served, query=query)
    row = json.loads(body)["results"]["bindings"][0]
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    assert status == 200 and row["line"]["datatype"] == row["type"]["value"] == integer


def test_a_request_cannot_write_terminal_escapes_into_the_log(world_file: Path, caplog) -> None:
    """waitress passes a raw ESC in the request target through; the request log escapes it
    (`kg serve` logs to the terminal). In-process, through kg.web.server.make_server, which
    is also stopped and closed as a caller would."""
    import logging
    import socket
    import threading

    from kg.web.server import make_server

    server = make_server(open_memory(world_file), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="kg.serve"):
            with socket.create_connection(server.server_address, timeout=30) as connection:
                connection.sendall(
                    b"GET /x\x1b[31m HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                )
                reply = b""
                while chunk := connection.recv(65536):
                    reply += chunk
        assert reply.startswith(b"HTTP/1.1 404")
        logged = [record.getMessage() for record in caplog.records if "/x" in record.getMessage()]
        assert logged and "\x1b" not in logged[0] and "/x\\x1b[31m 404" in logged[0]
    finally:
        server.shutdown()
        server.server_close()
    thread.join(10)
    assert not thread.is_alive()
