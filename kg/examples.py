"""A tiny graph in the data model, for examples and doctests (as networkx's ``path_graph(3)``).

Three states, two organisations and one agreement, with the dates of the real record: Kazakhstan
and Russia in the CIS from 21 December 1991 and in the CSTO from 20 April 1994, Georgia in the
CIS from December 1993 (month precision) until 18 August 2009, and the Alma-Ata Protocol signed
by Kazakhstan and Russia on 21 December 1991. No evidence nodes: this is an example, not the
record (``kg build`` makes the record, with its quotes). Every claim counts under the best-rank
rule, so each is marked ``dq:BestRank`` as the build marks it. Counted by hand: 23 triples
describe the entities, 38 the five memberships, 12 the two signings, 8 are shortcuts.

>>> store = tiny_store()
>>> len(tiny_graph())
81
>>> answer = store.query("SELECT ?org WHERE { ?state dq:iso3 'GEO' ; dq:memberOf ?org }")
>>> [str(row[0]) for row in answer.rows]
['https://w3id.org/dostastyq/id/org/cis']
"""

from __future__ import annotations

from rdflib import Graph

from kg.stores.memory import MemoryStore
from kg.vocab import bind_prefixes

__all__ = ["TINY_TURTLE", "tiny_graph", "tiny_store"]

TINY_TURTLE = """\
@prefix dq: <https://w3id.org/dostastyq/ontology#> .
@base <https://w3id.org/dostastyq/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<state/KAZ> a dq:State ; dq:iso3 "KAZ" ;
    rdfs:label "Kazakhstan"@en, "Қазақстан"@kk, "Казахстан"@ru .
<state/RUS> a dq:State ; dq:iso3 "RUS" ;
    rdfs:label "Russia"@en, "Ресей"@kk, "Россия"@ru .
<state/GEO> a dq:State ; dq:iso3 "GEO" ;
    rdfs:label "Georgia"@en, "Грузия"@kk, "Грузия"@ru .
<org/cis> a dq:Organisation ;
    rdfs:label "Commonwealth of Independent States"@en, "Тәуелсіз Мемлекеттер Достастығы"@kk .
<org/csto> a dq:Organisation ; rdfs:label "Collective Security Treaty Organisation"@en .
<agreement/alma-ata-protocol-1991> a dq:Agreement, dq:Protocol ;
    rdfs:label "Alma-Ata Protocol"@en .

<membership/KAZ-cis-1991> a dq:Membership, dq:BestRank ; dq:member <state/KAZ> ;
    dq:organisation <org/cis> ; dq:role dq:FullMember ;
    dq:start "1991-12-21"^^xsd:date ; dq:startPrecision dq:Day .
<membership/RUS-cis-1991> a dq:Membership, dq:BestRank ; dq:member <state/RUS> ;
    dq:organisation <org/cis> ; dq:role dq:FullMember ;
    dq:start "1991-12-21"^^xsd:date ; dq:startPrecision dq:Day .
<membership/GEO-cis-1993> a dq:Membership, dq:BestRank ; dq:member <state/GEO> ;
    dq:organisation <org/cis> ; dq:role dq:FullMember ;
    dq:start "1993-12-01"^^xsd:date ; dq:startPrecision dq:Month ;
    dq:end "2009-08-18"^^xsd:date ; dq:endPrecision dq:Day ; dq:endCause dq:Withdrawal .
<membership/KAZ-csto-1994> a dq:Membership, dq:BestRank ; dq:member <state/KAZ> ;
    dq:organisation <org/csto> ; dq:role dq:FullMember ;
    dq:start "1994-04-20"^^xsd:date ; dq:startPrecision dq:Day .
<membership/RUS-csto-1994> a dq:Membership, dq:BestRank ; dq:member <state/RUS> ;
    dq:organisation <org/csto> ; dq:role dq:FullMember ;
    dq:start "1994-04-20"^^xsd:date ; dq:startPrecision dq:Day .

<signing/KAZ-alma-ata-protocol-1991> a dq:Signing, dq:BestRank ; dq:signatory <state/KAZ> ;
    dq:agreement <agreement/alma-ata-protocol-1991> ;
    dq:date "1991-12-21"^^xsd:date ; dq:datePrecision dq:Day .
<signing/RUS-alma-ata-protocol-1991> a dq:Signing, dq:BestRank ; dq:signatory <state/RUS> ;
    dq:agreement <agreement/alma-ata-protocol-1991> ;
    dq:date "1991-12-21"^^xsd:date ; dq:datePrecision dq:Day .

<state/KAZ> dq:memberOf <org/cis>, <org/csto> ;
    dq:signed <agreement/alma-ata-protocol-1991> .
<state/RUS> dq:memberOf <org/cis>, <org/csto> ;
    dq:signed <agreement/alma-ata-protocol-1991> .
<state/GEO> dq:memberOf <org/cis> ; dq:withdrewFrom <org/cis> .
"""


def tiny_graph() -> Graph:
    """The tiny example graph (a new rdflib ``Graph`` at each call)."""
    return bind_prefixes(Graph()).parse(data=TINY_TURTLE, format="turtle")


def tiny_store() -> MemoryStore:
    """The tiny example graph as a memory store."""
    return MemoryStore(tiny_graph(), description="the tiny example graph")
