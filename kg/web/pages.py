"""The endpoint's HTML pages as responses: a template of ``kg/web/templates/`` (the query page,
the error pages; ``kg.web.formats`` renders the answers' pages) rendered by the one environment
of ``kg.web.templating``, served with a Content-Security-Policy that allows only the page's own
inline script and style; and the plain-text and CORS headers of the other answers."""

from __future__ import annotations

import itertools
import secrets
import shlex
from typing import Any

from kg.queries.named import NamedQuery
from kg.web.http import Response
from kg.web.templating import render

__all__ = [
    "cors_headers",
    "page_headers",
    "page_response",
    "prefilled_values",
    "text_response",
]


# --------------------------------------------------------------------------- pages


def page_headers(nonce: str) -> tuple[tuple[str, str], ...]:
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


def page_response(status: int, template: str, **values: Any) -> Response:
    """The page ``template`` rendered with ``values``, with a fresh nonce for its inline script
    and style, and the headers that allow only those."""
    nonce = secrets.token_urlsafe(16)
    page = render(template, nonce=nonce, **values)
    return Response(status, "text/html; charset=utf-8", page.encode(), page_headers(nonce))


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


def prefilled_values(query: NamedQuery) -> dict[str, str]:
    """What the query page fills in for each parameter of ``query``: its first example's value,
    or else its default, or else nothing."""
    examples = _example_values(query)
    return {
        parameter.name: examples.get(parameter.name, parameter.default or "")
        for parameter in query.parameters
    }


def text_response(status: int, message: str) -> Response:
    return Response(status, "text/plain; charset=utf-8", (message + "\n").encode(), cors_headers())


def cors_headers(preflight: bool = False) -> tuple[tuple[str, str], ...]:
    headers: tuple[tuple[str, str], ...] = (("Access-Control-Allow-Origin", "*"),)
    if preflight:
        headers += (
            ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
            ("Access-Control-Allow-Headers", "Content-Type, Accept"),
            ("Access-Control-Max-Age", "86400"),
        )
    return headers
