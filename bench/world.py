"""The ``world`` scale of ``make bench``: the graph ``kg build`` writes (the curated record and
the Correlates of War IGO layer, about 319,000 triples), built for real in a subprocess, then
loaded, queried and measured by ``bench/measures.py`` with the parameters below. Every entry's
name contains ``world``."""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from bench import measures
from bench.entries import Log, entry, quiet, timed
from kg.network.scopes import scope
from kg.queries.named import list_queries, to_term
from kg.stores.base import QueryResult, Store
from kg.stores.oxigraph import OxigraphStore

SCALE = "world"
KG = Path(sys.executable).with_name("kg")
MEMORY_GOAL_MIB = 2048.0
SERIES_GOAL_S = 10.0
YEARS = range(1815, 2015)
DAY = "2005-06-30"

# Real ids of the curated record (corpus/facts/*.yaml): Kazakhstan, the CIS, the Alma-Ata
# Protocol that made it (21 December 1991), Georgia's CIS membership (the queries' own
# example); a day after the CIS and Central Asian reshuffles and before COW's data end (2014).
PARAMETERS: dict[str, dict[str, str]] = {
    "members-at": {"org": "org/cis", "date": DAY},
    "membership-timeline": {"state": "state/KAZ"},
    "agreement-signatories": {"agreement": "agreement/alma-ata-protocol-1991"},
    "founded-by": {"state": "state/KAZ"},
    "withdrawals": {},
    "succession-chains": {},
    "co-membership-at": {"date": DAY},
    "claim-evidence": {"claim": "membership/GEO-cis-1993"},
    "disputed-claims": {},
    "entities-by-name": {"text": "қазақ"},
    "states-at": {"date": DAY},
    "parties-at": {"agreement": "agreement/collective-security-treaty-1992", "date": DAY},
}


# --------------------------------------------------------------------------- the build


@dataclass
class Measured:
    """A finished subprocess: its wall time, its peak resident memory (``wait4``'s
    ``ru_maxrss``: that process alone, not this one nor its other children), its exit status and
    what it wrote on stderr."""

    wall_s: float
    peak_mib: float
    returncode: int
    stderr: str


