"""Correlates of War IGO data, version 3.0: read and write COW's own table layouts.

This module is long because it landed as one piece with issue 12's reader (four readers sharing
one cell checker, the writers, and the membership runs); it is to be cut into ``tables``,
``states``, ``runs`` and ``export`` when the world layer enters the build.

Contract
--------
- Readers take COW's release files as COW (or the igoR package) ships them, ``.csv`` or
  ``.csv.xz``: :func:`read_igo_years` (the IGO-year table, "3.0a"), :func:`read_state_years`
  (the state-year table, "3.0b"), :func:`read_states` (the state system list, ``states2016.csv``)
  and :func:`read_country_codes` (``COW-country-codes.csv``). They return typed, frozen records.
- Bad input raises one exception type, :class:`CowDataError` (a ``ValueError``), carrying
  *every* problem found (:class:`CowProblem`: file, 1-based line of the CSV file with the header
  as line 1, column, what is wrong). A reader reads and checks the whole file before it returns;
  nothing half-read is ever returned.
- :func:`membership_runs` turns the IGO-year cells into runs of membership with honest bounds
  (see its docstring for the rules on ``-9``, imputed years and what ends a run).
- :func:`write_igo_years` / :func:`write_state_years` write the tables back in COW's layout;
  ``write(read(f))`` gives back COW's cells (for COW's v3 files, the very bytes).
- Library functions return values and never print.

Codes (COW codebook v3, section III): ``0`` no membership, ``1`` full, ``2`` associate, ``3``
observer, ``-9`` missing, ``-1`` state not in the system (IGO-year table) or IGO not in existence
(state-year table). In the IGO-year file as distributed an *empty* cell stands where the state was
not in the system (the file has no ``-1`` at all); both are read, and kept apart so that a round
trip gives back what the file had.

What the v3 files hold (checked on the shipped copies, ``corpus/external/cow-igo-v3/``):

- Every IGO has one row per year of its life, 1816-2014, *also before 1965*: version 3.0 codes
  every year. Where COW found no archival record for a pre-1965 year it imputed the row from the
  five-yearly Wallace-Singer benchmarks and set ``imputed = 1`` (1,388 rows in 95 IGOs, all
  before 1965, none in a year divisible by five, all in rows whose
  ``accuracyofpre1965membershipdates`` is "Within 5 years"). So the coded (observed) years
  before 1965 are every year for the IGOs coded from archives and the benchmark years 1815,
  1820, ... 1960 (plus the odd observed year) for the others.
- Rows missing inside an IGO's life: AGC has none for 1990-2001, CCNR none for 1870-1905.
- ACCT has ``deaddate`` 2005 but rows, with coded memberships and ``dead = replaced = 1``, up to
  2014 (a contradiction inside COW's own file, see :data:`COW_V3_ERRATA`).
- The IGO-year file has 19,335 rows and the state-year file 15,557; the codebook says 19,333 and
  15,560.
"""

from __future__ import annotations

import csv
import io
import lzma
import os
import tempfile
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import IO, Literal, Union

__all__ = [
    "CODES",
    "COW_STATE_COLUMNS",
    "COW_V3_ERRATA",
    "IGO_YEAR_LEAD",
    "IGO_YEAR_TAIL",
    "ROLES",
    "CountryCode",
    "CowDataError",
    "CowProblem",
    "Igo",
    "IgoYear",
    "IgoYearTable",
    "MembershipRun",
    "StateSpell",
    "StateYear",
    "StateYearTable",
    "membership_runs",
    "read_country_codes",
    "read_igo_years",
    "read_state_years",
    "read_states",
    "write_igo_years",
    "write_state_years",
]

PathLike = Union[str, "os.PathLike[str]"]

#: The membership codes COW uses in its year tables.
CODES: tuple[int, ...] = (-9, -1, 0, 1, 2, 3)

#: COW membership codes of a run and the role names used here (dq:FullMember, ...).
ROLES: Mapping[int, str] = {1: "full", 2: "associate", 3: "observer"}

#: The first three columns of the IGO-year table.
IGO_YEAR_LEAD: tuple[str, ...] = ("ioname", "orgname", "year")

#: The IGO columns after the state columns of the IGO-year table, in COW's order.
IGO_YEAR_TAIL: tuple[str, ...] = (
    "sdate",
    "deaddate",
    "dead",
    "integrated",
    "replaced",
    "longorgname",
    "ionum",
    "igocode",
    "version",
    "accuracyofpre1965membershipdates",
    "sourcesandnotes",
    "imputed",
    "political",
    "social",
    "economic",
)

