"""``kg export cow`` (kg.report.cow): the graph as COW's IGO-year and state-year tables.

Golden values: for the world scope, COW's own files read with ``kg.world``'s readers (the
round trip import -> graph -> export must give COW's cells back); for the post-Soviet scope, a
small graph made here by hand (states, organisations and dates invented where the test needs
them), with every expected cell written out and worked out by hand from the rules in
``kg.report.cow``'s docstring.
"""

from __future__ import annotations

import io
import lzma
from datetime import date
from pathlib import Path

import pytest
from helpers import kg
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from kg.build.world import add_world, load_world
from kg.report.cow import COW_IGO_SOURCE, COW_STATES_SOURCE, CowTables, cow_tables
from kg.stores.memory import MemoryStore
from kg.vocab import DQ, resource
from kg.world import (
    IgoYearTable,
    StateYearTable,
    read_igo_years,
    read_state_years,
    write_igo_years,
)

ROOT = Path(__file__).resolve().parents[1]
COW = ROOT / "corpus/external/cow-igo-v3"

# --- (a) the round trip on the real data ------------------------------------------------------


@pytest.fixture(scope="module")
def world_graph() -> Graph:
    """The world layer alone, as the build adds it (no curated record needed)."""
    graph = Graph()
    add_world(graph, load_world(COW))
    return graph


@pytest.fixture(scope="module")
def world(world_graph: Graph) -> CowTables:
    return cow_tables(world_graph, "world")


@pytest.fixture(scope="module")
def cow_igo_years() -> IgoYearTable:
    return read_igo_years(COW / "igo_year_formatv3.csv.xz")


@pytest.fixture(scope="module")
def cow_state_years() -> StateYearTable:
    return read_state_years(COW / "state_year_formatv3.csv.xz")


def test_the_missing_cells_are_recorded_compactly(world_graph: Graph) -> None:
    # every -9 cell of COW's file, in 28,647 runs, one literal per organisation (115 of them)
    missing = [str(o) for o in world_graph.objects(None, DQ.cowMissing)]
    runs = [token for text in missing for token in text.split()]
    years = sum(
        int(b) - int(a) + 1 for t in runs for a, b in [t.split(":")[1].split("-")]
    )  # fmt: skip
    assert (len(missing), len(runs), years) == (115, 28647, 190750)
    # no node per run: the four literals add one triple per organisation at most
    added = sum(
        1
        for p in ("cowIgoYears", "cowImputedYears", "cowMissing", "cowOtherCells")
        for _ in world_graph.subject_objects(DQ[p])
    )
    assert added < 1300
    cis = resource("org/cis")
    assert str(world_graph.value(cis, DQ.cowIgoYears)) == "1991-2014"


def test_the_round_trip_gives_cows_igo_year_cells_back(
    world: CowTables, cow_igo_years: IgoYearTable
) -> None:
    exported = world.igo_years
    assert world.notes == ()
    assert [(r.ioname, r.year) for r in exported.rows] == sorted(
        ((r.ioname, r.year) for r in cow_igo_years.rows),
        key=lambda key: (cow_igo_years.igos[key[0]].ionum, key[1]),
    )  # every row, no other, in COW's row order (by ionum and year)
    assert set(exported.states) == set(cow_igo_years.states)
    assert set(exported.header) == set(cow_igo_years.header)
    column = {ccode: k for k, ccode in enumerate(cow_igo_years.ccodes)}
    compared = 0
    wrong = []
    for row in exported.rows:
        golden = cow_igo_years.row(row.ioname, row.year)
        assert golden is not None
        for ccode, code in zip(exported.ccodes, row.codes, strict=True):
            compared += 1
            if code != golden.codes[column[ccode]]:
                wrong.append((row.ioname, row.year, ccode, code, golden.codes[column[ccode]]))
    assert compared == 19335 * 217 == 4195695
    assert wrong == []