def run_measured(command: Sequence[str], cwd: Path = measures.ROOT) -> Measured:
    """Run ``command`` and measure it. ``wait4`` rather than ``getrusage(RUSAGE_CHILDREN)``,
    which reports the largest of every child this process ever waited for."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
        started = time.perf_counter()
        process = subprocess.Popen(list(command), cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
        errors.seek(0)
        text = errors.read()
    return Measured(wall, usage.ru_maxrss / 1024, process.returncode, text)  # Linux: KiB


def build_entry(measured: Measured, triples: int | None, output: Path) -> dict[str, Any]:
    """``build-world``: wall time, and the goal on peak memory."""
    peak = measured.peak_mib
    note = (
        f"kg build -o {output.name} --world auto (the corpus, the Correlates of War layer in "
        f"corpus/external/cow-igo-v3, the scopes), 1 run in a subprocess: "
        f"{'' if triples is None else f'{triples:,} triples, '}"
        f"peak memory {peak:,.0f} MiB (wait4 ru_maxrss of that process: loading, anchoring, "
        "the world layer, SHACL validation, Turtle)"
    )
    if measured.returncode != 0:
        note = f"kg build failed (exit {measured.returncode}): " + " / ".join(
            measured.stderr.strip().splitlines()[-3:]
        )
    return entry(
        f"build-{SCALE}",
        measured.wall_s,
        None,
        f"peak memory < {MEMORY_GOAL_MIB:.0f} MiB",
        measured.returncode == 0 and peak < MEMORY_GOAL_MIB,
        note,
        scale=SCALE,
        triples=triples,
        peak_memory_mib=round(peak, 1),
        runs={"ours": 1},
    )


def reported_triples(stderr: str) -> int | None:
    """The triple count ``kg build`` reports ("Wrote … (318906 triples: …")."""
    found = re.search(r"\((\d[\d,]*) triples", stderr)
    return int(found.group(1).replace(",", "")) if found else None


def build(folder: Path, log: Log) -> tuple[Path, dict[str, Any]]:
    """The real ``kg build`` into ``folder/world.ttl``: the graph and its entry."""
    folder.mkdir(parents=True, exist_ok=True)
    output = folder / "world.ttl"
    log(f"[{SCALE}] kg build -o {output} --world auto …")
    measured = run_measured([str(KG), "build", "-o", str(output), "--world", "auto"])
    if measured.returncode != 0:
        raise SystemExit(f"kg build failed:\n{measured.stderr}")
    item = build_entry(measured, reported_triples(measured.stderr), output)
    log(f"[{SCALE}] … {measured.wall_s:.0f} s, peak {measured.peak_mib:,.0f} MiB")
    return output, item


# --------------------------------------------------------------------------- parameters


def missing_entities(store: Store, parameters: Mapping[str, Mapping[str, str]]) -> list[str]:
    """The entity parameters (``query: name=value``) of which the graph says nothing: a query
    timed on an id that is not there measures an empty answer."""
    missing = []
    for query in list_queries():
        for parameter in query.parameters:
            value = parameters.get(query.name, {}).get(parameter.name)
            if parameter.kind != "entity" or value is None:
                continue
            subject = to_term("entity", value)
            assert isinstance(subject, URIRef)
            answer = store.query(f"SELECT ?p WHERE {{ <{subject}> ?p ?o }} LIMIT 1")
            if isinstance(answer, QueryResult) and not answer.rows:
                missing.append(f"{query.name}: {parameter.name}={value}")
    return missing


# --------------------------------------------------------------------------- why a query is slow

PREFIXES = "PREFIX dq: <https://w3id.org/dostastyq/ontology#>\n"
# One side of co-membership-at.rq's join, as that query writes it: the day's memberships that
# count (kept in step with the query by hand; the note measures this, not the query).
ONE_SIDE = """\
SELECT ?state ?organisation WHERE {
  ?membership a dq:Membership ; dq:member ?state ; dq:organisation ?organisation ;
      dq:start ?start ; dq:rank ?rank ; a dq:BestRank .
  FILTER (?rank != dq:Deprecated)
  OPTIONAL { ?membership dq:end ?end }
  FILTER (?start <= ?date && (!BOUND(?end) || ?date < ?end))
}"""
OTHER_SIDE = (
    ONE_SIDE.replace("?state", "?other")
    .replace("?membership", "?otherMembership")
    .replace("?start", "?otherStart")
    .replace("?rank", "?otherRank")
    .replace("?end", "?otherEnd")
)
JOINED = f"{{ {ONE_SIDE} }} {{ {OTHER_SIDE} }}"
SIDE_COUNT = f"SELECT (COUNT(*) AS ?rows) WHERE {{ {{ {ONE_SIDE} }} }}"
JOIN_COUNT = f"SELECT (COUNT(*) AS ?rows) WHERE {{ {JOINED} }}"
PAIR_COUNT = (
    f"SELECT (COUNT(*) AS ?pairs) WHERE {{ {{ SELECT ?state ?other (COUNT(DISTINCT "
    f"?organisation) AS ?shared) WHERE {{ {JOINED} FILTER (STR(?state) < STR(?other)) }} "
    "GROUP BY ?state ?other } }"
)


def _best(
    store: OxigraphStore, text: str, bindings: Mapping[str, Any], runs: int = 3
) -> tuple[float, QueryResult]:
    """The fastest of ``runs`` (after a warm-up) and the answer: parts of a query, for a cause."""
    timing = timed(lambda: store.query(PREFIXES + text, bindings), runs, warm_up=True)
    assert isinstance(timing.result, QueryResult)
    return min(timing.runs), timing.result


def comembership_parts(store: OxigraphStore, day: str) -> dict[str, Any]:
    """co-membership-at measured in parts on Oxigraph: the rows it has to make and what each
    step costs (there is no EXPLAIN)."""
    bindings = {"date": Literal(date.fromisoformat(day), datatype=XSD.date)}
    side_s, side = _best(store, ONE_SIDE, bindings)
    members = Counter(str(row[1]) for row in side.rows)
    counted_s, _ = _best(store, SIDE_COUNT, bindings)
    join_s, _ = _best(store, JOIN_COUNT, bindings, runs=1)
    group_s, pairs = _best(store, PAIR_COUNT, bindings, runs=1)
    return {
        "memberships": len(side.rows),
        "organisations": len(members),
        "largest": max(members.values(), default=0),
        "join_rows": sum(count * count for count in members.values()),
        "pairs": int(str(pairs.rows[0][0])),
        "side_s": side_s,
        "side_counted_s": counted_s,
        "join_s": join_s,
        "group_s": group_s,
    }


def comembership_limit(parts: Mapping[str, Any], query_s: float | None = None) -> str:
    """Why co-membership-at misses the latency goal, from ``comembership_parts``."""
    rate = parts["join_rows"] / parts["join_s"] / 1e6 if parts["join_s"] else float("nan")
    whole = "" if query_s is None else f"; the whole query {query_s * 1000:,.0f} ms"
    return (
        f"limit, measured in parts: the {parts['memberships']:,} memberships active that day "
        f"(one side of the join alone: {parts['side_counted_s'] * 1000:,.0f} ms counted in "
        f"Oxigraph, {parts['side_s'] * 1000:,.0f} ms with its rows converted) in "
        f"{parts['organisations']} organisations (the largest has {parts['largest']} members) "
        f"joined with themselves on the organisation make one row per (state, state, "
        f"organisation): Σ members² = {parts['join_rows']:,} rows (making and counting them "
        f"alone: {parts['join_s'] * 1000:,.0f} ms, {rate:.1f} million rows a second on one core)"
        f"; with the pair filter and the grouping into {parts['pairs']:,} pairs "
        f"{parts['group_s'] * 1000:,.0f} ms{whole} (with the labels and the ordering). No "
        "SPARQL 1.1 form avoids making those rows: kg.network.comembership makes the same "
        "counts by a matrix product, and kg serve keeps answers"
    )


def limit(store: OxigraphStore, query_s: float) -> str:
    """co-membership-at's cause, measured on this store when the query misses its goal."""
    return comembership_limit(comembership_parts(store, DAY), query_s)


