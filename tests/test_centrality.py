"""kg.centrality: golden values on the network fixture (helpers.py) worked out by hand, agreement
with networkx's own functions, weights as distances, bipartite normalisation, yearly series that
equal day-by-day answers, the rank plot, and the `kg centrality` / `kg network` commands."""

from __future__ import annotations

import csv
import io
import json
import warnings
from datetime import date
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from helpers import SERIES_YEARS, CountingStore, kg

from kg import centrality as analysis
from kg import network
from kg.stores.memory import MemoryStore

# 30 June 2010 in the fixture (see helpers.py): RUS -3- KAZ -3- KGZ -1- TJK, and RUS -1- KGZ.
ON = date(2010, 6, 30)
RUS, KAZ, KGZ, TJK = "state/RUS", "state/KAZ", "state/KGZ", "state/TJK"


def values(store: MemoryStore, measure: str, projection: str = "comembership", **kw) -> dict:
    table = analysis.centrality(store, ON, projection, [measure], **kw)
    return dict(zip(table.node, table.value, strict=True))


def test_degree_and_strength_by_hand(fixture_store) -> None:
    # Degree: ties / (n - 1) = ties / 3. Strength: the weights added up.
    assert values(fixture_store, "degree") == pytest.approx(
        {RUS: 2 / 3, KAZ: 2 / 3, KGZ: 3 / 3, TJK: 1 / 3}
    )
    assert values(fixture_store, "strength") == {RUS: 4, KAZ: 6, KGZ: 5, TJK: 1}


def test_betweenness_uses_one_over_weight_as_distance(fixture_store) -> None:
    # Distances 1/w: RUS-KAZ 1/3, KAZ-KGZ 1/3, RUS-KGZ 1, KGZ-TJK 1. Shortest paths:
    #   RUS-KGZ: via KAZ (2/3) beats the direct edge (1)  -> KAZ
    #   RUS-TJK: RUS-KAZ-KGZ-TJK (5/3) beats RUS-KGZ-TJK (2) -> KAZ, KGZ
    #   KAZ-TJK: via KGZ (4/3) -> KGZ
    # Raw: KAZ 2, KGZ 2; normalised by (n-1)(n-2)/2 = 3 for an undirected graph: 2/3 each.
    assert values(fixture_store, "betweenness") == pytest.approx(
        {RUS: 0, KAZ: 2 / 3, KGZ: 2 / 3, TJK: 0}
    )
    # Unweighted, RUS-KGZ would go direct and KAZ would lie on no shortest path.
    graph = network.comembership(fixture_store, ON)
    assert nx.betweenness_centrality(graph)[KAZ] == 0


def test_closeness_by_hand(fixture_store) -> None:
    # (n - 1) / sum of distances, with the distances above:
    #   RUS: 1/3 + 2/3 + 5/3 = 8/3 -> 9/8    KAZ: 1/3 + 1/3 + 4/3 = 2 -> 3/2
    #   KGZ: 2/3 + 1/3 + 1 = 2 -> 3/2        TJK: 5/3 + 4/3 + 1 = 4 -> 3/4
    assert values(fixture_store, "closeness") == pytest.approx(
        {RUS: 9 / 8, KAZ: 3 / 2, KGZ: 3 / 2, TJK: 3 / 4}
    )


def test_jaccard_weights_give_the_same_paths_here(fixture_store) -> None:
    # Jaccard 3/5, 1/2, 1/6, 1/4 -> distances 5/3, 2, 6, 4: RUS-KGZ via KAZ (11/3 < 6), RUS-TJK
    # via KAZ and KGZ (23/3 < 10), KAZ-TJK via KGZ: the same betweenness as with counts.
    assert values(fixture_store, "betweenness", weight="jaccard") == pytest.approx(
        {RUS: 0, KAZ: 2 / 3, KGZ: 2 / 3, TJK: 0}
    )
    assert values(fixture_store, "strength", weight="jaccard") == pytest.approx(
        {RUS: 3 / 5 + 1 / 6, KAZ: 3 / 5 + 1 / 2, KGZ: 1 / 2 + 1 / 6 + 1 / 4, TJK: 1 / 4}
    )


