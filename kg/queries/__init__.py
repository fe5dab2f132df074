"""Named SPARQL queries (the ``.rq`` files here), their parameters as RDF terms, and the answers
as tables. The projections' own queries are in ``network/`` here, beside them.

The modules: ``named`` (reading, binding and running named queries), ``tables`` (answers as
records, CSV and JSON).
"""

from __future__ import annotations

from kg.queries.named import (
    QUERIES_DIR,
    NamedQuery,
    Parameter,
    ParameterError,
    bind_parameters,
    list_queries,
    load_query,
    run_named_query,
    to_term,
)
from kg.queries.tables import to_csv, to_json, to_records

__all__ = [
    "QUERIES_DIR",
    "NamedQuery",
    "Parameter",
    "ParameterError",
    "bind_parameters",
    "list_queries",
    "load_query",
    "run_named_query",
    "to_csv",
    "to_json",
    "to_records",
    "to_term",
]