def test_the_igo_columns_the_graph_holds(world: CowTables, cow_igo_years: IgoYearTable) -> None:
    differ: dict[str, set[str]] = {}
    for row in world.igo_years.rows:
        golden = cow_igo_years.row(row.ioname, row.year)
        for name in ("orgname", "sdate", "ionum", "deaddate", "dead", "imputed"):
            if getattr(row, name) != getattr(golden, name):
                differ.setdefault(name, set()).add(row.ioname)
        assert row.igocode is None and row.version is None and row.sources == ""
    # IRU's and ITC's rows stop before COW's deaddate, which has no dead flag (the graph has no
    # dissolution for them: the export ends them in their last row); ACCT's erratum rows after
    # its deaddate carry COW's dead = 1; PCB 1920's imputed is empty in COW's file
    assert differ == {
        "deaddate": {"IRU", "ITC"},
        "dead": {"ACCT", "IRU", "ITC"},
        "imputed": {"PCB"},
    }


def test_the_state_year_table_is_cows_where_cows_two_files_agree(
    world: CowTables, cow_igo_years: IgoYearTable, cow_state_years: StateYearTable
) -> None:
    exported = world.state_years
    assert set(exported.igos) == set(cow_state_years.igos)
    rows = {(r.ccode, r.year) for r in exported.rows}
    golden_rows = {(r.ccode, r.year) for r in cow_state_years.rows}
    assert golden_rows <= rows
    # COW codes Zanzibar 0 in IBE 1965-1969 and Taiwan 0 in WMO 1948, outside the system
    assert rows - golden_rows == {(511, y) for y in range(1965, 1970)} | {(713, 1948)}
    # COW's IGO-year file turned round by the codebook's rule (-1: no row for the IGO that
    # year, or the state not in the system), independently of kg.report.cow
    name_of = {name.lower(): name for name in cow_igo_years.igos}
    column = {ccode: k for k, ccode in enumerate(cow_igo_years.ccodes)}
    position = {igo: k for k, igo in enumerate(exported.igos)}
    against_pivot = against_file = 0
    for golden in cow_state_years.rows:
        mine = exported.row(golden.ccode, golden.year)
        assert mine is not None
        for igo, code in zip(cow_state_years.igos, golden.codes, strict=True):
            source = cow_igo_years.row(name_of[igo], golden.year)
            cell = None if source is None else source.codes[column[golden.ccode]]
            pivot = -1 if cell is None else cell
            exported_code = mine.codes[position[igo]]
            against_pivot += exported_code != pivot
            against_file += exported_code != code
    assert against_pivot == 0
    # the residue: the 6,789 cells where COW's state-year file says otherwise than its own
    # IGO-year file (ICCEC -1 for coded years, CCNR's missing rows -9, ITC 1986-1990, ...)
    assert against_file == 6789


# --- (b) the post-Soviet scope on a small hand-made graph -------------------------------------


class _Fixture:
    """Triples for the hand-made graph: states, organisations, claims."""

    def __init__(self) -> None:
        self.graph = Graph()
        self.count = 0
        for source in (COW_IGO_SOURCE, COW_STATES_SOURCE):
            self.graph.add((resource(f"evidence/{source.split('/')[-1]}"), DCTERMS.source, source))

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.graph.add((s, p, o))

    def state(self, local: str, ccode: int | None, since: str) -> None:
        node = resource(f"state/{local}")
        self.add(node, RDF.type, DQ.State)
        if ccode is not None:
            self.add(node, DQ.cowCode, Literal(ccode, datatype=XSD.integer))
        self.claim(DQ.Statehood, {DQ.state: node}, since, None)

    def organisation(self, local: str, label: str, inception: str, **more: object) -> URIRef:
        node = resource(f"org/{local}")
        self.add(node, RDF.type, DQ.Organisation)
        self.add(node, RDFS.label, Literal(label, lang="en"))
        self.add(node, DQ.inception, Literal(date.fromisoformat(inception)))
        for name, value in more.items():
            self.add(node, DQ[name], Literal(value))
        return node

    def claim(
        self,
        cls: URIRef,
        about: dict[URIRef, URIRef],
        start: str,
        end: str | None,
        best: bool = True,
        world: bool = False,
    ) -> None:
        self.count += 1
        node = resource(f"claim/{self.count}")
        self.add(node, RDF.type, cls)
        if best:
            self.add(node, RDF.type, DQ.BestRank)
        for prop, value in about.items():
            self.add(node, prop, value)
        self.add(node, DQ.start, Literal(date.fromisoformat(start)))
        if end:
            self.add(node, DQ.end, Literal(date.fromisoformat(end)))
        if world:
            source = COW_IGO_SOURCE if cls == DQ.Membership else COW_STATES_SOURCE
            self.add(node, PROV.wasDerivedFrom, resource(f"evidence/{source.split('/')[-1]}"))

    def member(self, state: str, org: URIRef, role: URIRef, start: str, end: str | None = None,
               **flags: bool) -> None:  # fmt: skip
        about = {DQ.member: resource(f"state/{state}"), DQ.organisation: org, DQ.role: role}
        self.claim(DQ.Membership, about, start, end, **flags)


