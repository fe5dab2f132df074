"""`kg report reconcile`: the curated record beside the Correlates of War IGO data, pair by pair.

The fixture is a small graph written by hand in the shape ``kg build`` gives (the curated claims
of a pair COW also codes ranked preferred, COW's normal; ``kg.build.world``'s bounds, notes and
citations). Its dates are chosen to give every verdict, not all taken from the real record. The
golden verdicts and details below were worked out by hand from the fixture, not copied from the
code's output.
"""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import date
from pathlib import Path

import pytest
from helpers import kg
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS, XSD

from kg.build.graph import BuiltGraph
from kg.report import (
    RECONCILE_BEGIN,
    RECONCILE_END,
    STATS_BEGIN,
    STATS_END,
    UnknownOrganisation,
    reconcile,
    reconciliation_markdown,
)
from kg.report.reconcile import CSV_COLUMNS, CowRun, CuratedSpell, compare
from kg.stores.memory import MemoryStore
from kg.stores.oxigraph import OxigraphStore
from kg.vocab import DQ, bind_prefixes

ID = "https://w3id.org/dostastyq/id/"

FIXTURE = """\
@prefix dq: <https://w3id.org/dostastyq/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/dostastyq/id/> .

<state/KAZ> a dq:State ; dq:cowCode 705 .
<state/GEO> a dq:State ; dq:cowCode 372 .
<state/UZB> a dq:State ; dq:cowCode 704 .
<state/ARM> a dq:State ; dq:cowCode 371 .
<org/cis> a dq:Organisation ; dq:cowIgo "CIS" .
<org/csto> a dq:Organisation ; dq:cowIgo "CSTO" .
<org/cow-eco> a dq:Organisation ; dq:cowIgo "ECO" .
<org/guam> a dq:Organisation .

<evidence/001-0001> a dq:TextEvidence, oa:SpecificResource ; oa:hasSource <doc/t1> ;
    dq:line 3 ; oa:hasSelector <evidence/001-0001/quote> .
<evidence/001-0001/quote> a oa:TextQuoteSelector ; oa:exact "Грузия қосылды"@kk .
<evidence/001-0002> a dq:TextEvidence, oa:SpecificResource ; oa:hasSource <doc/t1> ;
    dq:line 5 ; oa:hasSelector <evidence/001-0002/quote> .
<evidence/001-0002/quote> a oa:TextQuoteSelector ; oa:exact "Қазақстан 1990 жылы кірді"@kk .
<evidence/ext-1> a dq:ExternalEvidence ; dcterms:source wd:Q7172 ;
    dcterms:bibliographicCitation "Wikidata: CIS members"@en .

# --- the CIS: both records know it

# Kazakhstan: a member since 1991 and still (curated, no end) against COW's run to 2014, where
# its data end: agree. The text's wrong claim (1990) is deprecated: counted, it would make
# the start differ.
<membership/KAZ-cis-1991> a dq:Membership, dq:BestRank ; dq:member <state/KAZ> ;
    dq:organisation <org/cis> ; dq:role dq:FullMember ; dq:rank dq:Preferred ;
    dq:start "1991-12-21"^^xsd:date ; dq:startPrecision dq:Day ;
    prov:wasDerivedFrom <evidence/ext-1> .
<membership/KAZ-cis-1990-claimed> a dq:Membership ; dq:member <state/KAZ> ;
    dq:organisation <org/cis> ; dq:role dq:FullMember ; dq:rank dq:Deprecated ;
    dq:start "1990-01-01"^^xsd:date ; dq:startPrecision dq:Year ;
    skos:note "The CIS was founded in December 1991."@en ;
    prov:wasDerivedFrom <evidence/001-0002> .
<membership/cow/cis/KAZ-1991> a dq:Membership ; dq:member <state/KAZ> ;
    dq:organisation <org/cis> ; dq:role dq:FullMember ; dq:rank dq:Normal ;
    dq:start "1991-01-01"^^xsd:date ; dq:startPrecision dq:Year ;
    dq:end "2015-01-01"^^xsd:date ; dq:endPrecision dq:Year ;
    dq:cowEarliestFirstYear 1991 ; dq:cowLastYearOpen true ;
    skos:note "end: COW's data end in 2014."@en ;
    prov:wasDerivedFrom <evidence/cow-igo-v3/CIS/kazakhstan-1991-2014> .
<evidence/cow-igo-v3/CIS/kazakhstan-1991-2014> a dq:ExternalEvidence ;
    dcterms:source <source/cow-igo-v3> ;
    dcterms:bibliographicCitation
        "COW IGO data v3.0: CIS x kazakhstan (COW 705), 1991-2014, code 1 (full member)"@en .

# Georgia: curated from December 1993 to 18 August 2009, COW 1992-2009: the start differs by
# one year, the end agrees (2009 both).
<membership/GEO-cis-1993> a dq:Membership, dq:BestRank ; dq:member <state/GEO> ;
    dq:organisation <org/cis> ; dq:role dq:FullMember ; dq:rank dq:Preferred ;
    dq:start "1993-12-01"^^xsd:date ; dq:startPrecision dq:Month ;
    dq:end "2009-08-18"^^xsd:date ; dq:endPrecision dq:Day ; dq:endCause dq:Withdrawal ;
    prov:wasDerivedFrom <evidence/001-0001> .
<membership/cow/cis/GEO-1992> a dq:Membership ; dq:member <state/GEO> ;
    dq:organisation <org/cis> ; dq:role dq:FullMember ; dq:rank dq:Normal ;
    dq:start "1992-01-01"^^xsd:date ; dq:startPrecision dq:Year ;
    dq:end "2010-01-01"^^xsd:date ; dq:endPrecision dq:Year ;
    dq:cowEarliestFirstYear 1992 ; dq:cowLatestLastYear 2009 ;
    prov:wasDerivedFrom <evidence/cow-igo-v3/CIS/georgia-1992-2009> .
<evidence/cow-igo-v3/CIS/georgia-1992-2009> a dq:ExternalEvidence ;
    dcterms:source <source/cow-igo-v3> ;
    dcterms:bibliographicCitation
        "COW IGO data v3.0: CIS x georgia (COW 372), 1992-2009, code 1 (full member)"@en .

# Uzbekistan: the same years, but COW codes an associate member: a role difference.
<membership/UZB-cis-1991> a dq:Membership, dq:BestRank ; dq:member <state/UZB> ;
    dq:organisation <org/cis> ; dq:role dq:FullMember ; dq:rank dq:Preferred ;
    dq:start "1991-12-21"^^xsd:date ; dq:startPrecision dq:Day ;
    prov:wasDerivedFrom <evidence/ext-1> .
<membership/cow/cis/UZB-1991> a dq:Membership ; dq:member <state/UZB> ;
    dq:organisation <org/cis> ; dq:role dq:AssociateMember ; dq:rank dq:Normal ;
    dq:start "1991-01-01"^^xsd:date ; dq:startPrecision dq:Year ;
    dq:end "2015-01-01"^^xsd:date ; dq:endPrecision dq:Year ;
    dq:cowEarliestFirstYear 1991 ; dq:cowLastYearOpen true ;
    skos:note "end: COW's data end in 2014."@en ;
    prov:wasDerivedFrom <evidence/cow-igo-v3/CIS/uzbekistan-1991-2014> .
<evidence/cow-igo-v3/CIS/uzbekistan-1991-2014> a dq:ExternalEvidence ;
    dcterms:source <source/cow-igo-v3> ;
    dcterms:bibliographicCitation
        "COW IGO data v3.0: CIS x uzbekistan (COW 704), 1991-2014, code 2 (associate member)"@en .

# Armenia: curated only (COW has no run): only-curated. Of its two curated claims the
# preferred one counts (the best-rank rule), the normal one is left out.
<membership/ARM-cis-1991> a dq:Membership, dq:BestRank ; dq:member <state/ARM> ;
    dq:organisation <org/cis> ; dq:role dq:FullMember ; dq:rank dq:Preferred ;
    dq:start "1991-12-21"^^xsd:date ; dq:startPrecision dq:Day ;
    prov:wasDerivedFrom <evidence/ext-1> .
<membership/ARM-cis-1992> a dq:Membership ; dq:member <state/ARM> ;
    dq:organisation <org/cis> ; dq:role dq:FullMember ; dq:rank dq:Normal ;
    dq:start "1992-03-02"^^xsd:date ; dq:startPrecision dq:Day ;
    prov:wasDerivedFrom <evidence/ext-1> .

# Turkmenistan: only a deprecated claim: no row at all.
<membership/TKM-cis-claimed> a dq:Membership ; dq:member <state/TKM> ;
    dq:organisation <org/cis> ; dq:role dq:FullMember ; dq:rank dq:Deprecated ;
    dq:start "1991-12-21"^^xsd:date ; dq:startPrecision dq:Day ;
    prov:wasDerivedFrom <evidence/001-0002> .

# --- the CSTO: both records know it

# Kazakhstan: two curated spells that meet (2002-2008, 2008-) against one COW run 2002-2014
# to COW's data end: compared as sets of years, agree.
<membership/KAZ-csto-2002> a dq:Membership, dq:BestRank ; dq:member <state/KAZ> ;
    dq:organisation <org/csto> ; dq:role dq:FullMember ; dq:rank dq:Preferred ;
    dq:start "2002-10-07"^^xsd:date ; dq:startPrecision dq:Day ;
    dq:end "2008-03-01"^^xsd:date ; dq:endPrecision dq:Day ;
    prov:wasDerivedFrom <evidence/ext-1> .
<membership/KAZ-csto-2008> a dq:Membership, dq:BestRank ; dq:member <state/KAZ> ;
    dq:organisation <org/csto> ; dq:role dq:FullMember ; dq:rank dq:Preferred ;
    dq:start "2008-03-01"^^xsd:date ; dq:startPrecision dq:Day ;
    prov:wasDerivedFrom <evidence/ext-1> .
<membership/cow/csto/KAZ-2002> a dq:Membership ; dq:member <state/KAZ> ;
    dq:organisation <org/csto> ; dq:role dq:FullMember ; dq:rank dq:Normal ;
    dq:start "2002-01-01"^^xsd:date ; dq:startPrecision dq:Year ;
    dq:end "2015-01-01"^^xsd:date ; dq:endPrecision dq:Year ;
    dq:cowEarliestFirstYear 2002 ; dq:cowLastYearOpen true ;
    skos:note "end: COW's data end in 2014."@en ;
    prov:wasDerivedFrom <evidence/cow-igo-v3/CSTO/kazakhstan-2002-2014> .
<evidence/cow-igo-v3/CSTO/kazakhstan-2002-2014> a dq:ExternalEvidence ;
    dcterms:source <source/cow-igo-v3> ;
    dcterms:bibliographicCitation
        "COW IGO data v3.0: CSTO x kazakhstan (COW 705), 2002-2014, code 1 (full member)"@en .

# Georgia: only COW (2003-2004): only-cow.
<membership/cow/csto/GEO-2003> a dq:Membership, dq:BestRank ; dq:member <state/GEO> ;
    dq:organisation <org/csto> ; dq:role dq:FullMember ; dq:rank dq:Normal ;
    dq:start "2003-01-01"^^xsd:date ; dq:startPrecision dq:Year ;
    dq:end "2005-01-01"^^xsd:date ; dq:endPrecision dq:Year ;
    dq:cowEarliestFirstYear 2003 ; dq:cowLatestLastYear 2004 ;
    prov:wasDerivedFrom <evidence/cow-igo-v3/CSTO/georgia-2003-2004> .
<evidence/cow-igo-v3/CSTO/georgia-2003-2004> a dq:ExternalEvidence ;
    dcterms:source <source/cow-igo-v3> ;
    dcterms:bibliographicCitation
        "COW IGO data v3.0: CSTO x georgia (COW 372), 2003-2004, code 1 (full member)"@en .

# Uzbekistan: curated 16 August 2006 - 19 December 2012, COW 2002-2011: both bounds differ.
<membership/UZB-csto-2006> a dq:Membership, dq:BestRank ; dq:member <state/UZB> ;
    dq:organisation <org/csto> ; dq:role dq:FullMember ; dq:rank dq:Preferred ;
    dq:start "2006-08-16"^^xsd:date ; dq:startPrecision dq:Day ;
    dq:end "2012-12-19"^^xsd:date ; dq:endPrecision dq:Day ; dq:endCause dq:Suspension ;
    prov:wasDerivedFrom <evidence/ext-1> .
<membership/cow/csto/UZB-2002> a dq:Membership ; dq:member <state/UZB> ;
    dq:organisation <org/csto> ; dq:role dq:FullMember ; dq:rank dq:Normal ;
    dq:start "2002-01-01"^^xsd:date ; dq:startPrecision dq:Year ;
    dq:end "2012-01-01"^^xsd:date ; dq:endPrecision dq:Year ;
    dq:cowEarliestFirstYear 2002 ; dq:cowLatestLastYear 2011 ;
    prov:wasDerivedFrom <evidence/cow-igo-v3/CSTO/uzbekistan-2002-2011> .
<evidence/cow-igo-v3/CSTO/uzbekistan-2002-2011> a dq:ExternalEvidence ;
    dcterms:source <source/cow-igo-v3> ;
    dcterms:bibliographicCitation
        "COW IGO data v3.0: CSTO x uzbekistan (COW 704), 2002-2011, code 1 (full member)"@en .

# Armenia: a curated observer from 2017, after COW's data end, and no COW run: after-cow.
<membership/ARM-csto-2017> a dq:Membership, dq:BestRank ; dq:member <state/ARM> ;
    dq:organisation <org/csto> ; dq:role dq:Observer ; dq:rank dq:Normal ;
    dq:start "2017-01-01"^^xsd:date ; dq:startPrecision dq:Year ;
    prov:wasDerivedFrom <evidence/ext-1> .

# --- an organisation only COW knows: its pairs must not appear
<membership/cow/cow-eco/KAZ-1992> a dq:Membership, dq:BestRank ; dq:member <state/KAZ> ;
    dq:organisation <org/cow-eco> ; dq:role dq:FullMember ; dq:rank dq:Normal ;
    dq:start "1992-01-01"^^xsd:date ; dq:end "2015-01-01"^^xsd:date ;
    dq:cowEarliestFirstYear 1992 ; dq:cowLastYearOpen true ;
    prov:wasDerivedFrom <evidence/cow-igo-v3/ECO/kazakhstan-1992-2014> .
<evidence/cow-igo-v3/ECO/kazakhstan-1992-2014> a dq:ExternalEvidence ;
    dcterms:source <source/cow-igo-v3> ;
    dcterms:bibliographicCitation
        "COW IGO data v3.0: ECO x kazakhstan (COW 705), 1992-2014, code 1 (full member)"@en .

# --- an organisation only the curated record knows: no rows either
<membership/GEO-guam-1997> a dq:Membership, dq:BestRank ; dq:member <state/GEO> ;
    dq:organisation <org/guam> ; dq:role dq:FullMember ; dq:rank dq:Normal ;
    dq:start "1997-10-10"^^xsd:date ; dq:startPrecision dq:Day ;
    prov:wasDerivedFrom <evidence/ext-1> .
"""

