"""The temporal rules of the build gate, each broken once, each error naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import BASE, write_facts

from kg.build.rules import check_rules
from kg.facts.loader import load_facts

FOUNDING = """\
foundings:
  - organisation: org/cis
    founders: [state/GEO]
    date: 1993-12-15
    evidence: [{doc: t1_mini, quote: Грузия қосылды}]
"""


def rule_errors(corpus: Path, text: str) -> list[str]:
    write_facts(corpus, text)
    path = corpus / "facts" / "facts.yaml"
    return [str(e).replace(f"{path}:", "") for e in check_rules(load_facts(path.parent, corpus))]


def test_the_base_facts_follow_every_rule(mini_corpus: Path) -> None:
    assert rule_errors(mini_corpus, BASE) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "alt: {kk: [ТМД], ru: [СНГ]}",
            "alt: {kk: [ТМД], ru: [СНГ]}\n    inception: 1994-01-01",
            "19: membership.start: 1993-12 is before org/cis began (1994-01-01)",
        ),
        (
            "alt: {kk: [ТМД], ru: [СНГ]}",
            "alt: {kk: [ТМД], ru: [СНГ]}\n    dissolution: 2005-01-01",
            "19: membership.end: 2009-08-18 is after org/cis was dissolved (2005-01-01)",
        ),
        (
            "    end: 2009-08-18\n    end_cause: withdrawal\n",
            "",
            "33: withdrawal.date: no membership of state/GEO in org/cis ends on 2009-08-18: "
            "give that membership `end: 2009-08-18` and `end_cause: withdrawal`",
        ),
        (
            "    date: 2009-08-18\n",
            "    date: 2009-08-19\n",
            "18: membership.end_cause: the membership ends by withdrawal on 2009-08-18, but no "
            "withdrawal of state/GEO from org/cis on that date is curated",
        ),
    ],
    ids=[
        "before inception",
        "after dissolution",
        "withdrawal without end",
        "end without withdrawal",
    ],
)
def test_broken_rule_is_reported(mini_corpus: Path, old: str, new: str, expected: str) -> None:
    assert old in BASE
    errors = rule_errors(mini_corpus, BASE.replace(old, new, 1))
    assert expected in errors, errors


def test_a_dissolved_organisation_needs_its_memberships_ended(mini_corpus: Path) -> None:
    text = BASE.replace(
        "alt: {kk: [ТМД], ru: [СНГ]}", "alt: {kk: [ТМД], ru: [СНГ]}\n    dissolution: 2015"
    ).replace("    end: 2009-08-18\n    end_cause: withdrawal\n", "")
    errors = rule_errors(mini_corpus, text)
    assert any(e.startswith("19: membership.end: org/cis was dissolved on 2015") for e in errors)


def test_month_precision_is_compared_generously(mini_corpus: Path) -> None:
    # Georgia's membership starts "1993-12"; an inception on 15 December 1993 fits in it.
    text = BASE.replace(
        "alt: {kk: [ТМД], ru: [СНГ]}", "alt: {kk: [ТМД], ru: [СНГ]}\n    inception: 1993-12-15"
    )
    assert rule_errors(mini_corpus, text) == []


def test_founders_are_members_from_the_founding_date(mini_corpus: Path) -> None:
    # Georgia's membership is active from 1993-12 (month), so a founding on 1993-12-15 holds.
    assert rule_errors(mini_corpus, BASE + FOUNDING) == []
    late = BASE + FOUNDING.replace("[state/GEO]", "[state/GEO, state/RUS]")
    assert rule_errors(mini_corpus, late) == [
        "42: founding.founders: state/RUS founded org/cis on 1993-12-15 but has no membership "
        "of it from that date"
    ]
    after_leaving = BASE + FOUNDING.replace("1993-12-15", "2010-01-01")
    assert len(rule_errors(mini_corpus, after_leaving)) == 1


def test_deprecated_claims_are_exempt(mini_corpus: Path) -> None:
    text = BASE.replace(
        "    end: 2009-08-18\n    end_cause: withdrawal\n",
        "    end: 2009-08-18\n    end_cause: withdrawal\n    rank: deprecated\n    note: wrong\n",
    ).replace(
        "    date: 2009-08-18\n    evidence:",
        "    date: 2009-08-18\n    rank: deprecated\n    note: wrong\n    evidence:",
    )
    assert rule_errors(mini_corpus, text) == []
