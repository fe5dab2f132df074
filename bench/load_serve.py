"""Load on `kg serve`: concurrent clients send queries over loopback; latency and errors.

    python bench/load_serve.py                        # the three scenarios, build/kg.ttl
    python bench/load_serve.py --scenario mixed       # one of them
    python bench/load_serve.py --workers 0            # the plain server: queries in its threads
    make bench-serve                                  # the three, on the world graph

The server is the real command (`kg serve --port 0`, Oxigraph in worker processes unless
``--workers 0``), started and stopped here. Each client keeps one HTTP/1.1 connection (a
closed loop: the next request when the last answer is in). The scenarios:

``mixed``   20 clients, every named query but ``co-membership-at`` (seconds of a core per
            answer on the world graph, bench/README.md) with parameters drawn from the graph
            itself (organisations, states, agreements, claims, days from 1950 to 2014, names),
            so that no two requests repeat, and the server started with ``--no-cache``. A
            request counts as an error unless it answers 200 with SPARQL JSON that parses.
``cached``  answers the server keeps: 200 requests of the mix asked once, then asked again
            and again over a kept-alive connection, by one client (``cached``), then by 20
            at once (``cached-20-clients``).
``killed``  19 clients send the mix while one sends a query that never ends (a count over
            the graph joined with itself three times), which the server's timeout kills (503)
            and whose worker it replaces; measured over the killer's first ``--kills``
            queries. The others' latency is the number; the killer's answers must be 503.

Prints p50, p90, p99 and the slowest latency, throughput and the errors; with ``--json`` also
writes them (bench/measures.py reads that); exits 1 if any request failed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = Path(sys.executable).with_name("kg")
CLIENTS = 20
NEVER_ENDS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SCENARIOS = ("mixed", "cached", "killed")

Request = tuple[str, str, bytes | None]  # method, path, body


# --------------------------------------------------------------------------- the server


def start_server(graph: Path, *options: str) -> tuple[subprocess.Popen[str], str]:
    """`kg serve --port 0 --quiet --graph GRAPH OPTIONS…`; its address once it listens."""
    process = subprocess.Popen(
        [str(KG), "serve", "--port", "0", "--quiet", "--graph", str(graph), *options],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    deadline = time.monotonic() + 180
    for line in process.stderr:
        match = re.search(r"at http://([\d.]+):(\d+)/ ", line)
        if match:
            threading.Thread(target=process.stderr.read, daemon=True).start()
            return process, f"{match.group(1)}:{match.group(2)}"
        if time.monotonic() > deadline:
            break
    process.kill()
    raise SystemExit("kg serve did not start")


def stop_server(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)


def select(address: str, query: str) -> list[dict[str, str]]:
    """The rows of a SELECT, as {variable: value} (for drawing parameters)."""
    host, port = address.split(":")
    connection = HTTPConnection(host, int(port), timeout=120)
    body = urllib.parse.urlencode({"query": query}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "Accept": "application/sparql-results+json"}  # fmt: skip
    connection.request("POST", "/sparql", body, headers)
    answer = json.loads(connection.getresponse().read())
    connection.close()
    return [{k: v["value"] for k, v in row.items()} for row in answer["results"]["bindings"]]


# --------------------------------------------------------------------------- the mix

ID = "https://w3id.org/dostastyq/id/"


def draw_values(address: str) -> dict[str, list[str]]:
    """Ids from the graph the server holds: what the mix's parameters are drawn from."""

    def ids(query: str) -> list[str]:
        return sorted(row["x"].removeprefix(ID) for row in select(address, query))

    return {
        "org": ids("SELECT DISTINCT ?x WHERE { ?m a dq:Membership ; dq:organisation ?x }"),
        "state": ids("SELECT DISTINCT ?x WHERE { ?m a dq:Membership ; dq:member ?x }"),
        "agreement": ids("SELECT DISTINCT ?x WHERE { ?s a dq:Signing ; dq:agreement ?x }"),
        "claim": ids("SELECT DISTINCT ?x WHERE { ?x prov:wasDerivedFrom ?e }"),
    }


