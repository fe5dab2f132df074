"""Line numbers in the curators' notes and comments count in the same text as the graph's
``dq:line`` and ``kg report disputes``: the normalised text of ``corpus/texts`` (issue 14,
point 5). Text 002 is the one text whose lines differ from its original's (the site header of
20 lines is gone), so a note that counted the original's lines would be 20 lines off.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "corpus/facts"


def _lines(document: str, folder: str = "texts") -> list[str]:
    (path,) = (ROOT / "corpus" / folder).glob(f"{document}_*.txt")
    return path.read_text(encoding="utf-8").split("\n")


# (file, words of the reference as written, line, words that stand on that line of the
# normalised text 002): each checked by hand against corpus/texts/002_a69a33c1c362441d.txt.
HAND_CHECKED = [
    ("eurasian.yaml", '002 (line 237) has Kazakhstan, Kyrgyzstan, Russia and Belarus create',
     237, "Төрттік Одағының құрылуына"),
    ("eurasian.yaml", "Text 002 (line 491) says Tajikistan became a full member", 491,
     "1996 жылы 26 ақпанда Тәжікстан"),
    ("guam.yaml", '002 (line 550) dates the Strasbourg forum "10 November 1997"', 550,
     "10 қарашада Страсбургта"),
    ("security.yaml", "002 (line 616) lists Belarus among the states that signed", 616,
     "Ташкентте Армения, Белорусь"),
    ("central-asia.yaml", "gives 26 March 1998 at line 421", 421,
     "1998 жылы 26 наурыздан бастап Тәжікстан"),
]  # fmt: skip


@pytest.mark.parametrize(("file", "reference", "line", "words"), HAND_CHECKED)
def test_a_reference_names_the_line_of_the_normalised_text(
    file: str, reference: str, line: int, words: str
) -> None:
    text = " ".join((FACTS / file).read_text(encoding="utf-8").split())
    assert reference in text
    assert words in _lines("002")[line - 1]
    # … and not the original's line of that number, which holds other words.
    assert words not in _lines("002", "original")[line - 1]


# `line N: "words"` and `"words" (line N)`, where the words are Cyrillic (a quote of the text,
# not an English paraphrase): the words must stand on line N of a text the line names.
_AFTER = re.compile(r'line (\d+)\)?:\s*[“"]([^"”]+)[”"]')
_BEFORE = re.compile(r'[“"]([^"”]{4,})[”"]\s*\((?:typo, )?line (\d+)\)')
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def _quoted_references() -> list[tuple[str, int, str, list[str]]]:
    found = []
    for path in sorted(FACTS.glob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            documents = re.findall(r"\b(00\d)\b", line)
            pairs = [(int(m[1]), m[2]) for m in _AFTER.finditer(line)]
            pairs += [(int(m[2]), m[1]) for m in _BEFORE.finditer(line)]
            for cited, words in pairs:
                if _CYRILLIC.search(words):
                    found.append((f"{path.name}:{number}", cited, words, documents))
    return found


def test_every_quoted_reference_finds_its_words_on_its_line() -> None:
    references = _quoted_references()
    assert len(references) >= 6  # the facts quote the texts by line in several files
    texts = {doc: _lines(doc) for doc in ("000", "001", "002", "003", "004")}
    wrong = [
        (where, cited, words)
        for where, cited, words, documents in references
        if not any(
            cited <= len(texts[doc]) and words in texts[doc][cited - 1]
            for doc in (documents or texts)
        )
    ]
    assert not wrong, wrong
