"""`kg report disputes`: each deprecated claim beside the record about the same thing."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import BASE, kg, write_facts

from kg.build.graph import build_graph
from kg.build.turtle import serialise
from kg.facts.loader import load_facts
from kg.report import by_sentence, disputes, entity_counts, relation_counts
from kg.stores.memory import MemoryStore

# The text's wrong claim (Georgia joined in 1994) beside the record (December 1993).
WRONG_CLAIM = """\
  - id: membership/GEO-cis-1994-claimed
    member: state/GEO
    organisation: org/cis
    role: full
    start: 1994
    rank: deprecated
    note: Georgia joined in December 1993, not 1994.
    evidence:
      - doc: t1_mini
        quote: "Грузия қосылды"
        occurrence: 2
"""


def disputed_store(corpus: Path) -> MemoryStore:
    write_facts(corpus, BASE.replace("signings:", WRONG_CLAIM + "signings:"))
    return MemoryStore(build_graph(load_facts(corpus / "facts", corpus)).graph)


def test_a_deprecated_claim_is_shown_with_its_text_the_record_and_why(mini_corpus: Path) -> None:
    (dispute,) = disputes(disputed_store(mini_corpus))
    assert dispute.claim == "membership/GEO-cis-1994-claimed"
    assert dispute.kind == "Membership"
    assert "start=1994-01-01" in dispute.claimed
    assert dispute.text_says == ("«Грузия қосылды» (doc/t1_mini, line 3 of the normalised text)",)
    (record,) = dispute.record_says
    assert record.startswith("membership/GEO-cis-1993: ")
    assert "start=1993-12-01" in record and "end=2009-08-18" in record
    assert dispute.why == "Georgia joined in December 1993, not 1994."


# The same sentence read twice: Russia and Georgia both "joined" in 1994 by it.
SECOND_WRONG_CLAIM = WRONG_CLAIM.replace("GEO-cis-1994-claimed", "RUS-cis-1994-claimed").replace(
    "member: state/GEO", "member: state/RUS"
)


def test_claims_read_from_one_sentence_are_one_dispute_of_several_claims(
    mini_corpus: Path, tmp_path: Path
) -> None:
    write_facts(
        mini_corpus, BASE.replace("signings:", WRONG_CLAIM + SECOND_WRONG_CLAIM + "signings:")
    )
    store = MemoryStore(build_graph(load_facts(mini_corpus / "facts", mini_corpus)).graph)
    found = disputes(store)
    assert len(found) == 2
    (sentence,) = by_sentence(found)
    assert [claim.claim for claim in sentence.claims] == [
        "membership/GEO-cis-1994-claimed", "membership/RUS-cis-1994-claimed"
    ]  # fmt: skip
    assert sentence.why == "Georgia joined in December 1993, not 1994."  # said once
    graph = tmp_path / "kg.ttl"
    graph.write_bytes(serialise(store.graph))
    result = kg("report", "disputes", "--graph", graph)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("The source says:") == 1
    assert result.stdout.count("«Грузия қосылды» (doc/t1_mini, line 3 of the normalised text)") == 1
    assert result.stdout.count("why it is judged wrong: Georgia joined") == 1
    assert "2 disputed claim(s) read from it" in result.stdout
    assert "2 disputed claim(s) from 1 statement(s)" in " ".join(result.stderr.split())


def test_the_record_alma_ata_sentence_is_one_dispute(store) -> None:
    # Text 003's one sentence dates the Alma-Ata Protocol 20 December for every signatory it
    # names; the curators deprecate one signing per state (corpus/facts/cis.yaml).
    sentences = by_sentence(disputes(store))
    (alma_ata,) = [s for s in sentences if any("желтоқсаннның 20-ында" in t for t in s.text_says)]
    assert len(alma_ata.claims) >= 10
    assert all(
        c.claim.startswith("signing/alma-ata-protocol-1991-dated-20-dec-") for c in alma_ata.claims
    )
    assert len(sentences) < len(disputes(store))


def test_no_deprecated_claims_no_disputes(mini_corpus: Path) -> None:
    write_facts(mini_corpus, BASE)
    store = MemoryStore(build_graph(load_facts(mini_corpus / "facts", mini_corpus)).graph)
    assert disputes(store) == []


def test_cli_json(mini_corpus: Path, tmp_path: Path) -> None:
    graph = tmp_path / "kg.ttl"
    graph.write_bytes(serialise(disputed_store(mini_corpus).graph))
    result = kg("report", "disputes", "--format", "json", "--graph", graph)
    assert result.returncode == 0, result.stderr
    (row,) = json.loads(result.stdout)
    assert row["claim"] == "membership/GEO-cis-1994-claimed"
    assert row["why"].startswith("Georgia joined")


def test_relation_counts_tell_corpus_quotes_from_external_sources(mini_corpus: Path) -> None:
    # BASE: the membership and the withdrawal quote the text; the signing cites only a URL.
    write_facts(mini_corpus, BASE)
    store = MemoryStore(build_graph(load_facts(mini_corpus / "facts", mini_corpus)).graph)
    counts = {(c.kind, c.rank): c for c in relation_counts(store)}
    assert sorted(counts) == [
        ("Membership", "Normal"), ("Signing", "Normal"), ("Withdrawal", "Normal")
    ]  # fmt: skip
    assert (
        counts["Membership", "Normal"].with_corpus_quote,
        counts["Membership", "Normal"].external_only,
    ) == (1, 0)
    assert (
        counts["Signing", "Normal"].with_corpus_quote,
        counts["Signing", "Normal"].external_only,
    ) == (0, 1)
    assert entity_counts(store)["State"] == 2
