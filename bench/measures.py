"""The measurements of ``make bench`` that every graph gets, whatever made it (``kg build`` or
``bench/generate.py``): load, every named query, the query suite, a centrality series against
a naive loop, ``kg serve`` under load and the explorer. Each returns entries of
``bench/entries.py``; ``goals`` says whether the issue's goals apply at that scale."""

from __future__ import annotations

import gc
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from bench.entries import NO_GOAL, Log, Timing, entry, runs_note, timed, timed_capped
from kg import centrality
from kg.network.scopes import Scope
from kg.queries.named import bind_parameters, list_queries
from kg.stores.base import QueryResult
from kg.stores.oxigraph import OxigraphStore
from kg.vocab import resource

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SERIES_MEASURES = ("degree", "pagerank")
QUERY_GOAL_RATIO, QUERY_GOAL_S = 20.0, 0.1
SERIES_GOAL_RATIO = 10.0
EXPLORER_GOAL_RATIO, EXPLORER_GOAL_S = 10.0, 2.0
QUERY_GOAL = f"ratio >= {QUERY_GOAL_RATIO:g} and ours_s < {QUERY_GOAL_S:g}"
SUITE_GOAL = f"every ratio >= {QUERY_GOAL_RATIO:g} and the suite's p50 < {QUERY_GOAL_S:g}"


def series_goal(goal_s: float) -> str:
    return f"ratio >= {SERIES_GOAL_RATIO:g} and ours_s < {goal_s:g}"


def load(
    path: Path, scale: str, runs: int, baseline_runs: int, log: Log
) -> tuple[OxigraphStore, Graph, dict[str, Any]]:
    """Oxigraph's bulk load against rdflib's parser; the stores, for what follows."""
    log(f"[{scale}] loading into Oxigraph ({runs} runs) and rdflib ({baseline_runs}) …")
    ours = timed(lambda: OxigraphStore.from_file(path), runs)
    gc.collect()
    baseline = timed(lambda: Graph().parse(path, format="turtle"), baseline_runs)
    graph = baseline.result
    note = (
        f"Oxigraph in memory; {runs_note(ours, 'ours')}; {runs_note(baseline, 'rdflib')}; "
        f"{len(graph):,} triples"
    )
    item = entry(
        f"load-{scale}",
        ours.median,
        baseline.median,
        NO_GOAL,
        None,
        note,
        scale=scale,
        triples=len(graph),
        runs={"ours": len(ours.runs), "baseline": len(baseline.runs)},
    )
    return ours.result, graph, item


def _rdflib_rows(graph: Graph, text: str, bindings: Mapping[str, Any]) -> list[Any]:
    return list(graph.query(text, initBindings=bindings))


def _rows(answer: Any) -> int:
    return len(answer.rows) if isinstance(answer, QueryResult) else len(answer)