def workload(count: int, values: dict[str, list[str]], seed: int = 1) -> list[Request]:
    """``count`` GET requests of the named queries but co-membership-at, each with its own
    parameters (a day from 1950 to 2014, an id drawn from ``values``, a language)."""
    rng = random.Random(seed)
    names = ["қазақ", "тмд", "ресей", "одақ", "union", "бірлестік", "шарт", "европа"]
    mix: list[Request] = []
    for index in range(count):
        day = f"{rng.randint(1950, 2014)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        lang = rng.choice(["en", "kk", "ru"])
        kind = index % 10
        if kind in (0, 1):
            name, params = "members-at", {"org": rng.choice(values["org"]), "date": day}
        elif kind == 2:
            name, params = "membership-timeline", {"state": rng.choice(values["state"])}
        elif kind == 3:
            name, params = "founded-by", {"state": rng.choice(values["state"])}
        elif kind == 4 and index % 20 < 10:
            name, params = "agreement-signatories", {"agreement": rng.choice(values["agreement"])}
        elif kind == 4:
            name, params = "parties-at", {"agreement": rng.choice(values["agreement"]), "date": day}
        elif kind == 5:
            name, params = "claim-evidence", {"claim": rng.choice(values["claim"])}
        elif kind == 6:
            name, params = "entities-by-name", {"text": rng.choice(names)}
        elif kind == 7:
            name, params = "states-at", {"date": day}
        elif kind == 8:
            name, params = rng.choice(["withdrawals", "succession-chains"]), {}
        else:
            name, params = "disputed-claims", {}
        if name not in ("claim-evidence", "entities-by-name"):
            params["lang"] = lang
        mix.append(("GET", f"/queries/{name}?{urllib.parse.urlencode(params)}", None))
    return mix


# --------------------------------------------------------------------------- the clients


@dataclass
class Measured:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    kills: int = 0

    def summary(self) -> dict[str, float | int]:
        values = self.latencies or [float("nan")]
        return {
            "answered": len(self.latencies), "errors": len(self.errors), "kills": self.kills,
            "wall_s": self.wall_s, "p50_s": percentile(values, 0.50),
            "p90_s": percentile(values, 0.90), "p99_s": percentile(values, 0.99),
            "max_s": max(values), "mean_s": statistics.mean(values),
        }  # fmt: skip


def client_loop(
    address: str,
    requests: list[Request],
    measured: Measured,
    lock: threading.Lock,
    keep_going: Callable[[], bool] | None = None,
) -> None:
    """Send ``requests`` in turn on one kept-alive connection, recording each answer's latency
    or error: once, or with ``keep_going``, again and again until it says stop."""
    host, port = address.split(":")
    connection = HTTPConnection(host, int(port), timeout=120)
    headers = {"Accept": "application/sparql-results+json"}
    while True:
        for method, path, body in requests:
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
                elapsed = time.perf_counter() - started
                if response.status != 200:
                    raise ValueError(f"{response.status}: {data[:200]!r}")
                json.loads(data)
            except Exception as err:  # every failure is counted and shown
                with lock:
                    measured.errors.append(f"{method} {path[:70]}: {err}")
                connection.close()
                connection = HTTPConnection(host, int(port), timeout=120)
                continue
            with lock:
                measured.latencies.append(elapsed)
            if keep_going is not None and not keep_going():
                break
        if keep_going is None or not keep_going() or not requests:
            break
    connection.close()


def concurrently(address: str, shares: list[list[Request]], measured: Measured, **kw) -> None:
    lock = threading.Lock()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(shares)) as pool:
        futures = [pool.submit(client_loop, address, share, measured, lock, **kw)
                   for share in shares]  # fmt: skip
        for future in futures:
            future.result()
    measured.wall_s = time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# --------------------------------------------------------------------------- the scenarios


def mixed(graph: Path, workers: int, queries: int, seed: int) -> Measured:
    process, address = start_server(graph, "--no-cache", "--workers", str(workers))
    try:
        values = draw_values(address)
        concurrently(address, [workload(40, values, seed + 1)[i::4] for i in range(4)], Measured())
        requests = workload(queries, values, seed)
        measured = Measured()
        concurrently(address, [requests[i::CLIENTS] for i in range(CLIENTS)], measured)
        return measured
    finally:
        stop_server(process)


