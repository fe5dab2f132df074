"""``make bench``: Dostastyq on the world graph that ``kg build`` writes (the curated record and
the Correlates of War IGO layer), against the plain baselines, and how its cost grows on
synthetic graphs of 1, 3 and 5 times that size (``--scale-up 1,3,10`` for more), in one run on
this machine.

Sections (``--scales``, in this order; the default is ``world,scale-up``):

``world`` (``bench/world.py``): every entry's name contains ``world``.

=========================  =====================================  =================================
measurement                ours                                   baseline
=========================  =====================================  =================================
``build-world``            the real ``kg build --world auto`` in  (none: the goal is peak memory,
                           a subprocess: wall time, peak memory   < 2 GiB, ``wait4`` ru_maxrss)
``load-world``             ``OxigraphStore.from_file``            rdflib ``Graph().parse``
``query-NAME-world``       every named query on Oxigraph through  rdflib's in-memory
                           ``kg.stores``, real ids (org/cis,      ``Graph.query(text,
                           state/KAZ, 30 June 2005 …)             initBindings=…)``, same file
``query-suite-world``      the median of the medians              the same for rdflib
``centrality-series-200-   ``kg.centrality.centrality_series``    a naive loop: per year one rdflib
years-world``              over the world scope, 1815–2014:       query for the day's dq:BestRank
                           co-membership, degree and PageRank     memberships, the scope's
                                                                  organisations, NetworkX
``serve-world-…``          ``bench/load_serve.py``: 20 clients,   ``kg serve --workers 0``
                           kept answers, a query killed           (queries in its threads)
=========================  =====================================  =================================

``scale-up``: ``bench/generate.py`` at about 1, 3 and 5 times the world graph's triples (more
organisations and spells; 200 states, 1815–2014): Oxigraph's load and the named queries' p50,
ours only (``scale-up-Nx-load``, ``scale-up-Nx-query-suite``), with the triples counted.

``explorer`` (``bench/explorer.py``): time to interactive at 2,000 nodes against stock pyvis.

``tiny``, ``tenth``, ``half``, ``full``: the synthetic graphs at a fixed scale with every
measurement against rdflib, as ``make bench`` did before the world layer (not in the default).

Every time is the median of several runs (``runs`` in each entry). The slow baselines are
time-boxed: an rdflib query is stopped after ``--query-cap`` seconds and run once when a run
takes more than ``--slow`` seconds; the naive loop stops after ``--series-cap`` seconds (it
visits the years in a spread order, 1815, 1825, …, so that what it did is a fair sample); stock
pyvis is waited for ``--explorer-cap`` seconds. A capped baseline is recorded as the time it had
run when stopped, so its ratio is a **lower bound**: the entry says ``"lower_bound": true``.

``build/bench.json`` is a list of entries ``{"name", "ours_s", "baseline_s", "ratio", "goal",
"met", "note", …}`` (``ratio = baseline_s / ours_s``; ``met`` is true, false, or null where there
is no goal); ``build/bench.md`` is the same as a table, which is also printed. A missed goal is
reported, not an error; with ``--strict`` the exit status is then 2.

    .venv/bin/python bench/run.py                       # what make bench runs
    .venv/bin/python bench/run.py --scales world --no-explorer
    .venv/bin/python bench/run.py --scales scale-up --scale-up 1,3,10
    .venv/bin/python bench/run.py --scales tenth,full   # the synthetic scales against rdflib
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import world  # noqa: E402
from bench.entries import (  # noqa: E402
    NO_GOAL,
    REQUIRED,
    Log,
    check_entries,
    entry,
    table,
    timed,
    write_results,
)
from bench.measures import (  # noqa: E402
    BENCH,
    centrality_series,
    explorer,
    load,
    naive_pairs,
    naive_year,
    named_queries,
    query_suite,
    serve,
    timed_suite,
)
from kg.stores.oxigraph import OxigraphStore  # noqa: E402

__all__ = [
    "REQUIRED",
    "check_entries",
    "entry",
    "main",
    "naive_pairs",
    "naive_year",
    "named_queries",
    "query_suite",
    "scale_up_entries",
    "scale_up_sizes",
    "write_results",
]

SYNTHETIC = ("tiny", "tenth", "half", "full")
SECTIONS = ("world", "scale-up", *SYNTHETIC)
SYNTHETIC_MEMORY_GOAL_MIB = 4096.0
SYNTHETIC_SERIES_GOAL_S = 30.0
# 10x (3.4 million triples) fits in memory (4 GiB to generate) but its generation alone took
# 10 minutes on 2 shared cores: make bench stops at 5x; `--scale-up 1,3,10` measures it.
SCALE_UP_FACTORS = (1, 3, 5)
# bench/generate.py makes about 2,430 triples per organisation whatever their number (118,738 at
# 50, 1,216,951 at 500), with 72 spells and 3 agreements each (its SCALES): so the number of
# organisations sets the size. The world graph's size when --scales leaves out world (measured).
TRIPLES_PER_ORGANISATION = 2_434
SPELLS_PER_ORGANISATION, AGREEMENTS_PER_ORGANISATION = 72, 3
WORLD_TRIPLES = 318_906


# --------------------------------------------------------------------------- synthetic graphs


def generate(
    name: str, seed: int, folder: Path, log: Log, **overrides: int
) -> tuple[dict[str, Any], float]:
    """``bench/generate.py`` in a subprocess (a named scale and overrides): its manifest, with
    the file's ``path``, and the wall time."""
    folder.mkdir(parents=True, exist_ok=True)
    output, manifest_path = folder / f"{name}.ttl", folder / f"{name}.json"
    scale = name if name in SYNTHETIC else "full"
    command = [sys.executable, str(BENCH / "generate.py"), "--scale", scale, "--seed", str(seed),
               "-o", str(output), "--manifest", str(manifest_path)]  # fmt: skip
    for option, value in sorted(overrides.items()):
        command += [f"--{option}", str(value)]
    log(f"[{name}] generating and building the graph …")
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - started
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["path"] = str(output)
    return manifest, wall


