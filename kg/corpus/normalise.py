"""The deep normalisation of the texts, with an offset map both ways."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kg.corpus.texts import CorpusError, normalise

__all__ = [
    "Edit",
    "NormalisedText",
    "OffsetMap",
    "normalise_deep",
    "normalise_first_pass",
    "offsets_of",
    "plan_normalisation",
]

# --------------------------------------------------------------------------- deep normalisation


@dataclass(frozen=True)
class Edit:
    """One change the deep normalisation made: ``original[original_start:original_end]`` became
    ``normalised[start:end]`` (empty for a deletion)."""

    kind: str
    original_start: int
    original_end: int
    start: int
    end: int
    original: str
    replacement: str


@dataclass(frozen=True)
class OffsetMap:
    """Where each character of a deep-normalised text came from in its original.

    Character ``i`` of the normalised text came from ``original[starts[i]:ends[i]]`` (one
    character, or a few that NFC composed into one). Original characters no normalised character
    came from were deleted; ``edits`` lists every deletion and replacement with its kind.

    >>> text, offsets = normalise_deep("Алма- ты  қаласы")
    >>> text, offsets.to_original(0, 6), offsets.to_normalised(0, 8)
    ('Алматы қаласы', (0, 8), (0, 6))
    >>> offsets.restore(text)
    'Алма- ты  қаласы'
    """

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    original_length: int
    edits: tuple[Edit, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span that the normalised ``[start, end)`` came from."""
        if not 0 <= start <= end <= len(self.starts):
            raise ValueError(f"span {start}-{end} is outside the normalised text")
        if start == end:
            offset = self.starts[start] if start < len(self.starts) else self.original_length
            return offset, offset
        return self.starts[start], self.ends[end - 1]

    def to_normalised(self, start: int, end: int) -> tuple[int, int]:
        """The normalised span holding what is left of the original ``[start, end)``."""
        if not 0 <= start <= end <= self.original_length:
            raise ValueError(f"span {start}-{end} is outside the original text")
        first = bisect.bisect_right(self.ends, start)
        last = bisect.bisect_left(self.starts, end)
        return first, max(first, last)

    def counts(self) -> dict[str, int]:
        """How many edits of each kind were made."""
        counts: dict[str, int] = {}
        for edit in self.edits:
            counts[edit.kind] = counts.get(edit.kind, 0) + 1
        return counts

    def restore(self, text: str) -> str:
        """Rebuild the original from the normalised ``text`` and the edits (the round trip)."""
        if len(text) != len(self.starts):
            raise ValueError("this map belongs to a text of another length")
        pieces: list[str] = []
        position = 0  # in the normalised text
        for edit in self.edits:
            pieces.append(text[position : edit.start])
            pieces.append(edit.original)
            position = edit.end
        pieces.append(text[position:])
        return "".join(pieces)


