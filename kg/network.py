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
its date. Claims ranked ``dq:Deprecated`` are left out everywhere.

**Yearly series** extract once and slice in Python: ``memberships(store, first, last)`` reads
every spell that touches the window with one query, ``affiliation_graph(spells, day)`` applies
the time rule for each day, and ``yearly_graphs`` does both for a range of years. A *year* means
its 30 June (``YEAR_DAY``): mid-year, so that a year is represented by a day inside it rather
than by its edges (1 January 1992 would already show the CIS founded on 21 December 1991 as
"1992", and 31 December would credit a year to a state that joined on its last days).

The curated graph, as a store (examples below use it and only facts that will not change):

>>> from pathlib import Path
>>> from kg.build import build_graph
>>> from kg.facts import load_facts
>>> from kg.store import MemoryStore
>>> store = MemoryStore(build_graph(load_facts(Path("corpus/facts"), Path("corpus"))).graph)
>>> graph = affiliation(store, date(2009, 8, 17))
>>> graph.edges["state/GEO", "org/cis"]["end"]
datetime.date(2009, 8, 18)
>>> affiliation(store, date(2009, 8, 18)).has_edge("state/GEO", "org/cis")
False
>>> graph.nodes["state/KAZ"]["label_kk"], graph.nodes["state/KAZ"]["iso3"]
('Қазақстан', 'KAZ')
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any, Literal

import networkx as nx
import numpy as np
from rdflib import Literal as RDFLiteral
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.dates import is_active
from kg.query import display
from kg.store import QueryResult, Store
from kg.vocab import resource

Weight = Literal["count", "jaccard"]
WEIGHTS: tuple[str, ...] = ("count", "jaccard")
PROJECTIONS: tuple[str, ...] = ("affiliation", "comembership", "cosignature", "typed")
ROLES: tuple[str, ...] = ("FullMember", "AssociateMember", "Observer")
LANGUAGES: tuple[str, ...] = ("en", "kk", "ru")
EXPORT_FORMATS: tuple[str, ...] = ("graphml", "gexf", "json")

YEAR_DAY: tuple[int, int] = (6, 30)
"""The day (month, day) that stands for a year in yearly series: 30 June."""

# The entity classes of the data model (DESIGN.md), least specific first: an entity typed with
# two of them (dq:Agreement and dq:Treaty) is shown with the later one. Kept equal to the
# classes kg.build writes (a test checks it); not imported from there, which would load SHACL.
ENTITY_TYPES: tuple[str, ...] = (
    "State",
    "Organisation",
    "Agreement",
    "Treaty",
    "Declaration",
    "Protocol",
    "Charter",
    "Person",
    "Place",
    "Event",
)

# How each n-ary relation node becomes an edge of ``typed``: (node class, property whose value
# is the edge's source, property whose value is its target, edge relation name). The names are
# those of the derived shortcut properties (dq:memberOf …) where the data model has one.
N_ARY_RELATIONS: tuple[tuple[str, str, str, str], ...] = (
    ("Membership", "member", "organisation", "memberOf"),
    ("Signing", "signatory", "agreement", "signed"),
    ("Founding", "organisation", "founder", "foundedBy"),
    ("Withdrawal", "party", "organisation", "withdrewFrom"),
    ("Withdrawal", "party", "agreement", "withdrewFrom"),
    ("Accession", "party", "organisation", "accededTo"),
    ("Accession", "party", "agreement", "accededTo"),
    ("Ratification", "party", "agreement", "ratified"),
    ("Succession", "predecessor", "successor", "succeededBy"),
    ("TermOfOffice", "holder", "officeOf", "heldOfficeIn"),
)
# Timeless shortcut triples the build derives from the n-ary nodes: ``typed`` shows the nodes
# (with their dates) instead.
SHORTCUTS: tuple[str, ...] = ("memberOf", "signed", "foundedBy", "withdrewFrom", "succeededBy")

_PREFIXES = """\
PREFIX dq:      <https://w3id.org/dostastyq/ontology#>
PREFIX rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX prov:    <http://www.w3.org/ns/prov#>
PREFIX oa:      <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def _labels(var: str) -> str:
    return "\n".join(
        f'  OPTIONAL {{ ?{var} rdfs:label ?{var}_{lang} FILTER (LANG(?{var}_{lang}) = "{lang}") }}'
        for lang in LANGUAGES
    )


def _sampled_labels(var: str) -> str:
    return " ".join(f"(SAMPLE(?{var}_{lang}) AS ?{var}_label_{lang})" for lang in LANGUAGES)


# Every membership spell that is active on some day of the window [?from, ?until]; with
# ?from = ?until = D this is exactly the time rule for day D. The labels and ISO codes of
# entities come in rows of their own (UNION), so that one query is enough and each label is read
# once per entity rather than once per spell (on the 30,000 spells of bench/generate.py's graph,
# 0.7 s instead of 2.5 s on Oxigraph); ``memberships`` keeps those of the spells' states and
# organisations, the least label of a language should an entity have two.
MEMBERSHIPS_QUERY = f"""{_PREFIXES}
SELECT ?membership ?state ?organisation ?role ?start ?end ?entity ?label ?lang ?iso3
WHERE {{
  {{
    ?membership a dq:Membership ;
        dq:member ?state ;
        dq:organisation ?organisation ;
        dq:role ?role ;
        dq:start ?start .
    OPTIONAL {{ ?membership dq:end ?end }}
    FILTER NOT EXISTS {{ ?membership dq:rank dq:Deprecated }}
    FILTER (?start <= ?until && (!BOUND(?end) || ?from < ?end))
  }}
  UNION
  {{ ?entity rdfs:label ?label BIND (LANG(?label) AS ?lang) }}
  UNION
  {{ ?entity dq:iso3 ?iso3 }}
}}
"""

# Every signing on or before ?until.
SIGNINGS_QUERY = f"""{_PREFIXES}
SELECT ?signing ?state ?agreement ?date
       {_sampled_labels("state")} (SAMPLE(?iso3) AS ?state_iso3)
       {_sampled_labels("agreement")} (SAMPLE(?agreement_type) AS ?agreement_class)
