"""``kg serve``: the graph as a read-only SPARQL 1.1 Protocol endpoint, with a query page.

========================  ===================================================================
``/sparql``               the SPARQL 1.1 Protocol: ``GET ?query=``, ``POST`` form-encoded or
                          ``application/sparql-query``. SELECT and ASK answer in SPARQL JSON,
                          XML, CSV or TSV, CONSTRUCT and DESCRIBE in Turtle, JSON-LD,
                          N-Triples or RDF/XML, chosen by the ``Accept`` header (or
                          ``format=json|xml|csv|tsv|turtle|jsonld|nt|rdfxml|html``).
``/``                     a page with a query editor and the named queries
``/queries``              the named queries (JSON); ``/queries/NAME?param=value`` runs one,
                          with the same formats; ``/queries/NAME.rq?…`` shows the SPARQL it runs
``/explore``              the explorer page, ``build/explorer.html``, when ``kg explore`` has
                          written it
========================  ===================================================================

What it refuses, and how:

- SPARQL Update (``update=``, ``application/sparql-update``, or an update sent as a query):
  403, the endpoint is read-only.
- A query that does not parse: 400 with the parser's message. ``SERVICE`` (which would make the
  server fetch URLs for whoever asks) and ``FROM``: 400.
- A query running longer than the timeout (10 s by default): 503. Answers are cut at a row
  limit (10,000 rows or triples by default); a cut answer carries ``X-KG-Truncated: true`` and
  ``X-KG-Row-Limit``.
- A body over 1 MB: 413; a URL over 16 kB: 414; a POST without ``Content-Length``: 411.
- ``default-graph-uri`` other than the data's graph name (``kg.store.DATA_GRAPH``) and any
  ``named-graph-uri``: 400, the endpoint holds one graph.

It listens on 127.0.0.1 unless told otherwise. Responses to ``/sparql`` and ``/queries`` allow
any origin (CORS), as public SPARQL endpoints do: the data is public and the endpoint cannot
change it. Pages forbid loading anything from elsewhere (``Content-Security-Policy``); their
scripts and styles are inline, and every value from the graph is escaped.

The request handling is a plain function, ``SparqlService.handle``, so it can be tested without
sockets; ``make_server`` puts it behind the standard library's threading HTTP server.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import logging
import re
import secrets
import shlex
import string
import threading
import urllib.parse
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.query import NamedQuery, ParameterError, bind_parameters, display, list_queries
from kg.store import (
    DATA_GRAPH,
    EndpointStore,
    QueryError,
    QueryResult,
    QueryTimeout,
    Store,
    StoreError,
    inject_values,
    query_form,
    uses_keyword,
)
from kg.vocab import DQ, DQR, PREFIXES

log = logging.getLogger("kg.serve")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_EXPLORER = Path("build/explorer.html")

RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "html": "text/html",
}
GRAPH_TYPES = {
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "html": "text/html",
}
# Other names clients use for the same formats (SPARQLWrapper asks for some of these).
RESULT_ALIASES = {
    "application/json": "json",
    "text/javascript": "json",
    "application/javascript": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_ALIASES = {
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/x-json+ld": "jsonld",
    "application/json": "jsonld",
    "text/plain": "nt",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
FORMAT_NAMES = {
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdfxml"),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "html": ("html", "html"),
    "turtle": (None, "turtle"),
    "ttl": (None, "turtle"),
    "jsonld": (None, "jsonld"),
    "json-ld": (None, "jsonld"),
    "nt": (None, "nt"),
    "ntriples": (None, "nt"),
    "n-triples": (None, "nt"),
    "rdfxml": (None, "rdfxml"),
    "rdf": (None, "rdfxml"),
}
RDFLIB_FORMATS = {"turtle": "turtle", "jsonld": "json-ld", "nt": "nt", "rdfxml": "xml"}

DEFAULT_QUERY = """\
# Who were the members of the CIS on 1 January 2010, and since when?
SELECT ?state ?label ?start WHERE {
  ?membership a dq:Membership ;
      dq:organisation <https://w3id.org/dostastyq/id/org/cis> ;
      dq:member ?state ;
      dq:start ?start ;
      dq:rank ?rank .
  FILTER (?rank != dq:Deprecated)
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


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


@dataclass
class _Request:
    method: str
    path: str
    params: list[tuple[str, str]]
    headers: Mapping[str, str]
    body: bytes = b""
    form: list[tuple[str, str]] = field(default_factory=list)

    def values(self, name: str) -> list[str]:
        return [value for key, value in self.params + self.form if key == name]

    def value(self, name: str) -> str | None:
        found = self.values(name)
        return found[-1] if found else None


class HttpError(Exception):
    """A response to send instead of an answer (status and a message for the client)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


# --------------------------------------------------------------------------- the service


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
            request = _Request(method.upper(), parts.path or "/", params, headers, body)
            return self._route(request)
        except HttpError as err:
            return _text(err.status, err.message)
        except Exception:  # a bug: log it, and tell the client no more than that
            log.exception("error answering %s %s", method, target)
            return _text(500, "internal error; the server's log has the details")

    def _route(self, request: _Request) -> Response:
        path = request.path
        if request.method == "OPTIONS":
            return Response(204, "text/plain", b"", _cors(preflight=True))
        if request.method not in ("GET", "HEAD", "POST"):
            raise HttpError(405, f"{request.method} is not supported; use GET or POST")
        if path == "/sparql":
            return self._sparql(request)
        if request.method == "POST":
            raise HttpError(405, "only /sparql accepts POST")
        if path in ("/", "/index.html"):
            return self._page()
        if path == "/queries":
            return self._query_list()
        if path.startswith("/queries/"):
            return self._named(request, path.removeprefix("/queries/"))
        if path == "/explore":
            return self._explorer()
        if path == "/favicon.ico":
            return Response(204, "image/x-icon", b"")
        return _page_response(
            404, "Not found", f"<p>There is nothing at {html.escape(path)}.</p>" + _HOME_LINK
        )

    # -- /sparql

    def _sparql(self, request: _Request) -> Response:
        if request.method == "POST":
            self._read_post(request)
        if request.values("update"):
            raise HttpError(403, "this endpoint is read-only: SPARQL Update is refused")
        queries = request.values("query")
        if not queries:
            if _prefers_html(request.headers.get("accept", "")):
                return Response(303, "text/plain", b"", (("Location", "/"),))
            return self._service_description()
        if len(queries) > 1:
            raise HttpError(400, "give one query parameter, not several")
        self._check_dataset(request)
        return self._answer(request, queries[0])

    def _read_post(self, request: _Request) -> None:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == "application/x-www-form-urlencoded":
            try:
                text = request.body.decode("utf-8")
            except UnicodeDecodeError as err:
                raise HttpError(400, "the form is not UTF-8") from err
            request.form = urllib.parse.parse_qsl(text, keep_blank_values=True)
        elif media == "application/sparql-query":
            try:
                request.form = [("query", request.body.decode("utf-8"))]
            except UnicodeDecodeError as err:
                raise HttpError(400, "the query is not UTF-8") from err
        elif media == "application/sparql-update":
            raise HttpError(403, "this endpoint is read-only: SPARQL Update is refused")
        else:
            raise HttpError(
                415,
                "send the query as application/x-www-form-urlencoded (query=…) or as "
                "application/sparql-query",
            )

    def _check_dataset(self, request: _Request) -> None:
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
        request: _Request,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        title: str = "Answer",
    ) -> Response:
        form = query_form(text)
        if form == "UPDATE":
            raise HttpError(403, "this endpoint is read-only: SPARQL Update is refused")
        if uses_keyword(text, "SERVICE"):
            raise HttpError(400, "SERVICE (federated queries) is not allowed here")
        is_graph = form in ("CONSTRUCT", "DESCRIBE")
        chosen = _negotiate(request, is_graph)
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
        if isinstance(answer, Graph):
            if not is_graph:  # the form could not be read from the text; trust the answer
                chosen = _negotiate(request, True)
            truncated = bool(getattr(answer, "truncated", False))
            body, content_type = _write_graph(answer, chosen, title, nonce)
        else:
            if is_graph:
                chosen = _negotiate(request, False)
            truncated = answer.truncated
            body, content_type = _write_results(answer, chosen, form == "ASK", title, nonce)
        headers = _cors()
        if content_type.startswith("text/html"):
            headers += _page_headers(nonce)
        if truncated:
            headers += (("X-KG-Truncated", "true"), ("X-KG-Row-Limit", str(self.config.max_rows)))
        response = Response(200, content_type, body, (*headers, ("Vary", "Accept")))
        if self._caching and not content_type.startswith("text/html"):  # pages carry a nonce
            self._cache.put(key, response)
        return response

    def _service_description(self) -> Response:
        formats = "".join(
            f"\n    sd:resultFormat <http://www.w3.org/ns/formats/{name}> ;"
            for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                         "SPARQL_Results_TSV", "Turtle", "JSON-LD", "N-Triples", "RDF_XML")
        )  # fmt: skip
        text = (
            "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n\n"
            "[] a sd:Service ;\n    sd:endpoint <> ;\n"
            "    sd:supportedLanguage sd:SPARQL11Query ;"
            f"{formats}\n"
            "    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .\n"
        )
        return Response(200, "text/turtle; charset=utf-8", text.encode(), _cors())

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
        return Response(200, "application/json; charset=utf-8", body, _cors())

    def _named(self, request: _Request, name: str) -> Response:
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

    def _triple_count(self) -> str:
        with self._triples_lock:
            if self._triples is None:
                try:
                    result = self.store.query(
                        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=self.config.timeout
                    )
                    assert isinstance(result, QueryResult)
                    self._triples = int(result.rows[0][0].toPython())  # type: ignore[union-attr]
                except (QueryError, StoreError, ValueError, AssertionError):
                    return "?"
            return f"{self._triples:,}"

    def _page(self) -> Response:
        nonce = secrets.token_urlsafe(16)
        config = {"resources": str(DQR), "vocabulary": str(DQ)}
        page = _template("sparql.html").substitute(
            nonce=nonce,
            css=_asset("sparql.css"),
            js=_asset("sparql.js"),
            store=html.escape(self.store.description),
            triples=self._triple_count(),
            timeout=f"{self.config.timeout:g}",
            max_rows=f"{self.config.max_rows:,}",
            prefixes=html.escape(" ".join(f"{prefix}:" for prefix in PREFIXES)),
            endpoint="/sparql",
            default_query=html.escape(DEFAULT_QUERY),
            named_queries="\n".join(_named_query_html(q) for q in self.queries.values()),
            config=_script_json(config),
        )
        return Response(200, "text/html; charset=utf-8", page.encode(), _page_headers(nonce))

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
        return _page_response(
            404,
            "No explorer yet",
            f"<p>The explorer page is written by <code>kg explore</code> to "
            f"<code>{html.escape(str(path))}</code>, and there is none yet.</p>"
            "<p>Run <code>kg explore</code> in the project folder, then reload this page; "
            "the server picks it up without a restart.</p>" + _HOME_LINK,
        )


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


# --------------------------------------------------------------------------- negotiation


def _accepted(accept: str) -> list[tuple[str, float]]:
    """The media types of an Accept header, best first (ties keep the client's order)."""
    ranges: list[tuple[str, float, int]] = []
    for position, item in enumerate(accept.split(",")):
        media, *parameters = (part.strip() for part in item.split(";"))
        if not media:
            continue
        quality = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality, position))
    ranges.sort(key=lambda entry: (-entry[1], entry[2]))
    return [(media, quality) for media, quality, _ in ranges if quality > 0]


