"""Every IRI dereferences: ``/id/<id>``, ``/page/<id>``, ``/data/<id>.<ext>``, ``/doc/<id>``.

Our IRIs (``https://w3id.org/dostastyq/id/state/KAZ``) name states, organisations and
agreements, not documents about them. Following the W3C note "Cool URIs for the Semantic
Web" (section 4.3, 303 URIs forwarding to one generic document … or to several), ``/id/<id>``
answers **303 See Other** to a document about the thing, chosen by ``Accept``:

- a browser (``text/html`` first) goes to ``/page/<id>``: the page for people, in Kazakh,
  Russian or English (``?lang=``, else the browser's ``Accept-Language``, else Kazakh, the
  corpus's language), with a switch between them;
- a program goes to ``/data/<id>.ttl``, ``.nt``, ``.jsonld`` or ``.rdf`` (Turtle, N-Triples,
  JSON-LD, RDF/XML): the resource's triples, its relation nodes' and their evidence's;
- a corpus document (``doc/<id>``) is itself a document: its page is the text view
  ``/doc/<id>``, every evidence span highlighted and anchored (``#c<start>-<end>``).

An id the graph does not know gets 404; a malformed one never reaches a query.
"""

from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.stores.base import GraphResult, QueryResult, Store
from kg.vocab import DQR, LANGUAGES
from kg.web.entities import EntityView, describe, entity_view, resource_exists, text_view
from kg.web.formats import negotiate, prefers_html, ranked_by_quality, write_graph
from kg.web.http import HttpError, Request, Response
from kg.web.pages import cors_headers, page_headers
from kg.web.templating import render
from kg.web.wording import role_word, word

__all__ = [
    "DATA_EXTENSIONS",
    "LinkedData",
    "ServedLinks",
    "entity_values",
    "page_language",
    "render_page",
    "timeline",
]

DATA_EXTENSIONS = {"ttl": "turtle", "nt": "nt", "jsonld": "jsonld", "rdf": "rdfxml"}
_EXTENSION_OF = {name: extension for extension, name in DATA_EXTENSIONS.items()}
# Our ids: words of letters, digits and ``_.-`` joined by single slashes (``state/KAZ``,
# ``membership/GEO-cis-1993``): nothing that could end an IRI in a query or climb a path.
_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.\-]*)*")


