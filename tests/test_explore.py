"""kg.web.explorer and `kg explore` without a browser: the page is one self-contained UTF-8 file
with the vis-network script of the installed pyvis inlined and nothing to fetch; it holds every
entity and relation of ``typed(store)`` with their dates, precisions and evidence; hostile
labels cannot leave their JSON; the layout is seeded; the command writes atomically; and
`kg serve` serves the page at /explore. (tests/test_explore_browser.py opens it in Chromium.)

Scopes: on the whole graph (the curated record and the Correlates of War world layer) the
scoped typed graph holds exactly a scope's organisations, golden from corpus/scopes.yaml (read
with yaml here) and from the graph's own ``dq:cowIgo`` triples (read with rdflib), and
`kg explore --scope` draws it and names it.
"""

from __future__ import annotations

import json
import math
import re
import threading
import urllib.request
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
import yaml
from helpers import ROOT, kg
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from kg import network
from kg.build.turtle import serialise
from kg.stores.oxigraph import OxigraphStore
from kg.vocab import CLASS_NAMES, DQ, display
from kg.web import explorer
from kg.web.explorer import (
    InlinePage,
    explorer_html,
    layout,
    tick_years,
    vis_network_script,
    with_quote_places,
)
from kg.web.server import make_server
from kg.web.service import ServeConfig
from kg.web.templating import script_json

HOSTILE = "<img src=x onerror=alert(1)>"
CLOSER = "</script><script>alert(1)</script><!--"


@pytest.fixture(scope="module")
def fast_store(built) -> OxigraphStore:
    return OxigraphStore.from_graph(built.graph)


@pytest.fixture(scope="module")
def typed_graph(fast_store) -> nx.MultiDiGraph:
    return network.typed(fast_store)


@pytest.fixture(scope="module")
def page(typed_graph) -> str:
    return explorer_html(typed_graph, lang="kk", last_year=2025)


def embedded(page: str, name: str):
    """The JSON the page carries in ``<script type="application/json" id="dq-NAME">``."""
    match = re.search(
        rf'<script type="application/json" id="dq-{name}">(.*?)</script>', page, re.DOTALL
    )
    assert match, f"no dq-{name} in the page"
    return json.loads(match.group(1))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


# --------------------------------------------------------------------------- one offline file


