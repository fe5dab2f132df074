"""``kg serve``: the graph as a read-only SPARQL 1.1 Protocol endpoint, with a query page.

========================  ===================================================================
``/sparql``               the SPARQL 1.1 Protocol: ``GET ?query=``, ``POST`` form-encoded or
                          ``application/sparql-query``. SELECT and ASK answer in SPARQL JSON,
                          XML, CSV or TSV, CONSTRUCT and DESCRIBE in Turtle, JSON-LD,
                          N-Triples or RDF/XML, chosen by the ``Accept`` header (or
                          ``format=json|xml|csv|tsv|turtle|jsonld|nt|rdfxml|html``).
                          Without a query: the service description, in the same graph
                          formats (``kg.web.description``).
``/``                     a page with a query editor and the named queries
``/queries``              the named queries (JSON); ``/queries/NAME?param=value`` runs one,
                          with the same formats (its CSV is SPARQL CSV, full IRIs, as
                          ``/sparql`` gives; ``kg query NAME --format csv`` is for people and
                          writes ``state/ARM``); ``/queries/NAME.rq?…`` shows the SPARQL it runs
``/explore``              the explorer page, ``build/explorer.html``, when ``kg explore`` has
                          written it
``/id/<id>``              every resource IRI dereferenced: 303 to ``/page/<id>`` (people) or
                          ``/data/<id>.ttl|nt|jsonld|rdf`` (programs); ``/doc/<id>`` a corpus
                          text with its evidence spans (``kg.web.linked``)
========================  ===================================================================

What it refuses, and how:

- SPARQL Update (``update=``, ``application/sparql-update``, or an update sent as a query):
  403, the endpoint is read-only.
- A query that does not parse: 400 with the parser's message. ``SERVICE`` (which would make the
  server fetch URLs for whoever asks) and ``FROM`` of any graph but ours: 400; so is a query
  over 65,536 characters or nested more than 16 deep. All of it is decided on the query as the
  grammar reads it, codepoint escapes expanded (``kg.stores.guard``), before any engine sees it.
- A query running longer than the timeout (10 s by default): 503 (``kg serve`` runs queries in
  worker processes, ``kg.stores.pool``, so that the timeout holds against any query). Answers
  are cut at a row limit (10,000 rows or triples by default); a cut answer carries
  ``X-KG-Truncated: true`` and ``X-KG-Row-Limit``.
- A body over 1 MB: 413; a URL over 16 kB: 414; request line and headers over 64 kB: 431
  (the last two and chunked bodies are the HTTP server's, waitress's, to read).
- ``default-graph-uri`` other than the data's graph name (``kg.stores.DATA_GRAPH``) and any
  ``named-graph-uri``: 400, the endpoint holds one graph.

It listens on 127.0.0.1 unless told otherwise. Responses to ``/sparql`` and ``/queries`` allow
any origin (CORS), as public SPARQL endpoints do: the data is public and the endpoint cannot
change it. Pages forbid loading anything from elsewhere (``Content-Security-Policy``); their
scripts and styles are inline, and every value from the graph is escaped.

The request handling is a plain function, ``SparqlService.handle``, so it can be tested without
sockets; ``kg.web.server`` makes it a WSGI application and serves it with waitress.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import urllib.parse
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Literal
from rdflib.term import Node

from kg.queries.named import NamedQuery, ParameterError, bind_parameters, list_queries
from kg.stores.base import (
    DATA_GRAPH,
    GraphResult,
    OutsideDataError,
    QueryError,
    QueryResult,
    QueryTimeout,
    Store,
    StoreError,
)
from kg.stores.endpoint import EndpointStore
from kg.stores.guard import checked_query
from kg.stores.text import inject_values, query_form
from kg.vocab import DQ, DQR, PREFIXES
from kg.web.description import endpoint_url, service_description
from kg.web.formats import negotiate, prefers_html, write_graph, write_results
from kg.web.http import HttpError, Request, Response
from kg.web.linked import LinkedData
from kg.web.pages import (
    cors_headers,
    page_headers,
    page_response,
    prefilled_values,
    text_response,
)

__all__ = [
    "DEFAULT_EXPLORER",
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "DEFAULT_QUERY",
    "FEDERATION_REFUSAL",
    "UPDATE_REFUSAL",
    "ServeConfig",
    "SparqlService",
]

log = logging.getLogger("kg.serve")


DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_EXPLORER = Path("build/explorer.html")

# What the endpoint answers to what it refuses (the statuses: 403 and 400).
UPDATE_REFUSAL = "this endpoint is read-only: SPARQL Update is refused"
ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"
_HTTP_METHODS = frozenset({"PUT", "DELETE", "PATCH", "CONNECT", "TRACE"})
FEDERATION_REFUSAL = "SERVICE (federated queries) is not allowed here"


DEFAULT_QUERY = """\
# Who were the members of the CIS on 1 January 2010, and since when?
SELECT ?state ?label ?start WHERE {
  ?membership a dq:Membership ;
      dq:organisation <https://w3id.org/dostastyq/id/org/cis> ;
      dq:member ?state ;
      dq:start ?start ;
      a dq:BestRank .
  OPTIONAL { ?membership dq:end ?end }
  FILTER (?start <= "2010-01-01"^^xsd:date && (!BOUND(?end) || "2010-01-01"^^xsd:date < ?end))
  OPTIONAL { ?state rdfs:label ?label FILTER (LANG(?label) = "en") }
}
ORDER BY ?label
"""


@dataclass(frozen=True)
class ServeConfig:
    """The endpoint's limits and files."""

    timeout: float = 10.0
    max_rows: int = 10_000
    max_body: int = 1_000_000
    max_url: int = 16_384
    explorer: Path = DEFAULT_EXPLORER
    graph_name: str = DATA_GRAPH
    cache: bool = True
    """Keep recent answers: the data of a local store cannot change while the server runs (a
    remote endpoint's can, so answers from one are never kept)."""
    cache_bytes: int = 64_000_000
    public_url: str | None = None
    corpus: Path = Path("corpus/texts")
    """The normalised corpus texts (``<document id>.txt``), for ``/doc/<id>`` and the quotes'
    sentences on ``/page/<id>``."""
    """The endpoint's URL as clients reach it (behind a proxy), for the service description;
    without it, the request's Host header when it is a plain host and port."""


