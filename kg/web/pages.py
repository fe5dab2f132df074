"""The endpoint's HTML pages: the query page, named queries, answers as tables."""

from __future__ import annotations

import html
import itertools
import json
import logging
import secrets
import shlex
import string
from importlib import resources

from kg.queries.named import NamedQuery
from kg.web.http import Response

log = logging.getLogger("kg.serve")


# --------------------------------------------------------------------------- pages

HOME_LINK = '<p><a href="/">Back to the query page</a></p>'


def asset(name: str) -> str:
    return resources.files("kg.web").joinpath("static", name).read_text(encoding="utf-8")


def template(name: str) -> string.Template:
    return string.Template(asset(name))


def script_json(value: object) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


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


def page_html(title: str, body: str, nonce: str = "") -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} — Dostastyq</title>"
        f'<style nonce="{nonce}">{asset("sparql.css")}</style></head>'
        f'<body><header><h1>{html.escape(title)}</h1></header><main style="display:block">'
        f"{body}</main></body></html>\n"
    )


def page_response(status: int, title: str, body: str) -> Response:
    nonce = secrets.token_urlsafe(16)
    page = page_html(title, body, nonce)
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


def named_query_html(query: NamedQuery) -> str:
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
