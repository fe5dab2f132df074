"""The reviewed crosswalk from Correlates of War codes to our resource ids, and statehood.

This module is long because it landed as one piece with issue 12's reader (the four crosswalk
files share one checker); it is to be cut in two (reading, statehood) when the world layer
enters the build.

Contract
--------
- The crosswalk is four CSV files in one folder (``corpus/external/cow-igo-v3/``), one line per
  match with its reason; :func:`read_crosswalk` reads and checks them all before returning a
  :class:`Crosswalk`, or raises :class:`~kg.world.cow.CowDataError` naming file, line and
  column of every problem.

  ``crosswalk-states.csv``
      ``ccode, stateabb, cow_name, cow_column, id, iso3, wikidata, reason``: every COW state
      exactly once. ``id`` is empty when the COW code is split by date.
  ``crosswalk-state-splits.csv``
      ``ccode, from, until, id, iso3, wikidata, reason`` (and an optional ``label``): COW codes
      that stand for several entities in turn (365: the Russian Empire, Soviet Russia, the USSR,
      Russia; 255: Germany before 1945 and united Germany; 345: Yugoslavia, then Serbia from
      2006). ``label`` is the English label of a split entity that is not ours (empty: COW's
      name; ours keep their curated labels). ``from`` is the first day, ``until`` the first day no
      longer (DESIGN.md's time rule); the first ``from`` and the last ``until`` may be empty
      (open); the periods of one code follow each other without gap or overlap.
  ``crosswalk-igos.csv``
      ``ionum, ioname, orgname, id, reason``: every COW IGO exactly once; ``id`` empty when split.
  ``crosswalk-igo-splits.csv``
      ``ionum, ioname, from, until, id, reason``: a COW IGO that is a chain of our renamed or
      replaced organisations (CAECC, SCO).
  ``crosswalk-cell-overrides.csv`` (optional)
      ``ccode, ioname, year, id, reason``: one IGO's cells of a split code in the year the code
      changes hands, given to the entity the reviewer names instead of the year's greater part
      (365's 1991 CIS cell is Russia's: the USSR was never in the CIS). ``id`` is one of the
      code's split ids; ``year`` a year in which the code changes hands.

- Ids are well formed (``^(state|org)/[A-Za-z0-9][A-Za-z0-9._-]*$``, ``state/`` for states,
  ``org/`` for IGOs). Two COW states may reach one id only through dated splits whose days in
  COW's state system do not overlap (state/DEU is COW 260 until 1990-10-02 and COW 255 from
  1990-10-03); two COW IGOs never reach one id.
- A year maps onto the entity that held the code for the greater part of that year's days in
  COW's state system (:meth:`Crosswalk.state_in_year`): COW's 1991 cells of 365 are the USSR's,
  1992's Russia's; 255's 1990 cells are united Germany's (255 is in the system only from
  3 October 1990).
- :func:`state_spells` gives the statehood spells of our entities from COW's state list, split
  like the crosswalk.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Literal, Union

from kg.world.cow import (
    CowDataError,
    CowProblem,
    IgoYearTable,
    MembershipRun,
    StateSpell,
    read_igo_years,
    read_states,
)

__all__ = [
    "CROSSWALK_FILES",
    "ID_PATTERN",
    "Crosswalk",
    "EntityRun",
    "IgoMatch",
    "Period",
    "StateMatch",
    "Statehood",
    "entity_runs",
    "read_crosswalk",
    "state_spells",
]

PathLike = Union[str, "os.PathLike[str]"]

ID_PATTERN = re.compile(r"^(state|org)/[A-Za-z0-9][A-Za-z0-9._-]*$")
_QID = re.compile(r"^Q[1-9][0-9]*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")

CROSSWALK_FILES = {
    "states": "crosswalk-states.csv",
    "state-splits": "crosswalk-state-splits.csv",
    "igos": "crosswalk-igos.csv",
    "igo-splits": "crosswalk-igo-splits.csv",
    "cell-overrides": "crosswalk-cell-overrides.csv",  # optional
}
_COLUMNS = {
    "states": ("ccode", "stateabb", "cow_name", "cow_column", "id", "iso3", "wikidata", "reason"),
    "state-splits": ("ccode", "from", "until", "id", "iso3", "wikidata", "reason"),
    "igos": ("ionum", "ioname", "orgname", "id", "reason"),
    "igo-splits": ("ionum", "ioname", "from", "until", "id", "reason"),
    "cell-overrides": ("ccode", "ioname", "year", "id", "reason"),
}


@dataclass(frozen=True)
class StateMatch:
    """A line of ``crosswalk-states.csv``: a COW state and our id (``None``: split by date)."""

    ccode: int
    stateabb: str
    cow_name: str
    cow_column: str
    id: str | None
    iso3: str
    wikidata: str
    reason: str
    line: int


@dataclass(frozen=True)
class IgoMatch:
    """A line of ``crosswalk-igos.csv``: a COW IGO and our id (``None``: split by date)."""

    ionum: int
    ioname: str
    orgname: str
    id: str | None
    reason: str
    line: int


@dataclass(frozen=True)
class Period:
    """A line of a splits file: the COW code means ``id`` from ``start`` until ``until``."""

    code: int  # ccode or ionum
    start: date | None  # first day; None: open
    until: date | None  # first day no longer; None: open
    id: str
    iso3: str
    wikidata: str
    reason: str
    file: str
    line: int
    label: str = ""  # the English label of a split entity that is not ours ("": COW's name)

    def holds(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.until is None or on < self.until)


class Crosswalk:
    """COW codes to our ids: :meth:`state_id`, :meth:`state_in_year`, :meth:`org_id`, ..."""

    def __init__(
        self,
        states: Mapping[int, StateMatch],
        state_splits: Mapping[int, Sequence[Period]],
        igos: Mapping[int, IgoMatch],
        igo_splits: Mapping[int, Sequence[Period]],
        spells: Sequence[StateSpell] = (),
        cell_overrides: Mapping[tuple[int, int, int], str] | None = None,
    ):
        self.cell_overrides = dict(cell_overrides or {})  # (ccode, ionum, year) -> id
        self.states = dict(states)
        self.state_splits = {code: tuple(periods) for code, periods in state_splits.items()}
        self.igos = dict(igos)
        self.igo_splits = {code: tuple(periods) for code, periods in igo_splits.items()}
        self.spells = tuple(spells)
        self._spells: dict[int, list[StateSpell]] = {}
        for spell in self.spells:
            self._spells.setdefault(spell.ccode, []).append(spell)
        self._ionum = {match.ioname: match.ionum for match in self.igos.values()}

    def __repr__(self) -> str:
        return f"Crosswalk({len(self.states)} states, {len(self.igos)} IGOs)"

    # states
    def state_id(self, ccode: int, on: date) -> str:
        """Our id for a COW state on a day."""
        match = self.states[ccode]
        if match.id is not None:
            return match.id
        for period in self.state_splits[ccode]:
            if period.holds(on):
                return period.id
        raise KeyError(f"COW state {ccode} has no id on {on}")

    def state_ids(self, ccode: int) -> tuple[str, ...]:
        """Every id a COW state maps onto, in time order, without repeats."""
        match = self.states[ccode]
        if match.id is not None:
            return (match.id,)
        return tuple(dict.fromkeys(period.id for period in self.state_splits[ccode]))

    def state_in_year(self, ccode: int, year: int) -> str:
        """Our id for a COW state's cells of one year: the entity holding the code for the greater
        part of the year's days on which the state was in COW's system (all the year's days when
        it was in the system on none or no spells are known)."""
        match = self.states[ccode]
        if match.id is not None:
            return match.id
        return _greatest(self.state_splits[ccode], year, self._spells.get(ccode, ()))

    def state_for_cells(self, ccode: int, ionum: int, year: int) -> str:
        """Our id for a COW state's cells of one IGO in one year: the reviewed override where
        ``crosswalk-cell-overrides.csv`` has one, else :meth:`state_in_year`."""
        override = self.cell_overrides.get((ccode, ionum, year))
        return override if override is not None else self.state_in_year(ccode, year)

    # IGOs
    def ionum(self, ioname: str) -> int:
        return self._ionum[ioname]

    def org_id(self, igo: int | str, on: date) -> str:
        """Our id for a COW IGO (``ionum`` or ``ioname``) on a day."""
        match = self.igos[igo if isinstance(igo, int) else self._ionum[igo]]
        if match.id is not None:
            return match.id
        for period in self.igo_splits[match.ionum]:
            if period.holds(on):
                return period.id
        raise KeyError(f"COW IGO {igo} has no id on {on}")

    def org_ids(self, igo: int | str) -> tuple[str, ...]:
        match = self.igos[igo if isinstance(igo, int) else self._ionum[igo]]
        if match.id is not None:
            return (match.id,)
        return tuple(dict.fromkeys(period.id for period in self.igo_splits[match.ionum]))

    def org_in_year(self, igo: int | str, year: int) -> str:
        """Our id for a COW IGO's cells of one year (the entity of the greater part of the year)."""
        match = self.igos[igo if isinstance(igo, int) else self._ionum[igo]]
        if match.id is not None:
            return match.id
        return _greatest(self.igo_splits[match.ionum], year, ())


