"""Opening a store by its specification, and loading the built graph into one."""

from __future__ import annotations

from pathlib import Path

from kg.stores.base import DEFAULT_GRAPH_PATH, STORE_FORMS, Store, StoreError
from kg.stores.endpoint import EndpointStore
from kg.stores.memory import MemoryStore
from kg.stores.oxigraph import OxigraphStore

__all__ = ["load_store", "open_store"]

# --------------------------------------------------------------------------- opening


def open_store(spec: str = "memory", graph_path: Path = DEFAULT_GRAPH_PATH) -> Store:
    """Open a store by its specification (``memory``, ``oxigraph``, ``oxigraph:PATH`` or an
    endpoint URL); ``memory`` and ``oxigraph`` read ``graph_path``.

    >>> open_store("sqlite:kg.db")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.stores.base.StoreError: unknown store 'sqlite:kg.db' (expected: memory, oxigraph, ...)
    """
    spec = spec.strip()
    if spec == "memory":
        return MemoryStore.from_file(graph_path)
    if spec == "oxigraph":
        return OxigraphStore.from_file(graph_path)
    if spec.startswith("oxigraph:"):
        return OxigraphStore.open(Path(spec.removeprefix("oxigraph:")))
    if spec.startswith(("http://", "https://")):
        return EndpointStore(spec)
    raise StoreError(f"unknown store {spec!r} (expected: {STORE_FORMS})")


def load_store(spec: str, source: Path = DEFAULT_GRAPH_PATH, via: str = "update") -> int:
    """Put the built graph ``source`` into the store ``spec``, replacing what it held there;
    the number of triples loaded."""
    spec = spec.strip()
    if spec in ("memory", "oxigraph"):
        raise StoreError(
            f"the {spec} store reads the graph file itself (--graph); there is nothing to load. "
            "Load into oxigraph:PATH or an endpoint URL"
        )
    if spec.startswith("oxigraph:"):
        return OxigraphStore.create(Path(spec.removeprefix("oxigraph:")), source)
    if spec.startswith(("http://", "https://")):
        return EndpointStore(spec).load(source, via)
    raise StoreError(f"unknown store {spec!r} (expected: {STORE_FORMS})")