def build(scale: str, seed: int, folder: Path, log: Log) -> tuple[dict[str, Any], dict[str, Any]]:
    """Generate and build the synthetic graph of ``scale``: its manifest and entry."""
    manifest, wall = generate(scale, seed, folder, log)
    peak = manifest["peak_memory_mib"]
    counts = manifest["counts"]
    seconds = manifest["seconds"]
    note = (
        f"{manifest['triples']:,} triples ({manifest['bytes'] / 1e6:.0f} MB of Turtle): "
        f"{counts['states']} states, {counts['organisations']} organisations, "
        f"{counts['memberships']:,} membership spells, {counts['signings']:,} signings, "
        f"{counts['withdrawals']:,} withdrawals; generate {seconds['generate']} s, "
        f"kg.build.build_graph {seconds['build']} s, Turtle {seconds['serialise']} s; peak "
        f"memory {peak:,.0f} MiB (getrusage ru_maxrss of the generating process: generator, "
        "kg.build.build_graph, serialisation; 1 run)"
    )
    full = scale == "full"
    item = entry(
        f"build-{scale}",
        wall,
        None,
        f"peak memory < {SYNTHETIC_MEMORY_GOAL_MIB:.0f} MiB" if full else NO_GOAL,
        (peak < SYNTHETIC_MEMORY_GOAL_MIB) if full else None,
        note,
        scale=scale,
        triples=manifest["triples"],
        peak_memory_mib=peak,
        runs={"ours": 1},
    )
    return manifest, item


# Why a named query misses the latency goal at full scale, where the cause is known (measured on
# bench/generate.py's graph with 1,216,951 triples; see bench/README.md).
LIMITS = {
    "co-membership-at": (
        "limit: the answer aggregates one row per (state, state, organisation) active that day, "
        "sum over organisations of members squared: about 976,000 rows on 30 June 1999, which "
        "Oxigraph joins and groups at about 0.6 million rows a second on one core; no SPARQL "
        "1.1 form avoids making those rows (kg.network.comembership makes the same graph by a "
        "matrix product in Python, and kg serve keeps answers)"
    ),
    "disputed-claims": (
        "limit: for each of about 370 disputed claims Oxigraph scans the ~60–180 claims of the "
        "same organisation or signatory for the curated counterpart (no index on two objects "
        "at once), about 40,000 lookups at 2–3 µs"
    ),
    "withdrawals": (
        "limit: all 3,848 withdrawals with two labels each: about 30 µs a row in Oxigraph "
        "(index lookups, the two label lookups, sorting) and the conversion of 30,000 terms"
    ),
}


