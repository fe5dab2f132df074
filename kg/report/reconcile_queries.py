"""The SPARQL of ``kg report reconcile`` (:mod:`kg.report.reconcile`): the organisations with a
curated membership, then the memberships of those organisations with their evidence and COW's
bounds, gathered into one record per membership node.

The queries are shaped for both local stores, which fail in opposite ways:

- **Oxigraph** evaluates ``FILTER NOT EXISTS`` over a join or a property path by scanning:
  "memberships with no dataset evidence" over the world layer's 19,000 memberships took 324 s
  (``MINUS`` is fast there, but takes rdflib minutes). So no query here negates a join: a
  curated membership is found from its evidence (a text's, or an external source outside
  ``dqr:source/``), and which claims are COW's is decided in Python from the evidence.
- **rdflib** (the memory store) orders a basic graph pattern by how many of its terms are bound
  *when the query is parsed*, with ties broken by the terms' order, and pushes the bindings of
  a group into the next one only one join deep. ``?m a dq:Membership`` then comes first and
  scans every membership, however selective the rest. So each query starts from a small
  pattern of its own (the text evidence; one ``UNION`` branch per organisation, by IRI) and
  what follows has ``?m`` bound; type checks are ``FILTER EXISTS``, evaluated per solution.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib.term import Node

from kg.stores.base import QueryResult, Store
from kg.vocab import display, resource

__all__ = ["DATASETS", "Claim", "claims", "cow_igos", "curated_organisations", "select"]

DATASETS = str(resource("source/"))
"""The resources of the external datasets start so: a claim citing one is not curated."""

_PREFIXES = """\
PREFIX dq: <https://w3id.org/dostastyq/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""

# The organisations of the non-deprecated memberships with evidence outside the datasets: a
# text's, or an external source's that is not one of ``dqr:source/``. A superset of the
# organisations with a curated membership (a membership citing a dataset too is sorted out in
# Python, by ``Claim.sources``).
_CURATED_ORGS_QUERY = f"""{_PREFIXES}SELECT DISTINCT ?org WHERE {{
  {{
    ?evidence a dq:TextEvidence . ?m prov:wasDerivedFrom ?evidence ; dq:organisation ?org .
  }} UNION {{
    {{ ?evidence dcterms:source ?source FILTER(!STRSTARTS(STR(?source), "{DATASETS}")) }}
    ?m prov:wasDerivedFrom ?evidence ; dq:organisation ?org .
  }}
  FILTER EXISTS {{ ?m a dq:Membership }}
  FILTER NOT EXISTS {{ ?m dq:rank dq:Deprecated }}
}}"""

# The non-deprecated memberships of some organisations (%s: a UNION branch each) with their
# notes, COW's bounds and evidence, a row per combination of values.
_MEMBERSHIPS_QUERY = (
    _PREFIXES
    + """SELECT ?m ?member ?org ?role ?rank ?start ?startPrecision ?end ?endPrecision
       ?earliest ?firstOpen ?latest ?lastOpen ?note ?quote ?doc ?line ?source ?citation WHERE {
  %s
  ?m a dq:Membership ; dq:organisation ?org ; dq:member ?member .
  FILTER NOT EXISTS { ?m dq:rank dq:Deprecated }
  OPTIONAL { ?m dq:role ?role } OPTIONAL { ?m dq:rank ?rank } OPTIONAL { ?m skos:note ?note }
  OPTIONAL { ?m dq:start ?start } OPTIONAL { ?m dq:startPrecision ?startPrecision }
  OPTIONAL { ?m dq:end ?end } OPTIONAL { ?m dq:endPrecision ?endPrecision }
  OPTIONAL { ?m dq:cowEarliestFirstYear ?earliest } OPTIONAL { ?m dq:cowFirstYearOpen ?firstOpen }
  OPTIONAL { ?m dq:cowLatestLastYear ?latest } OPTIONAL { ?m dq:cowLastYearOpen ?lastOpen }
  OPTIONAL {
    ?m prov:wasDerivedFrom ?evidence .
    OPTIONAL { ?evidence oa:hasSource ?doc ; dq:line ?line ; oa:hasSelector/oa:exact ?quote }
    OPTIONAL { ?evidence dcterms:source ?source }
    OPTIONAL { ?evidence dcterms:bibliographicCitation ?citation }
  }
}
ORDER BY ?m ?doc ?line ?quote ?source ?citation"""
)

_COW_IGO_QUERY = _PREFIXES + "SELECT ?org ?igo WHERE { VALUES ?org { %s } ?org dq:cowIgo ?igo }"

_SINGLE = ("role", "rank", "start", "startPrecision", "end", "endPrecision",
           "earliest", "firstOpen", "latest", "lastOpen")  # fmt: skip
"""The columns of ``_MEMBERSHIPS_QUERY`` a membership has one value of."""


def select(store: Store, text: str) -> tuple[tuple[Any, ...], ...]:
    """The rows of a SELECT query (``Any``: which columns are bound is for the query to say)."""
    result = store.query(text)
    if not isinstance(result, QueryResult):
        raise TypeError("expected a SELECT result")
    return result.rows


def _iris(iris: Iterable[Node]) -> str:
    return " ".join(f"<{iri}>" for iri in iris)


@dataclass
class Claim:
    """A membership node as the query's rows give it, gathered: ``values`` by the names of
    ``_SINGLE``, the evidence as text, the citations, notes and evidence sources."""

    node: Node
    member: Node
    organisation: Node
    values: dict[str, Node] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)

    @property
    def from_dataset(self) -> bool:
        return any(source.startswith(DATASETS) for source in self.sources)


def curated_organisations(store: Store) -> list[Node]:
    """The organisations that may have a curated membership (``_CURATED_ORGS_QUERY``), by IRI."""
    return sorted({row[0] for row in select(store, _CURATED_ORGS_QUERY)}, key=str)


def cow_igos(store: Store, organisations: Sequence[Node]) -> dict[str, str]:
    """Each organisation's ``dq:cowIgo`` (the first by name where it has several), by id."""
    igos: dict[str, str] = {}
    if organisations:
        for org, igo in sorted(select(store, _COW_IGO_QUERY % _iris(organisations))):
            igos.setdefault(display(org), str(igo))
    return igos


def claims(store: Store, organisations: Sequence[Node]) -> list[Claim]:
    """The non-deprecated memberships of ``organisations``, by node IRI."""
    if not organisations:
        return []
    branches = " UNION ".join(f"{{ ?m dq:organisation <{org}> }}" for org in organisations)
    found: dict[Node, Claim] = {}
    for row in select(store, _MEMBERSHIPS_QUERY % branches):
        node, member, org, *single, note, quote, doc, line, source, citation = row
        claim = found.setdefault(node, Claim(node, member, org))
        for name, value in zip(_SINGLE, single, strict=True):
            if value is not None:
                claim.values.setdefault(name, value)
        if note is not None and str(note) not in claim.notes:
            claim.notes.append(str(note))
        if source is not None:
            claim.sources.add(str(source))
        if citation is not None and str(citation) not in claim.citations:
            claim.citations.append(str(citation))
        if quote is not None:
            text = f"«{quote}» ({display(doc)}, line {line})"
        elif citation is not None or source is not None:
            text = " ".join(
                part for part in (citation and str(citation), source and f"<{source}>") if part
            )
        else:
            continue
        if text not in claim.evidence:
            claim.evidence.append(text)
    return sorted(found.values(), key=lambda claim: str(claim.node))