def _greatest(periods: Sequence[Period], year: int, spells: Sequence[StateSpell]) -> str:
    first, last = date(year, 1, 1), date(year, 12, 31)
    windows = [
        (max(first, s.start), min(last, s.end or last))
        for s in spells
        if s.start <= last and (s.end is None or s.end >= first)
    ] or [(first, last)]
    best, best_days = periods[0].id, -1
    for period in periods:
        days = 0
        for low, high in windows:
            a = max(low, period.start or low)
            b = min(high, (period.until - timedelta(days=1)) if period.until else high)
            days += max(0, (b - a).days + 1)
        if days > best_days:
            best, best_days = period.id, days
    return best


# --- reading ----------------------------------------------------------------------------------


def _records(path: Path, kind: str, problems: list[CowProblem]) -> list[tuple[int, dict[str, str]]]:
    file = str(path)
    if not path.exists():
        problems.append(CowProblem(file, None, None, "file missing"))
        return []
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, dict[str, str]]] = []
    header: list[str] | None = None
    previous = 0
    for fields in reader:
        line, previous = previous + 1, reader.line_num
        if not fields:
            continue
        if header is None:
            header = fields
            for name in _COLUMNS[kind]:
                if name not in header:
                    problems.append(
                        CowProblem(file, line, name, "required column missing from the header")
                    )
            if any(name not in header for name in _COLUMNS[kind]):
                return []
            continue
        if len(fields) != len(header):
            problems.append(
                CowProblem(
                    file,
                    line,
                    header[min(len(fields), len(header) - 1)],
                    f"malformed row: {len(fields)} fields, the header has {len(header)}",
                )
            )
            continue
        rows.append((line, dict(zip(header, fields, strict=True))))
    if header is None:
        problems.append(CowProblem(file, None, None, "the file is empty (no header)"))
    return rows


