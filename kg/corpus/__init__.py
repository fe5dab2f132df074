"""The corpus: documents, their manifest and their normalised text (step one of the flow).

The originals (``corpus/original/``) are kept exactly as they came; ``corpus/texts/`` holds the
normalised copies that evidence quotes are matched against and that character offsets count in.
The normalisation is reproducible: ``normalise_deep(original)[0] == text`` is checked by the
tests, and ``kg corpus normalise`` rewrites ``corpus/texts/`` from the originals.

**The texts are in the deep normal form** (:func:`normalise_deep`). It maps Latin look-alike
letters inside Cyrillic words (and Cyrillic ones inside Latin words) to the word's script, writes
mixed-script Roman numerals in Latin, folds runs of spaces, rejoins words hyphenated at old line
breaks ("баста- малары") while real compounds keep their hyphen ("бір-бірімен"), repairs the
thesis's legacy-font quote/ң swap ("де”гейіне") and its mojibake footnotes (CP1251 read as
Windows-1252), removes the download site's header and advertising tail and the footnote markers
glued to sentence ends ("шыққан.26"). Every step only deletes characters or replaces one
character by one (NFC alone may compose a few into one), so each character of the deep text
comes from one place in the original: the :class:`OffsetMap` returned beside the text maps
offsets both ways, so evidence can be cited in either (:func:`cite`, ``kg corpus cite``), and
lists every edit with its kind.

>>> text, offsets = normalise_deep("Ал ТМД мүшелерінің бейбіт баста- малары\u00a0нəтижесіз.")
>>> text
'Ал ТМД мүшелерінің бейбіт бастамалары нәтижесіз.'
>>> start = text.index("бастамалары")
>>> offsets.to_original(start, start + len("бастамалары"))
(26, 39)
>>> sorted(offsets.counts().items())
[('hyphenation', 1), ('nbsp', 1), ('schwa', 1)]

**The first pass** (:func:`normalise`, the texts' former normal form) replaces characters one for
one (Latin schwa by Cyrillic schwa, no-break spaces by spaces), so its offsets are the
original's. The mention and date finders still match any text in it, for the same reason: what
they find in a text keeps that text's offsets.

>>> normalise("т\u0259уелсіз\u00a0мемлекет")
'тәуелсіз мемлекет'

The modules: ``texts`` (documents, the manifest, quotes, citations), ``normalise`` (the deep
normal form and its offset map), ``segment`` (sentences), ``mentions`` (entity names in Kazakh
and Russian, inflected), ``kdates`` (dates written in Kazakh or Russian).
"""

from __future__ import annotations

from kg.corpus.cite import Citation, cite
from kg.corpus.normalise import Edit, OffsetMap, normalise_deep, normalise_first_pass, offsets_of
from kg.corpus.texts import (
    CorpusError,
    Document,
    Span,
    find_quote,
    load_manifest,
    normalise,
)

__all__ = [
    "Citation",
    "CorpusError",
    "Document",
    "Edit",
    "OffsetMap",
    "Span",
    "cite",
    "find_quote",
    "load_manifest",
    "normalise",
    "normalise_deep",
    "normalise_first_pass",
    "offsets_of",
]
