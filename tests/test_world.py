"""The world layer in the real build (issue 12): the Correlates of War IGO data beside the curated
record, the best-rank rule between them, statehood, and the scopes of analysis.

Golden values come from COW's own files, read here with the standard library (lzma and csv),
independently of kg.world's reader: the test counts the cells itself.
"""

from __future__ import annotations

import csv
import lzma
from datetime import date

import pytest
from helpers import ROOT
from rdflib.namespace import RDFS

from kg.build.graph import BuiltGraph
from kg.centrality import centrality
from kg.network import comembership, scope
from kg.queries.named import list_queries, run_named_query
from kg.stores.oxigraph import OxigraphStore
from kg.vocab import DQ, display, resource

COW = ROOT / "corpus/external/cow-igo-v3"
# The IGO-year file's columns that are not states (COW's codebook, v3.0).
NOT_STATES = {
    "ioname", "orgname", "year", "sdate", "deaddate", "dead", "integrated", "replaced",
    "longorgname", "ionum", "igocode", "version", "accuracyofpre1965membershipdates",
    "sourcesandnotes", "imputed", "political", "social", "economic",
}  # fmt: skip
QUERIES = {query.name: query for query in list_queries()}
PREFIXES = """PREFIX dq: <https://w3id.org/dostastyq/ontology#>
PREFIX dqr: <https://w3id.org/dostastyq/id/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@pytest.fixture(scope="module")
def igo_rows() -> list[dict[str, str]]:
    with lzma.open(COW / "igo_year_formatv3.csv.xz", "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _select(store: OxigraphStore, text: str) -> list[tuple[str, ...]]:
    answer = store.query(PREFIXES + text)
    return [tuple(display(term) for term in row) for row in answer.rows]  # type: ignore[union-attr]


def _cow_full_memberships(store: OxigraphStore, state: str, year: int, org: str = "?org") -> set:
    """Organisations (by COW ioname) of the world layer's full memberships of ``state`` that are
    active in ``year`` (on 30 June: COW codes whole years, a run from 1 January to 1 January)."""
    rows = _select(
        store,
        f"""SELECT DISTINCT ?ioname WHERE {{
          ?m a dq:Membership ; dq:member <https://w3id.org/dostastyq/id/{state}> ;
             dq:organisation {org} ; dq:role dq:FullMember ; dq:start ?start ; dq:end ?end ;
             prov:wasDerivedFrom/dcterms:source dqr:source\\/cow-igo-v3 .
          {org} dq:cowIgo ?ioname .
          FILTER (?start <= "{year}-06-30"^^xsd:date && "{year}-06-30"^^xsd:date < ?end)
        }}""",
    )
    return {row[0] for row in rows}


def test_kazakhstan_in_2000_belongs_to_what_cow_codes(world_store, igo_rows) -> None:
    # Golden: the IGO-year rows of 2000 whose `kazakhstan` cell is 1, counted from the CSV.
    expected = {r["ioname"] for r in igo_rows if r["year"] == "2000" and r["kazakhstan"] == "1"}
    assert len(expected) == 51  # the number the issue quotes, from the same count
    assert _cow_full_memberships(world_store, "state/KAZ", 2000) == expected


def test_the_cis_in_2005_by_cow(world_store, igo_rows) -> None:
    # Golden: the state columns coded 1 in the CIS's row of 2005.
    (row,) = [r for r in igo_rows if r["ioname"] == "CIS" and r["year"] == "2005"]
    members = {column for column, code in row.items() if code == "1" and column not in NOT_STATES}
    assert len(members) == 10
    rows = _select(
        world_store,
        """SELECT DISTINCT ?state WHERE {
          ?m a dq:Membership ; dq:member ?state ; dq:organisation dqr:org\\/cis ;
             dq:role dq:FullMember ; dq:start ?start ; dq:end ?end ;
             prov:wasDerivedFrom/dcterms:source dqr:source\\/cow-igo-v3 .
          FILTER (?start <= "2005-06-30"^^xsd:date && "2005-06-30"^^xsd:date < ?end)
        }""",
    )
    assert len(rows) == 10
    assert {"state/KAZ", "state/RUS", "state/GEO"} <= {row[0] for row in rows}


def test_estonia_has_two_spells_of_statehood(world_store) -> None:
    # Golden: states2016.csv has two EST lines (1918-02-24 - 1940-06-16, and from 1991-09-06).
    rows = _select(
        world_store,
        """SELECT ?start ?end WHERE {
          ?s a dq:Statehood ; dq:state dqr:state\\/EST ; dq:start ?start .
          OPTIONAL { ?s dq:end ?end } } ORDER BY ?start""",
    )
    assert [row[0] for row in rows] == ["1918-02-24", "1991-09-06"]
    # dq:end is the first day no longer active (docs/design.md): COW's last day is 16 June 1940.
    assert rows[0][1] == "1940-06-17"


def test_the_ussr_ends_on_26_december_1991(world_store) -> None:
    rows = _select(
        world_store,
        "SELECT ?end WHERE { ?s a dq:Statehood, dq:BestRank ; dq:state dqr:state\\/SUN ;"
        " dq:end ?end }",
    )
    assert rows == [("1991-12-26",)]


def test_the_curated_record_wins_where_the_records_disagree(world_store) -> None:
    """COW has Uzbekistan in the CSTO 2002-2011; the curated record has it from 2006 to 2012
    (suspended from 2008): on 1 January 2004 it was not a member. Both claims stay, each with
    its evidence; only the curated one counts."""
    cow = _select(
        world_store,
        """SELECT ?m ?rank WHERE { ?m a dq:Membership ; dq:member dqr:state\\/UZB ;
          dq:organisation dqr:org\\/csto ; dq:rank ?rank ;
          prov:wasDerivedFrom/dcterms:source dqr:source\\/cow-igo-v3 .
          FILTER NOT EXISTS { ?m a dq:BestRank } }""",
    )
    assert cow and {row[1] for row in cow} == {"Normal"}
    curated = _select(
        world_store,
        """SELECT DISTINCT ?rank WHERE { ?m a dq:Membership, dq:BestRank ;
          dq:member dqr:state\\/UZB ; dq:organisation dqr:org\\/csto ; dq:rank ?rank }""",
    )
    assert curated == [("Preferred",)]
    members = run_named_query(
        world_store, QUERIES["members-at"], {"org": "org/csto", "date": "2004-01-01"}
    )
    assert "state/UZB" not in {display(row[0]) for row in members.rows}  # type: ignore[union-attr]
    georgia = run_named_query(
        world_store, QUERIES["members-at"], {"org": "org/cis", "date": "2008-06-30"}
    )
    assert "state/GEO" in {display(row[0]) for row in georgia.rows}  # type: ignore[union-attr]


def test_every_cow_state_and_igo_carries_its_code(world_built: BuiltGraph, igo_rows) -> None:
    # Golden: the distinct ionames of the IGO-year file; the state columns of its header.
    graph = world_built.graph
    ionames = {row["ioname"] for row in igo_rows}
    assert {str(o) for o in graph.objects(None, DQ.cowIgo)} == ionames
    columns = set(igo_rows[0]) - NOT_STATES
    codes = {int(o) for o in graph.objects(None, DQ.cowCode)}
    assert len(codes) == len(columns)


def test_split_codes_name_each_entity(world_built: BuiltGraph, world_store) -> None:
    # COW names 365 "Russia" and 345 "Yugoslavia" throughout; the crosswalk's splits give the
    # entities that are not ours their own English labels (crosswalk-state-splits.csv).
    graph = world_built.graph
    label = {
        name: {str(o) for o in graph.objects(resource(f"state/{name}"), RDFS.label)}
        for name in ("cow-RUSEMP", "cow-YUG", "SRB")
    }
    assert label == {"cow-RUSEMP": {"Russian Empire"}, "cow-YUG": {"Yugoslavia"}, "SRB": {"Serbia"}}
    assert {int(o) for o in graph.objects(resource("state/SRB"), DQ.cowCode)} == {345}
    # COW's CSTO column for 345 is 3 (observer) in 2013 and 2014 only: Serbia's, not Yugoslavia's
    members = run_named_query(
        world_store, QUERIES["members-at"], {"org": "org/csto", "date": "2014-06-30"}
    )
    shown = {display(row[0]) for row in members.rows}  # type: ignore[union-attr]
    assert "state/SRB" in shown and "state/cow-YUG" not in shown


def test_scopes_decide_who_is_in_the_network(world_store) -> None:
    """Tried as a new user would: in the post-Soviet scope (the default) Belgium is nowhere
    in 1992; in the world scope it is, with the world's organisations."""
    day = date(1992, 6, 30)
    post_soviet = scope(world_store, "post-soviet")
    graph = comembership(world_store, day, scope=post_soviet)
    assert "state/BEL" not in graph and "state/KAZ" in graph
    organisations = {o for _, _, orgs in graph.edges(data="organisations") for o in orgs}
    assert organisations <= post_soviet.organisations
    world = scope(world_store, "world")
    assert "state/BEL" in comembership(world_store, day, scope=world)
    table = centrality(world_store, day, measures=["degree"], scope=post_soviet)
    assert table.iloc[0]["node"].startswith("state/")
    assert "post-Soviet integration" in table.attrs["scope_title"]
    assert "Correlates of War" in table.attrs["scope_title"]


