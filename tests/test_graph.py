"""The project's built graph, checked by SPARQL against expectations written by hand from the
treaty texts (the Belovezha Agreement and the Alma-Ata Protocol of December 1991), the CIS
record, and the corpus texts themselves."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import ALMA_ATA_ELEVEN, ROOT

from kg.build.graph import BuiltGraph
from kg.queries.named import load_query, run_named_query
from kg.stores.memory import MemoryStore
from kg.vocab import DQR, display

PREFIXES = """
PREFIX dq: <https://w3id.org/dostastyq/ontology#>
PREFIX state: <https://w3id.org/dostastyq/id/state/>
PREFIX dqorg: <https://w3id.org/dostastyq/id/org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""
FORMER_SOVIET_REPUBLICS = {
    "ARM", "AZE", "BLR", "EST", "GEO", "KAZ", "KGZ", "LVA", "LTU", "MDA", "RUS", "TJK", "TKM",
    "UKR", "UZB",
}  # fmt: skip


def select(store: MemoryStore, body: str) -> list[tuple[str, ...]]:
    result = store.query(PREFIXES + body)
    return [tuple(display(term) for term in row) for row in result.rows]


def members_on(store: MemoryStore, on: str) -> dict[str, str]:
    query = load_query("members-at")
    result = run_named_query(store, query, {"org": "org/cis", "date": on})
    return {display(row[0]): display(row[2]) for row in result.rows}


def test_the_ussr_and_fifteen_republics(store: MemoryStore) -> None:
    rows = select(
        store,
        "SELECT ?iso ?en ?kk ?ru ?wd WHERE { ?s a dq:State ; dq:iso3 ?iso ; owl:sameAs ?wd ;"
        " rdfs:label ?en, ?kk, ?ru . FILTER(lang(?en)='en' && lang(?kk)='kk' && lang(?ru)='ru')}",
    )
    isos = {row[0] for row in rows}
    assert isos >= FORMER_SOVIET_REPUBLICS | {"SUN"}
    labels = {row[0]: row[1:4] for row in rows}
    assert labels["KAZ"] == ("Kazakhstan", "Қазақстан", "Казахстан")
    assert labels["SUN"][0] == "Soviet Union" or "USSR" in labels["SUN"][0]
    wikidata = {row[0]: row[4] for row in rows}
    # Wikidata ids known by heart and checked on wikidata.org: Kazakhstan, Russia, USSR.
    assert wikidata["KAZ"] == "http://www.wikidata.org/entity/Q232"
    assert wikidata["RUS"] == "http://www.wikidata.org/entity/Q159"
    assert wikidata["SUN"] == "http://www.wikidata.org/entity/Q15180"


def test_cis_alt_labels_include_the_abbreviations(store: MemoryStore) -> None:
    alt = {row[0] for row in select(store, "SELECT ?a WHERE { dqorg:cis skos:altLabel ?a }")}
    assert {"ТМД", "СНГ", "CIS"} <= alt


def signatories(store: MemoryStore, agreement: str) -> dict[str, tuple[str, str]]:
    rows = select(
        store,
        "SELECT ?state ?date ?place WHERE { ?s a dq:Signing ; dq:agreement ?a ; dq:signatory "
        "?state ; dq:date ?date ; dq:rank ?rank . OPTIONAL { ?s dq:place ?place } "
        f"FILTER(?a = <{DQR}{agreement}> && ?rank != dq:Deprecated) }}",
    )
    return {state: (day, place) for state, day, place in rows}


def test_belovezha_accords_signed_by_three_on_8_december_1991(store: MemoryStore) -> None:
    signed = signatories(store, "agreement/belovezha-accords-1991")
    assert set(signed) == {"state/BLR", "state/RUS", "state/UKR"}
    assert {day for day, _ in signed.values()} == {"1991-12-08"}


def test_alma_ata_protocol_signed_by_eleven_in_almaty_on_21_december(store: MemoryStore) -> None:
    signed = signatories(store, "agreement/alma-ata-protocol-1991")
    assert set(signed) == ALMA_ATA_ELEVEN
    assert set(signed.values()) == {("1991-12-21", "place/almaty")}


def test_one_signing_node_per_signatory(store: MemoryStore) -> None:
    rows = select(store, "SELECT ?s (COUNT(?x) AS ?n) WHERE { ?s dq:signatory ?x } GROUP BY ?s")
    assert rows and all(n == "1" for _, n in rows)


