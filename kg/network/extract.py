"""Membership and signing records read from a store, by one query each, for yearly series."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from rdflib import Literal as RDFLiteral
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.dates import is_active
from kg.queries.named import query_text
from kg.stores.base import QueryResult, Store
from kg.vocab import LANGUAGES, display, resource

__all__ = [
    "MEMBERSHIPS_QUERY",
    "N_ARY_RELATIONS",
    "ONE_ENTITY_RELATIONS",
    "SHORTCUTS",
    "SIGNINGS_QUERY",
    "YEAR_DAY",
    "Memberships",
    "Signature",
    "Signatures",
    "Spell",
    "Weight",
    "day_literal",
    "memberships",
    "node_attributes",
    "select_rows",
    "signatures",
    "year_day",
]

Weight = Literal["count", "jaccard"]

YEAR_DAY: tuple[int, int] = (6, 30)
"""The day (month, day) that stands for a year in yearly series: 30 June."""

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
# Relation nodes about one entity alone, so no edge: a dq:Statehood is a state's lifetime
# (dq:state, dq:start, dq:end), a property of the node rather than a link between two.
ONE_ENTITY_RELATIONS: tuple[str, ...] = ("Statehood",)
# Timeless shortcut triples the build derives from the n-ary nodes: ``typed`` shows the nodes
# (with their dates) instead.
SHORTCUTS: tuple[str, ...] = ("memberOf", "signed", "foundedBy", "withdrewFrom", "succeededBy")


MEMBERSHIPS_QUERY = query_text("network/memberships")
SIGNINGS_QUERY = query_text("network/signings")

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
    dataset: str | None = None  # the dataset (world layer) it comes from; None: curated

    def active_on(self, day: date) -> bool:
        """docs/design.md's time rule: the joining day counts, the leaving day does not."""
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


def day_literal(value: date) -> RDFLiteral:
    if not isinstance(value, date):
        raise TypeError(f"expected a datetime.date, not {value!r}")
    return RDFLiteral(value, datatype=XSD.date)


def select_rows(store: Store, text: str, bindings: Mapping[str, Node]) -> list[dict[str, Any]]:
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


def node_attributes(
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
    return node_attributes(row[var], type_, labels, row.get(f"{var}_iso3"))


def year_day(year: int, day: tuple[int, int] = YEAR_DAY) -> date:
    """The day that stands for ``year`` in a yearly series.

    >>> year_day(2005)
    datetime.date(2005, 6, 30)
    """
    return date(year, *day)


# --------------------------------------------------------------------------- extraction


def memberships(
    store: Store, first: date, last: date | None = None, *, curated_only: bool = False
) -> Memberships:
    """Every membership active on some day from ``first`` to ``last`` (default: ``first``).

    One query; slice it by day with ``affiliation_graph``. Only ``dq:BestRank`` claims; with
    ``curated_only``, only the curated record's (none a dataset's: ``Spell.dataset``).

    >>> from kg.examples import tiny_store
    >>> store = tiny_store()
    >>> spells = memberships(store, date(1992, 1, 1), date(2025, 12, 31))
    >>> [(s.start, s.end) for s in spells.spells if s.claim == "membership/GEO-cis-1993"]
    [(datetime.date(1993, 12, 1), datetime.date(2009, 8, 18))]
    """
    last = first if last is None else last
    rows = select_rows(
        store, MEMBERSHIPS_QUERY, {"from": day_literal(first), "until": day_literal(last)}
    )
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    codes: dict[str, str] = {}
    spells = []
    for row in rows:
        if row["membership"] is not None:
            if curated_only and row["dataset"] is not None:
                continue
            spells.append(
                Spell(
                    row["membership"],
                    row["state"],
                    row["organisation"],
                    row["role"],
                    row["start"],
                    row["end"],
                    row["dataset"],
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
            nodes[spell.state] = node_attributes(
                spell.state, "State", labels.get(spell.state, {}), codes.get(spell.state)
            )
        if spell.organisation not in nodes:
            nodes[spell.organisation] = node_attributes(
                spell.organisation, "Organisation", labels.get(spell.organisation, {})
            )
    spells.sort(key=lambda s: (s.state, s.organisation, s.start, s.claim))
    return Memberships(tuple(spells), nodes)


def signatures(store: Store, until: date) -> Signatures:
    """Every signing on or before ``until`` (one query); only ``dq:BestRank`` claims."""
    rows = select_rows(store, SIGNINGS_QUERY, {"until": day_literal(until)})
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