@pytest.fixture(scope="module")
def post_soviet_graph() -> Graph:
    f = _Fixture()
    for local, ccode, since in (
        ("KAZ", 705, "1991-12-16"), ("UKR", 369, "1991-12-01"), ("GEO", 372, "1991-12-26"),
        ("TKM", 701, "1991-12-26"), ("TUR", 640, "1816-01-01"), ("ARM", 371, "1991-12-26"),
        ("MNE", 341, "2006-06-03"), ("ABK", None, "2008-08-26"),
    ):  # fmt: skip
        f.state(local, ccode, since)
    cis = f.organisation(
        "cis", "Commonwealth of Independent States", "1991-12-08", cowIgo="CIS",
        cowMissing="372:1992-1993 640:1994-1995",
    )  # fmt: skip
    f.add(cis, DQ.cowIgoNumber, Literal(1230, datatype=XSD.integer))
    eurasec = f.organisation("eurasec", "Eurasian Economic Community", "2001-05-30", cowIgo="EAEC")
    f.add(eurasec, DQ.cowIgoNumber, Literal(1545, datatype=XSD.integer))
    f.add(eurasec, DQ.dissolution, Literal(date(2015, 1, 1)))
    f.add(eurasec, DQ.dissolutionPrecision, DQ.Day)
    eaeu = f.organisation("eaeu", "Eurasian Economic Union", "2015-01-01")
    succession = resource("succession/eurasec")
    f.add(succession, RDF.type, DQ.Succession)
    f.add(succession, DQ.predecessor, eurasec)
    f.add(succession, DQ.successor, eaeu)
    f.add(succession, DQ.successionKind, DQ.Merged)
    f.member("KAZ", cis, DQ.FullMember, "1991-12-21")
    f.member("KAZ", cis, DQ.Observer, "1991-01-01", "1993-01-01", best=False, world=True)
    f.member("UKR", cis, DQ.FullMember, "1991-12-08", "2018-05-19")
    f.member("GEO", cis, DQ.FullMember, "1993-12-01", "2009-08-18")
    f.member("TKM", cis, DQ.FullMember, "1991-12-21", "2005-08-26")
    f.member("TKM", cis, DQ.AssociateMember, "2005-08-26")
    f.member("TUR", cis, DQ.Observer, "1996-01-01", "2015-01-01", world=True)
    f.member("ABK", cis, DQ.Observer, "2010-01-01")
    f.member("KAZ", eurasec, DQ.FullMember, "2001-05-30", "2015-01-01")
    f.member("KAZ", eaeu, DQ.FullMember, "2015-01-01")
    f.member("ARM", eaeu, DQ.FullMember, "2015-01-02")
    f.member("MNE", eaeu, DQ.Observer, "2016-03-01")
    scope = resource("scope/post-soviet")
    for org in ("org/cis", "org/eurasec", "org/eaeu", "org/absent"):
        f.add(scope, DQ.scopeOrganisation, resource(org))
    return f.graph


@pytest.fixture(scope="module")
def post_soviet(post_soviet_graph: Graph) -> CowTables:
    # through a store, as the command line reads it
    return cow_tables(MemoryStore(post_soviet_graph), "post-soviet", last_year=2016)


def _years(first: int, last: int, code: int | None) -> list[int | None]:
    return [code] * (last - first + 1)


