"""The explorer page in a real headless Chromium (Debian's), opened from disk with every
request to any host refused: it loads without a console error, draws the graph that
``kg.network.typed`` gives, applies the time rule on the year slider exactly as
``typed(store, day)`` does, finds entities by their Kazakh, Russian and English names, switches
language, shows the evidence of a relation on hover, and treats hostile labels as text; and the
page of a scope (the whole graph's post-Soviet view) shows nothing outside it and says which.

The browser comes from the ``chromium`` fixture (tests/browser.py, via conftest.py): skipped
without Chromium, failed under CI=true.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
import yaml
from helpers import ROOT

from kg import network
from kg.stores.oxigraph import OxigraphStore
from kg.web.explorer import explorer_html
from kg.web.server import make_server
from kg.web.service import ServeConfig

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "</script><script>window.__pwned = 1; alert(2)</script>"


@pytest.fixture(scope="module")
def store(built) -> OxigraphStore:
    """The project's graph in Oxigraph: ``typed`` runs there in a fraction of rdflib's time."""
    return OxigraphStore.from_graph(built.graph)


@pytest.fixture(scope="module")
def typed_graph(store) -> nx.MultiDiGraph:
    """The project's graph over all time, as the page holds it."""
    return network.typed(store)


@pytest.fixture(scope="module")
def curated_page(typed_graph, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("explorer") / "explorer.html"
    path.write_text(explorer_html(typed_graph, lang="kk", last_year=2025), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Path:
    """Three entities, one named with HTML and a script, and a relation whose quote is HTML."""
    graph = nx.MultiDiGraph()
    graph.add_node("state/KAZ", type="State", label="Kazakhstan", label_en="Kazakhstan",
                   label_kk="Қазақстан", label_ru="Казахстан", iso3="KAZ")  # fmt: skip
    graph.add_node("org/evil", type="Organisation", label=HOSTILE, label_en=HOSTILE,
                   label_kk=HOSTILE, alt_labels=[HOSTILE_SCRIPT])  # fmt: skip
    graph.add_node("person/x", type="Person", label=HOSTILE_SCRIPT, label_en=HOSTILE_SCRIPT)
    graph.add_edge(
        "state/KAZ",
        "org/evil",
        key="membership/KAZ-evil",
        relation="memberOf",
        label="memberOf",
        claim="membership/KAZ-evil",
        role="Observer",
        start=date(1994, 3, 1),
        start_precision="Month",
        evidence=[{"document": "doc/<b>bold</b>", "quote": f"Қазақстан {HOSTILE} қосылды"}],
    )
    path = tmp_path_factory.mktemp("hostile") / "hostile.html"
    path.write_text(explorer_html(graph, lang="kk", last_year=2025), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def scoped_page(world_store, tmp_path_factory) -> tuple[Path, nx.MultiDiGraph]:
    """The post-Soviet view of the whole graph (curated record and world layer), as a page."""
    found = network.scope(world_store, "post-soviet")
    graph = network.typed(world_store, scope=found)
    path = tmp_path_factory.mktemp("scoped") / "post-soviet.html"
    page = explorer_html(graph, lang="kk", last_year=2025, scope=found)
    path.write_text(page, encoding="utf-8")
    return path, graph


def _open(offline_page, path: Path):
    page = offline_page.page
    page.goto(path.as_uri())
    page.wait_for_function("document.body && document.body.dataset.ready === 'true'")
    return page


def _drawn(page) -> tuple[int, int]:
    """Nodes and edges the vis-network instance holds and draws now."""
    return tuple(
        page.evaluate(
            "() => [dqExplorer.network.body.nodeIndices.length,"
            " dqExplorer.network.body.edgeIndices.length]"
        )
    )


def _shown_keys(page) -> tuple[set[str], set[tuple[str, str, str]]]:
    nodes, edges = page.evaluate(
        """() => {
          const edges = dqExplorer.network.body.edgeIndices.map(id => {
            const edge = dqExplorer.edges.get(id);
            return [edge.from, edge.to, edge.dq.claim || edge.dq.relation];
          });
          return [dqExplorer.network.body.nodeIndices.slice(), edges];
        }"""
    )
    return set(nodes), {tuple(edge) for edge in edges}


def _slide_to(page, year: int) -> None:
    page.evaluate(
        """(year) => {
          const slider = document.getElementById('year');
          slider.value = String(year);
          slider.dispatchEvent(new Event('input', {bubbles: true}));
        }""",
        year,
    )


def _typed_keys(graph: nx.MultiDiGraph) -> tuple[set[str], set[tuple[str, str, str]]]:
    return set(graph), set(graph.edges(keys=True))


def _assert_clean(offline_page) -> None:
    assert offline_page.refused == [], "the page asked for something beyond the file"
    assert offline_page.console_errors == []
    assert offline_page.dialogs == []


# --------------------------------------------------------------------------- the curated graph


def test_the_page_loads_offline_and_draws_the_whole_graph(
    offline_page, curated_page, typed_graph
) -> None:
    page = _open(offline_page, curated_page)
    assert _drawn(page) == (typed_graph.number_of_nodes(), typed_graph.number_of_edges())
    assert _shown_keys(page) == _typed_keys(typed_graph)
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator("#title").inner_text() == "Достастық — граф шолғышы"
    status = page.locator("#status").inner_text()
    assert f"{typed_graph.number_of_nodes()} нысан" in status
    legend = page.locator("#legend-types").inner_text()
    assert "мемлекет" in legend and "ұйым" in legend  # types, in Kazakh
    _assert_clean(offline_page)


@pytest.mark.parametrize("year", [1990, 1992, 2008, 2010])
def test_the_year_slider_shows_what_typed_gives_on_30_june(
    offline_page, curated_page, store, year: int
) -> None:
    page = _open(offline_page, curated_page)
    _slide_to(page, year)
    assert page.evaluate("dqExplorer.day()") == f"{year}-06-30"
    expected = network.typed(store, network.year_day(year))
    assert _shown_keys(page) == _typed_keys(expected)
    _assert_clean(offline_page)


def test_in_1990_there_are_no_cis_memberships(offline_page, curated_page) -> None:
    page = _open(offline_page, curated_page)
    before = page.evaluate(
        "dqExplorer.shownEdges().map(id => dqExplorer.edges.get(id))"
        ".filter(e => e.to === 'org/cis' && e.dq.relation === 'memberOf').length"
    )
    assert before > 10  # over all years
    _slide_to(page, 1990)
    nodes, edges = _shown_keys(page)
    assert "org/cis" not in nodes
    assert not [edge for edge in edges if edge[1] == "org/cis"]
    assert "1990-06-30" in page.locator("#year-value").inner_text()
    _assert_clean(offline_page)


def test_in_2010_georgia_is_out_of_the_cis(offline_page, curated_page) -> None:
    page = _open(offline_page, curated_page)
    membership = ("state/GEO", "org/cis", "membership/GEO-cis-1993")
    withdrawal = ("state/GEO", "org/cis", "withdrawal/GEO-cis-2009")
    _slide_to(page, 2008)
    _, edges = _shown_keys(page)
    assert membership in edges and withdrawal not in edges
    _slide_to(page, 2010)
    _, edges = _shown_keys(page)
    assert membership not in edges and withdrawal in edges
    assert ("state/KAZ", "org/cis", "membership/KAZ-cis-1991") in edges
    # Back to the whole history: everything again.
    page.locator("#all-years").check()
    _, edges = _shown_keys(page)
    assert membership in edges and withdrawal in edges
    _assert_clean(offline_page)


@pytest.mark.parametrize("query", ["Қазақстан", "Казахстан", "Kazakhstan", "қазақ"])
def test_search_finds_kazakhstan_by_any_label(offline_page, curated_page, query: str) -> None:
    page = _open(offline_page, curated_page)
    page.locator("#search").fill(query)
    first = page.locator("#results button").first
    assert first.get_attribute("data-id") == "state/KAZ"
    assert first.inner_text().startswith("Қазақстан")
    page.locator("#search").press("Enter")
    assert page.evaluate("dqExplorer.network.getSelectedNodes()") == ["state/KAZ"]
    assert page.locator("#info .heading").inner_text() == "Қазақстан"
    assert "Kazakhstan" in page.locator("#info").inner_text()
    _assert_clean(offline_page)


def test_search_finds_an_organisation_by_its_abbreviation(offline_page, curated_page) -> None:
    page = _open(offline_page, curated_page)
    page.locator("#search").fill("ТМД")
    page.locator("#results button").first.click()
    assert page.evaluate("dqExplorer.network.getSelectedNodes()") == ["org/cis"]
    page.locator("#search").fill("жоқ-мұндай-атау")
    assert page.locator("#results").inner_text() == "Ештеңе табылмады"
    _assert_clean(offline_page)


def test_the_language_switch(offline_page, curated_page) -> None:
    page = _open(offline_page, curated_page)
    label = "dqExplorer.nodes.get('state/KAZ').label"
    assert page.evaluate(label) == "Қазақстан"
    page.locator("#lang").select_option("en")
    assert page.evaluate(label) == "Kazakhstan"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#side h2").first.text_content() == "Entity types"
    membership = page.evaluate(
        "dqExplorer.edges.get({filter: e => e.dq.claim === 'membership/GEO-cis-1993'})[0].label"
    )
    assert membership == "member of"
    page.locator("#lang").select_option("ru")
    assert page.evaluate(label) == "Казахстан"
    assert page.locator("#title").inner_text() == "Достастык — обозреватель графа"
    _assert_clean(offline_page)


def test_type_and_relation_filters(offline_page, curated_page, typed_graph) -> None:
    page = _open(offline_page, curated_page)
    states = sum(1 for _, t in typed_graph.nodes(data="type") if t == "State")
    signed = sum(1 for *_, r in typed_graph.edges(data="relation") if r == "signed")
    nodes, edges = _drawn(page)
    page.locator("#legend-relations li", has_text="қол қойды").locator("input").uncheck()
    assert _drawn(page) == (nodes, edges - signed)
    page.locator("#legend-types li", has_text="мемлекет").locator("input").uncheck()
    shown_nodes, shown_edges = _drawn(page)
    assert shown_nodes == nodes - states
    assert shown_edges < edges - signed  # no edge without its two ends
    _assert_clean(offline_page)


def test_hover_shows_dates_role_and_evidence(offline_page, curated_page) -> None:
    page = _open(offline_page, curated_page)
    _slide_to(page, 2005)
    # Only Georgia's memberships left: its CIS membership is the one edge from Georgia.
    page.evaluate(
        """() => {
          document.querySelectorAll('#legend-relations input').forEach((box, i) => {
            if (dqExplorer.meta.relations[i].name !== 'memberOf' && box.checked) box.click();
          });
        }"""
    )
    point = page.evaluate(
        """() => {
          const net = dqExplorer.network;
          net.selectNodes(['state/GEO']);
          net.focus('state/GEO', {scale: 1.5, animation: false});
          const ids = net.getConnectedEdges('state/GEO')
            .filter(id => dqExplorer.edges.get(id).dq.claim === 'membership/GEO-cis-1993');
          const edge = dqExplorer.edges.get(ids[0]);
          const p = net.getPositions([edge.from, edge.to]);
          // a point on the edge, a little way from Georgia
          const a = p[edge.from], b = p[edge.to];
          const len = Math.hypot(b.x - a.x, b.y - a.y);
          const at = {x: a.x + (b.x - a.x) * 40 / len, y: a.y + (b.y - a.y) * 40 / len};
          const dom = net.canvasToDOM(at);
          const box = document.getElementById('network').getBoundingClientRect();
          return {x: box.left + dom.x, y: box.top + dom.y};
        }"""
    )
    page.mouse.move(point["x"], point["y"])
    tooltip = page.locator("#tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    assert "мүшесі" in text  # the relation, in Kazakh
    assert "Грузия → Тәуелсіз Мемлекеттер Достастығы" in text
    assert "толық мүше" in text  # role
    assert "1993-12" in text and "1993-12-01" not in text  # month precision
    assert "2009-08-18" in text
    assert "1993 жылғы желтоқсанда Достастыққа Грузия қосылды" in text  # the quote
    assert "doc/003_032a50789da7a807" in text  # its document
    _assert_clean(offline_page)


# --------------------------------------------------------------------------- a scope


def test_the_scoped_page_shows_nothing_outside_its_scope(
    offline_page, scoped_page, world_store
) -> None:
    path, graph = scoped_page
    entries = yaml.safe_load((ROOT / "corpus/scopes.yaml").read_text(encoding="utf-8"))["scopes"]
    golden = set(next(e["organisations"] for e in entries if e["id"] == "post-soviet"))
    page = _open(offline_page, path)
    shown = page.evaluate(
        "dqExplorer.shownNodes().map(id => [id, dqExplorer.nodes.get(id).dq.type])"
    )
    assert {node for node, _ in shown} == set(graph)  # all years: the whole view
    assert {node for node, type_ in shown if type_ == "Organisation"} == golden
    everything = network.typed(world_store)
    outside = set(everything) - set(graph)
    assert len(outside) > 500 and not outside & {node for node, _ in shown}
    line = page.locator("#scope")
    assert line.inner_text().startswith("аумақ: посткеңестік интеграция (14 ұйым)")
    page.locator("#lang").select_option("en")
    assert line.inner_text().startswith("scope: post-Soviet integration (14 organisations)")
    _slide_to(page, 2010)
    organisations = page.evaluate(
        "dqExplorer.shownNodes().filter(id => dqExplorer.nodes.get(id).dq.type === 'Organisation')"
    )
    assert "org/cis" in organisations and set(organisations) <= golden
    _assert_clean(offline_page)


# --------------------------------------------------------------------------- hostile data


def test_hostile_labels_are_text_and_run_nothing(offline_page, hostile_page) -> None:
    page = _open(offline_page, hostile_page)
    assert _drawn(page) == (3, 1)
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    # The label, as a search result and in the details: literally, as text.
    page.locator("#search").fill("<img")
    first = page.locator("#results button").first
    assert first.get_attribute("data-id") == "org/evil"
    assert first.inner_text().startswith(HOSTILE)
    first.click()
    assert page.locator("#info .heading").inner_text() == HOSTILE
    assert HOSTILE_SCRIPT in page.locator("#info").inner_text()  # its alt label
    page.locator("#search").fill("pwned")
    assert page.locator("#results button").first.inner_text().startswith(HOSTILE_SCRIPT)
    # The quote, in the tooltip of the relation.
    point = page.evaluate(
        """() => {
          const net = dqExplorer.network;
          const p = net.getPositions(['state/KAZ', 'org/evil']);
          const mid = {x: (p['state/KAZ'].x + p['org/evil'].x) / 2,
                       y: (p['state/KAZ'].y + p['org/evil'].y) / 2};
          const dom = net.canvasToDOM(mid);
          const box = document.getElementById('network').getBoundingClientRect();
          return {x: box.left + dom.x, y: box.top + dom.y};
        }"""
    )
    page.mouse.move(point["x"], point["y"])
    tooltip = page.locator("#tooltip")
    tooltip.wait_for(state="visible")
    assert f"Қазақстан {HOSTILE} қосылды" in tooltip.inner_text()
    assert "doc/<b>bold</b>" in tooltip.inner_text()
    assert "1994-03" in tooltip.inner_text() and "бақылаушы" in tooltip.inner_text()
    assert page.evaluate("document.querySelectorAll('img, b').length") == 0
    assert page.evaluate("window.__pwned") is None
    _assert_clean(offline_page)


# --------------------------------------------------------------------------- through kg serve


def test_the_page_works_when_kg_serve_serves_it(chromium, store, curated_page, typed_graph) -> None:
    """At /explore, under the server's own Content-Security-Policy."""
    server = make_server(store, "127.0.0.1", 0, ServeConfig(explorer=curated_page))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    origin = f"http://{host}:{port}/"
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    refused: list[str] = []
    errors: list[str] = []

    def route(route) -> None:
        if route.request.url.startswith(origin):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    try:
        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(origin + "explore")
        page.wait_for_function("document.body && document.body.dataset.ready === 'true'")
        assert _drawn(page) == (typed_graph.number_of_nodes(), typed_graph.number_of_edges())
        page.locator("#search").fill("Грузия")
        assert page.locator("#results button").first.get_attribute("data-id") == "state/GEO"
        assert refused == [] and errors == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()
        thread.join(10)