class _Timed:
    """A store whose every query has the endpoint's timeout and row limit."""

    def __init__(self, store: Store, timeout: float, max_rows: int):
        self.store, self.timeout, self.max_rows = store, timeout, max_rows
        self.description = store.description

    def query(
        self,
        text: str,
        bindings: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult | GraphResult:
        return self.store.query(text, bindings, timeout=self.timeout, max_rows=self.max_rows)


@dataclass
class LinkedData:
    """The four routes, for ``SparqlService``: each takes the request and the rest of the path
    after its prefix, and returns the response (or raises ``HttpError``)."""

    store: Store
    corpus: Path
    timeout: float = 10.0
    max_rows: int = 10_000

    def __post_init__(self) -> None:
        self._store: Any = _Timed(self.store, self.timeout, self.max_rows)

    def identify(self, request: Request, rest: str) -> Response:
        """``/id/<id>``: 303 to the page or the data, by ``Accept``."""
        resource = self._known(rest)
        if prefers_html(request.headers.get("accept", "")):
            target = f"/doc/{resource[4:]}" if resource.startswith("doc/") else f"/page/{resource}"
        else:
            target = f"/data/{resource}.{_EXTENSION_OF[negotiate(request, is_graph=True)]}"
        headers = (("Location", target), ("Vary", "Accept"), *cors_headers())
        return Response(303, "text/plain; charset=utf-8", f"See {target}\n".encode(), headers)

    def data(self, request: Request, rest: str) -> Response:
        """``/data/<id>.<ext>``: the resource's description in the extension's format."""
        resource, _, extension = rest.rpartition(".")
        if extension not in DATA_EXTENSIONS:
            raise HttpError(404, f"/data/{rest}: name a format, .ttl, .nt, .jsonld or .rdf")
        resource = self._known(resource)
        graph = describe(self._store, str(DQR[resource]))
        body, content_type = write_graph(graph, DATA_EXTENSIONS[extension], resource, "")
        return Response(200, content_type, body, cors_headers())

    def page(self, request: Request, rest: str) -> Response:
        """``/page/<id>``: the page for people."""
        resource = self._known(rest)
        if resource.startswith("doc/"):
            return Response(303, "text/plain", b"", (("Location", f"/doc/{resource[4:]}"),))
        lang = page_language(request)
        view = entity_view(self._store, str(DQR[resource]), lang, self.corpus)
        links = ServedLinks(f"/page/{resource}", _chosen(request))
        return _page("entity.html", lang, view.label, **entity_values(view, links))

    def document(self, request: Request, rest: str) -> Response:
        """``/doc/<id>``: a corpus text with its evidence spans."""
        if not _ID.fullmatch(rest) or "/" in rest:
            raise HttpError(404, f"no document {rest!r}")
        path = self.corpus / f"{rest}.txt"
        if not resource_exists(self._store, str(DQR[f"doc/{rest}"])) or not path.is_file():
            raise HttpError(404, f"no document {rest!r} in the graph and {self.corpus}")
        lang = page_language(request)
        view = text_view(self._store, rest, path.read_text(encoding="utf-8"), lang)
        links = ServedLinks(f"/doc/{rest}", _chosen(request))
        return _page("document.html", lang, view.label, view=view, links=links)

    def _known(self, rest: str) -> str:
        if not _ID.fullmatch(rest) or ".." in rest:
            raise HttpError(404, f"{rest!r} is not an id of this graph")
        if not resource_exists(self._store, str(DQR[rest])):
            raise HttpError(404, f"the graph says nothing about {rest}")
        return rest


@dataclass(frozen=True)
class ServedLinks:
    """The pages' links when ``kg serve`` serves them: absolute paths, ``?lang=`` kept when
    the reader chose a language (``chosen``); ``here`` is the page's own path."""

    here: str
    chosen: str | None = None
    data_formats: tuple[str, ...] = tuple(DATA_EXTENSIONS)

    def _lang(self) -> str:
        return f"?lang={self.chosen}" if self.chosen else ""

    def page(self, resource: str) -> str:
        return f"/page/{resource}{self._lang()}"

    def relation(self, resource: str) -> str:
        return self.page(resource)

    def doc(self, document: str) -> str:
        return f"/doc/{document}{self._lang()}"

    def data(self, resource: str, extension: str) -> str:
        return f"/data/{resource}.{extension}"

    def switch(self, lang: str) -> str:
        return f"{self.here}?lang={lang}"

    def home(self) -> str:
        return "/"


def page_language(request: Request) -> str:
    """``?lang=`` when it names one of ours, else the first of ours in ``Accept-Language``
    (by its q values), else Kazakh.

    >>> page_language(Request("GET", "/", [], {"accept-language": "de, ru;q=0.8, en;q=0.5"}))
    'ru'
    """
    asked = request.value("lang")
    if asked in LANGUAGES:
        return asked
    for tag, _quality in ranked_by_quality(request.headers.get("accept-language", "")):
        if tag.split("-")[0] in LANGUAGES:
            return tag.split("-")[0]
    return "kk"


# --------------------------------------------------------------------------- the timeline


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    role: str
    title: str


@dataclass(frozen=True)
class Row:
    y: float
    id: str
    label: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    left: int
    rows: tuple[Row, ...]
    ticks: tuple[tuple[float, int], ...]  # (x, year)


ROW_HEIGHT = 18
TIMELINE_WIDTH = 760
LABEL_WIDTH = 230


def timeline(view: EntityView, today: datetime.date | None = None) -> Timeline | None:
    """The entity's memberships as bars on a year axis, one row per organisation (for a state)
    or per member (for an organisation); deprecated claims left out. None without any.

    The geometry is computed here and the template only writes it, so that the SVG needs no
    script: x grows with the date, from the first start to the last end (or today)."""
    today = today or datetime.date.today()
    spells = [r for r in view.memberships() if r.rank != "Deprecated"]
    if not spells:
        return None
    first = min(r.start for r in spells if r.start).year
    last = max((r.end or today).year for r in spells) + 1
    span_days = (datetime.date(last, 1, 1) - datetime.date(first, 1, 1)).days or 1
    plot = TIMELINE_WIDTH - LABEL_WIDTH - 10

    def x(day: datetime.date) -> float:
        return LABEL_WIDTH + plot * (day - datetime.date(first, 1, 1)).days / span_days

    by_row: dict[str, list] = {}
    labels: dict[str, str] = {}
    for relation in spells:
        other = next(
            (link for prop, link in relation.others if prop in ("organisation", "member")), None
        )
        if other is None:
            continue
        labels[other.id] = other.label or other.id
        by_row.setdefault(other.id, []).append(relation)
    rows = []
    for index, key in enumerate(sorted(by_row, key=lambda k: (min(r.start for r in by_row[k]), k))):
        bars = []
        for relation in sorted(by_row[key], key=lambda r: r.start):
            start = x(relation.start)
            end = x(relation.end or today)
            until = relation.end.isoformat() if relation.end else "…"
            title = f"{relation.start.isoformat()} – {until}"
            bars.append(Bar(round(start, 1), round(max(end - start, 1.5), 1), relation.role, title))
        rows.append(Row(index * ROW_HEIGHT + 24, key, labels[key], tuple(bars)))
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100) if (last - first) / s <= 12)
    ticks = tuple(
        (round(x(datetime.date(year, 1, 1)), 1), year)
        for year in range(first + (-first) % step, last + 1, step)
    )
    return Timeline(TIMELINE_WIDTH, len(rows) * ROW_HEIGHT + 30, LABEL_WIDTH, tuple(rows), ticks)


def entity_values(view: EntityView, links: Any) -> dict[str, Any]:
    """What entity.html is rendered with, besides the page's language and words."""
    return {"view": view, "timeline": timeline(view), "groups": _groups(view), "links": links}


def _chosen(request: Request) -> str | None:
    asked = request.value("lang")
    return asked if asked in LANGUAGES else None


def _groups(view: EntityView) -> list[tuple[str, list]]:
    """The relations by kind, in the order a reader looks for them."""
    order = ("Membership", "Founding", "Signing", "Accession", "Ratification", "Withdrawal",
             "Succession", "TermOfOffice", "Statehood")  # fmt: skip
    kinds = sorted(
        {r.kind for r in view.relations},
        key=lambda k: (k not in order, order.index(k) if k in order else 0, k),
    )
    return [(kind, [r for r in view.relations if r.kind == kind]) for kind in kinds]


def render_page(template: str, lang: str, title: str, nonce: str, **values: Any) -> str:
    """A resource page or text view in ``lang`` (``kg serve`` and ``kg site`` both use it)."""
    return render(
        template, nonce=nonce, lang=lang, title=title, languages=LANGUAGES,
        word=lambda key: word(key, lang), role_word=lambda key: role_word(key, lang),
        **values,
    )  # fmt: skip


def _page(template: str, lang: str, title: str, **values: Any) -> Response:
    nonce = secrets.token_urlsafe(16)
    page = render_page(template, lang, title, nonce, **values)
    headers = (*page_headers(nonce), ("Content-Language", lang), ("Vary", "Accept-Language"))
    return Response(200, "text/html; charset=utf-8", page.encode(), headers)
