"""Checked facts as the RDF graph of the data model: entities, n-ary relation nodes with their
evidence, and the derived shortcut triples (from non-deprecated nodes only)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.build.ranks import add_membership_shortcuts, apply_best_rank
from kg.corpus.texts import Document
from kg.dates import PartialDate
from kg.facts.records import (
    Accession,
    Entity,
    Evidence,
    EvidenceFlaw,
    ExternalEvidence,
    FactBase,
    Founding,
    Location,
    Membership,
    Ratification,
    Relation,
    Signing,
    Statehood,
    Succession,
    Term,
    TextEvidence,
    Withdrawal,
)
from kg.vocab import (
    DQ,
    END_CAUSES,
    ENTITY_CLASSES,
    OA,
    PRECISIONS,
    RANKS,
    ROLES,
    SUCCESSION_KINDS,
    WD,
    bind_prefixes,
    resource,
)

__all__ = ["BuiltGraph", "build_graph", "evidence_id"]


@dataclass
class BuiltGraph:
    """The graph, and where each of its curated nodes was written (for error messages)."""

    graph: Graph
    origins: dict[URIRef, Location] = field(default_factory=dict)


def _add_date(
    graph: Graph, node: URIRef, value: PartialDate | None, prop: URIRef, precision: URIRef
) -> None:
    if value is None:
        return
    graph.add((node, prop, Literal(value.value, datatype=XSD.date)))
    graph.add((node, precision, PRECISIONS[value.precision]))


def _add_notes(g: Graph, node: URIRef, note: str | None, translations: dict[str, str]) -> None:
    """The curators' note as skos:note, in English and in every language it is written in."""
    if note:
        g.add((node, SKOS.note, Literal(note, lang="en")))
    for language, text in sorted(translations.items()):
        g.add((node, SKOS.note, Literal(text, lang=language)))


def evidence_id(evidence: Evidence, documents_numbers: dict[str, str]) -> str:
    """A stable id: ``evidence/003-1012-1110`` for a span, ``evidence/ext-<hash>`` otherwise.

    Two relations citing the same span (or the same source and citation) share one node.
    """
    if isinstance(evidence, TextEvidence):
        number = documents_numbers[evidence.doc]
        return f"evidence/{number}-{evidence.start}-{evidence.end}"
    digest = hashlib.sha256(f"{evidence.source}\n{evidence.citation}".encode()).hexdigest()
    return f"evidence/ext-{digest[:12]}"