class SparqlService:
    """Answers HTTP requests for one store: ``handle(method, target, headers, body)``."""

    def __init__(
        self,
        store: Store,
        config: ServeConfig | None = None,
        queries: Sequence[NamedQuery] | None = None,
    ):
        self.store = store
        self.config = config or ServeConfig()
        self.queries = {query.name: query for query in (queries or list_queries())}
        self._triples: int | None = None
        self._triples_lock = threading.Lock()
        self._cache = _AnswerCache(self.config.cache_bytes)
        self._caching = self.config.cache and not isinstance(store, EndpointStore)
        linked = LinkedData(store, self.config.corpus, self.config.timeout, self.config.max_rows)
        self._linked_routes = (
            ("/id/", linked.identify),
            ("/page/", linked.page),
            ("/data/", linked.data),
            ("/doc/", linked.document),
        )

    # -- entry point

    def handle(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes = b""
    ) -> Response:
        headers = {key.lower(): value for key, value in headers.items()}
        try:
            if len(target) > self.config.max_url:
                raise HttpError(
                    414, f"the URL is longer than {self.config.max_url} characters; use POST"
                )
            parts = urllib.parse.urlsplit(target)
            params = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
            request = Request(method.upper(), parts.path or "/", params, headers, body)
            response = self._route(request)
        except HttpError as err:
            response = text_response(err.status, err.message)
            response = replace(response, headers=(*response.headers, *err.headers))
        except Exception:  # a bug: log it, and tell the client no more than that
            log.exception("error answering %s %s", method, target)
            response = text_response(500, "internal error; the server's log has the details")
        # Every answer is what its Content-Type says: a browser must not guess HTML in a CSV.
        return replace(response, headers=(*response.headers, ("X-Content-Type-Options", "nosniff")))

    def _route(self, request: Request) -> Response:
        path = request.path
        if request.method == "OPTIONS":
            return Response(204, "text/plain", b"", cors_headers(preflight=True))
        if request.method not in ("GET", "HEAD", "POST"):
            # named when it is one of HTTP's methods; any other token is not echoed back
            named = request.method if request.method in _HTTP_METHODS else "this method"
            raise HttpError(
                405,
                f"{named} is not allowed: the endpoint is read-only; use GET or POST",
                (("Allow", ALLOWED_METHODS),),
            )
        if path in ("/sparql", "/sparql/"):
            return self._sparql(request)
        if request.method == "POST":
            raise HttpError(405, "only /sparql accepts POST", (("Allow", "GET, HEAD, OPTIONS"),))
        if path in ("/", "/index.html"):
            return self._page()
        if path == "/queries":
            return self._query_list()
        if path.startswith("/queries/"):
            return self._named(request, path.removeprefix("/queries/"))
        if path == "/explore":
            return self._explorer()
        for prefix, route in self._linked_routes:
            if path.startswith(prefix):
                return route(request, path.removeprefix(prefix))
        if path == "/favicon.ico":
            return Response(204, "image/x-icon", b"")
        return page_response(
            404, "error.html", title="Not found", message=f"There is nothing at {path}."
        )

    # -- /sparql

    def _sparql(self, request: Request) -> Response:
        if request.method == "POST":
            self._read_post(request)
        if request.values("update"):
            raise _update_refused()
        queries = request.values("query")
        if not queries:
            if prefers_html(request.headers.get("accept", "")):
                return Response(303, "text/plain", b"", (("Location", "/"),))
            return self._service_description(request)
        if len(queries) > 1:
            raise HttpError(400, "give one query parameter, not several")
        self._check_dataset(request)
        return self._answer(request, queries[0])

    def _read_post(self, request: Request) -> None:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == "application/x-www-form-urlencoded":
            try:
                text = request.body.decode("utf-8")
            except UnicodeDecodeError as err:
                raise HttpError(400, "the form is not UTF-8") from err
            request.form = urllib.parse.parse_qsl(text, keep_blank_values=True)
        elif media == "application/sparql-query":
            if not request.body:
                raise HttpError(400, "the POST has no body: send the query in it")
            try:
                request.form = [("query", request.body.decode("utf-8"))]
            except UnicodeDecodeError as err:
                raise HttpError(400, "the query is not UTF-8") from err
        elif media == "application/sparql-update":
            raise _update_refused()
        else:
            raise HttpError(
                415,
                "send the query as application/x-www-form-urlencoded (query=…) or as "
                "application/sparql-query",
            )

    def _check_dataset(self, request: Request) -> None:
        for graph in request.values("default-graph-uri"):
            if graph != self.config.graph_name:
                raise HttpError(
                    400,
                    f"this endpoint holds one graph, <{self.config.graph_name}>; "
                    "leave out default-graph-uri or name that one",
                )
        if request.values("named-graph-uri"):
            raise HttpError(400, "this endpoint has no named graphs; leave out named-graph-uri")

    def _answer(
        self,
        request: Request,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        title: str = "Answer",
    ) -> Response:
        form = query_form(text)
        if form == "UPDATE":
            raise _update_refused()
        try:  # whatever the store: a remote one would fetch the URL for whoever asks
            text = checked_query(text, allowed_graphs={self.config.graph_name})
        except OutsideDataError as err:
            refusal = FEDERATION_REFUSAL if err.keyword == "SERVICE" else str(err)
            raise HttpError(400, refusal) from err
        except QueryError as err:  # over a limit, or not SPARQL 1.1
            raise HttpError(400, str(err)) from err
        is_graph = form in ("CONSTRUCT", "DESCRIBE")
        chosen = negotiate(request, is_graph)
        key = (text, tuple((k, v.n3()) for k, v in (bindings or {}).items()), chosen, title)
        if self._caching:
            cached = self._cache.get(key)
            if cached is not None:
                return replace(cached, headers=(*cached.headers, ("X-KG-Cache", "hit")))
        try:
            answer = self.store.query(
                text, bindings, timeout=self.config.timeout, max_rows=self.config.max_rows
            )
        except QueryTimeout as err:
            raise HttpError(503, f"{err}") from err
        except QueryError as err:
            raise HttpError(400, str(err)) from err
        except StoreError as err:
            raise HttpError(502, f"the store behind this endpoint failed: {err}") from err
        nonce = secrets.token_urlsafe(16)
        if isinstance(answer, GraphResult):
            if not is_graph:  # the form could not be read from the text; trust the answer
                chosen = negotiate(request, True)
            body, content_type = write_graph(answer.graph, chosen, title, nonce)
        else:
            if is_graph:
                chosen = negotiate(request, False)
            body, content_type = write_results(answer, chosen, form == "ASK", title, nonce)
        headers = cors_headers()
        if content_type.startswith("text/html"):
            headers += page_headers(nonce)
        if answer.truncated:
            headers += (("X-KG-Truncated", "true"), ("X-KG-Row-Limit", str(self.config.max_rows)))
        response = Response(200, content_type, body, (*headers, ("Vary", "Accept")))
        if self._caching and not content_type.startswith("text/html"):  # pages carry a nonce
            self._cache.put(key, response)
        return response

    def _service_description(self, request: Request) -> Response:
        endpoint = endpoint_url(request.headers.get("host"), self.config.public_url)
        description = service_description(endpoint, self.config.graph_name, self._count_triples())
        chosen = negotiate(request, is_graph=True)
        body, content_type = write_graph(
            description, chosen, "Service description", secrets.token_urlsafe(16)
        )
        return Response(200, content_type, body, (*cors_headers(), ("Vary", "Accept")))

    # -- named queries

    def _query_list(self) -> Response:
        listing = [
            {
                "name": query.name,
                "title": query.title,
                "question": query.question,
                "parameters": [
                    {
                        "name": p.name,
                        "kind": p.kind,
                        "description": p.description,
                        "default": p.default,
                    }
                    for p in query.parameters
                ],
                "examples": list(query.examples),
                "url": f"/queries/{query.name}",
                "sparql": query.text,
            }
            for query in self.queries.values()
        ]
        body = json.dumps(listing, ensure_ascii=False, indent=2).encode()
        return Response(200, "application/json; charset=utf-8", body, cors_headers())

    def _named(self, request: Request, name: str) -> Response:
        show_text = name.endswith(".rq")
        name = name.removesuffix(".rq")
        query = self.queries.get(name)
        if query is None:
            raise HttpError(
                404, f"no named query {name!r}; the named queries are listed at /queries"
            )
        values = {key: value for key, value in request.params if key != "format"}
        try:
            bindings = bind_parameters(query, values)
            if show_text:
                bound = inject_values(query.text, bindings)
                return Response(200, "application/sparql-query; charset=utf-8", bound.encode())
        except (ParameterError, QueryError) as err:
            raise HttpError(400, str(err)) from err
        return self._answer(request, query.text, bindings, title=query.title)

    # -- pages

    def _count_triples(self) -> int | None:
        """The number of triples, or None when the store cannot say (then it is asked again
        next time)."""
        with self._triples_lock:
            if self._triples is None:
                try:
                    result = self.store.query(
                        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=self.config.timeout
                    )
                except (QueryError, StoreError):
                    return None
                self._triples = _count_of(result)
            return self._triples

    def _page(self) -> Response:
        return page_response(
            200,
            "query.html",
            store=self.store.description,
            triples="?" if (triples := self._count_triples()) is None else f"{triples:,}",
            timeout=f"{self.config.timeout:g}",
            max_rows=f"{self.config.max_rows:,}",
            prefixes=" ".join(f"{prefix}:" for prefix in PREFIXES),
            endpoint="/sparql",
            default_query=DEFAULT_QUERY,
            named_queries=[(query, prefilled_values(query)) for query in self.queries.values()],
            config={"resources": str(DQR), "vocabulary": str(DQ)},
        )

    def _explorer(self) -> Response:
        path = self.config.explorer
        if path.is_file():
            headers = (
                # The explorer is one self-contained file: nothing may come from elsewhere.
                ("Content-Security-Policy",
                 "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; "
                 "frame-ancestors 'self'"),
                ("X-Content-Type-Options", "nosniff"),
            )  # fmt: skip
            return Response(200, "text/html; charset=utf-8", path.read_bytes(), headers)
        return page_response(404, "no_explorer.html", title="No explorer yet", path=str(path))


def _update_refused() -> HttpError:
    return HttpError(403, UPDATE_REFUSAL)


def _count_of(result: QueryResult | GraphResult) -> int | None:
    """The integer that a ``SELECT (COUNT(*) AS ?n)`` answered, or None if it answered none."""
    if not isinstance(result, QueryResult) or not result.rows or not result.rows[0]:
        return None
    term = result.rows[0][0]
    if not isinstance(term, Literal):
        return None
    try:
        return int(term.toPython())
    except (TypeError, ValueError):
        return None


class _AnswerCache:
    """Recent answers, least recently used first out, within a size in bytes."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.size = 0
        self._entries: OrderedDict[tuple, Response] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Response | None:
        with self._lock:
            response = self._entries.get(key)
            if response is not None:
                self._entries.move_to_end(key)
            return response

    def put(self, key: tuple, response: Response) -> None:
        if len(response.body) > self.capacity // 16:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = response
            self.size += len(response.body)
            while self.size > self.capacity:
                _, dropped = self._entries.popitem(last=False)
                self.size -= len(dropped.body)