WHERE {{
  ?signing a dq:Signing ;
      dq:signatory ?state ;
      dq:agreement ?agreement ;
      dq:date ?date .
  FILTER NOT EXISTS {{ ?signing dq:rank dq:Deprecated }}
  FILTER (?date <= ?until)
{_labels("state")}
  OPTIONAL {{ ?state dq:iso3 ?iso3 }}
{_labels("agreement")}
  OPTIONAL {{ ?agreement a ?agreement_type }}
}}
GROUP BY ?signing ?state ?agreement ?date
"""


def _values_types(var: str) -> str:
    return f"VALUES ?{var} {{ {' '.join(f'dq:{name}' for name in ENTITY_TYPES)} }}"


# One UNION branch per row of N_ARY_RELATIONS, with its class and properties written out: a
# VALUES table of properties would leave ``?claim ?property ?x`` open, which rdflib evaluates
# over every triple.
_N_ARY_PATTERNS = "\n      UNION\n".join(
    f"      {{ ?claim a dq:{cls} ; dq:{source} ?source ; dq:{target} ?target . "
    f'BIND ("{name}" AS ?relation) }}'
    for cls, source, target, name in N_ARY_RELATIONS
)

# The properties ``typed`` reads as (subject, attribute, value) rows, for entities and claims
# alike, and the attribute each becomes on a node or on an n-ary edge (DESIGN.md's names, in
# snake case). Precisions say how well a date is known: ``Day``, ``Month`` or ``Year``.
NODE_PROPERTIES: dict[str, str] = {
    "rdfs:label": "label",  # label_en, label_kk, label_ru by language
    "skos:altLabel": "alt_labels",  # every one, sorted; for search
    "dq:iso3": "iso3",
    "dq:inceptionPrecision": "inception_precision",
    "dq:dissolutionPrecision": "dissolution_precision",
    "dq:datePrecision": "date_precision",
}
CLAIM_PROPERTIES: dict[str, str] = {
    "dq:role": "role",
    "dq:startPrecision": "start_precision",
    "dq:endPrecision": "end_precision",
    "dq:datePrecision": "date_precision",
    "dq:announced": "announced",
    "dq:announcedPrecision": "announced_precision",
    "dq:endCause": "end_cause",
    "dq:place": "place",
    "dq:agreement": "agreement",
    "dq:representative": "representative",
    "dq:office": "office",
    "dq:successionKind": "succession_kind",
    "dq:rank": "rank",
    "skos:note": "note",
}
# One indexed pattern per property: rdflib answers each from its predicate index, where a
# pattern with an open predicate and a FILTER would scan every triple.
_ATTRIBUTE_PATTERNS = "\n  UNION\n".join(
    f"  {{ ?subject {prop} ?value . "
    f'BIND ("{prop}" AS ?attribute) BIND (LANG(?value) AS ?lang) BIND ("attribute" AS ?kind) }}'
    for prop in dict.fromkeys([*NODE_PROPERTIES, *CLAIM_PROPERTIES])
)
_ENTITY_TYPE_LIST = ", ".join(f"dq:{name}" for name in ENTITY_TYPES)

# Five kinds of rows, told apart by ?kind: entities ("node"), n-ary relation nodes drawn as
# edges ("nary"), plain entity-to-entity triples ("direct", e.g. an organisation's
# headquarters), the properties above ("attribute") and evidence ("evidence"). Attributes and
# evidence come apart from the rows they describe so that no row is multiplied by another's
# values. The window filter is at the top level, where every backend sees the bound
# parameters: an n-ary relation counts if its spell touches [?from, ?until] (or its date is on
# or before ?until); an entity exists unless it began after ?until or was dissolved on or
# before ?from, and an agreement or event exists from its date.
TYPED_QUERY = f"""{_PREFIXES}
SELECT ?kind ?node ?type ?inception ?dissolution ?nodeDate
       ?claim ?relation ?source ?predicate ?target ?start ?end ?date
       ?subject ?attribute ?value ?lang ?document ?quote ?cited ?citation
