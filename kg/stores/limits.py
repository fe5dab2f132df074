"""Hard limits on a query: a timeout, a bound on concurrent queries, a row limit."""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from kg.stores.base import QueryTimeout

__all__ = [
    "CONCURRENT_QUERIES",
    "QUEUE_WAIT",
    "Cancelled",
    "StoreBusy",
    "run_with_timeout",
    "take_rows",
]

# --------------------------------------------------------------------------- timeouts

T = TypeVar("T")


class Cancelled(BaseException):
    """Raised inside a query's worker thread to stop it (never seen outside this module)."""


class _Worker(threading.Thread, Generic[T]):
    """Runs one query so that the caller can stop waiting, and stop the work, at a deadline.

    Python cannot kill a thread; it can raise an exception in it at the thread's next step of
    Python code. rdflib evaluates in Python, so a cancelled rdflib query stops at once; pyoxigraph
    evaluates in Rust and stops when its current call returns. The caller gets its timeout at
    the deadline either way.
    """

    def __init__(self, work: Callable[[], T]):
        super().__init__(name="kg-query", daemon=True)
        self.work = work
        self.value: T  # set by run() when work() returns, and read only then
        self.error: BaseException | None = None
        self.finished = threading.Event()
        self._lock = threading.Lock()
        self._running = True
        self._cancelled = False

    def run(self) -> None:
        try:
            try:
                self.value = self.work()
            except BaseException as error:
                self.error = error
            finally:
                with self._lock:
                    self._running = False
                    if self._cancelled:  # a cancel that has not landed yet never will
                        _set_async_exception(self.ident, None)
        except Cancelled:
            pass
        finally:
            _SLOTS.release()
            self.finished.set()

    def cancel(self) -> None:
        with self._lock:
            if self._running and not self._cancelled and self.ident is not None:
                self._cancelled = True
                _set_async_exception(self.ident, Cancelled)


def _set_async_exception(thread_id: int | None, exception: type[BaseException] | None) -> None:
    if thread_id is None:
        return
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )


CONCURRENT_QUERIES = 4
QUEUE_WAIT = 60.0
"""At most ``CONCURRENT_QUERIES`` queries with a timeout evaluate at once in a process; the
others wait for a slot, up to ``QUEUE_WAIT`` seconds, before their own timeout starts (a busy
server makes a query wait, it does not make it fail). A slot is freed when the evaluation
really ends, so queries that outlive their timeout (an Oxigraph evaluation in Rust) cannot
pile up."""
_SLOTS = threading.BoundedSemaphore(CONCURRENT_QUERIES)


class StoreBusy(QueryTimeout):
    """Every evaluation slot stayed busy for ``QUEUE_WAIT`` seconds."""


def run_with_timeout(work: Callable[[], T], timeout: float | None) -> T:
    """``work()``, or ``QueryTimeout`` after ``timeout`` seconds (``None``: no limit)."""
    if timeout is None:
        return work()
    if not _SLOTS.acquire(timeout=QUEUE_WAIT):
        raise StoreBusy(
            f"the store was busy with {CONCURRENT_QUERIES} other queries for {QUEUE_WAIT:g} s; "
            "try again later"
        )
    deadline = time.monotonic() + timeout
    worker = _Worker(work)
    try:
        worker.start()
    except BaseException:
        _SLOTS.release()
        raise
    if not worker.finished.wait(max(0.0, deadline - time.monotonic())):
        worker.cancel()
        raise QueryTimeout(
            f"the query ran longer than {timeout:g} s and was stopped; "
            "add a LIMIT or narrow its patterns"
        )
    if worker.error is not None:
        if isinstance(worker.error, Cancelled):
            raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
        raise worker.error
    return worker.value


def take_rows(rows: Iterable[T], max_rows: int | None) -> tuple[list[T], bool]:
    kept: list[T] = []
    for row in rows:
        if max_rows is not None and len(kept) >= max_rows:
            return kept, True
        kept.append(row)
    return kept, False
