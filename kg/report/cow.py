"""The graph as the Correlates of War's IGO tables: ``kg export cow``.

:func:`cow_tables` turns the graph back into COW's IGO-year table ("3.0a") and state-year table
("3.0b"), same columns, same codes, as :class:`kg.world.IgoYearTable` and
:class:`kg.world.StateYearTable`, which ``kg.world.write_igo_years`` and ``write_state_years``
write; R and Stata code written for COW's files runs on them. Two scopes:

``world``
    Every COW IGO (the organisations with ``dq:cowIgo``; a COW IGO that is a chain of our
    organisations, CAECC or SCO, is one IGO again), in the years COW has rows for
    (``dq:cowIgoYears``), from the COW claims alone (evidence citing
    ``dqr:source/cow-igo-v3`` and ``dqr:source/cow-states-2016``), so that a round trip gives
    COW's cells back. A cell is ``-9`` where ``dq:cowMissing`` says so; else the code
    ``dq:cowOtherCells`` gives; else *empty* when no COW statehood spell of an entity carrying
    the state's COW code (``dq:cowCode``) touches the year; else the code of a COW membership of
    such an entity active in the year; else ``0`` (``kg.build.world``'s ``cow_cells`` records
    exactly what this rule does not give, docs/design.md "External datasets").
``post-soviet``
    The organisations of the graph's ``post-soviet`` scope (the ``dq:Scope`` that ``kg build``
    writes from ``corpus/scopes.yaml``; that file where the graph has none), from the claims
    that count (``dq:BestRank``: the curated record where it speaks, COW where only COW does),
    from each organisation's first year to ``last_year`` (default: last year) or the year it
    ended, with a column for every state that appears. A state is coded in a year when it held
    a status at some point of it (as COW counts a state in the system for a year it was in the
    system on some day), the later status where it held two (COW codes Turkmenistan's CIS 2005,
    the year it became an associate member, ``2``); ``-9`` where COW's cell is missing and the
    curated record says nothing about the pair; empty where no statehood spell that counts
    touches the year; else ``0``. Organisations with a COW IGO keep its ``ioname`` and
    ``ionum`` (CAECC's three and SCO's two organisations are one row each year, as in COW); the
    others get their id as ``ioname`` (``eaeu``, ``customs_union_1995``: a Stata variable name)
    and **no ionum**: the cell is written empty, never invented (so ``kg.world.read_igo_years``,
    which wants COW's ionum on every row, does not read such a file back; pandas, R and Stata
    do).

The state-year table is the IGO-year table turned round (:func:`state_year_table`): a row for
each state and year with a ``0``-``3`` cell in some IGO, ``-1`` where the IGO has no row that
year (or the state's cell is empty there). Columns are in the alphabetical order of COW's state
names and of the lower-cased ``ioname`` (COW's own files order them nearly so: the cells, not
the order, are COW's); IGO-year rows by ``ionum`` and year (post-soviet: by first year).

Columns filled from the graph: ``ioname`` (``dq:cowIgo``), ``orgname`` (the English label of
the organisation holding the IGO's last row), ``longorgname`` (its one English ``skos:altLabel``
besides the ``ioname``, else ``orgname``), ``year``, ``sdate`` (the earliest ``dq:inception``
year or the first year, whichever is earlier), ``deaddate`` (the last year of that
organisation's ``dq:dissolution`` where it falls in the IGO's years, else the IGO's last year
if that is before the table's), ``dead`` (1 in that year), ``integrated`` / ``replaced`` (1 in
that year where a ``dq:Succession`` of kind ``dq:Merged`` / ``dq:Replaced`` follows), ``ionum``
(``dq:cowIgoNumber``), ``imputed`` (``dq:cowImputedYears``: 1, else 0).
**Written empty, as the graph does not hold them:** ``igocode``, ``version``,
``accuracyofpre1965membershipdates``, ``sourcesandnotes``, ``political``, ``social``,
``economic``.

The graph is walked through rdflib's indexes rather than queried with SPARQL: the export reads
every COW claim (19,000 memberships), which takes 1 s this way and 11 s (rdflib) or 50 s
(Oxigraph) as one SELECT. Nothing here prints or writes files.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.stores.base import Store
from kg.vocab import DQ, resource, resource_id
from kg.world import (
    COW_STATE_COLUMNS,
    IGO_YEAR_LEAD,
    IGO_YEAR_TAIL,
    IgoYear,
    IgoYearTable,
    StateYear,
    StateYearTable,
)

__all__ = [
    "COW_IGO_SOURCE",
    "COW_STATES_SOURCE",
    "SCOPES",
    "SCOPES_FILE",
    "CowTables",
    "cow_tables",
    "scope_organisations",
    "state_year_table",
]

SCOPES: tuple[str, ...] = ("world", "post-soviet")
SCOPES_FILE = Path("corpus/scopes.yaml")
COW_IGO_SOURCE = resource("source/cow-igo-v3")
COW_STATES_SOURCE = resource("source/cow-states-2016")

_CODE = {DQ.FullMember: 1, DQ.AssociateMember: 2, DQ.Observer: 3}
_BEST_RANK = DQ.BestRank
_NAMES = {ccode: name for name, ccode in COW_STATE_COLUMNS.items()}
_SPAN = re.compile(r"^(?:(\d+):)?(\d{4})-(\d{4})(?:=(-1|0|1|2|3|empty))?$")
_DAY = timedelta(days=1)


class _Blank(int):
    """A number the graph does not have (a non-COW organisation's ``ionum``): an ``int`` for the
    table's types, written as an empty cell by ``kg.world.write_igo_years``."""

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return "_Blank()"


_BLANK = _Blank(0)


@dataclass(frozen=True)
class CowTables:
    """COW's two tables for one scope, and what the export had to leave out (``notes``)."""

    scope: str
    igo_years: IgoYearTable
    state_years: StateYearTable
    notes: tuple[str, ...] = ()


# --- reading the graph ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Claim:
    """A membership or statehood spell: who (``entity``: member or state), where, when."""

    entity: str
    organisation: str  # '' for statehood
    code: int  # 1, 2, 3 (0 for statehood)
    start: date
    end: date | None  # the first day no longer
    world: bool  # COW's claim (evidence citing the dataset)
    best: bool  # marked dq:BestRank

    def last_day_in(self, year: int) -> date | None:
        """The claim's last day in ``year`` (None: not active in it)."""
        first, last = date(year, 1, 1), date(year, 12, 31)
        if self.start > last or (self.end is not None and self.end <= first):
            return None
        return last if self.end is None or self.end > last else self.end - _DAY


@dataclass
class _Organisation:
    id: str
    ioname: str | None = None
    ionum: int | None = None
    label: str = ""
    long_label: str = ""
    inception: date | None = None
    end_year: int | None = None  # the last year it existed in (from dq:dissolution)
    merged: bool = False
    replaced: bool = False
    cells: dict[str, str] = field(default_factory=dict)  # cowIgoYears ... -> the literal


def _id(node: Node) -> str:
    if isinstance(node, URIRef):
        return resource_id(node) or str(node)
    return str(node)


def _day(value: Node | None) -> date | None:
    python = value.toPython() if isinstance(value, Literal) else None
    return python if isinstance(python, date) else None


def _english(graph: Graph, node: URIRef, prop: URIRef) -> list[str]:
    return sorted(
        str(o) for o in graph.objects(node, prop) if isinstance(o, Literal) and o.language == "en"
    )


def _organisation(graph: Graph, node: URIRef) -> _Organisation:
    org = _Organisation(_id(node))
    ioname, ionum = graph.value(node, DQ.cowIgo), graph.value(node, DQ.cowIgoNumber)
    org.ioname = None if ioname is None else str(ioname)
    org.ionum = None if not isinstance(ionum, Literal) else int(ionum)
    labels = _english(graph, node, RDFS.label)
    org.label = labels[0] if labels else org.id
    others = [a for a in _english(graph, node, SKOS.altLabel) if a not in (org.ioname, org.label)]
    org.long_label = others[0] if len(others) == 1 else org.label
    org.inception = _day(graph.value(node, DQ.inception))
    dissolution = _day(graph.value(node, DQ.dissolution))
    if dissolution is not None:  # day precision: the day before is the last; else "in that year"
        day = graph.value(node, DQ.dissolutionPrecision) in (DQ.Day, None)
        org.end_year = (dissolution - _DAY).year if day else dissolution.year
    for succession in graph.subjects(DQ.predecessor, node):
        kind = graph.value(succession, DQ.successionKind)
        org.merged |= kind == DQ.Merged
        org.replaced |= kind == DQ.Replaced
    for name in ("cowIgoYears", "cowImputedYears", "cowMissing", "cowOtherCells"):
        value = graph.value(node, DQ[name])
        if value is not None:
            org.cells[name] = str(value)
    return org


def _claims(graph: Graph, cls: URIRef) -> list[_Claim]:
    """Every membership (or statehood) spell, read a property at a time over the whole graph
    (one index scan each, several times faster than a lookup per claim)."""
    membership = cls == DQ.Membership
    world_source = COW_IGO_SOURCE if membership else COW_STATES_SOURCE
    nodes = set(graph.subjects(RDF.type, cls))
    best = set(graph.subjects(RDF.type, _BEST_RANK)) & nodes

    def first(prop: URIRef) -> dict[Node, Node]:
        found: dict[Node, Node] = {}
        for node, value in graph.subject_objects(prop):
            if node in nodes:
                found.setdefault(node, value)
        return found

    world_evidence = set(graph.subjects(DCTERMS.source, world_source))
    world = {n for n, e in graph.subject_objects(PROV.wasDerivedFrom) if e in world_evidence}
    entity, start, end = (
        first(DQ.member if membership else DQ.state),
        first(DQ.start),
        first(DQ.end),
    )
    organisation, role = (first(DQ.organisation), first(DQ.role)) if membership else ({}, {})
    codes: dict[Node, int] = {role: code for role, code in _CODE.items()}
    claims = []
    for node in nodes:
        who, day = entity.get(node), _day(start.get(node))
        where, status = organisation.get(node), codes.get(role.get(node, RDF.nil), 0)
        if who is None or day is None or (membership and (where is None or not status)):
            continue
        claims.append(
            _Claim(
                _id(who),
                "" if where is None else _id(where),
                status,
                day,
                _day(end.get(node)),
                node in world,
                node in best,
            )
        )
    return claims


def _codes(graph: Graph) -> dict[str, set[int]]:
    """Our state ids -> their COW codes (``dq:cowCode``)."""
    codes: dict[str, set[int]] = defaultdict(set)
    for state, code in graph.subject_objects(DQ.cowCode):
        codes[_id(state)].add(int(code))  # type: ignore[call-overload]
    return codes


# --- the compact literals ---------------------------------------------------------------------


def _spans(text: str) -> Iterator[tuple[int | None, int, int, str | None]]:
    """The runs of a ``dq:cowIgoYears`` / ``dq:cowMissing`` / ``dq:cowOtherCells`` literal."""
    for token in text.split():
        match = _SPAN.match(token)
        if match is None:
            raise ValueError(f"{token!r} is not a run (ccode:first-last[=code])")
        ccode, first, last, code = match.groups()
        yield (None if ccode is None else int(ccode)), int(first), int(last), code


def _years(texts: Iterable[str]) -> set[int]:
    return {y for text in texts for _, a, b, _ in _spans(text) for y in range(a, b + 1)}


def _cells(texts: Iterable[str]) -> dict[tuple[int, int], int | None]:
    cells: dict[tuple[int, int], int | None] = {}
    for text in texts:
        for ccode, first, last, code in _spans(text):
            value = -9 if code is None else None if code == "empty" else int(code)
            for year in range(first, last + 1):
                cells[(ccode or 0, year)] = value
    return cells


# --- the scopes -------------------------------------------------------------------------------


def scope_organisations(
    graph: Graph, name: str = "post-soviet", scopes_file: Path | None = SCOPES_FILE
) -> tuple[str, ...]:
    """The organisations of a named scope: as the graph defines it (``kg build`` writes each
    scope of ``corpus/scopes.yaml`` as a ``dq:Scope`` with its ``dq:scopeOrganisation``), else
    as ``scopes_file`` lists them. Raises ``ValueError`` where neither defines the scope."""
    found = sorted(_id(o) for o in graph.objects(resource(f"scope/{name}"), DQ.scopeOrganisation))
    if found:
        return tuple(found)
    if scopes_file is not None and scopes_file.is_file():
        data = yaml.safe_load(scopes_file.read_text(encoding="utf-8"))
        entries = data.get("scopes") if isinstance(data, Mapping) else None
        for entry in entries if isinstance(entries, list) else ():
            if isinstance(entry, Mapping) and entry.get("id") == name:
                ids = entry.get("organisations")
                if isinstance(ids, list) and all(isinstance(i, str) for i in ids):
                    return tuple(ids)
    where = f"the graph or {scopes_file}" if scopes_file else "the graph"
    raise ValueError(f"{where} defines no {name!r} scope with a list of organisations")


# --- the tables -------------------------------------------------------------------------------


@dataclass
class _Igo:
    """One IGO of the tables: a COW IGO (one or more of our organisations), or one of ours."""

    ioname: str
    ionum: int
    organisations: list[_Organisation]
    years: list[int] = field(default_factory=list)
    rows: dict[int, list[int | None]] = field(default_factory=dict)  # year -> codes by column

    def text(self, name: str) -> list[str]:
        return [o.cells[name] for o in self.organisations if name in o.cells]


def _status(claims: Iterable[_Claim], year: int) -> int | None:
    """The status of the claims active in ``year``: the one held latest, the smaller code where
    two are held to the same day."""
    best: tuple[date, int] | None = None
    for claim in claims:
        day = claim.last_day_in(year)
        if day is not None and (best is None or (day, -claim.code) > (best[0], -best[1])):
            best = (day, claim.code)
    return None if best is None else best[1]


def _active_years(claim: _Claim, horizon: int) -> range:
    """The years a claim touches, up to ``horizon`` for one without an end."""
    last = (claim.end - _DAY).year if claim.end else horizon
    return range(claim.start.year, min(last, horizon) + 1)


def _in_system(
    statehoods: Iterable[_Claim], codes: Mapping[str, set[int]], horizon: int
) -> set[tuple[int, int]]:
    """(ccode, year) where a statehood spell of an entity carrying the code touches the year."""
    years: set[tuple[int, int]] = set()
    for spell in statehoods:
        for ccode in codes.get(spell.entity, ()):
            years.update((ccode, y) for y in _active_years(spell, horizon))
    return years


def _columns(codes: Mapping[str, set[int]], used: Iterable[int], notes: list[str]) -> list[int]:
    """The COW codes to write, in the order of their column names."""
    used = set(used)
    unknown = sorted(used - set(_NAMES))
    if unknown:
        notes.append(f"COW codes with no COW column name, left out: {unknown}")
    return sorted((c for c in used if c in _NAMES), key=lambda c: _NAMES[c])


def _world(graph: Graph, notes: list[str]) -> tuple[list[_Igo], list[int]]:
    codes = _codes(graph)
    by_ioname: dict[str, list[_Organisation]] = defaultdict(list)
    for node in set(graph.subjects(DQ.cowIgo, None)):
        if isinstance(node, URIRef):
            org = _organisation(graph, node)
            by_ioname[org.ioname or ""].append(org)
    igos: list[_Igo] = []
    for ioname, orgs in sorted(by_ioname.items()):
        numbers = {o.ionum for o in orgs if o.ionum is not None}
        if len(numbers) != 1:
            notes.append(f"{ioname}: {len(numbers)} COW IGO numbers in the graph, left out")
            continue
        igo = _Igo(ioname, numbers.pop(), orgs)
        igo.years = sorted(_years(igo.text("cowIgoYears")))
        igos.append(igo)
    if not any(igo.years for igo in igos):
        raise ValueError(
            "the graph holds no COW table years (dq:cowIgoYears): build it with the world layer "
            "(kg build --world auto) first"
        )
    horizon = max(y for igo in igos for y in igo.years)
    in_system = _in_system((c for c in _claims(graph, DQ.Statehood) if c.world), codes, horizon)
    owner = {o.id: igo.ioname for igo in igos for o in igo.organisations}
    members: dict[str, dict[tuple[int, int], int]] = defaultdict(dict)
    for claim in _claims(graph, DQ.Membership):
        owned = owner.get(claim.organisation)
        if not claim.world or owned is None:
            continue
        cells = members[owned]
        for ccode in codes.get(claim.entity, ()):
            for year in _active_years(claim, horizon):
                known = cells.get((ccode, year))
                cells[(ccode, year)] = claim.code if known is None else min(known, claim.code)
    columns = _columns(codes, set().union(*codes.values()), notes)
    index = {ccode: k for k, ccode in enumerate(columns)}
    base: dict[int, list[int | None]] = {}  # year -> 0 where the state is in the system
    for igo in igos:
        member = members.get(igo.ioname, {})
        overlays = (
            ((key, code) for key, code in member.items() if key in in_system),
            _cells(igo.text("cowOtherCells")).items(),
            _cells(igo.text("cowMissing")).items(),  # last: -9 overrides all
        )
        for year in igo.years:
            if year not in base:
                base[year] = [0 if (c, year) in in_system else None for c in columns]
            igo.rows[year] = list(base[year])
        for overlay in overlays:
            for (ccode, year), code in overlay:
                row = igo.rows.get(year)
                if row is not None and ccode in index:
                    row[index[ccode]] = code
    igos.sort(key=lambda i: (i.ionum, i.ioname))
    return igos, columns


def _post_soviet(
    graph: Graph, organisations: Sequence[str], last_year: int, notes: list[str]
) -> tuple[list[_Igo], list[int]]:
    codes = _codes(graph)
    igos: dict[str, _Igo] = {}
    for org_id in organisations:
        node = resource(org_id)
        if (node, RDF.type, DQ.Organisation) not in graph:
            notes.append(f"{org_id}: not in the graph, left out")
            continue
        org = _organisation(graph, node)
        name = org.ioname or re.sub(r"[^A-Za-z0-9_]", "_", org_id.split("/", 1)[-1])
        igo = igos.setdefault(name, _Igo(name, _BLANK, []))
        igo.organisations.append(org)
        if org.ionum is not None:
            igo.ionum = org.ionum
    claims = [c for c in _claims(graph, DQ.Membership) if c.best]
    statehoods = [c for c in _claims(graph, DQ.Statehood) if c.best]
    in_system = _in_system(statehoods, codes, last_year)
    with_statehood = {c for s in statehoods for c in codes.get(s.entity, ())}
    by_code: dict[str, dict[int, list[_Claim]]] = {}
    curated: dict[str, set[int]] = {}
    for igo in list(igos.values()):
        ids = {o.id for o in igo.organisations}
        mine = [c for c in claims if c.organisation in ids]
        starts = [o.inception for o in igo.organisations if o.inception] or [c.start for c in mine]
        if not starts:
            notes.append(f"{igo.ioname}: no inception and no membership, left out")
            del igos[igo.ioname]
            continue
        ends = [o.end_year for o in igo.organisations]
        end = max(e for e in ends if e) if all(ends) else None
        last = last_year if end is None else min(last_year, end)
        igo.years = list(range(min(starts).year, last + 1))
        if not igo.years:
            notes.append(f"{igo.ioname}: no year up to {last_year}, left out")
            del igos[igo.ioname]
            continue
        by_code[igo.ioname], curated[igo.ioname] = defaultdict(list), set()
        for claim in mine:
            if not codes.get(claim.entity):
                notes.append(f"{claim.entity} has no COW code: left out of {igo.ioname}")
            for ccode in codes.get(claim.entity, ()):
                by_code[igo.ioname][ccode].append(claim)
                if not claim.world:
                    curated[igo.ioname].add(ccode)
    columns = _columns(codes, {c for found in by_code.values() for c in found}, notes)
    for igo in igos.values():
        missing = _cells(igo.text("cowMissing"))
        for year in igo.years:
            row: list[int | None] = []
            for ccode in columns:
                status = _status(by_code[igo.ioname].get(ccode, ()), year)
                if status is None and (ccode, year) in missing:
                    status = None if ccode in curated[igo.ioname] else -9
                if status is None and ccode in with_statehood and (ccode, year) not in in_system:
                    row.append(None)
                else:
                    row.append(0 if status is None else status)
            igo.rows[year] = row
    ordered = sorted(igos.values(), key=lambda i: (i.years[0], i.ioname))
    return ordered, columns


def _igo_year_table(igos: Sequence[_Igo], columns: Sequence[int], source: str) -> IgoYearTable:
    rows: list[IgoYear] = []
    last_year = max((y for igo in igos for y in igo.years), default=0)
    for igo in igos:
        if not igo.years:
            continue
        orgs = igo.organisations
        latest = max(orgs, key=lambda o: (o.inception or date.min, o.id))
        first, last = igo.years[0], igo.years[-1]
        sdate = min([first] + [o.inception.year for o in orgs if o.inception])
        end = latest.end_year
        if end is not None and first <= end <= last:
            deaddate: int | None = end
        else:  # rows that stop before the table's do so where the IGO ended
            deaddate = last if last < last_year else None
        imputed = _years(igo.text("cowImputedYears"))
        for year in igo.years:
            dying = deaddate is not None and year == deaddate
            rows.append(
                IgoYear(
                    line=len(rows) + 2,
                    ioname=igo.ioname,
                    orgname=latest.label,
                    year=year,
                    codes=tuple(igo.rows[year]),
                    sdate=sdate,
                    deaddate=deaddate,
                    dead=int(dying),
                    integrated=int(dying and latest.merged),
                    replaced=int(dying and latest.replaced),
                    longorgname=latest.long_label,
                    ionum=igo.ionum,
                    igocode=None,
                    version=None,
                    accuracy="",
                    sources="",
                    imputed=int(year in imputed),
                    political=None,
                    social=None,
                    economic=None,
                )
            )
    names = [_NAMES[c] for c in columns]
    header = (*IGO_YEAR_LEAD, *names, *IGO_YEAR_TAIL)
    return IgoYearTable(source, header, names, columns, rows)


def state_year_table(table: IgoYearTable, source: str = "") -> StateYearTable:
    """The state-year table of an IGO-year table: a row for each state and year with a 0-3 cell
    in some IGO, one column per IGO (lower-cased ``ioname``, in alphabetical order): the IGO's
    cell, ``-1`` where it has no row that year or the cell is empty."""
    igos = sorted({row.ioname.lower() for row in table.rows})
    position = {name: k for k, name in enumerate(igos)}
    cells: dict[tuple[int, int], list[int | None]] = {}
    coded: set[tuple[int, int]] = set()  # with a 0-3 cell somewhere
    for row in table.rows:
        k = position[row.ioname.lower()]
        for ccode, code in zip(table.ccodes, row.codes, strict=True):
            if code is None:
                continue
            key = (ccode, row.year)
            line = cells.get(key)
            if line is None:
                line = cells[key] = [-1] * len(igos)
            line[k] = code
            if code >= 0:
                coded.add(key)
    names = {ccode: name for name, ccode in zip(table.states, table.ccodes, strict=True)}
    rows = [
        StateYear(n + 2, ccode, year, names[ccode], tuple(cells[(ccode, year)]))
        for n, (ccode, year) in enumerate(sorted(coded))
    ]
    return StateYearTable(source, ("ccode", "year", "state", *igos), igos, (), rows)


def cow_tables(
    source: Graph | Store,
    scope: str = "world",
    *,
    organisations: Sequence[str] | None = None,
    last_year: int | None = None,
    scopes_file: Path | None = SCOPES_FILE,
) -> CowTables:
    """COW's IGO-year and state-year tables of the graph (``source``: a graph, or a store whose
    graph is read) in one of :data:`SCOPES` (see the module's docstring).

    ``organisations`` (post-soviet): the scope's ids (default :func:`scope_organisations`: the
    graph's ``post-soviet`` scope, else ``scopes_file``'s);
    ``last_year`` (post-soviet): the last year of the tables (default: last year). Raises
    ``ValueError`` for an unknown scope, or a world scope on a graph without COW's table years.
    """
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r} (expected one of: {', '.join(SCOPES)})")
    graph = source if isinstance(source, Graph) else source.as_graph()
    notes: list[str] = []
    label = f"kg export cow --scope {scope}"
    if scope == "world":
        igos, columns = _world(graph, notes)
    else:
        ids = (
            scope_organisations(graph, scopes_file=scopes_file)
            if organisations is None
            else organisations
        )
        until = date.today().year - 1 if last_year is None else last_year
        igos, columns = _post_soviet(graph, ids, until, notes)
    igo_years = _igo_year_table(igos, columns, label)
    return CowTables(
        scope, igo_years, state_year_table(igo_years, label), tuple(dict.fromkeys(notes))
    )
