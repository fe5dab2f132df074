"""What curation has missed: sentences that look like claims but support no curated fact.

A *candidate* is a sentence that names two or more known entities and has a relation word
(мүше, қосылды, шықты, қол қойды, құрылды, бекітті, ратификациялады, байқаушы …) or a date. It is
*covered* when an evidence quote of the curated facts overlaps it. The worklist is the uncovered
candidates, best first; coverage is, per document, the share of candidates that are covered.

>>> from kg.corpus.mentions import Gazetteer
>>> gazetteer = Gazetteer.from_names([("state/GEO", "state", "kk", "Грузия"),
...     ("org/cis", "organisation", "kk", "Достастық")])
>>> text = "1993 жылғы желтоқсанда Достастыққа Грузия қосылды. Грузия әдемі."
>>> [(c.sentence.text, c.entities, c.relation_words) for c in candidates(text, gazetteer)]
[('1993 жылғы желтоқсанда Достастыққа Грузия қосылды.', ('org/cis', 'state/GEO'), ('joined',))]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from kg.corpus.kdates import DateMention, find_dates
from kg.corpus.mentions import Gazetteer, Mention
from kg.corpus.normalise import normalise_deep, normalise_first_pass, offsets_of
from kg.corpus.segment import Sentence, sentences
from kg.corpus.texts import CorpusError, find_quote, load_manifest, normalise
from kg.facts.loader import fact_files
from kg.facts.records import FactBase, TextEvidence

__all__ = [
    "RELATION_WORDS",
    "Candidate",
    "Coverage",
    "MentionInContext",
    "QuoteCheck",
    "candidates",
    "coverage",
    "evidence_spans",
    "mentions_of",
    "quotes_against",
    "review",
    "worklist",
]

_L = r"[^\W\d_]*"
# Relation words by the relation they suggest; stems take any ending (мүшесі, қосылған …).
RELATION_WORDS: dict[str, re.Pattern[str]] = {
    "member": re.compile(rf"(?i)(?<![^\W\d_])мүше{_L}|\bчлен{_L}"),
    "joined": re.compile(
        rf"(?i)(?<![^\W\d_])(?:қосыл{_L}|кір(?:ді|ген|еді|у|уі|уге|гендер){_L}|құрамына\s+ен{_L}|"
        rf"присоедин{_L}|вступ{_L})"
    ),
    "left": re.compile(
        rf"(?i)(?<![^\W\d_])(?:шық(?:ты|қан|у|уы|уға|қандығы|атын){_L}|вы(?:шл|ход){_L})"
    ),
    "signed": re.compile(rf"(?i)(?<![^\W\d_])(?:қол\s+қой{_L}|подпис{_L})"),
    "founded": re.compile(
        rf"(?i)(?<![^\W\d_])(?:құр(?:ыл|ды|ған|у|уы|уға|уын|ушы){_L}|негізін\s+қала{_L}|"
        rf"учрежд{_L}|созда{_L}|образова{_L})"
    ),
    "ratified": re.compile(rf"(?i)(?<![^\W\d_])(?:бекіт{_L}|ратифика{_L})"),
    "adopted": re.compile(rf"(?i)(?<![^\W\d_])(?:қабылда{_L}|принят{_L})"),
    "observer": re.compile(rf"(?i)(?<![^\W\d_])(?:байқаушы{_L}|наблюдат{_L})"),
    "dissolved": re.compile(rf"(?i)(?<![^\W\d_])(?:тарат{_L}|ыдыра{_L}|распа{_L})"),
    "suspended": re.compile(rf"(?i)(?<![^\W\d_])(?:тоқтат{_L}|приостанов{_L})"),
}


@dataclass(frozen=True)
class Candidate:
    """A sentence that names two or more entities near a relation word or a date."""

    doc: str
    sentence: Sentence
    mentions: tuple[Mention, ...]
    entities: tuple[str, ...]
    relation_words: tuple[str, ...]
    dates: tuple[DateMention, ...]
    score: float
    covered: bool = False


def _relation_words(text: str) -> list[tuple[str, int, int]]:
    found = []
    for relation, pattern in RELATION_WORDS.items():
        found += [(relation, m.start(), m.end()) for m in pattern.finditer(text)]
    return sorted(found, key=lambda item: item[1])


def _score(
    sentence: Sentence,
    mentions: list[Mention],
    words: list[tuple[str, int, int]],
    dates: list[DateMention],
) -> float:
    """Relation words count most, then a date, then how many entities, and whether two of them
    stand within 100 characters of a relation word; long sentences are less likely one claim."""
    entities = {m.entity for m in mentions}
    kinds = {entity.split("/", 1)[0] for entity in entities}
    score = 2.0 * len({w[0] for w in words}) + (1.0 if dates else 0.0) + min(len(entities), 5)
    if "state" in kinds and kinds & {"org", "agreement"}:
        score += 1.0
    for _, start, end in words:
        near = {m.entity for m in mentions if m.end >= start - 100 and m.start <= end + 100}
        if len(near) >= 2:
            score += 1.0
            break
    if len(sentence.text) > 400:
        score -= 1.0
    return score


def candidates(text: str, gazetteer: Gazetteer, doc: str = "") -> list[Candidate]:
    """Every candidate sentence of ``text`` (not yet checked against the evidence)."""
    text = normalise(text)
    all_mentions = gazetteer.find(text)
    all_dates = find_dates(text)
    all_words = _relation_words(text)
    found: list[Candidate] = []
    for sentence in sentences(text):
        inside = [m for m in all_mentions if sentence.start <= m.start < sentence.end]
        entities = tuple(sorted({m.entity for m in inside}))
        if len(entities) < 2:
            continue
        words = [w for w in all_words if sentence.start <= w[1] < sentence.end]
        dates = [d for d in all_dates if sentence.start <= d.start < sentence.end]
        if not words and not dates:
            continue
        found.append(
            Candidate(
                doc,
                sentence,
                tuple(inside),
                entities,
                tuple(dict.fromkeys(w[0] for w in words)),
                tuple(dates),
                _score(sentence, inside, words, dates),
            )
        )
    return found


def evidence_spans(facts: FactBase) -> dict[str, list[tuple[int, int]]]:
    """Where the curated facts quote each document: ``doc id -> [(start, end), …]``."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for item in _text_evidence(facts):
        spans.setdefault(item.doc, []).append((item.start, item.end))
    return spans


