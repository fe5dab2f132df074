"""The build (step two of the flow): checked facts become the RDF graph of docs/design.md's data
model, gated by the temporal rules and the SHACL shapes, serialised as Turtle and written
atomically.

The four relations become n-ary nodes (``dq:Membership``, ``dq:Signing``, ``dq:Founding``,
``dq:Withdrawal``) with their evidence; the derived shortcut triples (``dq:memberOf``,
``dq:signed``, ``dq:foundedBy``, ``dq:withdrewFrom``) come only from non-deprecated nodes.

The modules: ``graph`` (facts to triples), ``rules`` (temporal rules on the facts), ``validate``
(SHACL), ``turtle`` (serialisation), ``pipeline`` (all of it from the source folders).
"""

from __future__ import annotations

from kg.build.graph import BuiltGraph, build_graph
from kg.build.pipeline import BuildError, build_from_sources
from kg.build.rules import check_rules
from kg.build.turtle import serialise
from kg.build.validate import Violation, load_schema, validate_graph

__all__ = [
    "BuildError",
    "BuiltGraph",
    "Violation",
    "build_from_sources",
    "build_graph",
    "check_rules",
    "load_schema",
    "serialise",
    "validate_graph",
]