def _negotiate(request: _Request, is_graph: bool) -> str:
    """A format name (``json``, ``turtle``, …) for the answer, from ``format`` or ``Accept``."""
    requested = request.value("format") or request.value("output")
    if requested and "/" in requested:
        # Media types in the parameter, as SPARQLWrapper sends them (a Virtuoso convention):
        # read them as an Accept header.
        request.headers = {**request.headers, "accept": requested}
        requested = None
    if requested:
        names = FORMAT_NAMES.get(requested.lower())
        chosen = names[1 if is_graph else 0] if names else None
        if chosen is None:
            kinds = "CONSTRUCT and DESCRIBE" if is_graph else "SELECT and ASK"
            offered = GRAPH_TYPES if is_graph else RESULT_TYPES
            raise HttpError(
                400,
                f"format={requested} is not offered for {kinds}: use one of {', '.join(offered)}",
            )
        return chosen
    types = GRAPH_TYPES if is_graph else RESULT_TYPES
    aliases = GRAPH_ALIASES if is_graph else RESULT_ALIASES
    by_type = {media: name for name, media in types.items()} | aliases
    accept = request.headers.get("accept", "") or "*/*"
    for media, _quality in _accepted(accept):
        if media in by_type:
            return by_type[media]
        if media in ("*/*", "application/*"):
            return "turtle" if is_graph else "json"
        if media == "text/*":
            return "turtle" if is_graph else "csv"
    offered = ", ".join(types.values())
    raise HttpError(406, f"cannot answer in {accept}; this endpoint offers {offered}")


