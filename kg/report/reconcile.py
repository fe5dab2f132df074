"""The curated record beside the Correlates of War IGO data, pair by pair (``kg report reconcile``).

The graph holds two records of memberships side by side (``kg.build.world``): the curated one
(evidence from a corpus text or an external source such as a Wikidata item, none citing a
dataset of ``dqr:source/``; a membership with no evidence at all, which the shapes reject, is in
neither) and COW's (evidence citing ``dqr:source/cow-igo-v3``). ``reconcile(store)`` compares
them for every organisation both know — at least one curated and one COW membership — with one
row per (state, organisation) pair either record covers there, and a verdict:

- ``agree``: the same years, in the same roles;
- ``differ``: the details say what differs and by how many years: ``start: curated 1993, COW 1992
  (1 year)``, ``end: …``, ``role: curated FullMember, COW AssociateMember (1993-2014)``, or years
  only one record has (``COW member in 1996-1998, curated not``);
- ``only-curated`` / ``only-cow``: the other record has no membership of the pair;
- ``after-cow``: COW has none and every curated claim begins after 2014, where COW's data end:
  out of COW's range, not a disagreement. Such pairs are rows (the report accounts for every
  curated pair) but are left out of the agreement rate: ``agree`` over the other pairs.

An organisation only one record knows gives no rows. Deprecated claims (a text's claims the
curators judge wrong) take no part. Of a pair's curated claims the preferred ones count if any,
else the normal ones: the best-rank rule on the curated record alone (where COW speaks too, the
build ranks every curated claim preferred, so ``dq:BestRank`` alone would hide COW's claims).

Decisions:

- **Years.** A COW year Y means "a member at some point in Y", so a curated claim is *active in
  year Y when it is active on at least one day of Y* by the time rule of docs/design.md (active
  on day D when ``start <= D`` and it has no end or ``D < end``, on the stored dates): from the
  year of its start to the year of the day before its end. An end stored as 1 January (known to
  the year only, or at the turn of a year) thus ends the year before, as the build dates COW's
  runs (to 1 January after the last coded year), and the same rule reads COW's nodes.
- **COW's range** is 1816-2014; later years are not compared, so a curated membership going on
  past 2014 agrees on its end with a COW run ending in 2014, where COW's data end (details say so).
- **Bounds COW leaves open.** Where COW does not know a bound to the year (a missing ``-9`` or
  imputed neighbour, COW's data beginning, a predecessor or successor next to the run where our
  crosswalk splits a code by date, as SCO into the Shanghai Five and the SCO), the years it
  leaves open do not count against the curated record. The build writes the bounds as data on
  each COW membership (``kg.build.world``): ``dq:cowEarliestFirstYear`` 1996 on a run from 1998
  leaves 1996-1997 open, ``dq:cowFirstYearOpen true`` every year before the run, and so on the
  other side with ``dq:cowLatestLastYear`` and ``dq:cowLastYearOpen``. The run's ``skos:note``
  says the same in words, for people; it is only shown, never read. A run with neither (a graph
  built before the bounds were data) is read as COW knowing both bounds to the year.
- **Several spells** on either side (Uzbekistan in the CSTO 2006-2012; COW's runs change at a
  change of role or a missing year) are compared as sets of years, each year with its roles:
  curated spells that meet agree with one COW run over the same years, a gap in one record
  shows as the years the other has, a year of a curated change of role agrees with either role.
  Each stretch of disagreeing years is named by where it lies: before the other record's spell
  begins (``start``), after it ends (``end``), or else by its years.

>>> from kg.examples import tiny_graph
>>> from kg.stores.memory import MemoryStore
>>> graph = tiny_graph().parse(format="turtle", data='''
... @prefix dq: <https://w3id.org/dostastyq/ontology#> . @base <https://w3id.org/dostastyq/id/> .
... @prefix prov: <http://www.w3.org/ns/prov#> . @prefix dcterms: <http://purl.org/dc/terms/> .
... @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
... <membership/cow/cis/KAZ-1991> a dq:Membership ; dq:member <state/KAZ> ;
...     dq:organisation <org/cis> ; dq:role dq:FullMember ; dq:rank dq:Normal ;
...     dq:start "1991-01-01"^^xsd:date ; dq:end "2015-01-01"^^xsd:date ;
...     dq:cowEarliestFirstYear 1991 ; dq:cowLastYearOpen true ;
...     prov:wasDerivedFrom [ dcterms:source <source/cow-igo-v3> ] .
... <membership/KAZ-cis-1991> prov:wasDerivedFrom <evidence/wd> .
... <membership/RUS-cis-1991> prov:wasDerivedFrom <evidence/wd> .
... <membership/GEO-cis-1993> prov:wasDerivedFrom <evidence/wd> .
... <evidence/wd> dcterms:source <http://www.wikidata.org/entity/Q7172> .
... ''')
>>> for row in reconcile(MemoryStore(graph)).rows:
...     print(row.state, row.organisation, row.verdict, row.detail)
state/GEO org/cis only-curated COW codes no membership; curated 1993-2009
state/KAZ org/cis agree end: curated no end, COW 2014, where COW's data end
state/RUS org/cis only-curated COW codes no membership; curated 1991-
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, timedelta
from typing import Any

from rdflib import Literal
from rdflib.term import Node

from kg.report.reconcile_queries import Claim, claims, cow_igos, curated_organisations
from kg.stores.base import Store
from kg.vocab import display, resource

__all__ = [
    "COW_CITATION",
    "COW_FIRST_YEAR",
    "COW_LAST_YEAR",
    "COW_SOURCE",
    "CSV_COLUMNS",
    "CURATED_RECORD",
    "VERDICTS",
    "CowRun",
    "CuratedSpell",
    "OrganisationSummary",
    "PairReconciliation",
    "Reconciliation",
    "UnknownOrganisation",
    "compare",
    "reconcile",
    "reconciliation_markdown",
]

COW_SOURCE = resource("source/cow-igo-v3")
COW_CITATION = "Correlates of War IGO data v3.0"
"""COW's citation in short, for the head of an output (the full one is on ``COW_SOURCE``)."""
CURATED_RECORD = "curated record"
COW_FIRST_YEAR, COW_LAST_YEAR = 1816, 2014
VERDICTS = ("agree", "differ", "only-curated", "only-cow", "after-cow")
CSV_COLUMNS = ("state", "organisation", "verdict", "detail", "curated", "cow",
               "curated_evidence", "cow_evidence")  # fmt: skip


