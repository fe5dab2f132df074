"""kg.world: COW's IGO data read, checked, turned into runs, crosswalked and written back.

Golden values are computed independently of the reader: with pandas straight from COW's CSV
(read as text, ``keep_default_na=False``), with the csv module and PyYAML from the crosswalk and
the curated facts, or by hand from the tiny fixtures in ``tests/data/cow/`` (what each fixture
column says is written out next to the test that uses it).
"""

from __future__ import annotations

import csv
import io
import lzma
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import yaml

from kg.world import (
    COW_STATE_COLUMNS,
    CowDataError,
    MembershipRun,
    StateSpell,
    entity_runs,
    membership_runs,
    read_country_codes,
    read_crosswalk,
    read_igo_years,
    read_state_years,
    read_states,
    state_spells,
    write_igo_years,
    write_state_years,
)

ROOT = Path(__file__).resolve().parents[1]
COW = ROOT / "corpus/external/cow-igo-v3"
IGO_FILE = COW / "igo_year_formatv3.csv.xz"
STATE_YEAR_FILE = COW / "state_year_formatv3.csv.xz"
DATA = Path(__file__).resolve().parent / "data/cow"


# --- the real files, read once per module -----------------------------------------------------


@pytest.fixture(scope="module")
def igo_table():
    return read_igo_years(IGO_FILE)


