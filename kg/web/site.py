"""``kg site -o DIR``: the resource pages of ``kg serve`` as a static site that opens from
disk (``file://``) or any static host, with no request to another host.

The site (every page in Kazakh, Russian and English: ``NAME.kk.html``, ``.ru.html``,
``.en.html``, and ``NAME.html`` in Kazakh)::

    index.html                  the entity types, with counts, and a search box
    types/<kind>.html           an index per entity type (state, org, agreement, …)
    page/<id>.html              each entity's page (as /page/<id>), linked relatively
    data/<id>.ttl               each entity's description in Turtle (as /data/<id>.ttl)
    doc/<id>.html               each corpus text with its evidence spans (as /doc/<id>)
    explorer.html               the explorer, when given (drawn with ``text_links=TEXT_LINKS``,
                                its quotes link to their texts here)
    search-index.js             the search's index, every label and other name: a script, since
                                a page opened from disk may not fetch a file

Links between pages are relative, so the folder can move; a link to a resource with no page
of its own (a relation node) goes to its place on the page that lists it, or else to its IRI.
The folder is written beside ``DIR`` and put in its place in one rename, so a reader never sees
half a site.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.stores.base import GraphResult, QueryResult, Store
from kg.vocab import DQR, ENTITY_CLASSES, LANGUAGES, resource_id
from kg.web.entities import describe, entity_view, text_view
from kg.web.linked import entity_values, render_page

__all__ = ["TEXT_LINKS", "SiteLinks", "SiteReport", "write_site"]

DEFAULT_LANGUAGE = "kk"
# Where the explorer at the site's root finds a quote's text (``doc/<id>``, in the page's
# language): ``kg.web.explorer.explorer_html(text_links=TEXT_LINKS)``.
TEXT_LINKS = "{document}.{lang}.html"


@dataclass(frozen=True)
class SiteReport:
    output: Path
    entities: int
    documents: int
    files: int
    seconds: float


@dataclass(frozen=True)
class SiteLinks:
    """The pages' links in the static site: relative to the page ``here`` (a path inside the
    site), in the page's language."""

    here: str
    lang: str
    known: frozenset[str]  # the ids that have pages
    documents: frozenset[str]
    data_formats: tuple[str, ...] = ("ttl",)

    @property
    def _root(self) -> str:
        return "../" * self.here.count("/")

    def page(self, resource: str) -> str:
        if resource in self.known:
            return f"{self._root}page/{resource}.{self.lang}.html"
        return str(DQR[resource])  # no page of its own here: its IRI

    def relation(self, resource: str) -> str:
        return f"#{resource}"  # relation nodes are listed on the page, each with its id

    def doc(self, document: str) -> str:
        if document in self.documents:
            return f"{self._root}doc/{document}.{self.lang}.html"
        return str(DQR[f"doc/{document}"])

    def data(self, resource: str, extension: str) -> str:
        return f"{self._root}data/{resource}.{extension}"

    def switch(self, lang: str) -> str:
        name = self.here.rsplit("/", 1)[-1]
        stem = name.removesuffix(f".{self.lang}.html")
        return f"{stem}.{lang}.html"

    def home(self) -> str:
        return f"{self._root}index.{self.lang}.html"

    def types(self, kind: str) -> str:
        return f"{self._root}types/{kind}.{self.lang}.html"


