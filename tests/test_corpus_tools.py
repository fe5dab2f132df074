"""What `kg corpus cite` and `kg corpus normalise` ask of the library, in-process on a corpus of
one tiny text: a reference resolved to a document and offsets, and which texts differ from their
normal form (what would be written)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.corpus.cite import SpanReference, cite_reference, parse_reference, resolve_reference
from kg.corpus.normalise import normalise_first_pass, plan_normalisation
from kg.corpus.texts import CorpusError, load_manifest

ORIGINAL = "Алма- ты  қаласы\n"
DEEP = "Алматы қаласы\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    (corpus / "texts").mkdir(parents=True)
    (corpus / "original").mkdir()
    (corpus / "manifest.yaml").write_text(
        "documents:\n"
        "  - {id: 001_t, title: T, kind: test, language: kk, date: '2020', covers: C}\n",
        encoding="utf-8",
    )
    (corpus / "original/001_t.txt").write_text(ORIGINAL, encoding="utf-8")
    (corpus / "texts/001_t.txt").write_text(DEEP, encoding="utf-8")
    return corpus


def test_references_name_a_document_and_a_span() -> None:
    assert parse_reference(" evidence/001-0-6 ") == SpanReference("001", 0, 6, True)
    iri = "https://w3id.org/dostastyq/id/evidence/001-0-6"
    assert parse_reference(iri) == SpanReference("001", 0, 6, True)
    assert parse_reference("001_t:7-13") == SpanReference("001_t", 7, 13, False)
    for bad in ("evidence/ext-0123456789ab", "001", "001:7", "001:a-b"):
        with pytest.raises(CorpusError, match="neither an evidence id"):
            parse_reference(bad)


def test_a_reference_resolves_by_id_or_number(corpus: Path) -> None:
    documents = load_manifest(corpus)
    document = documents["001_t"]
    assert resolve_reference("001:0-6", documents) == (document, 0, 6)
    assert resolve_reference("001_t:0-6", documents) == (document, 0, 6)
    assert resolve_reference("evidence/001-0-6", documents) == (document, 0, 6)
    with pytest.raises(CorpusError, match="offsets in the normalised text"):
        resolve_reference("evidence/001-0-6", documents, original_offsets=True)
    with pytest.raises(CorpusError) as raised:
        resolve_reference("009:1-2", documents)
    assert str(raised.value) == f"'009' is no document of {corpus / 'manifest.yaml'} (001_t)"


def test_a_reference_is_cited_in_both_texts(corpus: Path) -> None:
    documents = load_manifest(corpus)
    citation = cite_reference("evidence/001-0-6", documents)
    assert (citation.exact, citation.original_exact) == ("Алматы", "Алма- ты")
    assert (citation.original_start, citation.original_end) == (0, 8)
    back = cite_reference("001:0-8", documents, original_offsets=True)
    assert (back.start, back.end, back.exact) == (0, 6, "Алматы")
    with pytest.raises(CorpusError, match="outside"):
        cite_reference("001:5-99", documents)


def test_the_plan_says_which_texts_would_change_and_writes_nothing(corpus: Path) -> None:
    (planned,) = plan_normalisation(corpus)
    assert planned.target == corpus / "texts/001_t.txt" and planned.text == DEEP
    assert not planned.changed and planned.edit_counts == {"hyphenation": 1, "whitespace": 1}

    (first_pass,) = plan_normalisation(corpus, deep=False)
    assert first_pass.changed and first_pass.text == normalise_first_pass(ORIGINAL)[0]
    assert (corpus / "texts/001_t.txt").read_text(encoding="utf-8") == DEEP  # nothing written

    (corpus / "texts/001_t.txt").unlink()
    assert plan_normalisation(corpus)[0].changed  # a missing text would be written
    assert plan_normalisation(corpus / "nowhere") == []
