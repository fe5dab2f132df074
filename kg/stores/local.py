"""What the two local stores (``memory`` and ``oxigraph``) share: every query is checked on its
parsed form for its size, its depth and what would reach outside their data (``SERVICE``,
``FROM``: ``kg.stores.guard``), bound as a ``VALUES`` block, and run under the timeout; each
backend only evaluates."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib.term import Node

from kg.stores.base import GraphResult, QueryResult
from kg.stores.guard import checked_query
from kg.stores.limits import run_with_timeout
from kg.stores.text import inject_values

__all__ = ["LocalStore"]


class LocalStore:
    """A store that answers from data it holds; subclasses define ``_evaluate``."""

    def query(
        self,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult | GraphResult:
        text = checked_query(text)  # bound values are IRIs and literals: never a keyword
        text = inject_values(text, bindings)
        return run_with_timeout(lambda: self._evaluate(text, max_rows), timeout)

    def _evaluate(self, text: str, max_rows: int | None) -> QueryResult | GraphResult:
        raise NotImplementedError