#: COW's lower-case state names, the state columns of the IGO-year table (and the ``state``
#: column of the state-year table), with their COW codes. Taken from the (ccode, state) pairs of
#: COW's v3 state-year table; the names cannot be derived from ``statenme`` ("car" is the
#: Central African Republic, "yugoslaviaserb" COW 345, "wgermany" the German Federal Republic).
# fmt: off
COW_STATE_COLUMNS: Mapping[str, int] = {
    "usa": 2, "canada": 20, "bahamas": 31, "cuba": 40, "haiti": 41, "domrepublic": 42,
    "jamaica": 51, "trinidad": 52, "barbados": 53, "dominica": 54, "grenada": 55, "stlucia": 56,
    "stvincent": 57, "antiguabarbuda": 58, "stkitts": 60, "mexico": 70, "belize": 80,
    "guatemala": 90, "honduras": 91, "elsalvador": 92, "nicaragua": 93, "costarica": 94,
    "panama": 95, "colombia": 100, "venezuela": 101, "guyana": 110, "suriname": 115,
    "ecuador": 130, "peru": 135, "brazil": 140, "bolivia": 145, "paraguay": 150, "chile": 155,
    "argentina": 160, "uruguay": 165, "uk": 200, "ireland": 205, "netherlands": 210,
    "belgium": 211, "luxembourg": 212, "france": 220, "monaco": 221, "liechtenstein": 223,
    "switzerland": 225, "spain": 230, "andorra": 232, "portugal": 235, "hanover": 240,
    "bavariaelect": 245, "germany": 255, "wgermany": 260, "egermany": 265, "baden": 267,
    "saxony": 269, "wurtenburg": 271, "hesseelect": 273, "hessegrand": 275, "mecklenburg": 280,
    "poland": 290, "austriahungary": 300, "austria": 305, "hungary": 310, "czechoslovakia": 315,
    "czechrep": 316, "slovakia": 317, "italy": 325, "papalstates": 327, "twosicilies": 329,
    "sanmarino": 331, "modena": 332, "parma": 335, "tuscany": 337, "malta": 338, "albania": 339,
    "montenegro": 341, "fyromacedonia": 343, "croatia": 344, "yugoslaviaserb": 345, "bosnia": 346,
    "kosovo": 347, "slovenia": 349, "greece": 350, "cyprus": 352, "bulgaria": 355, "moldova": 359,
    "romania": 360, "russia": 365, "estonia": 366, "latvia": 367, "lithuania": 368, "ukraine": 369,
    "belarus": 370, "armenia": 371, "georgia": 372, "azerbaijan": 373, "finland": 375,
    "sweden": 380, "norway": 385, "denmark": 390, "iceland": 395, "capeverde": 402, "saotome": 403,
    "guineabissau": 404, "eqguinea": 411, "gambia": 420, "mali": 432, "senegal": 433, "benin": 434,
    "mauritania": 435, "niger": 436, "ivorycoast": 437, "guinea": 438, "burkinafaso": 439,
    "liberia": 450, "sierraleone": 451, "ghana": 452, "togo": 461, "cameroon": 471, "nigeria": 475,
    "gabon": 481, "car": 482, "chad": 483, "congobrazz": 484, "zaire": 490, "uganda": 500,
    "kenya": 501, "tanzania": 510, "zanzibar": 511, "burundi": 516, "rwanda": 517, "somalia": 520,
    "djibouti": 522, "ethiopia": 530, "eritrea": 531, "angola": 540, "mozambique": 541,
    "zambia": 551, "zimbabwe": 552, "malawi": 553, "soafrica": 560, "namibia": 565, "lesotho": 570,
    "botswana": 571, "swaziland": 572, "madagascar": 580, "comoros": 581, "mauritius": 590,
    "seychelles": 591, "morocco": 600, "algeria": 615, "tunisia": 616, "libya": 620, "sudan": 625,
    "sosudan": 626, "iran": 630, "turkey": 640, "iraq": 645, "egypt": 651, "syria": 652,
    "lebanon": 660, "jordan": 663, "israel": 666, "saudiarabia": 670, "nyemen": 678, "yemen": 679,
    "syemen": 680, "kuwait": 690, "bahrain": 692, "qatar": 694, "uae": 696, "oman": 698,
    "afghanistan": 700, "turkmenistan": 701, "tajikistan": 702, "kyrgyzstan": 703,
    "uzbekistan": 704, "kazakhstan": 705, "china": 710, "mongolia": 712, "taiwan": 713,
    "korea": 730, "nokorea": 731, "sokorea": 732, "japan": 740, "india": 750, "bhutan": 760,
    "pakistan": 770, "bangladesh": 771, "myanmar": 775, "srilanka": 780, "maldives": 781,
    "nepal": 790, "thailand": 800, "cambodia": 811, "laos": 812, "vietnam": 816, "svietnam": 817,
    "malaysia": 820, "singapore": 830, "brunei": 835, "philippines": 840, "indonesia": 850,
    "etimor": 860, "australia": 900, "papuanewguinea": 910, "newzealand": 920, "vanuatu": 935,
    "solomonis": 940, "kiribati": 946, "tuvalu": 947, "fiji": 950, "tonga": 955, "nauru": 970,
    "marshallis": 983, "palau": 986, "micronesiafs": 987, "wsamoa": 990,
}
# fmt: on

#: Known contradictions inside COW's v3 IGO-year file that the reader accepts (by ``ioname``).
#: Coded memberships of these IGOs outside ``sdate``..``deaddate`` are kept as COW gives them
#: (and written back), noted in :attr:`IgoYearTable.notes`, and ignored by
#: :func:`membership_runs`, which follows ``deaddate``. Pass ``errata={}`` to be strict.
COW_V3_ERRATA: Mapping[str, str] = {
    "ACCT": (
        "deaddate is 2005 (replaced: the Agence became part of the Organisation internationale "
        "de la Francophonie), yet COW's file has rows 2006-2014 with coded memberships and "
        "dead = replaced = 1 in every one of them"
    ),
}