def test_the_curated_scope_leaves_the_incomplete_organisations_out(world_store) -> None:
    curated = scope(world_store, "curated")
    assert curated.curated_only and "org/eu" in curated.excluded
    assert "org/eu" not in curated.organisations and "org/cis" in curated.organisations
    graph = comembership(world_store, date(2005, 6, 30), scope=curated)
    assert "state/FRA" not in graph  # France is a member only of curated organisations left out


def _run_bounds(store: OxigraphStore, ioname: str, ccode: int) -> list[tuple[str, ...]]:
    """The COW memberships of a state (by COW code) in an IGO's organisations: first year,
    the bounds as data (``-`` where a property is absent), by start."""
    return _select(
        store,
        f"""SELECT ?org ?first ?earliest ?firstOpen ?last ?latest ?lastOpen WHERE {{
          ?org dq:cowIgo "{ioname}" . ?state dq:cowCode {ccode} .
          ?m a dq:Membership ; dq:organisation ?org ; dq:member ?state ;
             dq:start ?start ; dq:end ?end ;
             prov:wasDerivedFrom/dcterms:source dqr:source\\/cow-igo-v3 .
          BIND (YEAR(?start) AS ?first) BIND (YEAR(?end) - 1 AS ?last)
          OPTIONAL {{ ?m dq:cowEarliestFirstYear ?e }} BIND (COALESCE(?e, "-") AS ?earliest)
          OPTIONAL {{ ?m dq:cowFirstYearOpen ?fo }} BIND (COALESCE(?fo, "-") AS ?firstOpen)
          OPTIONAL {{ ?m dq:cowLatestLastYear ?l }} BIND (COALESCE(?l, "-") AS ?latest)
          OPTIONAL {{ ?m dq:cowLastYearOpen ?lo }} BIND (COALESCE(?lo, "-") AS ?lastOpen)
        }} ORDER BY ?start""",
    )