def test_bipartite_normalisation_by_hand(fixture_store) -> None:
    # 30 June 1993: RUS, KAZ, KGZ - union; KGZ, TJK - link (4 states, 2 organisations).
    table = analysis.centrality(fixture_store, date(1993, 6, 30), "affiliation")
    got = {(row.node, row.measure): row.value for row in table.itertuples()}
    # Degree over the size of the other side: states / 2 organisations, organisations / 4 states.
    expected_degree = {RUS: 1 / 2, KAZ: 1 / 2, KGZ: 2 / 2, TJK: 1 / 2,
                       "org/union": 3 / 4, "org/link": 2 / 4}  # fmt: skip
    for node, value in expected_degree.items():
        assert got[(node, "degree")] == pytest.approx(value)
    # Betweenness, raw, in the tree {RUS, KAZ} - union - KGZ - link - TJK:
    #   union lies between RUS-KAZ, RUS-KGZ, RUS-link, RUS-TJK, KAZ-KGZ, KAZ-link, KAZ-TJK: 7
    #   KGZ between {RUS, KAZ, union} and {link, TJK}: 3 x 2 = 6;  link between TJK and 4: 4.
    # Bipartite maxima (Borgatti & Halgin, as networkx writes them) for n = 4 states and
    # m = 2 organisations: s, t = divmod(n - 1, m) = 1, 1;
    #   states: (m²(s+1)² + m(s+1)(2t-s-1) - t(2s-t+3)) / 2 = (16 + 0 - 4) / 2 = 6
    #   p, r = divmod(m - 1, n) = 0, 1;
    #   organisations: (n²(p+1)² + n(p+1)(2r-p-1) - r(2p-r+3)) / 2 = (16 + 4 - 2) / 2 = 9
    expected_betweenness = {KGZ: 6 / 6, "org/union": 7 / 9, "org/link": 4 / 9,
                            RUS: 0, KAZ: 0, TJK: 0}  # fmt: skip
    for node, value in expected_betweenness.items():
        assert got[(node, "betweenness")] == pytest.approx(value)
    assert got[(KGZ, "strength")] == 2


def test_tiny_bipartite_graph_has_zero_betweenness() -> None:
    graph = nx.Graph()
    graph.add_node("s", bipartite=0)
    graph.add_node("o", bipartite=1)
    graph.add_edge("s", "o")
    assert analysis.centrality_values(graph, "betweenness") == {"s": 0.0, "o": 0.0}


def test_distances_and_bad_weights() -> None:
    graph = nx.Graph([("a", "b", {"weight": 4}), ("b", "c", {})])
    spaced = analysis.with_distances(graph)
    assert spaced.edges["a", "b"]["distance"] == 0.25
    assert spaced.edges["b", "c"]["distance"] == 1  # no weight counts as 1
    with pytest.raises(ValueError, match="positive"):
        analysis.with_distances(nx.Graph([("a", "b", {"weight": 0})]))


@pytest.mark.parametrize("measure", analysis.MEASURES)
def test_the_callers_graph_is_not_changed(fixture_store, measure: str) -> None:
    graph = network.comembership(fixture_store, ON)
    before = (dict(graph.graph), list(graph.nodes(data=True)), list(graph.edges(data=True)))
    before = json.loads(json.dumps(before, default=str))
    analysis.centrality_values(graph, measure)
    after = (dict(graph.graph), list(graph.nodes(data=True)), list(graph.edges(data=True)))
    assert json.loads(json.dumps(after, default=str)) == before


