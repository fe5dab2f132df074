"""Every IRI dereferences (issue 15, point 2): `kg serve` answers ``/id/<id>`` with 303 to a
page for people or data for programs, by ``Accept``; the page (in real headless Chromium, every
request to another host refused) shows the names, a membership timeline, the relations with
their evidence and a language switch, and a hostile label stays text; ``/doc/<id>`` shows a
corpus text with each evidence span marked and anchored.

The graph is the queries' fixture world (tests/helpers.py); its one text, ``doc/t1``, is
written here so that its evidence spans (0–24, 30–61) cut known characters."""

from __future__ import annotations

from collections.abc import Iterator
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

import pytest
from helpers import world_graph
from rdflib import Graph, Literal, URIRef
from serving import TEXT, Served, start_serve

from kg.stores.memory import MemoryStore
from kg.vocab import DQ, DQR
from kg.web.entities import entity_view
from kg.web.http import Request
from kg.web.linked import page_language, timeline

# rdflib's own JSON-LD parser, reading the answer, uses its deprecated ConjunctiveGraph
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")


@pytest.fixture(scope="module")
def linked(world_file: Path, world_corpus: Path) -> Iterator[Served]:
    """`kg serve --graph WORLD --corpus CORPUS` (Oxigraph workers, as a user starts it)."""
    served = start_serve("--graph", world_file, "--corpus", world_corpus)
    yield served
    served.stop()