WHERE {{
  {{
    {_values_types("type")}
    ?node a ?type .
    BIND ("node" AS ?kind)
    OPTIONAL {{ ?node dq:inception ?inception }}
    OPTIONAL {{ ?node dq:dissolution ?dissolution }}
    OPTIONAL {{ ?node dq:date ?nodeDate }}
  }}
  UNION
  {{
    {{
{_N_ARY_PATTERNS}
    }}
    FILTER NOT EXISTS {{ ?claim dq:rank dq:Deprecated }}
    BIND ("nary" AS ?kind)
    OPTIONAL {{ ?claim dq:start ?start }}
    OPTIONAL {{ ?claim dq:end ?end }}
    OPTIONAL {{ ?claim dq:date ?date }}
  }}
  UNION
  {{
    {{ ?source a ?sourceType FILTER (?sourceType IN ({_ENTITY_TYPE_LIST})) }}
    {{
      ?source ?predicate ?target
      FILTER (isIRI(?target)
              && ?predicate NOT IN (rdf:type, {", ".join(f"dq:{name}" for name in SHORTCUTS)}))
    }}
    {{ ?target a ?targetType FILTER (?targetType IN ({_ENTITY_TYPE_LIST})) }}
    BIND ("direct" AS ?kind)
  }}
  UNION
{_ATTRIBUTE_PATTERNS}
  UNION
  {{
    ?subject prov:wasDerivedFrom ?evidence .
    ?evidence oa:hasSource ?document ; oa:hasSelector ?selector .
    ?selector oa:exact ?quote .
    BIND ("evidence" AS ?kind)
  }}
  UNION
  {{
    ?subject prov:wasDerivedFrom ?evidence .
    ?evidence dcterms:source ?cited .
    OPTIONAL {{ ?evidence dcterms:bibliographicCitation ?citation }}
    BIND ("evidence" AS ?kind)
  }}
  FILTER ((!BOUND(?start) || ?start <= ?until)
          && (!BOUND(?end) || ?from < ?end)
          && (!BOUND(?date) || ?date <= ?until)
          && (!BOUND(?inception) || ?inception <= ?until)
          && (!BOUND(?dissolution) || ?from < ?dissolution)
          && (!BOUND(?nodeDate) || ?nodeDate <= ?until))
}}
"""


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Spell:
    """One membership: a state in an organisation, in a role, from ``start`` until ``end``."""

    claim: str
    state: str
    organisation: str
    role: str
    start: date
    end: date | None

    def active_on(self, day: date) -> bool:
        """DESIGN.md's time rule: the joining day counts, the leaving day does not."""
        return is_active(self.start, self.end, day)


@dataclass(frozen=True)
class Memberships:
    """Membership spells and the attributes of the states and organisations they name."""

    spells: tuple[Spell, ...]
    nodes: Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class Signature:
    """One state's signature of an agreement, on ``date``."""

    claim: str
    state: str
    agreement: str
    date: date


@dataclass(frozen=True)
class Signatures:
    """Signatures and the attributes of the states and agreements they name."""

    signatures: tuple[Signature, ...]
    nodes: Mapping[str, Mapping[str, Any]]


# --------------------------------------------------------------------------- helpers


def _day(value: date) -> RDFLiteral:
    if not isinstance(value, date):
        raise TypeError(f"expected a datetime.date, not {value!r}")
    return RDFLiteral(value, datatype=XSD.date)


def _select(store: Store, text: str, bindings: Mapping[str, Node]) -> list[dict[str, Any]]:
    result = store.query(text, bindings)
    if not isinstance(result, QueryResult):
        raise TypeError("expected a SELECT result")
    return [
        {name: _value(term) for name, term in zip(result.columns, row, strict=True)}
        for row in result.rows
    ]


def _value(term: Node | None) -> Any:
    """A query answer as Python: dates as ``date``, numbers as numbers, IRIs as ids/names."""
    if term is None:
        return None
    if isinstance(term, RDFLiteral):
        value = term.toPython()
        return value if isinstance(value, date | int | float | bool) else str(term)
    return display(term)


def _node_attributes(
    node: str, type_: str, labels: Mapping[str, str | None], iso3: str | None = None
) -> dict[str, Any]:
    attributes: dict[str, Any] = {"type": type_, "label": labels.get("en") or node}
    for lang in LANGUAGES:
        if labels.get(lang):
            attributes[f"label_{lang}"] = labels[lang]
    if iso3:
        attributes["iso3"] = iso3
    attributes["iri"] = node if node.startswith(("http://", "https://")) else str(resource(node))
    return attributes


def _row_node(row: Mapping[str, Any], var: str, type_: str) -> dict[str, Any]:
    labels = {lang: row.get(f"{var}_label_{lang}") for lang in LANGUAGES}
    return _node_attributes(row[var], type_, labels, row.get(f"{var}_iso3"))


def year_day(year: int, day: tuple[int, int] = YEAR_DAY) -> date:
    """The day that stands for ``year`` in a yearly series.

    >>> year_day(2005)
    datetime.date(2005, 6, 30)
    """
    return date(year, *day)


# --------------------------------------------------------------------------- extraction