def _prefers_html(accept: str) -> bool:
    ranked = _accepted(accept)
    return bool(ranked) and ranked[0][0] in ("text/html", "application/xhtml+xml")


# --------------------------------------------------------------------------- result writers


def _write_results(
    result: QueryResult, name: str, is_ask: bool, title: str, nonce: str
) -> tuple[bytes, str]:
    if name == "json":
        return _results_json(result, is_ask).encode(), RESULT_TYPES["json"] + "; charset=utf-8"
    if name == "xml":
        return _results_xml(result, is_ask).encode(), RESULT_TYPES["xml"] + "; charset=utf-8"
    if name == "csv":
        return _results_csv(result).encode(), "text/csv; charset=utf-8"
    if name == "tsv":
        return _results_tsv(result).encode(), RESULT_TYPES["tsv"] + "; charset=utf-8"
    return _results_html(result, title, nonce).encode(), "text/html; charset=utf-8"


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        value = {"type": "literal", "value": str(term)}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype is not None:
            value["datatype"] = str(term.datatype)
        return value
    return {"type": "literal", "value": str(term)}


def _results_json(result: QueryResult, is_ask: bool) -> str:
    if is_ask:
        return json.dumps({"head": {}, "boolean": _ask_value(result)})
    document = {
        "head": {"vars": list(result.columns)},
        "results": {
            "bindings": [
                {
                    column: _json_term(term)
                    for column, term in zip(result.columns, row, strict=True)
                    if term is not None
                }
                for row in result.rows
            ]
        },
    }
    return json.dumps(document, ensure_ascii=False)


