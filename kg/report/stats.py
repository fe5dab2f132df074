"""Disputes and statistics, computed from any store.

``disputes(store)`` lists every deprecated claim — a source's statement the curators judge
wrong — with what the source says (its quote, document and line), what the curated record says
about the same thing (the non-deprecated claims with the same key: the same member and
organisation, the same agreement and signatory, ...), and the curators' note saying why.
``by_sentence(disputes)`` groups them by what the source says, for readers: the Alma-Ata
Protocol's misdated sentence is one entry with its eleven claims, not eleven entries.
Line numbers are those of the normalised text (``corpus/texts``), as in ``dq:line`` and in the
curators' notes; ``kg corpus cite`` gives a quote's place in the original.

The data sheet (``corpus/README.md``, ``kg report stats --update``) has two generated sections:
the counts of the curated record (``statistics_markdown``) and, where the graph has the world
layer, the agreement of the curated record with the Correlates of War
(``reconciliation_section``).
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef
from rdflib.namespace import SKOS
from rdflib.term import Identifier, Node

from kg.report.reconcile import (
    COW_FIRST_YEAR,
    COW_LAST_YEAR,
    COW_SOURCE,
    reconcile,
    reconciliation_markdown,
)
from kg.stores.base import QueryResult, Store
from kg.vocab import CLAIM_KEYS, DQ, display

__all__ = [
    "RECONCILE_BEGIN",
    "RECONCILE_END",
    "STATS_BEGIN",
    "STATS_END",
    "Dispute",
    "DisputedSentence",
    "RelationCount",
    "by_sentence",
    "disputes",
    "entity_counts",
    "mark_counts",
    "reconciliation_section",
    "relation_counts",
    "statistics_markdown",
    "with_section",
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
            evidence[node].append(f"«{quote}» ({display(doc)}, line {line} of the normalised text)")
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


@dataclass(frozen=True)
class DisputedSentence:
    """What a source says (its quotes, or its citation), and the deprecated claims read from it.

    ``why`` is the curators' note when every claim has the same one (the claims then differ
    only in their party), else empty and each claim keeps its own.
    """

    text_says: tuple[str, ...]
    why: str
    claims: tuple[Dispute, ...]


def by_sentence(found: list[Dispute]) -> list[DisputedSentence]:
    """``found`` grouped by what the source says, in the order of the first claim of each.

    >>> one = Dispute("signing/x-A", "dq:Signing", "signatory=state/A", ("«q» (doc/t, line 1)",),
    ...               (), "Wrong day.")
    >>> two = Dispute("signing/x-B", "dq:Signing", "signatory=state/B", ("«q» (doc/t, line 1)",),
    ...               (), "Wrong day.")
    >>> [(len(group.claims), group.why) for group in by_sentence([one, two])]
    [(2, 'Wrong day.')]
    """
    groups: dict[tuple[str, ...], list[Dispute]] = defaultdict(list)
    for dispute in found:
        groups[dispute.text_says].append(dispute)
    sentences = []
    for text_says, claims in groups.items():
        notes = {claim.why for claim in claims}
        why = notes.pop() if len(notes) == 1 else ""
        sentences.append(DisputedSentence(text_says, why, tuple(claims)))
    return sentences


_ENTITY_CLASSES = """dq:State dq:Organisation dq:Agreement dq:Treaty dq:Declaration dq:Protocol
                  dq:Charter dq:Person dq:Place dq:Event dq:Document"""
_RELATION_CLASSES = """dq:Membership dq:Signing dq:Founding dq:Withdrawal dq:Ratification
                      dq:Accession dq:Succession dq:TermOfOffice"""

_CLASS_COUNTS_QUERY = f"""
PREFIX dq: <https://w3id.org/dostastyq/ontology#>
SELECT ?class (COUNT(DISTINCT ?node) AS ?count) WHERE {{
  VALUES ?class {{ {_ENTITY_CLASSES} }}
  ?node a ?class .
}} GROUP BY ?class
"""

# The world layer's entities and claims (evidence citing a dq:Dataset), counted to be taken off
# the totals: a positive pattern, where "nodes without such evidence" (NOT EXISTS over a path)
# takes Oxigraph minutes on the world layer.
_DATASET_CLASS_COUNTS_QUERY = f"""
PREFIX dq: <https://w3id.org/dostastyq/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?class (COUNT(DISTINCT ?node) AS ?count) WHERE {{
  VALUES ?class {{ {_ENTITY_CLASSES} }}
  ?node a ?class ; prov:wasDerivedFrom/dcterms:source ?source . ?source a dq:Dataset .
}} GROUP BY ?class
"""

_DATASET_RELATIONS_QUERY = f"""
PREFIX dq: <https://w3id.org/dostastyq/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?class ?rank (COUNT(DISTINCT ?node) AS ?nodes) WHERE {{
  VALUES ?class {{ {_RELATION_CLASSES} }}
  ?node a ?class ; dq:rank ?rank ; prov:wasDerivedFrom/dcterms:source ?source .
  ?source a dq:Dataset .
}} GROUP BY ?class ?rank
"""

# Relation nodes by class and rank, and apart those citing a corpus text: two plain counts, where
# one query with an OPTIONAL per node took rdflib 100 s over the world layer's 19,000
# memberships. The second starts from the text evidence (a few hundred nodes), so that rdflib
# orders its pattern from there.
_RELATION_NODES_QUERY = f"""
PREFIX dq: <https://w3id.org/dostastyq/ontology#>
SELECT ?class ?rank (COUNT(DISTINCT ?node) AS ?nodes) WHERE {{
  VALUES ?class {{ {_RELATION_CLASSES} }}
  ?node a ?class ; dq:rank ?rank .
}} GROUP BY ?class ?rank
"""

_RELATIONS_QUOTED_QUERY = f"""
PREFIX dq: <https://w3id.org/dostastyq/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?class ?rank (COUNT(DISTINCT ?node) AS ?nodes) WHERE {{
  ?evidence a dq:TextEvidence . ?node prov:wasDerivedFrom ?evidence ; a ?class ; dq:rank ?rank .
  VALUES ?class {{ {_RELATION_CLASSES} }}
}} GROUP BY ?class ?rank
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
    """How many entities of each class the curated record has (a treaty counts as a Treaty, not
    also an Agreement): those derived from a dataset (the world layer's new states and IGOs)
    are left out, the curated entities the world layer only adds codes to are not."""
    # rdflib answers an empty GROUP BY with one row of unbound values: skipped.
    world = {
        display(cls): int(n)
        for cls, n in _select(store, _DATASET_CLASS_COUNTS_QUERY)
        if cls is not None
    }
    rows = _select(store, _CLASS_COUNTS_QUERY)
    counts = {display(cls): int(count) - world.get(display(cls), 0) for cls, count in rows}
    return {cls: count for cls, count in sorted(counts.items()) if count}