class UnknownOrganisation(ValueError):
    """An organisation asked for that the two records do not both speak about."""


# --------------------------------------------------------------------------- records


def _day(value: date | None, precision: str) -> str:
    """A stored date as its precision knows it: ``1993-12`` for a month, ``1996`` for a year."""
    if value is None or precision == "Year":
        return "" if value is None else f"{value.year}"
    return f"{value.year}-{value.month:02d}" if precision == "Month" else value.isoformat()


def _last_year(end: date | None) -> int | None:
    """The last year with an active day: the year of the day before the end (``None``: no end)."""
    return None if end is None else (end - timedelta(days=1)).year


def _span(first: int | None, last: int | None) -> str:
    if first is None:
        return "(no start)"
    if last is None:
        return f"{first}-"
    return f"{first}" if first == last else f"{first}-{last}"


@dataclass(frozen=True)
class CuratedSpell:
    """One curated membership claim of a pair: its dates, role, rank and evidence."""

    claim: str
    role: str
    rank: str
    start: date | None
    start_precision: str
    end: date | None
    end_precision: str
    evidence: tuple[str, ...]

    @property
    def first_year(self) -> int | None:
        return None if self.start is None else self.start.year

    @property
    def last_year(self) -> int | None:
        """The last year it is active in; ``None`` when it has no end."""
        return _last_year(self.end)

    @property
    def years(self) -> str:
        return _span(self.first_year, self.last_year)

    def describe(self) -> str:
        """``FullMember 1993-12 to 2009-08-18 (Preferred)``."""
        start = _day(self.start, self.start_precision) or "no start"
        end = _day(self.end, self.end_precision) or "no end"
        return f"{self.role} {start} to {end} ({self.rank})"