def memberships(store: Store, first: date, last: date | None = None) -> Memberships:
    """Every membership active on some day from ``first`` to ``last`` (default: ``first``).

    One query; slice it by day with ``affiliation_graph``. Deprecated claims are left out.

    >>> from pathlib import Path
    >>> from kg.build import build_graph
    >>> from kg.facts import load_facts
    >>> from kg.store import MemoryStore
    >>> store = MemoryStore(build_graph(load_facts(Path("corpus/facts"), Path("corpus"))).graph)
    >>> spells = memberships(store, date(1992, 1, 1), date(2025, 12, 31))
    >>> [(s.start, s.end) for s in spells.spells if s.claim == "membership/GEO-cis-1993"]
    [(datetime.date(1993, 12, 1), datetime.date(2009, 8, 18))]
    """
    last = first if last is None else last
    rows = _select(store, MEMBERSHIPS_QUERY, {"from": _day(first), "until": _day(last)})
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    codes: dict[str, str] = {}
    spells = []
    for row in rows:
        if row["membership"] is not None:
            spells.append(
                Spell(
                    row["membership"],
                    row["state"],
                    row["organisation"],
                    row["role"],
                    row["start"],
                    row["end"],
                )
            )
        elif row["label"] is not None:
            known = labels[row["entity"]].get(row["lang"])
            if known is None or row["label"] < known:
                labels[row["entity"]][row["lang"]] = row["label"]
        elif row["iso3"] is not None:
            codes[row["entity"]] = min(row["iso3"], codes.get(row["entity"], row["iso3"]))
    nodes: dict[str, dict[str, Any]] = {}
    for spell in spells:
        if spell.state not in nodes:
            nodes[spell.state] = _node_attributes(
                spell.state, "State", labels.get(spell.state, {}), codes.get(spell.state)
            )
        if spell.organisation not in nodes:
            nodes[spell.organisation] = _node_attributes(
                spell.organisation, "Organisation", labels.get(spell.organisation, {})
            )
    spells.sort(key=lambda s: (s.state, s.organisation, s.start, s.claim))
    return Memberships(tuple(spells), nodes)


def signatures(store: Store, until: date) -> Signatures:
    """Every signing on or before ``until`` (one query). Deprecated claims are left out."""
    rows = _select(store, SIGNINGS_QUERY, {"until": _day(until)})
    nodes: dict[str, dict[str, Any]] = {}
    found = []
    for row in rows:
        if row["signing"] is None:  # an empty group: no signing at all
            continue
        nodes.setdefault(row["state"], _row_node(row, "state", "State"))
        agreement_type = row.get("agreement_class") or "Agreement"
        nodes.setdefault(row["agreement"], _row_node(row, "agreement", agreement_type))
        found.append(Signature(row["signing"], row["state"], row["agreement"], row["date"]))
    found.sort(key=lambda s: (s.state, s.agreement, s.date, s.claim))
    return Signatures(tuple(found), nodes)


# --------------------------------------------------------------------------- graphs from records

_ROLE_ORDER = {role: index for index, role in enumerate(ROLES)}


def affiliation_graph(
    records: Memberships,
    at: date,
    roles: Collection[str] | None = None,
    organisations: Collection[str] | None = None,
) -> nx.Graph:
    """The bipartite state–organisation graph on day ``at``, from extracted spells.

    Only spells active on ``at`` (and in one of ``roles``, and of one of ``organisations``, when
    given: ``["org/cis", "org/csto"]``) make edges. Should two spells
    of one state in one organisation both be active (a curation overlap), the edge shows the
    stronger role (full, then associate, then observer), then the later start.
    """
    graph = nx.Graph(projection="affiliation", at=at)
    chosen: dict[tuple[str, str], Spell] = {}
    for spell in records.spells:
        if not spell.active_on(at) or (roles is not None and spell.role not in roles):
            continue
        if organisations is not None and spell.organisation not in organisations:
            continue
        key = (spell.state, spell.organisation)
        current = chosen.get(key)
        if current is None or (_ROLE_ORDER.get(spell.role, 99), -spell.start.toordinal()) < (
            _ROLE_ORDER.get(current.role, 99),
            -current.start.toordinal(),
        ):
            chosen[key] = spell
    for (state, organisation), spell in sorted(chosen.items()):
        graph.add_node(state, **records.nodes[state], bipartite=0)
        graph.add_node(organisation, **records.nodes[organisation], bipartite=1)
        graph.add_edge(
            state,
            organisation,
            role=spell.role,
            start=spell.start,
            end=spell.end,
            claim=spell.claim,
        )
    return graph


def signing_graph(records: Signatures, until: date) -> nx.Graph:
    """The bipartite state–agreement graph of signatures on or before ``until``."""
    graph = nx.Graph(projection="signing", until=until)
    for signature in records.signatures:
        if signature.date > until:
            continue
        graph.add_node(signature.state, **records.nodes[signature.state], bipartite=0)
        graph.add_node(signature.agreement, **records.nodes[signature.agreement], bipartite=1)
        if not graph.has_edge(signature.state, signature.agreement):
            graph.add_edge(
                signature.state, signature.agreement, date=signature.date, claim=signature.claim
            )
    return graph