def networkx_reference(graph: nx.Graph, measure: str) -> dict:
    """Each measure as networkx computes it, with the documented weighting, written out
    independently (a weight function instead of the distance attribute)."""

    def distance(u, v, data):
        return 1 / data.get("weight", 1)

    if analysis.is_bipartite(graph):
        top = {n for n, side in graph.nodes(data="bipartite") if side == 0}
        return {
            "degree": lambda: nx.bipartite.degree_centrality(graph, top),
            "strength": lambda: dict(graph.degree()),
            "betweenness": lambda: nx.bipartite.betweenness_centrality(graph, top),
            "closeness": lambda: nx.bipartite.closeness_centrality(graph, top),
            "eigenvector": lambda: nx.eigenvector_centrality_numpy(graph),
            "pagerank": lambda: nx.pagerank(graph, weight=None),
        }[measure]()
    return {
        "degree": lambda: nx.degree_centrality(graph),
        "strength": lambda: dict(graph.degree(weight="weight")),
        "betweenness": lambda: nx.betweenness_centrality(graph, weight=distance),
        "closeness": lambda: nx.closeness_centrality(graph, distance=distance),
        "eigenvector": lambda: nx.eigenvector_centrality_numpy(graph, weight="weight"),
        "pagerank": lambda: nx.pagerank(graph, weight="weight"),
    }[measure]()


@pytest.mark.parametrize("measure", analysis.MEASURES)
@pytest.mark.parametrize(
    ("projection", "weight", "day"),
    [("comembership", "count", ON), ("comembership", "jaccard", ON),
     ("cosignature", "count", ON), ("affiliation", "count", date(2005, 6, 30))],
)  # fmt: skip
def test_agrees_with_networkx_on_the_same_projection(
    fixture_store, projection: str, weight: str, day: date, measure: str
) -> None:
    graph = network.projection(fixture_store, projection, day, weight)  # type: ignore[arg-type]
    ours = analysis.centrality_values(graph, measure)
    theirs = networkx_reference(graph, measure)
    assert ours.keys() == theirs.keys()
    for node in ours:
        assert ours[node] == pytest.approx(abs(theirs[node]), abs=1e-5), node


@pytest.mark.parametrize("measure", analysis.MEASURES)
def test_agrees_with_networkx_on_the_project_graph(store: MemoryStore, measure: str) -> None:
    for projection in ("comembership", "affiliation"):
        graph = network.projection(store, projection, date(2005, 6, 30))
        if measure == "eigenvector" and not nx.is_connected(graph):
            continue  # networkx's solvers disagree on graphs in pieces (AmbiguousSolution)
        ours = analysis.centrality_values(graph, measure)
        theirs = networkx_reference(graph, measure)
        for node in ours:
            assert ours[node] == pytest.approx(abs(theirs[node]), abs=1e-5), (projection, node)


def test_a_graph_without_edges() -> None:
    graph = nx.Graph()
    graph.add_nodes_from(["a", "b"])
    assert analysis.centrality_values(graph, "eigenvector") == {"a": 0.0, "b": 0.0}
    assert analysis.centrality_values(nx.Graph(), "pagerank") == {}
    assert analysis.centrality_table(nx.Graph()).empty


def test_table_is_tidy_and_labelled_in_the_language_asked(fixture_store) -> None:
    table = analysis.centrality(fixture_store, ON, measures=["degree", "pagerank"], lang="kk")
    assert list(table.columns) == ["node", "label", "measure", "value"]
    assert len(table) == 2 * 4
    assert table.value.dtype == float
    assert dict(zip(table.node, table.label, strict=False))[KAZ] == "Қазақстан"
    first = table[table.measure == "degree"].iloc[0]
    assert first.node == KGZ  # most central first
    english = analysis.centrality(fixture_store, ON, measures=["degree"], lang="ru")
    assert "Кыргызстан" in set(english.label)


def test_unknown_measure_or_projection() -> None:
    with pytest.raises(ValueError, match="unknown measure"):
        analysis.centrality_values(nx.path_graph(3), "fame")
    with pytest.raises(ValueError, match="unknown measure"):
        analysis.centrality_series(None, [2000], measures=["fame"])  # type: ignore[arg-type]


# --------------------------------------------------------------------------- series


def test_series_equals_the_day_by_day_answers_and_runs_one_query(fixture_store) -> None:
    years = SERIES_YEARS
    for projection in ("comembership", "cosignature", "affiliation"):
        counting = CountingStore(fixture_store)
        series = analysis.centrality_series(counting, years, projection)
        assert len(counting.calls) == 1
        naive = [
            analysis.centrality(fixture_store, network.year_day(year), projection).assign(year=year)
            for year in years
        ]
        expected = pd.concat(naive, ignore_index=True)[list(analysis.SERIES_COLUMNS)]
        pd.testing.assert_frame_equal(series, expected, check_dtype=False)