def _parse_day(text: str) -> date:
    return date.fromisoformat(text)


def read_crosswalk(
    directory: PathLike,
    *,
    spells: Sequence[StateSpell] | None = None,
    igos: IgoYearTable | Mapping[int, str] | None = None,
) -> Crosswalk:
    """Read and check the crosswalk files in ``directory``.

    ``spells``: COW's state list (default: ``states2016.csv`` in the same folder); ``igos``: the
    COW IGOs, an IGO-year table or ``{ionum: ioname}`` (default: the IGO-year file in the same
    folder). Checks: every COW state and every COW IGO exactly once, with COW's abbreviation and
    names; integers and dates well formed; ids well formed and of the right kind; a reason on
    every line; ``iso3`` three capitals and ``wikidata`` a QID where given; split codes have no
    id of their own and periods that follow each other; no two COW states onto one id on the
    same day and no two COW IGOs onto one id.
    """
    folder = Path(os.fspath(directory))
    problems: list[CowProblem] = []
    if spells is None:
        spells = read_states(folder / "states2016.csv")
    if igos is None:
        found = [
            folder / name
            for name in ("igo_year_formatv3.csv.xz", "igo_year_formatv3.csv")
            if (folder / name).exists()
        ]
        igos = read_igo_years(found[0]) if found else {}
    cow_igos = (
        {igo.ionum: igo.ioname for igo in igos.igos.values()}
        if isinstance(igos, IgoYearTable)
        else dict(igos)
    )
    names = {spell.ccode: spell for spell in spells}

    def problem(path: Path, line: int | None, column: str | None, message: str) -> None:
        problems.append(CowProblem(str(path), line, column, message))

    def check_id(path: Path, line: int, value: str, kind: str) -> bool:
        if not ID_PATTERN.match(value):
            problem(path, line, "id", f"{value!r} is not a well-formed id ({ID_PATTERN.pattern})")
            return False
        if not value.startswith(kind + "/"):
            problem(path, line, "id", f"{value!r} is not a {kind}/ id")
            return False
        return True

    def integer(path: Path, line: int, column: str, value: str) -> int | None:
        try:
            return int(value)
        except ValueError:
            problem(path, line, column, f"{value!r} is not an integer")
            return None

    def common(path: Path, line: int, record: dict[str, str]) -> None:
        if not record["reason"].strip():
            problem(path, line, "reason", "empty: every match says why it holds")
        if "iso3" in record and record["iso3"] and not _ISO3.match(record["iso3"]):
            problem(path, line, "iso3", f"{record['iso3']!r} is not an ISO 3166 alpha-3 code")
        if "wikidata" in record and record["wikidata"] and not _QID.match(record["wikidata"]):
            problem(path, line, "wikidata", f"{record['wikidata']!r} is not a Wikidata QID")

    # states
    path = folder / CROSSWALK_FILES["states"]
    states: dict[int, StateMatch] = {}
    for line, record in _records(path, "states", problems):
        ccode = integer(path, line, "ccode", record["ccode"])
        common(path, line, record)
        ident = record["id"] or None
        if ident is not None:
            check_id(path, line, ident, "state")
        if ccode is None:
            continue
        if ccode in states:
            problem(
                path, line, "ccode", f"COW state {ccode} is already on line {states[ccode].line}"
            )
            continue
        spell = names.get(ccode)
        if spell is None:
            problem(path, line, "ccode", f"{ccode} is not a COW state (not in the state list)")
        else:
            if record["stateabb"] != spell.stateabb:
                problem(
                    path,
                    line,
                    "stateabb",
                    f"{record['stateabb']!r} is not COW's {spell.stateabb!r} for {ccode}",
                )
            if record["cow_name"] != spell.name:
                problem(
                    path,
                    line,
                    "cow_name",
                    f"{record['cow_name']!r} is not COW's {spell.name!r} for {ccode}",
                )
        states[ccode] = StateMatch(
            ccode,
            record["stateabb"],
            record["cow_name"],
            record["cow_column"],
            ident,
            record["iso3"],
            record["wikidata"],
            record["reason"],
            line,
        )
    for ccode, spell in names.items():
        if ccode not in states and path.exists():
            problem(
                path,
                None,
                "ccode",
                f"COW state {ccode} ({spell.stateabb}, {spell.name}) has no line",
            )

    state_splits = _read_splits(
        folder / CROSSWALK_FILES["state-splits"],
        "state-splits",
        "ccode",
        "state",
        states,
        problems,
        check_id,
        integer,
        common,
    )
    # IGOs
    path = folder / CROSSWALK_FILES["igos"]
    igo_matches: dict[int, IgoMatch] = {}
    for line, record in _records(path, "igos", problems):
        ionum = integer(path, line, "ionum", record["ionum"])
        common(path, line, record)
        ident = record["id"] or None
        if ident is not None:
            check_id(path, line, ident, "org")
        if ionum is None:
            continue
        if ionum in igo_matches:
            problem(
                path, line, "ionum", f"COW IGO {ionum} is already on line {igo_matches[ionum].line}"
            )
            continue
        if cow_igos and ionum not in cow_igos:
            problem(path, line, "ionum", f"{ionum} is not a COW IGO (not in the IGO-year table)")
        elif cow_igos and record["ioname"] != cow_igos[ionum]:
            problem(
                path,
                line,
                "ioname",
                f"{record['ioname']!r} is not COW's {cow_igos[ionum]!r} for {ionum}",
            )
        igo_matches[ionum] = IgoMatch(
            ionum, record["ioname"], record["orgname"], ident, record["reason"], line
        )
    for ionum, ioname in cow_igos.items():
        if ionum not in igo_matches and path.exists():
            problem(path, None, "ionum", f"COW IGO {ionum} ({ioname}) has no line")
    igo_splits = _read_splits(
        folder / CROSSWALK_FILES["igo-splits"],
        "igo-splits",
        "ionum",
        "org",
        igo_matches,
        problems,
        check_id,
        integer,
        common,
    )

    _check_targets(folder, states, state_splits, spells, igo_matches, igo_splits, problems)
    overrides: dict[tuple[int, int, int], str] = {}
    path = folder / CROSSWALK_FILES["cell-overrides"]
    ionums = {match.ioname: ionum for ionum, match in igo_matches.items()}
    for line, record in _records(path, "cell-overrides", problems) if path.exists() else ():
        common(path, line, record)
        ccode = integer(path, line, "ccode", record["ccode"])
        year = integer(path, line, "year", record["year"])
        ionum = ionums.get(record["ioname"])
        if ionum is None:
            problem(path, line, "ioname", f"{record['ioname']!r} is not a COW IGO of the crosswalk")
        if ccode is None or year is None or ionum is None:
            continue
        periods = state_splits.get(ccode, [])
        if record["id"] not in {period.id for period in periods}:
            known = ", ".join(dict.fromkeys(period.id for period in periods)) or "none"
            problem(path, line, "id", f"{record['id']!r} is not a split id of {ccode} ({known})")
        elif not any(
            period.start is not None
            and period.start.year == year
            and period.start != date(year, 1, 1)
            for period in periods
        ):
            problem(path, line, "year", f"{ccode} does not change hands within {year}")
        elif (ccode, ionum, year) in overrides:
            problem(path, line, "ccode", f"{ccode} {record['ioname']} {year} is given twice")
        else:
            overrides[(ccode, ionum, year)] = record["id"]
    if problems:
        raise CowDataError(problems)
    return Crosswalk(states, state_splits, igo_matches, igo_splits, spells, overrides)


