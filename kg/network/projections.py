"""Projections: the affiliation, co-membership and co-signature graphs on a day, and yearly
series of them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date
from itertools import combinations

import networkx as nx
import numpy as np

from kg.network.extract import (
    YEAR_DAY,
    Memberships,
    Signatures,
    Spell,
    Weight,
    memberships,
    signatures,
    year_day,
)
from kg.network.scopes import Scope, narrowed
from kg.network.typed import typed
from kg.stores.base import Store
from kg.vocab import PROJECTIONS, ROLE_NAMES, WEIGHTS

__all__ = [
    "Comemberships",
    "affiliation",
    "affiliation_graph",
    "comembership",
    "cosignature",
    "project_states",
    "projection",
    "signing_graph",
    "yearly_graphs",
]

# --------------------------------------------------------------------------- graphs from records

_ROLE_ORDER = {role: index for index, role in enumerate(ROLE_NAMES)}
# How many bytes of packed rows _pairs_counted looks at in one block (bounded memory).
_PAIR_BLOCK_BYTES = 16_000_000
# The number of leading zero bits of each byte value (8 for 0: never looked up for 0).
_LEADING_ZEROS = np.array([8 - value.bit_length() for value in range(256)], np.int64)


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
    graph: nx.Graph = nx.Graph(projection="affiliation", at=at)
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
    graph: nx.Graph = nx.Graph(projection="signing", until=until)
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
    states = sorted(n for n, data in bipartite.nodes(data=True) if data.get("bipartite") == 0)
    projected: nx.Graph = nx.Graph(**bipartite.graph)
    projected.graph["weighting"] = weight
    for state in states:
        attributes = {k: v for k, v in bipartite.nodes[state].items() if k != "bipartite"}
        projected.add_node(state, **attributes)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for other in sorted(n for n, data in bipartite.nodes(data=True) if data.get("bipartite") == 1):
        for u, v in combinations(sorted(bipartite[other]), 2):
            shared[(u, v)].append(other)
    for (u, v), common in shared.items():
        if weight == "count":
            value: float = len(common)
        else:
            value = len(common) / len(set(bipartite[u]) | set(bipartite[v]))
        projected.add_edge(u, v, weight=value, shared=len(common), **{via: tuple(common)})
    return projected


class Comemberships:
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
        graph: nx.Graph = nx.Graph(projection="comembership", at=at, weighting=weight)
        day = at.toordinal()
        active = (self.start <= day) & (day < self.end)  # docs/design.md's time rule
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

    def _pairs_counted(
        self, incidence: np.ndarray, columns: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Pairs of states with a shared organisation and how many: ``B Bᵀ``. Ordered as
        project_states adds them: by the first organisation they share, then u, then v."""
        # float32 is exact for counts below 2**24, and its BLAS kernel is several times faster
        # than float64's on these small matrices
        matrix = incidence.astype(np.float32)
        shared = np.rint(np.triu(matrix @ matrix.T, 1)).astype(np.int64)
        us, vs = np.nonzero(shared)
        # The first organisation a pair shares: the first column (they are ascending) where
        # both rows are true. Rows packed eight columns to a byte (the first column in the
        # highest bit): the first non-zero byte of the pair's AND, then its highest bit.
        packed = np.packbits(incidence[:, columns], axis=1)
        first = np.empty(len(us), np.int64)
        block = max(1, _PAIR_BLOCK_BYTES // packed.shape[1])
        for low in range(0, len(us), block):
            both = packed[us[low : low + block]] & packed[vs[low : low + block]]
            byte = (both != 0).argmax(axis=1)
            bit = _LEADING_ZEROS[both[np.arange(len(byte)), byte]]
            first[low : low + block] = columns[byte * 8 + bit]
        order = np.lexsort((vs, us, first))
        return us[order], vs[order], shared[us, vs][order]

    def _pairs_with_organisations(
        self, incidence: np.ndarray, columns: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[str, ...]]]:
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
    scope: Scope | None = None,
) -> nx.Graph:
    """The bipartite state–organisation graph on day ``at`` (one query).

    ``roles`` restricts it to some roles (``FullMember``, ``AssociateMember``, ``Observer``),
    ``organisations`` to some organisations (ids such as ``org/cis``), ``scope`` to a scope's
    organisations (``kg.network.scopes``) and, if it is curated-only, to the curated record.
    """
    spells = memberships(store, at, curated_only=scope is not None and scope.curated_only)
    return affiliation_graph(spells, at, roles, narrowed(scope, organisations))


def comembership(
    store: Store,
    at: date,
    weight: Weight = "count",
    roles: Collection[str] | None = None,
    *,
    organisations: Collection[str] | None = None,
    scope: Scope | None = None,
) -> nx.Graph:
    """States joined by the organisations they both belong to on day ``at`` (one query).

    Edge attributes: ``weight`` (see ``project_states``), ``shared``, ``organisations``.
    ``roles``, ``organisations`` and ``scope`` restrict the memberships counted, as in
    ``affiliation``.

    >>> from kg.examples import tiny_store
    >>> store = tiny_store()
    >>> "org/cis" in comembership(store, date(2005, 6, 30)).edges["state/KAZ", "state/RUS"][
    ...     "organisations"]
    True
    """
    spells = memberships(store, at, curated_only=scope is not None and scope.curated_only)
    return Comemberships(spells, roles, narrowed(scope, organisations)).graph(at, weight)


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
    scope: Scope | None = None,
) -> nx.Graph:
    """A projection by name (``PROJECTIONS``) on day ``at``, as the command line asks for it."""
    if name == "affiliation":
        return affiliation(store, at, roles, organisations=organisations, scope=scope)
    if name == "comembership":
        return comembership(store, at, weight, roles, organisations=organisations, scope=scope)
    if name == "cosignature":
        return cosignature(store, at, weight)
    if name == "typed":
        return typed(store, at, scope=scope)
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
    scope: Scope | None = None,
    details: bool = True,
) -> dict[int, nx.Graph]:
    """One graph per year (on its ``day``, 30 June by default), from a single query.

    ``details=False`` leaves the lists of shared organisations off the co-membership edges
    (``weight`` and ``shared`` stay): measures do not need them, and at the scale of the
    Correlates of War data they are most of the cost of a long series.

    >>> from kg.examples import tiny_store
    >>> store = tiny_store()
    >>> graphs = yearly_graphs(store, "affiliation", range(2008, 2011))
    >>> [graphs[year].has_edge("state/GEO", "org/cis") for year in sorted(graphs)]
    [True, True, False]
    """
    days = {year: year_day(year, day) for year in sorted(set(years))}
    if not days:
        return {}
    first, last = min(days.values()), max(days.values())
    if name in ("affiliation", "comembership"):
        spells = memberships(
            store, first, last, curated_only=scope is not None and scope.curated_only
        )
        organisations = narrowed(scope, organisations)
        if name == "comembership":
            projector = Comemberships(spells, roles, organisations)
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