class _GraphBuilder:
    def __init__(self, facts: FactBase):
        self.facts = facts
        self.graph = bind_prefixes(Graph())
        self.origins: dict[URIRef, Location] = {}
        self.doc_numbers = {doc_id: doc.number for doc_id, doc in facts.documents.items()}

    def build(self) -> BuiltGraph:
        for document in self.facts.documents.values():
            self.add_document(document)
        for entity in self.facts.entities.values():
            self.add_entity(entity)
        for membership in self.facts.memberships:
            self.add_membership(membership)
        for signing in self.facts.signings:
            self.add_signing(signing)
        for founding in self.facts.foundings:
            self.add_founding(founding)
        for withdrawal in self.facts.withdrawals:
            self.add_party_act(withdrawal, DQ.Withdrawal, DQ.withdrewFrom)
        for accession in self.facts.accessions:
            self.add_party_act(accession, DQ.Accession, None)
        for ratification in self.facts.ratifications:
            self.add_ratification(ratification)
        for succession in self.facts.successions:
            self.add_succession(succession)
        for term in self.facts.terms:
            self.add_term(term)
        for statehood in self.facts.statehoods:
            self.add_statehood(statehood)
        return BuiltGraph(self.graph, self.origins)

    def add_document(self, document: Document) -> None:
        g, node = self.graph, resource(f"doc/{document.id}")
        g.add((node, RDF.type, DQ.Document))
        # Manifest titles read "<Kazakh title> / <English title>".
        kazakh, _, english = document.title.partition(" / ")
        g.add((node, RDFS.label, Literal(english or kazakh, lang="en")))
        if english:
            g.add((node, RDFS.label, Literal(kazakh, lang=document.language)))
        g.add((node, DCTERMS.title, Literal(document.title)))
        g.add((node, DCTERMS.language, Literal(document.language)))
        g.add((node, DQ.documentKind, Literal(document.kind)))
        g.add((node, DQ.approximateDate, Literal(document.date)))
        g.add((node, DCTERMS.description, Literal(document.covers, lang="en")))

    def add_entity(self, entity: Entity) -> None:
        g, node = self.graph, resource(entity.id)
        self.origins[node] = entity.location
        g.add((node, RDF.type, ENTITY_CLASSES[entity.type]))
        for language, label in entity.labels.items():
            g.add((node, RDFS.label, Literal(label, lang=language)))
        for language, names in entity.alt_labels.items():
            for name in names:
                g.add((node, SKOS.altLabel, Literal(name, lang=language)))
        if entity.wikidata:
            g.add((node, OWL.sameAs, WD[entity.wikidata]))
        if entity.iso3:
            g.add((node, DQ.iso3, Literal(entity.iso3)))
        _add_notes(g, node, entity.note, entity.note_translations)
        _add_date(g, node, entity.inception, DQ.inception, DQ.inceptionPrecision)
        _add_date(g, node, entity.dissolution, DQ.dissolution, DQ.dissolutionPrecision)
        _add_date(g, node, entity.date, DQ.date, DQ.datePrecision)
        if entity.headquarters:
            g.add((node, DQ.headquarters, resource(entity.headquarters)))
        if entity.place:
            g.add((node, DQ.place, resource(entity.place)))
        for evidence in entity.evidence:
            g.add((node, PROV.wasDerivedFrom, self.add_evidence(evidence)))

    def add_relation(self, relation: Relation, cls: URIRef) -> URIRef:
        g, node = self.graph, resource(relation.id)
        self.origins[node] = relation.location
        g.add((node, RDF.type, cls))
        g.add((node, DQ.rank, RANKS[relation.rank]))
        _add_notes(g, node, relation.note, relation.note_translations)
        for evidence in relation.evidence:
            evidence_node = self.add_evidence(evidence)
            g.add((node, PROV.wasDerivedFrom, evidence_node))
            if isinstance(evidence, TextEvidence) and evidence.flaw is not None:
                self.add_flaw(node, evidence_node, evidence.flaw, evidence.language)
        return node

    def add_flaw(self, claim: URIRef, evidence: URIRef, flaw: EvidenceFlaw, language: str) -> None:
        """A dq:EvidenceFlaw: the words of ``evidence``'s quote judged wrong, for ``claim``.

        The flaw belongs to the claim and the quote together (one quote can back two claims and
        be at fault for one only), so its id is the claim's with the quote's place.
        """
        g = self.graph
        node = URIRef(f"{claim}/flaw-{flaw.start}-{flaw.end}")
        position = URIRef(f"{node}/position")
        self.origins[node] = flaw.location
        g.add((claim, DQ.evidenceFlaw, node))
        g.add((node, RDF.type, DQ.EvidenceFlaw))
        g.add((node, DQ.flawedEvidence, evidence))
        g.add((node, DQ.flawedDetail, Literal(flaw.detail, lang=language)))
        g.add((node, OA.hasSelector, position))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(flaw.start, datatype=XSD.nonNegativeInteger)))
        g.add((position, OA.end, Literal(flaw.end, datatype=XSD.nonNegativeInteger)))
        _add_notes(g, node, flaw.note, flaw.note_translations)

    def add_evidence(self, evidence: Evidence) -> URIRef:
        g = self.graph
        node_id = evidence_id(evidence, self.doc_numbers)
        node = resource(node_id)
        if (node, None, None) in g:  # already written for another relation
            return node
        if isinstance(evidence, ExternalEvidence):
            g.add((node, RDF.type, DQ.ExternalEvidence))
            g.add((node, DCTERMS.source, URIRef(evidence.source)))
            g.add((node, DCTERMS.bibliographicCitation, Literal(evidence.citation, lang="en")))
            return node
        quote, position = resource(f"{node_id}/quote"), resource(f"{node_id}/position")
        g.add((node, RDF.type, DQ.TextEvidence))
        g.add((node, RDF.type, OA.SpecificResource))
        g.add((node, OA.hasSource, resource(f"doc/{evidence.doc}")))
        g.add((node, DQ.line, Literal(evidence.line, datatype=XSD.positiveInteger)))
        g.add((node, OA.hasSelector, quote))
        g.add((node, OA.hasSelector, position))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(evidence.exact, lang=evidence.language)))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(evidence.start, datatype=XSD.nonNegativeInteger)))
        g.add((position, OA.end, Literal(evidence.end, datatype=XSD.nonNegativeInteger)))
        return node

    def add_membership(self, m: Membership) -> None:
        g, node = self.graph, self.add_relation(m, DQ.Membership)
        member, organisation = resource(m.member), resource(m.organisation)
        g.add((node, DQ.member, member))
        g.add((node, DQ.organisation, organisation))
        g.add((node, DQ.role, ROLES[m.role]))
        _add_date(g, node, m.start, DQ.start, DQ.startPrecision)
        _add_date(g, node, m.end, DQ.end, DQ.endPrecision)
        if m.end_cause:
            g.add((node, DQ.endCause, END_CAUSES[m.end_cause]))

    def add_signing(self, s: Signing) -> None:
        g, node = self.graph, self.add_relation(s, DQ.Signing)
        signatory, agreement = resource(s.signatory), resource(s.agreement)
        g.add((node, DQ.agreement, agreement))
        g.add((node, DQ.signatory, signatory))
        _add_date(g, node, s.date, DQ.date, DQ.datePrecision)
        if s.place:
            g.add((node, DQ.place, resource(s.place)))
        if s.representative:
            g.add((node, DQ.representative, resource(s.representative)))
        if s.rank != "deprecated":
            g.add((signatory, DQ.signed, agreement))

    def add_founding(self, f: Founding) -> None:
        g, node = self.graph, self.add_relation(f, DQ.Founding)
        organisation = resource(f.organisation)
        g.add((node, DQ.organisation, organisation))
        for founder in f.founders:
            g.add((node, DQ.founder, resource(founder)))
            if f.rank != "deprecated":
                g.add((organisation, DQ.foundedBy, resource(founder)))
        _add_date(g, node, f.date, DQ.date, DQ.datePrecision)
        if f.agreement:
            g.add((node, DQ.agreement, resource(f.agreement)))
        if f.place:
            g.add((node, DQ.place, resource(f.place)))

    def add_party_act(
        self, act: Withdrawal | Accession, cls: URIRef, shortcut: URIRef | None
    ) -> None:
        """A withdrawal or an accession: a state and one organisation or agreement."""
        g, node = self.graph, self.add_relation(act, cls)
        party = resource(act.party)
        target = resource(act.organisation or act.agreement or "")
        g.add((node, DQ.party, party))
        g.add((node, DQ.organisation if act.organisation else DQ.agreement, target))
        _add_date(g, node, act.date, DQ.date, DQ.datePrecision)
        _add_date(g, node, act.announced, DQ.announced, DQ.announcedPrecision)
        if shortcut is not None and act.rank != "deprecated":
            g.add((party, shortcut, target))

    def add_ratification(self, r: Ratification) -> None:
        g, node = self.graph, self.add_relation(r, DQ.Ratification)
        g.add((node, DQ.party, resource(r.party)))
        g.add((node, DQ.agreement, resource(r.agreement)))
        _add_date(g, node, r.date, DQ.date, DQ.datePrecision)

    def add_succession(self, s: Succession) -> None:
        g, node = self.graph, self.add_relation(s, DQ.Succession)
        predecessor, successor = resource(s.predecessor), resource(s.successor)
        g.add((node, DQ.predecessor, predecessor))
        g.add((node, DQ.successor, successor))
        g.add((node, DQ.successionKind, SUCCESSION_KINDS[s.kind]))
        _add_date(g, node, s.date, DQ.date, DQ.datePrecision)
        if s.rank != "deprecated":
            g.add((predecessor, DQ.succeededBy, successor))

    def add_term(self, t: Term) -> None:
        g, node = self.graph, self.add_relation(t, DQ.TermOfOffice)
        g.add((node, DQ.holder, resource(t.holder)))
        g.add((node, DQ.office, Literal(t.office, lang="en")))
        g.add((node, DQ.officeOf, resource(t.of)))
        _add_date(g, node, t.start, DQ.start, DQ.startPrecision)
        _add_date(g, node, t.end, DQ.end, DQ.endPrecision)

    def add_statehood(self, s: Statehood) -> None:
        """A curated spell: the same properties as the world layer's COW spells, so the best-rank
        rule compares them (kg.vocab.CLAIM_KEYS: the state alone). No shortcut triple: a
        state's lifetime is read from its spells, with their dates."""
        g, node = self.graph, self.add_relation(s, DQ.Statehood)
        g.add((node, DQ.state, resource(s.state)))
        _add_date(g, node, s.start, DQ.start, DQ.startPrecision)
        _add_date(g, node, s.end, DQ.end, DQ.endPrecision)


def build_graph(facts: FactBase) -> BuiltGraph:
    """Turn checked facts into the RDF graph of docs/design.md's data model, with the claims that
    count under the best-rank rule marked ``dq:BestRank`` and the ``dq:memberOf`` shortcuts drawn
    from them (``kg.build.ranks``)."""
    built = _GraphBuilder(facts).build()
    apply_best_rank(built.graph)
    add_membership_shortcuts(built.graph)
    return built