def _read_splits(
    path: Path,
    kind: str,
    key: str,
    prefix: str,
    matches: Mapping[int, StateMatch | IgoMatch],
    problems: list[CowProblem],
    check_id,
    integer,
    common,
) -> dict[int, list[Period]]:
    splits: dict[int, list[Period]] = {}
    for line, record in _records(path, kind, problems):
        code = integer(path, line, key, record[key])
        common(path, line, record)
        days: list[date | None] = []
        for column in ("from", "until"):
            value = record[column]
            try:
                days.append(_parse_day(value) if value else None)
            except ValueError:
                problems.append(
                    CowProblem(
                        str(path), line, column, f"{value!r} is not a day (YYYY-MM-DD) or empty"
                    )
                )
                days.append(None)
        ok = check_id(path, line, record["id"], prefix)
        if code is None or not ok:
            continue
        match = matches.get(code)
        if match is None:
            problems.append(
                CowProblem(str(path), line, key, f"{code} has no line in the main crosswalk file")
            )
            continue
        if match.id is not None:
            problems.append(
                CowProblem(
                    str(path),
                    line,
                    key,
                    f"{code} is split here but has the id {match.id} "
                    f"on line {match.line} of the main file",
                )
            )
            continue
        splits.setdefault(code, []).append(
            Period(
                code,
                days[0],
                days[1],
                record["id"],
                record.get("iso3", ""),
                record.get("wikidata", ""),
                record["reason"],
                str(path),
                line,
                record.get("label", "").strip(),
            )
        )
    for code, periods in splits.items():
        for earlier, later in pairwise(periods):
            if earlier.until is None or later.start != earlier.until:
                problems.append(
                    CowProblem(
                        str(path),
                        later.line,
                        "from",
                        f"{code}'s periods must follow each other: this one starts {later.start}, "
                        f"the one on line {earlier.line} ends {earlier.until}",
                    )
                )
        for period in periods:
            if period.start and period.until and period.until <= period.start:
                problems.append(
                    CowProblem(
                        str(path),
                        period.line,
                        "until",
                        f"{period.until} is not after {period.start}",
                    )
                )
    for code, match in matches.items():
        if match.id is None and code not in splits and path.exists():
            main = str(path).replace(
                path.name, CROSSWALK_FILES["states" if prefix == "state" else "igos"]
            )
            problems.append(
                CowProblem(
                    main, match.line, "id", f"empty, but {code} has no periods in {path.name}"
                )
            )
    return splits