@dataclass(frozen=True)
class CowRun:
    """One COW membership node of a pair: a run of coded years in one role, how early it may
    have begun and how late it may have lasted (``dq:cowEarliestFirstYear``,
    ``dq:cowLatestLastYear``; ``None`` where COW leaves the bound open), the note saying so in
    words (``kg.build.world``) and its citation."""

    claim: str
    role: str
    first_year: int
    last_year: int
    note: str
    citation: tuple[str, ...]
    earliest_first: int | None
    """The earliest year the membership may have begun in; ``None``: any year before."""
    latest_last: int | None
    """The latest year the membership may have lasted to; ``None``: any year after."""

    @property
    def years(self) -> str:
        return _span(self.first_year, self.last_year)

    def describe(self) -> str:
        """``FullMember 1992-2014 (end: COW's data end in 2014.)``."""
        return f"{self.role} {self.years}" + (f" ({self.note})" if self.note else "")


def _plain(value: Any) -> Any:
    """A record as JSON's values: dataclasses as objects, tuples as lists, dates as ISO days."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value.isoformat() if isinstance(value, date) else value


@dataclass(frozen=True)
class PairReconciliation:
    """One (state, organisation) pair: the verdict, the details behind it, and both records."""

    state: str
    organisation: str
    verdict: str
    details: tuple[str, ...]
    curated: tuple[CuratedSpell, ...]
    cow: tuple[CowRun, ...]

    @property
    def detail(self) -> str:
        return "; ".join(self.details)

    def flat(self) -> dict[str, str]:
        """The pair as a line of ``CSV_COLUMNS`` (several spells or runs joined by `` | ``)."""
        return {
            "state": self.state,
            "organisation": self.organisation,
            "verdict": self.verdict,
            "detail": self.detail,
            "curated": " | ".join(spell.describe() for spell in self.curated),
            "cow": " | ".join(run.describe() for run in self.cow),
            "curated_evidence": " | ".join(e for spell in self.curated for e in spell.evidence),
            "cow_evidence": " | ".join(c for run in self.cow for c in run.citation),
        }


@dataclass(frozen=True)
class OrganisationSummary:
    """The verdicts on one organisation's pairs (or on all, ``organisation="all"``)."""

    organisation: str
    cow_igo: str
    pairs: int
    agree: int
    differ: int
    only_curated: int
    only_cow: int
    after_cow: int

    @property
    def agreement_rate(self) -> float | None:
        """``agree`` over the pairs compared (all but ``after-cow``); ``None`` if there are none."""
        compared = self.pairs - self.after_cow
        return self.agree / compared if compared else None


def _summary(org: str, igo: str, rows: Iterable[PairReconciliation]) -> OrganisationSummary:
    verdicts = [row.verdict for row in rows]
    return OrganisationSummary(org, igo, len(verdicts), *map(verdicts.count, VERDICTS))


@dataclass(frozen=True)
class Reconciliation:
    """Every pair of the organisations both records know, and a summary by organisation."""

    rows: tuple[PairReconciliation, ...]
    summary: tuple[OrganisationSummary, ...]
    organisations: tuple[str, ...] = ()
    """The organisations compared (both records know them), by id."""

    @property
    def total(self) -> OrganisationSummary:
        return _summary("all", "", self.rows)

    @property
    def scope(self) -> str:
        """What the report covers, in words, for the head of an output."""
        return (
            "memberships of the organisations both the curated record and COW code "
            f"({', '.join(self.organisations) or 'none'}), compared in COW's years "
            f"{COW_FIRST_YEAR}-{COW_LAST_YEAR}; deprecated claims left out"
        )

    def as_dict(self) -> dict[str, Any]:
        """``{"rows": [...], "summary": [...], "total": {...}}`` in JSON's values."""

        summary = [{**_plain(s), "agreement_rate": s.agreement_rate} for s in self.summary]
        total = {**_plain(self.total), "agreement_rate": self.total.agreement_rate}
        rows = [{**_plain(row), "detail": row.detail} for row in self.rows]
        return {"rows": rows, "summary": summary, "total": total}