def _text_evidence(facts: FactBase) -> Iterable[TextEvidence]:
    for relation in facts.relations():
        yield from (e for e in relation.evidence if isinstance(e, TextEvidence))
    for entity in facts.entities.values():
        yield from (e for e in entity.evidence if isinstance(e, TextEvidence))


def review(facts: FactBase, gazetteer: Gazetteer | None = None) -> list[Candidate]:
    """Every candidate sentence of every document, marked covered or not, in document order."""
    gazetteer = gazetteer or Gazetteer.from_facts(facts)
    spans = evidence_spans(facts)
    reviewed: list[Candidate] = []
    for doc_id, document in sorted(facts.documents.items()):
        quoted = spans.get(doc_id, [])
        for candidate in candidates(document.text(), gazetteer, doc_id):
            covered = any(candidate.sentence.overlaps(start, end) for start, end in quoted)
            reviewed.append(_with(candidate, covered))
    return reviewed


def _with(candidate: Candidate, covered: bool) -> Candidate:
    return Candidate(
        candidate.doc,
        candidate.sentence,
        candidate.mentions,
        candidate.entities,
        candidate.relation_words,
        candidate.dates,
        candidate.score,
        covered,
    )


def worklist(facts: FactBase, gazetteer: Gazetteer | None = None) -> list[Candidate]:
    """The uncovered candidates, best first (score, then document order)."""
    uncovered = [c for c in review(facts, gazetteer) if not c.covered]
    return sorted(uncovered, key=lambda c: (-c.score, c.doc, c.sentence.start))


@dataclass(frozen=True)
class Coverage:
    """How much of a document's candidate sentences the curated facts cover."""

    doc: str
    sentences: int
    candidates: int
    covered: int
    quotes: int

    @property
    def share(self) -> float:
        return self.covered / self.candidates if self.candidates else 1.0


def coverage(facts: FactBase, gazetteer: Gazetteer | None = None) -> list[Coverage]:
    """Per document: its sentences, candidates, covered candidates and evidence quotes."""
    reviewed = review(facts, gazetteer)
    spans = evidence_spans(facts)
    result = []
    for doc_id, document in sorted(facts.documents.items()):
        mine = [c for c in reviewed if c.doc == doc_id]
        result.append(
            Coverage(
                doc_id,
                len(sentences(document.text())),
                len(mine),
                sum(c.covered for c in mine),
                len(spans.get(doc_id, [])),
            )
        )
    return result


@dataclass(frozen=True)
class MentionInContext:
    doc: str
    line: int
    mention: Mention
    context: str