class _Editor:
    """A text being normalised, each character remembering the original span it came from."""

    def __init__(self, text: str):
        self.original = text
        self.chars = list(text)
        self.starts = list(range(len(text)))
        self.ends = list(range(1, len(text) + 1))
        self.kinds: dict[int, str] = {}  # original offset -> kind of the last edit touching it

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def apply(self, kind: str, edits: list[tuple[int, int, str]]) -> None:
        """Apply ``(start, end, replacement)`` edits given in current offsets, sorted and disjoint.

        A replacement is empty (deletion) or as long as what it replaces (one for one).
        """
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        position = 0
        for start, end, replacement in edits:
            if start < position or end < start:
                raise ValueError(f"{kind}: overlapping or reversed edit at {start}")
            if replacement and len(replacement) != end - start:
                raise ValueError(f"{kind}: a replacement must be empty or one for one")
            chars += self.chars[position:start]
            starts += self.starts[position:start]
            ends += self.ends[position:start]
            for index in range(start, end):
                for original in range(self.starts[index], self.ends[index]):
                    self.kinds[original] = kind
            if replacement:
                chars += replacement
                starts += self.starts[start:end]
                ends += self.ends[start:end]
            position = end
        self.chars = chars + self.chars[position:]
        self.starts = starts + self.starts[position:]
        self.ends = ends + self.ends[position:]

    def compose(self) -> None:
        """Unicode NFC, cluster by cluster: a composed character keeps its whole cluster."""
        text = self.text
        if unicodedata.is_normalized("NFC", text):
            return
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for match in re.finditer(r".[\u0300-\u036f\u0483-\u0489]*", text, re.DOTALL):
            first, last = match.start(), match.end() - 1
            composed = unicodedata.normalize("NFC", match.group())
            if composed != match.group():
                for original in range(self.starts[first], self.ends[last]):
                    self.kinds[original] = "nfc"
            for index, char in enumerate(composed):
                chars.append(char)
                starts.append(self.starts[min(first + index, last)])
                ends.append(self.ends[last] if index == len(composed) - 1 else starts[-1] + 1)
        self.chars, self.starts, self.ends = chars, starts, ends

    def offset_map(self) -> OffsetMap:
        edits: list[Edit] = []
        kept = {}
        for index, (start, end) in enumerate(zip(self.starts, self.ends, strict=True)):
            if end - start == 1 and self.original[start] == self.chars[index]:
                kept[start] = index
        position = 0  # in the normalised text
        original_offset = 0
        length = len(self.original)
        while original_offset < length:
            if original_offset in kept:
                position = kept[original_offset] + 1
                original_offset += 1
                continue
            # A run of changed original characters of one kind.
            kind = self.kinds.get(original_offset, "other")
            run_end = original_offset + 1
            while (
                run_end < length
                and run_end not in kept
                and self.kinds.get(run_end, "other") == kind
            ):
                run_end += 1
            first = position
            while position < len(self.starts) and self.starts[position] < run_end:
                position += 1
            edits.append(
                Edit(
                    kind,
                    original_offset,
                    run_end,
                    first,
                    position,
                    self.original[original_offset:run_end],
                    "".join(self.chars[first:position]),
                )
            )
            original_offset = run_end
        return OffsetMap(tuple(self.starts), tuple(self.ends), length, tuple(edits))


_LETTER = r"[^\W\d_]"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Look-alike pairs, Latin -> Cyrillic; the reverse is used for Cyrillic letters in Latin words.
_LATIN_TO_CYRILLIC = dict(zip("aceiopxyABCEHIKMOPTX", "асеіорхуАВСЕНІКМОРТХ", strict=True))
_CYRILLIC_TO_LATIN = {cyrillic: latin for latin, cyrillic in _LATIN_TO_CYRILLIC.items()}
_ROMAN = set("IVXLCDM") | {"І", "Х", "С", "М"}
_SPACES = "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006"
# The first halves of Kazakh compounds that are written with a hyphen (саяси-экономикалық).
_COMPOUND_FIRST = {"саяси", "әскери", "сауда", "ғылыми", "қоғамдық", "әлеуметтік", "ұлттық"}
_SITE_HEADER_END = re.compile(r"^PAGE[\s\u00a0]+\d+[ \u00a0]*\n", re.MULTILINE)
_SITE_TAIL = re.compile(r"(?:[ \u00a0]*\n)*А также другие работы, которые могут Вас заинтересовать")
_MOJIBAKE = re.compile(r"[\u00b2\u00ba\u00c0-\u00ff]+")
# The legacy Kazakh font put Қ, қ and ң in the slots of CP1251's І, є and ”.
_LEGACY_KAZAKH = str.maketrans({"І": "Қ", "є": "қ", "”": "ң"})


def _schwa_and_lookalikes(text: str) -> tuple[list, list, list]:
    """Edits for Latin schwa, look-alike letters in words of the other script, Roman numerals."""
    schwa: list[tuple[int, int, str]] = []
    lookalike: list[tuple[int, int, str]] = []
    roman: list[tuple[int, int, str]] = []
    for match in re.finditer(r"[^\W\d_]+", text):
        word = match.group()
        for index, char in enumerate(word):
            if char in "\u0259\u018f":
                position = match.start() + index
                schwa.append((position, position + 1, "ә" if char == "\u0259" else "Ә"))
        word = word.replace("\u0259", "ә").replace("\u018f", "Ә")
        cyrillic = len(_CYRILLIC.findall(word))
        latin = len(_LATIN.findall(word))
        if not cyrillic or not latin:
            continue
        if set(word) <= _ROMAN:
            mapping, bucket = _CYRILLIC_TO_LATIN, roman
        elif cyrillic >= latin:
            mapping, bucket = _LATIN_TO_CYRILLIC, lookalike
        else:
            mapping, bucket = _CYRILLIC_TO_LATIN, lookalike
        for index, char in enumerate(word):
            if char in mapping:
                position = match.start() + index
                bucket.append((position, position + 1, mapping[char]))
    return schwa, lookalike, roman