# Worked out by hand from the fixture (see its comments): (state, organisation) -> verdict, details.
GOLDEN = {
    ("state/ARM", "org/cis"): ("only-curated", ("COW codes no membership; curated 1991-",)),
    ("state/GEO", "org/cis"): ("differ", ("start: curated 1993, COW 1992 (1 year)",)),
    ("state/KAZ", "org/cis"): (
        "agree",
        ("end: curated no end, COW 2014, where COW's data end",),
    ),
    ("state/UZB", "org/cis"): (
        "differ",
        ("role: curated FullMember, COW AssociateMember (1991-2014)",),
    ),
    ("state/ARM", "org/csto"): (
        "after-cow",
        ("curated from 2017, after COW's data end in 2014",),
    ),
    ("state/GEO", "org/csto"): ("only-cow", ("no curated claim; COW 2003-2004",)),
    ("state/KAZ", "org/csto"): (
        "agree",
        ("end: curated no end, COW 2014, where COW's data end",),
    ),
    ("state/UZB", "org/csto"): (
        "differ",
        ("start: curated 2006, COW 2002 (4 years)", "end: curated 2012, COW 2011 (1 year)"),
    ),
}


def fixture_graph() -> Graph:
    return bind_prefixes(Graph()).parse(data=FIXTURE, format="turtle")


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    path = tmp_path / "kg.ttl"
    path.write_text(FIXTURE, encoding="utf-8")
    return path


