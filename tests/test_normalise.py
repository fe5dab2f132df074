"""The deep normalisation (the form corpus/texts is in): what it changes in each original, that it
round-trips through its offset map, and the `kg corpus normalise` command run on copies of the
corpus, which migrates the texts between the first pass and the deep form only when no evidence
quote breaks."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from helpers import ROOT, kg, stable_facts

from kg.corpus.normalise import Edit, normalise_deep
from kg.corpus.texts import find_quote, normalise
from kg.facts.loader import load_facts
from kg.worklist import quotes_against

ORIGINALS = sorted((ROOT / "corpus/original").glob("*.txt"))
# What a character may become, besides itself: the substitutions the deep form makes.
LOOKALIKE_PAIRS = set(zip("aceiopxyABCEHIKMOPTX", "асеіорхуАВСЕНІКМОРТХ", strict=True))


@pytest.fixture(scope="module")
def deep() -> dict[str, tuple[str, str, object]]:
    """Each original's number -> (original, deep text, offset map)."""
    result = {}
    for path in ORIGINALS:
        raw = path.read_text(encoding="utf-8")
        text, offsets = normalise_deep(raw)
        result[path.name[:3]] = (raw, text, offsets)
    return result


def test_every_original_round_trips_through_its_offset_map(deep) -> None:
    for number, (raw, text, offsets) in deep.items():
        assert offsets.restore(text) == raw, number
        assert len(offsets.starts) == len(text)
        assert list(offsets.starts) == sorted(set(offsets.starts)), "offsets go forward"


def test_every_character_span_maps_back_to_its_original_substring(deep) -> None:
    # For every character: unchanged ones are the very same character of the original, changed
    # ones are listed in an edit whose original text is the original's substring there.
    for number, (raw, text, offsets) in deep.items():
        changed = {}
        for edit in offsets.edits:
            assert raw[edit.original_start : edit.original_end] == edit.original
            assert text[edit.start : edit.end] == edit.replacement
            for index in range(edit.start, edit.end):
                changed[index] = edit
        for index, char in enumerate(text):
            start, end = offsets.to_original(index, index + 1)
            if index in changed:
                assert changed[index].original_start <= start < end <= changed[index].original_end
            else:
                assert raw[start:end] == char, (number, index)
        # And whole lines: a line's original span maps back to the line.
        position = 0
        for line in text.split("\n"):
            if line:
                start, end = offsets.to_original(position, position + len(line))
                assert offsets.to_normalised(start, end) == (position, position + len(line))
            position += len(line) + 1


def test_what_the_deep_form_changes_in_each_text(deep) -> None:
    counts = {number: offsets.counts() for number, (_, _, offsets) in deep.items()}
    print("\nDeep normalisation, edits by kind:")
    for number, by_kind in counts.items():
        print(f"  {number}: {dict(sorted(by_kind.items()))}")
    assert counts["000"]["schwa"] == 124 and counts["000"]["hyphenation"] == 22
    assert counts["000"]["compound-space"] == 3  # бір-бірімен ×2, саяси-экономикалық
    assert counts["002"]["site-header"] == 1 and counts["002"]["site-tail"] == 1
    assert counts["002"]["footnote-marker"] == 73  # notes 26 to 98
    assert counts["002"]["mojibake"] > 0 and counts["002"]["legacy-font"] == 15
    assert counts["004"]["schwa"] == 137 and counts["004"]["lookalike"] == 1  # cъезінде
    assert "hyphenation" not in counts["003"]  # "Бір жыл- бір тақырып" is no broken word


def _around(text: str, fragment: str) -> str:
    index = text.index(fragment)
    return text[index : index + len(fragment)]


def test_hyphenation_joins_broken_words_and_keeps_compounds(deep) -> None:
    _, text, _ = deep["000"]
    for word in ("бастамалары", "потенциалы", "Алматы қаласында", "телерадиокомпания", "туралы"):
        assert word in text
    assert "бір-бірімен" in text and "саяси-экономикалық мәселелерді" in text
    assert "- " not in text.replace(" - ", "")
    _, text004, _ = deep["004"]
    assert "Иваново-Вознесенск" in text004 and "әскери-экономикалық" in text004
    _, text003, _ = deep["003"]
    assert "«Бір жыл- бір тақырып»" in text003