def _site_header(text: str) -> list:
    """The download portal's header (its id, the title, category, teaser, language, date, size
    and reader count, up to a Word ``PAGE`` field) is not part of the document."""
    first_lines = text[:2000].split("\n")
    if not (
        re.fullmatch(r"\d+", first_lines[0].strip())
        and any(re.fullmatch(r"\d+(?:\.\d+)? KB", line.strip()) for line in first_lines)
    ):
        return []
    end = _SITE_HEADER_END.search(text, 0, 3000)
    if not end:
        return []
    spaces = re.compile(r"\s*").match(text, end.end())
    assert spaces is not None  # \s* matches anywhere
    return [(0, spaces.end(), "")]


def _site_tail(text: str) -> list:
    """The portal's advertising for other works ("А также другие работы …") to the end."""
    found = _SITE_TAIL.search(text)
    return [(found.start(), len(text), "")] if found else []


def _mojibake(text: str) -> list:
    """CP1251 text that was read as Windows-1252 (``Ñáîðíèê`` for ``Сборник``), decoded back.

    Only lines with a run of at least three such characters are repaired, so a lone ``é`` or
    ``²`` elsewhere is left alone.
    """
    edits = []
    for line in re.finditer(r"[^\n]+", text):
        runs = list(_MOJIBAKE.finditer(line.group()))
        if not any(len(run.group()) >= 3 for run in runs):
            continue
        for run in runs:
            try:
                repaired = run.group().encode("cp1252").decode("cp1251")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            start = line.start() + run.start()
            edits.append((start, start + len(repaired), repaired.translate(_LEGACY_KAZAKH)))
    return edits


def _legacy_quotes(text: str) -> list:
    """The thesis's legacy Kazakh font swapped ``”`` and ``ң``: ``де”гейіне`` is деңгейіне, and
    ``«ұрыс даласың`` ends its quotation with ``ң`` for ``»``.

    Only texts that show the swap (a ``”`` between two Cyrillic letters) are touched. A ``”``
    after a Cyrillic letter and before a space that closes no open quotation is ``ң``; a
    quotation (« or “) left open at the next opening mark or the end of its line is closed by
    its first word-final ``ң`` that is not a genitive ending (-ның, -дің, -тың …). A ``”``
    before punctuation (``бермеді”.``) is a closing mark whose opening one is missing: it stays.
    """
    if not re.search(r"[\u0400-\u04ff]”[\u0400-\u04ff]", text):
        return []
    edits: list[tuple[int, int, str]] = []
    cyrillic = re.compile(r"[\u0400-\u04ff]")

    def close_with_eng(start: int, end: int, closer: str) -> None:
        for found in re.finditer(r"ң(?![^\W\d_])", text[start:end]):
            position = start + found.start()
            if re.search(r"[ндт][ыі]$", text[max(0, position - 2) : position]):
                continue
            edits.append((position, position + 1, closer))
            return

    for line in re.finditer(r"[^\n]+", text):
        opened: tuple[str, int] | None = None  # the open mark and where it is
        for found in re.finditer(r"[«»“”]", line.group()):
            position = line.start() + found.start()
            mark = found.group()
            before = text[position - 1] if position else " "
            after = text[position + 1] if position + 1 < len(text) else " "
            if mark == "»":
                opened = None
            elif mark == "«":
                if opened:
                    close_with_eng(opened[1], position, "»" if opened[0] == "«" else "”")
                opened = ("«", position)
            elif mark == "“":
                if re.match(r"[\w.,;:!?)]", before) and not re.match(r"\w", after):
                    opened = None  # a closing mark written the wrong way round
                else:
                    if opened:
                        close_with_eng(opened[1], position, "»" if opened[0] == "«" else "”")
                    opened = ("“", position)
            elif cyrillic.match(before) and cyrillic.match(after):
                edits.append((position, position + 1, "ң"))
            elif re.match(r"[\s(:]", before) and re.match(r"\w", after):
                opened = ("”", position)  # an opening mark written the wrong way round
            elif opened:
                opened = None
            elif cyrillic.match(before) and after.isspace():
                edits.append((position, position + 1, "ң"))
        if opened:
            close_with_eng(opened[1], line.end(), "»" if opened[0] == "«" else "”")
    return sorted(edits)