def _ask_value(result: QueryResult) -> bool:
    term = result.rows[0][0] if result.rows and result.rows[0] else None
    return bool(isinstance(term, Literal) and term.toPython() is True)


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return xml_escape(_XML_INVALID.sub("\ufffd", text))


def _results_xml(result: QueryResult, is_ask: bool) -> str:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
    ]
    if is_ask:
        out.append(
            f"<head/><boolean>{'true' if _ask_value(result) else 'false'}</boolean></sparql>"
        )
        return "\n".join(out)
    out.append("<head>")
    out += [f"<variable name={quoteattr(column)}/>" for column in result.columns]
    out.append("</head>\n<results>")
    for row in result.rows:
        out.append("<result>")
        for column, term in zip(result.columns, row, strict=True):
            if term is None:
                continue
            if isinstance(term, URIRef):
                value = f"<uri>{_xml_text(str(term))}</uri>"
            elif isinstance(term, BNode):
                value = f"<bnode>{_xml_text(str(term))}</bnode>"
            elif isinstance(term, Literal) and term.language:
                value = (
                    f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(str(term))}</literal>"
                )
            elif isinstance(term, Literal) and term.datatype is not None:
                value = (
                    f"<literal datatype={quoteattr(str(term.datatype))}>"
                    f"{_xml_text(str(term))}</literal>"
                )
            else:
                value = f"<literal>{_xml_text(str(term))}</literal>"
            out.append(f"<binding name={quoteattr(column)}>{value}</binding>")
        out.append("</result>")
    out.append("</results>\n</sparql>\n")
    return "\n".join(out)