def test_every_pair_gets_its_verdict() -> None:
    rec = reconcile(MemoryStore(fixture_graph()))
    got = {(row.state, row.organisation): (row.verdict, row.details) for row in rec.rows}
    assert got == GOLDEN
    assert rec.organisations == ("org/cis", "org/csto")  # not org/cow-eco, not org/guam


def test_the_deprecated_and_the_normal_claims_are_left_out() -> None:
    rows = {(r.state, r.organisation): r for r in reconcile(MemoryStore(fixture_graph())).rows}
    assert [s.claim for s in rows["state/KAZ", "org/cis"].curated] == ["membership/KAZ-cis-1991"]
    assert [s.claim for s in rows["state/ARM", "org/cis"].curated] == ["membership/ARM-cis-1991"]
    assert ("state/TKM", "org/cis") not in rows


def test_both_sides_carry_their_evidence() -> None:
    rows = {(r.state, r.organisation): r for r in reconcile(MemoryStore(fixture_graph())).rows}
    geo = rows["state/GEO", "org/cis"]
    (spell,) = geo.curated
    assert (spell.start, spell.start_precision, spell.end) == (
        date(1993, 12, 1),
        "Month",
        date(2009, 8, 18),
    )
    assert spell.evidence == ("«Грузия қосылды» (doc/t1, line 3)",)
    assert spell.describe() == "FullMember 1993-12 to 2009-08-18 (Preferred)"
    (run,) = geo.cow
    assert (run.role, run.first_year, run.last_year) == ("FullMember", 1992, 2009)
    assert run.citation[0].startswith("COW IGO data v3.0: CIS x georgia")
    kaz = rows["state/KAZ", "org/cis"]
    assert kaz.cow[0].note == "end: COW's data end in 2014."
    assert kaz.curated[0].evidence == (
        "Wikidata: CIS members <http://www.wikidata.org/entity/Q7172>",
    )