def test_cis_founded_by_belarus_russia_ukraine(store: MemoryStore) -> None:
    rows = select(store, "SELECT ?f WHERE { dqorg:cis dq:foundedBy ?f }")
    assert {row[0] for row in rows} == {"state/BLR", "state/RUS", "state/UKR"}


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("1991-12-07", set()),  # the day before Belovezha
        ("1991-12-08", {"state/BLR", "state/RUS", "state/UKR"}),
        ("1992-06-01", ALMA_ATA_ELEVEN),
        ("1993-11-30", ALMA_ATA_ELEVEN),
        ("1993-12-01", ALMA_ATA_ELEVEN | {"state/GEO"}),  # Georgia: "December 1993"
        ("2009-08-17", ALMA_ATA_ELEVEN | {"state/GEO"}),
        ("2009-08-18", ALMA_ATA_ELEVEN),  # Georgia's withdrawal takes effect
        ("2010-01-01", ALMA_ATA_ELEVEN),
    ],
)
def test_cis_members_on_a_date(store: MemoryStore, on: str, expected: set[str]) -> None:
    assert set(members_on(store, on)) == expected


def test_turkmenistan_becomes_an_associate_on_26_august_2005(store: MemoryStore) -> None:
    assert members_on(store, "2005-08-25")["state/TKM"] == "FullMember"
    assert members_on(store, "2005-08-26")["state/TKM"] == "AssociateMember"


def test_georgia_withdrawal(store: MemoryStore) -> None:
    rows = select(
        store,
        "SELECT ?date ?cause WHERE { ?w a dq:Withdrawal ; dq:party state:GEO ; "
        "dq:organisation dqorg:cis ; dq:date ?date . "
        "?m a dq:Membership ; dq:member state:GEO ; dq:end ?date ; dq:endCause ?cause }",
    )
    assert rows == [("2009-08-18", "Withdrawal")]
    assert select(
        store,
        "ASK { state:GEO dq:withdrewFrom dqorg:cis }",
    ) == [("true",)]


def test_every_relation_node_has_evidence(store: MemoryStore) -> None:
    rows = select(
        store,
        "SELECT ?s WHERE { VALUES ?c { dq:Membership dq:Signing dq:Founding dq:Withdrawal } "
        "?s a ?c FILTER NOT EXISTS { ?s prov:wasDerivedFrom ?e } }",
    )
    assert rows == []


def test_every_quote_stands_at_its_offsets_in_its_text(built: BuiltGraph) -> None:
    # An independent check of the build's anchoring: re-read each text and slice it.
    rows = MemoryStore(built.graph).query(
        PREFIXES
        + "SELECT ?doc ?exact ?start ?end ?line WHERE { ?e oa:hasSource ?doc ; dq:line ?line ; "
        "oa:hasSelector [ oa:exact ?exact ], [ oa:start ?start ; oa:end ?end ] }"
    )
    assert len(rows.rows) >= 5
    for doc, exact, start, end, line in rows.rows:
        text = (ROOT / "corpus/texts" / f"{display(doc).removeprefix('doc/')}.txt").read_text(
            encoding="utf-8"
        )
        assert text[int(start) : int(end)] == str(exact)
        assert text.count("\n", 0, int(start)) + 1 == int(line)
        assert exact.language == "kk"


def test_shortcuts_come_only_from_non_deprecated_nodes(store: MemoryStore) -> None:
    orphan_shortcuts = select(
        store,
        "SELECT ?s ?o WHERE { ?s dq:memberOf ?o FILTER NOT EXISTS { ?m dq:member ?s ; "
        "dq:organisation ?o ; dq:rank ?r FILTER(?r != dq:Deprecated) } }",
    )
    assert orphan_shortcuts == []
    missing_shortcuts = select(
        store,
        "SELECT ?s ?o WHERE { ?m dq:member ?s ; dq:organisation ?o ; dq:rank ?r "
        "FILTER(?r != dq:Deprecated) FILTER NOT EXISTS { ?s dq:memberOf ?o } }",
    )
    assert missing_shortcuts == []


def test_dates_carry_their_precision(store: MemoryStore) -> None:
    rows = select(
        store,
        "SELECT ?start ?p WHERE { ?m dq:member state:GEO ; dq:organisation dqorg:cis ;"
        " dq:start ?start ; dq:startPrecision ?p }",
    )
    assert rows == [("1993-12-01", "Month")]
    assert date.fromisoformat(rows[0][0]).day == 1