def project_states(
    bipartite: nx.Graph, weight: Weight = "count", via: str = "organisations"
) -> nx.Graph:
    """The one-mode projection of a bipartite graph onto its states (``bipartite == 0``).

    Two states are joined when they share a neighbour. ``weight="count"``: the number shared;
    ``"jaccard"``: that number over the number of neighbours of either. Edge attributes:
    ``weight``, ``shared`` (the count) and ``via`` (``organisations`` or ``agreements``: the
    shared ids, sorted). Every state is kept, isolated or not. ``bipartite`` is not changed.

    >>> b = nx.Graph()
    >>> b.add_nodes_from(["A", "B", "C"], bipartite=0)
    >>> b.add_nodes_from(["x", "y"], bipartite=1)
    >>> b.add_edges_from([("A", "x"), ("B", "x"), ("B", "y"), ("C", "y")])
    >>> sorted(project_states(b).edges(data="weight"))
    [('A', 'B', 1), ('B', 'C', 1)]
    >>> project_states(b, "jaccard").edges["A", "B"]["weight"]
    0.5
    """
    if weight not in WEIGHTS:
        raise ValueError(f"weight must be one of {', '.join(WEIGHTS)}, not {weight!r}")
    states = sorted(n for n, side in bipartite.nodes(data="bipartite") if side == 0)
    projected = nx.Graph(**bipartite.graph)
    projected.graph["weighting"] = weight
    for state in states:
        attributes = {k: v for k, v in bipartite.nodes[state].items() if k != "bipartite"}
        projected.add_node(state, **attributes)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for other in sorted(n for n, side in bipartite.nodes(data="bipartite") if side == 1):
        for u, v in combinations(sorted(bipartite[other]), 2):
            shared[(u, v)].append(other)
    for (u, v), common in shared.items():
        if weight == "count":
            value: float = len(common)
        else:
            value = len(common) / len(set(bipartite[u]) | set(bipartite[v]))
        projected.add_edge(u, v, weight=value, shared=len(common), **{via: tuple(common)})
    return projected


class _Comemberships:
    """Co-membership graphs of many days from one set of spells, by matrix products.

    ``project_states(affiliation_graph(records, day, …))`` gives the same graph, but pairs the
    members of every organisation in Python: at the scale of the Correlates of War data (200
    states, 400 organisations alive, a million state–state–organisation pairs a year) that took
    13 s for a 200-year series. Here a day's state × organisation incidence matrix ``B`` gives
    the shared counts as ``B Bᵀ`` and the shared organisations as ``B[u] & B[v]``; nodes, edges,
    their order and their attributes are those of ``project_states`` (a test compares them), so
    that measures iterating over neighbours give the same floats.
    """

    def __init__(
        self,
        records: Memberships,
        roles: Collection[str] | None,
        organisations: Collection[str] | None,
    ):
        spells = [
            spell
            for spell in records.spells
            if (roles is None or spell.role in roles)
            and (organisations is None or spell.organisation in organisations)
        ]
        self.nodes = records.nodes
        self.states = sorted({spell.state for spell in spells})
        self.organisations = np.array(sorted({spell.organisation for spell in spells}), object)
        state_index = {state: index for index, state in enumerate(self.states)}
        organisation_index = {org: index for index, org in enumerate(self.organisations)}
        self.state = np.array([state_index[spell.state] for spell in spells], np.int64)
        self.organisation = np.array(
            [organisation_index[spell.organisation] for spell in spells], np.int64
        )
        self.start = np.array([spell.start.toordinal() for spell in spells], np.int64)
        never = date.max.toordinal() + 1
        self.end = np.array(
            [never if spell.end is None else spell.end.toordinal() for spell in spells], np.int64
        )
        self.pair_indices: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def graph(self, at: date, weight: Weight, details: bool = True) -> nx.Graph:
        if weight not in WEIGHTS:
            raise ValueError(f"weight must be one of {', '.join(WEIGHTS)}, not {weight!r}")
        graph = nx.Graph(projection="comembership", at=at, weighting=weight)
        day = at.toordinal()
        active = (self.start <= day) & (day < self.end)  # DESIGN.md's time rule
        incidence = np.zeros((len(self.states), len(self.organisations)), bool)
        incidence[self.state[active], self.organisation[active]] = True
        present = np.flatnonzero(incidence.any(axis=1))
        graph.add_nodes_from((self.states[i], self.nodes[self.states[i]]) for i in present)
        columns = np.flatnonzero(incidence.sum(axis=0) >= 2)
        if len(columns) == 0:
            return graph
        if details:
            us, vs, counts, shared = self._pairs_with_organisations(incidence, columns)
        else:
            us, vs, counts = self._pairs_counted(incidence, columns)
            shared = None
        if weight == "count":
            values = counts.tolist()
        else:
            degree = incidence.sum(axis=1)
            values = (counts / (degree[us] + degree[vs] - counts)).tolist()
        states = self.states
        pairs = zip(us.tolist(), vs.tolist(), values, counts.tolist(), strict=True)
        if shared is None:
            graph.add_edges_from(
                (states[u], states[v], {"weight": value, "shared": count})
                for u, v, value, count in pairs
            )
        else:
            graph.add_edges_from(
                (states[u], states[v], {"weight": value, "shared": count, "organisations": via})
                for (u, v, value, count), via in zip(pairs, shared, strict=True)
            )
        return graph

    def _pairs_counted(self, incidence: np.ndarray, columns: np.ndarray):
        """Pairs of states with a shared organisation and how many: ``B Bᵀ``. Ordered as
        project_states adds them: by the first organisation they share, then u, then v."""
        matrix = incidence.astype(np.float64)
        shared = np.rint(np.triu(matrix @ matrix.T, 1)).astype(np.int64)
        us, vs = np.nonzero(shared)
        first = np.zeros(shared.shape, np.int64)
        for column in columns[::-1]:  # the last written is the first organisation
            members = np.flatnonzero(incidence[:, column])
            first[np.ix_(members, members)] = column
        order = np.lexsort((vs, us, first[us, vs]))
        return us[order], vs[order], shared[us, vs][order]

    def _pairs_with_organisations(self, incidence: np.ndarray, columns: np.ndarray):
        """As ``_pairs_counted``, with the tuple of shared organisations of every pair: every
        (pair, organisation) in the order project_states meets them, grouped by pair."""
        size = len(self.states)
        pairs, shared_in = [], []
        for column in columns:
            members = np.flatnonzero(incidence[:, column])
            first, second = self._pairs(len(members))
            pairs.append(members[first] * size + members[second])
            shared_in.append(np.full(len(first), column))
        keys, organisations = np.concatenate(pairs), np.concatenate(shared_in)
        by_pair = np.argsort(keys, kind="stable")  # within a pair, organisations stay sorted
        unique, starts, counts = np.unique(keys[by_pair], return_index=True, return_counts=True)
        names = self.organisations[organisations[by_pair]].tolist()
        order = np.argsort(by_pair[starts])  # the order in which each pair first appears
        us, vs = np.divmod(unique[order], size)
        counts, starts = counts[order], starts[order]
        shared = [
            tuple(names[offset : offset + count])
            for offset, count in zip(starts.tolist(), counts.tolist(), strict=True)
        ]
        return us, vs, counts, shared

    def _pairs(self, count: int) -> tuple[np.ndarray, np.ndarray]:
        """The indices of every pair of ``count`` items in ``combinations`` order."""
        if count not in self.pair_indices:
            self.pair_indices[count] = np.triu_indices(count, 1)
        return self.pair_indices[count]


