"""The corpus: texts reproducible from the originals, a manifest that describes them all, and
quotes anchored where they stand."""

from __future__ import annotations

import unicodedata

from conftest import ROOT

from kg.corpus import find_quote, load_manifest, normalise

ORIGINALS = sorted((ROOT / "corpus/original").glob("*.txt"))


def test_every_text_is_reproduced_from_its_original() -> None:
    assert len(ORIGINALS) == 5
    for original in ORIGINALS:
        text = (ROOT / "corpus/texts" / original.name).read_text(encoding="utf-8")
        assert normalise(original.read_text(encoding="utf-8")) == text, original.name


def test_normalised_texts_have_no_latin_schwa_or_no_break_space() -> None:
    for path in (ROOT / "corpus/texts").glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text)
        assert not {"\u0259", "\u018f", "\u00a0"} & set(text), path.name


def test_normalisation_keeps_offsets() -> None:
    # One-for-one replacements: an offset in a normalised text is an offset in its original.
    for original in ORIGINALS:
        raw = original.read_text(encoding="utf-8")
        assert len(normalise(raw)) == len(raw)


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