def relation_counts(store: Store) -> list[RelationCount]:
    """The curated record's relation nodes by class and rank (those derived from a dataset left
    out), with how many cite the corpus and how many only an external source. The ranks are
    the build's: where the world layer speaks about a pair too, the pair's curated claims are
    ``Preferred``."""
    world = {
        (display(cls), display(rank)): int(nodes)
        for cls, rank, nodes in _select(store, _DATASET_RELATIONS_QUERY)
        if cls is not None
    }
    quoted = {
        (display(cls), display(rank)): int(nodes)
        for cls, rank, nodes in _select(store, _RELATIONS_QUOTED_QUERY)
        if cls is not None
    }
    counts = []
    for cls, rank, nodes in _select(store, _RELATION_NODES_QUERY):
        if cls is None:
            continue
        key = (display(cls), display(rank))
        # A dataset's claims cite no corpus text, so all of them come off the external ones.
        curated, text = int(nodes) - world.get(key, 0), quoted.get(key, 0)
        if curated:
            counts.append(RelationCount(*key, curated, text, curated - text))
    return sorted(counts, key=lambda c: (c.kind, c.rank))


_MARKS_QUERY = """
PREFIX dq: <https://w3id.org/dostastyq/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?what (COUNT(DISTINCT ?node) AS ?count) WHERE {
  { ?node a dq:EvidenceFlaw . BIND ("flaws" AS ?what) }
  UNION
  { ?claim dq:evidenceFlaw ?flaw . BIND (?claim AS ?node) BIND ("flawed claims" AS ?what) }
  UNION
  { ?node dq:rank ?rank ; skos:note ?note . FILTER (LANG(?note) IN ("kk", "ru"))
    BIND (CONCAT("notes in ", LANG(?note)) AS ?what) }
} GROUP BY ?what
"""