def test_thesis_header_tail_footnotes_quotes_and_mojibake(deep) -> None:
    _, text, offsets = deep["002"]
    assert text.startswith("ЖОСПАР")
    assert "А также другие работы" not in text and "519 KB" not in text
    assert text.rstrip().endswith("98 Казахстанская Правда.2000г 13 октябрь")
    assert "шыққан. Интеграция" in text and "шыққан.26" not in text
    assert "болуы;\n" in text and "бастамасы осы" in text and "қиын.\n" in text
    # The legacy font's ” for ң, and ң for a closing quotation mark.
    assert "қатынастарының деңгейіне" in text and "өкілдерінің арасындағы" in text
    assert "«ұрыс даласы» болатын" in text and "«Орталық Рынок құру туралы» Рим" in text
    assert "“Қайта құру” кезіндегі" in text
    assert "бермеді”." in text  # a closing mark whose opening one is missing stays
    assert "«Мәскеудің қамқорлығына» оралу" in text  # the genitive -дің is not the closer
    # CP1251 read as Windows-1252, and the legacy Kazakh font's Қ and қ in note 45.
    assert "45 Қ.Тоқаев: Қазақстан Республикасының Дипломатиясы. Алматы,2002. с. 53." in text
    assert "46 Сборник документов под ред. К.Токаева. Алматы,1998г. I Том.с.261." in text
    assert "Ñáîðíèê" not in text
    # Look-alike letters: Roman numerals in Latin, Latin words without Cyrillic і.
    assert "XXI ғасыр" in text and "The uniting of Europe" in text and "өзгерісі" in text
    # Every footnote marker removed is digits (and the space before a detached one).
    markers = [e for e in offsets.edits if e.kind == "footnote-marker"]
    assert [int(e.original.strip()) for e in markers] == list(range(26, 99))


def test_lookalikes_and_whitespace(deep) -> None:
    _, text001, _ = deep["001"]
    assert text001.startswith("МазмұныІ КіріспеІІ Негізгі")
    assert "Сыртқы саясатының" in text001  # eleven spaces folded
    _, text004, offsets004 = deep["004"]
    assert "II съезінде" in text004 and "IV-тарауы" in text004
    assert "\u00a0" not in text004 and "  " not in text004
    assert not any("ə" in e.replacement for e in offsets004.edits)
    for edit in offsets004.edits:
        if edit.kind == "lookalike":
            pairs = zip(edit.original, edit.replacement, strict=True)
            assert all(pair in LOOKALIKE_PAIRS for pair in pairs)


def test_first_pass_is_the_deep_forms_one_for_one_subset() -> None:
    # The texts' former form (the first pass) and the deep form agree on what they both change.
    for path in ORIGINALS:
        raw = path.read_text(encoding="utf-8")
        first = normalise(raw)
        text, offsets = normalise_deep(raw)
        for index, char in enumerate(text):
            start, end = offsets.to_original(index, index + 1)
            if end - start == 1 and first[start] != raw[start]:
                assert char == first[start] or char == " ", (path.name, index)


def test_edit_records_are_plain_data() -> None:
    text, offsets = normalise_deep("Ал баста- малары\u00a0керек")
    assert text == "Ал бастамалары керек"
    assert offsets.edits == (
        Edit("hyphenation", 8, 10, 8, 8, "- ", ""),
        Edit("nbsp", 16, 17, 14, 15, "\u00a0", " "),
    )
    assert offsets.to_original(3, 14) == (3, 16)
    assert offsets.to_normalised(3, 16) == (3, 14)
    with pytest.raises(ValueError):
        offsets.to_original(0, 99)


def _corpus_copy(tmp_path: Path, relations: bool = True, first_pass: bool = False) -> Path:
    """A copy of the corpus with the stable facts; its texts in the deep form (as the project's)
    or, with ``first_pass``, in the former first-pass form."""
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus/original", corpus / "original")
    shutil.copytree(ROOT / "corpus/texts", corpus / "texts")
    if first_pass:
        for path in ORIGINALS:
            text = normalise(path.read_text(encoding="utf-8"))
            (corpus / "texts" / path.name).write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "corpus/manifest.yaml", corpus / "manifest.yaml")
    stable_facts(corpus / "facts", relations=relations)
    return corpus


def test_every_quote_of_the_stable_facts_anchors_in_the_deep_texts(tmp_path: Path) -> None:
    corpus = _corpus_copy(tmp_path)
    checks = quotes_against(corpus / "facts", corpus)
    print(f"\nQuotes of the stable facts: {len(checks)}")
    assert checks and all(check.status == "same" for check in checks)
    # Back to the first pass, the quotes the migration rewrote would break again, and the
    # first-pass text at their place is the quote as it was (the Minsk quote of text 000).
    back = [c for c in quotes_against(corpus / "facts", corpus, deep=False) if c.breaks]
    assert back and {c.status for c in back} == {"rewrite"}
    for check in back:
        text = normalise((corpus / "original" / f"{check.doc}.txt").read_text("utf-8"))
        assert find_quote(text, check.rewritten)[0] is not None
        assert check.rewritten.split() != check.quote.split()
    assert {" ".join(c.rewritten.split()) for c in back} == {
        "1993 жылдың 22 қантарында Минск қаласындағы мемле- кеттер басшыларының Кеңесінде "
        "Тәуелсіз Мемлекеттер Достастығының Жарғысы қабылданды"
    }


