"""The namespaces of the data model (DESIGN.md, "Data model — the public contract")."""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

DQ = Namespace("https://w3id.org/dostastyq/ontology#")
DQR = Namespace("https://w3id.org/dostastyq/id/")
WD = Namespace("http://www.wikidata.org/entity/")
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES: dict[str, Namespace] = {
    "dq": DQ,
    "dqr": DQR,
    "wd": WD,
    "oa": OA,
    "prov": PROV,
    "skos": SKOS,
    "rdfs": RDFS,
    "rdf": RDF,
    "owl": OWL,
    "xsd": XSD,
    "dcterms": DCTERMS,
}


def resource(resource_id: str) -> URIRef:
    """The IRI of a resource id: ``state/KAZ`` -> ``https://w3id.org/dostastyq/id/state/KAZ``."""
    return DQR[resource_id]


def resource_id(iri: URIRef) -> str | None:
    """The id of a Dostastyq resource IRI, or ``None`` for any other IRI."""
    text = str(iri)
    return text[len(str(DQR)) :] if text.startswith(str(DQR)) else None


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph
