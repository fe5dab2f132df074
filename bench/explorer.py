"""Time to interactive of the explorer page on a large graph: ours against stock pyvis.

A synthetic typed graph (by default 2,000 entities and 10,000 relations, shaped like
``kg.network.typed``: states, organisations, agreements, people and places with kk/ru/en
labels; memberships with start and end, dated signings and foundings, evidence quotes) is
written twice, from the command line's point of view:

- **ours**: ``kg.web.explorer_html`` (layout computed in Python, physics off);
- **baseline**: stock pyvis (``Network(directed=True, cdn_resources="in_line")``, its own
  template, physics on as it ships), the same nodes and edges with labels and titles.

Each page is opened from disk in Debian's headless Chromium (``/usr/bin/chromium``, driven by
Playwright, every request to anything but ``file:`` refused) and timed from navigation start:

- ours is interactive when the network has drawn the graph at its final positions and the
  main thread is free again (a ``setTimeout`` after the first ``afterDrawing``);
- the baseline is interactive when vis-network's physics has settled (its ``stabilized``
  event: until then the nodes move under the pointer). Its first draw, after the initial
  stabilisation iterations, is recorded as well. A baseline that has not settled after
  ``--baseline-timeout`` seconds is recorded as that many seconds (a lower bound; the
  entry's ``note`` says so).

Results are merged into ``build/bench.json`` (a list of entries; entries of other benchmarks
are kept) as ``{"name", "ours_s", "baseline_s", "ratio", "goal", "lower_bound", "note"}``, and
printed. Run by ``make bench`` (through ``bench/run.py``); never by the test suite
(docs/design.md: no timed assertions).

    .venv/bin/python bench/explorer.py [--nodes 2000] [--edges 10000] [--baseline-timeout 300]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.atomic import write_atomically  # noqa: E402
from kg.web.explorer import explorer_html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
GOAL_S = 2.0

KAZAKH = "абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def _word(rng: random.Random, letters: str) -> str:
    return "".join(rng.choice(letters) for _ in range(rng.randint(4, 10))).capitalize()


def _day(rng: random.Random, first: int = 1815, last: int = 2024) -> date:
    return date(first, 1, 1) + timedelta(days=rng.randrange((last - first) * 365))


def synthetic_typed_graph(nodes: int = 2000, edges: int = 10000, seed: int = 7) -> nx.MultiDiGraph:
    """A graph shaped like ``kg.network.typed(store)`` at Correlates-of-War-IGO scale."""
    rng = random.Random(seed)
    shares = {"State": 0.1, "Organisation": 0.25, "Treaty": 0.4, "Person": 0.15, "Place": 0.1}
    prefixes = {
        "State": "state",
        "Organisation": "org",
        "Treaty": "agreement",
        "Person": "person",
        "Place": "place",
    }
    graph = nx.MultiDiGraph(projection="typed", at=None)
    by_type: dict[str, list[str]] = {}
    for type_, share in shares.items():
        count = max(1, round(nodes * share))
        by_type[type_] = []
        for number in range(count):
            node = f"{prefixes[type_]}/{type_.lower()}-{number}"
            attributes = {
                "type": type_,
                "label": f"{type_} {number}",
                "label_en": f"{type_} {number}",
                "label_kk": f"{_word(rng, KAZAKH)} {number}",
                "label_ru": f"{_word(rng, RUSSIAN)} {number}",
            }
            if type_ == "Organisation":
                attributes["inception"] = _day(rng, 1815, 2000)
                if rng.random() < 0.3:
                    attributes["dissolution"] = attributes["inception"] + timedelta(days=9000)
            if type_ == "Treaty":
                attributes["date"] = _day(rng)
            graph.add_node(node, **attributes)
            by_type[type_].append(node)
    total = sum(len(v) for v in by_type.values())
    while total < nodes:  # rounding: top up with states
        node = f"state/extra-{total}"
        graph.add_node(node, type="State", label=node, label_en=node)
        by_type["State"].append(node)
        total += 1
    states, organisations = by_type["State"], by_type["Organisation"]
    agreements, people, places = by_type["Treaty"], by_type["Person"], by_type["Place"]
    quote = "Қазақстан Достастыққа 1991 жылғы 21 желтоқсанда қосылды"
    for number in range(edges):
        kind = rng.random()
        claim_evidence = [{"document": f"doc/{number % 40:03d}", "quote": quote}]
        if kind < 0.45:
            start = _day(rng, 1815, 2015)
            end = start + timedelta(days=rng.randrange(200, 20000)) if rng.random() < 0.4 else None
            attributes = {"relation": "memberOf", "role": "FullMember", "start": start}
            if end:
                attributes["end"] = end
            source, target = rng.choice(states), rng.choice(organisations)
        elif kind < 0.8:
            attributes = {"relation": "signed", "date": _day(rng)}
            source, target = rng.choice(states), rng.choice(agreements)
        elif kind < 0.9:
            attributes = {"relation": "foundedBy", "date": _day(rng)}
            source, target = rng.choice(organisations), rng.choice(states)
        elif kind < 0.95:
            attributes = {"relation": "heldOfficeIn", "start": _day(rng)}
            source, target = rng.choice(people), rng.choice(states)
        else:
            attributes = {"relation": "place"}
            source, target = rng.choice(agreements), rng.choice(places)
            claim_evidence = []
        claim = f"claim/{number}"
        attributes.update(label=attributes["relation"], claim=claim, evidence=claim_evidence)
        if claim_evidence:
            attributes.update(quote=quote, document=claim_evidence[0]["document"])
        graph.add_edge(source, target, key=claim, **attributes)
    return graph


def stock_pyvis_html(graph: nx.MultiDiGraph) -> str:
    """The same graph through pyvis as it ships: its template, physics on, titles as text."""
    from pyvis.network import Network

    network = Network(directed=True, cdn_resources="in_line", height="900px", width="100%")
    for node, attributes in graph.nodes(data=True):
        network.add_node(node, label=attributes.get("label_kk") or node, title=attributes["type"])
    for source, target, attributes in graph.edges(data=True):
        title = f"{attributes['relation']} {attributes.get('start') or attributes.get('date')}"
        network.add_edge(source, target, label=attributes["relation"], title=title)
    return network.generate_html(name="stock.html")


# Ours: first drawing done and the main thread free again.
OURS_READY = """() => new Promise(resolve => {
  const check = () => {
    if (window.dqExplorer && window.dqExplorer.readyAt !== null) {
      setTimeout(() => resolve({interactive: performance.now()}), 0);
    } else {
      setTimeout(check, 5);
    }
  };
  check();
})"""

# Stock pyvis: physics settled ("stabilized"); also when the first drawing came.
BASELINE_READY = """(timeoutMs) => new Promise(resolve => {
  const result = {firstDraw: null, interactive: null, capped: false};
  const attach = () => {
    if (typeof network === "undefined" || !network) { setTimeout(attach, 5); return; }
    network.once("afterDrawing", () => { result.firstDraw = performance.now(); });
    network.once("stabilized", () => {
      result.interactive = performance.now();
      resolve(result);
    });
  };
  attach();
  setTimeout(() => { result.capped = true; result.interactive = performance.now();
                     resolve(result); }, timeoutMs);
})"""


def time_page(path: Path, script: str, argument=None, timeout_s: float = 600) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            refused: list[str] = []

            def refuse(route):
                refused.append(route.request.url)
                route.abort()

            page.route(lambda url: not url.startswith("file:"), refuse)
            page.set_default_timeout(timeout_s * 1000)
            page.goto(path.as_uri(), wait_until="commit")
            result = page.evaluate(script) if argument is None else page.evaluate(script, argument)
            result["refused"] = refused
            return result
        finally:
            browser.close()


def merge_entries(path: Path, entries: list[dict]) -> None:
    """Write ``entries`` into ``path`` (a JSON list), replacing same-named ones."""
    existing: list[dict] = []
    if path.is_file():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            existing = loaded if isinstance(loaded, list) else loaded.get("entries", [])
        except (json.JSONDecodeError, AttributeError):
            existing = []
    names = {entry["name"] for entry in entries}
    merged = [entry for entry in existing if entry.get("name") not in names] + entries
    text = json.dumps(merged, ensure_ascii=False, indent=2) + "\n"
    write_atomically(path, text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=10000)
    parser.add_argument("--baseline-timeout", type=float, default=180.0, help="seconds")
    parser.add_argument("--runs", type=int, default=3, help="runs of ours (the median counts)")
    parser.add_argument("--output", type=Path, default=ROOT / "build" / "bench.json")
    args = parser.parse_args(argv)

    graph = synthetic_typed_graph(args.nodes, args.edges)
    with tempfile.TemporaryDirectory(prefix="dq-bench-explorer-") as folder:
        ours_path, stock_path = Path(folder) / "ours.html", Path(folder) / "stock.html"
        started = time.perf_counter()
        ours_path.write_text(explorer_html(graph, lang="kk"), encoding="utf-8")
        build_s = time.perf_counter() - started
        stock_path.write_text(stock_pyvis_html(graph), encoding="utf-8")
        print(
            f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges; "
            f"our page built in {build_s:.1f} s (layout included), "
            f"{ours_path.stat().st_size / 1e6:.1f} MB",
            flush=True,
        )
        ours_runs = []
        for _ in range(args.runs):
            result = time_page(ours_path, OURS_READY)
            ours_runs.append(result["interactive"] / 1000)
            if result["refused"]:
                print(f"ours asked for: {result['refused']}", file=sys.stderr)
                return 1
        ours_s = sorted(ours_runs)[len(ours_runs) // 2]
        print(
            f"ours: interactive in {ours_s:.2f} s (runs: "
            f"{', '.join(f'{t:.2f}' for t in ours_runs)})",
            flush=True,
        )
        print(
            f"stock pyvis, physics on: waiting for it to settle "
            f"(at most {args.baseline_timeout:.0f} s)…",
            flush=True,
        )
        stock = time_page(
            stock_path,
            BASELINE_READY,
            args.baseline_timeout * 1000,
            timeout_s=args.baseline_timeout + 120,
        )
    baseline_s = stock["interactive"] / 1000
    first_draw = f"{stock['firstDraw'] / 1000:.1f} s" if stock["firstDraw"] else "never"
    note = (
        f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, headless Chromium "
        f"from disk, no network; stock pyvis first drew at {first_draw}, "
        + (
            f"had not settled when stopped at {baseline_s:.0f} s (baseline is a lower bound)"
            if stock["capped"]
            else f"settled at {baseline_s:.1f} s"
        )
        + f"; stock page asked for {len(stock['refused'])} URL(s) on other hosts (refused)"
    )
    entry = {
        "name": f"explorer-time-to-interactive-{args.nodes}-nodes",
        "ours_s": round(ours_s, 3),
        "baseline_s": round(baseline_s, 3),
        "ratio": round(baseline_s / ours_s, 1),
        "goal": f"ours_s < {GOAL_S:g}",
        "lower_bound": stock["capped"],
        "note": note,
    }
    merge_entries(args.output, [entry])
    print(json.dumps(entry, ensure_ascii=False, indent=2))
    print(f"written to {args.output}")
    return 0 if ours_s < GOAL_S else 2


if __name__ == "__main__":
    sys.exit(main())