def test_post_soviet_igo_year_cells_by_hand(post_soviet: CowTables) -> None:
    table = post_soviet.igo_years
    assert table.states == (
        "armenia", "georgia", "kazakhstan", "montenegro", "turkey", "turkmenistan", "ukraine",
    )  # fmt: skip
    assert [(r.ioname, r.year) for r in table.rows] == (
        [("CIS", y) for y in range(1991, 2017)]
        + [("EAEC", y) for y in range(2001, 2015)]  # ended 1 January 2015: last year 2014
        + [("eaeu", y) for y in range(2015, 2017)]
    )

    def column(ioname: str, state: str) -> list[int | None]:
        k = table.states.index(state)
        return [r.codes[k] for r in table.rows if r.ioname == ioname]

    # CIS 1991-2016
    assert column("CIS", "armenia") == _years(1991, 2016, 0)
    # -9 in COW's cells 1992-1993, but the curated record speaks about Georgia: 0, then member
    # from December 1993 to August 2009 (a status at some point of the year)
    assert column("CIS", "georgia") == _years(1991, 1992, 0) + _years(1993, 2009, 1) + _years(
        2010, 2016, 0
    )
    # COW's normal-rank observer claim 1991-1992 does not count: the curated full membership
    assert column("CIS", "kazakhstan") == _years(1991, 2016, 1)
    # not a state before June 2006: empty
    assert column("CIS", "montenegro") == _years(1991, 2005, None) + _years(2006, 2016, 0)
    # only COW speaks about Turkey: its -9 stands, then its observer claim to 2014
    assert column("CIS", "turkey") == (
        _years(1991, 1993, 0) + _years(1994, 1995, -9) + _years(1996, 2014, 3) + [0, 0]
    )
    # associate member from 26 August 2005: the later status of 2005
    assert column("CIS", "turkmenistan") == _years(1991, 2004, 1) + _years(2005, 2016, 2)
    assert column("CIS", "ukraine") == _years(1991, 2016, 1)  # left in 2018, after 2016
    assert column("EAEC", "kazakhstan") == _years(2001, 2014, 1)
    assert column("EAEC", "montenegro") == _years(2001, 2005, None) + _years(2006, 2014, 0)
    assert column("eaeu", "armenia") == [1, 1]
    assert column("eaeu", "montenegro") == [0, 3]
    assert column("eaeu", "georgia") == [0, 0]


def test_post_soviet_igo_columns_and_notes(post_soviet: CowTables) -> None:
    rows = {(r.ioname, r.year): r for r in post_soviet.igo_years.rows}
    cis, last_eaec, eaeu = rows[("CIS", 1991)], rows[("EAEC", 2014)], rows[("eaeu", 2015)]
    assert (cis.ionum, cis.sdate, cis.deaddate, cis.dead) == (1230, 1991, None, 0)
    assert (cis.orgname, cis.longorgname) == ("Commonwealth of Independent States",) * 2
    assert (last_eaec.deaddate, last_eaec.dead, last_eaec.integrated) == (2014, 1, 1)
    assert rows[("EAEC", 2013)].dead == 0
    assert eaeu.sdate == 2015
    out = io.StringIO()
    write_igo_years(post_soviet.igo_years, out)
    header, *lines = out.getvalue().splitlines()
    ionum = header.split(",").index("ionum")
    assert {line.split(",")[ionum] for line in lines if line.startswith("eaeu,")} == {""}
    assert {line.split(",")[ionum] for line in lines if line.startswith("CIS,")} == {"1230"}
    assert post_soviet.notes == (
        "org/absent: not in the graph, left out",
        "state/ABK has no COW code: left out of CIS",
    )


def test_post_soviet_state_year_table_by_hand(post_soviet: CowTables) -> None:
    table = post_soviet.state_years
    assert table.igos == ("cis", "eaec", "eaeu")
    assert table.row(640, 1996).codes == (3, -1, -1)  # type: ignore[union-attr]
    assert table.row(705, 2014).codes == (1, 1, -1)  # type: ignore[union-attr]
    assert table.row(705, 2015).codes == (1, -1, 1)  # type: ignore[union-attr]
    assert table.row(341, 2006).codes == (0, 0, -1)  # type: ignore[union-attr]
    assert table.row(341, 2016).codes == (0, -1, 3)  # type: ignore[union-attr]
    # a row for each state and year with a 0-3 cell: none for Montenegro before 2006, none for
    # Turkey's two missing years
    assert table.row(341, 2005) is None
    assert table.row(640, 1994) is None and table.row(640, 1995) is None
    assert len(table.rows) == 6 * 26 + 11 - 2  # six states 1991-2016, Montenegro 2006-2016


# --- (c) the command line writes what kg.world reads back -------------------------------------


