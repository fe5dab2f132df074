"""The knowledge graph as NetworkX graphs *as of a date*.

Four projections, each read from any store (``Store.query(text, bindings)``) by **one** SPARQL
query whose parameters are bound as RDF terms, never pasted into the query text:

- ``affiliation(store, at)``: the bipartite state–organisation graph on day ``at``. Edge
  attributes ``role`` (``FullMember``, ``AssociateMember``, ``Observer``), ``start``, ``end``
  (``datetime.date`` or ``None``) and ``claim`` (the membership's id). Nodes carry networkx's
  ``bipartite`` attribute: 0 for states, 1 for organisations.
- ``comembership(store, at, weight)``: state–state, weighted by the organisations both states
  belong to on day ``at`` (``weight="count"``), or by that number divided by the number of
  organisations either belongs to (``weight="jaccard"``).
- ``cosignature(store, until, weight)``: state–state, weighted by the agreements both states
  signed on or before ``until`` (same two weightings).
- ``typed(store, at)``: a ``MultiDiGraph`` of all entities and the relations between them, for
  exploration (see ``typed`` for how the n-ary relation nodes appear).

Node keys are resource ids (``state/KAZ``, ``org/cis``). Node attributes: ``type`` (``State``,
``Organisation``, ``Treaty`` …), ``label`` (English, else the id), ``label_en``, ``label_kk``,
``label_ru`` (where the graph has them), ``iso3`` (states) and ``iri``. Attributes with no
value are left out rather than set to ``None`` (except an affiliation's open ``end``). Literals
and ``rdf:type`` never become nodes.

**Time** (DESIGN.md): a membership is active on day D when ``start <= D`` and it has no end or
``D < end``, so the joining day is inside and the leaving day outside. A signing counts from
its date. Only claims that count under the best-rank rule (``a dq:BestRank``: never deprecated ones,
normal ones only where their key has no preferred claim) enter a network.

**Yearly series** extract once and slice in Python: ``memberships(store, first, last)`` reads
every spell that touches the window with one query, ``affiliation_graph(spells, day)`` applies
the time rule for each day, and ``yearly_graphs`` does both for a range of years. A *year* means
its 30 June (``YEAR_DAY``): mid-year, so that a year is represented by a day inside it rather
than by its edges (1 January 1992 would already show the CIS founded on 21 December 1991 as
"1992", and 31 December would credit a year to a state that joined on its last days).

The curated graph, as a store (examples below use it and only facts that will not change):

>>> from datetime import date
>>> from pathlib import Path
>>> from kg.build import build_graph
>>> from kg.facts import load_facts
>>> from kg.stores import MemoryStore
>>> store = MemoryStore(build_graph(load_facts(Path("corpus/facts"), Path("corpus"))).graph)
>>> graph = affiliation(store, date(2009, 8, 17))
>>> graph.edges["state/GEO", "org/cis"]["end"]
datetime.date(2009, 8, 18)
>>> affiliation(store, date(2009, 8, 18)).has_edge("state/GEO", "org/cis")
False
>>> graph.nodes["state/KAZ"]["label_kk"], graph.nodes["state/KAZ"]["iso3"]
('Қазақстан', 'KAZ')

**Scopes** (``scopes``): the named universes a network is measured over, as the graph
defines them (``corpus/scopes.yaml``, written by ``kg build``): ``scope(store, "post-soviet")``
gives the organisations and records that count, and every projection takes ``scope=``.

The modules: ``extract`` (membership and signing records, one query each), ``scopes``,
``projections`` (graphs on a day, yearly series), ``typed`` (everything, for exploration),
``export`` (GraphML, GEXF, JSON). Their SPARQL is in ``kg/queries/network/``.
"""

from __future__ import annotations

from kg.network.export import exportable, serialise_graph
from kg.network.extract import (
    N_ARY_RELATIONS,
    ONE_ENTITY_RELATIONS,
    SHORTCUTS,
    YEAR_DAY,
    Memberships,
    Signature,
    Signatures,
    Spell,
    Weight,
    memberships,
    signatures,
    year_day,
)
from kg.network.projections import (
    affiliation,
    affiliation_graph,
    comembership,
    cosignature,
    project_states,
    projection,
    signing_graph,
    yearly_graphs,
)
from kg.network.scopes import Scope, everything, narrowed, scope, scopes
from kg.network.typed import typed
from kg.vocab import EXPORT_FORMATS, PROJECTIONS, WEIGHTS

__all__ = [
    "EXPORT_FORMATS",
    "N_ARY_RELATIONS",
    "ONE_ENTITY_RELATIONS",
    "PROJECTIONS",
    "SHORTCUTS",
    "WEIGHTS",
    "YEAR_DAY",
    "Memberships",
    "Scope",
    "Signature",
    "Signatures",
    "Spell",
    "Weight",
    "affiliation",
    "affiliation_graph",
    "comembership",
    "cosignature",
    "everything",
    "exportable",
    "memberships",
    "narrowed",
    "project_states",
    "projection",
    "scope",
    "scopes",
    "serialise_graph",
    "signatures",
    "signing_graph",
    "typed",
    "year_day",
    "yearly_graphs",
]