def _check_targets(
    folder: Path,
    states: Mapping[int, StateMatch],
    state_splits: Mapping[int, Sequence[Period]],
    spells: Sequence[StateSpell],
    igos: Mapping[int, IgoMatch],
    igo_splits: Mapping[int, Sequence[Period]],
    problems: list[CowProblem],
) -> None:
    # Days on which each COW state holds each id: its COW spells, cut by its periods.
    by_code: dict[int, list[StateSpell]] = {}
    for spell in spells:
        by_code.setdefault(spell.ccode, []).append(spell)
    held: dict[
        str, list[tuple[date, date, int, str, int]]
    ] = {}  # id -> (first, last, ccode, file, line)
    far = date(9999, 12, 31)
    for ccode, match in states.items():
        pieces: list[tuple[date | None, date | None, str, str, int]] = (
            [(None, None, match.id, str(folder / CROSSWALK_FILES["states"]), match.line)]
            if match.id is not None
            else [(p.start, p.until, p.id, p.file, p.line) for p in state_splits.get(ccode, ())]
        )
        for spell in by_code.get(ccode, ()):
            for start, until, ident, file, line in pieces:
                first = max(spell.start, start) if start else spell.start
                last = (
                    min(spell.end or far, until - timedelta(days=1))
                    if until
                    else (spell.end or far)
                )
                if first <= last:
                    held.setdefault(ident, []).append((first, last, ccode, file, line))
    for ident, spans in held.items():
        spans.sort()
        reach = spans[0]  # the span seen so far that reaches furthest
        reported: set[tuple[int, int]] = set()
        for span in spans[1:]:
            a2, b2, c2, f2, l2 = span
            _, b1, c1, f1, l1 = reach
            if c1 != c2 and a2 <= b1 and (c1, c2) not in reported:
                reported.add((c1, c2))
                until = "on" if b1 == far else f"until {b1}"
                problems.append(
                    CowProblem(
                        f2,
                        l2,
                        "id",
                        f"two COW states onto {ident} on the same days: {c2} "
                        f"from {a2}, and {c1} (line {l1} of {Path(f1).name}) "
                        f"{until}",
                    )
                )
            if b2 > b1:
                reach = span
    owner: dict[str, tuple[int, str, int]] = {}
    main = str(folder / CROSSWALK_FILES["igos"])
    for ionum, match in igos.items():
        targets = (
            [(match.id, main, match.line)]
            if match.id is not None
            else [(p.id, p.file, p.line) for p in igo_splits.get(ionum, ())]
        )
        for ident, file, line in targets:
            known = owner.setdefault(ident, (ionum, file, line))
            if known[0] != ionum:
                problems.append(
                    CowProblem(
                        file,
                        line,
                        "id",
                        f"two COW IGOs onto {ident}: {ionum} here and {known[0]} "
                        f"on line {known[2]} of {Path(known[1]).name}",
                    )
                )


