"""The curated-fact loader: a valid file becomes typed records; every error path names file,
line and field, and all errors are reported together."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from helpers import BASE, MINI_TEXT, errors_for, write_facts

from kg.facts.loader import load_facts
from kg.facts.records import ExternalEvidence, FactErrors, TextEvidence

# BASE, the valid file the cases below break, is in helpers.py; its line numbers matter: the
# expected errors below name them.


def test_valid_file_becomes_typed_records(mini_corpus: Path) -> None:
    write_facts(mini_corpus, BASE)
    facts = load_facts(mini_corpus / "facts", mini_corpus)

    assert set(facts.entities) == {"state/GEO", "state/RUS", "org/cis", "agreement/belovezha-1991"}
    assert facts.entities["org/cis"].alt_labels == {"kk": ("ТМД",), "ru": ("СНГ",)}
    (membership,) = facts.memberships
    assert membership.id == "membership/GEO-cis-1993"
    assert (membership.start.value, membership.start.precision) == (date(1993, 12, 1), "month")
    assert (membership.end.value, membership.end.precision) == (date(2009, 8, 18), "day")
    assert membership.end_cause == "withdrawal" and membership.rank == "normal"

    (evidence,) = membership.evidence
    assert isinstance(evidence, TextEvidence)
    # Offsets computed independently of the loader: str.index on the fixture text.
    expected_start = MINI_TEXT.index("Достастыққа Грузия қосылды")
    assert (evidence.start, evidence.end) == (expected_start, expected_start + 26)
    assert evidence.exact == MINI_TEXT[evidence.start : evidence.end]
    assert evidence.line == 2

    (signing,) = facts.signings
    assert signing.id == "signing/belovezha-1991-RUS"
    assert isinstance(signing.evidence[0], ExternalEvidence)


def test_quote_whitespace_and_schwa_are_matched_and_stored_as_in_the_text(
    mini_corpus: Path,
) -> None:
    # The text has two spaces in "аталған  бірлестіктен"; the quote has one and a Latin schwa
    # nowhere, so only whitespace folding is exercised here; the Latin ə case follows.
    text = BASE.replace('"Достастыққа Грузия қосылды"', '"аталған бірлестіктен шықты"')
    write_facts(mini_corpus, text)
    (membership,) = load_facts(mini_corpus / "facts", mini_corpus).memberships
    assert membership.evidence[0].exact == "аталған  бірлестіктен шықты"

    text = BASE.replace('"Достастыққа Грузия қосылды"', '"Беларусь ж\u0259не Украина"')
    write_facts(mini_corpus, text)
    (membership,) = load_facts(mini_corpus / "facts", mini_corpus).memberships
    assert membership.evidence[0].exact == "Беларусь және Украина"


def test_occurrence_selects_the_nth_match(mini_corpus: Path) -> None:
    text = BASE.replace(
        '        quote: "Достастыққа Грузия қосылды"\n',
        '        quote: "Грузия қосылды"\n        occurrence: 2\n',
    )
    write_facts(mini_corpus, text)
    (membership,) = load_facts(mini_corpus / "facts", mini_corpus).memberships
    second = MINI_TEXT.index("Грузия қосылды", MINI_TEXT.index("Грузия қосылды") + 1)
    assert membership.evidence[0].start == second
    assert membership.evidence[0].line == 3


# (what to replace in BASE, what to put instead, the one error expected: "line: field: message")
ERROR_CASES = {
    "month out of range": (
        "start: 1993-12",
        "start: 1993-13",
        "21: membership.start: '1993-13' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
    ),
    "impossible day": (
        "end: 2009-08-18",
        "end: 2009-02-30",
        "22: membership.end: '2009-02-30' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
    ),
    "end before start": (
        "end: 2009-08-18",
        "end: 1990-01-01",
        "22: membership.end: 1990-01-01 is not after the start 1993-12",
    ),
    "unknown role": (
        "role: full",
        "role: boss",
        "20: membership.role: 'boss' is not one of: full, associate, observer",
    ),
    "unknown end cause": (
        "end_cause: withdrawal",
        "end_cause: left",
        "23: membership.end_cause: 'left' is not one of: withdrawal, suspension, dissolution",
    ),
    "unknown entity id": (
        "member: state/GEO",
        "member: state/GEX",
        "18: membership.member: unknown id 'state/GEX' (did you mean state/GEO?)",
    ),
    "id of the wrong kind": (
        "organisation: org/cis",
        "organisation: state/RUS",
        "19: membership.organisation: 'state/RUS' is a state, expected an organisation",
    ),
    "unknown entity type": (
        "type: treaty",
        "type: pact",
        "15: entity.type: 'pact' is not one of: state, organisation, agreement, treaty, "
        "declaration, protocol, charter, person, place, event",
    ),
    "id kind does not match type": (
        "id: agreement/belovezha-1991",
        "id: org/belovezha-1991",
        "14: entity.id: 'org/belovezha-1991': an entity of type treaty has an id starting "
        "'agreement/'",
    ),
    "quote not in its text": (
        '"Достастыққа Грузия қосылды"',
        '"Достастыққа Грузия қайта қосылды"',
        "26: membership.evidence[1].quote: 'Достастыққа Грузия қайта қосылды' is not in the "
        "text of t1_mini",
    ),
    "unknown document": (
        "doc: t1_mini",
        "doc: t9_missing",
        "25: membership.evidence[1].doc: 't9_missing' is not a document of "
        "corpus/manifest.yaml (t1_mini)",
    ),
    "misspelt field": (
        "start: 1993-12",
        "strat: 1993-12",
        "21: membership.strat: unknown field (expected one of: end, end_cause, evidence, id, "
        "member, note, organisation, rank, role, start)",
    ),
    "deprecated without a note": (
        "role: full",
        "role: full\n    rank: deprecated",
        "18: membership.note: a deprecated claim needs a note saying why it is judged wrong",
    ),
    "bad wikidata id": (
        "iso3: GEO",
        "iso3: GEO\n    wikidata: 230",
        "5: entity.wikidata: '230' is not a Wikidata item id like Q232",
    ),
    "lowercase iso code": (
        "iso3: GEO",
        "iso3: geo",
        "4: entity.iso3: 'geo' is not an ISO 3166 alpha-3 code like KAZ",
    ),
    "no english label": (
        "label: {en: Russia}",
        "label: {ru: Россия}",
        "9: entity.label.en: an English label is required",
    ),
    "no evidence": (
        "      - source: https://example.org/treaty\n        citation: The treaty text\n",
        "",
        "31: signing.evidence: is required",
    ),
    "external source that is not an IRI": (
        "source: https://example.org/treaty",
        "source: the treaty",
        "32: signing.evidence[1].source: 'the treaty' is not an http(s) IRI",
    ),
    "quote occurrence beyond the count": (
        '        quote: "Достастыққа Грузия қосылды"\n',
        '        quote: "Грузия қосылды"\n        occurrence: 3\n',
        "27: membership.evidence[1].occurrence: the quote occurs 2 time(s) in t1_mini, not 3",
    ),
    "representative with a list of signatories": (
        "signatories: [state/RUS]",
        "signatories: [state/RUS, state/GEO]\n    representative: person/yeltsin",
        "30: signing.representative: goes with a single `signatory:`, not a list",
    ),
}


@pytest.mark.parametrize("case", ERROR_CASES, ids=list(ERROR_CASES))
def test_error_names_file_line_and_field(mini_corpus: Path, case: str) -> None:
    old, new, expected = ERROR_CASES[case]
    assert old in BASE, "the test case must change something"
    errors = errors_for(mini_corpus, BASE.replace(old, new, 1))
    path = mini_corpus / "facts" / "facts.yaml"
    assert f"{path}:{expected}" in errors, errors


def test_all_errors_are_reported_together(mini_corpus: Path) -> None:
    text = (
        BASE.replace("start: 1993-12", "start: 1993-13")
        .replace("role: full", "role: boss")
        .replace("signatories: [state/RUS]", "signatories: [state/RUS, state/XXX]")
    )
    errors = errors_for(mini_corpus, text)
    assert [error.split(": ", 1)[0].rsplit(":", 1)[1] for error in errors] == ["20", "21", "29"]
    assert "signing.signatories: unknown id 'state/XXX'" in errors[2]


def test_duplicate_entity_ids_across_files(mini_corpus: Path) -> None:
    write_facts(mini_corpus, BASE)
    other = mini_corpus / "facts" / "more.yaml"
    other.write_text("entities:\n  - id: org/cis\n    type: organisation\n    label: {en: CIS}\n")
    with pytest.raises(FactErrors) as caught:
        load_facts(mini_corpus / "facts", mini_corpus)
    (error,) = caught.value.errors
    # Files load in name order, so facts.yaml comes first and more.yaml holds the duplicate.
    assert str(error) == (
        f"{other}:2: entity.id: 'org/cis' is defined twice (first at "
        f"{mini_corpus / 'facts' / 'facts.yaml'}:10)"
    )


def test_duplicate_relation_ids(mini_corpus: Path) -> None:
    membership = BASE[BASE.index("  - member: state/GEO") : BASE.index("signings:")]
    text = BASE.replace("signings:", membership + "signings:")
    errors = errors_for(mini_corpus, text)
    path = mini_corpus / "facts" / "facts.yaml"
    assert errors == [
        f"{path}:27: membership.id: 'membership/GEO-cis-1993' is already used at {path}:18; "
        "give this one its own `id:`"
    ]


def test_malformed_yaml_names_the_line(mini_corpus: Path) -> None:
    errors = errors_for(mini_corpus, BASE.replace("role: full", "role: [full"))
    assert len(errors) == 1
    assert errors[0].startswith(f"{mini_corpus / 'facts' / 'facts.yaml'}:")
    assert ": yaml: not valid YAML:" in errors[0]


def test_unknown_section(mini_corpus: Path) -> None:
    errors = errors_for(mini_corpus, BASE + "alliances:\n  - member: state/GEO\n")
    assert errors == [
        f"{mini_corpus / 'facts' / 'facts.yaml'}:41: alliances: unknown section (expected one "
        "of: entities, memberships, signings, foundings, withdrawals, ratifications, "
        "accessions, successions, terms, statehoods)"
    ]


def test_withdrawal_needs_exactly_one_target(mini_corpus: Path) -> None:
    text = BASE.replace(
        "    organisation: org/cis\n    date: 2009-08-18",
        "    organisation: org/cis\n    agreement: agreement/belovezha-1991\n    date: 2009-08-18",
    )
    errors = errors_for(mini_corpus, text)
    assert errors == [
        f"{mini_corpus / 'facts' / 'facts.yaml'}:36: withdrawal.organisation: give either "
        "`organisation:` or `agreement:`, not both"
    ]


def test_an_alt_label_that_is_another_entitys_label_is_an_error(mini_corpus: Path) -> None:
    # What an unquoted comma does: `kk: [Грузия, Ресей және ...]` names the wrong entity.
    text = BASE.replace("alt: {kk: [ТМД], ru: [СНГ]}", "alt: {kk: [ТМД, Грузия], ru: [СНГ]}")
    errors = errors_for(mini_corpus, text)
    assert errors == [
        f"{mini_corpus / 'facts' / 'facts.yaml'}:10: entity.alt.kk: 'Грузия' is the label of "
        'state/GEO; if a name in the list has a comma, quote it: ["A, B and C"]'
    ]
