"""Disputes and statistics, computed from any store.

``disputes(store)`` lists every deprecated claim — a source's statement the curators judge
wrong — with what the source says (its quote, document and line), what the curated record says
about the same thing (the non-deprecated claims with the same key: the same member and
organisation, the same agreement and signatory, ...), and the curators' note saying why.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef
from rdflib.namespace import SKOS
from rdflib.term import Identifier, Node

from kg.stores.base import QueryResult, Store
from kg.vocab import CLAIM_KEYS, DQ, display

__all__ = [
    "STATS_BEGIN",
    "STATS_END",
    "Dispute",
    "RelationCount",
    "disputes",
    "entity_counts",
    "relation_counts",
    "statistics_markdown",
    "with_statistics",
]

# The properties that say what a claim claims, in the order a reader wants them.
_DESCRIBED = (
    DQ.member, DQ.party, DQ.signatory, DQ.founder, DQ.holder, DQ.predecessor,
    DQ.organisation, DQ.agreement, DQ.successor, DQ.officeOf, DQ.role, DQ.successionKind,
    DQ.start, DQ.end, DQ.endCause, DQ.date, DQ.announced, DQ.place,
)  # fmt: skip

_RELATIONS_QUERY = """
PREFIX dq: <https://w3id.org/dostastyq/ontology#>
SELECT ?node ?class ?rank ?property ?value WHERE {
  VALUES ?class { dq:Membership dq:Signing dq:Founding dq:Withdrawal dq:Ratification
                  dq:Accession dq:Succession dq:TermOfOffice }
  ?node a ?class ; dq:rank ?rank ; ?property ?value .
}
"""

_EVIDENCE_QUERY = """
PREFIX dq: <https://w3id.org/dostastyq/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?node ?quote ?doc ?line ?source ?citation WHERE {
  ?node dq:rank dq:Deprecated ; prov:wasDerivedFrom ?evidence .
  OPTIONAL { ?evidence oa:hasSource ?doc ; dq:line ?line ; oa:hasSelector/oa:exact ?quote }
  OPTIONAL { ?evidence dcterms:source ?source ; dcterms:bibliographicCitation ?citation }
}
ORDER BY ?node ?doc ?line
"""


@dataclass(frozen=True)
class Dispute:
    """A deprecated claim beside the record."""

    claim: str
    kind: str
    claimed: str
    text_says: tuple[str, ...]
    record_says: tuple[str, ...]
    why: str


def _select(store: Store, text: str) -> tuple[tuple[Any, ...], ...]:
    """The rows of a SELECT query (``Any``: which columns are bound is for the query to say)."""
    result = store.query(text)
    if not isinstance(result, QueryResult):
        raise TypeError("expected a SELECT result")
    return result.rows


def _describe(properties: dict[URIRef, list[Identifier]]) -> str:
    parts = []
    for prop in _DESCRIBED:
        values = sorted(display(value) for value in properties.get(prop, ()))
        if values:
            parts.append(f"{display(prop)}={','.join(values)}")
    return " ".join(parts)


def disputes(store: Store) -> list[Dispute]:
    """Every deprecated claim in ``store`` with its evidence, the record, and the curators' why.

    Two queries: one for the relation nodes, one for the evidence of the deprecated ones.
    """
    nodes: dict[Node, dict[URIRef, list[Identifier]]] = defaultdict(lambda: defaultdict(list))
    classes: dict[Node, URIRef] = {}
    ranks: dict[Node, Node] = {}
    for node, cls, rank, prop, value in _select(store, _RELATIONS_QUERY):
        classes[node], ranks[node] = cls, rank
        if value not in nodes[node][prop]:
            nodes[node][prop].append(value)

    def key(node: Node) -> tuple:
        props = nodes[node]
        return (
            classes[node],
            *(tuple(sorted(props.get(p, ()))) for p in CLAIM_KEYS[classes[node]]),
        )

    record_by_key: dict[tuple, list[Node]] = defaultdict(list)
    for node in nodes:
        if ranks[node] != DQ.Deprecated:
            record_by_key[key(node)].append(node)

    evidence: dict[Node, list[str]] = defaultdict(list)
    for node, quote, doc, line, source, citation in _select(store, _EVIDENCE_QUERY):
        if quote is not None:
            evidence[node].append(f"«{quote}» ({display(doc)}, line {line})")
        elif source is not None:
            evidence[node].append(f"{citation} <{source}>")

    found = []
    for node in sorted(nodes, key=str):
        if ranks[node] != DQ.Deprecated:
            continue
        record = sorted(record_by_key.get(key(node), []), key=str)
        notes = nodes[node].get(SKOS.note, [])
        found.append(
            Dispute(
                claim=display(node),
                kind=display(classes[node]),
                claimed=_describe(nodes[node]),
                text_says=tuple(evidence.get(node, [])),
                record_says=tuple(f"{display(r)}: {_describe(nodes[r])}" for r in record),
                why=" ".join(str(note) for note in notes),
            )
        )
    return found


_CLASS_COUNTS_QUERY = """
PREFIX dq: <https://w3id.org/dostastyq/ontology#>
SELECT ?class (COUNT(DISTINCT ?node) AS ?count) WHERE {
  VALUES ?class { dq:State dq:Organisation dq:Agreement dq:Treaty dq:Declaration dq:Protocol
                  dq:Charter dq:Person dq:Place dq:Event dq:Document }
  ?node a ?class .
} GROUP BY ?class
"""

_RELATION_SUPPORT_QUERY = """
PREFIX dq: <https://w3id.org/dostastyq/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?class ?rank (COUNT(?node) AS ?nodes) (SUM(?quoted) AS ?text) WHERE {
  {
    SELECT ?node ?class ?rank (MAX(IF(BOUND(?evidence), 1, 0)) AS ?quoted) WHERE {
      VALUES ?class { dq:Membership dq:Signing dq:Founding dq:Withdrawal dq:Ratification
                      dq:Accession dq:Succession dq:TermOfOffice }
      ?node a ?class ; dq:rank ?rank .
      OPTIONAL { ?node prov:wasDerivedFrom ?evidence . ?evidence a dq:TextEvidence }
    } GROUP BY ?node ?class ?rank
  }
} GROUP BY ?class ?rank
"""


@dataclass(frozen=True)
class RelationCount:
    """How many relation nodes of a class and rank, and what they rest on."""

    kind: str
    rank: str
    nodes: int
    with_corpus_quote: int
    external_only: int


def entity_counts(store: Store) -> dict[str, int]:
    """How many entities of each class (a treaty counts as a Treaty, not also an Agreement)."""
    rows = _select(store, _CLASS_COUNTS_QUERY)
    return {display(cls): int(count) for cls, count in sorted(rows, key=lambda r: display(r[0]))}


def relation_counts(store: Store) -> list[RelationCount]:
    """Relation nodes by class and rank, with how many cite the corpus and how many only an
    external source."""
    rows = _select(store, _RELATION_SUPPORT_QUERY)
    counts = [
        RelationCount(display(cls), display(rank), int(nodes), int(text), int(nodes) - int(text))
        for cls, rank, nodes, text in rows
    ]
    return sorted(counts, key=lambda c: (c.kind, c.rank))


def statistics_markdown(store: Store) -> str:
    """The counts of the data sheet (``corpus/README.md``) as Markdown tables.

    ``tests/test_datasheet.py`` checks that the data sheet shows what the build gives.
    """
    lines = ["| entity class | count |", "|---|---:|"]
    lines += [f"| {cls} | {count} |" for cls, count in entity_counts(store).items()]
    lines += [
        "",
        "| relation | rank | nodes | citing a corpus text | external sources only |",
        "|---|---|---:|---:|---:|",
    ]
    counts = relation_counts(store)
    lines += [
        f"| {c.kind} | {c.rank} | {c.nodes} | {c.with_corpus_quote} | {c.external_only} |"
        for c in counts
    ]
    total = sum(c.nodes for c in counts)
    quoted = sum(c.with_corpus_quote for c in counts)
    lines += [f"| **all** | | {total} | {quoted} | {total - quoted} |"]
    return "\n".join(lines) + "\n"


STATS_BEGIN = "<!-- kg report stats: begin -->"
STATS_END = "<!-- kg report stats: end -->"


def with_statistics(document: str, statistics: str) -> str:
    """``document`` with the text between the stats markers replaced by ``statistics``.

    >>> with_statistics(f"a\\n{STATS_BEGIN}\\nold\\n{STATS_END}\\nb", "new\\n").splitlines()[2]
    'new'
    """
    before, begin, rest = document.partition(STATS_BEGIN)
    _, end, after = rest.partition(STATS_END)
    if not begin or not end:
        raise ValueError(f"the document has no {STATS_BEGIN} ... {STATS_END} section")
    return f"{before}{STATS_BEGIN}\n{statistics}{STATS_END}{after}"