def named_queries(
    store: OxigraphStore,
    graph: Graph,
    parameters: Mapping[str, Mapping[str, str]],
    scale: str,
    *,
    runs: int,
    baseline_runs: int,
    cap: float,
    slow: float,
    goals: bool,
    limits: Mapping[str, str | Callable[[float], str]] | None = None,
    log: Log = print,
) -> list[dict[str, Any]]:
    """Every named query: Oxigraph through kg.stores against rdflib's Graph.query. ``limits``
    says, by query, why one misses the latency goal where that is known: a text, or a function
    of our median that measures the cause (called only when the goal is missed)."""
    entries = []
    for query in list_queries():
        bindings = bind_parameters(query, parameters.get(query.name, {}))
        ours = timed(partial(store.query, query.text, bindings), runs, warm_up=True)
        baseline = timed_capped(
            partial(_rdflib_rows, graph, query.text, bindings), baseline_runs, cap, slow
        )
        rows = _rows(ours.result)
        note = f"{rows:,} rows"
        if baseline.capped:
            note += f"; rdflib stopped after {cap:g} s (baseline and ratio are lower bounds)"
        elif len(baseline.result) != rows:
            note += f"; rdflib gave {len(baseline.result):,} rows"
        note += f"; {runs_note(ours, 'ours')}; {runs_note(baseline, 'rdflib')}"
        if parameters.get(query.name):
            note += "; " + ", ".join(f"{k}={v}" for k, v in parameters[query.name].items())
        met = None
        goal = NO_GOAL
        if goals:
            goal = QUERY_GOAL
            ratio = baseline.median / ours.median
            met = ratio >= QUERY_GOAL_RATIO and ours.median < QUERY_GOAL_S
            if ours.median >= QUERY_GOAL_S:
                limit = (limits or {}).get(query.name, "over the latency goal (not analysed)")
                note += "; " + (limit(ours.median) if callable(limit) else limit)
        log(
            f"[{scale}] {query.name}: ours {ours.median * 1000:.1f} ms, rdflib "
            f"{'≥ ' if baseline.capped else ''}{baseline.median:.2f} s"
        )
        entries.append(
            entry(
                f"query-{query.name}-{scale}",
                ours.median,
                baseline.median,
                goal,
                met,
                note,
                lower_bound=baseline.capped,
                scale=scale,
                rows=rows,
                runs={"ours": len(ours.runs), "baseline": len(baseline.runs)},
            )
        )
    return entries


def query_suite(entries: list[dict[str, Any]], scale: str, goals: bool) -> dict[str, Any]:
    """The named queries together: the median of their medians, ours and rdflib's, and the
    smallest ratio. (Per query, the goal asks each median to be under 0.1 s; here, the p50 of
    the suite. Both readings are reported.)"""
    ours = [item["ours_s"] for item in entries]
    baselines = [item["baseline_s"] for item in entries]
    ratios = sorted((item["ratio"], item["name"]) for item in entries)
    slowest = max(entries, key=lambda item: item["ours_s"])
    capped = [item["name"] for item in entries if item["lower_bound"]]
    note = (
        f"{len(entries)} named queries, the median of their medians; the smallest ratio is "
        f"{ratios[0][0]:g} ({ratios[0][1]}), the largest {ratios[-1][0]:g} ({ratios[-1][1]}); "
        f"the slowest of ours is {slowest['name']} ({slowest['ours_s']:.3g} s); "
        f"{sum(item['ours_s'] < QUERY_GOAL_S for item in entries)} of {len(entries)} are under "
        f"{QUERY_GOAL_S:g} s"
        + (f"; rdflib stopped on {', '.join(capped)} (lower bounds)" if capped else "")
    )
    median_ours = statistics.median(ours)
    return entry(
        f"query-suite-{scale}",
        median_ours,
        statistics.median(baselines),
        SUITE_GOAL if goals else NO_GOAL,
        (ratios[0][0] >= QUERY_GOAL_RATIO and median_ours < QUERY_GOAL_S) if goals else None,
        note,
        lower_bound=bool(capped),
        scale=scale,
        min_ratio=ratios[0][0],
    )


# --------------------------------------------------------------------------- centrality

# What one would write without kg.network: the day's memberships that count, by the same rule as
# kg/queries/network/memberships.rq (dq:BestRank claims; start <= day < end), any role.
NAIVE_QUERY = """\
PREFIX dq: <https://w3id.org/dostastyq/ontology#>
SELECT ?state ?organisation WHERE {
  ?membership a dq:Membership ; dq:member ?state ; dq:organisation ?organisation ;
      dq:start ?start .
  ?membership a dq:BestRank .
  OPTIONAL { ?membership dq:end ?end }
  FILTER (?start <= ?day && (!BOUND(?end) || ?day < ?end))
}"""


