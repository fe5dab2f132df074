"""What the pages of ``/page/<id>`` and ``/doc/<id>`` show, read from a store: an entity's
names, identifiers and relations with their evidence; a corpus text with its evidence spans.

Plain values (dataclasses of strings, dates and numbers), no HTML: the templates write them,
escaped. Every query names the resource by its full IRI; ``resource_exists`` says whether the
graph knows an IRI at all (anything it is the subject or object of).

The relations of an entity are the relation nodes (``kg.vocab.CLAIM_KEYS``' classes) that
name it by any property: a state's memberships, signings, foundings, withdrawals and
successions; an organisation's members; an agreement's signatories.
"""

from __future__ import annotations

import datetime
import functools
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.corpus.segment import Sentence, sentence_at, sentences
from kg.stores.base import GraphResult, QueryResult, Store
from kg.vocab import CLAIM_KEYS, DQ, LANGUAGES, local_name, resource_id

__all__ = [
    "EntityView",
    "Evidence",
    "Relation",
    "TextView",
    "describe",
    "entity_view",
    "resource_exists",
    "text_view",
]

RELATION_CLASSES = " ".join(f"<{cls}>" for cls in CLAIM_KEYS)
DOCUMENT_PREFIX = "doc/"


@dataclass(frozen=True, order=True)
class Link:
    """Another resource, as a page links to it: its id and its label in the page's language."""

    id: str
    label: str


@dataclass(frozen=True)
class Evidence:
    """One evidence node of a relation: a span of a corpus text, or an external source."""

    id: str
    quote: str = ""
    document: str = ""  # the document id (``003_032a…``), for /doc/<document>
    document_label: str = ""
    start: int | None = None
    end: int | None = None
    line: int | None = None
    sentence: str = ""  # the sentence around the quote, from the text itself
    sentence_start: int | None = None  # where the sentence starts in the text
    source: str = ""  # an external source's URL
    citation: str = ""
    flaw: str = ""  # the words of the quote the curators judge wrong, for this relation
    flaw_start: int | None = None  # where they stand in the text
    flaw_note: str = ""  # why, in the page's language (else English)

    @property
    def anchor(self) -> str:
        """The quote's anchor in the text view: ``c<start>-<end>``."""
        return f"c{self.start}-{self.end}"

    def shown_parts(self) -> tuple[str, str, str]:
        """The text the page shows (the sentence, else the quote) cut around the flawed words:
        (before, the words, after); (the text, "", "") when the quote has no flaw.

        >>> Evidence("e", quote="b c", start=2, end=5, flaw="c", flaw_start=4).shown_parts()
        ('b ', 'c', '')
        """
        shown = self.sentence or self.quote
        first = self.sentence_start if self.sentence else self.start
        if not self.flaw or self.flaw_start is None or first is None:
            return shown, "", ""
        at = self.flaw_start - first
        if at < 0 or shown[at : at + len(self.flaw)] != self.flaw:
            return shown, "", ""
        return shown[:at], self.flaw, shown[at + len(self.flaw) :]


@dataclass
class Relation:
    """A relation node that names the entity: its class, how it names the entity, the other
    resources it names, its dates, rank, notes and evidence."""

    id: str
    kind: str  # Membership, Signing, …
    as_role: str  # the property naming the entity: member, organisation, signatory, …
    others: list[tuple[str, Link]] = field(default_factory=list)  # (property, resource)
    role: str = ""  # a membership's role: FullMember, …
    start: datetime.date | None = None
    end: datetime.date | None = None
    date: datetime.date | None = None
    rank: str = ""
    notes: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def first_day(self) -> datetime.date | None:
        return self.start or self.date


@dataclass
class EntityView:
    """Everything the page of one resource shows."""

    id: str
    iri: str
    types: list[str]
    label: str
    labels: dict[str, str]  # by language
    other_names: list[str]
    identifiers: list[tuple[str, str, str]]  # (name, value, link or "")
    relations: list[Relation]
    facts: list[tuple[str, str]]  # other literal properties, (property, value)

    def memberships(self) -> list[Relation]:
        return [r for r in self.relations if r.kind == "Membership" and r.start is not None]


@dataclass(frozen=True)
class Span:
    """A piece of a text for the text view: plain, or inside one or more evidence spans."""

    text: str
    marks: tuple[str, ...] = ()  # the anchors (``c<start>-<end>``) of the spans covering it
    anchors: tuple[str, ...] = ()  # the anchors of the spans that start here
    flawed: bool = False  # inside words of a quote the curators judge wrong (a dq:EvidenceFlaw)


@dataclass(frozen=True)
class TextView:
    id: str
    label: str
    spans: list[Span]
    evidence: int  # how many evidence spans the text has


