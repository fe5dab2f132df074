"""The endpoint's pages and answers in-process (``SparqlService.handle``, no sockets): one Jinja2
environment renders them; values from the graph are escaped by autoescape in the page and by
the one ``script_json`` in inline scripts; negotiation only reads the request; refusals keep
their statuses and messages; CONSTRUCT answers are ``GraphResult`` values."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

import jinja2
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node

from kg.examples import tiny_graph
from kg.queries.named import NamedQuery, Parameter
from kg.stores.base import GraphResult, QueryError, QueryResult
from kg.stores.memory import MemoryStore
from kg.web import explorer
from kg.web.formats import negotiate
from kg.web.http import Request
from kg.web.service import FEDERATION_REFUSAL, UPDATE_REFUSAL, ServeConfig, SparqlService
from kg.web.templating import ENVIRONMENT, inlinable, render, script_json

HOSTILE = "</script><script>alert(1)</script><!-- \u2028\u2029 & 'q' \"d\""
KAZ = URIRef("https://w3id.org/dostastyq/id/state/KAZ")
HTML = {"Accept": "text/html"}


def _hostile_store() -> MemoryStore:
    graph = tiny_graph()
    graph.add((KAZ, RDFS.label, Literal(HOSTILE, lang="en")))
    return MemoryStore(graph, f"memory: {HOSTILE}")


def _service(store=None, **config) -> SparqlService:
    query = NamedQuery(
        name="hostile",
        title=f"Title {HOSTILE}",
        question=f"Question {HOSTILE}",
        parameters=(Parameter("org", "entity", f"about {HOSTILE}", default=HOSTILE),),
        examples=(),
        text="SELECT ?org WHERE { ?s dq:memberOf ?org }",
        path=Path("hostile.rq"),
    )
    return SparqlService(
        store or _hostile_store(),
        ServeConfig(explorer=Path("/nonexistent/explorer.html"), **config),
        queries=[query],
    )


def _script_text(page: str, element_id: str) -> str:
    found = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', page)
    assert found, element_id
    return found.group(1)


def _assert_escaped(page: str) -> None:
    """The hostile text opened and closed no element: it shows only escaped."""
    assert "<script>alert" not in page and "<!-- " not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page


# --------------------------------------------------------------------------- script_json


@pytest.mark.parametrize(
    "value", [HOSTILE, "\u2028", "\u2029", "</script>", "<!--", {"</SCRIPT>": ["<!--", "\u2028"]}]
)
def test_script_json_cannot_leave_a_script(value) -> None:
    text = script_json(value)
    assert json.loads(text) == value
    assert not set("<>&\u2028\u2029") & set(text)


def test_every_page_uses_the_one_script_json() -> None:
    assert not hasattr(explorer, "script_json") or explorer.script_json is script_json
    assert ENVIRONMENT.filters["script_json"](HOSTILE) == script_json(HOSTILE)
    config = {"label": HOSTILE}
    page = render(
        "query.html", nonce="n", store="s", triples="1", timeout="1", max_rows="1",
        prefixes="dq:", endpoint="/sparql", default_query="", named_queries=[], config=config,
    )  # fmt: skip
    inline = _script_text(page, "kg-config")
    assert json.loads(inline) == config
    assert not set("<>&\u2028\u2029") & set(inline)


def test_templates_refuse_undefined_names_and_unsafe_inline_text() -> None:
    with pytest.raises(jinja2.UndefinedError):
        render("error.html", title="Not found", nonce="n")  # no message
    with pytest.raises(ValueError, match="cannot be inlined"):
        inlinable("a = '</script>'", "bad.js")


# --------------------------------------------------------------------------- pages


def test_the_query_page_escapes_the_store_and_the_named_queries() -> None:
    response = _service().handle("GET", "/", HTML)
    page = response.body.decode()
    assert response.status == 200 and response.content_type.startswith("text/html")
    _assert_escaped(page)
    assert 'data-name="hostile"' in page and "Title &lt;/script&gt;" in page
    assert 'value="&lt;/script&gt;&lt;script&gt;' in page  # the default, in its input
    nonce = re.search(r"'nonce-([^']+)'", response.header("Content-Security-Policy") or "")
    assert nonce and page.count(f'nonce="{nonce.group(1)}"') == 2
    assert "82 triples" in page  # the tiny graph and the hostile label


def test_answers_and_errors_as_pages_escape_graph_values() -> None:
    service = _service()
    query = f"SELECT ?label WHERE {{ <{KAZ}> rdfs:label ?label }}"
    table = service.handle("GET", "/sparql?" + _encode(query=query, format="html"), HTML)
    assert table.status == 200 and table.header("Content-Security-Policy")
    _assert_escaped(table.body.decode())
    assert '<span class="lang">@en</span>' in table.body.decode()

    described = service.handle("GET", "/sparql?" + _encode(query=f"DESCRIBE <{KAZ}>"), HTML)
    assert described.status == 200 and b'<pre class="graph">' in described.body
    _assert_escaped(described.body.decode())

    missing = service.handle("GET", "/<b>nothing</b>", HTML)
    assert missing.status == 404 and b"There is nothing at /&lt;b&gt;nothing" in missing.body
    explorer_missing = service.handle("GET", "/explore", HTML)
    assert explorer_missing.status == 404 and b"<code>kg explore</code>" in explorer_missing.body
    for page in (table, described, missing, explorer_missing):
        assert b' style="' not in page.body  # the policy would block it: styles are nonced


def _encode(**params: str) -> str:
    import urllib.parse

    return urllib.parse.urlencode(params)


# --------------------------------------------------------------------------- negotiation


def test_negotiation_reads_the_request_and_never_changes_it() -> None:
    headers = {"accept": "application/sparql-results+json"}
    request = Request("GET", "/sparql", [("format", "text/csv")], dict(headers))
    assert negotiate(request, False) == "csv"
    assert negotiate(request, False) == "csv"  # asked again, the same choice
    assert request.headers == headers
    graph_request = Request("GET", "/sparql", [("output", "application/n-triples")], {})
    assert negotiate(graph_request, True) == "nt" and graph_request.headers == {}


# --------------------------------------------------------------------------- refusals


class _Counting:
    """A store that answers the triple count with ``answer`` (or raises it)."""

    description = "counting"

    def __init__(self, answer: object):
        self.answer = answer
        self.asked = 0

    def query(self, text: str, bindings: Mapping[str, Node] | None = None, **_: object):
        self.asked += 1
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer

    def as_graph(self) -> Graph:
        return Graph()


@pytest.mark.parametrize(
    "answer",
    [
        QueryError("no"),
        QueryResult(("n",), ()),
        QueryResult(("n",), ((None,),)),
        QueryResult(("n",), ((KAZ,),)),
        QueryResult(("n",), ((Literal("many"),),)),
        GraphResult(Graph()),
    ],
    ids=["error", "no row", "unbound", "an IRI", "not a number", "a graph"],
)
def test_the_page_says_question_mark_when_the_store_cannot_count(answer) -> None:
    store = _Counting(answer)
    service = _service(store)
    for _ in range(2):
        assert "— ? triples" in service.handle("GET", "/", HTML).body.decode()
    assert store.asked == 2  # not kept: asked again for the next page


def test_a_known_count_is_kept() -> None:
    store = _Counting(QueryResult(("n",), ((Literal(12345),),)))
    service = _service(store)
    for _ in range(2):
        assert "— 12,345 triples" in service.handle("GET", "/", HTML).body.decode()
    assert store.asked == 1


def test_updates_and_federated_queries_are_refused_whatever_the_store() -> None:
    service = _service(_Counting(QueryResult(("n",), ())))  # a store that refuses nothing
    update = "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
    for response in (
        service.handle("GET", "/sparql?" + _encode(update=update), {}),
        service.handle("GET", "/sparql?" + _encode(query=update), {}),
        service.handle(
            "POST", "/sparql", {"Content-Type": "application/sparql-update"}, update.encode()
        ),
    ):
        assert (response.status, response.body.decode().strip()) == (403, UPDATE_REFUSAL)
    federated = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = service.handle("GET", "/sparql?" + _encode(query=federated), {})
    assert (response.status, response.body.decode().strip()) == (400, FEDERATION_REFUSAL)
    assert service.store.asked == 0  # type: ignore[attr-defined]


def test_a_local_store_refuses_from_with_its_own_reason() -> None:
    service = _service()
    query = "SELECT * FROM <http://127.0.0.1:9/x.ttl> WHERE { ?s ?p ?o }"
    response = service.handle("GET", "/sparql?" + _encode(query=query), {})
    assert response.status == 400 and b"FROM and FROM NAMED" in response.body


# --------------------------------------------------------------------------- graph answers


def test_construct_answers_are_graph_results_and_say_when_they_were_cut() -> None:
    store = MemoryStore(tiny_graph())
    whole = store.query("CONSTRUCT WHERE { ?s a dq:State }")
    assert isinstance(whole, GraphResult) and len(whole.graph) == 3 and not whole.truncated
    cut = store.query("CONSTRUCT WHERE { ?s ?p ?o }", max_rows=5)
    assert isinstance(cut, GraphResult) and len(cut.graph) == 5 and cut.truncated
    response = _service(store, max_rows=5).handle(
        "GET", "/sparql?" + _encode(query="CONSTRUCT WHERE { ?s ?p ?o }"), {"Accept": "text/turtle"}
    )
    assert response.status == 200 and response.header("X-KG-Truncated") == "true"
    assert len(Graph().parse(data=response.body, format="turtle")) == 5
