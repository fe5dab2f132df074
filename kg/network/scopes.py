"""Scopes: the named universes a network is measured over, read from the graph.

``kg build`` writes each scope of ``corpus/scopes.yaml`` as a ``dq:Scope`` node (docs/design.md,
"Scopes"): the organisations whose memberships enter a network, those left out on purpose and
why, and whether only the curated record counts. A measure over a network means something only
over a complete record of a stated universe, so the projections take a scope and every title
says which.

>>> from kg.examples import tiny_store
>>> scopes(tiny_store())  # the tiny graph defines none
{}
>>> everything(tiny_store()).organisations is None
True
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from kg.queries.named import query_text
from kg.stores.base import QueryResult, Store
from kg.vocab import display, title_text

__all__ = ["Scope", "everything", "narrowed", "scope", "scopes"]

SCOPES_QUERY = query_text("network/scopes")
DATASETS_QUERY = """PREFIX dq: <https://w3id.org/dostastyq/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { ?dataset a dq:Dataset ; rdfs:label ?label FILTER (LANG(?label) = "en") }"""


@dataclass(frozen=True)
class Scope:
    """A scope as the graph defines it. ``organisations`` is ``None`` for "every organisation"
    (a graph that defines no scopes); ``sources`` names the records its claims come from."""

    id: str
    labels: dict[str, str]
    organisations: frozenset[str] | None
    curated_only: bool
    excluded: tuple[str, ...]
    sources: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def label(self, lang: str = "en") -> str:
        """The scope's name in ``lang`` (English, then the id, where it has none)."""
        return self.labels.get(lang) or self.labels.get("en") or self.id

    def describe(self, lang: str = "en") -> str:
        """One line for a title: the scope, how many organisations, the sources."""
        sources = " + ".join(self.sources)
        if self.organisations is None:
            every = title_text("every_organisation", lang)
            return title_text("scope", lang, scope=every, count="-", sources=sources)
        count = title_text("organisations", lang, n=len(self.organisations))
        return title_text("scope", lang, scope=self.label(lang), count=count, sources=sources)


def _select(store: Store, text: str) -> list[tuple]:
    answer = store.query(text)
    if not isinstance(answer, QueryResult):
        raise TypeError("expected a SELECT result")
    return list(answer.rows)


def scopes(store: Store) -> dict[str, Scope]:
    """Every scope the store's graph defines, by id (one query)."""
    found: dict[str, dict] = {}
    for row in _select(store, SCOPES_QUERY):
        scope_id = display(row[0]).removeprefix("scope/")
        entry = found.setdefault(
            scope_id,
            {"labels": {}, "orgs": set(), "excluded": set(), "curated": False, "datasets": set()},
        )
        kind, value, lang = (str(term) if term is not None else None for term in row[1:4])
        if kind == "label" and value is not None:
            entry["labels"][lang or "en"] = value
        elif kind == "organisation" and value is not None:
            entry["orgs"].add(display(row[2]))
        elif kind == "excluded" and value is not None:
            entry["excluded"].add(display(row[2]))
        elif kind == "curatedOnly":
            entry["curated"] = value == "true"
        elif kind == "dataset" and value is not None:
            entry["datasets"].add(value)
    result = {}
    for scope_id, entry in sorted(found.items()):
        sources = ["curated record"]
        if not entry["curated"]:
            sources += sorted(entry["datasets"])
        result[scope_id] = Scope(
            scope_id,
            entry["labels"],
            frozenset(entry["orgs"]),
            entry["curated"],
            tuple(sorted(entry["excluded"])),
            tuple(sources),
        )
    return result


def everything(store: Store) -> Scope:
    """Every organisation, both records: what a graph without scopes offers."""
    datasets = sorted({str(row[0]) for row in _select(store, DATASETS_QUERY)})
    sources = ("curated record", *datasets)
    return Scope("all", {"en": "every organisation"}, None, False, (), sources)


def scope(store: Store, name: str) -> Scope:
    """The scope called ``name``; ``all`` is every organisation. Raises ``ValueError`` naming
    the scopes the graph defines."""
    if name == "all":
        return everything(store)
    defined = scopes(store)
    if name not in defined:
        known = ", ".join([*defined, "all"])
        raise ValueError(
            f"unknown scope {name!r}: this graph defines {known}"
            if defined
            else f"this graph defines no scopes (built without corpus/scopes.yaml); use --scope "
            f"all, not {name!r}"
        )
    found = defined[name]
    if not found.organisations:
        raise ValueError(
            f"scope {name!r} has no organisations in this graph"
            + (" (it needs the world layer: kg build --world auto)" if name == "world" else "")
        )
    return found


def narrowed(found: Scope | None, organisations: Collection[str] | None) -> frozenset[str] | None:
    """The organisations that count: the scope's, and of those only ``organisations`` if given."""
    chosen = frozenset(organisations) if organisations else None
    if found is None or found.organisations is None:
        return chosen
    return found.organisations if chosen is None else found.organisations & chosen
