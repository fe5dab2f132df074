"""The build's gate: the SHACL shapes of ``ontology/shapes.ttl`` over the built graph.

Each violation is traced back to the fact file and line its node was curated at, so a curator
reads ``corpus/facts/cis.yaml:57: membership/GEO-cis-1993: ...`` rather than a SHACL report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, SH
from rdflib.term import Node

from kg.facts.records import Location
from kg.vocab import OA, bind_prefixes, resource_id

__all__ = [
    "ONTOLOGY_FILE",
    "SHAPES_FILE",
    "Violation",
    "load_schema",
    "targeted_property_shapes",
    "validate_graph",
]

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


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def targeted_property_shapes(shapes: Graph) -> Graph:
    """The same shapes, with every property shape of a targeted node shape targeted itself.

    SHACL gives a node shape's ``sh:property`` shapes the node shape's focus nodes; pyshacl
    checks them one focus node at a time, building each constraint afresh (483,000 calls on the
    world graph, 58 s), while a property shape with targets of its own is checked once over all
    its focus nodes (14 s). So each ``sh:property`` of a node shape that has targets, and that
    no other shape refers to (through ``sh:node``, ``sh:or`` …), is given those targets and
    detached: the same focus nodes, paths, constraints and messages, hence the same results.
    ``ontology/shapes.ttl`` stays in the plain form; tests/test_ontology.py checks that both
    give the same results on every broken variant.

    >>> from rdflib import BNode, Literal, Namespace
    >>> ex = Namespace("http://example.org/")
    >>> shapes = Graph()
    >>> prop = BNode()
    >>> for triple in [(ex.S, SH.targetClass, ex.C), (ex.S, SH.property, prop),
    ...                (prop, SH.path, ex.p), (prop, SH.minCount, Literal(1))]:
    ...     _ = shapes.add(triple)
    >>> flat = targeted_property_shapes(shapes)
    >>> (prop, SH.targetClass, ex.C) in flat, (ex.S, SH.property, prop) in flat
    (True, False)
    """
    flat = Graph()
    flat += shapes
    referenced = {o for _, p, o in shapes if p != SH.property}
    for node in set(shapes.subjects(SH.property, None)):
        targets = [(p, o) for p in _TARGETS for o in shapes.objects(node, p)]
        if not targets or node in referenced:
            continue
        for prop in list(shapes.objects(node, SH.property)):
            flat.add((prop, RDF.type, SH.PropertyShape))
            for p, o in targets:
                flat.add((prop, p, o))
            flat.remove((node, SH.property, prop))
    return flat


_NAMES = bind_prefixes(Graph()).namespace_manager


def _short(term: Node | None) -> str:
    """A resource by its id (``state/KAZ``), a vocabulary term by its prefixed name."""
    if isinstance(term, URIRef):
        return resource_id(term) or term.n3(_NAMES)
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
    no inference is run, so what is checked is what was written. The mixing is done here, in
    place, and undone before returning (pyshacl's own ``ont_graph`` would copy the whole graph
    first: 6 s on the world graph), so ``graph`` holds the same triples afterwards. The shapes
    are checked in the form of :func:`targeted_property_shapes`.
    """
    mixed_in = [triple for triple in ontology if triple not in graph]
    for triple in mixed_in:
        graph.add(triple)
    try:
        conforms, report, _ = shacl_validate(
            graph,
            shacl_graph=targeted_property_shapes(shapes),
            inference="none",
            abort_on_first=False,
            allow_warnings=True,
        )
    finally:
        for triple in mixed_in:
            graph.remove(triple)
    if conforms:
        return []
    origins = origins or {}
    violations = []
    # The report's own results (sh:result), not the sh:detail results nested in them (an
    # sh:node constraint's inner failure), which say the same thing again.
    for result in report.objects(None, SH.result):
        if (result, SH.resultSeverity, SH.Violation) not in report:
            continue
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        value = report.value(result, SH.value)
        text = str(message) if message else "violates a shape"
        inverse = report.value(path, SH.inversePath) if path is not None else None
        if inverse is not None and isinstance(value, URIRef):
            # A result along an inverse path (the claims ranked dq:Deprecated) is about the
            # node that points at the focus: name that node, and trace it to its fact.
            text += f" (its {_short(inverse)} is {_short(focus)})"
            focus, path = value, None
        elif value is not None:
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