# --------------------------------------------------------------------------- querying


def _text(claim: Claim, name: str, default: str = "") -> str:
    return display(claim.values.get(name)) or default


def _date(claim: Claim, name: str) -> date | None:
    term = claim.values.get(name)
    value = term.toPython() if isinstance(term, Literal) else None
    return value if isinstance(value, date) else None


def _year(claim: Claim, name: str, open_flag: str, default: int) -> int | None:
    """A bound of COW's as the build wrote it: the year, ``None`` when it is open, ``default``
    (the coded year) when the graph has neither."""
    term = claim.values.get(name)
    if isinstance(term, Literal) and isinstance(term.toPython(), int):
        return int(term.toPython())
    flag = claim.values.get(open_flag)
    if isinstance(flag, Literal) and flag.toPython() is True:
        return None
    return default


def _spell(claim: Claim) -> CuratedSpell:
    return CuratedSpell(
        display(claim.node), _text(claim, "role"), _text(claim, "rank", "Normal"),
        _date(claim, "start"), _text(claim, "startPrecision"),
        _date(claim, "end"), _text(claim, "endPrecision"), tuple(claim.evidence),
    )  # fmt: skip


def _run(claim: Claim) -> CowRun | None:
    start, last = _date(claim, "start"), _last_year(_date(claim, "end"))
    if start is None:
        return None
    last = COW_LAST_YEAR if last is None else last
    return CowRun(
        display(claim.node), _text(claim, "role"), start.year, last, " ".join(claim.notes),
        tuple(dict.fromkeys(claim.citations)),
        _year(claim, "earliest", "firstOpen", start.year),
        _year(claim, "latest", "lastOpen", last),
    )  # fmt: skip


def _best(spells: list[CuratedSpell]) -> list[CuratedSpell]:
    """The best-rank rule on a pair's curated claims: the preferred ones if there are any."""
    return [spell for spell in spells if spell.rank == "Preferred"] or spells


def reconcile(store: Store, organisation: str | None = None) -> Reconciliation:
    """The curated record and COW's, pair by pair, for every organisation both know — or only
    for ``organisation`` (an id such as ``org/cis``; ``UnknownOrganisation`` if it is none of
    them).

    Three queries through ``store`` (``kg.report.reconcile_queries``): the organisations with a
    curated membership, their memberships with notes, COW's bounds and evidence, and their
    ``dq:cowIgo``.
    """
    curated: dict[tuple[str, str], list[CuratedSpell]] = defaultdict(list)
    cow: dict[tuple[str, str], list[CowRun]] = defaultdict(list)
    curated_orgs: set[Node] = set()
    cow_orgs: set[Node] = set()
    for claim in claims(store, curated_organisations(store)):
        pair = (display(claim.member), display(claim.organisation))
        run = _run(claim) if str(COW_SOURCE) in claim.sources else None
        if run is not None:
            cow[pair].append(run)
            cow_orgs.add(claim.organisation)
        elif not claim.from_dataset:
            curated[pair].append(_spell(claim))
            curated_orgs.add(claim.organisation)
    both = sorted(curated_orgs & cow_orgs, key=str)
    if organisation is not None:
        wanted = resource(organisation if "/" in organisation else f"org/{organisation}")
        if wanted not in both:
            known = ", ".join(display(org) for org in both) or "none"
            raise UnknownOrganisation(
                f"{organisation}: not an organisation that both the curated record and the COW "
                f"data speak about (those are: {known})"
            )
        both = [wanted]
    if not both:
        return Reconciliation((), ())
    cow_igo = cow_igos(store, both)
    ids = tuple(display(org) for org in both)
    rows = []
    pairs = [pair for pair in curated.keys() | cow.keys() if pair[1] in ids]
    for state, org in sorted(pairs, key=lambda pair: pair[::-1]):
        spells = sorted(_best(curated[state, org]), key=lambda s: (s.start or date.min, s.claim))
        runs = sorted(cow[state, org], key=lambda run: (run.first_year, run.claim))
        verdict, details = compare(spells, runs)
        rows.append(PairReconciliation(state, org, verdict, details, tuple(spells), tuple(runs)))
    summary = tuple(
        _summary(org, cow_igo.get(org, ""), (row for row in rows if row.organisation == org))
        for org in ids
    )
    return Reconciliation(tuple(rows), summary, ids)


