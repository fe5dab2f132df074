"""The endpoint's SPARQL 1.1 Service Description: what ``GET /sparql`` with no query answers.

It says where the endpoint is, that it answers SPARQL 1.1 Query (and no Update), the formats
it writes, and its dataset: one default graph, named by the one IRI that ``default-graph-uri``
accepts (``kg.stores.DATA_GRAPH``), and no named graphs.

>>> description = service_description("http://127.0.0.1:8000/sparql", "urn:x-graph")
>>> print(next(description.objects(None, SD.endpoint)))
http://127.0.0.1:8000/sparql
>>> dataset = next(description.objects(None, SD.defaultDataset))
>>> print(description.value(dataset, SD.defaultGraph))
urn:x-graph
"""

from __future__ import annotations

import re

from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef

__all__ = ["SD", "endpoint_url", "service_description"]

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

RESULT_FORMATS = (
    "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
    "Turtle", "JSON-LD", "N-Triples", "RDF_XML",
)  # fmt: skip

# A Host header is the client's to write: only a host name or address and a port may reach
# the description, so that no crafted Host can put text of its own into it.
_HOST = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?"  # a name or an IPv4 address
    r"|\[[0-9A-Fa-f:.]{2,45}\])"  # an IPv6 address
    r"(?::[0-9]{1,5})?"  # a port
)


def endpoint_url(host_header: str | None, public_url: str | None = None) -> str:
    """The endpoint's URL: ``public_url`` when the server was given one (behind a proxy),
    else ``http://`` + the request's Host header when it is a plain host and port, else
    ``http://localhost/sparql``.

    >>> endpoint_url("127.0.0.1:8000")
    'http://127.0.0.1:8000/sparql'
    >>> endpoint_url('x> . <y')
    'http://localhost/sparql'
    >>> endpoint_url("127.0.0.1:8000", "https://kg.example.org/sparql")
    'https://kg.example.org/sparql'
    """
    if public_url:
        return public_url
    if host_header and _HOST.fullmatch(host_header):
        return f"http://{host_header}/sparql"
    return "http://localhost/sparql"


def service_description(endpoint: str, graph_name: str, triples: int | None = None) -> Graph:
    """The description of the endpoint at ``endpoint`` whose default graph is ``graph_name``
    (with its number of triples, when known)."""
    description = Graph()
    description.bind("sd", SD)
    description.bind("formats", FORMATS)
    service = BNode()
    description.add((service, RDF.type, SD.Service))
    description.add((service, SD.endpoint, URIRef(endpoint)))
    description.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in RESULT_FORMATS:
        description.add((service, SD.resultFormat, FORMATS[name]))
    dataset = BNode()
    graph = URIRef(graph_name)
    description.add((service, SD.defaultDataset, dataset))
    description.add((dataset, RDF.type, SD.Dataset))
    description.add((dataset, SD.defaultGraph, graph))
    description.add((graph, RDF.type, SD.Graph))
    description.add(
        (
            graph,
            RDFS.comment,
            Literal(
                "The one graph of this endpoint, and its default graph: default-graph-uri "
                "accepts this IRI alone, and there are no named graphs.",
                lang="en",
            ),
        )
    )
    if triples is not None:
        void = Namespace("http://rdfs.org/ns/void#")
        description.bind("void", void)
        description.add((graph, void.triples, Literal(triples)))
    return description