def resource_exists(store: Store, iri: str) -> bool:
    answer = store.query(f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}")
    return bool(isinstance(answer, QueryResult) and answer.rows and _true(answer.rows[0][0]))


def describe(store: Store, iri: str) -> Graph:
    """The resource's own triples, those of the relation nodes that name it and those of
    their evidence and evidence flaws (with their selectors): what ``/data/<id>`` answers."""
    answer = store.query(
        f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{
          {{ BIND (<{iri}> AS ?s) ?s ?p ?o }}
          UNION {{ ?s ?named <{iri}> ; a ?class ; ?p ?o . VALUES ?class {{ {RELATION_CLASSES} }} }}
          UNION {{ ?claim ?named <{iri}> ; a ?class ; prov:wasDerivedFrom ?s . ?s ?p ?o .
                   VALUES ?class {{ {RELATION_CLASSES} }} }}
          UNION {{ ?claim ?named <{iri}> ; a ?class ; prov:wasDerivedFrom ?e .
                   ?e oa:hasSelector ?s . ?s ?p ?o . VALUES ?class {{ {RELATION_CLASSES} }} }}
          UNION {{ ?claim ?named <{iri}> ; a ?class ; dq:evidenceFlaw ?s . ?s ?p ?o .
                   VALUES ?class {{ {RELATION_CLASSES} }} }}
          UNION {{ ?claim ?named <{iri}> ; a ?class ; dq:evidenceFlaw/oa:hasSelector ?s .
                   ?s ?p ?o . VALUES ?class {{ {RELATION_CLASSES} }} }}
        }}"""
    )
    assert isinstance(answer, GraphResult)
    return answer.graph


def entity_view(store: Store, iri: str, lang: str, corpus: Path | None = None) -> EntityView:
    """The page of ``iri`` in ``lang``; quotes get their sentence from ``corpus`` (the folder
    of the normalised texts, ``<document id>.txt``) when it has the text."""
    own = _rows(store, f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}")
    labels: dict[str, str] = {}
    other_names: list[str] = []
    types: list[str] = []
    identifiers: list[tuple[str, str, str]] = []
    facts: list[tuple[str, str]] = []
    for predicate, value in own:
        name = str(predicate)
        if name.endswith("#label") and isinstance(value, Literal):
            labels.setdefault(value.language or "", str(value))
        elif name.endswith("#altLabel"):
            other_names.append(str(value))
        elif name.endswith("#type"):
            types.append(local_name(URIRef(str(value))))
        elif name.endswith("#sameAs") and "wikidata.org/entity/" in str(value):
            qid = str(value).rsplit("/", 1)[-1]
            identifiers.append(("Wikidata", qid, f"https://www.wikidata.org/wiki/{qid}"))
        elif predicate == DQ.iso3:
            identifiers.append(("ISO 3166", str(value), ""))
        elif predicate == DQ.cowCode:
            identifiers.append(("COW code", str(value), ""))
        elif predicate == DQ.cowAbbreviation:
            identifiers.append(("COW abbreviation", str(value), ""))
        elif isinstance(value, Literal) and str(predicate).startswith(str(DQ)):
            facts.append((local_name(URIRef(str(predicate))), str(value)))
    relations = _relations(store, iri, lang, corpus)
    return EntityView(
        id=resource_id(URIRef(iri)) or iri,
        iri=iri,
        types=sorted(set(types) - {"BestRank"}),
        label=_pick(labels, lang) or (resource_id(URIRef(iri)) or iri),
        labels=labels,
        other_names=sorted(set(other_names)),
        identifiers=sorted(identifiers),
        relations=relations,
        facts=sorted(facts),
    )


def _relations(store: Store, iri: str, lang: str, corpus: Path | None) -> list[Relation]:
    named = _rows(
        store,
        f"SELECT ?rel ?class ?prop WHERE {{ ?rel ?prop <{iri}> ; a ?class . "
        f"VALUES ?class {{ {RELATION_CLASSES} }} }}",
    )
    if not named:
        return []
    relations: dict[str, Relation] = {}
    for rel, cls, prop in named:
        relations.setdefault(
            str(rel),
            Relation(
                id=resource_id(URIRef(str(rel))) or str(rel),
                kind=local_name(URIRef(str(cls))),
                as_role=local_name(URIRef(str(prop))),
            ),
        )
    values = " ".join(f"<{rel}>" for rel in relations)
    properties = _rows(
        store, f"SELECT ?rel ?p ?o WHERE {{ VALUES ?rel {{ {values} }} ?rel ?p ?o }}"
    )
    others: set[str] = set()
    evidence_of: dict[str, list[str]] = defaultdict(list)
    notes: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    flaws_of: dict[str, list[str]] = defaultdict(list)
    for rel, predicate, value in properties:
        relation = relations[str(rel)]
        name = local_name(URIRef(str(predicate)))
        if isinstance(value, Literal):
            if name in ("start", "end", "date") and isinstance(value.toPython(), datetime.date):
                setattr(relation, name, value.toPython())
            elif name == "note":
                notes[str(rel)][value.language or "en"].append(str(value))
        elif str(predicate).endswith("wasDerivedFrom"):
            evidence_of[str(rel)].append(str(value))
        elif predicate == DQ.evidenceFlaw:
            flaws_of[str(rel)].append(str(value))
        elif name == "role":
            relation.role = local_name(URIRef(str(value)))
        elif name == "rank":
            relation.rank = local_name(URIRef(str(value)))
        elif resource_id(URIRef(str(value))) is not None and str(value) != iri and name != "type":
            relation.others.append((name, Link(str(value), "")))
            others.add(str(value))
    labels = _labels(store, others, lang)
    for relation in relations.values():
        relation.others = sorted(
            (name, Link(resource_id(URIRef(link.id)) or link.id, labels.get(link.id, "")))
            for name, link in relation.others
        )
    for claim, by_language in notes.items():
        # The note in the page's language where the curators wrote one, else the English one.
        relations[claim].notes = sorted(by_language.get(lang) or by_language.get("en") or [])
    evidence = _evidence(store, {e for ids in evidence_of.values() for e in ids}, lang, corpus)
    flaws = _flaws(store, {f for ids in flaws_of.values() for f in ids}, lang)
    for claim, ids in evidence_of.items():
        # A flaw is the claim's and its quote's: marked on the claim's copy of the evidence.
        flawed = dict(flaws[f] for f in flaws_of.get(claim, ()) if f in flaws)
        relations[claim].evidence = sorted(
            (replace(evidence[e], **flawed.get(e, {})) for e in ids if e in evidence),
            key=lambda item: (item.document, item.start or 0, item.source),
        )
    return sorted(
        relations.values(),
        key=lambda r: (r.kind, r.first_day or datetime.date.max, r.id),
    )


def _evidence(
    store: Store, ids: Iterable[str], lang: str, corpus: Path | None
) -> dict[str, Evidence]:
    ids = sorted(ids)
    if not ids:
        return {}
    values = " ".join(f"<{e}>" for e in ids)
    rows = _rows(
        store,
        f"""SELECT ?e ?doc ?quote ?start ?end ?line ?source ?citation WHERE {{
          VALUES ?e {{ {values} }}
          {{ ?e oa:hasSource ?doc ; oa:hasSelector ?q , ?pos .
             ?q oa:exact ?quote . ?pos oa:start ?start ; oa:end ?end .
             OPTIONAL {{ ?e dq:line ?line }} }}
          UNION {{ ?e dcterms:source ?source .
                   OPTIONAL {{ ?e dcterms:bibliographicCitation ?citation }} }}
        }}""",
    )
    documents = _labels(store, {str(row[1]) for row in rows if row[1] is not None}, lang)
    found: dict[str, Evidence] = {}
    texts: dict[str, tuple[str, list[Sentence]] | None] = {}
    for e, doc, quote, start, end, line, source, citation in rows:
        if doc is not None:
            document = (resource_id(URIRef(str(doc))) or "").removeprefix(DOCUMENT_PREFIX)
            first, last = int(str(start)), int(str(end))
            if document not in texts:
                texts[document] = _read_cut(corpus, document)
            sentence, sentence_start = _sentence(texts[document], first, last)
            found[str(e)] = Evidence(
                id=resource_id(URIRef(str(e))) or str(e),
                quote=str(quote),
                document=document,
                document_label=documents.get(str(doc), document),
                start=first,
                end=last,
                line=int(str(line)) if line is not None else None,
                sentence=sentence,
                sentence_start=sentence_start,
            )
        elif source is not None and str(e) not in found:
            found[str(e)] = Evidence(
                id=resource_id(URIRef(str(e))) or str(e),
                source=str(source),
                citation=str(citation or ""),
            )
    return found


def _flaws(store: Store, ids: Iterable[str], lang: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """Each flaw's evidence node, and its ``Evidence`` fields: the words at fault, where they
    start in the text, and the note in ``lang`` (else English)."""
    ids = sorted(ids)
    if not ids:
        return {}
    values = " ".join(f"<{f}>" for f in ids)
    rows = _rows(
        store,
        f"""SELECT ?f ?e ?detail ?start ?note WHERE {{
          VALUES ?f {{ {values} }}
          ?f dq:flawedEvidence ?e ; dq:flawedDetail ?detail ; oa:hasSelector ?pos ;
             skos:note ?note .
          ?pos oa:start ?start .
        }}""",
    )
    notes: dict[str, dict[str, str]] = defaultdict(dict)
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for flaw, e, detail, start, note in rows:
        notes[str(flaw)][getattr(note, "language", None) or "en"] = str(note)
        found[str(flaw)] = (str(e), {"flaw": str(detail), "flaw_start": int(str(start))})
    for iri, (_, fields) in found.items():
        fields["flaw_note"] = _pick(notes[iri], lang)
    return found


def text_view(store: Store, document: str, text: str, lang: str) -> TextView:
    """The text of the corpus document ``document`` (an id without ``doc/``), cut into pieces
    at every evidence span's ends, each piece saying which spans cover it."""
    iri = f"https://w3id.org/dostastyq/id/{DOCUMENT_PREFIX}{document}"
    rows = _rows(
        store,
        f"SELECT DISTINCT ?start ?end WHERE {{ ?e oa:hasSource <{iri}> ; oa:hasSelector ?pos . "
        "?pos oa:start ?start ; oa:end ?end }",
    )
    spans = _ranges(rows)
    flawed = _ranges(
        _rows(
            store,
            f"SELECT DISTINCT ?start ?end WHERE {{ ?f dq:flawedEvidence ?e ; oa:hasSelector ?pos . "
            f"?e oa:hasSource <{iri}> . ?pos oa:start ?start ; oa:end ?end }}",
        )
    )
    ends = (b for span in (*spans, *flawed) for b in span if b <= len(text))
    cuts = sorted({0, len(text), *ends})
    pieces = []
    for left, right in itertools.pairwise(cuts):
        marks = tuple(f"c{s}-{e}" for s, e in spans if s <= left and right <= e)
        anchors = tuple(f"c{s}-{e}" for s, e in spans if s == left)
        wrong = any(s <= left and right <= e for s, e in flawed)
        pieces.append(Span(text[left:right], marks, anchors, wrong))
    label = _labels(store, {iri}, lang).get(iri, document)
    return TextView(document, label, pieces, len(spans))


