"""Evidence spans cited in both texts: the normalised one (where the graph counts offsets) and
the original (where a reader finds the very characters)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from kg.corpus.normalise import Edit, offsets_of
from kg.corpus.texts import CorpusError, Document

__all__ = [
    "SPAN_REFERENCE",
    "Citation",
    "SpanReference",
    "cite",
    "cite_reference",
    "parse_reference",
    "resolve_reference",
]

SPAN_REFERENCE = re.compile(r"(?:.*/)?evidence/(\d+)-(\d+)-(\d+)|([\w.-]+):(\d+)-(\d+)")
"""An evidence id (``evidence/000-1012-1110``, or its full IRI) or ``DOC:START-END``."""


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


@dataclass(frozen=True)
class SpanReference:
    """A span a reader names: a document (its id or number) and character offsets, from an
    evidence id (offsets in the normalised text) or written ``DOC:START-END``."""

    doc: str
    start: int
    end: int
    from_evidence_id: bool


def parse_reference(reference: str) -> SpanReference:
    """The span that ``reference`` names; :class:`CorpusError` if it names none.

    >>> parse_reference("https://w3id.org/dostastyq/id/evidence/000-1012-1110")
    SpanReference(doc='000', start=1012, end=1110, from_evidence_id=True)
    >>> parse_reference("002:5000-5100")
    SpanReference(doc='002', start=5000, end=5100, from_evidence_id=False)
    """
    found = SPAN_REFERENCE.fullmatch(reference.strip())
    if not found:
        raise CorpusError(
            f"{reference!r} is neither an evidence id (evidence/000-1012-1110) nor "
            "DOC:START-END (000:1012-1110)"
        )
    if found.group(1) is not None:
        return SpanReference(found.group(1), int(found.group(2)), int(found.group(3)), True)
    return SpanReference(found.group(4), int(found.group(5)), int(found.group(6)), False)


def resolve_reference(
    reference: str, documents: Mapping[str, Document], *, original_offsets: bool = False
) -> tuple[Document, int, int]:
    """The document and offsets that ``reference`` names, among ``documents`` (by id or number).

    With ``original_offsets`` the offsets are the original's, which an evidence id never gives.
    Raises :class:`CorpusError` when the reference names no span or no document.
    """
    span = parse_reference(reference)
    if span.from_evidence_id and original_offsets:
        raise CorpusError("an evidence id gives offsets in the normalised text")
    by_number = {document.number: document for document in documents.values()}
    document = documents.get(span.doc) or by_number.get(span.doc)
    if document is None:
        manifest = next((str(d.manifest_path) for d in documents.values()), "the manifest")
        known = ", ".join(sorted(documents))
        raise CorpusError(f"{span.doc!r} is no document of {manifest} ({known})")
    return document, span.start, span.end


def cite_reference(
    reference: str, documents: Mapping[str, Document], *, original_offsets: bool = False
) -> Citation:
    """:func:`cite` for a reference as a reader writes it (see :func:`resolve_reference`)."""
    document, start, end = resolve_reference(
        reference, documents, original_offsets=original_offsets
    )
    return cite(document, start, end, original_offsets=original_offsets)
