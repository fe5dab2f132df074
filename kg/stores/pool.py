"""A store whose queries each run in one of a few worker processes, where they can be stopped.

A query evaluated in a thread of the serving process cannot be stopped: a regular expression
that backtracks for minutes holds Python's lock in C and freezes every thread, and an Oxigraph
evaluation that allocates gigabytes runs on in Rust past its timeout. So ``kg serve`` hands each
query to a :class:`ProcessPoolStore`: ``workers`` processes, each of which has opened the store
itself (an on-disk Oxigraph store read-only, a graph file read into memory) and runs one query
at a time. For each query the serving process waits at most the timeout, then kills the worker
(``SIGKILL``, which no evaluation can ignore), answers :class:`~kg.stores.base.QueryTimeout`
and starts a new worker in the background; the other workers keep answering meanwhile. Each
worker's address space is capped (``RLIMIT_AS``) at what it held once the store was open plus
``query_memory`` bytes: a query that needs more fails in its worker alone (the worker is
replaced), with a :class:`~kg.stores.base.QueryError` that says so.

Workers are started with ``spawn``, never ``fork``: the serving process has threads, and a
forked child could inherit a lock another thread held. Answers come back pickled as rows (or a
graph's triples) of plain tuples that spell each term (``_encoded``), which the serving process
turns back into rdflib terms through a cache (``_decoded``): an rdflib literal is costly to
make, and made again on every unpickling, while the same labels come back in answer after
answer. Errors come back as their kind and message.

>>> import tempfile
>>> from kg.examples import TINY_TURTLE
>>> path = Path(tempfile.mkdtemp()) / "tiny.ttl"
>>> _ = path.write_text(TINY_TURTLE, encoding="utf-8")
>>> with ProcessPoolStore("memory", path, workers=1) as pool:
...     pool.query("ASK { ?s ?p ?o }", timeout=30).rows[0][0].toPython()
True
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import queue
import threading
from collections.abc import Mapping
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import TracebackType
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.stores.base import (
    GraphResult,
    GraphSyntaxError,
    QueryError,
    QueryResult,
    QueryTimeout,
    StoreError,
    syntax_problem,
)
from kg.stores.guard import checked_query
from kg.stores.limits import QUEUE_WAIT, StoreBusy
from kg.vocab import bind_prefixes

__all__ = ["QUERY_MEMORY", "ProcessPoolStore"]

log = logging.getLogger("kg.serve")

QUERY_MEMORY = 1 << 30
"""Bytes of address space a worker may take on for one query, beyond the store it holds."""
START_TIMEOUT = 300.0
"""Seconds a new worker may take to open its store (a large graph file read into memory)."""
_SPAWN = multiprocessing.get_context("spawn")


class _Worker:
    """One worker process and the serving side of its pipe."""

    def __init__(self, spec: str, graph_path: Path, query_memory: int | None):
        self.connection, child = _SPAWN.Pipe()
        self.process: BaseProcess = _SPAWN.Process(
            target=_serve_queries,
            args=(child, spec, str(graph_path), query_memory),
            name="kg-query-worker",
            daemon=True,
        )
        self.process.start()
        child.close()
        if not self.connection.poll(START_TIMEOUT):
            self.kill()
            raise StoreError(f"a query worker did not open the store in {START_TIMEOUT:g} s")
        status, message = self.connection.recv()
        if status != "ready":
            self.kill()
            raise (GraphSyntaxError if status == "syntax" else StoreError)(message)
        self.description: str = message

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=10)
        self.connection.close()


class ProcessPoolStore:
    """The store ``spec`` (as ``kg.stores.opening.open_store`` reads it) behind ``workers``
    worker processes; use it as a store, and ``close()`` it (or use ``with``) when done."""

    def __init__(
        self,
        spec: str,
        graph_path: Path,
        workers: int = 2,
        *,
        query_memory: int | None = QUERY_MEMORY,
        queue_wait: float = QUEUE_WAIT,
    ):
        if workers < 1:
            raise ValueError("a pool needs at least one worker")
        self.spec, self.graph_path = spec, graph_path
        self.query_memory, self.queue_wait = query_memory, queue_wait
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        started = [_Worker(spec, graph_path, query_memory) for _ in range(workers)]
        self.workers = workers
        self.description = f"{started[0].description}, {workers} query worker(s)"
        for worker in started:
            self._idle.put(worker)

    def query(
        self,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult | GraphResult:
        text = checked_query(text)  # refusals cost no worker (the worker's store checks again)
        try:
            worker = self._idle.get(timeout=self.queue_wait)
        except queue.Empty:
            raise StoreBusy(
                f"all {self.workers} query workers stayed busy for {self.queue_wait:g} s; "
                "try again later"
            ) from None
        try:
            worker.connection.send((text, dict(bindings or {}), max_rows))
            if not worker.connection.poll(timeout):
                self._replace(worker)
                raise QueryTimeout(
                    f"the query ran longer than {timeout:g} s and was stopped; "
                    "add a LIMIT or narrow its patterns"
                )
            answer = worker.connection.recv()
        except (EOFError, OSError):
            # The worker died: its address space ran out (RLIMIT_AS), or it was killed.
            self._replace(worker)
            limit = f" ({self.query_memory >> 20:,} MiB)" if self.query_memory else ""
            raise QueryError(
                f"the query needed more memory than a query may use{limit} and was stopped; "
                "add a LIMIT or narrow its patterns"
            ) from None
        except BaseException:
            self._replace(worker)
            raise
        kind, payload = answer
        if kind == "memory":
            self._replace(worker)  # a Python MemoryError: start afresh
        else:
            self._idle.put(worker)
        return _answer(kind, payload)

    def as_graph(self) -> Graph:
        """Every triple, through one worker (a CONSTRUCT of everything, with no row limit)."""
        answer = self.query("CONSTRUCT WHERE { ?s ?p ?o }")
        assert isinstance(answer, GraphResult)
        return answer.graph

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start its replacement in the background (opening a store takes
        a moment; the request that cost the worker is answered at once)."""
        worker.kill()

        def start() -> None:
            try:
                fresh = _Worker(self.spec, self.graph_path, self.query_memory)
            except Exception:
                log.exception("a query worker could not be restarted")
                return
            if self._closed:
                fresh.kill()
            else:
                self._idle.put(fresh)

        threading.Thread(target=start, name="kg-worker-restart", daemon=True).start()

    def close(self) -> None:
        """Stop every idle worker (a worker busy with a query is stopped when it returns)."""
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return

    def __enter__(self) -> ProcessPoolStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _answer(kind: str, payload: Any) -> QueryResult | GraphResult:
    if kind == "rows":
        columns, rows, truncated = payload
        decoded = tuple(tuple(_decoded(term) for term in row) for row in rows)
        return QueryResult(columns, decoded, truncated)
    if kind == "triples":
        triples, truncated = payload
        graph = bind_prefixes(Graph())
        for triple in triples:
            graph.add(tuple(_decoded(term) for term in triple))  # type: ignore[arg-type]
        return GraphResult(graph, truncated)
    name, message = str(payload[0]), str(payload[1])
    if name == "QueryTimeout":
        raise QueryTimeout(message)
    if name == "StoreError":
        raise StoreError(message)
    raise QueryError(message)