def synthetic(scale: str, args: argparse.Namespace, log: Log) -> list[dict[str, Any]]:
    """Every measurement on the synthetic graph of ``scale``; goals at full scale only."""
    manifest, built = build(scale, args.seed, args.folder, log)
    entries = [built]
    path = Path(manifest["path"])
    full = scale == "full"
    # The full-scale rdflib parse takes most of a minute: once is enough to time it. The
    # smaller scales have no goal: their slow baselines get a third of the time.
    cap = args.query_cap if full else args.query_cap / 3
    store, graph, loaded = load(path, scale, 3, 1 if full else args.baseline_runs, log)
    entries.append(loaded)
    queries = named_queries(
        store, graph, manifest["parameters"], scale, runs=args.runs,
        baseline_runs=args.baseline_runs, cap=cap, slow=args.slow, goals=full, limits=LIMITS,
        log=log,
    )  # fmt: skip
    entries += [*queries, query_suite(queries, scale, goals=full)]
    info = manifest["scale"]
    years = range(info["first_year"], info["last_year"] + 1)
    entries.append(
        centrality_series(
            store, graph, scale, years, runs=3,
            cap=args.series_cap if full else args.series_cap / 3,
            goal_s=SYNTHETIC_SERIES_GOAL_S if full else None, log=log,
        )
    )  # fmt: skip
    del store, graph
    gc.collect()
    if full and args.serve:
        entries += serve(path, scale, log)
    return entries


# --------------------------------------------------------------------------- the scale-up curve


def scale_up_sizes(world_triples: int, factor: float) -> dict[str, int]:
    """``bench/generate.py``'s options for a graph of about ``factor`` times ``world_triples``."""
    organisations = max(2, round(factor * world_triples / TRIPLES_PER_ORGANISATION))
    return {
        "organisations": organisations,
        "spells": organisations * SPELLS_PER_ORGANISATION,
        "agreements": organisations * AGREEMENTS_PER_ORGANISATION,
    }


def scale_up_entries(
    factor: float,
    world_triples: int,
    manifest: Mapping[str, Any],
    generated_s: float,
    load_runs: list[float],
    queries: Mapping[str, list[float]],
) -> list[dict[str, Any]]:
    """The two entries of one point of the curve, from its timings (seconds): Oxigraph's load,
    and the named queries' p50 (the median of their medians)."""
    label = f"{factor:g}x"
    triples = manifest["triples"]
    size = (
        f"{triples:,} triples, {triples / world_triples:.2f} × the world graph's "
        f"{world_triples:,} (bench/generate.py, seed {manifest['seed']}: "
        f"{manifest['counts']['organisations']} organisations, "
        f"{manifest['counts']['memberships']:,} spells, 200 states, 1815–2014; generated and "
        f"built in {generated_s:.0f} s, peak {manifest['peak_memory_mib']:,.0f} MiB)"
    )
    common = {"scale": f"scale-up-{label}", "factor": factor, "triples": triples}
    load_s = statistics.median(load_runs)
    medians = {name: statistics.median(times) for name, times in queries.items()}
    slowest = max(medians, key=medians.__getitem__)
    suite = (
        f"{len(medians)} named queries on Oxigraph (ours only), the median of their medians; "
        f"slowest {slowest} {medians[slowest]:.3g} s; "
        + ", ".join(f"{name} {seconds * 1000:.3g} ms" for name, seconds in medians.items())
        + f"; {size}"
    )
    runs = ", ".join(f"{seconds:.3g}" for seconds in load_runs)
    return [
        entry(
            f"scale-up-{label}-load", load_s, None, NO_GOAL, None,
            f"OxigraphStore.from_file, {len(load_runs)} run(s): {runs}; "
            f"{load_s / triples * 1e6:.2f} µs a triple; {size}",
            runs={"ours": len(load_runs)}, **common,
        ),
        entry(
            f"scale-up-{label}-query-suite", statistics.median(medians.values()), None,
            NO_GOAL, None, suite,
            queries={name: round(seconds, 6) for name, seconds in medians.items()}, **common,
        ),
    ]  # fmt: skip