def fetch(served: Served, path: str, headers: dict[str, str] | None = None):
    """One request, redirects not followed: status, headers (lower-case names), body."""
    connection = HTTPConnection(served.base.removeprefix("http://"), timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@pytest.fixture
def served_page(chromium, linked: Served) -> Iterator[Any]:
    """A Chromium page that may load from the server only; ``page.refused`` lists the rest,
    ``page.dialogs`` any alert a script opened."""
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.refused, page.dialogs = [], []

    def route(route) -> None:
        if route.request.url.startswith(linked.base + "/"):
            route.continue_()
        else:
            page.refused.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.set_default_timeout(30_000)
    yield page
    context.close()


# ------------------------------------------------------------------ content negotiation


@pytest.mark.parametrize(
    "accept, location",
    [
        ("text/html,application/xhtml+xml,*/*;q=0.8", "/page/state/AAA"),
        ("text/turtle", "/data/state/AAA.ttl"),
        ("application/n-triples", "/data/state/AAA.nt"),
        ("application/ld+json", "/data/state/AAA.jsonld"),
        ("application/rdf+xml", "/data/state/AAA.rdf"),
        ("*/*", "/data/state/AAA.ttl"),
    ],
)
def test_an_iri_answers_303_to_a_document_by_accept(
    linked: Served, accept: str, location: str
) -> None:
    """The Cool URIs note's 303 URIs: the thing is not a document, so /id/ says where one is."""
    status, headers, _ = fetch(linked, "/id/state/AAA", {"Accept": accept})
    assert (status, headers["location"]) == (303, location)
    assert "Accept" in headers["vary"]


def test_a_document_iri_goes_to_its_text(linked: Served) -> None:
    status, headers, _ = fetch(linked, "/id/doc/t1", {"Accept": "text/html"})
    assert (status, headers["location"]) == (303, "/doc/t1")


@pytest.mark.parametrize("extension, parser", [("ttl", "turtle"), ("nt", "nt"),
                                               ("jsonld", "json-ld"), ("rdf", "xml")])  # fmt: skip
def test_the_data_describes_the_resource_its_claims_and_their_evidence(
    linked: Served, extension: str, parser: str
) -> None:
    """By hand from tests/helpers.py's world: Alpha's own triples, its membership of Union One
    (1992) with both evidence nodes and the text evidence's selectors; not Beta's claims."""
    status, _, body = fetch(linked, f"/data/state/AAA.{extension}")
    assert status == 200
    graph = Graph().parse(data=body, format=parser)
    aaa = DQR["state/AAA"]
    assert (aaa, RDFS_LABEL, Literal("Alpha", lang="en")) in graph
    assert (DQR["membership/AAA-one-1992"], DQ.member, aaa) in graph
    assert (DQR["membership/AAA-one-1992"], DQ.role, DQ.FullMember) in graph
    quote = URIRef("http://www.w3.org/ns/oa#exact")
    assert (
        DQR["evidence/001-0-24/quote"],
        quote,
        Literal("Әлфа Бірінші Одаққа кірді", lang="kk"),
    ) in graph
    assert (DQR["evidence/ext-1"], None, None) in graph
    assert not set(graph.triples((DQR["membership/BBB-one-1993"], None, None)))


@pytest.mark.parametrize(
    "path",
    ["/id/state/ZZZ", "/id/state/AAA%3E%20%3Fp", "/id/state/../org/one", "/id/",
     "/data/state/AAA.exe", "/page/state/ZZZ", "/doc/../../etc/passwd", "/doc/t2", "/doc/t1.txt"],
)  # fmt: skip
def test_unknown_or_malformed_ids_get_404(linked: Served, path: str) -> None:
    assert fetch(linked, path, {"Accept": "text/html"})[0] == 404


def test_the_page_language_follows_the_browser_unless_asked() -> None:
    def language(params: list[tuple[str, str]], accept_language: str) -> str:
        return page_language(Request("GET", "/", params, {"accept-language": accept_language}))

    assert language([], "ru-RU,ru;q=0.9,en;q=0.8") == "ru"
    assert language([], "de, en;q=0.5, kk;q=0.7") == "kk"
    assert language([("lang", "en")], "ru") == "en"
    assert language([("lang", "fr")], "fr") == "kk"  # nothing of ours: the corpus's language


# ------------------------------------------------------------------ the page, in Chromium


def test_the_page_shows_names_timeline_relations_and_switches_language(
    served_page, linked: Served
) -> None:
    page = served_page
    page.goto(f"{linked.base}/id/state/BBB", wait_until="load")  # 303 followed by the browser
    assert page.url.startswith(f"{linked.base}/page/state/BBB")
    page.goto(f"{linked.base}/page/state/BBB?lang=en")
    assert page.locator("h1").text_content() == "Beta"
    # The timeline: Beta's memberships not deprecated, one bar each (by hand: BBB-one-1993;
    # BBB-one-1994 is deprecated), one row per organisation.
    view = entity_view(MemoryStore(world_graph()), str(DQR["state/BBB"]), "en")
    expected = [r for r in view.relations if r.kind == "Membership" and r.rank != "Deprecated"]
    assert page.locator("svg#timeline rect.bar").count() == len(expected) >= 1
    rows = {link.id for r in expected for prop, link in r.others if prop == "organisation"}
    assert page.locator("svg#timeline g.row").count() == len(rows)
    # The deprecated claim is listed, marked, with the curators' note.
    deprecated = page.locator("li.relation.deprecated")
    assert deprecated.count() == 1
    assert "The text says 1994" in deprecated.text_content()
    page.locator("nav.languages a", has_text="kk").click()
    page.wait_for_load_state("load")
    assert page.locator("h1").text_content() == "Бета"
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.refused == []


def test_a_quote_links_to_its_place_in_the_text(served_page, linked: Served) -> None:
    page = served_page
    page.goto(f"{linked.base}/page/state/AAA?lang=en")
    link = page.locator("li.quote p.place a").first
    assert link.get_attribute("href") == "/doc/t1?lang=en#c0-24"  # the chosen language kept
    place = page.locator("li.quote p.place").first.text_content()
    assert "line 1" in place and "0–24" in place
    # the quote's sentence, from the text itself (TEXT's first sentence)
    assert page.locator("li.quote blockquote").first.text_content() == TEXT[: TEXT.index(".") + 1]
    link.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/doc/t1?lang=en#c0-24")
    marked = page.evaluate("document.getElementById('c0-24').nextElementSibling.textContent")
    assert marked == TEXT[0:24]
    assert page.refused == []


def test_the_text_view_marks_every_span(served_page, linked: Served) -> None:
    """Each mark is exactly the characters between its span's offsets (computed from TEXT)."""
    page = served_page
    page.goto(f"{linked.base}/doc/t1")
    marks = page.eval_on_selector_all(
        "div.text mark", "ms => ms.map(m => [m.dataset.spans, m.textContent])"
    )
    assert marks == [["c0-24", TEXT[0:24]], ["c30-61", TEXT[30:61]]]
    assert page.locator("div.text").text_content() == TEXT  # the whole text, nothing added


def test_a_hostile_label_stays_text(served_page, linked: Served) -> None:
    page = served_page
    page.goto(f"{linked.base}/page/state/CCC?lang=en")
    label = "Gamma <script>alert('gamma')</script> & Co"
    assert page.locator("h1").text_content() == label
    assert page.locator("body script").count() == 0
    assert page.dialogs == []


def test_the_timeline_geometry_by_hand() -> None:
    """Alpha (tests/helpers.py): one row per organisation; a bar starts at its start's share
    of the axis, which runs from 1 January of the first start's year to the year after the
    last end (or ``today``)."""
    import datetime

    view = entity_view(MemoryStore(world_graph()), str(DQR["state/AAA"]), "en")
    drawn = timeline(view, today=datetime.date(2010, 1, 1))
    assert drawn is not None
    first = min(r.start for r in view.memberships() if r.rank != "Deprecated")
    assert drawn.ticks[0][1] >= first.year
    left = drawn.left
    for row in drawn.rows:
        for bar in row.bars:
            assert left <= bar.x <= drawn.width and bar.width > 0
    # the 1992-01-01 start is at the very left edge of the axis (the axis starts that day)
    assert any(bar.x == left for row in drawn.rows for bar in row.bars)