def write_site(
    store: Store,
    output: Path,
    corpus: Path,
    explorer: str | None = None,
    languages: tuple[str, ...] = tuple(LANGUAGES),
) -> SiteReport:
    """Write the static site of ``store``'s graph to the folder ``output`` (replacing it),
    the texts' views from ``corpus`` (``<document id>.txt``); ``explorer``: the explorer
    page's HTML, if it should be in the site."""
    started = time.perf_counter()
    entities = _entities(store)
    documents = sorted(
        resource[4:] for resource, kind in entities.items()
        if kind == "doc" and (corpus / f"{resource[4:]}.txt").is_file()
    )  # fmt: skip
    pages = {resource: kind for resource, kind in entities.items() if kind != "doc"}
    known, texts = frozenset(pages), frozenset(documents)
    output.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    files = 0
    try:
        labels: dict[str, dict[str, str]] = defaultdict(dict)
        remembering: Any = _Remembering(store)
        for resource in sorted(pages):
            remembering.forget()
            iri = str(DQR[resource])
            for lang in languages:
                view = entity_view(remembering, iri, lang, corpus)
                labels[resource][lang] = view.label
                labels[resource]["names"] = " · ".join(view.other_names)
                here = f"page/{resource}.{lang}.html"
                links = SiteLinks(here, lang, known, texts)
                html = render_page(
                    "entity.html", lang, view.label, "", **entity_values(view, links)
                )
                files += _write(building / here, html, lang == DEFAULT_LANGUAGE)
            data = describe(remembering, iri).serialize(format="turtle", encoding="utf-8")
            files += _write_bytes(building / f"data/{resource}.ttl", data)
        for document in documents:
            text = (corpus / f"{document}.txt").read_text(encoding="utf-8")
            for lang in languages:
                shown = text_view(store, document, text, lang)
                here = f"doc/{document}.{lang}.html"
                links = SiteLinks(here, lang, known, texts)
                html = render_page("document.html", lang, shown.label, "", view=shown, links=links)
                files += _write(building / here, html, lang == DEFAULT_LANGUAGE)
        by_kind: dict[str, list[str]] = defaultdict(list)
        for resource, kind in pages.items():
            by_kind[kind].append(resource)
        for lang in languages:
            for kind, members in by_kind.items():
                here = f"types/{kind}.{lang}.html"
                links = SiteLinks(here, lang, known, texts)
                rows = sorted(
                    ((labels[r].get(lang, r), r) for r in members), key=lambda row: row[0].lower()
                )
                html = render_page("site_type.html", lang, f"{kind} ({len(rows)})", "",
                                   kind=kind, rows=rows, links=links)  # fmt: skip
                files += _write(building / here, html, lang == DEFAULT_LANGUAGE)
            here = f"index.{lang}.html"
            links = SiteLinks(here, lang, known, texts)
            kinds = sorted((kind, len(members)) for kind, members in by_kind.items())
            documents_listed = [(d, links.doc(d)) for d in documents]
            html = render_page(
                "site_index.html", lang, "Dostastyq", "", kinds=kinds, links=links,
                documents=documents_listed, explorer=explorer is not None,
            )  # fmt: skip
            files += _write(building / here, html, lang == DEFAULT_LANGUAGE)
        index = [
            {"id": r, "kind": pages[r], **{k: v for k, v in labels[r].items() if v}}
            for r in sorted(pages)
        ]
        script = "window.dqSearch = " + json.dumps(index, ensure_ascii=False) + ";\n"
        # "</" cannot end the script element when the file is a script (src=), but keep it out
        # anyway, as in every inline script of kg.web
        files += _write_bytes(building / "search-index.js", script.replace("</", "<\\/").encode())
        if explorer is not None:
            files += _write_bytes(building / "explorer.html", explorer.encode("utf-8"))
        _swap_in(building, output)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return SiteReport(output, len(pages), len(documents), files,
                      time.perf_counter() - started)  # fmt: skip


class _Remembering:
    """A store that keeps its answers until ``forget()``: an entity's page asks the same
    queries in every language (labels are picked in Python), so its second and third
    languages cost no query."""

    def __init__(self, store: Store):
        self.store, self.description = store, store.description
        self._answers: dict[str, QueryResult | GraphResult] = {}

    def query(self, text: str, bindings: Any = None, **limits: Any) -> QueryResult | GraphResult:
        if bindings or text not in self._answers:
            answer = self.store.query(text, bindings, **limits)
            if bindings:
                return answer
            self._answers[text] = answer
        return self._answers[text]

    def forget(self) -> None:
        self._answers.clear()


def _entities(store: Store) -> dict[str, str]:
    """Every resource typed with an entity class (or a document), by id, with its kind (the
    first part of its id: ``state``, ``org``, ``agreement``, ``doc`` …)."""
    classes = " ".join(f"<{iri}>" for iri in ENTITY_CLASSES.values())
    answer = store.query(
        f"SELECT DISTINCT ?x WHERE {{ {{ ?x a ?class VALUES ?class {{ {classes} }} }} "
        "UNION { ?x a dq:Document } }",
        timeout=None,
        max_rows=None,
    )
    assert isinstance(answer, QueryResult)
    found = {}
    for (term,) in answer.rows:
        resource = resource_id(term) if term is not None else None  # type: ignore[arg-type]
        if resource and "/" in resource:
            found[resource] = resource.split("/", 1)[0]
    return found


def _write(path: Path, html: str, also_default: bool) -> int:
    """``path`` (``NAME.LANG.html``), and ``NAME.html`` too for the default language."""
    written = _write_bytes(path, html.encode("utf-8"))
    if also_default:
        stem = path.name.rsplit(".", 2)[0]
        written += _write_bytes(path.with_name(f"{stem}.html"), html.encode("utf-8"))
    return written


def _write_bytes(path: Path, data: bytes) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return 1


def _swap_in(building: Path, output: Path) -> None:
    """Put the finished folder where ``output`` is, in one rename (the old one, if any, is
    moved aside first and removed after)."""
    os.chmod(building, 0o777 & ~_umask())  # mkdtemp makes it 0700
    old = None
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old.", dir=output.parent))
        os.rmdir(old)
        os.rename(output, old)
    os.rename(building, output)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
