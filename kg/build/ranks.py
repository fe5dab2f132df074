"""The best-rank rule (Wikidata's, docs/design.md): of the claims about one key — a member and an
organisation, a signatory and an agreement, … (``kg.vocab.CLAIM_KEYS``) — the preferred ones count
if there are any, else the normal ones; deprecated claims never count. The build marks every
claim that counts with the class ``dq:BestRank`` (as Wikidata's RDF marks ``wikibase:BestRank``),
so a query, a projection or the explorer selects ``?claim a dq:BestRank`` and applies the rule
without knowing where a claim came from.

>>> from kg.examples import tiny_graph
>>> graph = tiny_graph()
>>> apply_best_rank(graph)  # five memberships, none ranked: all count
5
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.vocab import CLAIM_KEYS, DQ

__all__ = ["add_membership_shortcuts", "apply_best_rank", "claim_key"]


def claim_key(graph: Graph, claim: URIRef, properties: tuple[URIRef, ...]) -> tuple:
    """The values of ``properties`` on ``claim``: claims with equal keys are about one thing."""
    return tuple(tuple(sorted(graph.objects(claim, p))) for p in properties)


def apply_best_rank(graph: Graph) -> int:
    """Mark with ``dq:BestRank`` every claim that counts under the best-rank rule (and unmark the
    others); the number of memberships marked. Claims without ``dq:rank`` are normal."""
    graph.remove((None, RDF.type, DQ.BestRank))
    memberships = 0
    for cls, properties in CLAIM_KEYS.items():
        by_key: dict[tuple, list[tuple[URIRef, URIRef]]] = defaultdict(list)
        for claim in graph.subjects(RDF.type, cls):
            rank = graph.value(claim, DQ.rank) or DQ.Normal
            by_key[claim_key(graph, claim, properties)].append((claim, rank))
        for claims in by_key.values():
            best = DQ.Preferred if any(r == DQ.Preferred for _, r in claims) else DQ.Normal
            for claim, rank in claims:
                if rank == best:
                    graph.add((claim, RDF.type, DQ.BestRank))
                    memberships += cls == DQ.Membership
    return memberships


def add_membership_shortcuts(graph: Graph) -> None:
    """``?state dq:memberOf ?org`` for every membership that counts (``dq:BestRank``)."""
    for claim in graph.subjects(RDF.type, DQ.BestRank):
        member, organisation = graph.value(claim, DQ.member), graph.value(claim, DQ.organisation)
        if member is not None and organisation is not None:
            graph.add((member, DQ.memberOf, organisation))
