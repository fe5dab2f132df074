"""Sentences: initials, abbreviations, doubled full stops, glued paragraphs, broken lines."""

from __future__ import annotations

import pytest
from helpers import ROOT

from kg.corpus.segment import sentence_at, sentences

TEXTS = {p.name[:3]: p.read_text(encoding="utf-8") for p in (ROOT / "corpus/texts").glob("*.txt")}


def split(text: str) -> list[str]:
    return [s.text for s in sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # initials glued to surnames, with or without a space
        ("Н.Ә.Назарбаев сөз сөйледі. В.И.Ленин басқарды.",
         ["Н.Ә.Назарбаев сөз сөйледі.", "В.И.Ленин басқарды."]),
        ("Президент Н. Назарбаев келді. Б.Ельцин келісті.",
         ["Президент Н. Назарбаев келді.", "Б.Ельцин келісті."]),
        # abbreviations: ж. (year), млн., т.б. (etc.)
        ("1991 ж. 21 желтоқсанда құрылды. Ол.", ["1991 ж. 21 желтоқсанда құрылды.", "Ол."]),
        ("1986 ж. Қазақстанда басталды.", ["1986 ж. Қазақстанда басталды."]),
        ("32877,5 млн. АҚШ долларын құрады.", ["32877,5 млн. АҚШ долларын құрады."]),
        ("Қорғау т.б. Бұл маңызды.", ["Қорғау т.б.", "Бұл маңызды."]),
        ("1994-96 ж.ж. институционалды кезең.", ["1994-96 ж.ж. институционалды кезең."]),
        # a doubled full stop glues two paragraphs, even before a lower-case letter
        ("келді..Әр түрлі топтар.", ["келді..", "Әр түрлі топтар."]),
        ("белгіледі [3]..Большевиктер келді.", ["белгіледі [3]..", "Большевиктер келді."]),
        # paragraphs glued with no space at all
        ("тығыз байланысты.Бүгінгі күні анық.", ["тығыз байланысты.", "Бүгінгі күні анық."]),
        ("қиын өтті.1991 жылы 8 желтоқсанда", ["қиын өтті.", "1991 жылы 8 желтоқсанда"]),
        ("деңгейінде тұр.бұл көрсеткіш", ["деңгейінде тұр.", "бұл көрсеткіш"]),
        # a footnote number after the full stop stays with its sentence
        ("сөзінен шыққан.26 Интеграция деген", ["сөзінен шыққан.26", "Интеграция деген"]),
        # ellipsis, question, decimal numbers, page references
        ("алады...Әдебиеттер тізімі", ["алады...", "Әдебиеттер тізімі"]),
        ("неге керек?» деген сауалға", ["неге керек?» деген сауалға"]),
        ("өсу 214.5 % болды. Бұл С.103 бетте.", ["өсу 214.5 % болды.", "Бұл С.103 бетте."]),
    ],
)  # fmt: skip
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_line_breaks_end_sentences_unless_the_sentence_goes_on() -> None:
    text = (
        "1992 ж.\nқаңтарында Мәскеуде кездесті.\n"  # broken after ж.
        "Республика Президенті Н.Ә\nНазарбаевтың еңбегі.\n"  # initials without their surname
        "Ортақ қорғау т.б.\nжұмыстарға бағытталады..\n"  # goes on in lower case
        "Сыртқы саясаты\nКеңестік қоғам"  # no full stop, but a new line: a new sentence
    )
    assert split(text) == [
        "1992 ж.\nқаңтарында Мәскеуде кездесті.",
        "Республика Президенті Н.Ә\nНазарбаевтың еңбегі.",
        "Ортақ қорғау т.б.\nжұмыстарға бағытталады..",
        "Сыртқы саясаты",
        "Кеңестік қоғам",
    ]


def test_sentences_are_spans_of_the_text_with_their_lines() -> None:
    for number, text in TEXTS.items():
        found = sentences(text)
        assert found, number
        previous_end = 0
        for sentence in found:
            assert text[sentence.start : sentence.end] == sentence.text
            assert sentence.text == sentence.text.strip() and sentence.start >= previous_end
            assert sentence.line == text.count("\n", 0, sentence.start) + 1
            previous_end = sentence.end
        # No text is lost: everything between sentences is white space.
        covered = "".join(text[s.start : s.end] for s in found)
        assert len(covered) == len("".join(text.split())) + sum(
            len(s.text) - len("".join(s.text.split())) for s in found
        )


def test_the_real_texts_keep_dates_and_names_inside_one_sentence() -> None:
    text003 = TEXTS["003"]
    found = sentences(text003)
    assert len(found) > 100  # one line, four texts
    for phrase in (
        "1991 ж. желтоқсанның 8-інде Минскіде (Беловеж) Ресей, Беларусь және Украина басшылары",
        "32877,5 млн. АҚШ долларын құрады.",
    ):
        start = text003.index(phrase)
        sentence = sentence_at(found, start)
        assert sentence is not None and sentence.end >= start + len(phrase)
    text001 = TEXTS["001"]
    start = text001.index("Н.Ә\nНазарбаевтың")
    assert "\n" in sentence_at(sentences(text001), start).text
    text000 = TEXTS["000"]
    assert any(s.startswith("1992 ж.\nқаңтарында Мәскеуде") for s in split(text000))
