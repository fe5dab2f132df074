"""kg.network on a small fixture graph (drawn in helpers.py) whose answers are worked out by hand,
and on the project's own graph: the time rule at the joining and leaving days, deprecated claims,
one query per projection with dates bound as RDF terms, the typed multigraph, and exports that
networkx reads back with the same nodes, edges and weights."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from helpers import ON_2010, SERIES_YEARS, CountingStore
from rdflib import Literal
from rdflib.namespace import XSD

from kg import network
from kg.network.typed import CLAIM_PROPERTIES, NODE_PROPERTIES, TYPED_QUERY
from kg.stores.memory import MemoryStore
from kg.stores.opening import open_store
from kg.vocab import CLASS_NAMES

# The fixture graph is drawn, and its facts written, in helpers.py; its fixtures
# (fixture_built, fixture_store, fixture_ttl) are in conftest.py.


# --------------------------------------------------------------------------- affiliation / time


def test_affiliation_on_a_day_is_bipartite_with_role_and_dates(fixture_store) -> None:
    graph = network.affiliation(fixture_store, date(1993, 6, 30))
    assert {frozenset(edge) for edge in graph.edges} == {
        frozenset(edge)
        for edge in [("state/RUS", "org/union"), ("state/KAZ", "org/union"),
                     ("state/KGZ", "org/union"), ("state/KGZ", "org/link"),
                     ("state/TJK", "org/link")]
    }  # fmt: skip
    assert {n for n, side in graph.nodes(data="bipartite") if side == 0} == {
        "state/RUS", "state/KAZ", "state/KGZ", "state/TJK",
    }  # fmt: skip
    assert graph.edges["state/KAZ", "org/union"] == {
        "role": "FullMember",
        "start": date(1992, 1, 1),
        "end": None,
        "claim": "membership/KAZ-union-1992",
    }
    kaz = graph.nodes["state/KAZ"]
    assert (kaz["type"], kaz["label"], kaz["label_kk"], kaz["label_ru"], kaz["iso3"]) == (
        "State", "Kazakhstan", "Қазақстан", "Казахстан", "KAZ",
    )  # fmt: skip
    assert kaz["iri"] == "https://w3id.org/dostastyq/id/state/KAZ"
    assert graph.nodes["org/union"]["type"] == "Organisation"
    assert "label_kk" not in graph.nodes["org/union"]  # no Kazakh label: left out, not None


@pytest.mark.parametrize(
    ("day", "member"),
    [
        ("1993-11-30", False),  # the day before December 1993
        ("1993-12-01", True),  # a month-precision start is stored as the month's first day
        ("2009-08-17", True),  # the last day in
        ("2009-08-18", False),  # the leaving day is outside
    ],
)
def test_time_rule_at_the_joining_and_leaving_days(fixture_store, day: str, member: bool) -> None:
    at = date.fromisoformat(day)
    assert network.affiliation(fixture_store, at).has_edge("state/GEO", "org/union") is member
    assert ("state/GEO" in network.comembership(fixture_store, at)) is member
    typed = network.typed(fixture_store, at)
    assert typed.has_edge("state/GEO", "org/union", "membership/GEO-union-1993") is member


@pytest.mark.parametrize(
    ("day", "role"),
    [
        ("2005-08-25", "FullMember"),
        ("2005-08-26", "AssociateMember"),  # one spell ends and the next begins the same day
        ("2007-12-31", "AssociateMember"),
        ("2008-01-01", None),
    ],
)
def test_a_change_of_role_on_one_day(fixture_store, day: str, role: str | None) -> None:
    graph = network.affiliation(fixture_store, date.fromisoformat(day))
    edge = graph.get_edge_data("state/TKM", "org/link")
    assert (edge or {}).get("role") == role


def test_roles_restrict_the_graph(fixture_store) -> None:
    at = date(2006, 6, 30)
    assert network.affiliation(fixture_store, at).has_edge("state/TKM", "org/link")
    full = network.affiliation(fixture_store, at, roles=["FullMember"])
    assert not full.has_edge("state/TKM", "org/link")
    assert "state/TKM" not in network.comembership(fixture_store, at, roles=["FullMember"])


def test_organisations_restrict_the_graph(fixture_store) -> None:
    graph = network.comembership(fixture_store, ON_2010, organisations=["org/union", "org/link"])
    assert graph.edges["state/RUS", "state/KAZ"]["weight"] == 1  # pair-a and pair-b left out
    assert graph.edges["state/KGZ", "state/TJK"]["organisations"] == ("org/link",)
    only_union = network.affiliation(fixture_store, ON_2010, organisations={"org/union"})
    assert set(only_union) == {"state/RUS", "state/KAZ", "state/KGZ", "org/union"}
    graphs = network.yearly_graphs(
        fixture_store, "comembership", [2010], organisations=["org/union"]
    )
    assert set(graphs[2010]) == {"state/RUS", "state/KAZ", "state/KGZ"}


def test_deprecated_claims_are_left_out(fixture_store) -> None:
    for year in (1992, 2000, 2020):
        at = date(year, 6, 30)
        assert "state/UKR" not in network.affiliation(fixture_store, at)
        assert "state/TJK" not in network.cosignature(fixture_store, at)
    typed = network.typed(fixture_store)
    assert not typed.has_edge("state/UKR", "org/union")
    assert not typed.has_edge("state/TJK", "agreement/second-1995")


# --------------------------------------------------------------------------- one-mode projections


def test_comembership_counts_the_organisations_shared(fixture_store) -> None:
    graph = network.comembership(fixture_store, date(2010, 6, 30))
    assert set(graph) == {"state/RUS", "state/KAZ", "state/KGZ", "state/TJK"}
    weights = {frozenset((u, v)): w for u, v, w in graph.edges(data="weight")}
    assert weights == {
        frozenset(("state/RUS", "state/KAZ")): 3,
        frozenset(("state/KAZ", "state/KGZ")): 3,
        frozenset(("state/RUS", "state/KGZ")): 1,
        frozenset(("state/KGZ", "state/TJK")): 1,
    }
    edge = graph.edges["state/RUS", "state/KAZ"]
    assert edge["organisations"] == ("org/pair-a", "org/pair-b", "org/union")
    assert edge["shared"] == 3
    assert "bipartite" not in graph.nodes["state/RUS"]
    assert graph.nodes["state/KGZ"]["label_kk"] == "Қырғызстан"


def test_jaccard_weights(fixture_store) -> None:
    graph = network.comembership(fixture_store, date(2010, 6, 30), weight="jaccard")
    # Organisations on 30 June 2010: RUS {union, a, b}; KAZ {union, a, b, c, d};
    # KGZ {union, c, d, link}; TJK {link}. Jaccard = shared / either.
    assert graph.edges["state/RUS", "state/KAZ"]["weight"] == pytest.approx(3 / 5)
    assert graph.edges["state/KAZ", "state/KGZ"]["weight"] == pytest.approx(3 / 6)
    assert graph.edges["state/RUS", "state/KGZ"]["weight"] == pytest.approx(1 / 6)
    assert graph.edges["state/KGZ", "state/TJK"]["weight"] == pytest.approx(1 / 4)
    assert graph.edges["state/KGZ", "state/TJK"]["shared"] == 1


def test_projection_agrees_with_networkx_bipartite_projections(fixture_store) -> None:
    affiliation = network.affiliation(fixture_store, date(2005, 6, 30))
    states = [n for n, side in affiliation.nodes(data="bipartite") if side == 0]
    ours = network.project_states(affiliation, "count")
    theirs = nx.bipartite.weighted_projected_graph(affiliation, states)
    assert set(ours.edges) == {tuple(sorted(e)) for e in theirs.edges} | set(ours.edges)
    for u, v, weight in theirs.edges(data="weight"):
        assert ours.edges[u, v]["weight"] == weight
    jaccard = network.project_states(affiliation, "jaccard")
    overlap = nx.bipartite.overlap_weighted_projected_graph(affiliation, states, jaccard=True)
    assert jaccard.number_of_edges() == overlap.number_of_edges()
    for u, v, weight in overlap.edges(data="weight"):
        assert jaccard.edges[u, v]["weight"] == pytest.approx(weight)


def test_cosignature_counts_agreements_signed_by_the_day(fixture_store) -> None:
    before = network.cosignature(fixture_store, date(1995, 5, 4))
    assert before.edges["state/RUS", "state/KAZ"]["weight"] == 1
    assert before.edges["state/RUS", "state/KGZ"]["agreements"] == ("agreement/first-1991",)
    on_the_day = network.cosignature(fixture_store, date(1995, 5, 5))
    assert on_the_day.edges["state/RUS", "state/KAZ"]["weight"] == 2
    assert on_the_day.edges["state/KAZ", "state/KGZ"]["weight"] == 1
    assert len(network.cosignature(fixture_store, date(1991, 12, 7))) == 0
    jaccard = network.cosignature(fixture_store, date(2000, 1, 1), weight="jaccard")
    # KGZ signed {first}, RUS {first, second}: 1 shared of 2.
    assert jaccard.edges["state/RUS", "state/KGZ"]["weight"] == pytest.approx(1 / 2)


def test_unknown_weight_is_an_error(fixture_store) -> None:
    with pytest.raises(ValueError, match="weight must be one of count, jaccard"):
        network.comembership(fixture_store, date(2000, 1, 1), weight="sum")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- queries


@pytest.mark.parametrize("name", ["affiliation", "comembership", "cosignature", "typed"])
def test_one_query_per_projection_with_the_day_bound_as_an_rdf_term(
    fixture_store, name: str
) -> None:
    store = CountingStore(fixture_store)
    network.projection(store, name, date(2005, 6, 30))
    assert len(store.calls) == 1
    text, bindings = store.calls[0]
    assert "2005" not in text
    assert bindings and all(
        isinstance(term, Literal) and term.datatype == XSD.date for term in bindings.values()
    )
    assert Literal(date(2005, 6, 30), datatype=XSD.date) in bindings.values()


def test_a_yearly_series_is_one_query_and_matches_day_by_day(fixture_store) -> None:
    for name in ("affiliation", "comembership", "cosignature"):
        store = CountingStore(fixture_store)
        graphs = network.yearly_graphs(store, name, SERIES_YEARS)
        assert len(store.calls) == 1, name
        assert list(graphs) == sorted(SERIES_YEARS)
        for year, graph in graphs.items():
            day = network.year_day(year)
            expected = network.projection(fixture_store, name, day)
            assert nx.utils.nodes_equal(graph.nodes(data=True), expected.nodes(data=True))
            assert nx.utils.edges_equal(graph.edges(data=True), expected.edges(data=True))


def test_the_same_graphs_from_every_local_store(fixture_store, fixture_ttl: Path) -> None:
    """The queries are plain SPARQL 1.1: Oxigraph gives the same graphs as rdflib."""
    oxigraph = open_store("oxigraph", fixture_ttl)
    for name in network.PROJECTIONS:
        for day in (date(1993, 6, 30), date(2005, 8, 26), ON_2010):
            ours, theirs = (network.projection(s, name, day) for s in (fixture_store, oxigraph))
            assert dict(ours.nodes(data=True)) == dict(theirs.nodes(data=True)), (name, day)
            assert sorted(ours.edges(data=True), key=str) == sorted(
                theirs.edges(data=True), key=str
            ), (name, day)
    everything = [network.typed(s) for s in (fixture_store, oxigraph)]
    assert nx.utils.graphs_equal(*everything)


def test_a_year_is_its_30_june(fixture_store) -> None:
    assert network.YEAR_DAY == (6, 30)
    graphs = network.yearly_graphs(fixture_store, "affiliation", [2005])
    assert graphs[2005].edges["state/TKM", "org/link"]["role"] == "FullMember"  # until 26 Aug
    graphs = network.yearly_graphs(fixture_store, "affiliation", [2005], day=(12, 31))
    assert graphs[2005].edges["state/TKM", "org/link"]["role"] == "AssociateMember"


def test_a_date_that_is_not_a_date_is_refused(fixture_store) -> None:
    with pytest.raises(TypeError, match=r"datetime\.date"):
        network.affiliation(fixture_store, "2005-06-30")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- typed


def test_typed_nodes_are_entities_with_labels_and_never_literals(fixture_store) -> None:
    graph = network.typed(fixture_store)
    assert isinstance(graph, nx.MultiDiGraph)
    assert all(data["type"] in CLASS_NAMES for _, data in graph.nodes(data=True))
    assert all(node.split("/")[0] in {"state", "org", "agreement"} for node in graph)
    assert graph.nodes["agreement/first-1991"]["type"] == "Treaty"
    assert graph.nodes["agreement/first-1991"]["date"] == date(1991, 12, 8)
    assert graph.nodes["state/TJK"]["label_kk"] == "Тәжікстан"
    # Evidence, documents and the relation nodes themselves are not nodes.
    assert not [n for n in graph if n.startswith(("evidence/", "doc/", "membership/"))]


def test_typed_n_ary_relations_are_dated_edges_with_evidence(fixture_store) -> None:
    graph = network.typed(fixture_store, date(2005, 6, 30))
    edge = graph.edges["state/GEO", "org/union", "membership/GEO-union-1993"]
    assert edge["relation"] == edge["label"] == "memberOf"
    assert (edge["start"], edge["end"], edge["role"]) == (
        date(1993, 12, 1), date(2009, 8, 18), "FullMember",
    )  # fmt: skip
    assert edge["end_cause"] == "Withdrawal"
    assert (edge["start_precision"], edge["end_precision"]) == ("Month", "Day")
    assert edge["quote"] == "Достастыққа Грузия қосылды"
    assert edge["document"] == "doc/t1_mini"
    assert edge["evidence"] == [{"document": "doc/t1_mini", "quote": "Достастыққа Грузия қосылды"}]
    signed = graph.edges["state/RUS", "agreement/first-1991", "signing/first-1991-RUS"]
    assert signed["relation"] == "signed" and signed["date"] == date(1991, 12, 8)
    assert signed["evidence"] == [
        {"source": "https://example.org/record", "citation": "The test record"}
    ]
    assert "agreement" not in signed  # the agreement is the edge's target
    # No timeless shortcut edges next to the dated ones.
    assert not [k for *_, k in graph.edges(keys=True) if k in network.SHORTCUTS]


def test_typed_as_of_a_day(fixture_store) -> None:
    before = network.typed(fixture_store, date(1995, 5, 4))
    assert "agreement/second-1995" not in before  # did not exist yet
    assert before.has_edge("state/RUS", "agreement/first-1991")
    assert not network.typed(fixture_store, date(1993, 6, 30)).has_edge("state/GEO", "org/union")
    after = network.typed(fixture_store, date(2010, 6, 30))
    assert after.has_edge("state/GEO", "org/union", "withdrawal/GEO-union-2009")
    assert after.edges["state/GEO", "org/union", "withdrawal/GEO-union-2009"]["relation"] == (
        "withdrewFrom"
    )
    assert not after.has_edge("state/GEO", "org/union", "membership/GEO-union-1993")
    everything = network.typed(fixture_store)
    assert everything.number_of_edges("state/TKM", "org/link") == 2  # two spells, two edges
    assert everything.graph["at"] is None


def test_the_typed_query_covers_the_tables() -> None:
    """kg/queries/network/typed.rq is written out by hand: it must name every entity class (in
    kg.vocab's order), have a branch for every row of N_ARY_RELATIONS and a pattern for every
    property ``typed`` turns into an attribute."""
    text = TYPED_QUERY
    values = re.findall(r"VALUES \?type \{([^}]*)\}", text)
    assert [block.split() for block in values] == [[f"dq:{name}" for name in CLASS_NAMES]]
    for cls, source, target, name in network.N_ARY_RELATIONS:
        branch = (
            f"{{ ?claim a dq:{cls} ; dq:{source} ?source ; dq:{target} ?target . "
            f'BIND ("{name}" AS ?relation) }}'
        )
        assert branch in text, f"typed.rq has no branch for {cls} {source} -> {target}"
    for prop in {*NODE_PROPERTIES, *CLAIM_PROPERTIES}:
        assert f'{{ ?subject {prop} ?value . BIND ("{prop}" AS ?attribute)' in text, prop


def test_every_relation_class_of_the_project_graph_becomes_an_edge(store: MemoryStore) -> None:
    result = store.query(
        "PREFIX dq: <https://w3id.org/dostastyq/ontology#>\n"
        "SELECT DISTINCT ?class WHERE { ?claim dq:rank ?rank ; a ?class"
        " FILTER(?class != dq:BestRank) }"
    )
    classes = {str(row[0]).split("#")[-1] for row in result.rows}
    edges = {cls for cls, *_ in network.N_ARY_RELATIONS}
    assert classes <= edges | set(network.ONE_ENTITY_RELATIONS), (
        "a new n-ary relation class: add its row to kg.network.N_ARY_RELATIONS"
    )
    assert "Statehood" in classes  # the curated record dates states (statehood.yaml)
    assert not edges & set(network.ONE_ENTITY_RELATIONS)


def test_the_project_graph(store: MemoryStore) -> None:
    """Facts about the CIS that will hold however much more is curated."""
    graph = network.comembership(store, date(2005, 6, 30))
    assert "org/cis" in graph.edges["state/KAZ", "state/RUS"]["organisations"]
    assert "state/GEO" in graph and graph.nodes["state/GEO"]["label_kk"] == "Грузия"
    assert not network.affiliation(store, date(2009, 8, 18)).has_edge("state/GEO", "org/cis")
    typed = network.typed(store, date(1992, 6, 30))
    assert typed.has_edge("state/KAZ", "org/cis")
    assert typed.has_edge("org/cis", "state/BLR", "founding/cis-1991")


# --------------------------------------------------------------------------- export


def read_back(data: bytes, fmt: str, multigraph: bool = False) -> nx.Graph:
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(data), force_multigraph=multigraph)
    if fmt == "gexf":
        return nx.read_gexf(io.BytesIO(data))
    return nx.node_link_graph(json.loads(data), edges="edges")


def _edge_weights(graph: nx.Graph) -> dict:
    if graph.is_multigraph():
        return {(u, v, k): w for u, v, k, w in graph.edges(keys=True, data="weight")}
    if graph.is_directed():
        return {(u, v): w for u, v, w in graph.edges(data="weight")}
    return {frozenset((u, v)): w for u, v, w in graph.edges(data="weight")}


@pytest.mark.parametrize("fmt", network.EXPORT_FORMATS)
@pytest.mark.parametrize(
    ("name", "weight"),
    [("comembership", "count"), ("comembership", "jaccard"), ("cosignature", "count"),
     ("affiliation", "count"), ("typed", "count")],
)  # fmt: skip
def test_exports_read_back_with_the_same_nodes_edges_and_weights(
    fixture_store, fmt: str, name: str, weight: str
) -> None:
    graph = network.projection(fixture_store, name, date(2005, 6, 30), weight)  # type: ignore[arg-type]
    back = read_back(network.serialise_graph(graph, fmt), fmt, graph.is_multigraph())
    assert set(back) == set(graph)
    assert back.number_of_edges() == graph.number_of_edges()
    if graph.is_multigraph():
        assert set(back.edges()) == set(graph.edges())
    else:
        ours, theirs = _edge_weights(graph), _edge_weights(back)
        assert theirs.keys() == ours.keys()
        for key, value in ours.items():
            assert theirs[key] == pytest.approx(value)
    assert back.nodes["state/KAZ"]["label_kk"] == "Қазақстан"


def test_export_converts_dates_and_leaves_out_empty_values(fixture_store) -> None:
    graph = network.affiliation(fixture_store, date(2005, 6, 30))
    graphml = read_back(network.serialise_graph(graph, "graphml"), "graphml")
    edge = graphml.edges["state/TKM", "org/link"]
    assert (edge["start"], edge["end"], edge["role"]) == ("1996-01-01", "2005-08-26", "FullMember")
    assert "end" not in graphml.edges["state/KAZ", "org/union"]  # open: no value, not "None"
    gexf = read_back(network.serialise_graph(graph, "gexf"), "gexf")
    assert gexf.edges["state/TKM", "org/link"]["start_date"] == "1996-01-01"
    assert gexf.graph.get("mode") != "dynamic"
    as_json = json.loads(network.serialise_graph(graph, "json"))
    link = next(
        e for e in as_json["edges"] if {e["source"], e["target"]} == {"state/KAZ", "org/union"}
    )
    assert link["end"] is None and link["start"] == "1992-01-01"
    # The caller's graph still has its dates.
    assert graph.edges["state/TKM", "org/link"]["start"] == date(1996, 1, 1)


def test_typed_export_keeps_evidence_as_text(fixture_store) -> None:
    graph = network.typed(fixture_store, date(2005, 6, 30))
    back = nx.read_graphml(io.BytesIO(network.serialise_graph(graph, "graphml")))
    (data,) = [d for u, v, d in back.edges(data=True) if (u, v) == ("state/GEO", "org/union")]
    assert data["quote"] == "Достастыққа Грузия қосылды"
    assert json.loads(data["evidence"])[0]["document"] == "doc/t1_mini"
    gexf = nx.read_gexf(io.BytesIO(network.serialise_graph(graph, "gexf")))
    assert gexf.number_of_edges() == graph.number_of_edges()


@pytest.mark.parametrize("block_bytes", [1, 3, 16_000_000])
def test_counted_pairs_come_in_the_order_of_the_detailed_ones(
    fixture_store, monkeypatch, block_bytes: int
) -> None:
    """The centrality series' fast path (no lists of organisations) adds the same edges in the
    same order as the detailed path, which follows project_states - so measures summing over
    neighbours give the same floats - whatever the block size it works in."""
    from kg.network import projections

    monkeypatch.setattr(projections, "_PAIR_BLOCK_BYTES", block_bytes)
    years = range(1990, 2016)
    detailed = network.yearly_graphs(fixture_store, "comembership", years, details=True)
    counted = network.yearly_graphs(fixture_store, "comembership", years, details=False)
    edges = 0
    for year in years:
        expected = [(u, v, w) for u, v, w in detailed[year].edges(data="weight")]
        assert [(u, v, w) for u, v, w in counted[year].edges(data="weight")] == expected
        edges += len(expected)
    assert edges > 20  # the fixture has pairs to order