# --------------------------------------------------------------------------- comparing


def _ranges(years: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive years as ``(first, last)`` ranges: ``{1992, 1993, 1996}`` gives two."""
    ranges: list[tuple[int, int]] = []
    for year in sorted(years):
        if ranges and ranges[-1][1] == year - 1:
            ranges[-1] = (ranges[-1][0], year)
        else:
            ranges.append((year, year))
    return ranges


def _count(years: int) -> str:
    return f"{years} year" if years == 1 else f"{years} years"


def _curated_end(spells: Sequence[CuratedSpell], year: int) -> str:
    """How the curated claims active in ``year`` end: the latest last year, or ``no end``."""
    lasts = [s.last_year for s in spells if (s.first_year or 0) <= year <= (s.last_year or year)]
    known = [last for last in lasts if last is not None]
    return "no end" if len(known) < len(lasts) else str(max([year, *known]))


def compare(spells: Sequence[CuratedSpell], runs: Sequence[CowRun]) -> tuple[str, tuple[str, ...]]:
    """The verdict on one pair from its curated spells and COW runs, and the details behind it
    (the module's decisions say how).

    >>> spell = CuratedSpell("m", "FullMember", "Preferred", date(1993, 12, 1), "Month",
    ...                      None, "", ())
    >>> compare([spell], [CowRun("c", "FullMember", 1992, 2014, "", (), 1992, None)])
    ('differ', ('start: curated 1993, COW 1992 (1 year)',))
    """
    dated = [s for s in spells if s.first_year is not None]
    firsts = [s.first_year for s in dated if s.first_year is not None]
    if not runs:
        if firsts and min(firsts) > COW_LAST_YEAR:
            return "after-cow", (f"curated from {min(firsts)}, after COW's data end in 2014",)
        spans = ", ".join(s.years for s in spells)
        return "only-curated", (f"COW codes no membership; curated {spans}",)
    if not dated:
        notes = [run.note for run in runs if run.note]
        return "only-cow", ("no curated claim; COW " + ", ".join(run.years for run in runs), *notes)

    curated: dict[int, set[str]] = defaultdict(set)
    for s in dated:
        first = max(s.first_year or COW_FIRST_YEAR, COW_FIRST_YEAR)
        last = COW_LAST_YEAR if s.last_year is None else min(s.last_year, COW_LAST_YEAR)
        for year in range(first, last + 1):
            curated[year].add(s.role)
    cow: dict[int, set[str]] = defaultdict(set)
    open_years: set[int] = set()  # the years COW's bounds leave open
    for run in runs:
        for year in range(run.first_year, run.last_year + 1):
            cow[year].add(run.role)
        earliest, latest = run.earliest_first, run.latest_last
        open_years.update(range(COW_FIRST_YEAR if earliest is None else earliest, run.first_year))
        open_years.update(range(run.last_year + 1, (latest or COW_LAST_YEAR) + 1))

    found: list[tuple[int, str]] = []
    only_curated = [year for year in curated if year not in cow and year not in open_years]
    for first, last in _ranges(only_curated):
        found.append((first, _only_curated(first, last, curated, cow, dated)))
    for first, last in _ranges(year for year in cow if year not in curated):
        found.append((first, _only_cow(first, last, curated, cow)))
    roles: dict[tuple[str, str], list[int]] = defaultdict(list)
    for year in sorted(curated.keys() & cow.keys()):
        if not curated[year] & cow[year]:
            roles["/".join(sorted(curated[year])), "/".join(sorted(cow[year]))].append(year)
    for (ours, theirs), years in roles.items():
        for first, last in _ranges(years):
            found.append((first, f"role: curated {ours}, COW {theirs} ({_span(first, last)})"))
    if found:
        return "differ", tuple(text for _, text in sorted(found))
    return "agree", _agreement_notes(dated, runs)


def _only_curated(
    first: int, last: int, curated: dict[int, set[str]], cow: dict[int, set[str]],
    spells: Sequence[CuratedSpell],
) -> str:  # fmt: skip
    """Curated member in ``first``-``last``, COW not (nor open): which bound differs."""
    later = [year for year in cow if year > last]
    if first - 1 not in curated and later:
        following = min(later)
        if all(year in curated for year in range(last + 1, following)):
            return f"start: curated {first}, COW {following} ({_count(following - first)})"
    earlier = [year for year in cow if year < first]
    if earlier and (last + 1 not in curated or last == COW_LAST_YEAR):
        previous = max(earlier)
        if all(year in curated for year in range(previous + 1, first)):
            end = _curated_end(spells, last)
            beyond = end == "no end" or int(end) > COW_LAST_YEAR
            years = _count(last - previous) + (f" to {COW_LAST_YEAR}" if beyond else "")
            return f"end: curated {end}, COW {previous} ({years})"
    return f"curated member in {_span(first, last)}, COW not"


def _only_cow(first: int, last: int, curated: dict[int, set[str]], cow: dict[int, set[str]]) -> str:
    """COW member in ``first``-``last``, curated not: which bound differs."""
    if last + 1 in curated and first - 1 not in curated and first - 1 not in cow:
        return f"start: curated {last + 1}, COW {first} ({_count(last + 1 - first)})"
    if first - 1 in curated and last + 1 not in curated and last + 1 not in cow:
        return f"end: curated {first - 1}, COW {last} ({_count(last - first + 1)})"
    return f"COW member in {_span(first, last)}, curated not"


def _agreement_notes(spells: Sequence[CuratedSpell], runs: Sequence[CowRun]) -> tuple[str, ...]:
    """What an agreement rests on beyond equal years: COW's data end, the bounds COW leaves open."""
    notes = []
    firsts = [s.first_year for s in spells if s.first_year is not None]
    lasts = [s.last_year for s in spells]
    cow_first = min(run.first_year for run in runs)
    cow_last = max(run.last_year for run in runs)
    known = [last for last in lasts if last is not None]
    if cow_last >= COW_LAST_YEAR and (None in lasts or max(known) > COW_LAST_YEAR):
        latest = "no end" if None in lasts else str(max(known))
        notes.append(f"end: curated {latest}, COW {COW_LAST_YEAR}, where COW's data end")
    if min(firsts) < cow_first:
        notes.append(f"start: curated {min(firsts)}, COW {cow_first}, which COW leaves open")
    if cow_last < COW_LAST_YEAR and None not in lasts and max(known) > cow_last:
        notes.append(f"end: curated {max(known)}, COW {cow_last}, which COW leaves open")
    later = [s.years for s in spells if (s.first_year or 0) > COW_LAST_YEAR]
    if later:
        notes.append(f"curated {', '.join(later)}: after COW's data end")
    return tuple(notes)


# --------------------------------------------------------------------------- the data sheet


def _rate(summary: OrganisationSummary) -> str:
    rate = summary.agreement_rate
    return "–" if rate is None else f"{rate:.0%}"


def reconciliation_markdown(reconciliation: Reconciliation) -> str:
    """The summary as a Markdown table for the data sheet: per organisation the pairs, the count
    of each verdict and the agreement rate (``agree`` over the pairs compared); a total line.

    >>> print(reconciliation_markdown(Reconciliation((), ())).splitlines()[-1])
    | **all** |  | 0 | 0 | 0 | 0 | 0 | 0 | – |
    """
    lines = [
        "| organisation | COW IGO | pairs | agree | differ | only curated | only COW "
        "| after COW | agreement |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in (*reconciliation.summary, reconciliation.total):
        name = "**all**" if s.organisation == "all" else s.organisation
        lines.append(
            f"| {name} | {s.cow_igo} | {s.pairs} | {s.agree} | {s.differ} | {s.only_curated} "
            f"| {s.only_cow} | {s.after_cow} | {_rate(s)} |"
        )
    return "\n".join(lines) + "\n"