# --------------------------------------------------------------------------- the scale


def run(
    folder: Path,
    *,
    runs: int,
    baseline_runs: int,
    query_cap: float,
    slow: float,
    series_cap: float,
    serve: bool,
    log: Log = quiet,
) -> tuple[list[dict[str, Any]], int]:
    """Every world entry, and the graph's triple count (the unit of the scale-up curve)."""
    path, built = build(folder, log)
    entries = [built]
    store, graph, loaded = measures.load(path, SCALE, 3, 1, log)
    triples = loaded["triples"]
    if built["triples"] is None:
        built["triples"] = triples
    entries.append(loaded)
    missing = missing_entities(store, PARAMETERS)
    if missing:
        log(f"[{SCALE}] parameters naming nothing in the graph: {'; '.join(missing)}")
    limits = {"co-membership-at": lambda ours_s, found=store: limit(found, ours_s)}
    queries = measures.named_queries(
        store, graph, PARAMETERS, SCALE, runs=runs, baseline_runs=baseline_runs, cap=query_cap,
        slow=slow, goals=True, limits=limits, log=log,
    )  # fmt: skip
    for item in queries:
        if missing:
            item["note"] += "; parameters naming nothing in the graph: " + "; ".join(missing)
    entries += [*queries, measures.query_suite(queries, SCALE, goals=True)]
    world_scope = scope(store, "world")
    entries.append(
        measures.centrality_series(
            store, graph, SCALE, YEARS, runs=3, cap=series_cap, goal_s=SERIES_GOAL_S,
            scope=world_scope, log=log,
        )
    )  # fmt: skip
    del store, graph
    gc.collect()
    if serve:
        entries += measures.serve(path, SCALE, log)
    return entries, triples