def naive_pairs(
    graph: Graph, day: date, organisations: Collection[str] | None = None
) -> set[tuple[str, str]]:
    """The (state IRI, organisation IRI) pairs with a membership that counts on ``day``: one
    rdflib query; ``organisations`` (full IRIs) keeps those of a scope, as a script would,
    after the query."""
    literal = Literal(day, datatype=XSD.date)
    answer = graph.query(NAIVE_QUERY, initBindings={"day": literal})
    pairs = {(str(row[0]), str(row[1])) for row in answer if isinstance(row, tuple)}
    if organisations is None:
        return pairs
    return {(state, organisation) for state, organisation in pairs if organisation in organisations}


def naive_year(
    graph: Graph,
    year: int,
    measures: Iterable[str],
    organisations: Collection[str] | None = None,
) -> dict[str, dict]:
    """A year of the naive loop: a query, a NetworkX bipartite graph and its weighted
    projection, the measures (keyed by state IRI)."""
    bipartite: nx.Graph = nx.Graph()
    for state, organisation in sorted(naive_pairs(graph, date(year, 6, 30), organisations)):
        bipartite.add_node(state, bipartite=0)
        bipartite.add_node(organisation, bipartite=1)
        bipartite.add_edge(state, organisation)
    states = [node for node, data in bipartite.nodes(data=True) if data["bipartite"] == 0]
    if not states:  # before the first organisation
        return {measure: {} for measure in measures}
    projected = nx.bipartite.weighted_projected_graph(bipartite, states)
    for node in projected:
        projected.nodes[node].clear()
    return {measure: centrality.centrality_values(projected, measure) for measure in measures}


def spread(years: list[int], step: int = 10) -> list[int]:
    """The years in the order 1815, 1825, …, 1816, 1826, …: any prefix samples the range."""
    return [year for offset in range(step) for year in years[offset::step]]


def scope_iris(found: Scope | None) -> frozenset[str] | None:
    """A scope's organisations as the full IRIs rdflib gives (``None``: every organisation)."""
    if found is None or found.organisations is None:
        return None
    return frozenset(str(resource(organisation)) for organisation in found.organisations)


def centrality_series(
    store: OxigraphStore,
    graph: Graph,
    scale: str,
    years: range,
    *,
    runs: int,
    cap: float,
    goal_s: float | None,
    scope: Scope | None = None,
    log: Log = print,
) -> dict[str, Any]:
    """``kg.centrality.centrality_series`` (co-membership; degree and PageRank) against the naive
    loop over the same years and memberships; the goal is ``goal_s`` and a ratio of 10."""
    where = f" over the {scope.id} scope" if scope is not None else ""
    log(f"[{scale}] centrality series {years.start}–{years.stop - 1}{where}: ours ({runs} runs) …")
    ours = timed(
        lambda: centrality.centrality_series(
            store, years, "comembership", SERIES_MEASURES, scope=scope
        ),
        runs,
    )
    log(f"[{scale}] … {ours.median:.1f} s; the naive loop (at most {cap:g} s) …")
    organisations = scope_iris(scope)
    started = time.perf_counter()
    done = []
    for year in spread(list(years)):
        naive_year(graph, year, SERIES_MEASURES, organisations)
        done.append(year)
        if time.perf_counter() - started > cap:
            break
    spent = time.perf_counter() - started
    capped = len(done) < len(years)
    pace = spent / len(done)
    note = (
        f"co-membership, {' and '.join(SERIES_MEASURES)}, {len(years)} years{where}; "
        f"{runs_note(ours, 'ours')}; "
    )
    if scope is not None and scope.organisations is not None:
        note += (
            f"both count the dq:BestRank memberships of the scope's {len(scope.organisations)} "
            "organisations; "
        )
    if capped:
        note += (
            f"the naive loop was stopped after {len(done)} of {len(years)} years in {spent:.0f} s "
            f"(baseline and ratio are lower bounds; at that pace all years would take about "
            f"{pace * len(years):.0f} s, a ratio of about {pace * len(years) / ours.median:.0f})"
        )
    else:
        note += f"the naive loop did all {len(years)} years in {spent:.1f} s"
    met = None
    if goal_s is not None:
        met = spent / ours.median >= SERIES_GOAL_RATIO and ours.median < goal_s
    return entry(
        f"centrality-series-{len(years)}-years-{scale}",
        ours.median,
        spent,
        NO_GOAL if goal_s is None else series_goal(goal_s),
        met,
        note,
        lower_bound=capped,
        scale=scale,
        runs={"ours": len(ours.runs), "baseline": 1},
        years_done_by_baseline=len(done),
    )


