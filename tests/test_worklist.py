"""The worklist (candidate sentences no evidence quote covers), coverage per document, and
mentions in context: on the fixture corpus, where every answer is known, and through the
commands (run in-process) on the project's corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ROOT, kg

from kg.corpus.mentions import Gazetteer
from kg.facts.loader import load_facts
from kg.worklist import candidates, coverage, evidence_spans, mentions_of, review, worklist

FIXTURE = ROOT / "tests/data/fixture-corpus"
FIXTURE_ARGS = ("--facts", FIXTURE / "facts", "--corpus", FIXTURE)


@pytest.fixture(scope="module")
def facts():
    return load_facts(FIXTURE / "facts", FIXTURE)


def test_candidates_need_two_entities_and_a_relation_word_or_a_date(facts) -> None:
    text = (FIXTURE / "texts/f1_fixture.txt").read_text(encoding="utf-8")
    found = candidates(text, Gazetteer.from_facts(facts), "f1_fixture")
    by_line = {c.sentence.line: c for c in found}
    # Line 1: Georgia joins and leaves the CIS, with dates.
    assert by_line[1].entities == ("org/cis", "state/GEO")
    assert set(by_line[1].relation_words) == {"joined", "left"}
    assert [str(d.date) for d in by_line[1].dates] == ["1993-12", "2009-08-18"]
    # Line 2: Kazan, Russia and Kazakhstan, with a date: a candidate, ranked lower.
    assert by_line[2].entities == ("place/kazan", "state/KAZ", "state/RUS")
    assert by_line[2].relation_words == ()
    # Line 3 names one entity only (the October Revolution and Кеңес өкіметі are not entities).
    assert 3 not in by_line
    # Line 5: three states sign something in 1995.
    assert by_line[5].relation_words == ("signed",)
    assert by_line[1].score > by_line[5].score > by_line[2].score


def test_worklist_leaves_out_sentences_an_evidence_quote_overlaps(facts) -> None:
    spans = evidence_spans(facts)
    assert list(spans) == ["f1_fixture"] and len(spans["f1_fixture"]) == 1
    reviewed = review(facts)
    assert [c.sentence.line for c in reviewed if c.covered] == [1]
    todo = worklist(facts)
    assert [c.sentence.line for c in todo] == [5, 2, 4]  # best first; ties in text order
    assert all(not c.covered for c in todo)


def test_coverage_per_document(facts) -> None:
    (row,) = coverage(facts)
    assert (row.doc, row.candidates, row.covered, row.quotes) == ("f1_fixture", 4, 1, 1)
    assert row.share == 0.25 and row.sentences == 5


def test_mentions_of_an_entity_with_context(facts) -> None:
    found = mentions_of("state/RUS", facts, width=10)
    assert [(m.line, m.mention.text) for m in found] == [(2, "Ресей"), (5, "Ресейдің")]
    assert found[1].context == "АҚШ-тың, [Ресейдің] және Қаза"


def test_commands_on_the_fixture_corpus() -> None:
    result = kg("corpus", "worklist", "--format", "jsonl", *FIXTURE_ARGS)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["line"] for r in records] == [5, 2, 4]
    assert records[0]["entities"] == ["state/KAZ", "state/RUS", "state/USA"]
    assert records[0]["relation_words"] == ["signed"] and records[0]["dates"] == ["1995"]
    assert "3 of 3 uncovered" in result.stderr

    result = kg("corpus", "coverage", "--format", "json", *FIXTURE_ARGS)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {"doc": "f1_fixture", "sentences": 5, "candidates": 4, "covered": 1, "share": 0.25,
         "quotes": 1}
    ]  # fmt: skip

    result = kg("corpus", "mentions", "org/cis", *FIXTURE_ARGS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("f1_fixture:1\tДостастыққа\t")
    assert "2 mention(s) of org/cis" in result.stderr

    unknown = kg("corpus", "mentions", "state/XXX", *FIXTURE_ARGS)
    assert unknown.returncode == 1 and "no entity id" in unknown.stderr


def test_commands_on_the_project_corpus() -> None:
    # The facts grow while curators work: only the shape of the answers is checked here.
    result = kg("corpus", "coverage", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["doc"][:3] for r in rows] == ["000", "001", "002", "003", "004"]
    assert all(0 <= r["covered"] <= r["candidates"] <= r["sentences"] for r in rows)

    result = kg("corpus", "worklist", "--limit", "5")
    assert result.returncode == 0, result.stderr
    assert "uncovered candidate sentence(s)" in result.stderr

    result = kg("corpus", "mentions", "state/KAZ", "--context", "20")
    assert result.returncode == 0, result.stderr
    assert "Қазақстан" in result.stdout


def test_broken_facts_are_reported_not_crashed_on(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "bad.yaml").write_text("entities:\n  - id: state/XX\n", encoding="utf-8")
    result = kg("corpus", "worklist", "--facts", facts, "--corpus", FIXTURE)
    assert result.returncode == 1
    assert "bad.yaml:2" in result.stderr and "Traceback" not in result.stderr
