"""The HTTP server around ``SparqlService`` (``kg serve``): threads, limits, loopback."""

from __future__ import annotations

import logging
import socket
from dataclasses import replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kg.stores.base import Store
from kg.web.http import Response
from kg.web.pages import text_response
from kg.web.service import DEFAULT_HOST, DEFAULT_PORT, ServeConfig, SparqlService

__all__ = ["make_server"]

log = logging.getLogger("kg.serve")


# --------------------------------------------------------------------------- HTTP server


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "dostastyq-kg"
    timeout = 60  # seconds a connection may sit idle or half-sent
    service: SparqlService  # set on the subclass made by make_server

    def setup(self) -> None:
        super().setup()
        # Answers go out in one write (below) and at once: without TCP_NODELAY, Nagle's
        # algorithm holds a small answer back until the client's delayed ACK of the last
        # one, about 40 ms for every request after the first on a kept-alive connection.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self._respond(self.service.handle("GET", self.path, dict(self.headers.items())))

    def do_HEAD(self) -> None:
        self._respond(self.service.handle("HEAD", self.path, dict(self.headers.items())), False)

    def do_OPTIONS(self) -> None:
        self._respond(self.service.handle("OPTIONS", self.path, dict(self.headers.items())))

    def _refuse_method(self) -> None:
        # PUT, DELETE, PATCH: the handler's 405 with Allow (http.server alone would say 501);
        # the connection closes, so that an unread body is never taken for the next request.
        self.close_connection = True
        self._respond(self.service.handle(self.command, self.path, dict(self.headers.items())))

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def do_POST(self) -> None:
        limit = self.service.config.max_body
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            self._respond(text_response(411, "send the body with a Content-Length, not chunked"))
            return
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            self.close_connection = True
            self._respond(text_response(411, "a POST needs a Content-Length"))
            return
        try:
            length = int(length_header)
        except ValueError:
            self.close_connection = True
            self._respond(text_response(400, "Content-Length is not a number"))
            return
        if length < 0:
            self.close_connection = True
            self._respond(text_response(400, "Content-Length is negative"))
            return
        if length > limit:
            self.close_connection = True
            if 0 < length <= 16 * limit:  # read it, so that the client sees the answer
                remaining = length
                while remaining > 0:
                    chunk = self.rfile.read(min(remaining, 65536))
                    if not chunk:
                        break
                    remaining -= len(chunk)
            self._respond(text_response(413, f"the request body is larger than {limit:,} bytes"))
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
        if with_body and self.command != "HEAD":
            # the body joins the buffered headers, so that end_headers() sends both in one write
            self._headers_buffer.append(b"\r\n" + response.body)  # type: ignore[attr-defined]
            self.flush_headers()
        else:
            self.end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # http.server's own refusals (a request line over 64 kB: 414, bad syntax: 400) as text,
        # with headers even when the request line was too garbled to name a version (http.server
        # would then answer as HTTP/0.9, with no headers), and without echoing the request.
        self.close_connection = True
        self.request_version = self.protocol_version
        reason = HTTPStatus(code).phrase
        response = text_response(code, reason)
        self._respond(
            replace(response, headers=(*response.headers, ("X-Content-Type-Options", "nosniff")))
        )

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