def _footnote_markers(text: str) -> list:
    """Footnote numbers glued to the text they annotate (``шыққан.26``, ``болуы;74``).

    The notes themselves are lines ``NN text`` forming a numbered run; their markers are
    searched in the body in the same order, each after the previous one, so a number in the
    running text ("22 тамызда") is never taken for one.
    """
    notes = [
        (int(found.group(1)), found.start())
        for found in re.finditer(r"^(\d{1,3})[ \u00a0]+\S", text, re.MULTILINE)
    ]
    run: list[tuple[int, int]] = []
    for number, position in notes:
        if run and number == run[-1][0] + 1:
            run.append((number, position))
        elif len(run) < 5:
            run = [(number, position)]
    if len(run) < 5:
        return []
    body_end = run[0][1]
    edits = []
    search_from = 0
    for number, _ in run:
        pattern = re.compile(
            rf"(?:(?<=[^\W\d_])|(?<=[.,;:!?)”»])|(?<=[.!?] )){number}(?!\d)(?=[\s.,;]|$)"
        )
        found = pattern.search(text, search_from, body_end)
        if not found:
            continue
        start = found.start()
        if text[start - 1] == " ":
            start -= 1  # "қиын. 88": the space went with the marker
        edits.append((start, found.end(), ""))
        search_from = found.end()
    return edits


def _hyphenation(text: str) -> tuple[list, list]:
    """Words hyphenated at an old line break, ``баста- малары``, and compounds whose hyphen is
    followed by a space, ``саяси- экономикалық``.

    A compound keeps its hyphen (the space goes) when its second half is capitalised
    (Иваново-Вознесенск), repeats the first (бір-бірімен), the first half is a known compound
    head (саяси-, әскери- …) or the text writes the pair with a hyphen elsewhere. Otherwise, when
    either half is no word of the text, the halves are one word split by a line break and are
    joined. Two real words (``Бір жыл- бір тақырып``) are left alone.
    """
    words = Counter(word.lower() for word in re.findall(r"[^\W\d_]+", text))
    hyphenated = {pair.lower() for pair in re.findall(r"[^\W\d_]+[-–][^\W\d_]+", text)}
    joins, compounds = [], []
    for found in re.finditer(rf"({_LETTER}+)-([ \u00a0]+)({_LETTER}+)", text):
        first, second = found.group(1), found.group(3)
        space_start, space_end = found.start(2), found.end(2)
        lower_first, lower_second = first.lower(), second.lower()
        if (
            second[0].isupper()
            or lower_second.startswith(lower_first)
            or lower_first in _COMPOUND_FIRST
            or any(pair.startswith(f"{lower_first}-{lower_second[:4]}") for pair in hyphenated)
        ):
            compounds.append((space_start, space_end, ""))
        elif words[lower_first] < 2 or words[lower_second] < 2:  # not a word elsewhere
            joins.append((space_start - 1, space_end, ""))
    return joins, compounds


def _fold_spaces(text: str) -> list:
    """Runs of spaces fold to one; lines lose their leading and trailing spaces."""
    edits = []
    for found in re.finditer(r"^[ \t]+|[ \t]+$|(?<=[ \t])[ \t]+", text, re.MULTILINE):
        edits.append((found.start(), found.end(), ""))
    return edits