# --- statehood --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Statehood:
    """A spell of statehood of one of our entities, from COW's state list and the crosswalk.

    ``start`` is the first day, ``end`` the first day no longer a state (DESIGN.md's rule: active
    on D when ``start <= D`` and no end or ``D < end``); ``None``: still a state when COW's list
    closed. ``start_from``/``end_from`` say whose date it is: ``cow`` (states2016.csv, the row on
    ``cow_line``) or ``crosswalk`` (a split boundary, e.g. the USSR's 1922-12-30 and 1991-12-26).
    """

    id: str
    ccode: int
    stateabb: str
    start: date
    end: date | None
    start_from: Literal["cow", "crosswalk"]
    end_from: Literal["cow", "crosswalk"] | None
    cow_line: int


def state_spells(spells: Iterable[StateSpell], crosswalk: Crosswalk) -> list[Statehood]:
    """One :class:`Statehood` per COW spell, mapped through the crosswalk; a spell of a split code
    (365, 255) is cut at the split boundaries. Day precision throughout. In COW's order."""
    result: list[Statehood] = []
    for spell in spells:
        match = crosswalk.states[spell.ccode]
        until = spell.until
        if match.id is not None:
            result.append(
                Statehood(
                    match.id,
                    spell.ccode,
                    spell.stateabb,
                    spell.start,
                    until,
                    "cow",
                    None if until is None else "cow",
                    spell.line,
                )
            )
            continue
        for period in crosswalk.state_splits[spell.ccode]:
            start = (
                spell.start if period.start is None or period.start <= spell.start else period.start
            )
            if until is not None and start >= until:
                continue
            if period.until is not None and period.until <= start:
                continue
            if period.until is None or (until is not None and until <= period.until):
                end, end_from = until, (None if until is None else "cow")
            else:
                end, end_from = period.until, "crosswalk"
            result.append(
                Statehood(
                    period.id,
                    spell.ccode,
                    spell.stateabb,
                    start,
                    end,
                    "cow" if start == spell.start else "crosswalk",
                    end_from,
                    spell.line,
                )
            )  # type: ignore[arg-type]
    return result