@pytest.fixture(scope="module")
def igo_frame() -> pd.DataFrame:
    return pd.read_csv(IGO_FILE, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def state_year_frame() -> pd.DataFrame:
    return pd.read_csv(STATE_YEAR_FILE, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def spells():
    return read_states(COW / "states2016.csv")


@pytest.fixture(scope="module")
def crosswalk(spells, igo_table):
    return read_crosswalk(COW, spells=spells, igos=igo_table)


@pytest.fixture(scope="module")
def runs(igo_table):
    return membership_runs(igo_table)


def column_codes(state_year_frame: pd.DataFrame) -> dict[str, int]:
    """COW's lower-case state names and codes, from the state-year table (pandas)."""
    pairs = state_year_frame[["ccode", "state"]].drop_duplicates()
    return {row.state: int(row.ccode) for row in pairs.itertuples()}


# --- the shipped files ------------------------------------------------------------------------


def test_the_shipped_files_are_the_shared_ones_with_their_citation():
    shared = ROOT.parent / "shared/data/cow-igo-v3"
    names = [
        "igo_year_formatv3.csv.xz",
        "state_year_formatv3.csv.xz",
        "states2016.csv",
        "COW-country-codes.csv",
        "IGO-codebook-v3.pdf",
    ]
    for name in names:
        assert (COW / name).is_file(), name
        if shared.is_dir():
            assert (COW / name).read_bytes() == (shared / name).read_bytes(), name
    readme = (COW / "README.md").read_text(encoding="utf-8")
    assert (
        "Pevehouse, Jon C.W., Timothy Nordstrom, Roseanne W. McManus and Anne Spencer\n"
        "Jamison. 2020." in readme
    )
    assert "Journal of Peace Research 57(3): 492–503" in readme
    assert '"State\nSystem Membership List, v2016."' in readme


# --- reading the real tables ------------------------------------------------------------------


def test_igo_year_table_matches_pandas(igo_table, igo_frame):
    assert len(igo_table.rows) == len(igo_frame) == 19335
    assert len(igo_table.igos) == igo_frame["ioname"].nunique() == 534
    tail_start = list(igo_frame.columns).index("sdate")
    assert igo_table.states == tuple(igo_frame.columns[3:tail_start])
    assert len(igo_table.states) == 217
    assert igo_table.header == tuple(igo_frame.columns)
    # a few cells, through the mapping (ioname, year, ccode) -> code
    sample = igo_frame.sample(200, random_state=1)
    for row in sample.itertuples(index=False):
        for name in ("kazakhstan", "russia", "usa", "estonia"):
            text = getattr(row, name)
            expected = None if text == "" else int(text)
            assert igo_table[(row.ioname, int(row.year), COW_STATE_COLUMNS[name])] == expected
            assert igo_table.code(row.ioname, int(row.year), name) == expected
    assert igo_table.notes and igo_table.notes[0].startswith("ACCT: coded memberships in 2006-2014")


def test_state_columns_are_the_state_year_tables_names(state_year_frame):
    assert dict(COW_STATE_COLUMNS) == column_codes(state_year_frame)


def test_kazakhstan_full_member_of_51_igos_in_2000(igo_table, igo_frame, runs):
    in_2000 = igo_frame[igo_frame["year"] == "2000"]
    golden = int((in_2000["kazakhstan"] == "1").sum())
    assert golden == 51  # pandas, straight from COW's cells
    full = [name for name in igo_table.igos if 705 in igo_table.members(name, 2000)]
    assert len(full) == golden
    by_runs = {r.ioname for r in runs if r.ccode == 705 and r.role == "full" and r.covers(2000)}
    assert by_runs == set(full)


def test_cis_members_in_2005_by_cow(igo_table, igo_frame, state_year_frame, runs):
    names = column_codes(state_year_frame)
    row = igo_frame[(igo_frame["ioname"] == "CIS") & (igo_frame["year"] == "2005")].iloc[0]
    golden_full = {names[c] for c in igo_table.states if row[c] == "1"}
    golden_associate = {names[c] for c in igo_table.states if row[c] == "2"}
    # COW: ten full members (Georgia among them, which the curated record disputes) and
    # Turkmenistan and Ukraine as associates
    assert golden_full == {371, 373, 370, 372, 705, 703, 359, 365, 702, 704}
    assert golden_associate == {701, 369}
    assert set(igo_table.members("CIS", 2005)) == golden_full
    assert set(igo_table.members("CIS", 2005, codes=(2,))) == golden_associate
    assert {
        r.ccode for r in runs if r.ioname == "CIS" and r.role == "full" and r.covers(2005)
    } == golden_full
    # the state-year table agrees
    sy = state_year_frame[state_year_frame["year"] == "2005"]
    assert {int(c) for c in sy[sy["cis"] == "1"]["ccode"]} == golden_full


def test_state_year_table(state_year_frame, igo_table):
    table = read_state_years(STATE_YEAR_FILE, igos=[name.lower() for name in igo_table.igos])
    assert len(table.rows) == len(state_year_frame) == 15557
    assert table.igos == tuple(state_year_frame.columns[3:])
    for row in state_year_frame.sample(100, random_state=2).itertuples(index=False):
        assert table[(int(row.ccode), int(row.year), "csto")] == int(row.csto)
        assert table[(int(row.ccode), int(row.year), "cis")] == int(row.cis)


def test_imputed_rows_are_as_the_docstring_says(igo_frame):
    years = igo_frame["year"].astype(int)
    imputed = igo_frame[igo_frame["imputed"] == "1"]
    assert len(imputed) == 1388 and imputed["ioname"].nunique() == 95
    assert (years[imputed.index] < 1965).all()
    assert (years[imputed.index] % 5 != 0).all()
    assert set(imputed["accuracyofpre1965membershipdates"]) == {"Within 5 years"}
    # every year 1816-1964 has rows: v3 is not five-yearly in its rows
    assert set(range(1816, 1965)) <= set(years)


def test_estonia_has_two_statehood_spells(spells, crosswalk):
    frame = pd.read_csv(COW / "states2016.csv", dtype=str)
    assert (frame["ccode"] == "366").sum() == 2
    estonia = [s for s in spells if s.ccode == 366]
    # from the file: 1918-2-24..1940-6-16 and 1991-9-6..2016-12-31 (= still in the system)
    assert estonia == [
        StateSpell(366, "EST", "Estonia", date(1918, 2, 24), date(1940, 6, 16)),
        StateSpell(366, "EST", "Estonia", date(1991, 9, 6), None),
    ]
    assert len(spells) == len(frame) == 243
    statehood = [s for s in state_spells(spells, crosswalk) if s.id == "state/EST"]
    assert [(s.start, s.end) for s in statehood] == [
        (date(1918, 2, 24), date(1940, 6, 17)),
        (date(1991, 9, 6), None),
    ]


def test_the_ussr_ends_on_26_december_1991(spells, crosswalk):
    statehood = state_spells(spells, crosswalk)
    ussr = [s for s in statehood if s.id == "state/SUN"]
    assert [(s.start, s.end, s.start_from, s.end_from) for s in ussr] == [
        (date(1922, 12, 30), date(1991, 12, 26), "crosswalk", "crosswalk")
    ]
    russia = [(s.start, s.end) for s in statehood if s.id == "state/RUS"]
    assert russia == [(date(1917, 11, 8), date(1922, 12, 30)), (date(1991, 12, 26), None)]
    germany = [(s.ccode, s.start, s.end) for s in statehood if s.id == "state/DEU"]
    assert germany == [(255, date(1990, 10, 3), None), (260, date(1955, 5, 5), date(1990, 10, 3))]


def test_country_codes():
    codes = read_country_codes(COW / "COW-country-codes.csv")
    frame = pd.read_csv(COW / "COW-country-codes.csv", dtype=str)
    assert len(codes) == frame["CCode"].nunique() == 217
    assert codes[705].stateabb == "KZK" and codes[365].name == "Russia"


# --- the crosswalk ----------------------------------------------------------------------------


def our_ids() -> dict[str, dict]:
    ids = {}
    for path in sorted((ROOT / "corpus/facts").glob("*.yaml")):
        for entity in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(
            "entities"
        ) or []:
            ids[entity["id"]] = entity
    return ids


def csv_rows(name: str) -> list[dict[str, str]]:
    with open(COW / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_crosswalk_totals(crosswalk):
    ours = our_ids()
    our_states = {i for i in ours if i.startswith("state/")}
    assert len(our_states) == 59
    states, splits = csv_rows("crosswalk-states.csv"), csv_rows("crosswalk-state-splits.csv")
    igos, igo_splits = csv_rows("crosswalk-igos.csv"), csv_rows("crosswalk-igo-splits.csv")
    frame = pd.read_csv(COW / "states2016.csv", dtype=str)
    # every COW state exactly once
    assert sorted(int(r["ccode"]) for r in states) == sorted({int(c) for c in frame["ccode"]})
    assert len(states) == 217
    targets: dict[int, set[str]] = {int(r["ccode"]): {r["id"]} for r in states if r["id"]}
    for r in splits:
        targets.setdefault(int(r["ccode"]), set()).add(r["id"])
    onto_ours = {c for c, ids in targets.items() if ids & our_states}
    assert len(onto_ours) == 55  # 53 by their own line, 365 and 255 through their splits
    reached = set().union(*targets.values()) & our_states
    # all of ours but the four Soviet-era republics that were never COW states
    assert our_states - reached == {
        "state/tsfsr", "state/bukharan-psr", "state/khorezm-psr", "state/karelo-finnish-ssr"
    }  # fmt: skip
    # our ids are reused exactly, with our Wikidata ids
    for r in states:
        if r["id"] in ours:
            assert r["wikidata"] == str(ours[r["id"]].get("wikidata", "")), r
    # IGOs
    assert sorted(int(r["ionum"]) for r in igos) == sorted(
        igo.ionum for igo in crosswalk.igos.values()
    )
    assert len(igos) == 534
    our_orgs = {i for i in ours if i.startswith("org/")}
    direct = {r["ioname"] for r in igos if r["id"] in our_orgs}
    chains = {r["ioname"] for r in igo_splits if r["id"] in our_orgs}
    assert direct == {
        "ASEAN",
        "CSTO",
        "CIS",
        "CMEA",
        "EAEC",
        "ECSC",
        "EEC",
        "EU",
        "NAFTA",
        "NATO",
        "OSCE",
        "Mercosur",
        "UN",
    }
    assert chains == {"CAECC", "SCO"}
    # the reader agrees
    assert len(crosswalk.states) == 217 and len(crosswalk.igos) == 534
    assert crosswalk.org_id("CIS", date(2005, 1, 1)) == "org/cis"
    assert crosswalk.org_ids("CAECC") == ("org/central-asian-union", "org/caec", "org/caco")
    assert crosswalk.org_id("WPact", date(1960, 1, 1)) == "org/cow-wpact"
    for r in states + splits + igos + igo_splits:
        assert r["reason"].strip()


def test_365_is_split_by_date(crosswalk):
    assert crosswalk.state_ids(365) == ("state/cow-RUSEMP", "state/RUS", "state/SUN")
    assert crosswalk.state_id(365, date(1917, 11, 7)) == "state/cow-RUSEMP"
    assert crosswalk.state_id(365, date(1917, 11, 8)) == "state/RUS"
    assert crosswalk.state_id(365, date(1922, 12, 30)) == "state/SUN"
    assert crosswalk.state_id(365, date(1991, 12, 25)) == "state/SUN"
    assert crosswalk.state_id(365, date(1991, 12, 26)) == "state/RUS"
    # a year goes to the entity of the greater part of its days in the system
    assert [crosswalk.state_in_year(365, y) for y in (1917, 1918, 1922, 1923, 1991, 1992)] == [
        "state/cow-RUSEMP",
        "state/RUS",
        "state/RUS",
        "state/SUN",
        "state/SUN",
        "state/RUS",
    ]
    assert crosswalk.state_in_year(255, 1990) == "state/DEU"  # 255 is in the system from 3 October
    assert crosswalk.state_in_year(255, 1900) == "state/cow-GMY"
    assert crosswalk.state_in_year(260, 1980) == "state/DEU"


def test_345_is_yugoslavia_then_serbia(crosswalk, runs):
    # COW keeps 345 from Serbia (1878) through Yugoslavia to Serbia (2006); the crosswalk cuts it
    # on 5 June 2006, so that Serbia's CSTO observer years (COW: 2013-2014) are Serbia's.
    assert crosswalk.state_ids(345) == ("state/cow-YUG", "state/SRB")
    assert crosswalk.state_id(345, date(2006, 6, 4)) == "state/cow-YUG"
    assert crosswalk.state_id(345, date(2006, 6, 5)) == "state/SRB"
    # 2006: 155 days (1 January - 4 June) against 210 (5 June - 31 December), counted by hand
    assert crosswalk.state_in_year(345, 2006) == "state/SRB"
    assert crosswalk.state_in_year(345, 2005) == "state/cow-YUG"
    serbia = entity_runs([r for r in runs if r.ccode == 345 and r.ioname == "CSTO"], crosswalk)
    assert [(p.state_id, p.org_id, p.first, p.last) for p in serbia] == [
        ("state/SRB", "org/csto", 2013, 2014)
    ]
    labels = {p.id: p.label for p in crosswalk.state_splits[345]}
    assert labels == {"state/cow-YUG": "", "state/SRB": "Serbia"}


def test_runs_onto_our_entities(runs, crosswalk):
    pieces = entity_runs([r for r in runs if r.ccode == 365 and r.ioname == "UN"], crosswalk)
    assert [
        (p.state_id, p.org_id, p.first, p.last, p.preceded_by, p.followed_by) for p in pieces
    ] == [
        ("state/SUN", "org/un", 1945, 1991, "igo-founded", "succeeded"),
        ("state/RUS", "org/un", 1992, 2014, "succeeded", "data-ends"),
    ]
    kazakhstan = entity_runs([r for r in runs if r.ccode == 705 and r.ioname == "CAECC"], crosswalk)
    assert [(p.org_id, p.first, p.last) for p in kazakhstan] == [
        ("org/central-asian-union", 1994, 1998),
        ("org/caec", 1999, 2001),
        ("org/caco", 2002, 2006),
    ]
    # the two records disagree here (issue 12): COW has Uzbekistan in the CSTO 2002-2011
    uzbekistan = [
        (r.first, r.last, r.followed_by) for r in runs if r.ccode == 704 and r.ioname == "CSTO"
    ]
    assert uzbekistan == [(2002, 2011, "not-member")]


def test_bad_crosswalk_names_file_line_and_column():
    folder = DATA / "crosswalk-bad"
    with pytest.raises(CowDataError) as caught:
        read_crosswalk(folder, igos={1230: "CIS", 1125: "CSTO", 1545: "EAEC"})
    text = str(caught.value)
    states, splits, igos = (
        str(folder / n)
        for n in ("crosswalk-states.csv", "crosswalk-state-splits.csv", "crosswalk-igos.csv")
    )
    expected = [
        f"{states}:5: ccode: COW state 366 is already on line 4",
        f"{states}:6: id: 'state/no where' is not a well-formed id",
        f"{states}:6: reason: empty",
        f"{states}:6: wikidata: 'Q0x' is not a Wikidata QID",
        f"{states}:6: ccode: 999 is not a COW state",
        f"{states}: ccode: COW state 705 (KZK, Kazakhstan) has no line",
        f"{splits}:3: from: 365's periods must follow each other",
        f"{states}:4: id: two COW states onto state/USA on the same days",
        f"{igos}:3: id: two COW IGOs onto org/cis",
        f"{igos}: ionum: COW IGO 1545 (EAEC) has no line",
    ]
    for message in expected:
        assert message in text, message
    assert len(caught.value.problems) == len(expected)


# --- bad input to the readers -----------------------------------------------------------------


BAD = [
    ("bad-fields.csv", 3, "economic", "malformed row: 20 fields, the header has 21"),
    ("bad-integer.csv", 4, "year", "'l994' is not an integer"),
    ("bad-integer.csv", 3, "kazakhstan", "'yes' is not an integer"),
    ("bad-column.csv", 1, "atlantis", "unknown state column"),
    ("bad-code.csv", 3, "russia", "code 4 is not one of -9, -1, 0, 1, 2, 3"),
    (
        "bad-life.csv",
        2,
        "kazakhstan",
        "year outside the IGO's life: code 2 in 1991, before its sdate 1992",
    ),
    (
        "bad-life.csv",
        7,
        "georgia",
        "year outside the IGO's life: code 1 in 1996, after its deaddate 1995",
    ),
    ("bad-duplicate.csv", 5, "year", "duplicate row: TIN 1993 is already on line 3"),
]


@pytest.mark.parametrize(("name", "line", "column", "message"), BAD)
def test_bad_igo_year_file(name, line, column, message):
    path = DATA / name
    with pytest.raises(CowDataError) as caught:
        read_igo_years(path)
    assert isinstance(caught.value, ValueError)
    wanted = f"{path}:{line}: {column}: {message}"
    assert wanted in str(caught.value)
    assert any(
        p.file == str(path) and p.line == line and p.column == column and message in p.message
        for p in caught.value.problems
    )


def test_bad_files_have_exactly_their_problems():
    # bad-life: line 2 (1991) kazakhstan 2, line 7 (1996) georgia 1; russia's 0 in both is fine
    counts = {
        name: len(_problems(DATA / name))
        for name in (
            "bad-fields.csv",
            "bad-integer.csv",
            "bad-column.csv",
            "bad-code.csv",
            "bad-life.csv",
            "bad-duplicate.csv",
        )
    }
    assert counts == {
        "bad-fields.csv": 1,
        "bad-integer.csv": 2,
        "bad-column.csv": 1,
        "bad-code.csv": 1,
        "bad-life.csv": 2,
        "bad-duplicate.csv": 1,
    }
    read_igo_years(DATA / "tiny.csv")  # the file they were all made from is fine


def test_all_problems_are_collected_before_raising():
    path = DATA / "bad-many.csv"
    messages = [str(p) for p in _problems(path)]
    assert messages == [
        f"{path}:3: georgia: code -2 is not one of -9, -1, 0, 1, 2, 3",
        f"{path}:4: sdate: 'x' is not an integer (an integer is required)",
        f"{path}:5: field 22: malformed row: 22 fields, the header has 21",
    ]


def test_strict_reading_rejects_cows_own_acct_rows(igo_frame):
    with pytest.raises(CowDataError) as caught:
        read_igo_years(IGO_FILE, errata={})
    problems = caught.value.problems
    acct = igo_frame[(igo_frame["ioname"] == "ACCT") & (igo_frame["year"].astype(int) > 2005)]
    states = list(igo_frame.columns[3 : list(igo_frame.columns).index("sdate")])
    golden = int(acct[states].isin(["1", "2", "3"]).to_numpy().sum())
    assert len(problems) == golden > 0
    assert all("ACCT" in p.message and "after its deaddate 2005" in p.message for p in problems)


def test_bad_states_and_country_codes():
    path = DATA / "states-bad.csv"
    messages = [str(p) for p in _problems(path, read_states)]
    assert messages == [
        f"{path}:3: styear: not a date: 1939-13-6",
        f"{path}:4: styear: spell of state 366 starting 1939-09-06 overlaps the spell on line 2",
    ]
    path = DATA / "country-codes-bad.csv"
    messages = [str(p) for p in _problems(path, read_country_codes)]
    assert messages == [
        f"{path}:4: StateAbb: state 366 is ESR 'Estonia' here but EST 'Estonia' on line 2",
        f"{path}:5: CCode: 'x705' is not an integer (an integer is required)",
    ]


def test_bad_state_year_file(tmp_path):
    path = tmp_path / "sy.csv"
    path.write_text(
        "ccode,year,state,cis,nowhere\n705,1995,kazakhstan,1,0\n705,1995,kazakhstan,7,0\n"
        "705,1996,kazak,1,0\n",
        encoding="utf-8",
    )
    messages = [str(p) for p in _problems(path, lambda p: read_state_years(p, igos=["CIS"]))]
    assert messages == [
        f"{path}:1: nowhere: unknown IGO column: not the ioname of an IGO in the IGO-year table",
        f"{path}:3: cis: code 7 is not one of -9, -1, 0, 1, 2, 3",
        f"{path}:4: state: state 705 is 'kazak' here but 'kazakhstan' on line 2",
    ]


def _problems(path, reader=read_igo_years):
    with pytest.raises(CowDataError) as caught:
        reader(path)
    return caught.value.problems


# --- membership runs --------------------------------------------------------------------------

# tests/data/cow/runs.csv, two IGOs over 1950-1970 (the table's first and last year):
#
# TST, sdate 1950, alive. Rows every year; 1951-54, 1956-59 and 1961-64 are imputed (the
# five-yearly era), so its coded years are 1950, 1955, 1960 and 1965-1970.
#   usa      1 throughout                       -> 1950-1970, founded, data-ends
#   uk       0 in 1950, 1 from 1951             -> coded 1955-1970; started after 1950 (sparse)
#   france   1, but -9 in 1966-1967             -> 1950-1965 and 1968-1970, both bounded by the gap
#   italy    0 to 1964, 1 1965-66, -9 1967, 0   -> 1965-1966 after 1960 (sparse), ended by 1968
#   ghana    empty to 1956, 0 1957-59, 1 after  -> coded 1960-1970; entered the system after 1955
#   japan    0 to 1964, 3 1965-67, 1 1968-70    -> observer 1965-1967, then full 1968-1970
#   czechoslovakia 1 to 1967, then empty        -> 1950-1967, left the system in 1968
# OLD, sdate 1940 (before the table), deaddate 1967; every row archival; no rows 1960-1961.
#   usa      1 throughout                       -> 1950-1959 and 1962-1967 (no rows between)
#   uk       0 to 1959, 1 1962-1967             -> 1962-1967, joined after 1959
#   france   2 to 1955, then 0                  -> associate 1950-1955, start before the data
#   italy    0 to 1964, 1 in 1965, -9 after     -> 1965, ended by the dissolution (1968)

R = MembershipRun
RUNS = [
    # ioname, state, role, first, last, start_after, end_before, preceded_by, followed_by, sparse
    ("TST", "usa", "full", 1950, 1970, 1949, None, "igo-founded", "data-ends", False),
    ("TST", "uk", "full", 1955, 1970, 1950, None, "not-member", "data-ends", True),
    ("TST", "france", "full", 1950, 1965, 1949, None, "igo-founded", "missing", False),
    ("TST", "france", "full", 1968, 1970, None, None, "missing", "data-ends", False),
    ("TST", "italy", "full", 1965, 1966, 1960, 1968, "not-member", "missing", True),
    ("TST", "ghana", "full", 1960, 1970, 1955, None, "entered-system", "data-ends", True),
    ("TST", "japan", "observer", 1965, 1967, 1960, 1968, "not-member", "role-change", True),
    ("TST", "japan", "full", 1968, 1970, 1967, None, "role-change", "data-ends", False),
    ("TST", "czechoslovakia", "full", 1950, 1967, 1949, 1968, "igo-founded", "left-system", False),
    ("OLD", "usa", "full", 1950, 1959, None, None, "data-begins", "missing", False),
    ("OLD", "usa", "full", 1962, 1967, None, 1968, "missing", "igo-dissolved", False),
    ("OLD", "uk", "full", 1962, 1967, 1959, 1968, "missing", "igo-dissolved", False),
    ("OLD", "france", "associate", 1950, 1955, None, 1956, "data-begins", "not-member", False),
    ("OLD", "italy", "full", 1965, 1965, 1964, 1968, "not-member", "missing", False),
]


def _summary(runs):
    return sorted(
        (
            r.ioname,
            r.state,
            r.role,
            r.first,
            r.last,
            r.start_after,
            r.end_before,
            r.preceded_by,
            r.followed_by,
            r.sparse,
        )
        for r in runs
    )


def test_runs_on_the_hand_made_fixture():
    table = read_igo_years(DATA / "runs.csv")
    assert table.years == (1950, 1970)
    runs = membership_runs(table)
    assert _summary(runs) == sorted(RUNS)
    uk = next(r for r in runs if r.ioname == "TST" and r.state == "uk")
    assert uk.years == (1955, 1960, 1965, 1966, 1967, 1968, 1969, 1970)  # imputed years left out
    assert uk.ccode == 200 and uk.code == 1 and uk.ionum == 9001


def test_runs_with_imputed_years_counted():
    runs = membership_runs(read_igo_years(DATA / "runs.csv"), include_imputed=True)
    summary = {(r[0], r[1], r[2]): r[3:] for r in _summary(runs)}
    # uk's imputed 1951 now starts the run; ghana's imputed 0s of 1957-59 now precede it
    assert summary[("TST", "uk", "full")] == (
        1951,
        1970,
        1950,
        None,
        "not-member",
        "data-ends",
        False,
    )
    assert summary[("TST", "ghana", "full")] == (
        1960,
        1970,
        1959,
        None,
        "not-member",
        "data-ends",
        False,
    )
    assert summary[("TST", "italy", "full")] == (
        1965,
        1966,
        1964,
        1968,
        "not-member",
        "missing",
        False,
    )


def test_minus_nine_is_never_read_as_not_a_member(igo_table, runs):
    # Real data: a run followed by "missing" is followed by -9 (or no row); its end bound, where
    # there is one, is a year whose cell is known and not the run's code, or the year after the
    # IGO's dissolution; never the -9 year itself.
    checked = 0
    for run in runs:
        if run.followed_by != "missing":
            continue
        row = igo_table.row(run.ioname, run.last + 1)
        assert (
            row is None
            or row.imputed == 1
            or igo_table.code(run.ioname, run.last + 1, run.ccode) == -9
        )
        if run.end_before is not None:
            deaddate = igo_table.igos[run.ioname].deaddate
            if run.end_before != (deaddate or 0) + 1:
                code = igo_table.code(run.ioname, run.end_before, run.ccode)
                assert code not in (-9, run.code)
        checked += 1
    assert checked > 1000


def test_runs_reproduce_cows_cells(igo_table, igo_frame, runs):
    # pandas: every (IGO, year, state) coded 1/2/3 in a non-imputed row within the IGO's life
    states = list(igo_table.states)
    frame = igo_frame[igo_frame["imputed"] != "1"]
    year = frame["year"].astype(int)
    alive = (year >= frame["sdate"].astype(int)) & (
        (frame["deaddate"] == "") | (year <= pd.to_numeric(frame["deaddate"], errors="coerce"))
    )
    frame = frame[alive]
    long = frame.melt(
        id_vars=["ioname", "year"], value_vars=states, var_name="state", value_name="code"
    )
    long = long[long["code"].isin(["1", "2", "3"])]
    golden = set(
        zip(
            long["ioname"],
            long["year"].astype(int),
            long["state"],
            long["code"].astype(int),
            strict=True,
        )
    )
    from_runs = {(r.ioname, y, r.state, r.code) for r in runs for y in r.years}
    assert from_runs == golden


# --- writing back -----------------------------------------------------------------------------


def test_round_trip_on_the_fixture(tmp_path):
    path = DATA / "runs.csv"
    table = read_igo_years(path)
    out = io.StringIO()
    write_igo_years(table, out)
    assert out.getvalue() == path.read_text(encoding="utf-8")  # bytes, quoting included
    target = tmp_path / "again.csv.xz"
    write_igo_years(table, target)
    again = read_igo_years(target)
    assert again.rows == table.rows
    assert dict(again.items()) == dict(table.items())
    assert [p.name for p in tmp_path.iterdir()] == ["again.csv.xz"]  # no temporary left


def test_round_trip_on_the_real_igo_year_file(igo_table, igo_frame):
    out = io.StringIO()
    write_igo_years(igo_table, out)
    text = out.getvalue()
    assert text == lzma.open(IGO_FILE, "rt", encoding="utf-8", newline="").read()
    back = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(back, igo_frame)  # cell by cell


def test_round_trip_on_the_real_state_year_file(state_year_frame):
    table = read_state_years(STATE_YEAR_FILE)
    out = io.StringIO()
    write_state_years(table, out)
    back = pd.read_csv(io.StringIO(out.getvalue()), dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(back, state_year_frame)


def test_a_failed_read_writes_and_returns_nothing(tmp_path):
    broken = tmp_path / "broken.csv"
    shutil.copy(DATA / "bad-code.csv", broken)
    before = broken.read_bytes()
    with pytest.raises(CowDataError) as caught:
        read_igo_years(broken)
    assert broken.read_bytes() == before
    assert str(caught.value).startswith(f"1 problem in COW data:\n  {broken}:3: russia: code 4")


def test_reviewed_cell_overrides_give_the_1991_cis_cell_to_russia(crosswalk, runs):
    """The USSR was never in the CIS (founded 8 December 1991 by the RSFSR, Ukraine and
    Belarus; the USSR ended on the 26th): COW's 1991 CIS cell of 365 is Russia's by the reviewed
    override, while 1991's other cells of 365 stay the USSR's (the greater part of the year)."""
    cis = entity_runs([r for r in runs if r.ccode == 365 and r.ioname == "CIS"], crosswalk)
    assert [(p.state_id, p.first, p.last) for p in cis] == [("state/RUS", 1991, 2014)]
    un = entity_runs([r for r in runs if r.ccode == 365 and r.ioname == "UN"], crosswalk)
    assert ("state/SUN", 1945, 1991) in [(p.state_id, p.first, p.last) for p in un]
    ionum = crosswalk.ionum("CIS")
    assert crosswalk.state_for_cells(365, ionum, 1991) == "state/RUS"
    assert crosswalk.state_for_cells(365, crosswalk.ionum("UN"), 1991) == "state/SUN"
    every = {p.state_id for r in runs if r.ccode == 365 for p in entity_runs([r], crosswalk)}
    assert "state/SUN" in every  # the override is one cell, not the code


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("365,NOPE,1991,state/RUS,r", "ioname", "'NOPE' is not a COW IGO of the crosswalk"),
        ("365,CIS,1991,state/KAZ,r", "id", "'state/KAZ' is not a split id of 365"),
        ("365,CIS,1995,state/RUS,r", "year", "365 does not change hands within 1995"),
        ("365,CIS,1991,state/RUS,", "reason", "empty: every match says why it holds"),
        ("365,CIS,x,state/RUS,r", "year", "'x' is not an integer"),
    ],
)
def test_bad_cell_overrides_name_file_line_and_column(
    tmp_path: Path, line: str, column: str, message: str
) -> None:
    for name in ("crosswalk-states.csv", "crosswalk-state-splits.csv", "crosswalk-igos.csv",
                 "crosswalk-igo-splits.csv", "states2016.csv"):  # fmt: skip
        shutil.copy(COW / name, tmp_path / name)
    overrides = tmp_path / "crosswalk-cell-overrides.csv"
    overrides.write_text(
        "ccode,ioname,year,id,reason\n365,RCFC,1991,state/RUS,fine\n" + line + "\n",
        encoding="utf-8",
    )
    igos = {int(r["ionum"]): r["ioname"] for r in csv.DictReader(open(COW / "crosswalk-igos.csv"))}
    with pytest.raises(CowDataError) as raised:
        read_crosswalk(tmp_path, igos=igos)
    assert [
        (p.file, p.line, p.column, p.message.split(" (")[0]) for p in raised.value.problems
    ] == [(str(overrides), 3, column, message.split(" (")[0])]
