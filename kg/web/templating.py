"""The one Jinja2 environment of the web pages: the endpoint's pages and the explorer.

Templates are in ``kg/web/templates/``; the scripts and styles the pages inline are in
``kg/web/static/``. Values from the graph are data, never HTML:

- in the page, autoescape (on for every ``.html`` template) escapes them;
- in an inline ``<script>``, they go through :func:`script_json` (the ``script_json`` filter);
- ``inline_static(name)`` puts a static script or style in the page as it is, after checking
  that it cannot end its element or open a comment.

Undefined names are errors (``StrictUndefined``), so a template cannot silently show nothing
where a value was forgotten.

>>> render("error.html", title="Not found", message="<b>x</b>", nonce="n").count("&lt;b&gt;x")
1
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

__all__ = ["ENVIRONMENT", "inlinable", "render", "script_json", "static_asset"]


def script_json(value: Any) -> str:
    """``value`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e`` and ``\\u0026`` (the same string to
    a JSON parser), so no value can close the element or open a comment; U+2028 and U+2029
    are escaped too (line terminators to a JavaScript parser older than ES2019).

    >>> script_json({"label": "</script><img src=x onerror=alert(1)>"})
    '{"label": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    for character, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(character, escape)
    return text


def inlinable(text: str, name: str) -> Markup:
    """``text``, checked to be safe inside a ``<script>`` or ``<style>`` element, and marked so
    that autoescape leaves it as it is (escaping would break a script or a style)."""
    if re.search(r"</(script|style)|<!--", text, re.IGNORECASE):
        raise ValueError(f"{name} cannot be inlined: it contains '</script', '</style' or '<!--'")
    return Markup(text)


def static_asset(name: str) -> str:
    """The text of ``kg/web/static/NAME`` (a script or a style)."""
    return resources.files("kg.web").joinpath("static", name).read_text(encoding="utf-8")


def _inline_static(name: str) -> Markup:
    return inlinable(static_asset(name), name)


def _script_json_markup(value: Any) -> Markup:
    return Markup(script_json(value))  # already safe in a <script>; HTML escapes would break it


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("kg.web", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.filters["script_json"] = _script_json_markup
    environment.globals["inline_static"] = _inline_static
    return environment


ENVIRONMENT = _environment()


def render(name: str, **values: Any) -> str:
    """The template ``name`` of ``kg/web/templates/`` rendered with ``values``."""
    return ENVIRONMENT.get_template(name).render(**values)