def mentions_of(
    entity: str, facts: FactBase, gazetteer: Gazetteer | None = None, width: int = 60
) -> list[MentionInContext]:
    """Where ``entity`` is mentioned in the corpus, with ``width`` characters of context."""
    gazetteer = gazetteer or Gazetteer.from_facts(facts)
    found = []
    for doc_id, document in sorted(facts.documents.items()):
        text = document.text()
        for mention in gazetteer.find(text):
            if mention.entity != entity:
                continue
            before = text[max(0, mention.start - width) : mention.start]
            after = text[mention.end : mention.end + width]
            context = " ".join(f"{before}[{mention.text}]{after}".split())
            found.append(
                MentionInContext(doc_id, text.count("\n", 0, mention.start) + 1, mention, context)
            )
    return found


@dataclass(frozen=True)
class QuoteCheck:
    """What becomes of an evidence quote when the texts are rewritten in a normal form.

    ``status`` is ``same`` (found as it is, at the same place of the original as in today's
    texts), ``new`` (found as it is in the new texts and not in today's: a quote already written
    for them), ``rewrite`` (not found as it is, because the normalisation changed the text inside
    it; ``rewritten`` is the same passage in the new text, which the quote should become),
    ``moved`` (found as it is, but elsewhere, or not as often as its ``occurrence`` says) or
    ``missing`` (found in neither).
    """

    doc: str
    quote: str
    location: str
    status: str
    rewritten: str = ""

    @property
    def breaks(self) -> bool:
        """Would the build fail on this quote, or anchor it elsewhere, in the new texts?"""
        return self.status not in ("same", "new")


@dataclass(frozen=True)
class _QuoteItem:
    doc: str
    quote: str
    occurrence: int
    location: str


def _quote_items(facts_dir: Path) -> list[_QuoteItem]:
    """Every ``{doc, quote}`` evidence item of the fact files, read from the YAML itself (the
    facts need not load against today's texts), once per use of a YAML alias (as the loader)."""
    items: list[_QuoteItem] = []

    def walk(node: yaml.Node, path: Path) -> None:
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                walk(child, path)
        elif isinstance(node, yaml.MappingNode):
            fields = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
            doc, quote = fields.get("doc"), fields.get("quote")
            if isinstance(doc, yaml.ScalarNode) and isinstance(quote, yaml.ScalarNode):
                occurrence = fields.get("occurrence")
                number = getattr(occurrence, "value", "1")
                items.append(
                    _QuoteItem(
                        str(doc.value),
                        str(quote.value),
                        int(number) if str(number).isdigit() and int(number) > 0 else 1,
                        f"{path}:{node.start_mark.line + 1}",
                    )
                )
                return
            for _, child in node.value:
                walk(child, path)

    for path in fact_files(facts_dir):
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        if root is not None:
            walk(root, path)
    return items


def quotes_against(facts_dir: Path, corpus_dir: Path, deep: bool = True) -> list[QuoteCheck]:
    """Try every evidence quote of ``facts_dir`` against the normal form (``deep``, or the first
    pass) of its document's original in ``corpus_dir/original/``.

    A quote is compared by the place of the original it stands for: today's place (through the
    map of today's text, deep or first pass, to its original) and the new one (through the new
    text's map). Quotes on documents the manifest does not list are left to the fact loader.
    """
    documents = load_manifest(corpus_dir)
    texts: dict[str, tuple] = {}
    checks = []
    for item in _quote_items(facts_dir):
        document = documents.get(item.doc)
        if document is None:
            continue
        if item.doc not in texts:
            original = document.original()
            try:
                today = offsets_of(document.text(), original)
            except CorpusError:
                today = None  # a text that is neither form: only the new texts are judged
            new = normalise_deep(original) if deep else normalise_first_pass(original)
            texts[item.doc] = (document.text(), today, *new)
        text, today, new_text, new_offsets = texts[item.doc]
        before, _ = find_quote(text, item.quote, item.occurrence)
        after, count = find_quote(new_text, item.quote, item.occurrence)
        place = today.to_original(before.start, before.end) if before and today else None
        passage = ""
        if after is not None:
            new_place = new_offsets.to_original(after.start, after.end)
            status = "new" if before is None else "same" if place in (None, new_place) else "moved"
        elif count:
            status = "moved"
        else:
            if place is not None:  # what is left of today's place in the new text
                passage = new_text[slice(*new_offsets.to_normalised(*place))]
            status, passage = ("rewrite", passage) if passage.strip() else ("missing", "")
        checks.append(QuoteCheck(item.doc, item.quote, item.location, status, passage))
    return checks