def cached(graph: Path, workers: int, queries: int, seed: int) -> tuple[Measured, Measured]:
    """The latency of a kept answer to one client, then to 20 at once (which measures how
    many the server writes a second: each waits for the 19 others' answers)."""
    process, address = start_server(graph, "--workers", str(workers))
    try:
        requests = workload(200, draw_values(address), seed)
        concurrently(address, [requests[i::4] for i in range(4)], Measured())  # answers kept
        rng = random.Random(seed)
        asked = [rng.choice(requests) for _ in range(queries)]
        alone, together = Measured(), Measured()
        concurrently(address, [asked], alone)
        concurrently(address, [asked[i::CLIENTS] for i in range(CLIENTS)], together)
        return alone, together
    finally:
        stop_server(process)


def killed(graph: Path, workers: int, kills: int, seed: int, timeout: float) -> Measured:
    process, address = start_server(
        graph, "--no-cache", "--workers", str(workers), "--timeout", f"{timeout:g}"
    )
    try:
        requests = workload(400, draw_values(address), seed)
        measured = Measured()
        done = threading.Event()
        lock = threading.Lock()

        def killer() -> None:
            host, port = address.split(":")
            body = urllib.parse.urlencode({"query": NEVER_ENDS}).encode()
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            try:
                for _ in range(kills):
                    connection = HTTPConnection(host, int(port), timeout=timeout * 10)
                    connection.request("POST", "/sparql", body, headers)
                    status = connection.getresponse().status
                    connection.close()
                    with lock:
                        if status == 503:
                            measured.kills += 1
                        else:
                            measured.errors.append(f"the query that never ends answered {status}")
            finally:
                done.set()

        thread = threading.Thread(target=killer)
        thread.start()
        concurrently(
            address, [requests[i::CLIENTS - 1] for i in range(CLIENTS - 1)], measured,
            keep_going=lambda: not done.is_set(),
        )  # fmt: skip
        thread.join()
        return measured
    finally:
        stop_server(process)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, default=ROOT / "build/kg.ttl")
    parser.add_argument("--scenario", choices=SCENARIOS, action="append")
    parser.add_argument("--workers", type=int, default=2, help="kg serve --workers (0: plain)")
    parser.add_argument("--queries", type=int, default=2000, help="requests of mixed, cached")
    parser.add_argument("--kills", type=int, default=2, help="queries killed in killed")
    parser.add_argument("--timeout", type=float, default=10.0, help="kg serve --timeout (killed)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the numbers here (bench/run.py)")
    args = parser.parse_args()
    if not args.graph.is_file():
        raise SystemExit(f"{args.graph}: no built graph; run `make build` first")
    results: dict[str, dict[str, float | int]] = {}
    failed = False
    runs: list[tuple[str, Measured]] = []
    for scenario in args.scenario or SCENARIOS:
        if scenario == "mixed":
            runs.append((scenario, mixed(args.graph, args.workers, args.queries, args.seed)))
        elif scenario == "cached":
            alone, together = cached(args.graph, args.workers, args.queries, args.seed)
            runs += [("cached", alone), ("cached-20-clients", together)]
        else:
            measured = killed(args.graph, args.workers, args.kills, args.seed, args.timeout)
            runs.append((scenario, measured))
    for scenario, measured in runs:
        numbers = results[scenario] = measured.summary()
        print(f"{scenario}: kg serve --workers {args.workers} ({args.graph})")
        print(
            f"  latency  p50 {numbers['p50_s'] * 1000:7.1f} ms   "
            f"p90 {numbers['p90_s'] * 1000:7.1f} ms   p99 {numbers['p99_s'] * 1000:7.1f} ms   "
            f"max {numbers['max_s'] * 1000:7.1f} ms   mean {numbers['mean_s'] * 1000:.1f} ms"
        )
        rate = numbers["answered"] / measured.wall_s if measured.wall_s else 0
        print(f"  {numbers['answered']} answered in {measured.wall_s:.1f} s ({rate:.0f}/s)")
        if scenario == "killed":
            print(f"  queries killed at the timeout: {measured.kills} of {args.kills}")
        print(f"  errors: {len(measured.errors)}")
        for error in measured.errors[:5]:
            print(f"    {error}")
        failed = failed or bool(measured.errors)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