def mark_counts(store: Store) -> dict[str, int]:
    """The curators' marks: the evidence flaws (quotes that support a claim but get a detail
    wrong), the claims they are on, and the claims whose note is also in Kazakh (``notes in
    kk``) or Russian."""
    found = {str(what): int(count) for what, count in _select(store, _MARKS_QUERY) if what}
    return {
        key: found.get(key, 0) for key in ("flaws", "flawed claims", "notes in kk", "notes in ru")
    }


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
    marks = mark_counts(store)
    lines += [
        "",
        "| the curators' marks | count |",
        "|---|---:|",
        f"| quotes that support their claim with a flaw (dq:EvidenceFlaw) | {marks['flaws']} |",
        f"| claims citing such a quote | {marks['flawed claims']} |",
        f"| claims with a note in Kazakh too | {marks['notes in kk']} |",
        f"| claims with a note in Russian too | {marks['notes in ru']} |",
    ]
    return "\n".join(lines) + "\n"


_COW_CITATION_QUERY = f"""
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?citation WHERE {{ <{COW_SOURCE}> dcterms:bibliographicCitation ?citation }}
"""


def reconciliation_section(store: Store) -> str | None:
    """The data sheet's section on the curated record beside the Correlates of War IGO data:
    what the verdicts mean, COW's citation as the graph gives it, and the agreement rates by
    organisation (``kg report reconcile``'s summary). ``None`` when the graph has no world
    layer (no citation of ``dqr:source/cow-igo-v3``)."""
    citations = sorted(str(row[0]) for row in _select(store, _COW_CITATION_QUERY))
    if not citations:
        return None
    lead = (
        "For every organisation that both the curated record and the Correlates of War (COW) "
        "IGO data code, `kg report reconcile` compares the two records pair by pair (state, "
        "organisation). A pair **agrees** when both have the state a member in the same years "
        f"of COW's range, {COW_FIRST_YEAR}-{COW_LAST_YEAR}, in the same roles: a year counts "
        "when the membership is active on any day of it, and the years COW leaves open (a "
        "bound it does not know to the year: a missing or imputed neighbour, a predecessor or "
        "successor the crosswalk splits off) do not count against the curated record. It "
        "**differs** when some year or role differs; *only curated* and *only COW* pairs have "
        "no membership in the other record; *after COW* pairs begin after COW's data end in "
        f"{COW_LAST_YEAR}, and are left out of the agreement rate, which is *agree* over the "
        "other pairs."
    )
    paragraphs = [lead, *(f"COW: {citation}" for citation in citations)]
    # Wrapped as the data sheet's prose is, so that a diff of the data sheet stays readable.
    text = "\n\n".join(
        textwrap.fill(p, width=100, break_long_words=False, break_on_hyphens=False)
        for p in paragraphs
    )
    return f"{text}\n\n{reconciliation_markdown(reconcile(store))}"


STATS_BEGIN = "<!-- kg report stats: begin -->"
STATS_END = "<!-- kg report stats: end -->"
RECONCILE_BEGIN = "<!-- kg report reconcile: begin -->"
RECONCILE_END = "<!-- kg report reconcile: end -->"


def with_section(document: str, begin: str, end: str, text: str) -> str:
    """``document`` with the text between the markers ``begin`` and ``end`` replaced by
    ``text``; ``ValueError`` if it has no such section.

    >>> with_section("a\\n<b>\\nold\\n<e>\\nc", "<b>", "<e>", "new\\n").splitlines()[2]
    'new'
    """
    before, found_begin, rest = document.partition(begin)
    _, found_end, after = rest.partition(end)
    if not found_begin or not found_end:
        raise ValueError(f"the document has no {begin} ... {end} section")
    return f"{before}{begin}\n{text}{end}{after}"


def with_statistics(document: str, statistics: str) -> str:
    """``document`` with the text between the stats markers replaced by ``statistics``.

    >>> with_statistics(f"a\\n{STATS_BEGIN}\\nold\\n{STATS_END}\\nb", "new\\n").splitlines()[2]
    'new'
    """
    return with_section(document, STATS_BEGIN, STATS_END, statistics)