# --- runs onto our entities -------------------------------------------------------------------


@dataclass(frozen=True)
class EntityRun:
    """A membership run (or the part of one) as our state and organisation ids.

    A run of a split code is cut where the entity changes (by :meth:`Crosswalk.state_in_year`
    and :meth:`Crosswalk.org_in_year`); at a cut, the part before ends with ``followed_by =
    "succeeded"`` and ``end_before`` the first year of the next part, the part after starts with
    ``preceded_by = "succeeded"``. Other fields as :class:`~kg.world.cow.MembershipRun`.
    """

    state_id: str
    org_id: str
    run: MembershipRun
    first: int
    last: int
    start_after: int | None
    end_before: int | None
    preceded_by: str
    followed_by: str


def entity_runs(runs: Iterable[MembershipRun], crosswalk: Crosswalk) -> list[EntityRun]:
    """Map membership runs onto our ids, cutting runs of split codes by year."""
    result: list[EntityRun] = []
    for run in runs:
        pieces: list[tuple[str, str, int, int]] = []
        for year in range(run.first, run.last + 1):
            ids = (
                crosswalk.state_for_cells(run.ccode, run.ionum, year),
                crosswalk.org_in_year(run.ionum, year),
            )
            if pieces and pieces[-1][:2] == ids:
                pieces[-1] = (*ids, pieces[-1][2], year)
            else:
                pieces.append((*ids, year, year))
        for k, (state_id, org_id, first, last) in enumerate(pieces):
            head, tail = k == 0, k == len(pieces) - 1
            result.append(
                EntityRun(
                    state_id,
                    org_id,
                    run,
                    first,
                    last,
                    run.start_after if head else first - 1,
                    run.end_before if tail else last + 1,
                    run.preceded_by if head else "succeeded",
                    run.followed_by if tail else "succeeded",
                )
            )
    return result