# --------------------------------------------------------------------------- in the worker


def _serve_queries(
    connection: Connection, spec: str, graph_path: str, query_memory: int | None
) -> None:
    """A worker's life: open the store, cap the address space, answer queries one by one."""
    from kg.stores.opening import open_store

    try:
        store = open_store(spec, Path(graph_path))
    except SyntaxError as err:  # rdflib's BadSyntax and Oxigraph's parser errors alike
        connection.send(("syntax", syntax_problem(err)))
        return
    except Exception as err:
        connection.send(("error", f"{spec}: {err}"))
        return
    if query_memory is not None:
        _cap_address_space(query_memory)
    connection.send(("ready", store.description))
    while True:
        try:
            text, bindings, max_rows = connection.recv()
        except EOFError:
            return
        try:
            answer = store.query(text, bindings, max_rows=max_rows)
            if isinstance(answer, GraphResult):
                triples = [tuple(map(_encoded, triple)) for triple in answer.graph]
                reply: tuple[str, object] = ("triples", (triples, answer.truncated))
            else:
                rows = [tuple(map(_encoded, row)) for row in answer.rows]
                reply = ("rows", (answer.columns, rows, answer.truncated))
        except MemoryError:
            reply = ("memory", ("QueryError", "the query needed more memory than a query may use"))
        except (QueryError, StoreError) as err:
            reply = ("error", (type(err).__name__, str(err)))
        except Exception as err:  # the engine failed in a way of its own: still the client's
            reply = ("error", ("QueryError", f"the query failed: {err}"))
        connection.send(reply)


# --------------------------------------------------------------------------- terms in transit

TermCode = tuple[str, ...] | None


def _encoded(term: Node | None) -> TermCode:
    """A term as plain strings: ("u", IRI), ("b", id), ("l", lexical form, language,
    datatype) with "" for none; None for an unbound variable.

    >>> _encoded(Literal("Қазақстан", lang="kk"))
    ('l', 'Қазақстан', 'kk', '')
    >>> from rdflib.namespace import XSD
    >>> _decoded(_encoded(Literal("27", datatype=XSD.integer))) == Literal(27)
    True
    """
    if term is None:
        return None
    if isinstance(term, Literal):
        return ("l", str(term), term.language or "", str(term.datatype or ""))
    if isinstance(term, BNode):
        return ("b", str(term))
    return ("u", str(term))


@functools.lru_cache(maxsize=65_536)
def _decoded(code: TermCode) -> Node | None:
    """The term ``_encoded`` spelled (terms are immutable: one object may serve every answer)."""
    if code is None:
        return None
    if code[0] == "l":
        _, lexical, language, datatype = code
        return Literal(
            lexical, lang=language or None, datatype=URIRef(datatype) if datatype else None
        )
    if code[0] == "b":
        return BNode(code[1])
    return URIRef(code[1])


def _cap_address_space(extra: int) -> None:
    import resource

    with open("/proc/self/status", encoding="ascii") as status:
        size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    resource.setrlimit(resource.RLIMIT_AS, (size + extra, size + extra))
