"""Dostastyq: a knowledge graph of the CIS and post-Soviet integration, from a Kazakh corpus.

The package follows the flow of docs/design.md, one subpackage a step::

    kg.corpus  ->  kg.facts  ->  kg.build  ->  kg.stores  ->  kg.queries / kg.network / kg.web
    (texts)        (curated)     (the graph)   (where it     (SPARQL, NetworkX and centrality,
                                                is read)      the endpoint and the explorer)

``kg.vocab`` holds the data model's names, ``kg.dates`` the time rule, ``kg.cli`` the ``kg``
command. The entry points a notebook needs are here, imported when first used (so that
``import kg`` and the ``kg`` command stay quick); on the tiny example graph:

    >>> from datetime import date
    >>> import kg
    >>> from kg.examples import tiny_store
    >>> sorted(kg.comembership(tiny_store(), date(2005, 6, 30)).edges)
    [('state/GEO', 'state/KAZ'), ('state/GEO', 'state/RUS'), ('state/KAZ', 'state/RUS')]

and on the built graph::

    >>> import kg
    >>> store = kg.open_store("memory", kg.DEFAULT_GRAPH_PATH)      # doctest: +SKIP
    >>> kg.run_named_query(store, kg.load_query("members-at"),      # doctest: +SKIP
    ...                    {"org": "org/cis", "date": "1992-06-01"})
    >>> kg.centrality_series(store, range(1992, 2026))              # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any

# Public name -> the module that defines it.
_ENTRY_POINTS: dict[str, str] = {
    # the store: where the built graph is read from
    "DEFAULT_GRAPH_PATH": "kg.stores",
    "open_store": "kg.stores",
    "load_store": "kg.stores",
    "MemoryStore": "kg.stores",
    "OxigraphStore": "kg.stores",
    "EndpointStore": "kg.stores",
    # building
    "load_facts": "kg.facts",
    "build_graph": "kg.build",
    "build_from_sources": "kg.build",
    "serialise": "kg.build",
    # named queries
    "list_queries": "kg.queries",
    "load_query": "kg.queries",
    "run_named_query": "kg.queries",
    "to_records": "kg.queries",
    # projections and centrality
    "affiliation": "kg.network",
    "comembership": "kg.network",
    "cosignature": "kg.network",
    "typed": "kg.network",
    "yearly_graphs": "kg.network",
    "centrality_series": "kg.centrality",
    "rank_plot": "kg.centrality",
    # the explorer and the endpoint
    "explorer_html": "kg.web",
    "InlinePage": "kg.web",
    "make_server": "kg.web",
}

__all__ = sorted(_ENTRY_POINTS)


def __getattr__(name: str) -> Any:
    module = _ENTRY_POINTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