def test_series_rows_follow_membership(fixture_store) -> None:
    series = analysis.centrality_series(fixture_store, range(1992, 2012), measures=["degree"])
    assert list(series.columns) == ["year", "node", "label", "measure", "value"]
    # GEO: from December 1993 to 18 August 2009, so in on 30 June 1994 ... 30 June 2009.
    assert sorted(series[series.node == "state/GEO"].year) == list(range(1994, 2010))
    # TKM: 1996 to 1 January 2008 (full, then associate).
    assert sorted(series[series.node == "state/TKM"].year) == list(range(1996, 2008))
    assert series.attrs["day"] == "06-30"


def test_ranks_share_the_best_rank_on_ties() -> None:
    series = pd.DataFrame(
        {"year": [2000] * 4 + [2001], "node": list("abcda"), "label": list("abcda"),
         "measure": ["degree"] * 5, "value": [3.0, 1.0, 3.0, 0.5, 1.0]}
    )  # fmt: skip
    assert analysis.ranks(series)["rank"].tolist() == [1, 3, 1, 4, 1]


def test_rank_plot_top_counts_only_ranks_reached_above_zero() -> None:
    series = pd.DataFrame(
        {"year": [2000] * 3 + [2001] * 3, "node": ["state/A", "state/B", "state/C"] * 2,
         "label": list("ABC") * 2, "measure": ["betweenness"] * 6,
         "value": [0.0, 0.0, 0.0, 1.0, 0.5, 0.0]}
    )  # fmt: skip
    # In 2000 all three tie at rank 1 with nothing; in 2001 only A is first.
    assert set(plotted(analysis.rank_plot(series, "betweenness", top=1))) == {"A"}
    assert set(plotted(analysis.rank_plot(series, "betweenness", top=2))) == {"A", "B"}
    assert set(plotted(analysis.rank_plot(series, "betweenness"))) == {"A", "B", "C"}


def plotted(figure) -> dict[str, tuple[list[int], list[float]]]:
    (axes,) = figure.axes
    return {
        line.get_label(): (list(line.get_xdata()), list(line.get_ydata()))
        for line in axes.get_lines()
        if not line.get_label().startswith("_")  # the hollow points of zero values
    }


def test_rank_plot_draws_ranks_with_gaps_and_kazakh_labels(fixture_store) -> None:
    series = analysis.centrality_series(
        fixture_store, range(1992, 2012), measures=["betweenness"], lang="kk"
    )
    figure = analysis.rank_plot(series, "betweenness")
    lines = plotted(figure)
    assert set(lines) == {"Ресей", "Қазақстан", "Қырғызстан", "Тәжікстан", "Грузия", "Түрікменстан"}
    years, ys = lines["Грузия"]
    present = [year for year, y in zip(years, ys, strict=True) if not np.isnan(y)]
    assert present == list(range(1994, 2010))
    # 2010: KAZ and KGZ tie at rank 1 (2/3), RUS and TJK at rank 3 (0); each drawn within 0.4
    # of its rank.
    ranks = analysis.ranks(series[series.year == 2010]).set_index("label")["rank"]
    assert ranks.to_dict() == {"Қазақстан": 1, "Қырғызстан": 1, "Ресей": 3, "Тәжікстан": 3}
    for label, rank in ranks.items():
        y = dict(zip(*lines[label], strict=True))[2010]
        assert abs(y - rank) <= 0.4
    (axes,) = figure.axes
    hollow = [line for line in axes.get_lines() if line.get_label().startswith("_")]
    assert all(line.get_markerfacecolor() == "white" for line in hollow)
    # RUS and TJK have betweenness 0 in 2010: each gets a hollow point there.
    assert sum(2010 in list(line.get_xdata()) for line in hollow) == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a warning: make it fail
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    assert buffer.getvalue().startswith(b"\x89PNG")


