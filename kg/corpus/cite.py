"""Evidence spans cited in both texts: the normalised one (where the graph counts offsets) and
the original (where a reader finds the very characters)."""

from __future__ import annotations

from dataclasses import dataclass

from kg.corpus.normalise import Edit, offsets_of
from kg.corpus.texts import CorpusError, Document


@dataclass(frozen=True)
class Citation:
    """A span of a normalised text and the span of the original it came from.

    ``exact`` is ``text[start:end]``; ``original_exact`` is ``original[original_start:
    original_end]``, the very characters of the source, with what the normalisation changed
    inside the span (or overlapping it) listed in ``edits``. Lines count from 1.
    """

    doc: str
    start: int
    end: int
    line: int
    exact: str
    original_start: int
    original_end: int
    original_line: int
    original_exact: str
    edits: tuple[Edit, ...]


def cite(document: Document, start: int, end: int, *, original_offsets: bool = False) -> Citation:
    """Where the normalised span ``[start, end)`` of ``document`` stands in its original, and
    what it reads there (with ``original_offsets``, the span is the original's, and the
    normalised span is what is left of it).

    Raises :class:`CorpusError` when the span is outside the text, or the text is not the
    normal form of its original (a stale ``corpus/texts/``: offsets would be wrong).
    """
    text, original = document.text(), document.original()
    try:
        offsets = offsets_of(text, original)
    except CorpusError as err:
        raise CorpusError(f"document {document.id}: {err}") from err
    try:
        if original_offsets:
            start, end = offsets.to_normalised(start, end)
        original_start, original_end = offsets.to_original(start, end)
    except ValueError as err:
        raise CorpusError(f"document {document.id}: {err}") from err
    inside = tuple(
        edit
        for edit in offsets.edits
        if original_start < edit.original_end and edit.original_start < original_end
    )
    return Citation(
        doc=document.id,
        start=start,
        end=end,
        line=text.count("\n", 0, start) + 1,
        exact=text[start:end],
        original_start=original_start,
        original_end=original_end,
        original_line=original.count("\n", 0, original_start) + 1,
        original_exact=original[original_start:original_end],
        edits=inside,
    )