def test_the_summary_by_organisation() -> None:
    rec = reconcile(MemoryStore(fixture_graph()))
    cis, csto = rec.summary
    assert (cis.organisation, cis.cow_igo, cis.pairs, cis.agree, cis.differ) == (
        "org/cis", "CIS", 4, 1, 2
    )  # fmt: skip
    assert (cis.only_curated, cis.only_cow, cis.after_cow, cis.agreement_rate) == (1, 0, 0, 0.25)
    assert (csto.pairs, csto.agree, csto.differ, csto.only_cow, csto.after_cow) == (4, 1, 1, 1, 1)
    assert csto.agreement_rate == pytest.approx(1 / 3)  # after-cow is not compared
    assert (rec.total.pairs, rec.total.agree) == (8, 2)
    table = reconciliation_markdown(rec).splitlines()
    assert table[2] == "| org/cis | CIS | 4 | 1 | 2 | 1 | 0 | 0 | 25% |"
    assert table[3] == "| org/csto | CSTO | 4 | 1 | 1 | 0 | 1 | 1 | 33% |"
    assert table[4] == "| **all** |  | 8 | 2 | 3 | 1 | 1 | 1 | 29% |"


def test_one_organisation() -> None:
    rec = reconcile(MemoryStore(fixture_graph()), "org/csto")
    assert {row.organisation for row in rec.rows} == {"org/csto"}
    assert [s.organisation for s in rec.summary] == ["org/csto"]
    assert len(reconcile(MemoryStore(fixture_graph()), "cis").rows) == 4