# --------------------------------------------------------------------------- projections


def affiliation(
    store: Store,
    at: date,
    roles: Collection[str] | None = None,
    *,
    organisations: Collection[str] | None = None,
) -> nx.Graph:
    """The bipartite state–organisation graph on day ``at`` (one query).

    ``roles`` restricts it to some roles (``FullMember``, ``AssociateMember``, ``Observer``),
    ``organisations`` to some organisations (ids such as ``org/cis``).
    """
    return affiliation_graph(memberships(store, at), at, roles, organisations)


def comembership(
    store: Store,
    at: date,
    weight: Weight = "count",
    roles: Collection[str] | None = None,
    *,
    organisations: Collection[str] | None = None,
) -> nx.Graph:
    """States joined by the organisations they both belong to on day ``at`` (one query).

    Edge attributes: ``weight`` (see ``project_states``), ``shared``, ``organisations``.
    ``roles`` and ``organisations`` restrict the memberships counted, as in ``affiliation``.

    >>> from pathlib import Path
    >>> from kg.build import build_graph
    >>> from kg.facts import load_facts
    >>> from kg.store import MemoryStore
    >>> store = MemoryStore(build_graph(load_facts(Path("corpus/facts"), Path("corpus"))).graph)
    >>> "org/cis" in comembership(store, date(2005, 6, 30)).edges["state/KAZ", "state/RUS"][
    ...     "organisations"]
    True
    """
    return _Comemberships(memberships(store, at), roles, organisations).graph(at, weight)


def cosignature(store: Store, until: date, weight: Weight = "count") -> nx.Graph:
    """States joined by the agreements both signed on or before ``until`` (one query).

    Edge attributes: ``weight``, ``shared``, ``agreements``. A later withdrawal from an
    agreement does not undo a signature: this is the graph of what was signed.
    """
    graph = project_states(signing_graph(signatures(store, until), until), weight, "agreements")
    graph.graph["projection"] = "cosignature"
    return graph


def projection(
    store: Store,
    name: str,
    at: date,
    weight: Weight = "count",
    roles: Collection[str] | None = None,
    *,
    organisations: Collection[str] | None = None,
) -> nx.Graph:
    """A projection by name (``PROJECTIONS``) on day ``at``, as the command line asks for it."""
    if name == "affiliation":
        return affiliation(store, at, roles, organisations=organisations)
    if name == "comembership":
        return comembership(store, at, weight, roles, organisations=organisations)
    if name == "cosignature":
        return cosignature(store, at, weight)
    if name == "typed":
        return typed(store, at)
    raise ValueError(f"unknown projection {name!r} (expected one of: {', '.join(PROJECTIONS)})")


def yearly_graphs(
    store: Store,
    name: str,
    years: Iterable[int],
    weight: Weight = "count",
    roles: Collection[str] | None = None,
    day: tuple[int, int] = YEAR_DAY,
    *,
    organisations: Collection[str] | None = None,
    details: bool = True,
) -> dict[int, nx.Graph]:
    """One graph per year (on its ``day``, 30 June by default), from a single query.

    ``details=False`` leaves the lists of shared organisations off the co-membership edges
    (``weight`` and ``shared`` stay): measures do not need them, and at the scale of the
    Correlates of War data they are most of the cost of a long series.

    >>> from pathlib import Path
    >>> from kg.build import build_graph
    >>> from kg.facts import load_facts
    >>> from kg.store import MemoryStore
    >>> store = MemoryStore(build_graph(load_facts(Path("corpus/facts"), Path("corpus"))).graph)
    >>> graphs = yearly_graphs(store, "affiliation", range(2008, 2011))
    >>> [graphs[year].has_edge("state/GEO", "org/cis") for year in sorted(graphs)]
    [True, True, False]
    """
    days = {year: year_day(year, day) for year in sorted(set(years))}
    if not days:
        return {}
    first, last = min(days.values()), max(days.values())
    if name in ("affiliation", "comembership"):
        spells = memberships(store, first, last)
        if name == "comembership":
            projector = _Comemberships(spells, roles, organisations)
            return {year: projector.graph(at, weight, details) for year, at in days.items()}
        return {
            year: affiliation_graph(spells, at, roles, organisations) for year, at in days.items()
        }
    if name == "cosignature":
        signed = signatures(store, last)
        graphs = {}
        for year, at in days.items():
            graph = project_states(signing_graph(signed, at), weight, "agreements")
            graph.graph["projection"] = "cosignature"
            graphs[year] = graph
        return graphs
    raise ValueError(
        f"no yearly series for projection {name!r} "
        "(expected one of: affiliation, comembership, cosignature)"
    )


