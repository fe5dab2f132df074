"""A remote SPARQL 1.1 Protocol endpoint (Virtuoso, Fuseki, GraphDB, ``kg serve``) as a store."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Mapping
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.stores.base import (
    DATA_GRAPH,
    ENDPOINT_TIMEOUT,
    PASSWORD_VARIABLE,
    UPDATE_CHUNK,
    USER_VARIABLE,
    GraphResult,
    QueryError,
    QueryResult,
    QueryTimeout,
    StoreError,
    normalise_term,
)
from kg.stores.limits import take_rows
from kg.stores.memory import limit_graph, read_graph
from kg.stores.text import inject_values, query_form, with_prefixes
from kg.vocab import bind_prefixes

__all__ = ["EndpointStore"]

# --------------------------------------------------------------------------- SPARQL endpoint

_RESULTS_JSON = "application/sparql-results+json"
_GRAPH_ACCEPT = "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.5"
_GRAPH_FORMATS = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/rdf+n3": "n3",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


class EndpointStore:
    """Any SPARQL 1.1 Protocol endpoint: queries by HTTP POST, answers in SPARQL JSON (SELECT,
    ASK) or Turtle (CONSTRUCT, DESCRIBE).

    >>> EndpointStore("http://me:secret@127.0.0.1:8890/sparql")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.stores.base.StoreError: put credentials in KG_STORE_USER and KG_STORE_PASSWORD, ...
    """

    def __init__(self, url: str, graph: str | None = DATA_GRAPH, timeout: float = ENDPOINT_TIMEOUT):
        try:
            parts = urllib.parse.urlsplit(url)
            parts.port  # noqa: B018 - read for its check: a port over 65535 or not a number
        except ValueError as err:  # "http://[::1", "http://x:99999/"
            raise StoreError(f"{url!r} is not a URL of a SPARQL endpoint: {err}") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreError(f"{url!r} is not an http(s) URL of a SPARQL endpoint")
        if parts.username or parts.password:
            raise StoreError(
                f"put credentials in {USER_VARIABLE} and {PASSWORD_VARIABLE}, not in the URL "
                "(a command line is visible to every user of the machine)"
            )
        query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        named = [value for key, value in query if key == "default-graph-uri"]
        if named:
            graph = named[-1] or None
        rest = urllib.parse.urlencode([(k, v) for k, v in query if k != "default-graph-uri"])
        self.url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, rest, ""))
        self.graph = graph
        self.timeout = timeout
        self.description = f"endpoint: {self.url}" + (f" (graph <{graph}>)" if graph else "")
        self._credentials = _credentials()
        self._opener = _opener(self.url, self._credentials)

    # -- queries

    def query(
        self,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult | GraphResult:
        text = with_prefixes(inject_values(text, bindings))
        form = query_form(text)
        if form == "UPDATE":
            raise QueryError(
                "this is a SPARQL Update, not a query; use `kg load` to change a store"
            )
        fields = [("query", text)]
        if self.graph:
            fields.append(("default-graph-uri", self.graph))
        accept = _GRAPH_ACCEPT if form in ("CONSTRUCT", "DESCRIBE") else _RESULTS_JSON
        _status, content_type, body = self._post(
            urllib.parse.urlencode(fields).encode(),
            "application/x-www-form-urlencoded",
            accept,
            timeout or self.timeout,
        )
        media = content_type.split(";")[0].strip().lower()
        if media in _GRAPH_FORMATS:
            graph = bind_prefixes(Graph())
            try:
                graph.parse(data=body, format=_GRAPH_FORMATS[media])
            except Exception as err:
                raise QueryError(f"{self.url} sent a graph that does not parse: {err}") from err
            return limit_graph(graph, max_rows)
        try:
            answer = json.loads(body)
        except ValueError as err:
            raise QueryError(
                f"{self.url} answered {content_type or 'without a content type'}, not SPARQL JSON "
                f"results: {body[:200]!r}"
            ) from err
        return _from_results_json(answer, max_rows)

    def as_graph(self) -> Graph:
        result = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        if not isinstance(result, GraphResult):
            raise QueryError(f"{self.url} answered a CONSTRUCT query with results, not a graph")
        return result.graph

    # -- loading

    def load(self, source: Path, via: str = "update") -> int:
        """Replace the store's graph with the Turtle file ``source``; the number of triples.

        ``via="update"`` sends SPARQL Update requests to this URL (``INSERT DATA`` into a
        staging graph, then ``MOVE`` onto ``self.graph``, so readers never see half a graph);
        ``via="gsp"`` PUTs the file with the Graph Store Protocol (``?graph=``).
        """
        if not self.graph:
            raise StoreError("loading needs a named graph: leave out ?default-graph-uri= (empty)")
        graph = read_graph(source)
        if via == "gsp":
            body = graph.serialize(format="turtle", encoding="utf-8")
            url = _with_query(self.url, [("graph", self.graph)])
            self._send(url, "PUT", body, "text/turtle; charset=utf-8")
            return len(graph)
        if via != "update":
            raise StoreError(f"unknown loading method {via!r} (expected: update or gsp)")
        staging = f"{self.graph}/loading-{uuid.uuid4().hex[:12]}"
        lines = sorted(graph.serialize(format="nt", encoding="utf-8").decode().splitlines())
        lines = [line for line in lines if line.strip()]
        try:
            self._update(f"DROP SILENT GRAPH <{staging}>")
            for start in range(0, len(lines), UPDATE_CHUNK):
                chunk = "\n".join(lines[start : start + UPDATE_CHUNK])
                self._update(f"INSERT DATA {{ GRAPH <{staging}> {{\n{chunk}\n}} }}")
            self._update(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{self.graph}>")
        except BaseException:
            try:
                self._update(f"DROP SILENT GRAPH <{staging}>")
            except (StoreError, QueryError):
                pass
            raise
        return len(lines)

    def _update(self, text: str) -> None:
        self._send(
            self.url,
            "POST",
            urllib.parse.urlencode([("update", text)]).encode(),
            "application/x-www-form-urlencoded",
        )

    # -- HTTP

    def _send(self, url: str, method: str, body: bytes, content_type: str) -> None:
        self._request(url, method, body, content_type, "*/*", self.timeout)

    def _post(
        self, body: bytes, content_type: str, accept: str, timeout: float
    ) -> tuple[int, str, bytes]:
        return self._request(self.url, "POST", body, content_type, accept, timeout)

    def _request(
        self, url: str, method: str, body: bytes, content_type: str, accept: str, timeout: float
    ) -> tuple[int, str, bytes]:
        request = urllib.request.Request(
            url,
            data=body,
            method=method,
            headers={"Content-Type": content_type, "Accept": accept, "User-Agent": "dostastyq-kg"},
        )
        try:
            with self._opener.open(request, timeout=timeout) as response:
                return response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as err:
            message = err.read().decode("utf-8", errors="replace").strip()
            if len(message) > 800:
                message = message[:800] + " …"
            if err.code == 401:
                raise StoreError(
                    f"{url} asks for credentials: set {USER_VARIABLE} and {PASSWORD_VARIABLE}"
                    + (" (the ones set were refused)" if self._credentials else "")
                ) from err
            if err.code == 403:
                raise StoreError(f"{url} refused the request (403): {message}") from err
            if err.code == 404:
                raise StoreError(f"no SPARQL service at {url} (404)") from err
            if err.code in (400, 406, 415):
                raise QueryError(f"{url} refused the request ({err.code}): {message}") from err
            if err.code in (503, 504) and "time" in message.lower():
                raise QueryTimeout(f"{url} stopped the query ({err.code}): {message}") from err
            raise QueryError(f"{url} failed ({err.code}): {message}") from err
        except TimeoutError as err:
            raise QueryTimeout(f"{url} did not answer within {timeout:g} s") from err
        except urllib.error.URLError as err:
            if isinstance(err.reason, TimeoutError):
                raise QueryTimeout(f"{url} did not answer within {timeout:g} s") from err
            raise StoreError(f"cannot reach {url}: {err.reason}; is the server running?") from err
        except (ConnectionError, OSError) as err:
            raise StoreError(f"cannot reach {url}: {err}; is the server running?") from err


def _with_query(url: str, extra: list[tuple[str, str]]) -> str:
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True) + extra
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def _credentials() -> tuple[str, str] | None:
    user, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
    return (user, password or "") if user else None


def _opener(url: str, credentials: tuple[str, str] | None) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({})]
    if credentials:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, *credentials)
        handlers += [
            urllib.request.HTTPDigestAuthHandler(passwords),
            urllib.request.HTTPBasicAuthHandler(passwords),
        ]
    return urllib.request.build_opener(*handlers)


def _from_results_json(answer: dict, max_rows: int | None) -> QueryResult:
    if "boolean" in answer:
        return QueryResult(("ask",), ((Literal(bool(answer["boolean"])),),))
    try:
        columns = tuple(answer["head"]["vars"])
        bindings = answer["results"]["bindings"]
    except (KeyError, TypeError) as err:
        raise QueryError(f"the endpoint's answer is not SPARQL JSON results: {err}") from err
    solutions, truncated = take_rows(bindings, max_rows)
    rows = tuple(
        tuple(_from_json_term(solution.get(column)) for column in columns) for solution in solutions
    )
    return QueryResult(columns, rows, truncated)


def _from_json_term(value: dict | None) -> Node | None:
    if value is None:
        return None
    kind, text = value.get("type"), value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in (
        "literal",
        "typed-literal",
    ):  # typed-literal: the 2008 draft, still used by Virtuoso
        if value.get("xml:lang"):
            return normalise_term(Literal(text, lang=value["xml:lang"]))
        if value.get("datatype"):
            return normalise_term(Literal(text, datatype=URIRef(value["datatype"])))
        return Literal(text)
    raise QueryError(f"unknown term type {kind!r} in the endpoint's answer")