@pytest.mark.parametrize("organisation", ["org/nope", "org/cow-eco", "org/guam"])
def test_an_organisation_not_both_know_is_refused(organisation: str) -> None:
    with pytest.raises(UnknownOrganisation, match=f"^{organisation}: .*org/cis, org/csto"):
        reconcile(MemoryStore(fixture_graph()), organisation)


# --------------------------------------------------------------------------- the comparison


def spell(start: date, end: date | None, role: str = "FullMember") -> CuratedSpell:
    return CuratedSpell("m", role, "Preferred", start, "Day", end, "Day" if end else "", ())


def run(
    first: int,
    last: int,
    role: str = "FullMember",
    bounds: tuple[int | None, int | None] | None = None,
) -> CowRun:
    """A COW run; ``bounds`` the earliest first and latest last year (``None``: open), else
    the coded years."""
    earliest, latest = (first, last) if bounds is None else bounds
    return CowRun("c", role, first, last, "", (), earliest, latest)


def test_a_year_counts_when_any_day_of_it_does() -> None:
    # Ends on 1 January 2000: the last active day is 31 December 1999.
    assert compare([spell(date(1994, 12, 31), date(2000, 1, 1))], [run(1994, 1999)]) == (
        "agree",
        (),
    )
    assert compare([spell(date(1994, 12, 31), date(2000, 1, 2))], [run(1994, 1999)])[1] == (
        "end: curated 2000, COW 1999 (1 year)",
    )