def normalise_deep(original: str) -> tuple[str, OffsetMap]:
    """Return the deep normal form of ``original`` and the map from its offsets to the original.

    The steps, in order (each edit is logged under its kind): ``nfc``; ``site-header`` and
    ``site-tail``; ``mojibake``; ``schwa``, ``lookalike`` and ``roman-numeral``; ``legacy-font``;
    ``footnote-marker``; ``hyphenation`` and ``compound-space``; ``nbsp`` and ``whitespace``.
    The first-pass :func:`normalise` is the ``nfc``, ``schwa`` and ``nbsp`` steps alone.

    >>> text, offsets = normalise_deep("Ресей, Украина және бір- бірімен XXІ ғасырда")
    >>> text
    'Ресей, Украина және бір-бірімен XXI ғасырда'
    >>> sorted(offsets.counts().items())
    [('compound-space', 1), ('roman-numeral', 1)]
    """
    editor = _Editor(original)
    editor.compose()
    editor.apply("site-header", _site_header(editor.text))
    editor.apply("site-tail", _site_tail(editor.text))
    editor.apply("mojibake", _mojibake(editor.text))
    schwa, lookalike, roman = _schwa_and_lookalikes(editor.text)
    editor.apply("schwa", schwa)
    editor.apply("lookalike", lookalike)
    editor.apply("roman-numeral", roman)
    editor.apply("legacy-font", _legacy_quotes(editor.text))
    editor.apply("footnote-marker", _footnote_markers(editor.text))
    editor.apply("hyphenation", _hyphenation(editor.text)[0])
    editor.apply("compound-space", _hyphenation(editor.text)[1])
    editor.apply(
        "nbsp", [(m.start(), m.end(), " ") for m in re.finditer(f"[{_SPACES}]", editor.text)]
    )
    editor.apply("whitespace", _fold_spaces(editor.text))
    return editor.text, editor.offset_map()


def normalise_first_pass(original: str) -> tuple[str, OffsetMap]:
    """The first pass (:func:`normalise`) with its offset map: NFC, ``schwa`` and ``nbsp``.

    >>> text, offsets = normalise_first_pass("н\u0259тиже\u00a0 жоқ")
    >>> text, [(e.kind, e.original, e.replacement) for e in offsets.edits]
    ('нәтиже  жоқ', [('schwa', 'ə', 'ә'), ('nbsp', '\\xa0', ' ')])
    """
    editor = _Editor(original)
    editor.compose()
    schwa, _, _ = _schwa_and_lookalikes(editor.text)
    editor.apply("schwa", schwa)
    spaces = [(m.start(), m.end(), " ") for m in re.finditer("[\u00a0\u202f\u2007]", editor.text)]
    editor.apply("nbsp", spaces)
    return editor.text, editor.offset_map()


@functools.lru_cache(maxsize=16)
def offsets_of(text: str, original: str) -> OffsetMap:
    """The map from ``text`` back to ``original``, of which it must be the deep normal form (the
    texts' form) or the first pass (their former form); otherwise a :class:`CorpusError`.
    (Cached: citing many spans of one text normalises its original once.)"""
    deep, offsets = normalise_deep(original)
    if text == deep:
        return offsets
    first, offsets = normalise_first_pass(original)
    if text == first == normalise(original):
        return offsets
    raise CorpusError("the text is not the normal form of its original (run `kg corpus normalise`)")


# --------------------------------------------------------------------------- the corpus's texts


@dataclass(frozen=True)
class NormalisedText:
    """An original of the corpus in a normal form, and where that goes: ``target`` in
    ``texts/``, which ``changed`` says is missing or differs from ``text``."""

    original: Path
    target: Path
    text: str
    edit_counts: dict[str, int]
    changed: bool


def plan_normalisation(corpus_dir: Path, *, deep: bool = True) -> list[NormalisedText]:
    """Every original of ``corpus_dir/original/`` in the deep normal form (or the first pass),
    beside the text of the same name in ``corpus_dir/texts/`` it would replace; nothing is
    written (``kg corpus normalise`` writes the changed ones). Empty when there are no
    originals."""
    planned = []
    for original in sorted((corpus_dir / "original").glob("*.txt")):
        raw = original.read_text(encoding="utf-8")
        text, offsets = normalise_deep(raw) if deep else normalise_first_pass(raw)
        target = corpus_dir / "texts" / original.name
        changed = not target.is_file() or target.read_text(encoding="utf-8") != text
        planned.append(NormalisedText(original, target, text, offsets.counts(), changed))
    return planned