# --------------------------------------------------------------------------- helpers


def _ranges(rows: Iterable[tuple[Node | None, ...]]) -> list[tuple[int, int]]:
    """(start, end) rows as sorted, non-empty ranges of integers."""
    found = {(int(str(start)), int(str(end))) for start, end in rows}
    return sorted((start, end) for start, end in found if 0 <= start < end)


def _rows(store: Store, query: str) -> list[tuple[Node | None, ...]]:
    answer = store.query(query)
    assert isinstance(answer, QueryResult)
    return [tuple(row) for row in answer.rows]


def _labels(store: Store, iris: Iterable[str], lang: str) -> dict[str, str]:
    """The label of each IRI in ``lang``, else English, else any."""
    iris = sorted(iris)
    if not iris:
        return {}
    values = " ".join(f"<{iri}>" for iri in iris)
    by_iri: dict[str, dict[str, str]] = defaultdict(dict)
    for iri, label in _rows(
        store, f"SELECT ?x ?label WHERE {{ VALUES ?x {{ {values} }} ?x rdfs:label ?label }}"
    ):
        if isinstance(label, Literal):
            by_iri[str(iri)].setdefault(label.language or "", str(label))
    return {iri: _pick(labels, lang) for iri, labels in by_iri.items()}


def _pick(labels: Mapping[str, str], lang: str) -> str:
    for choice in (lang, "en", *LANGUAGES, ""):
        if labels.get(choice):
            return labels[choice]
    return next(iter(labels.values()), "")


def _read_cut(corpus: Path | None, document: str) -> tuple[str, list[Sentence]] | None:
    """The text and its sentences; cut once per version of the file (a site asks for the
    same texts for every entity, in every language)."""
    if corpus is None or not document or "/" in document or document.startswith("."):
        return None
    path = corpus / f"{document}.txt"
    if not path.is_file():
        return None
    return _cut(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _cut(path: str, version: int) -> tuple[str, list[Sentence]]:
    text = Path(path).read_text(encoding="utf-8")
    return text, sentences(text)


def _sentence(
    cut: tuple[str, list[Sentence]] | None, start: int, end: int
) -> tuple[str, int | None]:
    """The sentence (or sentences) of a text, cut into ``sentences``, around ``[start, end)``,
    and where it starts; ("", None) when the text is not at hand."""
    if cut is None or not 0 <= start < end <= len(cut[0]):
        return "", None
    text, found = cut
    first, last = sentence_at(found, start), sentence_at(found, end - 1)
    if first is None or last is None:
        return "", None
    return text[first.start : last.end], first.start


def _true(term: Node | None) -> bool:
    return isinstance(term, Literal) and term.toPython() is True
