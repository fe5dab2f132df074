"""Writing projections as GraphML, GEXF or JSON."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

import networkx as nx

from kg.vocab import EXPORT_FORMATS

__all__ = ["exportable", "serialise_graph"]

# --------------------------------------------------------------------------- export


def exportable(graph: nx.Graph, fmt: str) -> nx.Graph:
    """A copy of ``graph`` whose attribute values ``fmt`` can hold; ``graph`` is not changed.

    GraphML and GEXF hold text, numbers and booleans only: dates become ISO strings
    (``2009-08-18``), lists of ids are joined with ``"; "``, evidence lists become JSON text,
    and attributes with no value (an open ``end``) are left out. In GEXF, ``start`` and ``end``
    are reserved for dynamic graphs (whose end day is *inside* the interval, unlike docs/design.md's
    rule), so they are written as ``start_date`` and ``end_date``. JSON keeps lists and
    ``null``.

    >>> g = nx.Graph(at=date(2005, 6, 30))
    >>> g.add_edge("a", "b", start=date(1993, 12, 1), end=None, via=("x", "y"))
    >>> exportable(g, "graphml").edges["a", "b"]
    {'start': '1993-12-01', 'via': 'x; y'}
    >>> g.edges["a", "b"]["start"]
    datetime.date(1993, 12, 1)
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r} (expected one of: {', '.join(EXPORT_FORMATS)})")
    flat = fmt != "json"
    renames = {"start": "start_date", "end": "end_date"} if fmt == "gexf" else {}

    def convert(attributes: Mapping[str, Any], rename: bool) -> dict[str, Any]:
        converted = {}
        for name, value in attributes.items():
            value = _exportable_value(value, flat)
            if value is None and flat:
                continue
            converted[renames.get(name, name) if rename else name] = value
        return converted

    copy = graph.__class__()
    copy.graph.update(convert(graph.graph, rename=False))
    copy.add_nodes_from((n, convert(data, rename=True)) for n, data in graph.nodes(data=True))
    if isinstance(graph, nx.MultiGraph):  # and MultiDiGraph: graph.is_multigraph()
        # (u, v, key, data): networkx takes these for a multigraph; types-networkx types
        # add_edges_from as Graph's, with 2- and 3-tuples only.
        copy.add_edges_from(
            (u, v, k, convert(data, rename=True))  # type: ignore[misc]
            for u, v, k, data in graph.edges(keys=True, data=True)
        )
    else:
        copy.add_edges_from(
            (u, v, convert(data, rename=True)) for u, v, data in graph.edges(data=True)
        )
    return copy


def _exportable_value(value: Any, flat: bool) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        ordered = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        items = [_exportable_value(item, False) for item in ordered]
        if not flat:
            return items
        if all(isinstance(item, str) for item in items):
            return "; ".join(items)
        return json.dumps(items, ensure_ascii=False)
    if isinstance(value, Mapping):
        mapping = {str(k): _exportable_value(v, False) for k, v in value.items()}
        return json.dumps(mapping, ensure_ascii=False) if flat else mapping
    return str(value)


def serialise_graph(graph: nx.Graph, fmt: str) -> bytes:
    """``graph`` as GraphML, GEXF (1.2) or node-link JSON, in UTF-8, for Gephi and others.

    >>> g = nx.Graph()
    >>> g.add_edge("state/KAZ", "state/RUS", weight=2)
    >>> sorted(nx.read_graphml(io.BytesIO(serialise_graph(g, "graphml"))).edges(data="weight"))
    [('state/KAZ', 'state/RUS', 2)]
    """
    copy = exportable(graph, fmt)
    if fmt == "json":
        data = nx.node_link_data(copy, edges="edges")
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(copy, buffer, encoding="utf-8")
    else:
        nx.write_gexf(copy, buffer, encoding="utf-8")
    return buffer.getvalue()
