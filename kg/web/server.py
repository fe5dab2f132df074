"""The HTTP server around ``SparqlService`` (``kg serve``): waitress, limits, loopback.

``SparqlService.handle`` is a plain function from a request to a response; here it becomes a
WSGI application (:func:`wsgi_application`) served by waitress, a maintained, pure-Python HTTP
server. Why waitress and not gunicorn or uvicorn: the queries already run where they can be
killed (``kg.stores.pool``), so the HTTP layer needs no processes of its own, only threads that
read requests, wait for a worker and write answers; waitress does exactly that, parses HTTP
strictly (request smuggling, header and body limits, chunked bodies, keep-alive, TCP_NODELAY),
needs no C compiler and runs wherever Python does, and a ``kg serve`` stays one process tree
that Ctrl+C stops.

The WSGI application also runs under any other WSGI server, for whoever deploys it otherwise:
``wsgi_application(SparqlService(store))``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from waitress import wasyncore
from waitress.server import MultiSocketServer, create_server

from kg.stores.base import Store
from kg.web.http import Response
from kg.web.pages import text_response
from kg.web.service import DEFAULT_HOST, DEFAULT_PORT, ServeConfig, SparqlService

__all__ = ["Server", "make_server", "wsgi_application"]

log = logging.getLogger("kg.serve")

IDLE_SECONDS = 60
"""How long a connection may sit idle (or half-sent) before the server closes it."""
MAX_HEADER_BYTES = 64 * 1024
"""The request line and headers together; a query belongs in the URL (16 kB) or the body."""

WsgiStartResponse = Callable[[str, list[tuple[str, str]]], Any]


def wsgi_application(
    service: SparqlService,
) -> Callable[[dict[str, Any], WsgiStartResponse], Iterable[bytes]]:
    """``service`` as a WSGI application: the raw request target, the headers and the body in,
    the service's response out, with one log line per request."""

    def application(environ: dict[str, Any], start_response: WsgiStartResponse) -> list[bytes]:
        started = time.perf_counter()
        method = environ["REQUEST_METHOD"]
        # the target as sent (percent-escapes intact), which the service parses itself
        target = environ.get("REQUEST_URI") or _target(environ)
        body = b""
        if method in ("POST", "PUT", "PATCH", "DELETE"):
            # waitress has read the whole body (to a file when large), up to its own wall
            body = environ["wsgi.input"].read(service.config.max_body + 1)
        if len(body) > service.config.max_body:
            response = text_response(
                413, f"the request body is larger than {service.config.max_body:,} bytes"
            )
        else:
            response = service.handle(method, target, _headers(environ), body)
        start_response(_status_line(response), _response_headers(response))
        log.info(
            "%s %s %s %d %.1f ms",
            environ.get("REMOTE_ADDR", "-"),
            method,
            _printable(target if len(target) <= 200 else target[:200] + "…"),
            response.status,
            (time.perf_counter() - started) * 1000,
        )
        return [response.body] if method != "HEAD" else []

    return application


def _printable(text: str) -> str:
    """``text`` for a log line: control characters escaped, so that a request cannot write
    terminal escapes into the log.

    >>> print(_printable("/sparql?q=\\x1b[31mred"))
    /sparql?q=\\x1b[31mred
    """
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def _target(environ: dict[str, Any]) -> str:
    query = str(environ.get("QUERY_STRING", ""))
    return str(environ.get("PATH_INFO", "/")) + (f"?{query}" if query else "")


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    headers = {
        key[5:].replace("_", "-").lower(): value
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").lower()] = environ[key]
    return headers


def _status_line(response: Response) -> str:
    try:
        phrase = HTTPStatus(response.status).phrase
    except ValueError:
        phrase = "Unknown"
    return f"{response.status} {phrase}"


def _response_headers(response: Response) -> list[tuple[str, str]]:
    return [
        ("Content-Type", response.content_type),
        ("Content-Length", str(len(response.body))),
        *response.headers,
    ]


class Server:
    """A running HTTP server: ``serve_forever()`` in one thread, ``shutdown()`` from another,
    then ``server_close()``; ``server_address`` is where it listens."""

    def __init__(
        self,
        application: Callable[..., Iterable[bytes]],
        host: str,
        port: int,
        threads: int,
        max_body: int,
    ):
        self._waitress = create_server(
            application,
            host=host,
            port=port,
            threads=threads,
            ident="dostastyq-kg",
            channel_timeout=IDLE_SECONDS,
            max_request_header_size=MAX_HEADER_BYTES,
            # Bodies up to 16 times the limit are read, so that their senders see the 413
            # that the application gives (a server that closes while the client is still
            # sending resets the connection, and the client sees that instead). Beyond,
            # waitress refuses on the Content-Length and closes; it keeps large bodies in
            # temporary files, not in memory.
            max_request_body_size=16 * max_body,
            connection_limit=256,
            expose_tracebacks=False,
            asyncore_use_poll=True,  # select() cannot watch descriptors above 1024
        )
        served = self._waitress
        if isinstance(served, MultiSocketServer):  # a name with several addresses: the first
            self._map: Any = served.map
            host, port = served.effective_listen[0]
        else:  # a TcpWSGIServer, whose attributes types-waitress does not declare
            self._map = served._map  # type: ignore[attr-defined]
            host = served.effective_host  # type: ignore[attr-defined]
            port = served.effective_port  # type: ignore[attr-defined]
        self.server_address = (str(host), int(port))
        self._stop = threading.Event()
        self._stopped = threading.Event()
        self._stopped.set()

    def serve_forever(self) -> None:
        self._stopped.clear()
        try:
            while not self._stop.is_set():
                # one round of the event loop at a time, so that shutdown() is noticed
                wasyncore.loop(timeout=0.5, map=self._map, use_poll=True, count=1)
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop ``serve_forever`` (from another thread) and wait for it to return."""
        self._stop.set()
        self._stopped.wait(10)

    def server_close(self) -> None:
        """Close the listening socket and every connection, and end the request threads."""
        wasyncore.close_all(self._map)
        self._waitress.task_dispatcher.shutdown()


def make_server(
    store: Store,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    config: ServeConfig | None = None,
    threads: int = 8,
) -> Server:
    """An HTTP server for ``store`` on ``host:port`` (port 0: any free port), with ``threads``
    request threads; call ``serve_forever()`` on it, and ``shutdown()`` from another thread
    to stop it."""
    service = SparqlService(store, config)
    return Server(wsgi_application(service), host, port, threads, service.config.max_body)