def test_a_successor_next_to_the_run_leaves_one_year_open() -> None:
    # The Shanghai Five until 15 June 2001; COW's 2001 goes to the SCO (the year's greater part),
    # so the build gives the Shanghai Five's run dq:cowLatestLastYear 2001.
    shanghai_five = [spell(date(1996, 4, 26), date(2001, 6, 15))]
    assert compare(shanghai_five, [run(1996, 2000, bounds=(1996, 2001))]) == (
        "agree",
        ("end: curated 2001, COW 2000, which COW leaves open",),
    )
    assert compare(shanghai_five, [run(1996, 2000)])[0] == "differ"


def test_a_missing_neighbour_leaves_the_years_it_bounds_open() -> None:
    # 1997 missing, 1995 coded 0: the membership began after 1995 and by 1998.
    cow = [run(1998, 2014, bounds=(1996, None))]
    assert compare([spell(date(1996, 3, 1), None)], cow)[0] == "agree"
    assert compare([spell(date(1995, 3, 1), None)], cow)[1] == (
        "start: curated 1995, COW 1998 (3 years)",
    )
    # No bound at all (the years before are missing back to COW's first year of the IGO).
    assert compare([spell(date(1990, 3, 1), None)], [run(1998, 2014, bounds=(None, 2014))])[0] == (
        "agree"
    )


def test_several_spells_are_compared_as_years() -> None:
    # Uzbekistan-like: left and came back; COW has the gap too, then one more year.
    curated = [spell(date(1994, 4, 20), date(1999, 4, 21)), spell(date(2006, 8, 16), None)]
    cow = [run(1994, 1999), run(2006, 2014, bounds=(2006, None))]
    assert compare(curated, cow)[0] == "agree"
    assert compare(curated, [run(1994, 2014)])[1] == ("COW member in 2000-2005, curated not",)
    assert compare([spell(date(1994, 4, 20), None)], cow)[1] == (
        "curated member in 2000-2005, COW not",
    )


def test_a_change_of_role_within_a_year_agrees_with_either() -> None:
    curated = [
        spell(date(1996, 1, 1), date(2005, 6, 1), "Observer"),
        spell(date(2005, 6, 1), None, "FullMember"),
    ]
    cow = [run(1996, 2004, role="Observer"), run(2005, 2014, bounds=(2005, None))]
    assert compare(curated, cow)[0] == "agree"
    assert compare(curated, [run(1996, 2014)])[1] == (
        "role: curated Observer, COW FullMember (1996-2004)",
    )


