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

from kg.network.extract import select_rows
from kg.queries.named import query_text
from kg.stores.base import Store
from kg.vocab import title_text

__all__ = ["DATASETS_QUERY", "Scope", "everything", "narrowed", "scope", "scopes"]

SCOPES_QUERY = query_text("network/scopes")
DATASETS_QUERY = query_text("network/datasets")


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


def scopes(store: Store) -> dict[str, Scope]:
    """Every scope the store's graph defines, by id (one query)."""
    found: dict[str, dict] = {}
    for row in select_rows(store, SCOPES_QUERY, {}):
        entry = found.setdefault(
            row["scope"].removeprefix("scope/"),
            {"labels": {}, "orgs": set(), "excluded": set(), "curated": False, "datasets": set()},
        )
        kind, value = row["kind"], row["value"]
        if kind == "label":
            entry["labels"][row["lang"] or "en"] = value
        elif kind == "organisation":
            entry["orgs"].add(value)
        elif kind == "excluded":
            entry["excluded"].add(value)
        elif kind == "curatedOnly":
            entry["curated"] = value is True
        elif kind == "dataset":
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
    datasets = sorted({row["label"] for row in select_rows(store, DATASETS_QUERY, {})})
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