def test_quotes_on_first_pass_texts_say_what_the_deep_texts_need(tmp_path: Path) -> None:
    # The migration as it was done: texts in the first pass, and one quote written for the deep
    # form already: it is "new"; every other quote anchors at the same place of the original.
    corpus = _corpus_copy(tmp_path, first_pass=True)
    checks = quotes_against(corpus / "facts", corpus)
    statuses = {c.status for c in checks}
    assert statuses == {"same", "new"} and not any(c.breaks for c in checks)
    assert all("мемлекеттер басшыларының" in c.quote for c in checks if c.status == "new")


def test_normalise_command_checks_and_rewrites_copies_of_the_corpus(tmp_path: Path) -> None:
    corpus = _corpus_copy(tmp_path, relations=False)  # no quotes to migrate
    args = ["corpus", "normalise", "--corpus", corpus, "--facts", corpus / "facts"]
    for deep in ([], ["--deep"]):  # the deep form is the default, and the texts' form
        result = kg(*args, *deep, "--check")
        assert result.returncode == 0, result.stderr
        assert "up to date" in result.stderr and "footnote-marker 73" in result.stderr

    result = kg(*args, "--first-pass", "--check")
    assert result.returncode == 1
    assert "would change" in result.stdout and "anchoring at the same place" in result.stderr

    result = kg(*args, "--first-pass")
    assert result.returncode == 0, result.stderr
    for path in ORIGINALS:
        written = (corpus / "texts" / path.name).read_text(encoding="utf-8")
        assert written == normalise(path.read_text(encoding="utf-8"))
    assert load_facts(corpus / "facts", corpus).entities

    result = kg(*args)  # and back to the deep form
    assert result.returncode == 0, result.stderr
    for path in ORIGINALS:
        written = (corpus / "texts" / path.name).read_text(encoding="utf-8")
        assert written == (ROOT / "corpus/texts" / path.name).read_text(encoding="utf-8")
        assert written == normalise_deep(path.read_text(encoding="utf-8"))[0]


def test_normalise_command_refuses_a_form_that_breaks_a_quote(tmp_path: Path) -> None:
    corpus = _corpus_copy(tmp_path, first_pass=True)
    (corpus / "facts" / "broken.yaml").write_text(
        textwrap.dedent(
            """\
            memberships:
              - id: membership/test-broken-quote
                member: state/ARM
                organisation: org/cis
                role: full
                start: 1991-12-21
                evidence:
                  - doc: 000_94d3c7d3f764c3de
                    quote: "бейбіт баста- малары"
            """
        ),
        encoding="utf-8",
    )
    (corpus / "facts" / "cis.yaml").write_text(  # the Minsk quote as it was before the migration
        (corpus / "facts" / "cis.yaml")
        .read_text(encoding="utf-8")
        .replace("мемлекеттер басшыларының", "мемле- кеттер басшыларының"),
        encoding="utf-8",
    )
    before = {p.name: p.read_text(encoding="utf-8") for p in (corpus / "texts").glob("*.txt")}
    result = kg("corpus", "normalise", "--corpus", corpus, "--facts", corpus / "facts")
    assert result.returncode == 1
    assert "rewrite in the deep text" in result.stderr and "бейбіт баста- малары" in result.stderr
    assert "the deep text reads: бейбіт бастамалары" in result.stderr
    assert "Минск қаласындағы мемлекеттер басшыларының" in result.stderr
    after = {p.name: p.read_text(encoding="utf-8") for p in (corpus / "texts").glob("*.txt")}
    assert after == before

    # And the other way: deep texts, and quotes written for them, refuse the first pass.
    corpus = _corpus_copy(tmp_path / "deep")
    result = kg("corpus", "normalise", "--first-pass", "--corpus", corpus, "--facts",
                corpus / "facts")  # fmt: skip
    assert result.returncode == 1 and "Texts not written" in result.stderr
    assert "the first-pass text reads: 1993 жылдың 22 қантарында Минск" in result.stderr


def test_find_quote_in_either_form() -> None:
    raw = (ROOT / "corpus/original/000_94d3c7d3f764c3de.txt").read_text(encoding="utf-8")
    text = (ROOT / "corpus/texts/000_94d3c7d3f764c3de.txt").read_text(encoding="utf-8")
    assert find_quote(normalise(raw), "бейбіт баста- малары")[1] == 1
    assert find_quote(text, "бейбіт баста- малары") == (None, 0)
    span, count = find_quote(text, "бейбіт бастамалары")
    assert span is not None and count == 1
