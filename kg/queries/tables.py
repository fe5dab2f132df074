"""Answers as records, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json

from rdflib import Literal
from rdflib.term import Node

from kg.stores.base import QueryResult
from kg.vocab import display

# --------------------------------------------------------------------------- presentation


def _json_value(term: Node | None) -> str | int | float | bool | None:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool | int | float):
            return value
    return display(term)


def to_records(result: QueryResult) -> list[dict[str, str | int | float | bool | None]]:
    """Rows as dictionaries keyed by column, with display values (numbers stay numbers)."""
    return [
        {column: _json_value(term) for column, term in zip(result.columns, row, strict=True)}
        for row in result.rows
    ]


def to_csv(result: QueryResult) -> str:
    """CSV with a header row; IRIs of our resources as ids (``state/KAZ``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([display(term) for term in row])
    return buffer.getvalue()


def to_json(result: QueryResult) -> str:
    """A JSON list of row objects."""
    return json.dumps(to_records(result), ensure_ascii=False, indent=2)