def scale_up(
    factors: list[float], world_triples: int, args: argparse.Namespace, log: Log
) -> list[dict[str, Any]]:
    """Every point of the curve: generate, load (Oxigraph), the named queries (Oxigraph)."""
    entries = []
    for factor in factors:
        sizes = scale_up_sizes(world_triples, factor)
        name = f"scale-up-{factor:g}x"
        manifest, generated_s = generate(name, args.seed, args.folder, log, **sizes)
        path = Path(manifest["path"])
        log(f"[{name}] {manifest['triples']:,} triples: loading into Oxigraph …")
        loading = timed(partial(OxigraphStore.from_file, path), 1 if factor >= 10 else 3)
        store = loading.result
        log(f"[{name}] … {loading.median:.1f} s; the named queries …")
        timings = timed_suite(store, manifest["parameters"], args.runs, args.slow)
        entries += scale_up_entries(
            factor, world_triples, manifest, generated_s, loading.runs,
            {query: timing.runs for query, timing in timings.items()},
        )  # fmt: skip
        del store, loading
        gc.collect()
    return entries


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--scales", default="world,scale-up", help=f"comma-separated: {', '.join(SECTIONS)}"
    )
    parser.add_argument(
        "--scale-up", default=",".join(map(str, SCALE_UP_FACTORS)),
        help="the curve's sizes, in multiples of the world graph",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=1815)
    parser.add_argument("--runs", type=int, default=5, help="runs of ours (the median counts)")
    parser.add_argument("--baseline-runs", type=int, default=3)
    parser.add_argument("--query-cap", type=float, default=45.0, help="seconds per rdflib query")
    parser.add_argument("--slow", type=float, default=2.0, help="run slower baselines once")
    parser.add_argument("--series-cap", type=float, default=90.0, help="seconds of naive loop")
    parser.add_argument("--explorer-cap", type=float, default=30.0, help="seconds for pyvis")
    parser.add_argument("--no-explorer", dest="explorer", action="store_false")
    parser.add_argument("--no-serve", dest="serve", action="store_false")
    parser.add_argument("--strict", action="store_true", help="exit 2 when a goal is missed")
    parser.add_argument("--folder", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--output", type=Path, default=ROOT / "build" / "bench.json")
    args = parser.parse_args(argv)
    scales = [name.strip() for name in args.scales.split(",") if name.strip()]
    unknown = [name for name in scales if name not in SECTIONS]
    if unknown:
        parser.error(f"unknown scale(s) {', '.join(unknown)} (expected: {', '.join(SECTIONS)})")
    factors = [float(value) for value in args.scale_up.split(",") if value.strip()]

    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"{time.perf_counter() - started:6.0f} s  {message}", flush=True)

    entries: list[dict[str, Any]] = []
    world_triples = WORLD_TRIPLES
    for scale in scales:
        if scale == "world":
            found, world_triples = world.run(
                args.folder, runs=args.runs, baseline_runs=args.baseline_runs,
                query_cap=args.query_cap, slow=args.slow, series_cap=args.series_cap,
                serve=args.serve, log=log,
            )  # fmt: skip
            entries += found
        elif scale == "scale-up":
            entries += scale_up(factors, world_triples, args, log)
        else:
            entries += synthetic(scale, args, log)
    if args.explorer:
        entries += explorer(args.explorer_cap, 3, log)
    elapsed = time.perf_counter() - started
    entries.append(
        entry(
            "bench-wall-time",
            elapsed,
            None,
            "none (make bench: < 1200 s with the venv made)",
            None,
            f"bench/run.py --scales {','.join(scales)} on {os.cpu_count()} cores",
        )
    )
    write_results(entries, args.output, args.output.with_suffix(".md"))
    print()
    print(table(entries))
    print(f"written to {args.output} and {args.output.with_suffix('.md')} in {elapsed:.0f} s")
    missed = [item["name"] for item in entries if item.get("met") is False]
    if missed:
        print(f"goals missed: {', '.join(missed)} (see the notes)")
    return 2 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