# --------------------------------------------------------------------------- typed


def typed(store: Store, at: date | None = None) -> nx.MultiDiGraph:
    """All entities and the relations between them on day ``at`` (or over all time), for
    exploration; one query.

    **Nodes** are the entities (states, organisations, agreements, people, places, events) with
    the attributes of the module docstring, plus ``inception``/``dissolution`` (organisations)
    and ``date`` (agreements, events) where known, each with its precision
    (``inception_precision`` …: ``Day``, ``Month`` or ``Year``), and ``alt_labels`` (every
    ``skos:altLabel``, sorted; for search). Documents, evidence and the n-ary relation
    nodes are not nodes. With ``at``, entities that did not exist that day are left out (an
    organisation before its inception or from its dissolution, an agreement before its date).

    **N-ary relations are edges** from the party to the other side, named as the derived
    shortcuts: ``state -memberOf-> org``, ``state -signed-> agreement``,
    ``org -foundedBy-> state`` (one edge per founder), ``state -withdrewFrom-> org|agreement``,
    ``state -accededTo->``, ``state -ratified->``, ``org -succeededBy-> org`` and
    ``person -heldOfficeIn-> state|org``. The edge key is the claim's id
    (``membership/GEO-cis-1993``); attributes: ``relation`` and ``label`` (the name),
    ``claim``, the claim's own values where it has them (``role``, ``start``, ``end``,
    ``date``, ``announced``, each with its ``…_precision``, ``end_cause``, ``place``,
    ``agreement``, ``representative``, ``office``, ``succession_kind``, ``rank``, ``note``),
    ``evidence`` (a list of ``{"document", "quote"}`` or ``{"source", "citation"}`` items)
    and, for the first text quote, ``quote`` and ``document``. With ``at``, memberships and
    terms of office count when active that day, dated acts when on or before it.

    **Other triples between two entities** (``headquarters``, an agreement's ``place``) are
    edges keyed and named by their property. The timeless shortcut triples are not drawn:
    their n-ary edges carry the same link with dates.

    >>> from pathlib import Path
    >>> from kg.build import build_graph
    >>> from kg.facts import load_facts
    >>> from kg.store import MemoryStore
    >>> store = MemoryStore(build_graph(load_facts(Path("corpus/facts"), Path("corpus"))).graph)
    >>> graph = typed(store, date(2005, 6, 30))
    >>> edge = graph.edges["state/GEO", "org/cis", "membership/GEO-cis-1993"]
    >>> edge["relation"], edge["role"], edge["start"]
    ('memberOf', 'FullMember', datetime.date(1993, 12, 1))
    >>> graph.nodes["org/cis"]["type"]
    'Organisation'
    """
    first = date.min if at is None else at
    last = date.max if at is None else at
    rows = _select(store, TYPED_QUERY, {"from": _day(first), "until": _day(last)})
    types: dict[str, set[str]] = defaultdict(set)
    dates: dict[str, dict[str, Any]] = {}
    claims: dict[tuple[str, str, str], dict[str, Any]] = {}
    direct: set[tuple[str, str, str]] = set()
    values: dict[str, dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
    evidence: dict[str, set[tuple[tuple[str, str], ...]]] = defaultdict(set)
    for row in rows:
        kind = row["kind"]
        if kind == "node":
            types[row["node"]].add(row["type"])
            found = {"inception": row["inception"], "dissolution": row["dissolution"]}
            found["date"] = row["nodeDate"]
            dates[row["node"]] = {k: v for k, v in found.items() if v is not None}
        elif kind == "nary":
            found = {"start": row["start"], "end": row["end"], "date": row["date"]}
            claims[(row["claim"], row["source"], row["target"])] = {
                "relation": row["relation"],
                "label": row["relation"],
                "claim": row["claim"],
                **{k: v for k, v in found.items() if v is not None},
            }
        elif kind == "direct":
            direct.add((row["source"], row["predicate"], row["target"]))
        elif kind == "attribute":
            name = row["attribute"]
            if name == "rdfs:label":
                name = f"label_{row['lang']}"
            values[row["subject"]][name].add(row["value"])
        else:
            item = _evidence_item(row)
            if item:
                evidence[row["subject"]].add(tuple(sorted(item.items())))

    graph = nx.MultiDiGraph(projection="typed", at=at)
    for node in sorted(types):
        found = values.get(node, {})
        labels = {lang: _first(found.get(f"label_{lang}")) for lang in LANGUAGES}
        type_ = max(types[node], key=_type_order)
        attributes = _node_attributes(node, type_, labels, _first(found.get("dq:iso3")))
        attributes.update(dates[node])
        for prop, name in NODE_PROPERTIES.items():
            if prop in ("rdfs:label", "dq:iso3") or prop not in found:
                continue
            attributes[name] = sorted(found[prop]) if name == "alt_labels" else _first(found[prop])
        graph.add_node(node, **attributes)
    for (claim, source, target), attributes in sorted(claims.items()):
        if source not in graph or target not in graph:
            continue
        found = values.get(claim, {})
        for prop, name in CLAIM_PROPERTIES.items():
            value = _first(found.get(prop))
            # A signing's agreement is its target already; the attribute is for foundings.
            if value is not None and value != target:
                attributes[name] = value
        items = [dict(item) for item in sorted(evidence.get(claim, ()))]
        attributes["evidence"] = items
        quoted = [item for item in items if "quote" in item]
        if quoted:
            attributes["quote"] = quoted[0]["quote"]
            attributes["document"] = quoted[0]["document"]
        graph.add_edge(source, target, key=claim, **attributes)
    for source, predicate, target in sorted(direct):
        if source in graph and target in graph:
            graph.add_edge(source, target, key=predicate, relation=predicate, label=predicate)
    return graph


def _first(found: set[Any] | None) -> Any:
    """One value of a property that should have one: the least, so that answers are stable."""
    return min(found, key=str) if found else None


def _type_order(type_: str) -> int:
    return ENTITY_TYPES.index(type_) if type_ in ENTITY_TYPES else -1


def _evidence_item(row: Mapping[str, Any]) -> dict[str, str] | None:
    if row["quote"] is not None:
        return {"document": row["document"], "quote": row["quote"]}
    if row["cited"] is not None or row["citation"] is not None:
        item = {"source": row["cited"], "citation": row["citation"]}
        return {k: v for k, v in item.items() if v is not None}
    return None


# --------------------------------------------------------------------------- export


def exportable(graph: nx.Graph, fmt: str) -> nx.Graph:
    """A copy of ``graph`` whose attribute values ``fmt`` can hold; ``graph`` is not changed.

    GraphML and GEXF hold text, numbers and booleans only: dates become ISO strings
    (``2009-08-18``), lists of ids are joined with ``"; "``, evidence lists become JSON text,
    and attributes with no value (an open ``end``) are left out. In GEXF, ``start`` and ``end``
    are reserved for dynamic graphs (whose end day is *inside* the interval, unlike DESIGN.md's
    rule), so they are written as ``start_date`` and ``end_date``. JSON keeps lists and
    ``null``.

    >>> g = nx.Graph(at=date(2005, 6, 30))
    >>> g.add_edge("a", "b", start=date(1993, 12, 1), end=None, via=("x", "y"))
    >>> exportable(g, "graphml").edges["a", "b"]
    {'start': '1993-12-01', 'via': 'x; y'}
    >>> g.edges["a", "b"]["start"]
    datetime.date(1993, 12, 1)
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r} (expected one of: {', '.join(EXPORT_FORMATS)})")
    flat = fmt != "json"
    renames = {"start": "start_date", "end": "end_date"} if fmt == "gexf" else {}

    def convert(attributes: Mapping[str, Any], rename: bool) -> dict[str, Any]:
        converted = {}
        for name, value in attributes.items():
            value = _exportable_value(value, flat)
            if value is None and flat:
                continue
            converted[renames.get(name, name) if rename else name] = value
        return converted

    copy = graph.__class__()
    copy.graph.update(convert(graph.graph, rename=False))
    copy.add_nodes_from((n, convert(data, rename=True)) for n, data in graph.nodes(data=True))
    if graph.is_multigraph():
        copy.add_edges_from(
            (u, v, k, convert(data, rename=True))
            for u, v, k, data in graph.edges(keys=True, data=True)
        )
    else:
        copy.add_edges_from(
            (u, v, convert(data, rename=True)) for u, v, data in graph.edges(data=True)
        )
    return copy


def _exportable_value(value: Any, flat: bool) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        ordered = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        items = [_exportable_value(item, False) for item in ordered]
        if not flat:
            return items
        if all(isinstance(item, str) for item in items):
            return "; ".join(items)
        return json.dumps(items, ensure_ascii=False)
    if isinstance(value, Mapping):
        mapping = {str(k): _exportable_value(v, False) for k, v in value.items()}
        return json.dumps(mapping, ensure_ascii=False) if flat else mapping
    return str(value)


def serialise_graph(graph: nx.Graph, fmt: str) -> bytes:
    """``graph`` as GraphML, GEXF (1.2) or node-link JSON, in UTF-8, for Gephi and others.

    >>> g = nx.Graph()
    >>> g.add_edge("state/KAZ", "state/RUS", weight=2)
    >>> sorted(nx.read_graphml(io.BytesIO(serialise_graph(g, "graphml"))).edges(data="weight"))
    [('state/KAZ', 'state/RUS', 2)]
    """
    copy = exportable(graph, fmt)
    if fmt == "json":
        data = nx.node_link_data(copy, edges="edges")
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(copy, buffer, encoding="utf-8")
    else:
        nx.write_gexf(copy, buffer, encoding="utf-8")
    return buffer.getvalue()
