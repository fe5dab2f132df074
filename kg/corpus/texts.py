"""The corpus's documents: the manifest, the normalised texts, quotes found in them and cited
in the originals."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = [
    "REQUIRED_MANIFEST_FIELDS",
    "CorpusError",
    "Document",
    "Span",
    "find_quote",
    "load_manifest",
    "normalise",
]

# Latin letters typed for Kazakh Cyrillic ones by old keyboard layouts and fonts.
_LOOKALIKES = str.maketrans(
    {
        "\u0259": "\u04d9",  # Latin small schwa -> Cyrillic small schwa (ә)
        "\u018f": "\u04d8",  # Latin capital schwa -> Cyrillic capital schwa (Ә)
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space
        "\u2007": " ",  # figure space
    }
)


def normalise(text: str) -> str:
    """Return ``text`` in the project's normal form (NFC, Cyrillic schwa, plain spaces)."""
    return unicodedata.normalize("NFC", text).translate(_LOOKALIKES)


@dataclass(frozen=True)
class Document:
    """One corpus text as described by ``corpus/manifest.yaml``."""

    id: str
    title: str
    kind: str
    language: str
    date: str
    covers: str
    path: Path

    @property
    def number(self) -> str:
        """The short number that starts the id (``003`` for ``003_032a50789da7a807``)."""
        return self.id.split("_", 1)[0]

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def original_path(self) -> Path:
        """The original the text was normalised from: ``original/<id>.txt`` beside ``texts/``."""
        return self.path.parent.parent / "original" / self.path.name

    @property
    def manifest_path(self) -> Path:
        """The manifest that describes the text: ``manifest.yaml`` beside ``texts/``."""
        return self.path.parent.parent / "manifest.yaml"

    def original(self) -> str:
        try:
            return self.original_path.read_text(encoding="utf-8")
        except FileNotFoundError as err:
            raise CorpusError(f"document {self.id}: no original at {self.original_path}") from err


class CorpusError(ValueError):
    """The manifest or a text is missing or malformed."""


REQUIRED_MANIFEST_FIELDS = ("id", "title", "kind", "language", "date", "covers")


def load_manifest(corpus_dir: Path) -> dict[str, Document]:
    """Read ``corpus_dir/manifest.yaml`` and return its documents by id.

    Every document must have a text in ``corpus_dir/texts/<id>.txt``.
    """
    manifest_path = corpus_dir / "manifest.yaml"
    try:
        raw = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise CorpusError(f"{manifest_path}: the corpus manifest is missing") from err
    except yaml.YAMLError as err:
        raise CorpusError(f"{manifest_path}: not valid YAML: {err}") from err
    entries = (raw or {}).get("documents") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise CorpusError(f"{manifest_path}: expected a top-level 'documents:' list")
    documents: dict[str, Document] = {}
    for position, entry in enumerate(entries, start=1):
        missing = [f for f in REQUIRED_MANIFEST_FIELDS if not (entry or {}).get(f)]
        if missing:
            raise CorpusError(
                f"{manifest_path}: document #{position}: missing {', '.join(missing)}"
            )
        doc_id = str(entry["id"])
        path = corpus_dir / "texts" / f"{doc_id}.txt"
        if not path.is_file():
            raise CorpusError(f"{manifest_path}: document {doc_id}: no text at {path}")
        if doc_id in documents:
            raise CorpusError(f"{manifest_path}: document {doc_id} is listed twice")
        documents[doc_id] = Document(
            id=doc_id,
            title=str(entry["title"]),
            kind=str(entry["kind"]),
            language=str(entry["language"]),
            date=str(entry["date"]),
            covers=str(entry["covers"]).strip(),
            path=path,
        )
    return documents


@dataclass(frozen=True)
class Span:
    """Where a quote stands in a normalised text: ``text[start:end] == exact``."""

    start: int
    end: int
    exact: str
    line: int


def find_quote(text: str, quote: str, occurrence: int = 1) -> tuple[Span | None, int]:
    """Find the ``occurrence``-th match of ``quote`` in ``text``; also return how many there are.

    The quote is normalised like the texts, and any run of white space in it matches any run of
    white space in the text (curators copy quotes from viewers that fold double spaces and line
    breaks). The span's ``exact`` is the quote as it stands in the text.

    >>> span, count = find_quote("Грузия  қосылды.\\nГрузия шықты.", "Грузия қосылды")
    >>> span, count
    (Span(start=0, end=15, exact='Грузия  қосылды', line=1), 1)
    >>> find_quote("Грузия қосылды.", "Грузия шықты")
    (None, 0)
    """
    words = normalise(quote).split()
    if not words:
        return None, 0
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    matches = list(pattern.finditer(text))
    if not 1 <= occurrence <= len(matches):
        return None, len(matches)
    match = matches[occurrence - 1]
    line = text.count("\n", 0, match.start()) + 1
    return Span(match.start(), match.end(), match.group(0), line), len(matches)