def _one_run_from_the_csv(igo_rows, ioname: str, column: str) -> tuple[int, int | None]:
    """Where a state's single run of ``1`` in an IGO starts by COW's cells, and the earliest
    year it may have begun in: back over the ``-9`` cells to a cell of another code (the year
    after it), or to the IGO's first year (``sdate``: it cannot have begun earlier); ``None``
    if a ``1`` lies behind the gap."""
    rows = sorted((r for r in igo_rows if r["ioname"] == ioname), key=lambda r: int(r["year"]))
    cells = [(int(r["year"]), r[column]) for r in rows]
    first = next(year for year, code in cells if code == "1")
    assert all(code == "1" for year, code in cells if year >= first), "one run, to the end"
    for year, code in reversed([cell for cell in cells if cell[0] < first]):
        if code != "-9":
            return first, None if code == "1" else year + 1
    return first, int(rows[0]["sdate"])


def test_cow_memberships_carry_their_bounds_as_data(world_store, igo_rows) -> None:
    # Golden from the CSV: in GEF (sdate 1991, alive in 2014) Armenia is -9 in 1991-1993 and 1
    # from 1994, so it joined in 1991-1994; Kazakhstan is 0 to 1997 and 1 from 1998, so it
    # joined in 1998. Both runs reach 2014, where COW's data end: the end is open.
    gef = [r for r in igo_rows if r["ioname"] == "GEF"]
    assert {r["sdate"] for r in gef} == {"1991"} and {r["dead"] for r in gef} == {"0"}
    assert _one_run_from_the_csv(igo_rows, "GEF", "armenia") == (1994, 1991)
    assert _one_run_from_the_csv(igo_rows, "GEF", "kazakhstan") == (1998, 1998)
    (armenia,) = _run_bounds(world_store, "GEF", 371)
    assert armenia[1:] == ("1994", "1991", "-", "2014", "-", "true")
    (kazakhstan,) = _run_bounds(world_store, "GEF", 705)
    assert kazakhstan[1:] == ("1998", "1998", "-", "2014", "-", "true")


def test_a_crosswalk_cut_leaves_the_year_of_the_cut_open(world_store, igo_rows) -> None:
    # Kazakhstan is 1 in every SCO row of the CSV, 1996-2014; the crosswalk gives COW's SCO to
    # the Shanghai Five until 15 June 2001 and its 2001 to the SCO, which either may have held.
    sco = [r["kazakhstan"] for r in igo_rows if r["ioname"] == "SCO"]
    assert len(sco) == 19 and set(sco) == {"1"}
    assert _run_bounds(world_store, "SCO", 705) == [
        ("org/shanghai-five", "1996", "1996", "-", "2000", "2001", "-"),
        ("org/sco", "2001", "2000", "-", "2014", "-", "true"),
    ]


def test_every_cow_membership_has_one_of_each_bound(world_store) -> None:
    rows = _select(
        world_store,
        """SELECT (COUNT(?m) AS ?runs) (SUM(?starts) AS ?start) (SUM(?ends) AS ?end) WHERE {
          ?m a dq:Membership ; prov:wasDerivedFrom/dcterms:source dqr:source\\/cow-igo-v3 .
          BIND (IF(EXISTS { ?m dq:cowEarliestFirstYear ?e }, 1, 0)
                + IF(EXISTS { ?m dq:cowFirstYearOpen true }, 1, 0) AS ?starts)
          BIND (IF(EXISTS { ?m dq:cowLatestLastYear ?l }, 1, 0)
                + IF(EXISTS { ?m dq:cowLastYearOpen true }, 1, 0) AS ?ends)
        }""",
    )
    ((runs, starts, ends),) = rows
    assert int(runs) > 18_000 and starts == ends == runs
