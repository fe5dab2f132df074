"""Sentences of the corpus texts, as character spans of the text they come from.

The texts break every rule a generic splitter relies on: initials glued to surnames
(``Н.Ә.Назарбаев``, ``В.И.Ленин``), abbreviations with full stops (``1991 ж.``, ``млн.``,
``т.б.``), paragraphs glued by a doubled full stop (``келді..Әр``) or with no space at all
(``байланысты.Бүгінгі``), footnote numbers after the full stop (``шыққан.26 Интеграция``), and
lines broken after an abbreviation (``1992 ж.`` / ``қаңтарында``). Kazakh is verb-final, so a
sentence practically never ends on ``ж.`` (year) or ``млн.``; those never end one.

>>> [s.text for s in sentences("Н.Ә.Назарбаев 1991 ж. 1 желтоқсанда сайланды..Ресей келісті.")]
['Н.Ә.Назарбаев 1991 ж. 1 желтоқсанда сайланды..', 'Ресей келісті.']
>>> [s.text for s in sentences("Ресей,Украина қол қойды.Бүгінгі күні анық.")]
['Ресей,Украина қол қойды.', 'Бүгінгі күні анық.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["LIST_FINAL", "NEVER_FINAL", "Sentence", "sentence_at", "sentences"]


@dataclass(frozen=True)
class Sentence:
    """A sentence: ``text == document[start:end]``; ``line`` is the line it starts on (from 1)."""

    start: int
    end: int
    text: str
    line: int

    def overlaps(self, start: int, end: int) -> bool:
        """Whether the span ``[start, end)`` shares a character with the sentence."""
        return start < self.end and self.start < end


# Abbreviations after which a full stop never ends a sentence (the text goes on with a date,
# a number, a unit or a name): Kazakh жыл/жылдар, million/billion, "page", Russian г./гг./в.в.
NEVER_FINAL = frozenset(
    "ж жж млн млрд трлн мың бет б ғ г гг в вв стр ред под см им проф акад доц мыс "
    "табл сур пр инф дип уч спец общ рис тел".split()
)
# Abbreviations that do end a sentence when a capital letter follows ("… т.б. Бұл …").
LIST_FINAL = ("т.б.", "т.с.с.", "т.с.", "т.е.", "и т.д.", "и т.п.", "etc.")
_LETTER = r"[^\W\d_]"
_TERMINAL = re.compile(r"[.!?…]+[»”“\"')\]]*(?:\d{1,3}(?=[\s.]|$))?")
_WORD_BEFORE = re.compile(rf"({_LETTER}+(?:\.{_LETTER}+)*)\s?$")


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """Whether the terminal punctuation ``text[start:end]`` (inside a line) ends a sentence."""
    marks = text[start:end]
    if start and text[start - 1].isdigit() and text[start + 1 : start + 2].isdigit():
        return False  # a decimal point or a date written 24.05.1993
    after = text[end : end + 2]
    word_match = _WORD_BEFORE.search(text, max(0, start - 40), start)
    word = word_match.group(1) if word_match else ""
    last_part = word.rsplit(".", 1)[-1]
    if marks.startswith(("..", "…", "!", "?")):
        # A doubled full stop glues paragraphs; "..." and "…" end a sentence before a capital.
        if marks.startswith("..") and not marks.startswith("..."):
            return True
        following = text[end:].lstrip(" \t")[:1]
        return not following or following.isupper() or following.isdigit() or following in "«“"
    if not after:
        return True
    if any(text.endswith(abbreviation, 0, end) for abbreviation in LIST_FINAL):
        following = text[end:].lstrip(" \t")[:1]
        return (
            after[0].isspace() and bool(following) and (following.isupper() or following in '«“"')
        )
    if last_part.lower() in NEVER_FINAL or (len(last_part) == 1 and last_part.isalpha()):
        return False  # an abbreviation or an initial: Н.Ә.Назарбаев, 1991 ж. 8 желтоқсанда
    if after[0].isspace():
        following = text[end:].lstrip(" \t")[:1]
        return bool(following) and (
            following.isupper() or following.isdigit() or following in '«“"(–—•-['
        )
    if after[0].isupper() or (after[0].isdigit() and re.match(r"\d{4}\b", text[end : end + 5])):
        # Paragraphs glued without a space: "байланысты.Бүгінгі", "өтті.1991 жылы".
        return len(last_part) >= 2 and (last_part.islower() or last_part.istitle())
    if after[0].isalpha() and after[0].islower():
        # "тұр.бұл": a missing space, but only between two ordinary Cyrillic words.
        return (
            len(last_part) >= 3
            and bool(re.match(r"[\u0400-\u04ff]{3}", text[end : end + 3]))
            and bool(re.fullmatch(r"[\u0400-\u04ff]+", last_part))
        )
    return False


# A line ending in one of these continues on the next line: "1992 ж." / "қаңтарында".
_NEVER_FINAL_BEFORE = re.compile(
    r"(?:\d\s?(?:ж|жж|ж\.ж|г|гг)|\b(?:млн|млрд|трлн)|(?<!\w)[А-ЯӘҒҚҢӨҰҮҺІЁA-Z])\.$"
)
# A line ending in initials without their surname continues on the next: "Н.Ә" / "Назарбаев".
_INITIALS_AT_END = re.compile(r"(?:^|[\s(,;:–—-])(?:[А-ЯӘҒҚҢӨҰҮҺІЁ]\.){0,2}[А-ЯӘҒҚҢӨҰҮҺІЁ]\.?$")


def _line_continues(line: str, following: str) -> bool:
    """Whether a sentence runs on from ``line`` into ``following`` (a break in mid-sentence)."""
    line, following = line.rstrip(), following.lstrip()
    if not line or not following:
        return False
    if _NEVER_FINAL_BEFORE.search(line):
        return True
    if following[0].isalpha() and following[0].islower() and not line.endswith(("..", "!", "?")):
        return True  # "… т.б." / "жұмыстарға бағытталады.."
    if _INITIALS_AT_END.search(line) and following[:1].isupper():
        return True
    return False


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; every sentence is a span of ``text`` trimmed of spaces.

    A line break ends a sentence (the texts hold a sentence or a paragraph per line) unless the
    line ends in an abbreviation that never ends one or in initials waiting for their surname,
    or the next line goes on in lower case.

    >>> [s.text for s in sentences("1920 ж.\\nсәуірде Армия кірді [9].\\nН.Ә\\nНазарбаев айтты")]
    ['1920 ж.\\nсәуірде Армия кірді [9].', 'Н.Ә\\nНазарбаев айтты']
    >>> [s.text for s in sentences("32877,5 млн. АҚШ долларын құрады. Ақша т.б. Бұл анық.")]
    ['32877,5 млн. АҚШ долларын құрады.', 'Ақша т.б.', 'Бұл анық.']
    """
    cuts: list[int] = []
    lines = text.split("\n")
    offset = 0
    for index, line in enumerate(lines):
        line_end = offset + len(line)
        for punctuation in _TERMINAL.finditer(line):
            start, end = offset + punctuation.start(), offset + punctuation.end()
            if end < line_end and _ends_sentence(text, start, end):
                cuts.append(end)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if not _line_continues(line, following):
            cuts.append(line_end)
        offset = line_end + 1
    result: list[Sentence] = []
    start = 0
    for cut in [*cuts, len(text)]:
        piece = text[start:cut]
        stripped_start = start + len(piece) - len(piece.lstrip())
        stripped_end = start + len(piece.rstrip())
        if stripped_end > stripped_start:
            number = text.count("\n", 0, stripped_start) + 1
            result.append(
                Sentence(stripped_start, stripped_end, text[stripped_start:stripped_end], number)
            )
        start = max(start, cut)
    return result


def sentence_at(sentences_: list[Sentence], offset: int) -> Sentence | None:
    """The sentence holding the character at ``offset``, if any (``sentences_`` in order)."""
    low, high = 0, len(sentences_)
    while low < high:
        middle = (low + high) // 2
        if sentences_[middle].end <= offset:
            low = middle + 1
        else:
            high = middle
    if low < len(sentences_) and sentences_[low].start <= offset:
        return sentences_[low]
    return None
