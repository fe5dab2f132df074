"""The build's gate: the SHACL shapes of ``ontology/shapes.ttl`` over the built graph.

Each violation is traced back to the fact file and line its node was curated at, so a curator
reads ``corpus/facts/cis.yaml:57: membership/GEO-cis-1993: ...`` rather than a SHACL report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, SH
from rdflib.term import Node

from kg.facts.records import Location
from kg.vocab import OA, resource_id

__all__ = ["ONTOLOGY_FILE", "SHAPES_FILE", "Violation", "load_schema", "validate_graph"]

ONTOLOGY_FILE = "dostastyq.ttl"
SHAPES_FILE = "shapes.ttl"


@dataclass(frozen=True)
class Violation:
    """One SHACL result, with the fact file and line of the node it is about when known."""

    focus: str
    path: str | None
    message: str
    origin: Location | None

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        what = f"{self.focus} {self.path}" if self.path else self.focus
        return f"{where}{what}: {self.message}"


def load_schema(ontology_dir: Path) -> tuple[Graph, Graph]:
    """The ontology and the shapes graph, parsed from ``ontology_dir``."""
    ontology = Graph().parse(ontology_dir / ONTOLOGY_FILE, format="turtle")
    shapes = Graph().parse(ontology_dir / SHAPES_FILE, format="turtle")
    return ontology, shapes


def _short(term: Node | None) -> str:
    if isinstance(term, URIRef):
        return resource_id(term) or term.n3()
    return str(term)


def _origin(graph: Graph, focus: Node | None, origins: dict[URIRef, Location]) -> Location | None:
    """The curated location of ``focus``, or of the relation that cites it as evidence."""
    if isinstance(focus, URIRef) and focus in origins:
        return origins[focus]
    for evidence in {focus, *graph.subjects(OA.hasSelector, focus)}:
        for relation in graph.subjects(PROV.wasDerivedFrom, evidence):
            if isinstance(relation, URIRef) and relation in origins:
                return origins[relation]
    return None


def validate_graph(
    graph: Graph,
    ontology: Graph,
    shapes: Graph,
    origins: dict[URIRef, Location] | None = None,
) -> list[Violation]:
    """Check ``graph`` against ``shapes``; return the violations (empty when it conforms).

    The ontology is mixed in for class hierarchies (``dq:TextEvidence`` is a ``dq:Evidence``);
    no inference is run, so what is checked is what was written.
    """
    conforms, report, _ = shacl_validate(
        graph,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    if conforms:
        return []
    origins = origins or {}
    violations = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        value = report.value(result, SH.value)
        text = str(message) if message else "violates a shape"
        if value is not None:
            text += f" (value: {_short(value)})"
        violations.append(
            Violation(
                focus=_short(focus),
                path=_short(path) if path is not None else None,
                message=text,
                origin=_origin(graph, focus, origins),
            )
        )
    violations.sort(
        key=lambda v: (
            str(v.origin.path) if v.origin else "",
            v.origin.line if v.origin else 0,
            v.focus,
            v.path or "",
            v.message,
        )
    )
    return violations