def test_a_curated_end_past_2014_against_a_run_cow_ends_earlier() -> None:
    assert compare([spell(date(2001, 5, 30), None)], [run(2001, 2008)])[1] == (
        "end: curated no end, COW 2008 (6 years to 2014)",
    )


# --------------------------------------------------------------------------- the command


def test_cli_csv(graph_file: Path) -> None:
    result = kg("report", "reconcile", "--format", "csv", "--graph", graph_file)
    assert result.returncode == 0, result.stderr
    comment, *lines = result.stdout.splitlines()
    assert comment.startswith("# memberships of the organisations both")
    assert "Correlates of War IGO data v3.0" in comment and "curated record" in comment
    assert f"graph: {graph_file}, written " in comment
    rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    assert tuple(rows[0]) == CSV_COLUMNS
    geo = next(r for r in rows if (r["state"], r["organisation"]) == ("state/GEO", "org/cis"))
    assert geo["verdict"] == "differ"
    assert geo["detail"] == "start: curated 1993, COW 1992 (1 year)"
    assert geo["curated"] == "FullMember 1993-12 to 2009-08-18 (Preferred)"
    assert geo["cow"] == "FullMember 1992-2009"
    assert geo["curated_evidence"] == "«Грузия қосылды» (doc/t1, line 3)"
    assert "CIS x georgia (COW 372), 1992-2009" in geo["cow_evidence"]
    assert len(rows) == len(GOLDEN)