# --------------------------------------------------------------------------- serve, explorer


SERVE_CLIENTS_GOAL_S = 0.5
SERVE_CACHED_GOAL_S = 0.005
SERVE_KILLED_GOAL_S = 1.0


def _load_serve(path: Path, workers: int, log: Log) -> tuple[dict[str, Any] | None, str]:
    """``bench/load_serve.py``'s three scenarios on ``path`` with ``kg serve --workers N``:
    its numbers by scenario (None if it failed) and what it printed."""
    with tempfile.TemporaryDirectory(prefix="dq-bench-") as folder:
        output = Path(folder) / "serve.json"
        process = subprocess.run(
            [sys.executable, str(BENCH / "load_serve.py"), "--graph", str(path),
             "--workers", str(workers), "--json", str(output)],
            cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        if not output.is_file():
            message = (process.stderr or process.stdout).strip().splitlines()[-3:]
            return None, " / ".join(message)
        return json.loads(output.read_text(encoding="utf-8")), process.stdout


def serve(path: Path, scale: str, log: Log) -> list[dict[str, Any]]:
    """`kg serve` under load (``bench/load_serve.py``): 20 clients sending the named queries
    uncached, kept answers over keep-alive, and 19 clients while one query is killed at the
    timeout; against the plain server (``--workers 0``: queries in the serving process's
    threads, same store), where it has a number to compare."""
    log(f"[{scale}] kg serve: 20 clients, kept answers, a query killed (workers 2, then 0) …")
    ours, said = _load_serve(path, 2, log)
    plain, _ = _load_serve(path, 0, log)
    names = (f"serve-{scale}-20-clients-uncached", f"serve-{scale}-cached-keep-alive",
             f"serve-{scale}-while-one-query-is-killed")  # fmt: skip
    if ours is None:
        return [entry(name, None, None, NO_GOAL, None, "bench/load_serve.py failed: " + said)
                for name in names]  # fmt: skip

    def plain_s(scenario: str, key: str) -> float | None:
        return None if plain is None else plain[scenario][key]

    def spread(numbers: Mapping[str, Any]) -> str:
        return (f"p50 {numbers['p50_s'] * 1000:.1f} ms, p90 {numbers['p90_s'] * 1000:.1f} ms, "
                f"p99 {numbers['p99_s'] * 1000:.1f} ms, max {numbers['max_s'] * 1000:,.1f} ms, "
                f"{numbers['answered'] / numbers['wall_s']:.0f} answers/s, "
                f"{numbers['errors']} errors")  # fmt: skip

    mixed, alone, together, killed = (
        ours["mixed"],
        ours["cached"],
        ours["cached-20-clients"],
        ours["killed"],
    )
    plain_note = "" if plain is None else f"; the plain server: {spread(plain['mixed'])}"
    entries = [
        entry(
            names[0],
            mixed["p90_s"],
            plain_s("mixed", "p90_s"),
            f"p90 < {SERVE_CLIENTS_GOAL_S:g} s, 0 errors",
            mixed["p90_s"] < SERVE_CLIENTS_GOAL_S and mixed["errors"] == 0,
            f"p90 of {mixed['answered']:,} answers to 20 concurrent clients (every named query "
            "but co-membership-at, parameters drawn from the graph, kg serve --no-cache, 2 "
            f"Oxigraph workers): {spread(mixed)}{plain_note}",
            scale=scale,
            runs={"ours": mixed["answered"]},
            errors=mixed["errors"],
        ),
        entry(
            names[1],
            alone["p50_s"],
            None,
            f"p50 < {SERVE_CACHED_GOAL_S * 1000:g} ms",
            alone["p50_s"] < SERVE_CACHED_GOAL_S and alone["errors"] == 0,
            f"p50 of {alone['answered']:,} kept answers to one client over one kept-alive "
            f"connection: {spread(alone)}; to 20 clients at once: {spread(together)} (each "
            "waits for the others' answers: a measure of answers per second on this machine, "
            "which the clients share)",
            scale=scale,
            runs={"ours": alone["answered"]},
            errors=alone["errors"],
        ),
    ]
    killed_ok = killed["kills"] >= 1 and killed["errors"] == 0
    plain_killed = (
        ""
        if plain is None
        else (
            f"; the plain server: {spread(plain['killed'])}, and each query it 'stopped' runs on "
            "in a thread (no thread can be killed), holding a core until the server stops"
        )
    )
    entries.append(
        entry(
            names[2],
            killed["p90_s"],
            plain_s("killed", "p90_s"),
            f"p90 < {SERVE_KILLED_GOAL_S:g} s, 0 errors, the long query killed (503)",
            killed["p90_s"] < SERVE_KILLED_GOAL_S and killed_ok,
            f"p90 of the 19 other clients' {killed['answered']:,} answers while the 20th sent a "
            f"query that never ends, {killed['kills']} times killed at kg serve's 10 s timeout "
            f"(its worker replaced each time): {spread(killed)}{plain_killed}",
            scale=scale,
            runs={"ours": killed["answered"]},
            errors=killed["errors"],
        )
    )
    return entries


def explorer(cap: float, runs: int, log: Log) -> list[dict[str, Any]]:
    """``bench/explorer.py`` as it is, its entry given this benchmark's goal."""
    log(
        f"[explorer] 2,000 nodes in headless Chromium: ours ({runs} runs), stock pyvis "
        f"(at most {cap:g} s) …"
    )
    goal = f"ratio >= {EXPLORER_GOAL_RATIO:g} and ours_s < {EXPLORER_GOAL_S:g}"
    with tempfile.TemporaryDirectory(prefix="dq-bench-") as folder:
        output = Path(folder) / "explorer.json"
        process = subprocess.run(
            [sys.executable, str(BENCH / "explorer.py"), "--output", str(output),
             "--baseline-timeout", str(cap), "--runs", str(runs)],
            cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        if process.returncode not in (0, 2) or not output.is_file():
            message = (process.stderr or process.stdout).strip().splitlines()[-5:]
            return [
                entry("explorer-time-to-interactive-2000-nodes", None, None, goal, False,
                      "bench/explorer.py failed: " + " / ".join(message))
            ]  # fmt: skip
        loaded = json.loads(output.read_text(encoding="utf-8"))
    found = loaded if isinstance(loaded, list) else loaded.get("entries", [])
    entries = []
    for item in found:
        ours, baseline = item.get("ours_s"), item.get("baseline_s")
        lower = bool(item.get("lower_bound")) or "lower bound" in item.get("note", "")
        met = None
        if ours and baseline is not None:
            met = baseline / ours >= EXPLORER_GOAL_RATIO and ours < EXPLORER_GOAL_S
        entries.append(
            entry(item["name"], ours, baseline, goal, met, item.get("note", ""),
                  lower_bound=lower, runs={"ours": runs, "baseline": 1})
        )  # fmt: skip
    return entries


def timed_suite(
    store: OxigraphStore, parameters: Mapping[str, Mapping[str, str]], runs: int, slow: float
) -> dict[str, Timing]:
    """Every named query on Oxigraph alone (no baseline), by name: for the scale-up curve."""
    timings = {}
    for query in list_queries():
        bindings = bind_parameters(query, parameters.get(query.name, {}))
        timings[query.name] = timed(
            partial(store.query, query.text, bindings), runs, warm_up=True, slow=slow
        )
    return timings