def _results_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV: IRIs and literals as plain text, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow(
            ["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in row]
        )
    return buffer.getvalue()


def _tsv_term(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    text = (
        str(term)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype is not None:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def _results_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV: ``?var`` headers, terms in Turtle syntax."""
    lines = ["\t".join(f"?{column}" for column in result.columns)]
    lines += ["\t".join(_tsv_term(term) for term in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _results_html(result: QueryResult, title: str, nonce: str) -> str:
    head = "".join(f"<th>{html.escape(column)}</th>" for column in result.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_html_term(term)}</td>" for term in row) + "</tr>"
        for row in result.rows
    )
    note = (
        '<p class="warning">Cut at the server\'s row limit; add a LIMIT or narrow the query.</p>'
        if result.truncated
        else ""
    )
    body = (
        f"<p>{len(result.rows)} row(s)</p>{note}"
        f'<table class="results"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )
    return _page_html(title, body + _HOME_LINK, nonce)


def _html_term(term: Node | None) -> str:
    if term is None:
        return ""
    text = html.escape(display(term))
    if isinstance(term, Literal) and term.language:
        return f'{text}<span class="lang">@{html.escape(term.language)}</span>'
    if isinstance(term, URIRef):
        link = "sparql?format=html&query=" + urllib.parse.quote(f"DESCRIBE <{term}>", safe="")
        return f'<a href="{html.escape(link)}" title="{html.escape(str(term))}">{text}</a>'
    return text


def _write_graph(graph: Graph, name: str, title: str, nonce: str) -> tuple[bytes, str]:
    if name == "html":
        text = graph.serialize(format="turtle")
        body = f'<pre class="graph">{html.escape(text)}</pre>'
        return _page_html(title, body + _HOME_LINK, nonce).encode(), "text/html; charset=utf-8"
    data = graph.serialize(format=RDFLIB_FORMATS[name], encoding="utf-8")
    return data, GRAPH_TYPES[name] + "; charset=utf-8"


# --------------------------------------------------------------------------- pages

_HOME_LINK = '<p><a href="/">Back to the query page</a></p>'


def _asset(name: str) -> str:
    return resources.files("kg").joinpath("static", name).read_text(encoding="utf-8")


def _template(name: str) -> string.Template:
    return string.Template(_asset(name))


def _script_json(value: object) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _page_headers(nonce: str) -> tuple[tuple[str, str], ...]:
    return (
        (
            "Content-Security-Policy",
            f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
            "connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
            "frame-ancestors 'none'",
        ),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
    )


def _page_html(title: str, body: str, nonce: str = "") -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} — Dostastyq</title>"
        f'<style nonce="{nonce}">{_asset("sparql.css")}</style></head>'
        f'<body><header><h1>{html.escape(title)}</h1></header><main style="display:block">'
        f"{body}</main></body></html>\n"
    )


def _page_response(status: int, title: str, body: str) -> Response:
    nonce = secrets.token_urlsafe(16)
    page = _page_html(title, body, nonce)
    return Response(status, "text/html; charset=utf-8", page.encode(), _page_headers(nonce))


def _example_values(query: NamedQuery) -> dict[str, str]:
    """The parameter values of the query's first example (``--param name=value``)."""
    if not query.examples:
        return {}
    try:
        words = shlex.split(query.examples[0])
    except ValueError:
        return {}
    values: dict[str, str] = {}
    for flag, item in itertools.pairwise(words):
        if flag in ("--param", "-p"):
            key, _, value = item.partition("=")
            values[key] = value
    return values


def _named_query_html(query: NamedQuery) -> str:
    examples = _example_values(query)
    fields = []
    for parameter in query.parameters:
        value = examples.get(parameter.name, parameter.default or "")
        hint = parameter.description + ("" if parameter.required else " (optional)")
        fields.append(
            f'<label>{html.escape(parameter.name)} <span class="muted">{html.escape(hint)}'
            f'</span><input name="{html.escape(parameter.name)}" value="{html.escape(value)}"'
            f"{' required' if parameter.required else ''}></label>"
        )
    name = html.escape(query.name)
    return (
        f'<details class="named"><summary>{html.escape(query.title)} '
        f'<code class="muted">{name}</code></summary>'
        f"<p>{html.escape(query.question)}</p>"
        f'<form class="named-query" data-name="{name}" method="get" action="queries/{name}">'
        + "".join(fields)
        + '<div class="toolbar"><button type="submit">Run</button>'
        '<button type="button" class="secondary to-editor">Open in editor</button></div>'
        "</form></details>"
    )


def _text(status: int, message: str) -> Response:
    return Response(status, "text/plain; charset=utf-8", (message + "\n").encode(), _cors())


def _cors(preflight: bool = False) -> tuple[tuple[str, str], ...]:
    headers: tuple[tuple[str, str], ...] = (("Access-Control-Allow-Origin", "*"),)
    if preflight:
        headers += (
            ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
            ("Access-Control-Allow-Headers", "Content-Type, Accept"),
            ("Access-Control-Max-Age", "86400"),
        )
    return headers


# --------------------------------------------------------------------------- HTTP server


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "dostastyq-kg"
    timeout = 60  # seconds a connection may sit idle or half-sent
    service: SparqlService  # set on the subclass made by make_server

    def do_GET(self) -> None:
        self._respond(self.service.handle("GET", self.path, dict(self.headers.items())))

    def do_HEAD(self) -> None:
        self._respond(self.service.handle("HEAD", self.path, dict(self.headers.items())), False)

    def do_OPTIONS(self) -> None:
        self._respond(self.service.handle("OPTIONS", self.path, dict(self.headers.items())))

    def do_POST(self) -> None:
        limit = self.service.config.max_body
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            self._respond(_text(411, "send the body with a Content-Length, not chunked"))
            return
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            self.close_connection = True
            self._respond(_text(411, "a POST needs a Content-Length"))
            return
        try:
            length = int(length_header)
        except ValueError:
            self.close_connection = True
            self._respond(_text(400, "Content-Length is not a number"))
            return
        if length < 0 or length > limit:
            self.close_connection = True
            if 0 < length <= 16 * limit:  # read it, so that the client sees the answer
                remaining = length
                while remaining > 0:
                    chunk = self.rfile.read(min(remaining, 65536))
                    if not chunk:
                        break
                    remaining -= len(chunk)
            self._respond(_text(413, f"the request body is larger than {limit:,} bytes"))
            return
        body = self.rfile.read(length)
        self._respond(self.service.handle("POST", self.path, dict(self.headers.items()), body))

    def _respond(self, response: Response, with_body: bool = True) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for key, value in response.headers:
            self.send_header(key, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if with_body and self.command != "HEAD":
            self.wfile.write(response.body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # http.server's own refusals (a request line over 64 kB: 414, bad syntax: 400) as text
        self.close_connection = True
        reason = message or HTTPStatus(code).phrase
        self._respond(_text(code, reason))

    def log_message(self, format: str, *args: object) -> None:
        log.info("%s %s", self.address_string(), format % args)


def make_server(
    store: Store,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    config: ServeConfig | None = None,
) -> ThreadingHTTPServer:
    """An HTTP server for ``store`` on ``host:port`` (port 0: any free port); call
    ``serve_forever()`` on it, and ``shutdown()`` from another thread to stop it."""
    service = SparqlService(store, config)
    handler = type("Handler", (_Handler,), {"service": service})
    return _Server((host, port), handler)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # many clients may connect at once
