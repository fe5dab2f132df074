"""`kg site -o DIR` (issue 15, point 3): the resource pages as a static site that opens from
disk with no request to another host: every page in three languages, relative links that all
resolve, an offline search, the whole folder replaced only once the new one is complete.

The graph is the queries' fixture world (tests/helpers.py), with its one text written here."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import kg, world_graph
from rdflib import Graph, Literal
from serving import TEXT

from kg.network.typed import typed
from kg.stores.memory import MemoryStore
from kg.vocab import DQR
from kg.web.explorer import explorer_html, with_quote_places
from kg.web.site import TEXT_LINKS, write_site

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
HOSTILE = "Gamma <script>alert('gamma')</script> & Co"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, world_corpus: Path) -> Path:
    output = tmp_path_factory.mktemp("site") / "site"
    report = write_site(
        MemoryStore(world_graph()), output, world_corpus, explorer="<!doctype html><p>explorer</p>"
    )
    # by hand from tests/helpers.py: 3 states, 3 organisations, 1 agreement, 1 place, 1 person;
    # one text
    assert (report.entities, report.documents) == (9, 1)
    return output


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(values[name])  # type: ignore[arg-type]
        if values.get("id"):
            self.ids.add(values["id"])  # type: ignore[arg-type]


def parsed(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_the_site_has_every_kind_of_page_in_three_languages(site: Path) -> None:
    for name in ("index", "types/state", "types/org", "page/state/AAA", "page/org/one",
                 "page/agreement/pact", "doc/t1"):  # fmt: skip
        for suffix in (".html", ".kk.html", ".ru.html", ".en.html"):
            assert (site / f"{name}{suffix}").is_file(), name + suffix
    assert (site / "page/state/AAA.html").read_bytes() == (
        site / "page/state/AAA.kk.html"
    ).read_bytes()
    assert "<h1>Alpha</h1>" in (site / "page/state/AAA.en.html").read_text(encoding="utf-8")
    assert "<h1>Альфа</h1>" in (site / "page/state/AAA.ru.html").read_text(encoding="utf-8")
    listed = parsed(site / "types/state.en.html").links
    assert sorted(link for link in listed if "page/" in link) == [
        f"../page/state/{code}.en.html" for code in ("AAA", "BBB", "CCC")
    ]
    data = Graph().parse(site / "data/state/AAA.ttl", format="turtle")
    assert (DQR["state/AAA"], None, Literal("Alpha", lang="en")) in data
    assert (site / "explorer.html").read_text(encoding="utf-8") == "<!doctype html><p>explorer</p>"


def test_every_link_in_the_site_resolves(site: Path) -> None:
    """A link checker: each relative href or src names a file of the site (and its #anchor an
    id in that file); the others are http(s) links out, never a request the page makes."""
    checked = 0
    for page in site.rglob("*.html"):
        found = parsed(page)
        for link in found.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                continue
            assert not parts.scheme and not link.startswith("/"), (page, link)
            target = (page.parent / parts.path).resolve() if parts.path else page
            assert target.is_file() and site.resolve() in target.parents, (page, link)
            if parts.fragment:
                assert parts.fragment in parsed(target).ids, (page, link)
            checked += 1
    assert checked > 100


def test_the_text_view_marks_its_spans(site: Path) -> None:
    html = (site / "doc/t1.en.html").read_text(encoding="utf-8")
    marks = re.findall(r'<mark data-spans="([^"]+)">([^<]*)</mark>', html)
    assert marks == [("c0-24", TEXT[0:24]), ("c30-61", TEXT[30:61])]


def test_the_site_opens_from_disk_and_searches_offline(offline_page, site: Path) -> None:
    page = offline_page.page
    page.goto((site / "index.en.html").as_uri())
    assert page.evaluate("window.dqSiteSearch.size") == 9
    page.fill("#search", "alph")
    hits = page.locator("#hits a")
    assert hits.count() == 1 and hits.first.text_content() == "Alpha"
    hits.first.click()
    page.wait_for_load_state("load")
    assert page.url == (site / "page/state/AAA.en.html").as_uri()
    assert page.locator("h1").text_content() == "Alpha"
    page.locator("nav.languages a", has_text="kk").click()
    page.wait_for_load_state("load")
    assert page.locator("h1").text_content() == "Әлфа"
    assert offline_page.refused == [] and offline_page.console_errors == []


def test_a_hostile_label_is_text_in_the_search_and_the_page(offline_page, site: Path) -> None:
    page = offline_page.page
    page.goto((site / "index.en.html").as_uri())
    page.fill("#search", "gamma")
    assert page.locator("#hits a").first.text_content() == HOSTILE
    page.goto((site / "page/state/CCC.en.html").as_uri())
    assert page.locator("h1").text_content() == HOSTILE
    assert offline_page.dialogs == []


class _FailingStore(MemoryStore):
    """A store that fails at its 20th query, as a crash half-way through would."""

    calls = 0

    def query(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        type(self).calls += 1
        if type(self).calls == 20:
            raise OSError("the disk went away")
        return super().query(*args, **kwargs)


def test_a_failed_site_leaves_the_old_one_and_no_temporary_folder(
    tmp_path: Path, world_corpus: Path
) -> None:
    output = tmp_path / "site"
    write_site(MemoryStore(world_graph()), output, world_corpus)
    before = sorted(p.relative_to(output) for p in output.rglob("*"))
    with pytest.raises(OSError, match="the disk went away"):
        write_site(_FailingStore(world_graph()), output, world_corpus)
    assert sorted(p.relative_to(output) for p in output.rglob("*")) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing left beside it
    assert oct(output.stat().st_mode & 0o777) != oct(0o700)  # the user's umask, not mkdtemp's


def test_kg_site_end_to_end(tmp_path: Path, world_file: Path, world_corpus: Path) -> None:
    output = tmp_path / "out"
    result = kg(
        "site", "-o", output, "--graph", world_file, "--corpus", world_corpus, "--no-explorer"
    )
    assert result.returncode == 0, result.stderr
    assert "9 entity pages and 1 texts" in result.stderr
    assert (output / "index.html").is_file() and not (output / "explorer.html").exists()


def test_the_sites_explorer_links_each_quote_to_its_text_in_the_site(
    offline_page, tmp_path: Path, world_corpus: Path
) -> None:
    """The explorer `kg site` writes (text_links=TEXT_LINKS): opened from disk, a quote links
    to its place in the site's own text, in the page's language, and that place exists."""
    store = MemoryStore(world_graph())
    drawn = with_quote_places(typed(store), store)
    output = tmp_path / "site"
    write_site(store, output, world_corpus, explorer=explorer_html(drawn, text_links=TEXT_LINKS))
    page = offline_page.page
    page.goto((output / "explorer.html").as_uri() + "#view=everything")
    page.wait_for_function("document.body && document.body.dataset.ready === 'true'")
    for lang in ("kk", "en"):
        page.locator("#lang").select_option(lang)
        page.evaluate(
            "dqExplorer.selectEdge(dqExplorer.edges.get({filter: e =>"
            " e.dq.claim === 'membership/AAA-one-1992'})[0].id)"
        )
        link = page.locator("#info a.quote-link")
        assert link.count() == 1
        href = link.get_attribute("href")
        # "Әлфа Бірінші Одаққа кірді": characters 0-24 of doc/t1 (tests/helpers.py)
        assert href == f"doc/t1.{lang}.html#c0-24"
        target, anchor = href.split("#")
        assert anchor in parsed(output / target).ids
    assert offline_page.refused == [] and offline_page.console_errors == []


def test_a_text_link_pattern_must_be_relative_and_name_the_document() -> None:
    graph = typed(MemoryStore(world_graph()))
    for bad in ("https://example.org/{document}", "/{document}", "javascript:{document}", "x"):
        with pytest.raises(ValueError, match="relative link pattern"):
            explorer_html(graph, text_links=bad)