def _tiny_world() -> Graph:
    """One COW IGO (1991-1993) and two states, as the world layer writes them."""
    f = _Fixture()
    f.state("KAZ", 705, "1991-12-16")
    f.state("RUS", 365, "1816-01-01")
    for claim in f.graph.subjects(RDF.type, DQ.Statehood):
        f.add(claim, PROV.wasDerivedFrom, resource("evidence/cow-states-2016"))
    org = f.organisation(
        "cis", "Commonwealth of Independent States", "1991-01-01", cowIgo="CIS",
        cowIgoYears="1991-1993", cowMissing="705:1993-1993",
    )  # fmt: skip
    f.add(org, DQ.cowIgoNumber, Literal(1230, datatype=XSD.integer))
    f.member("KAZ", org, DQ.FullMember, "1991-01-01", "1993-01-01", world=True)
    return f.graph


def test_the_command_writes_tables_kg_world_reads_back(tmp_path: Path) -> None:
    graph = tmp_path / "kg.ttl"
    _tiny_world().serialize(graph, format="turtle")
    igo, state = tmp_path / "out" / "igo.csv", tmp_path / "out" / "state.csv.xz"
    ran = kg("export", "cow", "--graph", graph, "--igo-year", igo, "--state-year", state)
    assert ran.returncode == 0, ran.stderr
    said = " ".join(ran.stderr.split())  # rich wraps long lines
    assert f"Wrote {igo} (3 rows, scope world)." in said
    assert f"Wrote {state} (5 rows, scope world)." in said
    table = read_igo_years(igo)
    assert table.states == ("kazakhstan", "russia")
    assert [(r.year, r.codes) for r in table.rows] == [
        (1991, (1, 0)), (1992, (1, 0)), (1993, (-9, 0)),
    ]  # fmt: skip
    assert lzma.open(state, "rt").readline().strip() == "ccode,year,state,cis"
    states = read_state_years(state)
    assert [(r.ccode, r.year, r.codes) for r in states.rows] == [
        (365, 1991, (0,)), (365, 1992, (0,)), (365, 1993, (0,)),
        (705, 1991, (1,)), (705, 1992, (1,)),
    ]  # fmt: skip
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["igo.csv", "state.csv.xz"]


# --- (d) bad input: a clear error, nothing written --------------------------------------------


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["--scope", "moon", "--igo-year", "OUT"], 2, "Invalid value for '--scope'"),
        ([], 2, "give --igo-year, --state-year or both"),
        (["--igo-year", "OUT", "--state-year", "OUT"], 2, "are the same file"),
        (["--igo-year", "OUT", "--until", "2020"], 2, "only the post-soviet scope takes --until"),
    ],
)
def test_bad_options_write_nothing(tmp_path: Path, args: list[str], status: int, message: str):
    graph = tmp_path / "kg.ttl"
    _tiny_world().serialize(graph, format="turtle")
    out = tmp_path / "out.csv"
    ran = kg("export", "cow", "--graph", graph, *[out if a == "OUT" else a for a in args])
    assert ran.returncode == status
    assert message in ran.stderr
    assert not out.exists()


def test_a_graph_without_the_world_layer_fails_clearly(tmp_path: Path) -> None:
    graph, out = tmp_path / "kg.ttl", tmp_path / "out.csv"
    plain = _tiny_world()
    plain.remove((None, DQ.cowIgoYears, None))
    plain.serialize(graph, format="turtle")
    ran = kg("export", "cow", "--graph", graph, "--igo-year", out)
    assert ran.returncode == 1
    assert "Export failed; nothing written" in ran.stderr
    assert "dq:cowIgoYears" in ran.stderr
    assert not out.exists()
    missing = kg("export", "cow", "--graph", tmp_path / "none.ttl", "--igo-year", out)
    assert missing.returncode == 1 and "no built graph here" in missing.stderr
    assert not out.exists()


def test_the_library_refuses_an_unknown_scope() -> None:
    with pytest.raises(ValueError, match="unknown scope 'moon'"):
        cow_tables(Graph(), "moon")
    with pytest.raises(ValueError, match="defines no 'post-soviet' scope"):
        cow_tables(Graph(), "post-soviet", scopes_file=None)


def test_an_organisation_after_the_last_year_is_left_out(post_soviet_graph: Graph) -> None:
    found = cow_tables(post_soviet_graph, "post-soviet", organisations=["org/eaeu"], last_year=2010)
    assert found.igo_years.rows == () and found.state_years.rows == ()
    assert found.notes == ("eaeu: no year up to 2010, left out",)
