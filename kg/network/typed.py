"""The typed graph of all entities and relations (``typed``), for exploration, whole or in a
scope (``kg.network.scopes``): the graph holds the curated record and the Correlates of War
world layer, some 850 entities and 19,000 memberships, too many to look at at once, so the
explorer opens on a scope's organisations (``kg explore --scope post-soviet``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any

import networkx as nx

from kg.network.extract import day_literal, node_attributes, select_rows
from kg.network.scopes import DATASETS_QUERY, Scope
from kg.queries.named import query_text
from kg.stores.base import Store
from kg.vocab import CLASS_NAMES, ENTITY_CLASSES, ENTITY_KINDS, LANGUAGES, local_name

__all__ = ["CLAIM_PROPERTIES", "NODE_PROPERTIES", "TYPED_QUERY", "typed"]

# --------------------------------------------------------------------------- typed


# The properties ``typed`` reads as (subject, attribute, value) rows (kg/queries/network/typed.rq
# has one pattern each), for entities and claims alike, and the attribute each becomes on a node
# or on an n-ary edge (docs/design.md's names, in snake case). Precisions say how well a date
# is known: ``Day``, ``Month`` or ``Year``.
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
TYPED_QUERY = query_text("network/typed")

# The classes of agreements (a curated type's class whose ids start ``agreement/``).
_AGREEMENT_CLASSES = frozenset(
    local_name(ENTITY_CLASSES[kind])
    for kind, prefix in ENTITY_KINDS.items()
    if prefix == "agreement"
)

# Edge attributes that name another entity: what a kept relation "reaches" besides its ends.
_REFERENCES = ("place", "agreement", "representative", "office")


def typed(store: Store, at: date | None = None, scope: Scope | None = None) -> nx.MultiDiGraph:
    """All entities and the relations between them on day ``at`` (or over all time), for
    exploration; one query (and a small one, the datasets, for a curated-only scope). Only
    claims that count under the best-rank rule (``a dq:BestRank``) are edges; each carries its
    ``rank`` (``Preferred`` or ``Normal``), so deprecated claims never appear.

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
    ``agreement``, ``representative``, ``office``, ``succession_kind``, ``rank``, ``note``, the
    English note, with ``note_kk``/``note_ru`` where the curators wrote one),
    ``evidence`` (a list of ``{"document", "quote"}`` or ``{"source", "citation"}`` items; a
    quote the curators mark as flawed also has ``flaw``, the words at fault, and ``flaw_note``,
    ``flaw_note_kk``, ``flaw_note_ru``) and, for the first text quote, ``quote`` and
    ``document``. With ``at``, memberships and
    terms of office count when active that day, dated acts when on or before it.

    **Other triples between two entities** (``headquarters``, an agreement's ``place``) are
    edges keyed and named by their property. The timeless shortcut triples are not drawn:
    their n-ary edges carry the same link with dates.

    >>> from kg.examples import tiny_store
    >>> store = tiny_store()
    >>> graph = typed(store, date(2005, 6, 30))
    >>> edge = graph.edges["state/GEO", "org/cis", "membership/GEO-cis-1993"]
    >>> edge["relation"], edge["role"], edge["start"]
    ('memberOf', 'FullMember', datetime.date(1993, 12, 1))
    >>> graph.nodes["org/cis"]["type"]
    'Organisation'

    **With a scope** (``kg.network.scope(store, "post-soviet")``) the graph is that scope's view,
    precisely:

    1. organisations outside ``scope.organisations`` are left out, and with them every edge
       that has one at an end (memberships, foundings, withdrawals from and accessions to an
       organisation, successions, terms of office in it, headquarters): no organisation outside
       the scope appears at all. A scope whose ``organisations`` is ``None`` (``all``) keeps
       every organisation;
    2. with ``scope.curated_only``, the world layer's claims are left out too: those whose
       evidence cites a ``dq:Dataset`` (read from the edges' own evidence);
    3. an agreement stays when it is named by a relation of one of the scope's organisations
       (a founding charter) or when one of its parties (a state that signed, ratified, acceded
       to or withdrew from it) has a relation left with one of the scope's organisations; any
       other agreement is left out with its signings, ratifications, accessions and
       withdrawals: the Treaty of Paris of the six founders of the ECSC is not post-Soviet
       integration, the Alma-Ata Protocol and the Union Treaty of 1922 are (their signatories
       are CIS members). Other relations without an organisation (terms of office in a state,
       an agreement's place) are kept;
    4. then the view holds what the kept relations reach: the scope's organisations (even
       when, on day ``at``, nobody belongs to them); both ends of every n-ary relation left
       and the entities it names in its ``place``, ``agreement``, ``representative`` or
       ``office``; and the targets of the plain triples (headquarters, an agreement's place)
       of those. Every other entity is dropped: a state with no membership in the scope and no
       signing, an agreement nobody signed whose founding of an organisation outside the scope
       was dropped (the Treaty of Rome, and Rome with it), the people and events no relation
       reaches.

    Without a scope, as before: every entity, isolated or not. ``graph.graph["scope"]`` is the
    scope's id (``None`` without one).

    >>> from kg.network.scopes import Scope
    >>> only_cis = Scope("cis", {"en": "CIS"}, frozenset({"org/cis"}), False, (), ())
    >>> sorted(n for n, t in typed(store, scope=only_cis).nodes(data="type") if t == "Organisation")
    ['org/cis']
    """
    first = date.min if at is None else at
    last = date.max if at is None else at
    rows = select_rows(store, TYPED_QUERY, {"from": day_literal(first), "until": day_literal(last)})
    types: dict[str, set[str]] = defaultdict(set)
    dates: dict[str, dict[str, Any]] = {}
    claims: dict[tuple[str, str, str], dict[str, Any]] = {}
    direct: set[tuple[str, str, str]] = set()
    values: dict[str, dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
    evidence: dict[str, set[tuple[tuple[str, str], ...]]] = defaultdict(set)
    flaws: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
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
            elif name == "skos:note" and row["lang"] not in ("en", "", None):
                name = f"note_{row['lang']}"  # "note" is the English one, as before
            values[row["subject"]][name].add(row["value"])
        elif kind == "flaw":
            flaw = flaws[(row["subject"], row["document"], row["quote"])]
            flaw["flaw"] = row["flawDetail"]
            flaw["flaw_note" if row["lang"] == "en" else f"flaw_note_{row['lang']}"] = row["value"]
        else:
            item = _evidence_item(row)
            if item:
                evidence[row["subject"]].add(tuple(sorted(item.items())))

    graph: nx.MultiDiGraph = nx.MultiDiGraph(
        projection="typed", at=at, scope=None if scope is None else scope.id
    )
    for node in sorted(types):
        found = values.get(node, {})
        labels = {lang: _first(found.get(f"label_{lang}")) for lang in LANGUAGES}
        type_ = max(types[node], key=_type_order)
        attributes = node_attributes(node, type_, labels, _first(found.get("dq:iso3")))
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
        for language in LANGUAGES:
            note = _first(found.get(f"note_{language}"))
            if note is not None and language != "en":
                attributes[f"note_{language}"] = note
        items = [dict(item) for item in sorted(evidence.get(claim, ()))]
        for item in items:
            if "quote" in item:
                item.update(flaws.get((claim, item["document"], item["quote"]), {}))
        attributes["evidence"] = items
        quoted = [item for item in items if "quote" in item]
        if quoted:
            attributes["quote"] = quoted[0]["quote"]
            attributes["document"] = quoted[0]["document"]
        graph.add_edge(source, target, key=claim, **attributes)
    for source, predicate, target in sorted(direct):
        if source in graph and target in graph:
            graph.add_edge(source, target, key=predicate, relation=predicate, label=predicate)
    if scope is not None:
        world = _world_claims(store, graph) if scope.curated_only else set()
        _narrow(graph, scope, world)
    return graph


def _world_claims(store: Store, graph: nx.MultiDiGraph) -> set[str]:
    """The world layer's claims among the edges: those whose evidence cites a dataset."""
    datasets = {row["dataset"] for row in select_rows(store, DATASETS_QUERY, {})}
    world: set[str] = set()
    for _, _, key, data in graph.edges(keys=True, data=True):
        if any(item.get("source") in datasets for item in data.get("evidence") or ()):
            world.add(key)
    return world


def _narrow(graph: nx.MultiDiGraph, scope: Scope, world: set[str]) -> None:
    """``typed``'s scope rules 1-4, in place."""
    types: dict[str, str] = {node: data["type"] for node, data in graph.nodes(data=True)}
    chosen = scope.organisations
    if chosen is not None:
        graph.remove_nodes_from(
            [n for n, type_ in types.items() if type_ == "Organisation" and n not in chosen]
        )
    graph.remove_edges_from(
        [
            (u, v, key)
            for u, v, key, data in graph.edges(keys=True, data=True)
            if data.get("claim") in world
        ]
    )
    kept = {node for node, type_ in types.items() if type_ == "Organisation" and node in graph}
    if chosen is not None:
        graph.remove_nodes_from(_agreements_outside(graph, types, kept))
    for u, v, data in graph.edges(data=True):
        if "claim" in data:  # an n-ary relation: its two ends and the entities it names
            kept.update((u, v))
            kept.update(value for name in _REFERENCES if isinstance(value := data.get(name), str))
    # A plain triple (headquarters, an agreement's place) hangs on what is kept already.
    kept.update(v for u, v, data in graph.edges(data=True) if "claim" not in data and u in kept)
    graph.remove_nodes_from([node for node in list(graph) if node not in kept])


def _agreements_outside(
    graph: nx.MultiDiGraph, types: Mapping[str, str], organisations: set[str]
) -> list[str]:
    """``typed``'s scope rule 3: the agreements no relation ties to ``organisations``, directly
    (as a relation's ``agreement``) or through a party with a relation to one of them."""
    agreements = {node for node in graph if types.get(node) in _AGREEMENT_CLASSES}
    tied: set[str] = set()  # agreements named by a relation of one of the organisations
    engaged: set[str] = set()  # entities with a relation to one of the organisations
    for u, v, data in graph.edges(data=True):
        if "claim" in data and (u in organisations or v in organisations):
            engaged.update((u, v))
            if isinstance(agreement := data.get("agreement"), str):
                tied.add(agreement)
    outside = []
    for agreement in sorted(agreements - tied):
        parties = {u for u, _, data in graph.in_edges(agreement, data=True) if "claim" in data}
        if not parties & engaged:
            outside.append(agreement)
    return outside


def _first(found: set[Any] | None) -> Any:
    """One value of a property that should have one: the least, so that answers are stable."""
    return min(found, key=str) if found else None


def _type_order(type_: str) -> int:
    return CLASS_NAMES.index(type_) if type_ in CLASS_NAMES else -1


def _evidence_item(row: Mapping[str, Any]) -> dict[str, str] | None:
    if row["quote"] is not None:
        return {"document": row["document"], "quote": row["quote"]}
    if row["cited"] is not None or row["citation"] is not None:
        item = {"source": row["cited"], "citation": row["citation"]}
        return {k: v for k, v in item.items() if v is not None}
    return None
