"""The corpus: texts reproducible from the originals in the deep normal form, every evidence span
mapped back to the original it came from (and cited there by `kg corpus cite`), a manifest that
describes them all, and quotes anchored where they stand."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from helpers import ROOT, kg

from kg.build.graph import BuiltGraph
from kg.corpus.cite import cite
from kg.corpus.normalise import normalise_deep, normalise_first_pass, offsets_of
from kg.corpus.texts import CorpusError, find_quote, load_manifest, normalise
from kg.stores.memory import MemoryStore

ORIGINALS = sorted((ROOT / "corpus/original").glob("*.txt"))
# Edits that change no word: a quote spanning only these reads, spaces folded, as the first
# pass of its original (an independent check of the offset map).
SPACING_EDITS = {"nbsp", "whitespace", "schwa", "nfc"}


@pytest.fixture(scope="module")
def deep() -> dict[str, tuple]:
    """Each document id -> (original, deep text, offset map)."""
    result = {}
    for original in ORIGINALS:
        raw = original.read_text(encoding="utf-8")
        result[original.stem] = (raw, *normalise_deep(raw))
    return result


def test_every_text_is_reproduced_from_its_original(deep) -> None:
    assert len(ORIGINALS) == 5
    for doc, (raw, text, offsets) in deep.items():
        assert (ROOT / "corpus/texts" / f"{doc}.txt").read_text(encoding="utf-8") == text, doc
        assert offsets.restore(text) == raw, doc


def test_normalised_texts_have_no_latin_schwa_no_break_space_or_runs_of_spaces() -> None:
    for path in (ROOT / "corpus/texts").glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text)
        assert not {"\u0259", "\u018f", "\u00a0", "\u202f", "\u2007"} & set(text), path.name
        assert "  " not in text and not re.search(r"(?m)^ | $", text), path.name


def test_the_first_pass_still_keeps_offsets() -> None:
    # The mention and date finders match any text in the first pass: one for one, so what they
    # find keeps the offsets of the text they were given.
    for original in ORIGINALS:
        raw = original.read_text(encoding="utf-8")
        text, offsets = normalise_first_pass(raw)
        assert text == normalise(raw) and len(text) == len(raw)
        assert offsets.starts == tuple(range(len(raw))) and offsets.restore(text) == raw


def _evidence(built: BuiltGraph) -> list[tuple[str, str, int, int, int, str]]:
    """Every text evidence of the graph: (id, document id, start, end, line, quote)."""
    rows = MemoryStore(built.graph).query(
        "PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX dq: <https://w3id.org/dostastyq/ontology#> "
        "SELECT ?e ?doc ?start ?end ?line ?exact WHERE { ?e oa:hasSource ?doc ; dq:line ?line ; "
        "oa:hasSelector [ oa:exact ?exact ], [ oa:start ?start ; oa:end ?end ] }"
    )
    return [
        (str(e).split("/id/", 1)[1], str(doc).rsplit("/", 1)[1], int(start), int(end),
         int(line), str(exact))
        for e, doc, start, end, line, exact in rows.rows
    ]  # fmt: skip


def test_every_evidence_span_maps_back_to_its_original(built: BuiltGraph, deep) -> None:
    # The original substring is not the quote: it differs by exactly the edits the map lists
    # inside it. So, strictly, for every evidence span: the map's original span maps back to
    # the very same normalised span; no edit crosses its ends; the original substring with the
    # edits inside it applied (and nothing else) is the quote; and where those edits change no
    # word, the quote is, spaces folded, the first pass of the original substring.
    evidence = _evidence(built)
    assert len(evidence) >= 100
    kinds: dict[str, int] = {}
    spacing_only = 0
    for _, doc, start, end, _, exact in evidence:
        raw, text, offsets = deep[doc]
        assert text[start:end] == exact
        original_start, original_end = offsets.to_original(start, end)
        assert offsets.to_normalised(original_start, original_end) == (start, end)
        inside = []
        for edit in offsets.edits:
            if edit.original_end <= original_start or original_end <= edit.original_start:
                continue
            assert original_start <= edit.original_start and edit.original_end <= original_end
            assert start <= edit.start <= edit.end <= end
            inside.append(edit)
            kinds[edit.kind] = kinds.get(edit.kind, 0) + 1
        rebuilt, position = [], original_start
        for edit in inside:
            rebuilt += [raw[position : edit.original_start], edit.replacement]
            position = edit.original_end
        rebuilt.append(raw[position:original_end])
        assert "".join(rebuilt) == exact, (doc, start)
        if {edit.kind for edit in inside} <= SPACING_EDITS:
            spacing_only += 1
            first_pass = normalise(raw[original_start:original_end])
            assert first_pass.split() == exact.split(), (doc, start)
    print(f"\nEvidence spans: {len(evidence)}, {spacing_only} changed in spacing at most; edits "
          f"inside them: {dict(sorted(kinds.items()))}")  # fmt: skip
    assert kinds.get("hyphenation", 0) >= 1  # the Minsk quote of text 000: "мемле- кеттер"


def test_cite_gives_the_original_span_line_and_text(built: BuiltGraph, deep) -> None:
    documents = load_manifest(ROOT / "corpus")
    for _, doc, start, end, line, exact in _evidence(built):
        raw, _, offsets = deep[doc]
        citation = cite(documents[doc], start, end)
        assert (citation.start, citation.end, citation.line, citation.exact) == (
            start, end, line, exact,
        )  # fmt: skip
        assert (citation.original_start, citation.original_end) == offsets.to_original(start, end)
        assert citation.original_exact == raw[citation.original_start : citation.original_end]
        assert citation.original_line == raw.count("\n", 0, citation.original_start) + 1
        back = cite(documents[doc], citation.original_start, citation.original_end,
                    original_offsets=True)  # fmt: skip
        assert (back.start, back.end) == (start, end)
    # The thesis (002) lost its download site's header: 20 lines and 598 characters.
    thesis = next(d for d in documents.values() if d.number == "002")
    citation = cite(thesis, 0, 6)
    assert citation.exact == "ЖОСПАР" and citation.original_exact == "ЖОСПАР"
    assert (citation.line, citation.original_line) == (1, 21)
    removed = cite(thesis, 0, 20, original_offsets=True)  # inside the header: nothing is left
    assert removed.start == removed.end == 0 and removed.exact == ""
    with pytest.raises(CorpusError, match="outside"):
        cite(thesis, 0, 10**7)


def test_cite_refuses_a_text_that_is_not_the_normal_form_of_its_original(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "texts").mkdir(parents=True)
    (corpus / "original").mkdir()
    (corpus / "manifest.yaml").write_text(
        "documents:\n  - {id: t1, title: T, kind: test, language: kk, date: '2020', covers: C}\n",
        encoding="utf-8",
    )
    (corpus / "original/t1.txt").write_text("Алма- ты  қаласы\n", encoding="utf-8")
    (corpus / "texts/t1.txt").write_text("Алматы қаласы\n", encoding="utf-8")  # the deep form
    document = load_manifest(corpus)["t1"]
    assert cite(document, 0, 6).original_exact == "Алма- ты"
    (corpus / "texts/t1.txt").write_text("Алма- ты  қаласы\n", encoding="utf-8")  # first pass
    assert cite(document, 0, 8).original_exact == "Алма- ты"
    (corpus / "texts/t1.txt").write_text("Алматы  қаласы\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="not the normal form"):
        cite(document, 0, 6)
    with pytest.raises(CorpusError, match="not the normal form"):
        offsets_of("Алматы  қаласы\n", "Алма- ты  қаласы\n")


def test_cite_command(built: BuiltGraph, deep) -> None:
    (minsk,) = [e for e in _evidence(built) if e[5].startswith("1993 жылдың 22 қантарында Минск")]
    evidence_id, doc, start, end, line, exact = minsk
    raw, _, offsets = deep[doc]
    original_start, original_end = offsets.to_original(start, end)
    result = kg("corpus", "cite", evidence_id)
    assert result.returncode == 0, result.stderr
    assert f"{evidence_id}  {doc}" in result.stdout and exact in result.stdout
    assert f"texts/:    {start}-{end}, line {line}" in result.stdout
    original_line = raw.count("\n", 0, original_start) + 1
    assert f"original/: {original_start}-{original_end}, line {original_line}" in result.stdout
    assert "мемле- кеттер" in result.stdout and "hyphenation 1" in result.stdout

    iri = f"https://w3id.org/dostastyq/id/{evidence_id}"
    as_json = kg("corpus", "cite", iri, f"{doc}:{start}-{end}", "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    first, second = json.loads(as_json.stdout)
    assert first == second
    assert (first["original_start"], first["original_end"]) == (original_start, original_end)
    assert first["original_exact"] == raw[original_start:original_end] and first["quote"] == exact
    assert {"kind": "hyphenation", "original": "- ", "replacement": ""} in first["edits"]

    back = kg("corpus", "cite", f"000:{original_start}-{original_end}", "--original")
    assert back.returncode == 0 and f"texts/:    {start}-{end}, line {line}" in back.stdout

    for bad, message in [
        ("evidence/ext-0123456789ab", "neither an evidence id"),
        ("009:1-2", "no document"),
        ("000:5-99999999", "outside"),
    ]:
        result = kg("corpus", "cite", bad)
        assert result.returncode == 1 and message in result.stderr, (bad, result.stderr)
        assert "Traceback" not in result.stderr


def test_manifest_describes_every_text() -> None:
    documents = load_manifest(ROOT / "corpus")
    assert sorted(documents) == [path.stem for path in ORIGINALS]
    for document in documents.values():
        assert document.language == "kk"
        assert document.title and document.covers and document.kind


def test_find_quote_reports_offsets_lines_and_counts() -> None:
    text = "Бірінші жол.\nГрузия  ТМД-дан шықты. Грузия ТМД-дан шықты."
    span, count = find_quote(text, "Грузия ТМД-дан шықты", occurrence=2)
    assert count == 2
    assert span is not None and span.line == 2
    assert text[span.start : span.end] == span.exact == "Грузия ТМД-дан шықты"
    assert span.start == text.rindex("Грузия")
    first, _ = find_quote(text, "Грузия ТМД-дан шықты")
    assert first is not None and first.exact == "Грузия  ТМД-дан шықты"
    assert find_quote(text, "   ") == (None, 0)