def test_the_page_is_one_file_that_fetches_nothing(
    typed_graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    page = explorer_html(typed_graph)
    assert list(tmp_path.iterdir()) == []  # no lib/ folder, nothing written
    found = tags(page)
    assert not [tag for tag, attrs in found if {"src", "href", "srcset", "action"} & set(attrs)]
    assert not [tag for tag, _ in found if tag in ("link", "img", "iframe", "object", "embed")]
    assert [attrs.get("type") for tag, attrs in found if tag == "script"] == [
        "application/json", "application/json", "application/json", None, None,
    ]  # fmt: skip
    policy = next(
        attrs["content"]
        for tag, attrs in found
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in policy and "connect-src" not in policy
    assert "@import" not in page and "url(http" not in page


def test_the_vis_network_script_of_the_installed_pyvis_is_inlined(page: str) -> None:
    import pyvis

    shipped = Path(pyvis.__file__).parent / "templates/lib/vis-9.1.2/vis-network.min.js"
    script = shipped.read_text(encoding="utf-8")
    assert vis_network_script() == script
    assert script in page


def test_cyrillic_is_written_as_utf8(page: str) -> None:
    assert '<meta charset="utf-8">' in page
    assert "Қазақстан" in page and "Казахстан" in page and "Тәуелсіз Мемлекеттер" in page
    assert "\\u049a" not in page  # Қ as itself, not as an escape
    assert "????" not in page
    assert page.startswith('<!doctype html>\n<html lang="kk">')


def test_the_page_holds_every_entity_and_relation_with_their_dates(page: str, typed_graph) -> None:
    nodes, edges = embedded(page, "nodes"), embedded(page, "edges")
    assert {node["id"] for node in nodes} == set(typed_graph)
    assert len(edges) == typed_graph.number_of_edges()
    assert {(e["from"], e["to"], e["dq"].get("claim") or e["dq"]["relation"]) for e in edges} == (
        set(typed_graph.edges(keys=True))
    )
    georgia = next(e for e in edges if e["dq"].get("claim") == "membership/GEO-cis-1993")
    assert georgia["dq"]["start"] == "1993-12-01" and georgia["dq"]["start_precision"] == "Month"
    assert georgia["dq"]["end"] == "2009-08-18" and georgia["dq"]["end_cause"] == "Withdrawal"
    assert georgia["dq"]["role"] == "FullMember"
    assert {
        "document": "doc/003_032a50789da7a807",
        "quote": "1993 жылғы желтоқсанда Достастыққа Грузия қосылды, ал 2009 жылғы 18 тамызда "
        "аталған бірлестіктен шықты",
    } in georgia["dq"]["evidence"]
    assert georgia["label"] == "мүшесі" and georgia["arrows"] == "to"
    cis = next(node for node in nodes if node["id"] == "org/cis")
    assert cis["dq"]["labels"] == {
        "en": "Commonwealth of Independent States",
        "kk": "Тәуелсіз Мемлекеттер Достастығы",
        "ru": "Содружество Независимых Государств",
    }
    assert {"ТМД", "СНГ", "CIS"} <= set(cis["dq"]["alt"])
    assert cis["dq"]["inception"] == "1991-12-08"
    assert cis["label"] == "Тәуелсіз Мемлекеттер Достастығы"  # the page opens in Kazakh
    assert cis["shape"] == "diamond" and isinstance(cis["x"], float)


def test_the_page_knows_the_year_day_and_the_legend(page: str, typed_graph) -> None:
    meta = embedded(page, "meta")
    month, day = network.YEAR_DAY
    assert meta["yearDay"] == f"{month:02d}-{day:02d}" == "06-30"
    assert meta["year"] is None and meta["lang"] == "kk"
    assert meta["years"][0] <= 1922 and meta["years"][1] == 2025
    assert sum(t["count"] for t in meta["types"]) == typed_graph.number_of_nodes()
    assert sum(r["count"] for r in meta["relations"]) == typed_graph.number_of_edges()
    assert meta["options"]["physics"]["enabled"] is False


def test_typed_gives_what_the_page_needs(typed_graph) -> None:
    """The two additions to kg.network.typed the explorer relies on: precisions, alt labels."""
    edge = typed_graph.edges["state/GEO", "org/cis", "withdrawal/GEO-cis-2009"]
    assert (edge["date"], edge["date_precision"]) == (date(2009, 8, 18), "Day")
    assert edge["announced_precision"] == "Day"
    kazakhstan = typed_graph.nodes["state/KAZ"]
    assert "Қазақстан Республикасы" in kazakhstan["alt_labels"]
    assert kazakhstan["alt_labels"] == sorted(kazakhstan["alt_labels"])
    assert typed_graph.nodes["org/cis"]["inception_precision"] == "Day"


def test_every_quote_gets_its_place_in_the_normalised_text(typed_graph, fast_store) -> None:
    """Golden from the texts themselves (corpus/texts): the characters at [start, end) are the
    quote, and ``line`` is 1 + the newlines before ``start``."""
    placed = with_quote_places(typed_graph, fast_store)
    checked = 0
    for *_, data in placed.edges(data=True):
        for item in data.get("evidence") or ():
            if "quote" not in item:
                assert not {"start", "end", "line"} & set(item)  # an external source
                continue
            name = item["document"].removeprefix("doc/")
            text = (ROOT / "corpus" / "texts" / f"{name}.txt").read_text(encoding="utf-8")
            assert text[item["start"] : item["end"]] == item["quote"]
            assert item["line"] == text.count("\n", 0, item["start"]) + 1
            checked += 1
    assert checked > 300
    # the graph given is left as it was
    assert not [
        item
        for *_, items in typed_graph.edges(data="evidence")
        for item in items or ()
        if "start" in item
    ]


def test_the_page_carries_its_views_and_ticks(page: str, typed_graph) -> None:
    meta = embedded(page, "meta")
    views = {view["name"]: view for view in meta["views"]}
    assert list(views) == ["members", "agreements", "ussr", "neighbourhood", "everything"]
    first = meta["views"][0]
    assert (first["types"], first["relations"], first["year"]) == (
        ["State", "Organisation"], ["memberOf"], "latest",
    )  # fmt: skip
    assert first["hideIsolated"] is True
    assert set(views["ussr"]["seeds"]) <= set(typed_graph) and "state/SUN" in views["ussr"]["seeds"]
    for view in meta["views"]:
        if view["name"] != "everything":  # people and places only when asked for
            assert not {"Person", "Place"} & set(view["types"]), view["name"]
    assert meta["neighbourhood"] == "state/KAZ"
    assert meta["datedByRelations"] == ["Person", "Place"]
    # The slider spans every date the time rule reads: entities' and relations' own.
    dated = [data for _, data in typed_graph.nodes(data=True)]
    dated += [data for *_, data in typed_graph.edges(data=True)]
    names = ("inception", "dissolution", "date", "start", "end")
    first_year = min(data[name].year for data in dated for name in names if data.get(name))
    assert meta["years"] == [first_year, 2025]
    assert meta["ticks"] == list(range(-(-first_year // 20) * 20, 2026, 20))  # 1920 … 2020
    assert tick_years(1990, 1996) == [1990, 1991, 1992, 1993, 1994, 1995, 1996]
    assert tick_years(1900, 2025) == [1900, 1920, 1940, 1960, 1980, 2000, 2020]
    assert len(tick_years(1, 9999)) <= 8


def test_the_same_graph_gives_the_same_page(typed_graph, page: str) -> None:
    assert explorer_html(typed_graph, lang="kk", last_year=2025) == page


def test_language_year_and_focus(typed_graph) -> None:
    page = explorer_html(typed_graph, lang="ru", year=2009, focus="state/GEO", last_year=2025)
    meta = embedded(page, "meta")
    assert (meta["lang"], meta["year"], meta["focus"]) == ("ru", 2009, "state/GEO")
    assert page.startswith('<!doctype html>\n<html lang="ru">')
    kaz = next(node for node in embedded(page, "nodes") if node["id"] == "state/KAZ")
    assert kaz["label"] == "Казахстан"
    with pytest.raises(ValueError, match="unknown language"):
        explorer_html(typed_graph, lang="de")
    with pytest.raises(ValueError, match="not an entity"):
        explorer_html(typed_graph, focus="state/XXX")


# --------------------------------------------------------------------------- labels are data


def hostile_graph() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.add_node("org/evil", type="Organisation", label=HOSTILE, label_en=HOSTILE,
                   label_kk=CLOSER, alt_labels=[CLOSER, "a & b"])  # fmt: skip
    graph.add_node("state/KAZ", type="State", label="Kazakhstan", label_kk="Қазақстан")
    graph.add_edge("state/KAZ", "org/evil", key="membership/x", relation="memberOf",
                   label="memberOf", claim="membership/x", note=CLOSER,
                   evidence=[{"document": "doc/<x>", "quote": HOSTILE}])  # fmt: skip
    return graph


def test_hostile_labels_cannot_leave_their_json() -> None:
    page = explorer_html(hostile_graph(), lang="kk")
    assert page.lower().count("</script") == 5  # the five script elements' own ends
    assert page.count("<!--") == 0
    assert "<img" not in page
    nodes, edges = embedded(page, "nodes"), embedded(page, "edges")
    evil = next(node for node in nodes if node["id"] == "org/evil")
    assert evil["label"] == CLOSER and evil["dq"]["labels"]["en"] == HOSTILE
    assert evil["dq"]["alt"] == [CLOSER, "a & b"]
    assert edges[0]["dq"]["note"] == CLOSER
    assert edges[0]["dq"]["evidence"] == [{"document": "doc/<x>", "quote": HOSTILE}]


@pytest.mark.parametrize(
    "value",
    [HOSTILE, CLOSER, "a & b", "<\u2028>\u2029", "Қазақстан", {"</script>": ["<!--", "-->"]}],
)
def test_script_json_is_json_without_markup(value) -> None:
    text = script_json(value)
    assert json.loads(text) == value
    assert not set("<>&\u2028\u2029") & set(text)


def test_the_page_script_never_parses_data_as_html() -> None:
    script = (ROOT / "kg" / "web" / "static" / "explorer.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", script)


def test_inline_page_for_notebooks() -> None:
    frame = InlinePage('<p title="x">a & b</p>', height=500)._repr_html_()
    assert frame.startswith("<iframe srcdoc=")
    assert "&lt;p title=&quot;x&quot;&gt;a &amp; b&lt;/p&gt;" in frame
    assert 'sandbox="allow-scripts"' in frame and "height:500px" in frame


# --------------------------------------------------------------------------- layout


def test_layout_places_every_node_once_and_is_seeded() -> None:
    graph = nx.karate_club_graph()
    positions = layout(graph)
    assert set(positions) == set(graph)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in positions.values())
    assert len(set(positions.values())) == len(graph)
    assert layout(graph) == positions
    assert layout(graph, seed=2) != positions
    assert layout(nx.Graph()) == {}
    assert layout(nx.empty_graph(["a"])) == {"a": (0.0, 0.0)}


def test_layout_keeps_neighbours_closer_than_strangers() -> None:
    graph = nx.connected_caveman_graph(6, 6)
    positions = layout(graph)

    def distance(u, v) -> float:
        return math.dist(positions[u], positions[v])

    neighbours = [distance(u, v) for u, v in graph.edges()]
    strangers = [distance(u, v) for u in graph for v in graph if u < v and not graph.has_edge(u, v)]
    assert sum(neighbours) / len(neighbours) < 0.5 * sum(strangers) / len(strangers)


# --------------------------------------------------------------------------- words


def test_the_words_are_the_ontologys_where_it_has_them() -> None:
    ontology = Graph().parse(ROOT / "ontology" / "dostastyq.ttl")
    fields = {
        "start": "start", "end": "end", "date": "date", "announced": "announced",
        "end_cause": "endCause", "place": "place", "agreement": "agreement",
        "representative": "representative", "office": "office",
        "succession_kind": "successionKind", "rank": "rank", "inception": "inception",
        "dissolution": "dissolution", "role": "role", "line": "line",
    }  # fmt: skip
    compared = 0
    for group, names in explorer.VOCABULARY.items():
        for name, words in names.items():
            local = fields.get(name) if group == "fields" else name
            if local is None:
                continue
            labels = {
                label.language: str(label)
                for label in ontology.objects(URIRef(str(DQ) + local), RDFS.label)
            }
            for language, label in labels.items():
                assert words[language] == label, (group, name, language)
                compared += 1
    assert compared > 100
    for group in explorer.VOCABULARY.values():
        for words in group.values():
            assert set(words) == set(explorer.LANGUAGES)
    for words in explorer.INTERFACE.values():
        assert set(words) == set(explorer.LANGUAGES)


def test_every_entity_type_and_relation_has_a_style_and_words() -> None:
    assert set(explorer.TYPE_STYLES) == set(CLASS_NAMES)
    assert set(explorer.TYPE_STYLES) == set(explorer.VOCABULARY["types"])
    relations = {name for *_, name in network.N_ARY_RELATIONS} | {"headquarters", "place"}
    assert relations <= set(explorer.RELATION_COLOURS) == set(explorer.VOCABULARY["relations"])


# --------------------------------------------------------------------------- the command


@pytest.fixture(scope="module")
def graph_file(built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("explore-cli") / "kg.ttl"
    path.write_bytes(serialise(built.graph))
    return path


def test_kg_explore_writes_the_page(graph_file: Path, tmp_path: Path) -> None:
    output = tmp_path / "out" / "explorer.html"
    result = kg("explore", "--store", "oxigraph", "--graph", graph_file, "--at", "2009",
                "--lang", "ru", "--focus", "state/GEO", "-o", output)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "opening at 30 June 2009" in result.stderr
    page = output.read_text(encoding="utf-8")
    meta = embedded(page, "meta")
    assert (meta["year"], meta["lang"], meta["focus"]) == (2009, "ru", "state/GEO")
    assert [p.name for p in output.parent.iterdir()] == ["explorer.html"]  # no temporary left
    georgia = next(
        edge for edge in embedded(page, "edges")
        if edge["dq"].get("claim") == "membership/GEO-cis-1993"
    )  # fmt: skip
    quoted = [item for item in georgia["dq"]["evidence"] if "quote" in item]
    assert quoted and all({"start", "end", "line"} <= set(item) for item in quoted)


def test_kg_explore_refuses_bad_input_and_keeps_the_old_page(
    graph_file: Path, tmp_path: Path
) -> None:
    output = tmp_path / "explorer.html"
    output.write_text("the old page", encoding="utf-8")
    result = kg("explore", "--graph", graph_file, "--store", "oxigraph", "--at", "2009-06-30",
                "-o", output)  # fmt: skip
    assert result.returncode == 2 and "is not a year" in result.stderr
    result = kg("explore", "--graph", graph_file, "--store", "oxigraph", "--focus", "state/XXX",
                "-o", output)  # fmt: skip
    assert result.returncode == 1 and "not an entity" in result.stderr
    result = kg("explore", "--graph", tmp_path / "missing.ttl", "-o", output)
    assert result.returncode == 1 and "kg build" in result.stderr
    assert output.read_text(encoding="utf-8") == "the old page"


def test_kg_serve_serves_the_page_at_explore(fast_store, page: str, tmp_path: Path) -> None:
    path = tmp_path / "explorer.html"
    path.write_text(page, encoding="utf-8")
    server = make_server(fast_store, "127.0.0.1", 0, ServeConfig(explorer=path))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        with urllib.request.urlopen(f"http://{host}:{port}/explore", timeout=30) as response:
            assert response.status == 200
            assert response.headers["Content-Type"] == "text/html; charset=utf-8"
            assert response.read() == path.read_bytes()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def test_kg_explore_draws_the_post_soviet_scope_and_says_so(graph_file: Path, tmp_path) -> None:
    output = tmp_path / "explorer.html"
    result = kg("explore", "--store", "oxigraph", "--graph", graph_file, "-o", output)
    assert result.returncode == 0, result.stderr
    assert "--scope post-soviet" in result.stderr and "post-Soviet integration" in result.stderr
    page = output.read_text(encoding="utf-8")
    meta = embedded(page, "meta")
    assert meta["scope"]["id"] == "post-soviet"
    count = len(POST_SOVIET)  # the scope's organisations, as corpus/scopes.yaml lists them
    assert meta["scope"]["text"]["kk"].startswith(f"аумақ: посткеңестік интеграция ({count} ұйым)")
    assert set(meta["scope"]["text"]) == set(explorer.LANGUAGES)
    shown = {node["id"] for node in embedded(page, "nodes") if node["dq"]["type"] == "Organisation"}
    assert shown == POST_SOVIET


def test_kg_explore_refuses_an_unknown_scope_naming_the_known_ones(
    graph_file: Path, tmp_path: Path
) -> None:
    output = tmp_path / "explorer.html"
    result = kg("explore", "--store", "oxigraph", "--graph", graph_file, "--scope", "nowhere",
                "-o", output)  # fmt: skip
    assert result.returncode == 1
    assert "unknown scope 'nowhere'" in result.stderr
    for name in ("curated", "post-soviet", "world", "all"):
        assert name in result.stderr
    assert not output.exists()


def test_kg_explore_on_a_graph_without_scopes_draws_every_organisation(
    fixture_ttl: Path, tmp_path: Path
) -> None:
    output = tmp_path / "explorer.html"
    result = kg("explore", "--store", "oxigraph", "--graph", fixture_ttl, "-o", output)
    assert result.returncode == 0, result.stderr
    assert "defines no scopes" in result.stderr and "--scope all" in result.stderr
    assert embedded(output.read_text(encoding="utf-8"), "meta")["scope"]["id"] == "all"
    result = kg("explore", "--store", "oxigraph", "--graph", fixture_ttl, "--scope",
                "post-soviet", "-o", output)  # fmt: skip
    assert result.returncode == 1 and "defines no scopes" in result.stderr


# --------------------------------------------------------------------------- scopes


def _golden_scope(name: str) -> list[str]:
    """A scope's organisations as corpus/scopes.yaml lists them (not through kg)."""
    entries = yaml.safe_load((ROOT / "corpus/scopes.yaml").read_text(encoding="utf-8"))["scopes"]
    return next(entry["organisations"] for entry in entries if entry["id"] == name)


POST_SOVIET = set(_golden_scope("post-soviet"))


def _organisations(graph: nx.MultiDiGraph) -> set[str]:
    return {node for node, type_ in graph.nodes(data="type") if type_ == "Organisation"}


@pytest.fixture(scope="module")
def cow_organisations(world_built) -> set[str]:
    """Every organisation the world layer codes (a dq:cowIgo), read with rdflib."""
    return {display(org) for org in world_built.graph.subjects(DQ.cowIgo, None)}


@pytest.fixture(scope="module")
def post_soviet_view(world_store) -> nx.MultiDiGraph:
    return network.typed(world_store, scope=network.scope(world_store, "post-soviet"))


def test_the_post_soviet_view_has_exactly_the_scopes_organisations(post_soviet_view) -> None:
    assert len(POST_SOVIET) == 17  # CIS, security, Eurasian, Central Asian, GUAM, SCO, Union State
    assert _organisations(post_soviet_view) == POST_SOVIET
    with_members = {
        v for _, v, relation in post_soviet_view.edges(data="relation") if relation == "memberOf"
    }
    assert with_members == POST_SOVIET
    assert post_soviet_view.graph["scope"] == "post-soviet"


def test_no_organisation_outside_the_scope_appears(
    post_soviet_view, cow_organisations, world_store
) -> None:
    cow_only = cow_organisations - POST_SOVIET
    assert len(cow_only) > 400  # the world layer is there to be left out
    assert not cow_only & set(post_soviet_view)
    everything = network.typed(world_store)
    assert cow_only <= set(everything)  # without a scope, as before: every entity
    assert set(post_soviet_view) < set(everything)
    # Nothing left hanging: every entity is the scope's, or a relation reaches it.
    named = {
        value
        for *_, data in post_soviet_view.edges(data=True)
        for value in (data.get("place"), data.get("agreement"), data.get("representative"))
    }
    isolated = [n for n in post_soviet_view if post_soviet_view.degree(n) == 0]
    assert not [n for n in isolated if n not in POST_SOVIET and n not in named]
    # States with no membership, signing or office left are gone (Brazil is only in world
    # organisations).
    assert "state/BRA" in everything and "state/BRA" not in post_soviet_view
    assert "agreement/treaty-of-rome-1957" not in post_soviet_view  # the EEC's, nobody signed


def test_agreements_stay_only_when_tied_to_the_scope(post_soviet_view, world_store) -> None:
    # Golden, from corpus/facts: the six who signed the Treaty of Paris (comparisons.yaml) are
    # members of no post-Soviet organisation, so the treaty, they and Paris are out of the view;
    # the Union Treaty of 1922 (ussr.yaml) stays, its signatory the RSFSR (state/RUS) being in
    # the CIS, and with it the Transcaucasian SFSR, which signed it too.
    everything = network.typed(world_store)
    six = {"state/BEL", "state/NLD", "state/LUX", "state/ITA", "state/FRA", "state/DEU"}
    signed = {u for u, _, d in everything.in_edges("agreement/treaty-of-paris-1951", data=True)}
    assert signed == six
    assert not (six | {"agreement/treaty-of-paris-1951"}) & set(post_soviet_view)
    assert "place/paris" in everything and "place/paris" not in post_soviet_view
    for kept in ("agreement/union-treaty-1922", "state/tsfsr", "agreement/alma-ata-protocol-1991"):
        assert kept in post_soviet_view, kept
    # founding charters stay through their organisation
    assert "agreement/csto-charter-2002" in post_soviet_view


def test_georgias_cis_membership_ends_in_2009_in_the_scoped_view(world_store) -> None:
    post_soviet = network.scope(world_store, "post-soviet")
    view = network.typed(world_store, scope=post_soviet)
    spells = [
        (data["start"], data.get("end"), data["rank"])
        for _, target, data in view.out_edges("state/GEO", data=True)
        if target == "org/cis" and data["relation"] == "memberOf"
    ]
    assert spells == [(date(1993, 12, 1), date(2009, 8, 18), "Preferred")]  # the best rank only
    on = network.typed(world_store, network.year_day(2010), scope=post_soviet)
    assert not [d for _, t, d in on.out_edges("state/GEO", data=True) if t == "org/cis"
                and d["relation"] == "memberOf"]  # fmt: skip


def test_the_world_view_has_the_cow_organisations(world_store, cow_organisations) -> None:
    view = network.typed(world_store, scope=network.scope(world_store, "world"))
    assert _organisations(view) == cow_organisations
    assert {"org/cis", "org/cow-icao", "org/cow-interpol"} <= set(view)
    assert "org/guam" not in view  # curated, not coded by COW


def test_the_curated_view_has_no_world_claims(world_store, world_built) -> None:
    curated = network.scope(world_store, "curated")
    view = network.typed(world_store, scope=curated)
    assert _organisations(view) == curated.organisations
    datasets = {display(node) for node in world_built.graph.subjects(RDF.type, DQ.Dataset)}
    assert datasets  # the world layer is in the graph …
    cited = {
        item.get("source") for *_, items in view.edges(data="evidence") for item in items or ()
    }
    assert not cited & datasets  # … and nothing of it in the curated view
    assert not {k for *_, k in view.edges(keys=True) if k.startswith("membership/cow/")}
    post_soviet = network.typed(world_store, scope=network.scope(world_store, "post-soviet"))
    world_cited = {
        item.get("source")
        for *_, items in post_soviet.edges(data="evidence")
        for item in items or ()
    }
    assert world_cited & datasets  # where the scope is not curated-only, COW claims count


def test_the_page_names_its_scope_in_every_language(post_soviet_view, world_store) -> None:
    found = network.scope(world_store, "post-soviet")
    page = explorer_html(post_soviet_view, lang="en", last_year=2025, scope=found)
    meta = embedded(page, "meta")
    assert meta["scope"] == {
        "id": "post-soviet",
        "text": {lang: found.describe(lang) for lang in explorer.LANGUAGES},
    }
    assert "Correlates of War" in meta["scope"]["text"]["ru"]  # the scope's sources
    assert set(explorer.INTERFACE["scope_note"]) == set(explorer.LANGUAGES)
    assert embedded(explorer_html(post_soviet_view, last_year=2025), "meta")["scope"] is None