# --- errors -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CowProblem:
    """One thing wrong with an input file: where (file, line, column) and what."""

    file: str
    line: int | None  # 1-based line of the CSV file, the header is line 1; None: the whole file
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return (
            f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


class CowDataError(ValueError):
    """Bad COW input: every problem found in the file(s), in file order."""

    def __init__(self, problems: Sequence[CowProblem]):
        self.problems: list[CowProblem] = list(problems)
        shown = "\n".join(f"  {p}" for p in self.problems[:50])
        more = f"\n  ... and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        noun = "problem" if len(self.problems) == 1 else "problems"
        super().__init__(f"{len(self.problems)} {noun} in COW data:\n{shown}{more}")


class _Problems:
    def __init__(self, file: str):
        self.file = file
        self.items: list[CowProblem] = []

    def add(self, line: int | None, column: str | None, message: str) -> None:
        self.items.append(CowProblem(self.file, line, column, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise CowDataError(self.items)


# --- reading CSV text -------------------------------------------------------------------------


def _read_text(path: PathLike) -> str:
    """The file's text: ``.xz`` decompressed; UTF-8 (BOM dropped), else Windows-1252."""
    name = os.fspath(path)
    if name.endswith(".xz"):
        try:
            with lzma.open(name, "rb") as handle:
                raw = handle.read()
        except lzma.LZMAError as error:
            raise CowDataError(
                [CowProblem(name, None, None, f"not a readable xz file ({error})")]
            ) from None
    else:
        with open(name, "rb") as handle:
            raw = handle.read()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # COW's own CSV exports (from Stata on Windows) are not always UTF-8.
        return raw.decode("cp1252", errors="replace")


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line of the record, fields) for every record after the header; blank lines skipped."""
    reader = csv.reader(io.StringIO(text, newline=""))
    previous = 0
    for fields in reader:
        line = previous + 1
        previous = reader.line_num
        if fields:
            yield line, fields


def _header(text: str, problems: _Problems) -> list[str] | None:
    for line, fields in _rows(text):
        seen: dict[str, int] = {}
        for position, name in enumerate(fields):
            if name in seen:
                problems.add(
                    line, name, f"column named twice (fields {seen[name] + 1} and {position + 1})"
                )
            seen.setdefault(name, position)
        return fields
    problems.add(None, None, "the file is empty (no header)")
    return None


def _data(text: str) -> Iterator[tuple[int, list[str]]]:
    rows = _rows(text)
    next(rows, None)  # the header
    return rows


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


class _Fields:
    """Typed access to one record's fields, recording a problem for each bad one."""

    def __init__(self, problems: _Problems, line: int, fields: list[str], index: Mapping[str, int]):
        self.problems, self.line, self.fields, self.index = problems, line, fields, index
        self.ok = True

    def text(self, column: str) -> str:
        return self.fields[self.index[column]]

    def integer(self, column: str, *, empty: bool = False) -> int | None:
        value = self.fields[self.index[column]]
        if value == "" and empty:
            return None
        number = _int(value)
        if number is None:
            self.ok = False
            what = "empty" if value == "" else f"{value!r} is not an integer"
            self.problems.add(self.line, column, f"{what} (an integer is required)")
        return number

    def flag(self, column: str, *, empty: bool = False) -> int | None:
        number = self.integer(column, empty=empty)
        if number is not None and number not in (0, 1):
            self.ok = False
            self.problems.add(self.line, column, f"{number} is not 0 or 1")
        return number

    def real(self, column: str) -> float | None:
        value = self.fields[self.index[column]]
        if value == "":
            return None
        try:
            return float(value)
        except ValueError:
            self.ok = False
            self.problems.add(self.line, column, f"{value!r} is not a number")
            return None


def _field_count(problems: _Problems, line: int, fields: list[str], header: list[str]) -> bool:
    if len(fields) == len(header):
        return True
    if len(fields) < len(header):
        problems.add(
            line,
            header[len(fields)],
            f"malformed row: {len(fields)} fields, the header has {len(header)} "
            "(this column and the ones after it are missing)",
        )
    else:
        problems.add(
            line,
            f"field {len(header) + 1}",
            f"malformed row: {len(fields)} fields, the header has {len(header)}",
        )
    return False


_BAD = object()
_CELL: dict[str, int | None] = {"": None, "-9": -9, "-1": -1, "0": 0, "1": 1, "2": 2, "3": 3}


def _cell_problem(value: str) -> str:
    number = _int(value)
    if number is None:
        return f"{value!r} is not an integer (a membership code -9, -1, 0, 1, 2 or 3 is required)"
    return f"code {number} is not one of -9, -1, 0, 1, 2, 3"


def _cell_text(code: int | None) -> str:
    return "" if code is None else str(code)


def _real_text(value: float | None) -> str:
    return "" if value is None else repr(value)


# --- the IGO-year table -----------------------------------------------------------------------


@dataclass(frozen=True)
class IgoYear:
    """One row of the IGO-year table: an IGO in a year, with one code per state column.

    ``codes`` follows :attr:`IgoYearTable.states`; ``None`` is an empty cell. The other fields
    are COW's, typed (``None`` for an empty cell).
    """

    line: int
    ioname: str
    orgname: str
    year: int
    codes: tuple[int | None, ...]
    sdate: int
    deaddate: int | None
    dead: int
    integrated: int
    replaced: int
    longorgname: str
    ionum: int
    igocode: int | None
    version: float | None
    accuracy: str  # accuracyofpre1965membershipdates
    sources: str  # sourcesandnotes
    imputed: int | None
    political: int | None
    social: int | None
    economic: int | None


@dataclass(frozen=True)
class Igo:
    """An IGO as the IGO-year table describes it (names from its latest row)."""

    ionum: int
    ioname: str
    orgname: str
    longorgname: str
    sdate: int
    deaddate: int | None
    dead: bool  # COW's dead flag is set in some row: it simply ceased
    integrated: bool  # ... it was merged into or became part of another IGO
    replaced: bool  # ... it was replaced by a new IGO
    igocode: int | None
    first_year: int  # first and last year with a row
    last_year: int
    lines: tuple[int, int]  # first and last line of its rows in the file


class IgoYearTable(Mapping[tuple[str, int, int], "int | None"]):
    """COW's IGO-year table: a mapping ``(ioname, year, ccode) -> code`` (``None``: empty cell).

    Also: :attr:`rows` (every :class:`IgoYear`, in file order), :attr:`igos` (by ``ioname``),
    :attr:`states` (the state columns in file order) and :attr:`ccodes` (their COW codes),
    :attr:`header` (the file's columns, for writing it back) and :attr:`notes` (known
    contradictions accepted, see :data:`COW_V3_ERRATA`).
    """

    def __init__(
        self,
        source: str,
        header: Sequence[str],
        states: Sequence[str],
        ccodes: Sequence[int],
        rows: Sequence[IgoYear],
        notes: Sequence[str] = (),
    ):
        self.source = source
        self.header: tuple[str, ...] = tuple(header)
        self.states: tuple[str, ...] = tuple(states)
        self.ccodes: tuple[int, ...] = tuple(ccodes)
        self.rows: tuple[IgoYear, ...] = tuple(rows)
        self.notes: tuple[str, ...] = tuple(notes)
        self._row = {(row.ioname, row.year): row for row in self.rows}
        self._column = {ccode: i for i, ccode in enumerate(self.ccodes)}
        self._column.update({name: i for i, name in enumerate(self.states)})
        by_igo: dict[str, list[IgoYear]] = {}
        for row in self.rows:
            by_igo.setdefault(row.ioname, []).append(row)
        self._by_igo = {
            name: tuple(sorted(rows, key=lambda r: r.year)) for name, rows in by_igo.items()
        }
        self.igos: Mapping[str, Igo] = {name: _igo(rows) for name, rows in self._by_igo.items()}

    # Mapping protocol: one key per cell of the file.
    def __getitem__(self, key: tuple[str, int, int]) -> int | None:
        ioname, year, ccode = key
        return self._row[(ioname, year)].codes[self._column[ccode]]

    def __iter__(self) -> Iterator[tuple[str, int, int]]:
        for row in self.rows:
            for ccode in self.ccodes:
                yield (row.ioname, row.year, ccode)

    def __len__(self) -> int:
        return len(self.rows) * len(self.ccodes)

    def __contains__(self, key: object) -> bool:
        try:
            ioname, year, state = key  # type: ignore[misc]
        except (TypeError, ValueError):
            return False
        return (ioname, year) in self._row and state in self._column

    def __repr__(self) -> str:
        return (
            f"IgoYearTable({self.source!r}: {len(self._by_igo)} IGOs, {len(self.rows)} rows, "
            f"{len(self.states)} states)"
        )

    def code(self, ioname: str, year: int, state: int | str) -> int | None:
        """The cell for an IGO, a year and a state (its COW code or its column name)."""
        return self._row[(ioname, year)].codes[self._column[state]]

    def row(self, ioname: str, year: int) -> IgoYear | None:
        return self._row.get((ioname, year))

    def igo_rows(self, ioname: str) -> tuple[IgoYear, ...]:
        """The rows of one IGO, by year."""
        return self._by_igo.get(ioname, ())

    def members(self, ioname: str, year: int, codes: Collection[int] = (1,)) -> list[int]:
        """COW codes of the states whose cell is in ``codes`` (default: full members)."""
        row = self._row.get((ioname, year))
        if row is None:
            return []
        return [ccode for ccode, code in zip(self.ccodes, row.codes, strict=True) if code in codes]

    @property
    def years(self) -> tuple[int, int]:
        """The first and last year of the table."""
        years = [row.year for row in self.rows]
        return (min(years), max(years)) if years else (0, -1)


def _igo(rows: Sequence[IgoYear]) -> Igo:
    last = rows[-1]
    igocode = next((row.igocode for row in rows if row.igocode is not None), None)
    return Igo(
        ionum=last.ionum,
        ioname=last.ioname,
        orgname=last.orgname,
        longorgname=last.longorgname,
        sdate=last.sdate,
        deaddate=last.deaddate,
        dead=any(r.dead for r in rows),
        integrated=any(r.integrated for r in rows),
        replaced=any(r.replaced for r in rows),
        igocode=igocode,
        first_year=rows[0].year,
        last_year=last.year,
        lines=(min(r.line for r in rows), max(r.line for r in rows)),
    )


def read_igo_years(
    path: PathLike,
    *,
    state_columns: Mapping[str, int] | None = None,
    errata: Mapping[str, str] | None = None,
) -> IgoYearTable:
    """Read COW's IGO-year table (``igo_year_formatv3.csv[.xz]``) and check all of it.

    ``state_columns`` maps each allowed state column to its COW code (default
    :data:`COW_STATE_COLUMNS`); a column that is neither one of these, nor ``ioname``,
    ``orgname``, ``year`` or one of :data:`IGO_YEAR_TAIL`, is an unknown state column.
    ``errata``: IGOs whose coded memberships outside their life are accepted (default
    :data:`COW_V3_ERRATA`).

    Problems (all collected, then one :class:`CowDataError`): a missing or doubled column, an
    unknown state column, a row with the wrong number of fields, a non-integer where an integer
    is required, a code outside -9/-1/0/1/2/3, a duplicate (ioname, year), an IGO whose
    ``ionum``, ``orgname``, ``sdate`` or ``deaddate`` changes between its rows (or two IGOs
    sharing an ``ionum``), and a coded membership (1, 2, 3) in a year before ``sdate`` or after
    ``deaddate``.
    """
    file = os.fspath(path)
    columns = COW_STATE_COLUMNS if state_columns is None else state_columns
    errata = COW_V3_ERRATA if errata is None else errata
    problems = _Problems(file)
    text = _read_text(path)
    header = _header(text, problems)
    if header is None:
        problems.raise_if_any()
        raise AssertionError("unreachable")
    fixed = set(IGO_YEAR_LEAD) | set(IGO_YEAR_TAIL)
    missing = [name for name in (*IGO_YEAR_LEAD, *IGO_YEAR_TAIL) if name not in header]
    for name in missing:
        problems.add(1, name, "required column missing from the header")
    state_positions: list[int] = []
    states: list[str] = []
    ccodes: list[int] = []
    for position, name in enumerate(header):
        if name in fixed:
            continue
        state_positions.append(position)
        states.append(name)
        ccode = columns.get(name)
        if ccode is None:
            problems.add(
                1,
                name,
                "unknown state column: not a COW state name "
                "(the state columns of COW's state-year table)",
            )
            ccodes.append(-(position + 1))  # placeholder: never returned
        else:
            ccodes.append(ccode)
    if missing:
        problems.raise_if_any()
    index = {name: position for position, name in enumerate(header)}
    span = (state_positions[0], state_positions[-1] + 1) if state_positions else (0, 0)
    contiguous = state_positions == list(range(*span))
    rows: list[IgoYear] = []
    first_of: dict[tuple[str, int], int] = {}
    igo_first: dict[str, IgoYear] = {}
    ionum_of: dict[int, tuple[str, int]] = {}
    for line, fields in _data(text):
        if not _field_count(problems, line, fields, header):
            continue
        get = _Fields(problems, line, fields, index)
        ioname = get.text("ioname")
        if ioname == "":
            problems.add(line, "ioname", "empty (every row names its IGO)")
            get.ok = False
        year = get.integer("year")
        raw = fields[span[0] : span[1]] if contiguous else [fields[p] for p in state_positions]
        codes = tuple(_CELL.get(value, _BAD) for value in raw)  # type: ignore[arg-type]
        if _BAD in codes:
            get.ok = False
            for name, value, code in zip(states, raw, codes, strict=True):
                if code is _BAD:
                    problems.add(line, name, _cell_problem(value))
        record = dict(
            sdate=get.integer("sdate"),
            deaddate=get.integer("deaddate", empty=True),
            dead=get.flag("dead"),
            integrated=get.flag("integrated"),
            replaced=get.flag("replaced"),
            ionum=get.integer("ionum"),
            igocode=get.integer("igocode", empty=True),
            version=get.real("version"),
            imputed=get.flag("imputed", empty=True),
            political=get.flag("political", empty=True),
            social=get.flag("social", empty=True),
            economic=get.flag("economic", empty=True),
        )
        if not get.ok:
            continue
        row = IgoYear(
            line=line,
            ioname=ioname,
            orgname=get.text("orgname"),
            year=year,  # type: ignore[arg-type]
            codes=codes,
            longorgname=get.text("longorgname"),  # type: ignore[arg-type]
            accuracy=get.text("accuracyofpre1965membershipdates"),
            sources=get.text("sourcesandnotes"),
            **record,
        )  # type: ignore[arg-type]
        key = (ioname, row.year)
        if key in first_of:
            problems.add(
                line,
                "year",
                f"duplicate row: {ioname} {row.year} is already on line {first_of[key]}",
            )
            continue
        first_of[key] = line
        first = igo_first.setdefault(ioname, row)
        for column, attribute in (
            ("ionum", "ionum"),
            ("orgname", "orgname"),
            ("sdate", "sdate"),
            ("deaddate", "deaddate"),
        ):
            if getattr(row, attribute) != getattr(first, attribute):
                problems.add(
                    line,
                    column,
                    f"{ioname}'s {column} is {getattr(row, attribute)!r} here but "
                    f"{getattr(first, attribute)!r} on line {first.line}",
                )
        owner = ionum_of.setdefault(row.ionum, (ioname, line))
        if owner[0] != ioname:
            problems.add(
                line,
                "ionum",
                f"ionum {row.ionum} is {ioname} here but {owner[0]} on line {owner[1]}",
            )
        rows.append(row)
    notes: list[str] = []
    accepted: dict[str, list[int]] = {}
    for row in rows:
        before = row.year < row.sdate
        after = row.deaddate is not None and row.year > row.deaddate
        if not (before or after):
            continue
        coded = [
            (name, code) for name, code in zip(states, row.codes, strict=True) if code in ROLES
        ]
        if not coded:
            continue
        if row.ioname in errata:
            accepted.setdefault(row.ioname, []).append(row.year)
            continue
        bound = f"before its sdate {row.sdate}" if before else f"after its deaddate {row.deaddate}"
        for name, code in coded:
            problems.add(
                row.line,
                name,
                f"year outside the IGO's life: code {code} in {row.year}, {bound} ({row.ioname})",
            )
    for ioname, years in accepted.items():
        notes.append(
            f"{ioname}: coded memberships in {min(years)}-{max(years)} outside its life, "
            f"accepted as a known erratum: {errata[ioname]}"
        )
    problems.raise_if_any()
    return IgoYearTable(file, header, states, ccodes, rows, notes)


def _write_csv(rows: Iterable[Sequence[str]], path_or_stream: PathLike | IO[str]) -> None:
    """Write CSV rows as COW's files have them (minimal quoting, ``\\n``), atomically to a path."""
    if hasattr(path_or_stream, "write"):
        csv.writer(path_or_stream, lineterminator="\n").writerows(rows)  # type: ignore[arg-type]
        return
    target = Path(os.fspath(path_or_stream))  # type: ignore[arg-type]
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    os.close(handle)
    try:
        if target.name.endswith(".xz"):
            stream: IO[str] = lzma.open(temporary, "wt", encoding="utf-8", newline="")  # type: ignore[assignment]
        else:
            stream = open(temporary, "w", encoding="utf-8", newline="")
        with stream:
            csv.writer(stream, lineterminator="\n").writerows(rows)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def write_igo_years(table: IgoYearTable, path_or_stream: PathLike | IO[str]) -> None:
    """Write an IGO-year table in COW's layout: the table's columns in its order, its codes,
    empty cells where it has them. A path ending in ``.xz`` is compressed; a path is written
    atomically (a temporary file renamed into place)."""
    header = table.header
    states = {name: i for i, name in enumerate(table.states)}

    def values(row: IgoYear) -> dict[str, str]:
        return {
            "ioname": row.ioname,
            "orgname": row.orgname,
            "year": str(row.year),
            "sdate": str(row.sdate),
            "deaddate": _cell_text(row.deaddate),
            "dead": str(row.dead),
            "integrated": str(row.integrated),
            "replaced": str(row.replaced),
            "longorgname": row.longorgname,
            "ionum": str(row.ionum),
            "igocode": _cell_text(row.igocode),
            "version": _real_text(row.version),
            "accuracyofpre1965membershipdates": row.accuracy,
            "sourcesandnotes": row.sources,
            "imputed": _cell_text(row.imputed),
            "political": _cell_text(row.political),
            "social": _cell_text(row.social),
            "economic": _cell_text(row.economic),
        }

    def lines() -> Iterator[list[str]]:
        yield list(header)
        for row in table.rows:
            fixed = values(row)
            yield [
                fixed[name] if name in fixed else _cell_text(row.codes[states[name]])
                for name in header
            ]

    _write_csv(lines(), path_or_stream)


# --- the state-year table ---------------------------------------------------------------------


@dataclass(frozen=True)
class StateYear:
    """One row of the state-year table: a state in a year, one code per IGO column."""

    line: int
    ccode: int
    year: int
    state: str
    codes: tuple[int | None, ...]
    extra: tuple[str, ...] = ()  # other non-IGO columns the file has (e.g. ``version``), as text


class StateYearTable(Mapping[tuple[int, int, str], "int | None"]):
    """COW's state-year table: a mapping ``(ccode, year, igo column) -> code``.

    IGO columns are COW's lower-case ``ioname`` (``cis``, ``csto``). Also :attr:`rows`,
    :attr:`igos` (the IGO columns in file order) and :attr:`header`.
    """

    def __init__(
        self,
        source: str,
        header: Sequence[str],
        igos: Sequence[str],
        extra: Sequence[str],
        rows: Sequence[StateYear],
    ):
        self.source = source
        self.header: tuple[str, ...] = tuple(header)
        self.igos: tuple[str, ...] = tuple(igos)
        self.extra: tuple[str, ...] = tuple(extra)
        self.rows: tuple[StateYear, ...] = tuple(rows)
        self._row = {(row.ccode, row.year): row for row in self.rows}
        self._column = {name: i for i, name in enumerate(self.igos)}

    def __getitem__(self, key: tuple[int, int, str]) -> int | None:
        ccode, year, igo = key
        return self._row[(ccode, year)].codes[self._column[igo]]

    def __iter__(self) -> Iterator[tuple[int, int, str]]:
        for row in self.rows:
            for igo in self.igos:
                yield (row.ccode, row.year, igo)

    def __len__(self) -> int:
        return len(self.rows) * len(self.igos)

    def __repr__(self) -> str:
        return f"StateYearTable({self.source!r}: {len(self.rows)} rows, {len(self.igos)} IGOs)"

    def row(self, ccode: int, year: int) -> StateYear | None:
        return self._row.get((ccode, year))

    def state_names(self) -> dict[str, int]:
        """COW's lower-case state names with their codes (the IGO-year table's state columns)."""
        return {row.state: row.ccode for row in self.rows}


_STATE_YEAR_LEAD = ("ccode", "year", "state")
_STATE_YEAR_OTHER = ("version", "country")


def read_state_years(
    path: PathLike, *, igos: Collection[str] | None = None, states: Collection[int] | None = None
) -> StateYearTable:
    """Read COW's state-year table (``state_year_formatv3.csv[.xz]``) and check all of it.

    Columns: ``ccode, year, state``, then one per IGO (lower-case ``ioname``); ``version`` or
    ``country``, where a release has them, are kept as text. ``igos``: the allowed IGO columns
    (e.g. the lower-cased ionames of the IGO-year table); ``states``: the allowed COW codes.
    Problems: as :func:`read_igo_years` (malformed rows, non-integers, codes outside
    -9/-1/0/1/2/3, duplicate (ccode, year)), an unknown IGO column or state, and a ``ccode``
    whose ``state`` name changes between rows.
    """
    file = os.fspath(path)
    problems = _Problems(file)
    text = _read_text(path)
    header = _header(text, problems)
    if header is None:
        problems.raise_if_any()
        raise AssertionError("unreachable")
    for name in _STATE_YEAR_LEAD:
        if name not in header:
            problems.add(1, name, "required column missing from the header")
    if problems.items and any(p.message.startswith("required") for p in problems.items):
        problems.raise_if_any()
    allowed = None if igos is None else {name.lower() for name in igos}
    igo_positions: list[int] = []
    extra_positions: list[int] = []
    for position, name in enumerate(header):
        if name in _STATE_YEAR_LEAD:
            continue
        if name in _STATE_YEAR_OTHER:
            extra_positions.append(position)
            continue
        igo_positions.append(position)
        if allowed is not None and name.lower() not in allowed:
            problems.add(
                1, name, "unknown IGO column: not the ioname of an IGO in the IGO-year table"
            )
    index = {name: position for position, name in enumerate(header)}
    igo_names = [header[p] for p in igo_positions]
    rows: list[StateYear] = []
    first_of: dict[tuple[int, int], int] = {}
    name_of: dict[int, tuple[str, int]] = {}
    for line, fields in _data(text):
        if not _field_count(problems, line, fields, header):
            continue
        get = _Fields(problems, line, fields, index)
        ccode, year, state = get.integer("ccode"), get.integer("year"), get.text("state")
        raw = [fields[p] for p in igo_positions]
        codes = tuple(_CELL.get(value, _BAD) for value in raw)  # type: ignore[arg-type]
        if _BAD in codes:
            get.ok = False
            for name, value, code in zip(igo_names, raw, codes, strict=True):
                if code is _BAD:
                    problems.add(line, name, _cell_problem(value))
        if not get.ok:
            continue
        assert ccode is not None and year is not None
        if states is not None and ccode not in states:
            problems.add(line, "ccode", f"unknown state: {ccode} is not a COW state code")
        key = (ccode, year)
        if key in first_of:
            problems.add(
                line,
                "year",
                f"duplicate row: state {ccode} {year} is already on line {first_of[key]}",
            )
            continue
        first_of[key] = line
        known = name_of.setdefault(ccode, (state, line))
        if known[0] != state:
            problems.add(
                line,
                "state",
                f"state {ccode} is {state!r} here but {known[0]!r} on line {known[1]}",
            )
        rows.append(
            StateYear(line, ccode, year, state, codes, tuple(fields[p] for p in extra_positions))
        )  # type: ignore[arg-type]
    problems.raise_if_any()
    return StateYearTable(file, header, igo_names, [header[p] for p in extra_positions], rows)


def write_state_years(table: StateYearTable, path_or_stream: PathLike | IO[str]) -> None:
    """Write a state-year table in COW's layout (as :func:`write_igo_years`)."""
    igos = {name: i for i, name in enumerate(table.igos)}
    extras = {name: i for i, name in enumerate(table.extra)}

    def lines() -> Iterator[list[str]]:
        yield list(table.header)
        for row in table.rows:
            fixed = {"ccode": str(row.ccode), "year": str(row.year), "state": row.state}
            out = []
            for name in table.header:
                if name in fixed:
                    out.append(fixed[name])
                elif name in extras:
                    out.append(row.extra[extras[name]])
                else:
                    out.append(_cell_text(row.codes[igos[name]]))
            yield out

    _write_csv(lines(), path_or_stream)


# --- the state system list and the country codes ----------------------------------------------


@dataclass(frozen=True)
class StateSpell:
    """One spell of a state in COW's state system (``states2016.csv`` has one row per spell).

    ``start`` and ``end`` are COW's dates: the first and the *last* day in the system (COW's
    German Democratic Republic ends on 1990-10-02, Germany starts again on 1990-10-03).
    ``end`` is ``None`` when the spell runs to the end of the list: COW writes 31 December of
    the list's version year (``2016-12-31`` in v2016) for "still in the system". :attr:`until`
    is the end in DESIGN.md's time rule (the first day no longer in the system).
    """

    ccode: int
    stateabb: str
    name: str
    start: date
    end: date | None
    version: int = 2016
    line: int = field(default=0, compare=False)

    @property
    def until(self) -> date | None:
        return None if self.end is None else self.end + timedelta(days=1)

    def is_active(self, on: date) -> bool:
        """In the system on day ``on`` (start inclusive, last day inclusive)."""
        return self.start <= on and (self.end is None or on <= self.end)


_STATES_COLUMNS = (
    "stateabb",
    "ccode",
    "statenme",
    "styear",
    "stmonth",
    "stday",
    "endyear",
    "endmonth",
    "endday",
    "version",
)


def read_states(path: PathLike) -> tuple[StateSpell, ...]:
    """Read COW's state system list (``states2016.csv``): every spell, in file order.

    Problems: a missing column, a malformed row, a non-integer or impossible date, a spell that
    ends before it starts, a code whose abbreviation or name changes between its rows, and two
    spells of one state that overlap.
    """
    file = os.fspath(path)
    problems = _Problems(file)
    text = _read_text(path)
    header = _header(text, problems)
    if header is None:
        problems.raise_if_any()
        raise AssertionError("unreachable")
    for name in _STATES_COLUMNS:
        if name not in header:
            problems.add(1, name, "required column missing from the header")
    problems.raise_if_any()
    index = {name: position for position, name in enumerate(header)}
    spells: list[StateSpell] = []
    for line, fields in _data(text):
        if not _field_count(problems, line, fields, header):
            continue
        get = _Fields(problems, line, fields, index)
        numbers = {
            name: get.integer(name)
            for name in _STATES_COLUMNS
            if name not in ("stateabb", "statenme")
        }
        if not get.ok:
            continue
        days: list[date] = []
        for prefix, column in (("st", "styear"), ("end", "endyear")):
            try:
                days.append(
                    date(
                        numbers[f"{prefix}year"], numbers[f"{prefix}month"], numbers[f"{prefix}day"]
                    )
                )  # type: ignore[arg-type]
            except ValueError:
                problems.add(
                    line,
                    column,
                    "not a date: "
                    + "-".join(
                        str(numbers[f"{prefix}{part}"]) for part in ("year", "month", "day")
                    ),
                )
        if len(days) < 2:
            continue
        start, last = days
        if last < start:
            problems.add(line, "endyear", f"the spell ends ({last}) before it starts ({start})")
            continue
        version = numbers["version"]
        end = None if last == date(version, 12, 31) else last  # type: ignore[arg-type]
        spells.append(
            StateSpell(
                numbers["ccode"],
                get.text("stateabb"),
                get.text("statenme"),  # type: ignore[arg-type]
                start,
                end,
                version,
                line,
            )
        )  # type: ignore[arg-type]
    by_code: dict[int, list[StateSpell]] = {}
    for spell in spells:
        by_code.setdefault(spell.ccode, []).append(spell)
    for ccode, group in by_code.items():
        first = group[0]
        for spell in group[1:]:
            for column, attribute in (("stateabb", "stateabb"), ("statenme", "name")):
                if getattr(spell, attribute) != getattr(first, attribute):
                    problems.add(
                        spell.line,
                        column,
                        f"state {ccode} is {getattr(spell, attribute)!r} here but "
                        f"{getattr(first, attribute)!r} on line {first.line}",
                    )
        ordered = sorted(group, key=lambda s: s.start)
        for earlier, later in pairwise(ordered):
            if earlier.end is None or later.start <= earlier.end:
                problems.add(
                    later.line,
                    "styear",
                    f"spell of state {ccode} starting {later.start} overlaps "
                    f"the spell on line {earlier.line}",
                )
    problems.raise_if_any()
    return tuple(spells)


@dataclass(frozen=True)
class CountryCode:
    """A line of ``COW-country-codes.csv``."""

    ccode: int
    stateabb: str
    name: str
    line: int = field(default=0, compare=False)


def read_country_codes(path: PathLike) -> dict[int, CountryCode]:
    """Read ``COW-country-codes.csv`` (``StateAbb, CCode, StateNme``), by COW code.

    COW's file repeats a state once per state-system spell (243 lines, 217 states); identical
    repeats are fine, a repeat that changes the abbreviation or name is a problem.
    """
    file = os.fspath(path)
    problems = _Problems(file)
    text = _read_text(path)
    header = _header(text, problems)
    if header is None:
        problems.raise_if_any()
        raise AssertionError("unreachable")
    for name in ("StateAbb", "CCode", "StateNme"):
        if name not in header:
            problems.add(1, name, "required column missing from the header")
    problems.raise_if_any()
    index = {name: position for position, name in enumerate(header)}
    codes: dict[int, CountryCode] = {}
    for line, fields in _data(text):
        if not _field_count(problems, line, fields, header):
            continue
        get = _Fields(problems, line, fields, index)
        ccode = get.integer("CCode")
        if ccode is None:
            continue
        entry = CountryCode(ccode, get.text("StateAbb"), get.text("StateNme"), line)
        known = codes.setdefault(ccode, entry)
        if known != entry:
            column = "StateAbb" if known.stateabb != entry.stateabb else "StateNme"
            problems.add(
                line,
                column,
                f"state {ccode} is {entry.stateabb} {entry.name!r} here but "
                f"{known.stateabb} {known.name!r} on line {known.line}",
            )
    problems.raise_if_any()
    return codes


# --- membership runs --------------------------------------------------------------------------

Preceded = Literal[
    "igo-founded", "data-begins", "not-member", "missing", "entered-system", "role-change"
]
Followed = Literal[
    "igo-dissolved", "data-ends", "not-member", "missing", "left-system", "role-change"
]


@dataclass(frozen=True)
class MembershipRun:
    """A maximal run of coded years in which a state has one status (1, 2 or 3) in an IGO.

    ``first`` and ``last`` are the first and last coded year of the run, ``years`` every coded
    year in it. The bounds are exclusive years and ``None`` where unknown: the state took this
    status in some year ``y`` with ``start_after < y <= first`` and held it for the last time in
    some year ``z`` with ``last <= z < end_before``. ``preceded_by`` and ``followed_by`` say what
    is next to the run (see :func:`membership_runs`); ``sparse`` is true when a bound spans years
    left out because COW imputed them (the five-yearly era before 1965).
    """

    ioname: str
    ionum: int
    ccode: int
    state: str  # COW's column name
    role: str  # "full", "associate" or "observer"
    code: int  # 1, 2 or 3
    first: int
    last: int
    start_after: int | None
    end_before: int | None
    preceded_by: Preceded
    followed_by: Followed
    sparse: bool
    years: tuple[int, ...]

    def covers(self, year: int) -> bool:
        """The year lies within the run (between its first and last coded year)."""
        return self.first <= year <= self.last


_OUT, _MISSING = -1, -9


def membership_runs(
    table: IgoYearTable, *, include_imputed: bool = False, igos: Collection[str] | None = None
) -> list[MembershipRun]:
    """Every run of membership (full, associate, observer) in the IGO-year table.

    Rules (decisions, each deliberate):

    - **The years looked at.** For an IGO, the years from ``sdate`` (or the table's first year,
      1816, if the IGO is older) to ``deaddate`` (or the table's last year, 2014). Rows outside
      that life are ignored (only COW's erratum ACCT 2006-2014 has coded cells there).
    - **Coded years.** A year is *coded* when its row exists and is not imputed. Rows COW marked
      ``imputed = 1`` (before 1965, the years between the five-yearly Wallace-Singer benchmarks
      1815, 1820, ... 1960 of the IGOs whose pre-1965 accuracy is "Within 5 years") are left
      out: they neither continue nor end a run, and a run may span them (member in 1950 and in
      1955 is one run 1950-1955). With ``include_imputed=True`` they count like any row.
    - **Runs.** A run is a maximal sequence of consecutive coded years in which the state's cell
      is the same 1, 2 or 3. A change of role ends one run and starts another.
    - **-9 is unknown, never "not a member".** A ``-9`` cell, and a year of the IGO's life with
      no row at all (AGC 1990-2001, CCNR 1870-1905), breaks a run without being read as 0: the
      run ends at its last coded year with ``followed_by="missing"``; the next run (if the state
      is coded a member again after the gap) starts with ``preceded_by="missing"``; runs are never
      joined across a gap. Bounds look through the gap to the nearest known cell: if it holds a
      different status, its year is the bound (the state had certainly joined after it, or
      left by it); if it holds the *same* status (the state may have been a member throughout)
      or there is none, the bound is ``None`` (unknown).
    - **What precedes a run**: ``igo-founded`` (no coded year of the IGO's life before it;
      ``start_after`` is the year before the IGO's first year, so a run after imputed first
      years is ``sparse``), ``data-begins`` (the IGO is older than the table: start unknown),
      ``not-member`` (0), ``missing`` (-9 or no row), ``entered-system`` (empty cell or -1: the
      state was not in the state system), ``role-change`` (another of 1, 2, 3).
    - **What follows a run**: ``igo-dissolved`` (the IGO's ``deaddate``; ``end_before`` is the
      year after it), ``data-ends`` (the IGO lives on past the table's last year, 2014:
      ``end_before`` is ``None``), ``not-member``, ``missing``, ``left-system``, ``role-change``.
    - **Bounds** are exclusive years: the true first year of the status lies in
      ``(start_after, first]``, the true last year in ``[last, end_before)``. In the yearly era
      they are ``first - 1`` and ``last + 1``; across imputed years they are wider and
      ``sparse`` is set.

    ``igos`` limits the result to some ionames. Runs come by IGO (file order), state, year.
    """
    data_first, data_last = table.years
    wanted = None if igos is None else set(igos)
    runs: list[MembershipRun] = []
    for ioname, igo in table.igos.items():
        if wanted is not None and ioname not in wanted:
            continue
        by_year = {row.year: row for row in table.igo_rows(ioname)}
        older = igo.sdate < data_first
        lo = max(igo.sdate, data_first)
        dissolved = igo.deaddate is not None and igo.deaddate <= data_last
        hi = igo.deaddate if dissolved else data_last  # type: ignore[assignment]
        years: list[int] = []
        entries: list[IgoYear | None] = []
        imputed: set[int] = set()
        for year in range(lo, hi + 1):  # type: ignore[operator]
            row = by_year.get(year)
            if row is not None and row.imputed == 1 and not include_imputed:
                imputed.add(year)
                continue
            years.append(year)
            entries.append(row)
        count = len(entries)
        if not count:
            continue
        for k, (ccode, name) in enumerate(zip(table.ccodes, table.states, strict=True)):
            status = []
            for row in entries:
                if row is None:
                    status.append(_MISSING)
                else:
                    code = row.codes[k]
                    status.append(_OUT if code is None else code)
            i = 0
            while i < count:
                s = status[i]
                if s not in ROLES:
                    i += 1
                    continue
                j = i
                while j + 1 < count and status[j + 1] == s:
                    j += 1
                preceded, start_after = _before(status, years, i, s, older, lo)
                followed, end_before = _after(status, years, j, s, dissolved, hi)  # type: ignore[arg-type]
                first, last = years[i], years[j]
                sparse = (
                    start_after is not None and any(start_after < y < first for y in imputed)
                ) or (end_before is not None and any(last < y < end_before for y in imputed))
                runs.append(
                    MembershipRun(
                        ioname=ioname,
                        ionum=igo.ionum,
                        ccode=ccode,
                        state=name,
                        role=ROLES[s],
                        code=s,
                        first=first,
                        last=last,
                        start_after=start_after,
                        end_before=end_before,
                        preceded_by=preceded,
                        followed_by=followed,
                        sparse=sparse,
                        years=tuple(years[i : j + 1]),
                    )
                )
                i = j + 1
    return runs


def _before(
    status: list[int], years: list[int], i: int, s: int, older: bool, lo: int
) -> tuple[Preceded, int | None]:
    founded: tuple[Preceded, int | None] = (
        ("data-begins", None) if older else ("igo-founded", lo - 1)
    )
    if i == 0:
        return founded
    previous = status[i - 1]
    if previous == _MISSING:
        k = i - 1
        while k >= 0 and status[k] == _MISSING:
            k -= 1
        if k < 0:
            return "missing", founded[1]
        return "missing", (None if status[k] == s else years[k])
    if previous == _OUT:
        return "entered-system", years[i - 1]
    if previous == 0:
        return "not-member", years[i - 1]
    return "role-change", years[i - 1]


def _after(
    status: list[int], years: list[int], j: int, s: int, dissolved: bool, hi: int
) -> tuple[Followed, int | None]:
    count = len(status)
    end: tuple[Followed, int | None] = (
        ("igo-dissolved", hi + 1) if dissolved else ("data-ends", None)
    )
    if j == count - 1:
        return end
    following = status[j + 1]
    if following == _MISSING:
        k = j + 1
        while k < count and status[k] == _MISSING:
            k += 1
        if k == count:
            return "missing", end[1]
        return "missing", (None if status[k] == s else years[k])
    if following == _OUT:
        return "left-system", years[j + 1]
    if following == 0:
        return "not-member", years[j + 1]
    return "role-change", years[j + 1]
