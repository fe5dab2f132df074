"""Load on `kg serve`: concurrent clients send queries over loopback; latency and errors.

    python bench/load_serve.py                       # 20 clients, 2,000 queries, memory store
    python bench/load_serve.py --store oxigraph      # the same against Oxigraph
    python bench/load_serve.py --no-cache            # every query evaluated, none remembered
    make bench                                       # what CI would run by hand

The server is the real command (`kg serve --port 0`), started and stopped here. Each client
keeps one HTTP/1.1 connection and sends a mix of what users send: named queries with
parameters (GET /queries/NAME?…), ad-hoc SELECT by POST, ASK by GET. A request counts as an
error unless it answers 200 with SPARQL JSON that parses. Prints p50, p90, p99 and the slowest
latency, throughput and the error count; exits 1 if any request failed.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = Path(sys.executable).with_name("kg")

AD_HOC = """\
SELECT ?organisation (COUNT(DISTINCT ?state) AS ?members) WHERE {
  ?m a dq:Membership ; dq:organisation ?organisation ; dq:member ?state ; dq:rank ?rank .
  FILTER (?rank != dq:Deprecated)
} GROUP BY ?organisation ORDER BY DESC(?members)"""


def workload(
    count: int, org: str = "org/cis", state: str = "state/KAZ"
) -> list[tuple[str, str, bytes | None]]:
    """``count`` requests (method, path, body), cycling through a realistic mix."""
    years = range(1992, 2025)
    mix: list[tuple[str, str, bytes | None]] = []
    for index in range(count):
        year = years[index % len(years)]
        kind = index % 6
        if kind == 0:
            query = {"org": org, "date": f"{year}-06-30"}
            mix.append(("GET", "/queries/members-at?" + urllib.parse.urlencode(query), None))
        elif kind == 1:
            query = {"date": f"{year}-06-30"}
            mix.append(("GET", "/queries/co-membership-at?" + urllib.parse.urlencode(query), None))
        elif kind == 2:
            query = {"state": state, "lang": "kk"}
            path = "/queries/membership-timeline?" + urllib.parse.urlencode(query)
            mix.append(("GET", path, None))
        elif kind == 3:
            text = ["қазақ", "тмд", "ресей", "одақ"][index % 4]
            query = {"text": text}
            mix.append(("GET", "/queries/entities-by-name?" + urllib.parse.urlencode(query), None))
        elif kind == 4:
            body = urllib.parse.urlencode({"query": AD_HOC}).encode()
            mix.append(("POST", "/sparql", body))
        else:
            member = f"<https://w3id.org/dostastyq/id/{state}>"
            ask = f"ASK {{ ?m a dq:Membership ; dq:member {member} }}"
            mix.append(("GET", "/sparql?" + urllib.parse.urlencode({"query": ask}), None))
    return mix


def start_server(graph: Path, store: str, cache: bool) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [
            str(KG),
            "serve",
            "--port",
            "0",
            "--quiet",
            "--graph",
            str(graph),
            "--store",
            store,
            "--cache" if cache else "--no-cache",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    deadline = time.monotonic() + 120
    for line in process.stderr:
        match = re.search(r"at http://([\d.]+):(\d+)/ ", line)
        if match:
            threading.Thread(target=process.stderr.read, daemon=True).start()
            return process, f"{match.group(1)}:{match.group(2)}"
        if time.monotonic() > deadline:
            break
    process.kill()
    raise SystemExit("kg serve did not start")


def run(address: str, requests: list[tuple[str, str, bytes | None]], clients: int):
    host, port = address.split(":")
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    shares = [requests[index::clients] for index in range(clients)]

    def client(share: list[tuple[str, str, bytes | None]]) -> None:
        connection = HTTPConnection(host, int(port), timeout=60)
        for method, path, body in share:
            headers = {"Accept": "application/sparql-results+json"}
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
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
                    errors.append(f"{method} {path[:60]}: {err}")
                connection.close()
                connection = HTTPConnection(host, int(port), timeout=60)
                continue
            with lock:
                latencies.append(elapsed)
        connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(client, shares))
    return latencies, errors, time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, default=ROOT / "build/kg.ttl")
    parser.add_argument("--store", default="memory")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument(
        "--no-cache", dest="cache", action="store_false", help="serve with --no-cache"
    )
    parser.add_argument("--org", default="org/cis", help="the organisation of members-at")
    parser.add_argument("--state", default="state/KAZ", help="the state of the timeline and ASK")
    parser.add_argument("--json", type=Path, help="also write the numbers here (bench/run.py)")
    args = parser.parse_args()
    if not args.graph.is_file():
        raise SystemExit(f"{args.graph}: no built graph; run `make build` first")

    process, address = start_server(args.graph, args.store, args.cache)
    try:
        # warm up: parse caches, first-query costs
        run(address, workload(60, args.org, args.state), 4)
        requests = workload(args.queries, args.org, args.state)
        latencies, errors, wall = run(address, requests, args.clients)
    finally:
        process.terminate()
        process.wait(timeout=10)

    cache = "" if args.cache else " --no-cache"
    print(f"kg serve --store {args.store}{cache}: {args.clients} clients, {args.queries} queries "
          f"over loopback ({args.graph})")  # fmt: skip
    if latencies:
        print(
            f"  latency  p50 {percentile(latencies, 0.50) * 1000:7.1f} ms   "
            f"p90 {percentile(latencies, 0.90) * 1000:7.1f} ms   "
            f"p99 {percentile(latencies, 0.99) * 1000:7.1f} ms   "
            f"max {max(latencies) * 1000:7.1f} ms   mean {statistics.mean(latencies) * 1000:.1f} ms"
        )
    print(f"  {len(latencies)} answered in {wall:.1f} s ({len(latencies) / wall:.0f} queries/s)")
    print(f"  errors: {len(errors)}")
    for error in errors[:10]:
        print(f"    {error}")
    if args.json and latencies:
        numbers = {
            "store": args.store, "cache": args.cache, "clients": args.clients,
            "queries": args.queries, "answered": len(latencies), "errors": len(errors),
            "wall_s": wall, "p50_s": percentile(latencies, 0.50),
            "p90_s": percentile(latencies, 0.90), "p99_s": percentile(latencies, 0.99),
            "max_s": max(latencies),
        }  # fmt: skip
        args.json.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
