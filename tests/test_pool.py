"""kg.stores.pool: queries in worker processes that a timeout or a memory cap can stop, while the
other workers keep answering (issue 13, points 3-5). Real processes, real stores; the times
asserted are bounds generous enough for a loaded machine, far below what an unstoppable query
would take (the regular expression below backtracks for hours)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from helpers import world_graph

from kg.stores.base import QueryError, QueryResult, QueryTimeout
from kg.stores.limits import StoreBusy
from kg.stores.pool import ProcessPoolStore

# Python's re (rdflib's FILTER regex) backtracks 2^40 times on this before it fails, in C,
# holding the interpreter's lock: in a thread it would freeze every thread of the process.
FREEZE = 'ASK { FILTER (REGEX("' + "a" * 40 + '!", "^(a+)+$")) }'
ONE_ROW = "SELECT ?s WHERE { ?s a dq:State } LIMIT 1"
# 10,000 triples joined with themselves and sorted: 10^8 rows, gigabytes
EXPLODE = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d ?c ?f"


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pool") / "big.nt"
    lines = (
        f"<http://x/s{i}> <http://x/p{i % 7}> <http://x/o{i % 101}> .\n" for i in range(10_000)
    )
    path.write_text("".join(lines), encoding="utf-8")
    return path


def wait_for_workers(pool: ProcessPoolStore, count: int, within: float = 120.0) -> None:
    deadline = time.monotonic() + within
    while pool._idle.qsize() < count:
        assert time.monotonic() < deadline, f"the pool did not get back to {count} workers"
        time.sleep(0.1)


def test_a_frozen_query_is_stopped_and_the_others_keep_answering(world_file: Path) -> None:
    with ProcessPoolStore("memory", world_file, workers=2) as pool:
        outcome: dict[str, object] = {}

        def freeze() -> None:
            started = time.monotonic()
            try:
                pool.query(FREEZE, timeout=3)
            except QueryTimeout as err:
                outcome["error"] = err
            outcome["seconds"] = time.monotonic() - started

        frozen = threading.Thread(target=freeze)
        frozen.start()
        time.sleep(0.5)  # the frozen query holds its worker now
        started = time.monotonic()
        answer = pool.query(ONE_ROW, timeout=30)
        quick = time.monotonic() - started
        frozen.join(timeout=60)
        assert isinstance(answer, QueryResult) and len(answer.rows) == 1
        assert quick < 2.5  # answered while the other worker was frozen, not after it
        assert isinstance(outcome.get("error"), QueryTimeout)
        assert 2.9 < outcome["seconds"] < 30  # type: ignore[operator]
        # the killed worker is replaced, and the pool answers with both again
        wait_for_workers(pool, 2)
        assert pool.query(ONE_ROW, timeout=30).rows == answer.rows  # type: ignore[union-attr]


def test_a_query_over_the_memory_cap_fails_alone(big_file: Path) -> None:
    with ProcessPoolStore("oxigraph", big_file, workers=2, query_memory=256 << 20) as pool:
        with pytest.raises(QueryError, match="more memory than a query may use"):
            pool.query(EXPLODE, timeout=120)
        count = pool.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=30)
        assert isinstance(count, QueryResult) and int(count.rows[0][0]) == 10_000  # type: ignore[arg-type]
        wait_for_workers(pool, 2)


def test_a_busy_pool_says_so(world_file: Path) -> None:
    with ProcessPoolStore("memory", world_file, workers=1, queue_wait=0.5) as pool:
        stopped: list[BaseException] = []

        def freeze() -> None:
            try:
                pool.query(FREEZE, timeout=4)
            except QueryTimeout as err:
                stopped.append(err)

        frozen = threading.Thread(target=freeze)
        frozen.start()
        time.sleep(0.5)
        with pytest.raises(StoreBusy, match="all 1 query workers stayed busy"):
            pool.query(ONE_ROW, timeout=30)
        frozen.join(timeout=60)
        assert len(stopped) == 1


def test_refusals_and_errors_come_back_as_the_stores_own(world_file: Path) -> None:
    with ProcessPoolStore("memory", world_file, workers=1) as pool:
        with pytest.raises(QueryError, match="not valid SPARQL"):
            pool.query("SELECT ?x WHERE { ?x }", timeout=30)
        graph = pool.query("CONSTRUCT WHERE { ?s a dq:State }", timeout=30, max_rows=2)
        assert len(graph.graph) == 2 and graph.truncated  # type: ignore[union-attr]
        assert len(pool.as_graph()) == len(world_graph())