def test_rank_plot_on_the_curated_data(store: MemoryStore) -> None:
    """Georgia's line runs from 1994 to 2009 in the affiliation graph whatever else is curated:
    it joined the CIS in December 1993 and left on 18 August 2009, and it is drawn only where
    it has an affiliation."""
    series = analysis.centrality_series(store, range(1991, 2026), "affiliation", ["degree"])
    cis = series[series.node == "org/cis"]
    assert sorted(cis.year) == list(range(1992, 2026))  # 30 June 1991: no CIS yet
    lines = plotted(analysis.rank_plot(series, "degree"))
    assert "Kazakhstan" in lines and "Russia" in lines
    assert "Commonwealth of Independent States" not in lines  # states only
    years, ys = lines["Georgia"]
    present = [year for year, y in zip(years, ys, strict=True) if not np.isnan(y)]
    assert set(range(1994, 2010)) <= set(present)


# --------------------------------------------------------------------------- the commands


def test_kg_centrality_csv(fixture_ttl: Path) -> None:
    result = kg(
        "centrality", "--projection", "comembership", "--at", "2010-06-30",
        "--measure", "betweenness", "--format", "csv", "--graph", fixture_ttl,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    comment, table = result.stdout.split("\n", 1)
    # The fixture graph defines no scopes: every organisation counts, and the first line says so.
    assert comment == (
        "# comembership graph on 2010-06-30; scope: every organisation (-); source: curated record"
    )
    rows = list(csv.reader(io.StringIO(table)))
    assert rows[0] == ["node", "label", "measure", "value"]
    got = {row[0]: (row[1], row[2], float(row[3])) for row in rows[1:]}
    assert got[KAZ] == ("Kazakhstan", "betweenness", pytest.approx(2 / 3))
    assert got[RUS][2] == 0.0
    assert len(rows) == 5


def test_kg_centrality_restricted_to_organisations(fixture_ttl: Path) -> None:
    result = kg(
        "centrality", "--at", "2010-06-30", "--measure", "strength", "--format", "csv",
        "--org", "org/union", "--org", "org/link", "--graph", fixture_ttl,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    table = io.StringIO(result.stdout.split("\n", 1)[1])  # after the '# …' line
    got = {row["node"]: float(row["value"]) for row in csv.DictReader(table)}
    # union: RUS, KAZ, KGZ (each tied to two); link: KGZ, TJK.
    assert got == {RUS: 2, KAZ: 2, KGZ: 3, TJK: 1}


def test_kg_centrality_json_table_and_top(fixture_ttl: Path) -> None:
    result = kg("centrality", "--at", "2010-06-30", "--format", "json", "--top", "1",
                "--lang", "kk", "--graph", fixture_ttl)  # fmt: skip
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert list(dict.fromkeys(r["measure"] for r in records)) == list(analysis.MEASURES)
    # --top 1 keeps every node tied first, and only those: within a measure one value.
    for measure in analysis.MEASURES:
        values = {round(r["value"], 8) for r in records if r["measure"] == measure}
        assert len(values) == 1, measure
    assert records[0] == {"node": KGZ, "label": "Қырғызстан", "measure": "degree", "value": 1.0}
    table = kg("centrality", "--projection", "affiliation", "--at", "1993-06-30",
               "--measure", "betweenness", "--graph", fixture_ttl)  # fmt: skip
    assert table.returncode == 0, table.stderr
    assert "betweenness on 1993-06-30 (affiliation graph" in table.stdout
    assert "Kyrgyzstan" in table.stdout and "org/union" in table.stdout


def test_kg_centrality_series_csv_and_plot(fixture_ttl: Path, tmp_path: Path) -> None:
    result = kg("centrality", "--series", "2008:2010", "--measure", "degree", "--format", "csv",
                "--graph", fixture_ttl)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# comembership graph 2008-2010; scope:")
    rows = list(csv.DictReader(io.StringIO(result.stdout.split("\n", 1)[1])))
    assert list(rows[0]) == ["year", "node", "label", "measure", "value"]
    assert {row["year"] for row in rows} == {"2008", "2009", "2010"}
    assert {row["node"] for row in rows if row["year"] == "2010"} == {RUS, KAZ, KGZ, TJK}

    png = tmp_path / "out" / "rank.png"
    result = kg("centrality", "--series", "1991:2025", "--measure", "betweenness",
                "--plot", png, "--lang", "kk", "--graph", fixture_ttl)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert png.read_bytes().startswith(b"\x89PNG")
    assert sorted(p.name for p in png.parent.iterdir()) == ["rank.png"]  # no temporary file


def test_kg_centrality_errors(fixture_ttl: Path, tmp_path: Path) -> None:
    both = kg("centrality", "--at", "2005-06-30", "--series", "1991:2000", "--graph", fixture_ttl)
    assert both.returncode == 2 and "not both" in both.stderr
    bad_day = kg("centrality", "--at", "2005-13-01", "--graph", fixture_ttl)
    assert bad_day.returncode == 2 and "is not a day" in bad_day.stderr
    plot_one_day = kg("centrality", "--at", "2005-06-30", "--plot", tmp_path / "x.png",
                      "--graph", fixture_ttl)  # fmt: skip
    assert plot_one_day.returncode == 2 and "--series" in plot_one_day.stderr
    no_graph = kg("centrality", "--at", "2005-06-30", "--graph", tmp_path / "none.ttl")
    assert no_graph.returncode == 1 and "kg build" in no_graph.stderr


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_kg_network_writes_a_file_networkx_reads_back(
    fixture_ttl: Path, fixture_store, tmp_path: Path, fmt: str
) -> None:
    output = tmp_path / f"cis.{fmt}"
    result = kg("network", "--projection", "comembership", "--at", "2010-06-30",
                "-o", output, "--graph", fixture_ttl)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "4 nodes, 4 edges" in result.stderr
    if fmt == "graphml":
        back = nx.read_graphml(output)
    elif fmt == "gexf":
        back = nx.read_gexf(output)
    else:
        back = nx.node_link_graph(json.loads(output.read_text(encoding="utf-8")), edges="edges")
    expected = network.comembership(fixture_store, ON)
    assert set(back) == set(expected)
    assert {frozenset((u, v)): w for u, v, w in back.edges(data="weight")} == {
        frozenset((u, v)): w for u, v, w in expected.edges(data="weight")
    }


def test_kg_network_typed_and_failures_change_nothing(fixture_ttl: Path, tmp_path: Path) -> None:
    output = tmp_path / "all.graphml"
    result = kg("network", "--projection", "typed", "-o", output, "--graph", fixture_ttl)
    assert result.returncode == 0, result.stderr
    assert "over all time" in result.stderr
    assert nx.read_graphml(output, force_multigraph=True).number_of_edges() > 0
    before = output.read_bytes()
    failed = kg("network", "-o", output, "--graph", tmp_path / "none.ttl")
    assert failed.returncode == 1
    assert output.read_bytes() == before
    unknown = kg("network", "-o", tmp_path / "graph.txt", "--graph", fixture_ttl)
    assert unknown.returncode == 2 and "--format" in unknown.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.graphml"]


def test_kg_network_typed_takes_the_scope(built, tmp_path: Path) -> None:
    """The typed export is scoped like the other projections: the curated graph's EU (in the
    curated record, left out of post-soviet by corpus/scopes.yaml) is there with --scope all
    and absent by default."""
    from kg.build.turtle import serialise

    graph = tmp_path / "kg.ttl"
    graph.write_bytes(serialise(built.graph))
    found = {}
    for scope in ("post-soviet", "all"):
        output = tmp_path / f"{scope}.graphml"
        args = ["network", "--projection", "typed", "-o", output, "--graph", graph]
        result = kg(*args, *(["--scope", scope] if scope == "all" else []))
        assert result.returncode == 0, result.stderr
        said = " ".join(result.stderr.split())  # rich wraps long lines
        assert ("scope: post-Soviet integration" in said) == (scope == "post-soviet")
        found[scope] = set(nx.read_graphml(output, force_multigraph=True))
    assert "org/eu" in found["all"] and "org/eu" not in found["post-soviet"]
    assert "org/cis" in found["post-soviet"] and found["post-soviet"] < found["all"]
