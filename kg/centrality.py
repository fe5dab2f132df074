"""Centrality of states (and organisations) in the graphs of ``kg.network``, on a date or by year.

Measures (``MEASURES``) and the weighting each uses, on the one-mode graphs (co-membership,
co-signature: state–state, weighted) and on the affiliation graph (bipartite, unweighted):

- **degree**: ``nx.degree_centrality``, the share of the other states a state is tied to,
  unweighted; bipartite: ``nx.bipartite.degree_centrality``, the share of the other side's nodes.
- **strength**: the sum of a node's edge weights (``G.degree(weight="weight")``), e.g. the
  organisations it shares with each partner, added up; bipartite: its number of affiliations.
- **betweenness**: ``nx.betweenness_centrality`` over distances ``1 / weight``, normalised;
  bipartite: ``nx.bipartite.betweenness_centrality``, unweighted, normalised by the bipartite
  maximum.
- **closeness**: ``nx.closeness_centrality`` over distances ``1 / weight`` (Wasserman–Faust
  correction for graphs in pieces); bipartite: ``nx.bipartite.closeness_centrality``.
- **eigenvector**: ``nx.eigenvector_centrality`` with weights as strengths; bipartite:
  unweighted.
- **pagerank**: ``nx.pagerank`` with weights as strengths; bipartite: unweighted.

Why: a weight says how *strong* a tie is (two states sharing three organisations are closer than
two sharing one). Measures that add up or spread influence (strength, eigenvector, PageRank) use
it as it is; measures built on shortest paths (betweenness, closeness) need a *length*, so a
strong tie must be short: the distance is ``1 / weight`` (Newman 2001; Opsahl et al. 2010).
Degree counts ties and ignores their strength, which is what strength is for. In the affiliation
graph every tie is one membership, so nothing is weighted, and degree, betweenness and closeness
are normalised by what is possible in a bipartite graph (Borgatti & Halgin 2011) rather than in
a one-mode graph of the same size. A graph without edges has eigenvector centrality 0 for every
node (networkx would spread 1/√n over the isolated nodes); in a graph in several pieces the
eigenvector values are those of networkx's power iteration from equal starting values, best
compared within the largest piece.

Results are tidy ``pandas`` tables, one row per node and measure: ``node, label, measure,
value`` for a date, ``year, node, label, measure, value`` for a yearly series. A year is its
30 June (``kg.network.YEAR_DAY``; mid-year, so a year counts what held inside it, not on its
edges); pass ``day=(1, 1)`` for 1 January. A series reads the store once and slices the spells
by year in Python (``kg.network.yearly_graphs``). States absent from a year's graph (no active
membership that day) have no rows for that year.

>>> import networkx as nx
>>> path = nx.Graph([("A", "B", {"weight": 1}), ("B", "C", {"weight": 1})])
>>> centrality_values(path, "betweenness")
{'A': 0.0, 'B': 1.0, 'C': 0.0}
>>> centrality_table(path, ["degree"])
  node label measure  value
0    B     B  degree    1.0
1    A     A  degree    0.5
2    C     C  degree    0.5
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import Any

import networkx as nx
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from kg.network.extract import YEAR_DAY, Weight, year_day
from kg.network.projections import projection, yearly_graphs
from kg.network.scopes import Scope
from kg.stores.base import Store
from kg.vocab import MEASURES, title_text

__all__ = [
    "COLUMNS",
    "RANK_DECIMALS",
    "SERIES_COLUMNS",
    "TOLERANCE",
    "centrality",
    "centrality_series",
    "centrality_table",
    "centrality_values",
    "equal_values_notes",
    "is_bipartite",
    "rank_plot",
    "ranks",
    "top_with_ties",
    "with_distances",
]

COLUMNS: tuple[str, ...] = ("node", "label", "measure", "value")
# Eigenvector and PageRank are iterated until they change by less than this (networkx's default,
# 1e-6, leaves states that are equal in theory apart in the sixth decimal, and ranks would part
# them); ranks compare values to RANK_DECIMALS places.
TOLERANCE = 1e-10
RANK_DECIMALS = 8
SERIES_COLUMNS: tuple[str, ...] = ("year", *COLUMNS)


def is_bipartite(graph: nx.Graph) -> bool:
    """Whether every node says which side it is on (networkx's ``bipartite`` attribute)."""
    return len(graph) > 0 and all(
        data.get("bipartite") in (0, 1) for _, data in graph.nodes(data=True)
    )


def with_distances(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` whose edges also have ``distance = 1 / weight`` (weight 1 if none).

    >>> g = nx.Graph([("A", "B", {"weight": 4})])
    >>> with_distances(g).edges["A", "B"]["distance"]
    0.25
    >>> "distance" in g.edges["A", "B"]
    False
    """
    copy = graph.copy()
    for _, _, data in copy.edges(data=True):
        weight = data.get("weight", 1)
        if weight <= 0:
            raise ValueError(f"edge weights must be positive to become distances, not {weight}")
        data["distance"] = 1 / weight
    return copy


def centrality_values(graph: nx.Graph, measure: str) -> dict[Any, float]:
    """One measure for every node of ``graph`` (see the module docstring for the weighting).

    Bipartite graphs (every node has ``bipartite`` 0 or 1, as ``kg.network.affiliation`` gives)
    get the bipartite versions, with the nodes of side 0 (the states) as the top set.

    >>> star = nx.Graph([("hub", "a"), ("hub", "b"), ("hub", "c")])
    >>> centrality_values(star, "degree")["hub"]
    1.0
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r} (expected one of: {', '.join(MEASURES)})")
    if len(graph) == 0:
        return {}
    if is_bipartite(graph):
        return _bipartite_values(graph, measure)
    if measure == "degree":
        values = nx.degree_centrality(graph)
    elif measure == "strength":
        values = dict(graph.degree(weight="weight"))
    elif measure == "betweenness":
        values = nx.betweenness_centrality(with_distances(graph), weight="distance")
    elif measure == "closeness":
        values = nx.closeness_centrality(with_distances(graph), distance="distance")
    elif measure == "eigenvector":
        values = _eigenvector(graph, "weight")
    else:
        values = nx.pagerank(graph, weight="weight", tol=TOLERANCE, max_iter=10_000)
    return {node: float(value) for node, value in values.items()}


def _eigenvector(graph: nx.Graph, weight: str | None) -> dict[Any, float]:
    if graph.number_of_edges() == 0:
        return dict.fromkeys(graph, 0.0)
    return nx.eigenvector_centrality(graph, weight=weight, max_iter=10_000, tol=TOLERANCE)


def _bipartite_values(graph: nx.Graph, measure: str) -> dict[Any, float]:
    top = [node for node, data in graph.nodes(data=True) if data.get("bipartite") == 0]
    if measure == "degree":
        values = nx.bipartite.degree_centrality(graph, top)
    elif measure == "strength":
        values = dict(graph.degree())
    elif measure == "betweenness":
        try:
            values = nx.bipartite.betweenness_centrality(graph, top)
        except ZeroDivisionError:
            # One node on a side and at most one on the other: no node can lie between two
            # others, and networkx's bipartite maximum is 0.
            values = dict.fromkeys(graph, 0.0)
    elif measure == "closeness":
        values = nx.bipartite.closeness_centrality(graph, top)
    elif measure == "eigenvector":
        values = _eigenvector(graph, None)
    else:
        values = nx.pagerank(graph, weight=None, tol=TOLERANCE, max_iter=10_000)
    return {node: float(value) for node, value in values.items()}


def _label(attributes: dict[str, Any], node: Any, lang: str) -> str:
    return str(attributes.get(f"label_{lang}") or attributes.get("label_en") or node)


def centrality_table(
    graph: nx.Graph, measures: Iterable[str] = MEASURES, lang: str = "en"
) -> pd.DataFrame:
    """The centrality of every node of ``graph``: columns ``node, label, measure, value``.

    Labels are in ``lang`` (``en``, ``kk``, ``ru``; English, then the id, where a node has no
    label in it). Rows run measure by measure, most central first, ties by node id.
    """
    rows: list[tuple[Any, str, str, float]] = []
    for measure in measures:
        values = centrality_values(graph, measure)
        ordered = sorted(values.items(), key=lambda item: (-item[1], str(item[0])))
        rows.extend(
            (node, _label(graph.nodes[node], node, lang), measure, value) for node, value in ordered
        )
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype({"value": float})


def centrality(
    store: Store,
    at: date,
    projection_name: str = "comembership",
    measures: Iterable[str] = MEASURES,
    *,
    weight: Weight = "count",
    roles: Collection[str] | None = None,
    organisations: Collection[str] | None = None,
    scope: Scope | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Centrality on day ``at`` in one projection (``comembership``, ``cosignature`` — with the
    signatures up to ``at`` — or ``affiliation``): ``node, label, measure, value``.

    ``roles``, ``organisations`` and ``scope`` restrict the memberships counted (see
    ``kg.network.affiliation``); ``lang`` chooses the labels (and the scope's title, kept in
    ``table.attrs["scope_title"]``).

    >>> from kg.examples import tiny_store
    >>> store = tiny_store()
    >>> table = centrality(store, date(2005, 6, 30), measures=["degree"], lang="kk")
    >>> list(table.columns)
    ['node', 'label', 'measure', 'value']
    >>> table.set_index("node").loc["state/KAZ", "label"]
    'Қазақстан'
    """
    measures = list(measures)
    _check_measures(measures)
    if projection_name == "typed":
        raise ValueError("centrality is measured on affiliation, comembership or cosignature")
    graph = projection(
        store, projection_name, at, weight, roles, organisations=organisations, scope=scope
    )
    table = centrality_table(graph, measures, lang)
    table.attrs.update(projection=projection_name, at=at.isoformat(), weight=weight, lang=lang)
    if scope is not None:
        table.attrs.update(scope=scope.id, scope_title=scope.describe(lang))
    return table


def centrality_series(
    store: Store,
    years: Iterable[int],
    projection_name: str = "comembership",
    measures: Iterable[str] = MEASURES,
    *,
    weight: Weight = "count",
    roles: Collection[str] | None = None,
    organisations: Collection[str] | None = None,
    scope: Scope | None = None,
    lang: str = "en",
    day: tuple[int, int] = YEAR_DAY,
) -> pd.DataFrame:
    """Centrality year by year: ``year, node, label, measure, value``.

    Each year is measured on its ``day`` (30 June unless told otherwise). The store is queried
    once for the whole range; the years are sliced from that answer.

    >>> from kg.examples import tiny_store
    >>> store = tiny_store()
    >>> series = centrality_series(store, range(2008, 2011), "affiliation", ["degree"])
    >>> list(series.columns)
    ['year', 'node', 'label', 'measure', 'value']
    >>> sorted(series[series.node == "org/cis"].year)
    [2008, 2009, 2010]
    """
    measures = list(measures)
    _check_measures(measures)
    graphs = yearly_graphs(
        store, projection_name, years, weight, roles, day, organisations=organisations,
        scope=scope, details=False,
    )  # fmt: skip
    tables = []
    for year, graph in graphs.items():
        table = centrality_table(graph, measures, lang)
        table.insert(0, "year", year)
        tables.append(table)
    series = (
        pd.concat(tables, ignore_index=True)
        if tables
        else pd.DataFrame(columns=list(SERIES_COLUMNS))
    )
    series = series.astype({"year": int, "value": float})
    series.attrs.update(
        projection=projection_name, weight=weight, day=f"{day[0]:02d}-{day[1]:02d}", lang=lang
    )
    if scope is not None:
        series.attrs.update(scope=scope.id, scope_title=scope.describe(lang))
    return series


def _check_measures(measures: Sequence[str]) -> None:
    unknown = [m for m in measures if m not in MEASURES]
    if unknown:
        raise ValueError(
            f"unknown measure(s) {', '.join(map(repr, unknown))} (expected: {', '.join(MEASURES)})"
        )


def ranks(series: pd.DataFrame) -> pd.DataFrame:
    """``series`` with a ``rank`` column: 1 is the most central node of its year and measure.

    Ties share the best rank (1, 1, 3, …), so tied states are not told apart by accident;
    values equal to ``RANK_DECIMALS`` (8) decimal places tie, so that rounding noise in the
    eighth digit does not part states that are equal in theory.

    >>> series = pd.DataFrame({"year": [2000] * 3, "node": ["a", "b", "c"],
    ...     "label": ["a", "b", "c"], "measure": ["degree"] * 3, "value": [0.5, 1.0, 0.5]})
    >>> ranks(series)["rank"].tolist()
    [2, 1, 2]
    """
    ranked = series.copy()
    groups = ["year", "measure"] if "year" in ranked.columns else ["measure"]
    rounded = ranked["value"].round(RANK_DECIMALS)
    ranked["rank"] = rounded.groupby([ranked[g] for g in groups]).rank(
        method="min", ascending=False
    )
    ranked["rank"] = ranked["rank"].astype(int)
    return ranked


def top_with_ties(table: pd.DataFrame, top: int) -> pd.DataFrame:
    """The rows ranked ``top`` or better in their measure (and year), ties included: with
    ``top=1`` and two states tied first, both stay.

    >>> table = pd.DataFrame({"node": ["a", "b", "c"], "label": ["a", "b", "c"],
    ...     "measure": ["degree"] * 3, "value": [1.0, 1.0, 0.5]})
    >>> top_with_ties(table, 1)["node"].tolist()
    ['a', 'b']
    """
    ranked = ranks(table)
    kept = table[ranked["rank"] <= top]
    kept.attrs.update(table.attrs)
    return kept


def equal_values_notes(table: pd.DataFrame, lang: str = "en") -> list[str]:
    """A sentence for every measure (and year) in which all nodes have the same value, where a
    ranking would say nothing.

    >>> table = pd.DataFrame({"node": ["a", "b"], "label": ["a", "b"],
    ...     "measure": ["betweenness"] * 2, "value": [0.0, 0.0]})
    >>> equal_values_notes(table)
    ['every node has the same betweenness (0): none is more central']
    """
    groups = ["year", "measure"] if "year" in table.columns else ["measure"]
    notes = []
    for key, rows in table.groupby(groups, sort=False):
        values = rows["value"].round(RANK_DECIMALS)
        if len(rows) > 1 and values.nunique() == 1:
            measure = key[-1] if isinstance(key, tuple) else key
            note = title_text(
                "all_equal",
                lang,
                measure=title_text(str(measure), lang),
                value=f"{values.iloc[0]:g}",
            )
            notes.append(f"{key[0]}: {note}" if "year" in groups else note)
    return notes


def rank_plot(
    series: pd.DataFrame,
    measure: str,
    *,
    nodes: Collection[str] | None = None,
    top: int | None = None,
    title: str | None = None,
) -> Figure:
    """Each node's rank by ``measure``, year by year (1 at the top): a matplotlib ``Figure``.

    ``nodes`` defaults to the states (ids ``state/…``), ranked among themselves; ``top`` keeps
    those that reach that rank with a value above 0 in some year. Labels come from the series
    (so from its ``lang``) and are drawn in DejaVu Sans, which has the Kazakh letters. Tied nodes
    share a rank and are drawn side by side within its band, in a fixed order, so that each
    stays visible; a rank held with a value of 0 is drawn as a hollow point; a node with no row
    in a year (not in that year's graph) has a gap there. The
    figure is not attached to pyplot; save it with ``figure.savefig(path)``.
    """
    data = series[series["measure"] == measure]
    if nodes is None:
        data = data[data["node"].astype(str).str.startswith("state/")]
    else:
        data = data[data["node"].isin(list(nodes))]
    data = ranks(data)
    if top is not None:
        # A rank reached with a value of 0 (everyone tied at nothing) does not count.
        best = data[data["value"] > 0].groupby("node")["rank"].min()
        data = data[data["node"].isin(best[best <= top].index)]

    labels = data.groupby("node")["label"].last().to_dict()
    order = sorted(labels, key=lambda node: (labels[node], node))
    position = {node: index for index, node in enumerate(order)}
    offsets = []
    for (_, _), group in data.groupby(["year", "rank"]):
        tied = sorted(group.index, key=lambda i: position[data.at[i, "node"]])
        spread = min(0.8 / max(len(tied), 1), 0.12)
        for index, row_index in enumerate(tied):
            offsets.append((row_index, (index - (len(tied) - 1) / 2) * spread))
    y = data["rank"].astype(float)
    for row_index, offset in offsets:
        y[row_index] += offset
    data = data.assign(y=y)

    years = sorted(data["year"].unique()) if len(data) else []
    last_year = years[-1] if years else None
    final = data[data["year"] == last_year].set_index("node")["rank"].to_dict() if years else {}
    legend_order = sorted(order, key=lambda node: (final.get(node, 10**6), labels[node], node))

    height = max(4.0, 0.32 * len(order) + 2.0)
    figure = Figure(figsize=(11, height), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    colours = _colours(len(order))
    styles = ("-", "--", "-.", ":")
    for index, node in enumerate(legend_order):
        rows = data[data["node"] == node].set_index("year")
        points = rows["y"].reindex(years)
        colour = colours[index % len(colours)]
        axes.plot(
            years,
            points.to_numpy(),
            marker="o",
            markersize=3.5,
            linewidth=1.6,
            linestyle=styles[(index // len(colours)) % len(styles)],
            color=colour,
            label=labels[node],
        )
        # A rank held with a value of 0 (no brokerage at all, say) is drawn hollow.
        zero = rows[rows["value"] == 0]
        axes.plot(
            zero.index.to_numpy(),
            zero["y"].to_numpy(),
            linestyle="none",
            marker="o",
            markersize=3.5,
            color=colour,
            markerfacecolor="white",
        )
    max_rank = int(data["rank"].max()) if len(data) else 1
    axes.set_ylim(max_rank + 0.6, 0.4)
    axes.set_yticks(range(1, max_rank + 1))
    if years:
        axes.xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True))
        axes.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    lang = series.attrs.get("lang", "en")
    measure_name = title_text(measure, lang)
    day_name = _day_name(series.attrs.get("day", "06-30"), lang)
    axes.set_xlabel(title_text("x_axis", lang, day=day_name))
    axes.set_ylabel(title_text("y_axis", lang, measure=measure_name))
    axes.grid(axis="y", alpha=0.3)
    projection_name = title_text(series.attrs.get("projection", "comembership"), lang)
    heading = title or title_text(
        "plot_title", lang, measure=measure_name, projection=projection_name
    )
    heading = heading[:1].upper() + heading[1:]
    if series.attrs.get("scope_title"):
        heading += "\n" + series.attrs["scope_title"]
    axes.set_title(heading, loc="left", fontfamily="DejaVu Sans", fontsize=10)
    notes = []
    if data.duplicated(["year", "rank"]).any():
        notes.append(title_text("tied", lang))
    if (data["value"] == 0).any():
        notes.append(title_text("zero", lang))
    if notes:
        axes.set_title("; ".join(notes), loc="right", fontsize=8, color="0.4")
    for text in (axes.xaxis.label, axes.yaxis.label):
        text.set_fontfamily("DejaVu Sans")
    if order:
        legend = axes.legend(
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            frameon=False,
            prop={"family": "DejaVu Sans"},
        )
        legend.set_title(title_text("legend", lang) if final else "")
    return figure


def _colours(count: int) -> list[Any]:
    from matplotlib import colormaps

    palette = colormaps["tab20" if count > 10 else "tab10"]
    return [palette(i) for i in range(palette.N)]


def _day_name(day: str, lang: str = "en") -> str:
    month, day_of_month = (int(part) for part in day.split("-"))
    named = year_day(2001, (month, day_of_month))
    return f"{named.day} {named:%B}" if lang == "en" else f"{named.day:02d}.{named.month:02d}"