def test_cli_json(graph_file: Path) -> None:
    result = kg(
        "report", "reconcile", "--format", "json", "--org", "org/csto", "--graph", graph_file
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert {row["organisation"] for row in answer["rows"]} == {"org/csto"}
    uzb = next(row for row in answer["rows"] if row["state"] == "state/UZB")
    assert uzb["verdict"] == "differ"
    assert uzb["details"] == list(GOLDEN["state/UZB", "org/csto"][1])
    assert uzb["curated"][0]["start"] == "2006-08-16"
    assert uzb["cow"][0]["last_year"] == 2011
    (csto,) = answer["summary"]
    assert (csto["organisation"], csto["pairs"], csto["after_cow"]) == ("org/csto", 4, 1)
    assert answer["about"]["sources"] == ["Correlates of War IGO data v3.0", "curated record"]


def test_cli_table(graph_file: Path) -> None:
    result = kg("report", "reconcile", "--graph", graph_file)
    assert result.returncode == 0, result.stderr
    assert "By organisation" in result.stdout and "after-cow" in result.stdout
    assert "8 pair(s)" in result.stderr


def test_cli_an_unknown_organisation_is_named(graph_file: Path) -> None:
    result = kg("report", "reconcile", "--org", "org/nope", "--graph", graph_file)
    assert result.returncode == 2
    assert "--org" in result.stderr and "org/nope" in result.stderr
    assert "org/cis, org/csto" in result.stderr


# --------------------------------------------------------------------------- COW's bounds, as data


def _uzbekistan_in_the_csto(graph: Graph) -> tuple[str, tuple[str, ...]]:
    row = next(
        r
        for r in reconcile(MemoryStore(graph)).rows
        if (r.state, r.organisation) == ("state/UZB", "org/csto")
    )
    return row.verdict, row.details


def test_the_bounds_are_read_from_the_properties_not_the_note() -> None:
    # COW's run 2002-2011 against the curated 2006-2012. With dq:cowLatestLastYear 2012 (and no
    # note saying so) the curated 2012 lies in the years COW leaves open: only the start differs.
    graph = fixture_graph()
    node = URIRef(f"{ID}membership/cow/csto/UZB-2002")
    graph.set((node, DQ.cowLatestLastYear, Literal(2012, datatype=XSD.integer)))
    assert _uzbekistan_in_the_csto(graph) == (
        "differ",
        ("start: curated 2006, COW 2002 (4 years)",),
    )
    # A note that says the end is open changes nothing while the property says 2011.
    graph = fixture_graph()
    graph.add((node, SKOS.note, Literal("end: it ended after 2011 and by 2014.", lang="en")))
    assert _uzbekistan_in_the_csto(graph) == GOLDEN["state/UZB", "org/csto"]
    # dq:cowLastYearOpen leaves every later year open.
    graph = fixture_graph()
    graph.remove((node, DQ.cowLatestLastYear, None))
    graph.add((node, DQ.cowLastYearOpen, Literal(True)))
    assert _uzbekistan_in_the_csto(graph)[1] == ("start: curated 2006, COW 2002 (4 years)",)


def test_the_runs_carry_their_bounds() -> None:
    rows = {(r.state, r.organisation): r for r in reconcile(MemoryStore(fixture_graph())).rows}
    (kaz,) = rows["state/KAZ", "org/cis"].cow
    assert (kaz.earliest_first, kaz.latest_last) == (1991, None)  # dq:cowLastYearOpen
    (geo,) = rows["state/GEO", "org/cis"].cow
    assert (geo.earliest_first, geo.latest_last) == (1992, 2009)


def test_a_run_without_bounds_is_read_as_known_to_the_year() -> None:
    # A graph built before the bounds were data: nothing is left open, whatever the note says.
    graph = fixture_graph()
    node = URIRef(f"{ID}membership/cow/csto/UZB-2002")
    graph.remove((node, DQ.cowLatestLastYear, None))
    graph.remove((node, DQ.cowEarliestFirstYear, None))
    graph.add((node, SKOS.note, Literal("end: it ended after 2011 and by 2014.", lang="en")))
    assert _uzbekistan_in_the_csto(graph) == GOLDEN["state/UZB", "org/csto"]


# --------------------------------------------------------------------------- the real graph


def test_both_local_stores_give_the_same_report_on_the_world_graph(
    world_built: BuiltGraph, world_store: OxigraphStore
) -> None:
    # The queries are shaped for both engines (kg.report.reconcile_queries); a few seconds each.
    started = time.monotonic()
    memory = reconcile(MemoryStore(world_built.graph))
    took = time.monotonic() - started
    oxigraph = reconcile(world_store)
    assert memory == oxigraph
    assert took < 120, f"the memory store took {took:.0f} s"
    assert len(memory.organisations) >= 10 and memory.total.pairs > 100
    rows = {(r.state, r.organisation): r for r in memory.rows}
    # The Shanghai Five: COW codes it under the SCO's IGO, which the crosswalk cuts in 2001;
    # the year of the cut is left open (dq:cowLatestLastYear 2001 on a run ending in 2000).
    kaz = rows["state/KAZ", "org/shanghai-five"]
    assert [(run.last_year, run.latest_last) for run in kaz.cow] == [(2000, 2001)]
    assert kaz.verdict == "agree"


def test_cli_stats_writes_the_reconciliation_into_the_data_sheet(tmp_path: Path) -> None:
    sheet = tmp_path / "README.md"
    old = f"a\n{STATS_BEGIN}\nold\n{STATS_END}\nb\n{RECONCILE_BEGIN}\nold\n{RECONCILE_END}\nc\n"
    curated_only = tmp_path / "curated.ttl"  # no COW citation: no world layer
    curated_only.write_text(FIXTURE, encoding="utf-8")
    sheet.write_text(old, encoding="utf-8")
    result = kg("report", "stats", "--graph", curated_only, "--update", sheet)
    assert result.returncode == 0, result.stderr
    assert "left as it was" in result.stderr
    assert sheet.read_text(encoding="utf-8").count("old") == 1  # only the counts were written

    world = tmp_path / "kg.ttl"
    citation = '<source/cow-igo-v3> dcterms:bibliographicCitation "Cite COW so."@en .\n'
    world.write_text(FIXTURE + citation, encoding="utf-8")
    result = kg("report", "stats", "--graph", world, "--update", sheet)
    assert result.returncode == 0, result.stderr
    text = sheet.read_text(encoding="utf-8")
    assert "old" not in text and text.endswith(f"{RECONCILE_END}\nc\n")
    section = text.split(RECONCILE_BEGIN)[1]
    assert "COW: Cite COW so." in section and "**agrees**" in section
    assert "| **all** |  | 8 | 2 | 3 | 1 | 1 | 1 | 29% |" in section
