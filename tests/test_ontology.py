"""The ontology (ontology/dostastyq.ttl) and the SHACL shapes (ontology/shapes.ttl).

The dq: names are a public API (docs/design.md, "Data model — the public contract"), so these tests
pin them by hand, check that every term is declared and labelled in English, Kazakh and Russian,
and check that the shapes accept exactly what `kg build` emits and reject each kind of mistake.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from kg.build.validate import targeted_property_shapes, validate_graph

ROOT = Path(__file__).parents[1]
ONTOLOGY_PATH = ROOT / "ontology" / "dostastyq.ttl"
SHAPES_PATH = ROOT / "ontology" / "shapes.ttl"

ONTOLOGY_IRI = URIRef("https://w3id.org/dostastyq/ontology")
DQ = Namespace("https://w3id.org/dostastyq/ontology#")
DQR = Namespace("https://w3id.org/dostastyq/id/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = "http://www.wikidata.org/prop/direct/"
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")

DECLARATION_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
}

# The contract, written by hand from docs/design.md ("Data model — the public contract") and the
# design brief: name -> how it must be declared.
CONTRACT: dict[str, URIRef] = {
    # entity classes
    "State": OWL.Class,
    "Organisation": OWL.Class,
    "Agreement": OWL.Class,
    "Treaty": OWL.Class,
    "Declaration": OWL.Class,
    "Protocol": OWL.Class,
    "Charter": OWL.Class,
    "Person": OWL.Class,
    "Place": OWL.Class,
    "Event": OWL.Class,
    "Document": OWL.Class,
    # relation node classes
    "Membership": OWL.Class,
    "Signing": OWL.Class,
    "Founding": OWL.Class,
    "Withdrawal": OWL.Class,
    "Ratification": OWL.Class,
    "Accession": OWL.Class,
    "Succession": OWL.Class,
    "SuccessionKind": OWL.Class,
    "Statehood": OWL.Class,
    "BestRank": OWL.Class,
    # evidence
    "Evidence": OWL.Class,
    "TextEvidence": OWL.Class,
    "ExternalEvidence": OWL.Class,
    # relation node properties
    "member": OWL.ObjectProperty,
    "organisation": OWL.ObjectProperty,
    "role": OWL.ObjectProperty,
    "start": OWL.DatatypeProperty,
    "end": OWL.DatatypeProperty,
    "endCause": OWL.ObjectProperty,
    "agreement": OWL.ObjectProperty,
    "signatory": OWL.ObjectProperty,
    "date": OWL.DatatypeProperty,
    "place": OWL.ObjectProperty,
    "representative": OWL.ObjectProperty,
    "founder": OWL.ObjectProperty,
    "party": OWL.ObjectProperty,
    "announced": OWL.DatatypeProperty,
    "startPrecision": OWL.ObjectProperty,
    "endPrecision": OWL.ObjectProperty,
    "datePrecision": OWL.ObjectProperty,
    "rank": OWL.ObjectProperty,
    "state": OWL.ObjectProperty,
    # entity properties
    "iso3": OWL.DatatypeProperty,
    "inception": OWL.DatatypeProperty,
    "dissolution": OWL.DatatypeProperty,
    "headquarters": OWL.ObjectProperty,
    "succeededBy": OWL.ObjectProperty,
    "cowCode": OWL.DatatypeProperty,
    "cowAbbreviation": OWL.DatatypeProperty,
    "cowIgo": OWL.DatatypeProperty,
    "cowIgoNumber": OWL.DatatypeProperty,
    "cowEarliestFirstYear": OWL.DatatypeProperty,
    "cowLatestLastYear": OWL.DatatypeProperty,
    "cowFirstYearOpen": OWL.DatatypeProperty,
    "cowLastYearOpen": OWL.DatatypeProperty,
    # derived shortcuts
    "memberOf": OWL.ObjectProperty,
    "signed": OWL.ObjectProperty,
    "foundedBy": OWL.ObjectProperty,
    "withdrewFrom": OWL.ObjectProperty,
    # value individuals
    "FullMember": OWL.NamedIndividual,
    "AssociateMember": OWL.NamedIndividual,
    "Observer": OWL.NamedIndividual,
    "Suspension": OWL.NamedIndividual,
    "Dissolution": OWL.NamedIndividual,
    "Day": OWL.NamedIndividual,
    "Month": OWL.NamedIndividual,
    "Year": OWL.NamedIndividual,
    "Preferred": OWL.NamedIndividual,
    "Normal": OWL.NamedIndividual,
    "Deprecated": OWL.NamedIndividual,
}

# Wikidata properties named in docs/design.md (plus P585 point in time, for dq:date).
WIKIDATA_PROPERTIES = [
    "P463",  # member of
    "P1891",  # signatory
    "P112",  # founded by
    "P571",  # inception
    "P576",  # dissolved, abolished or demolished
    "P580",  # start time
    "P582",  # end time
    "P159",  # headquarters location
    "P1365",  # replaces
    "P1366",  # replaced by
    "P585",  # point in time
]

SHORTCUTS = ["memberOf", "signed", "foundedBy", "withdrewFrom", "succeededBy"]

ALIGNMENT_PREDICATES = {
    SKOS.closeMatch,
    SKOS.exactMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    RDFS.subPropertyOf,
    RDFS.subClassOf,
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_PATH, format="turtle")


def _dq_terms(graph: Graph) -> set[URIRef]:
    """Every dq: IRI used in the graph as subject, predicate or object (list members too)."""
    return {
        term
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and term.startswith(str(DQ))
    }


def _languages(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str | None]:
    return {obj.language for obj in graph.objects(subject, predicate) if isinstance(obj, Literal)}


# ---------------------------------------------------------------------------------------------
# The ontology
# ---------------------------------------------------------------------------------------------


def test_both_files_parse(ontology: Graph, shapes: Graph) -> None:
    assert len(ontology) > 0
    assert len(shapes) > 0
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert (ONTOLOGY_IRI, OWL.versionInfo, Literal("0.1.0")) in ontology
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.title) is not None
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.description) is not None


def test_every_dq_term_is_declared_labelled_and_commented(ontology: Graph, shapes: Graph) -> None:
    problems = []
    for term in sorted(_dq_terms(ontology) | _dq_terms(shapes)):
        types = set(ontology.objects(term, RDF.type)) & DECLARATION_TYPES
        if not types:
            problems.append(f"{term} is not declared with an OWL type")
        missing = {"en", "kk", "ru"} - _languages(ontology, term, RDFS.label)
        if missing:
            problems.append(f"{term} has no rdfs:label in {sorted(missing)}")
        if "en" not in _languages(ontology, term, RDFS.comment):
            problems.append(f"{term} has no English rdfs:comment")
        if (term, RDFS.isDefinedBy, ONTOLOGY_IRI) not in ontology:
            problems.append(f"{term} has no rdfs:isDefinedBy {ONTOLOGY_IRI}")
    assert not problems, "\n".join(problems)


def test_labels_are_unique_per_language(ontology: Graph) -> None:
    problems = []
    for term in sorted(_dq_terms(ontology)):
        languages = [lit.language for lit in ontology.objects(term, RDFS.label)]
        duplicated = {lang for lang in languages if languages.count(lang) > 1}
        if duplicated:
            problems.append(f"{term} has several rdfs:label in {sorted(duplicated)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("name", "declared_as"), sorted(CONTRACT.items()))
def test_contract_name_is_declared(ontology: Graph, name: str, declared_as: URIRef) -> None:
    assert (DQ[name], RDF.type, declared_as) in ontology, f"dq:{name} is not a {declared_as}"


def test_withdrawal_is_both_a_relation_class_and_an_end_cause(ontology: Graph) -> None:
    # OWL 2 punning: docs/design.md uses dq:Withdrawal for the node class and the end-cause value.
    assert (DQ.Withdrawal, RDF.type, OWL.Class) in ontology
    assert (DQ.Withdrawal, RDFS.subClassOf, DQ.Relation) in ontology
    assert (DQ.Withdrawal, RDF.type, OWL.NamedIndividual) in ontology
    assert (DQ.Withdrawal, RDF.type, DQ.EndCause) in ontology


@pytest.mark.parametrize(
    "relation",
    [
        "Membership",
        "Signing",
        "Founding",
        "Withdrawal",
        "Ratification",
        "Accession",
        "Succession",
        "TermOfOffice",
        "Statehood",
    ],
)
def test_relation_classes_are_relations_and_prov_entities(ontology: Graph, relation: str) -> None:
    assert (DQ[relation], RDFS.subClassOf, DQ.Relation) in ontology
    assert (DQ.Relation, RDFS.subClassOf, PROV.Entity) in ontology


def test_evidence_classes_align_with_web_annotation_and_prov(ontology: Graph) -> None:
    assert (DQ.TextEvidence, RDFS.subClassOf, DQ.Evidence) in ontology
    assert (DQ.ExternalEvidence, RDFS.subClassOf, DQ.Evidence) in ontology
    assert (DQ.TextEvidence, RDFS.subClassOf, OA.SpecificResource) in ontology
    assert (DQ.Evidence, RDFS.subClassOf, PROV.Entity) in ontology


@pytest.mark.parametrize("pid", WIKIDATA_PROPERTIES)
def test_wikidata_property_is_aligned(ontology: Graph, pid: str) -> None:
    aligned = [
        s
        for s, p in ontology.subject_predicates(WD[pid])
        if p in ALIGNMENT_PREDICATES and s.startswith(str(DQ))
    ]
    assert aligned, f"no dq: term is aligned to wd:{pid}"


def test_wikidata_links_are_entity_iris_not_direct_properties(
    ontology: Graph, shapes: Graph
) -> None:
    # The ontology links Wikidata properties as wd:P… entity IRIs (see its header); one style.
    used = [o for g in (ontology, shapes) for o in g.objects() if str(o).startswith(WDT)]
    assert not used, f"wdt: IRIs used: {used}"


def test_no_owl_equivalence_to_external_vocabularies(ontology: Graph) -> None:
    equivalences = [
        (s, o)
        for p in (OWL.equivalentProperty, OWL.equivalentClass, OWL.sameAs)
        for s, o in ontology.subject_objects(p)
        if not (str(s).startswith(str(DQ)) and str(o).startswith(str(DQ)))
    ]
    assert not equivalences, f"equivalence axioms to external terms: {equivalences}"


@pytest.mark.parametrize("name", SHORTCUTS)
def test_shortcut_is_marked_derived(ontology: Graph, name: str) -> None:
    derived_by = ontology.value(DQ[name], DQ.derivedBy)
    assert derived_by is not None, f"dq:{name} has no dq:derivedBy"
    assert "non-deprecated" in str(derived_by)
    comment = " ".join(" ".join(ontology.objects(DQ[name], RDFS.comment)).split()).lower()
    assert "never curated by hand" in comment


def test_only_shortcuts_are_marked_derived(ontology: Graph) -> None:
    assert {str(s).removeprefix(str(DQ)) for s in ontology.subjects(DQ.derivedBy)} == set(SHORTCUTS)
    assert (DQ.derivedBy, RDF.type, OWL.AnnotationProperty) in ontology


def test_datatype_properties_have_xsd_ranges(ontology: Graph) -> None:
    problems = [
        f"{prop} has range {ontology.value(prop, RDFS.range)}"
        for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty)
        if prop.startswith(str(DQ))
        and not str(ontology.value(prop, RDFS.range)).startswith(
            "http://www.w3.org/2001/XMLSchema#"
        )
        and ontology.value(prop, RDFS.range) != RDF.langString
    ]
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# The shapes, against the ontology
# ---------------------------------------------------------------------------------------------


def _list_members(graph: Graph, head: URIRef) -> list:
    return list(Collection(graph, head))


def test_value_sets_in_shapes_are_the_ontology_individuals(ontology: Graph, shapes: Graph) -> None:
    """Each sh:in list of IRIs names exactly all the individuals of one dq: value class."""
    problems = []
    for head in set(shapes.objects(None, SH["in"])):
        members = set(_list_members(shapes, head))
        if not all(isinstance(m, URIRef) for m in members):
            continue
        if all((m, RDF.type, OWL.Class) in ontology for m in members):
            # A list of classes (an evidence node's kinds): all the subclasses of a dq: class.
            parents = set.intersection(
                *({p for p in ontology.objects(m, RDFS.subClassOf) if p.startswith(str(DQ))}
                  for m in members)
            )  # fmt: skip
            if not any(set(ontology.subjects(RDFS.subClassOf, p)) == members for p in parents):
                problems.append(f"sh:in {sorted(members)} is not the subclasses of one class")
            continue
        classes = {
            c for m in members for c in ontology.objects(m, RDF.type) if c.startswith(str(DQ))
        }
        if len(classes) != 1:
            problems.append(f"sh:in {sorted(members)} spans classes {sorted(classes)}")
            continue
        (value_class,) = classes
        individuals = set(ontology.subjects(RDF.type, value_class))
        if members != individuals:
            problems.append(
                f"sh:in {sorted(members)} differs from the individuals of {value_class}: "
                f"{sorted(individuals)}"
            )
    assert not problems, "\n".join(problems)


def test_every_relation_class_is_targeted_by_a_shape(ontology: Graph, shapes: Graph) -> None:
    relation_classes = set(ontology.subjects(RDFS.subClassOf, DQ.Relation))
    targeted = set(shapes.objects(None, SH.targetClass))
    assert relation_classes, "no subclasses of dq:Relation"
    assert relation_classes <= targeted, f"untargeted: {sorted(relation_classes - targeted)}"


def test_every_constraint_has_a_message(shapes: Graph) -> None:
    problems = []
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        for prop in shapes.objects(shape, SH.property):
            if shapes.value(prop, SH.message) is None:
                problems.append(f"a property shape of {shape} on {shapes.value(prop, SH.path)}")
        node_level = any(
            shapes.value(shape, p) is not None for p in (SH["or"], SH.xone, SH["not"], SH["class"])
        )
        if node_level and shapes.value(shape, SH.message) is None:
            problems.append(f"{shape}")
    assert not problems, "no sh:message: " + "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# Validation: a valid sample in exactly the format `kg build` emits, and broken variants of it
# ---------------------------------------------------------------------------------------------

PREFIXES = """\
PREFIX dq: <https://w3id.org/dostastyq/ontology#>
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

QUOTE = (
    "1993 жылғы желтоқсанда Достастыққа Грузия қосылды, "
    "ал 2009 жылғы 18 тамызда аталған бірлестіктен шықты"
)
TITLE = (
    "ТМД: энциклопедиялық мақала және Қазақстан туралы үзінділер / "
    "CIS: an encyclopedia entry and passages on Kazakhstan"
)

# Relative IRIs resolve against dqr: (<state/KAZ> is dqr:state/KAZ): a '/' is not allowed
# unescaped in a prefixed name, and this is how the build's serialiser writes them anyway.
VALID_SAMPLE = (
    (
        "BASE <https://w3id.org/dostastyq/id/>\n"
        + PREFIXES
        + """
# ---- entities
<state/KAZ> a dq:State ;
    rdfs:label "Kazakhstan"@en , "Қазақстан"@kk , "Казахстан"@ru ;
    skos:altLabel "Қазақстан Республикасы"@kk , "ҚР"@kk , "Республика Казахстан"@ru ;
    owl:sameAs wd:Q232 ; dq:iso3 "KAZ" ; dq:cowCode 705 ; dq:cowAbbreviation "KZK" ;
    skos:note "A founding member of the CIS through the Alma-Ata Protocol."@en .
<state/GEO> a dq:State ; rdfs:label "Georgia"@en , "Грузия"@kk , "Грузия"@ru ;
    owl:sameAs wd:Q230 ; dq:iso3 "GEO" .
<state/BLR> a dq:State ; rdfs:label "Belarus"@en , "Беларусь"@kk , "Белоруссия"@ru ;
    owl:sameAs wd:Q184 ; dq:iso3 "BLR" .
<state/RUS> a dq:State ; rdfs:label "Russia"@en , "Ресей"@kk , "Россия"@ru ;
    owl:sameAs wd:Q159 ; dq:iso3 "RUS" .
<state/UKR> a dq:State ; rdfs:label "Ukraine"@en , "Украина"@kk , "Украина"@ru ;
    owl:sameAs wd:Q212 ; dq:iso3 "UKR" .
<state/SUN> a dq:State ; rdfs:label "Soviet Union"@en , "Кеңес Одағы"@kk , "СССР"@ru ;
    owl:sameAs wd:Q15180 ; dq:iso3 "SUN" .
<org/cis> a dq:Organisation ;
    rdfs:label "Commonwealth of Independent States"@en ,
        "Тәуелсіз Мемлекеттер Достастығы"@kk , "Содружество Независимых Государств"@ru ;
    skos:altLabel "CIS"@en , "ТМД"@kk , "СНГ"@ru ;
    owl:sameAs wd:Q7779 ; dq:cowIgo "CIS" ; dq:cowIgoNumber 1230 ;
    dq:inception "1991-12-08"^^xsd:date ; dq:inceptionPrecision dq:Day ;
    dq:headquarters <place/minsk> .
<org/eurasec> a dq:Organisation ;
    rdfs:label "Eurasian Economic Community"@en , "Еуразиялық экономикалық қоғамдастық"@kk ;
    dq:inception "2000-10-10"^^xsd:date ; dq:inceptionPrecision dq:Day ;
    dq:dissolution "2015-01-01"^^xsd:date ; dq:dissolutionPrecision dq:Day .
<org/eaeu> a dq:Organisation ;
    rdfs:label "Eurasian Economic Union"@en , "Еуразиялық экономикалық одақ"@kk ;
    dq:inception "2015-01-01"^^xsd:date ; dq:inceptionPrecision dq:Day .
<agreement/alma-ata-protocol-1991> a dq:Protocol ;
    rdfs:label "Alma-Ata Protocol"@en , "Алматы хаттамасы"@kk , "Алма-Атинский протокол"@ru ;
    dq:date "1991-12-21"^^xsd:date ; dq:datePrecision dq:Day ; dq:place <place/almaty> .
<agreement/belovezha-accords-1991> a dq:Agreement ;
    rdfs:label "Belovezha Accords"@en , "Беловежские соглашения"@ru ;
    dq:date "1991-12-08"^^xsd:date ; dq:datePrecision dq:Day ; dq:place <place/viskuli> .
<agreement/cis-charter-1993> a dq:Charter ;
    rdfs:label "Charter of the CIS"@en , "ТМД Жарғысы"@kk , "Устав СНГ"@ru .
<person/nursultan-nazarbayev> a dq:Person ;
    rdfs:label "Nursultan Nazarbayev"@en , "Нұрсұлтан Назарбаев"@kk ,
        "Нурсултан Назарбаев"@ru .
<place/almaty> a dq:Place ; rdfs:label "Almaty"@en , "Алматы"@kk , "Алматы"@ru .
<place/minsk> a dq:Place ; rdfs:label "Minsk"@en , "Минск"@kk , "Минск"@ru .
<place/viskuli> a dq:Place ; rdfs:label "Viskuli"@en , "Вискули"@ru .
<event/alma-ata-meeting-1991> a dq:Event ;
    rdfs:label "Alma-Ata meeting of 21 December 1991"@en ;
    skos:note "The meeting at which eleven states signed the Alma-Ata Protocol."@en .

# ---- relation nodes
<membership/GEO-cis-1993> a dq:Membership ;
    dq:member <state/GEO> ; dq:organisation <org/cis> ; dq:role dq:FullMember ;
    dq:start "1993-12-01"^^xsd:date ; dq:startPrecision dq:Month ;
    dq:end "2009-08-18"^^xsd:date ; dq:endPrecision dq:Day ;
    dq:endCause dq:Withdrawal ; dq:rank dq:Normal ;
    prov:wasDerivedFrom <evidence/003-1012-1110> ;
    dq:evidenceFlaw <membership/GEO-cis-1993/flaw-1012-1034> .
<membership/GEO-cis-1993/flaw-1012-1034> a dq:EvidenceFlaw ;
    dq:flawedEvidence <evidence/003-1012-1110> ;
    dq:flawedDetail "1993 жылғы желтоқсанда"@kk ;
    oa:hasSelector <membership/GEO-cis-1993/flaw-1012-1034/position> ;
    skos:note "A made-up flaw for the test: the words at fault and why."@en ,
        "Сынаққа арналған ойдан шығарылған ақау."@kk .
<membership/GEO-cis-1993/flaw-1012-1034/position> a oa:TextPositionSelector ;
    oa:start "1012"^^xsd:nonNegativeInteger ; oa:end "1034"^^xsd:nonNegativeInteger .
<signing/alma-ata-protocol-1991-KAZ> a dq:Signing ;
    dq:agreement <agreement/alma-ata-protocol-1991> ; dq:signatory <state/KAZ> ;
    dq:date "1991-12-21"^^xsd:date ; dq:datePrecision dq:Day ; dq:place <place/almaty> ;
    dq:representative <person/nursultan-nazarbayev> ;
    dq:rank dq:Normal ; prov:wasDerivedFrom <evidence/ext-1a2b3c4d> .
<founding/cis-1991> a dq:Founding ;
    dq:organisation <org/cis> ; dq:founder <state/BLR> , <state/RUS> , <state/UKR> ;
    dq:date "1991-12-08"^^xsd:date ; dq:datePrecision dq:Day ;
    dq:agreement <agreement/belovezha-accords-1991> ; dq:place <place/viskuli> ;
    dq:rank dq:Preferred ; prov:wasDerivedFrom <evidence/ext-1a2b3c4d> .
<founding/cis-1991-almaty> a dq:Founding ;
    dq:organisation <org/cis> ; dq:founder <state/KAZ> ;
    dq:date "1991-12-21"^^xsd:date ; dq:datePrecision dq:Day ;
    dq:rank dq:Deprecated ;
    skos:note "The essay counts the Almaty signatories as founders; three states founded it."@en ;
    prov:wasDerivedFrom <evidence/003-1012-1110> .
<withdrawal/GEO-cis-2009> a dq:Withdrawal ;
    dq:party <state/GEO> ; dq:organisation <org/cis> ;
    dq:date "2009-08-18"^^xsd:date ; dq:datePrecision dq:Day ;
    dq:announced "2008-08-18"^^xsd:date ; dq:announcedPrecision dq:Day ;
    dq:rank dq:Normal ; prov:wasDerivedFrom <evidence/003-1012-1110> .
<ratification/cis-charter-1993-KAZ> a dq:Ratification ;
    dq:party <state/KAZ> ; dq:agreement <agreement/cis-charter-1993> ;
    dq:date "1993-01-01"^^xsd:date ; dq:datePrecision dq:Year ;
    dq:rank dq:Normal ; prov:wasDerivedFrom <evidence/ext-1a2b3c4d> .
<accession/GEO-cis-1993> a dq:Accession ;
    dq:party <state/GEO> ; dq:organisation <org/cis> ;
    dq:date "1993-12-01"^^xsd:date ; dq:datePrecision dq:Month ;
    dq:rank dq:Normal ; prov:wasDerivedFrom <evidence/003-1012-1110> .
<succession/eurasec-eaeu-2015> a dq:Succession ;
    dq:predecessor <org/eurasec> ; dq:successor <org/eaeu> ; dq:successionKind dq:Replaced ;
    dq:date "2015-01-01"^^xsd:date ; dq:datePrecision dq:Day ;
    dq:rank dq:Normal ; prov:wasDerivedFrom <evidence/ext-1a2b3c4d> .
<statehood/KAZ-1991-12-16> a dq:Statehood , dq:BestRank ;
    dq:state <state/KAZ> ; dq:start "1991-12-16"^^xsd:date ; dq:startPrecision dq:Day ;
    dq:rank dq:Normal ; prov:wasDerivedFrom <evidence/cow-states-2016/705-1> .

# ---- evidence
<evidence/cow-states-2016/705-1> a dq:ExternalEvidence ;
    dcterms:source <source/cow-states-2016> ;
    dcterms:bibliographicCitation "COW state system list v2016, line 1: KZK (COW 705)"@en .
<evidence/003-1012-1110> a dq:TextEvidence , oa:SpecificResource ;
    oa:hasSource <doc/003_032a50789da7a807> ;
    dq:line "1"^^xsd:positiveInteger ;
    oa:hasSelector <evidence/003-1012-1110/quote> , <evidence/003-1012-1110/position> .
<evidence/003-1012-1110/quote> a oa:TextQuoteSelector ;
    oa:exact "$QUOTE"@kk .
<evidence/003-1012-1110/position> a oa:TextPositionSelector ;
    oa:start "1012"^^xsd:nonNegativeInteger ; oa:end "1110"^^xsd:nonNegativeInteger .
<evidence/ext-1a2b3c4d> a dq:ExternalEvidence ;
    dcterms:source wd:Q7779 ;
    dcterms:bibliographicCitation "Commonwealth of Independent States (Wikidata Q7779)"@en .

# ---- documents
<doc/003_032a50789da7a807> a dq:Document ;
    dcterms:title "$TITLE" ;
    dcterms:language "kk" ; dq:documentKind "compilation" ; dq:approximateDate "c. 2009" ;
    dcterms:description "An encyclopedia entry on the CIS and passages on Kazakhstan."@en .

# ---- derived shortcuts
<state/GEO> dq:memberOf <org/cis> ; dq:withdrewFrom <org/cis> .
<state/KAZ> dq:signed <agreement/alma-ata-protocol-1991> .
<org/cis> dq:foundedBy <state/BLR> , <state/RUS> , <state/UKR> .
<org/eurasec> dq:succeededBy <org/eaeu> .
"""
    )
    .replace("$QUOTE", QUOTE)
    .replace("$TITLE", TITLE)
)

UPDATE_PROLOGUE = "BASE <https://w3id.org/dostastyq/id/>\n" + PREFIXES


@pytest.fixture(scope="module")
def valid_sample() -> Graph:
    return Graph().parse(data=VALID_SAMPLE, format="turtle")


def _validate(data: Graph, shapes: Graph, ontology: Graph | None) -> tuple[bool, Graph]:
    conforms, report, _text = validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none"
    )
    return conforms, report


def _path(report: Graph, path: Node | None) -> Node | tuple[URIRef, Node] | None:
    """A result path as a comparable value: an inverse path ``^p`` as (sh:inversePath, p)."""
    inverse = report.value(path, SH.inversePath) if path is not None else None
    return (SH.inversePath, inverse) if inverse is not None else path


def _full_results(report: Graph) -> set[tuple[Node | None, object, str, Node | None]]:
    """(focus, path, message, value) of every validation result."""
    return {
        (
            report.value(result, SH.focusNode),
            _path(report, report.value(result, SH.resultPath)),
            " ".join(str(m) for m in report.objects(result, SH.resultMessage)),
            report.value(result, SH.value),
        )
        for result in report.objects(None, SH.result)  # not the nested sh:detail results
    }


def _results(report: Graph) -> list[tuple[Node | tuple[URIRef, Node] | None, str]]:
    """(sh:resultPath, sh:resultMessage) of every validation result."""
    return [(path, message) for _, path, message, _ in _full_results(report)]


def _broken(valid_sample: Graph, update: str) -> Graph:
    """A copy of the valid sample with ``update`` applied (one rule broken)."""
    data = Graph()
    data += valid_sample
    data.update(UPDATE_PROLOGUE + update)
    return data


def test_valid_sample_conforms(valid_sample: Graph, shapes: Graph, ontology: Graph) -> None:
    conforms, report = _validate(valid_sample, shapes, ontology)
    assert conforms, "\n".join(f"{path}: {message}" for path, message in _results(report))


def test_sample_has_every_relation_class(valid_sample: Graph, ontology: Graph) -> None:
    used = set(valid_sample.objects(None, RDF.type))
    missing = set(ontology.subjects(RDFS.subClassOf, DQ.Relation)) - used - {DQ.TermOfOffice}
    assert not missing, f"the valid sample has no node of {sorted(missing)}"


def test_sh_class_follows_subclasses_through_the_ontology(
    valid_sample: Graph, shapes: Graph, ontology: Graph
) -> None:
    """The build types nodes with their specific class only (dq:TextEvidence, dq:Protocol).

    sh:class dq:Evidence / dq:Agreement is satisfied only because pyshacl mixes the ontology
    (ont_graph) into the data graph, bringing its rdfs:subClassOf triples; the build must pass it.
    """
    assert not set(valid_sample.subjects(RDF.type, DQ.Evidence))
    assert (DQR["agreement/alma-ata-protocol-1991"], RDF.type, DQ.Agreement) not in valid_sample

    conforms, _ = _validate(valid_sample, shapes, ontology)
    assert conforms

    conforms, report = _validate(valid_sample, shapes, None)
    assert not conforms
    paths = {path for path, _ in _results(report)}
    assert PROV.wasDerivedFrom in paths
    assert DQ.agreement in paths


# Each variant breaks one rule of the valid sample: (SPARQL update, expected sh:resultPath of
# every result — None for a node-level constraint such as sh:or — and a message fragment).
INVALID_VARIANTS = [
    pytest.param(
        "DELETE DATA { <membership/GEO-cis-1993> dq:member <state/GEO> }",
        DQ.member,
        "needs exactly one dq:member",
        id="membership-without-member",
    ),
    pytest.param(
        "INSERT DATA { <signing/alma-ata-protocol-1991-KAZ> dq:signatory <state/RUS> }",
        DQ.signatory,
        "exactly one dq:signatory",
        id="two-signatories-on-one-signing",
    ),
    pytest.param(
        "DELETE DATA { <membership/GEO-cis-1993> dq:role dq:FullMember } ;"
        "INSERT DATA { <membership/GEO-cis-1993> dq:role dq:Month }",
        DQ.role,
        "dq:FullMember, dq:AssociateMember or dq:Observer",
        id="wrong-role-value",
    ),
    pytest.param(
        'DELETE DATA { <membership/GEO-cis-1993> dq:end "2009-08-18"^^xsd:date } ;'
        'INSERT DATA { <membership/GEO-cis-1993> dq:end "1992-01-01"^^xsd:date }',
        DQ.start,
        "must be after its dq:start",
        id="end-before-start",
    ),
    pytest.param(
        "DELETE WHERE { <founding/cis-1991-almaty> skos:note ?note }",
        (SH.inversePath, DQ.rank),  # the focus is dq:Deprecated, the claim its value
        "ranked dq:Deprecated needs a skos:note",
        id="deprecated-without-note",
    ),
    pytest.param(
        "INSERT DATA { <evidence/untyped> a dq:Evidence }",
        RDF.type,
        "exactly one of dq:TextEvidence (a corpus span) or dq:ExternalEvidence",
        id="evidence-of-neither-kind",
    ),
    pytest.param(
        "DELETE WHERE { <withdrawal/GEO-cis-2009> prov:wasDerivedFrom ?evidence }",
        PROV.wasDerivedFrom,
        "at least one prov:wasDerivedFrom",
        id="relation-without-evidence",
    ),
    pytest.param(
        "DELETE WHERE { <withdrawal/GEO-cis-2009> prov:wasDerivedFrom ?evidence } ;"
        "INSERT DATA { <withdrawal/GEO-cis-2009> prov:wasDerivedFrom"
        " <doc/003_032a50789da7a807> }",
        PROV.wasDerivedFrom,
        "must point to a dq:Evidence",
        id="evidence-is-not-an-evidence-node",
    ),
    pytest.param(
        "DELETE WHERE { <evidence/003-1012-1110/quote> oa:exact ?quote }",
        OA.exact,
        "needs exactly one non-empty oa:exact",
        id="quote-selector-without-exact",
    ),
    pytest.param(
        "DELETE DATA { <evidence/003-1012-1110> oa:hasSelector <evidence/003-1012-1110/position> }",
        OA.hasSelector,
        "oa:TextPositionSelector",
        id="text-evidence-without-position-selector",
    ),
    pytest.param(
        "DELETE WHERE { <evidence/003-1012-1110/position> oa:start ?start } ;"
        "INSERT DATA { <evidence/003-1012-1110/position>"
        ' oa:start "2000"^^xsd:nonNegativeInteger }',
        OA.start,
        "less than its oa:end",
        id="position-start-after-end",
    ),
    pytest.param(
        "DELETE WHERE { <evidence/003-1012-1110> dq:line ?line } ;"
        "INSERT DATA { <evidence/003-1012-1110> dq:line 0 }",
        DQ.line,
        "a positive integer",
        id="line-zero",
    ),
    pytest.param(
        "DELETE WHERE { <evidence/ext-1a2b3c4d> dcterms:bibliographicCitation ?citation }",
        DCTERMS.bibliographicCitation,
        "needs a dcterms:bibliographicCitation",
        id="external-evidence-without-citation",
    ),
    pytest.param(
        'DELETE DATA { <state/KAZ> rdfs:label "Kazakhstan"@en } ;'
        'INSERT DATA { <state/KAZ> rdfs:label "Kazakhstan" }',
        RDFS.label,
        "rdfs:label in English",
        id="label-without-en",
    ),
    pytest.param(
        'DELETE DATA { <state/KAZ> dq:iso3 "KAZ" } ; INSERT DATA { <state/KAZ> dq:iso3 "kz" }',
        DQ.iso3,
        "three capital Latin letters",
        id="iso3-lowercase",
    ),
    pytest.param(
        "DELETE DATA { <state/KAZ> owl:sameAs wd:Q232 } ;"
        "INSERT DATA { <state/KAZ> owl:sameAs <https://www.wikidata.org/wiki/Q232> }",
        OWL.sameAs,
        "http://www.wikidata.org/entity/Q",
        id="sameas-wikidata-page-not-item",
    ),
    pytest.param(
        "INSERT DATA { <withdrawal/GEO-cis-2009> dq:agreement <agreement/belovezha-accords-1991> }",
        None,
        "exactly one of dq:organisation or dq:agreement",
        id="withdrawal-with-organisation-and-agreement",
    ),
    pytest.param(
        "DELETE WHERE { <withdrawal/GEO-cis-2009> dq:organisation ?org }",
        None,
        "exactly one of dq:organisation or dq:agreement",
        id="withdrawal-from-nothing",
    ),
    pytest.param(
        'DELETE DATA { <withdrawal/GEO-cis-2009> dq:announced "2008-08-18"^^xsd:date } ;'
        'INSERT DATA { <withdrawal/GEO-cis-2009> dq:announced "2010-01-01"^^xsd:date }',
        DQ.announced,
        "not after its dq:date",
        id="withdrawal-announced-after-effect",
    ),
    pytest.param(
        "DELETE WHERE { <founding/cis-1991> dq:founder ?state }",
        DQ.founder,
        "at least one dq:founder",
        id="founding-without-founder",
    ),
    pytest.param(
        "DELETE DATA { <signing/alma-ata-protocol-1991-KAZ> dq:signatory <state/KAZ> } ;"
        "INSERT DATA { <signing/alma-ata-protocol-1991-KAZ> dq:signatory <org/cis> }",
        DQ.signatory,
        "must be a dq:State",
        id="signatory-is-not-a-state",
    ),
    pytest.param(
        "DELETE DATA { <signing/alma-ata-protocol-1991-KAZ> dq:agreement"
        " <agreement/alma-ata-protocol-1991> } ;"
        "INSERT DATA { <signing/alma-ata-protocol-1991-KAZ> dq:agreement"
        " <event/alma-ata-meeting-1991> }",
        DQ.agreement,
        "must be a dq:Agreement",
        id="signing-of-an-event",
    ),
    pytest.param(
        'DELETE DATA { <membership/GEO-cis-1993> dq:start "1993-12-01"^^xsd:date } ;'
        'INSERT DATA { <membership/GEO-cis-1993> dq:start "1993-12" }',
        DQ.start,
        "an xsd:date",
        id="start-is-not-a-date",
    ),
    pytest.param(
        "DELETE DATA { <membership/GEO-cis-1993> dq:endPrecision dq:Day }",
        DQ.endPrecision,
        "dq:end and dq:endPrecision go together",
        id="end-without-precision",
    ),
    pytest.param(
        "DELETE WHERE { <membership/GEO-cis-1993> dq:end ?end }",
        DQ.end,
        "dq:end and dq:endPrecision go together",
        id="precision-without-end",
    ),
    pytest.param(
        "DELETE WHERE { <membership/GEO-cis-1993> dq:end ?end ; dq:endPrecision ?precision }",
        DQ.end,
        "needs a dq:end",
        id="end-cause-without-end",
    ),
    pytest.param(
        "INSERT DATA { <membership/GEO-cis-1993> dq:rank dq:Preferred }",
        DQ.rank,
        "exactly one dq:rank",
        id="two-ranks",
    ),
    pytest.param(
        "DELETE DATA { <succession/eurasec-eaeu-2015> dq:successor <org/eaeu> } ;"
        "INSERT DATA { <succession/eurasec-eaeu-2015> dq:successor <org/eurasec> }",
        DQ.predecessor,
        "other than its dq:successor",
        id="organisation-succeeds-itself",
    ),
    pytest.param(
        'INSERT DATA { <org/eaeu> dq:dissolution "2014-05-29"^^xsd:date ;'
        " dq:dissolutionPrecision dq:Day }",
        DQ.inception,
        "before its dq:dissolution",
        id="organisation-dissolved-before-inception",
    ),
    pytest.param(
        "INSERT DATA { <org/cis> dq:memberOf <org/eaeu> }",
        None,
        "subject of dq:memberOf must be a dq:State",
        id="shortcut-member-of-from-an-organisation",
    ),
    pytest.param(
        "DELETE WHERE { <doc/003_032a50789da7a807> dcterms:title ?title }",
        DCTERMS.title,
        "needs a dcterms:title",
        id="document-without-title",
    ),
    pytest.param(
        "INSERT DATA { <membership/GEO-cis-1993> dq:cowFirstYearOpen true ;"
        " dq:cowEarliestFirstYear 1993 }",
        DQ.cowEarliestFirstYear,
        "leaves open (dq:cowFirstYearOpen) has no dq:cowEarliestFirstYear",
        id="cow-start-both-open-and-bounded",
    ),
    pytest.param(
        'INSERT DATA { <membership/GEO-cis-1993> dq:cowLatestLastYear "2009" }',
        DQ.cowLatestLastYear,
        "at most one dq:cowLatestLastYear, an xsd:integer",
        id="cow-bound-not-a-number",
    ),
    pytest.param(
        "DELETE WHERE { <membership/GEO-cis-1993/flaw-1012-1034> skos:note ?note }",
        SKOS.note,
        "one skos:note in English",
        id="evidence-flaw-without-note",
    ),
    pytest.param(
        "DELETE DATA { <membership/GEO-cis-1993/flaw-1012-1034> dq:flawedDetail"
        ' "1993 жылғы желтоқсанда"@kk } ;'
        'INSERT DATA { <membership/GEO-cis-1993/flaw-1012-1034> dq:flawedDetail "1993" }',
        DQ.flawedDetail,
        "exactly one dq:flawedDetail",
        id="evidence-flaw-detail-without-language",
    ),
    pytest.param(
        "DELETE DATA { <membership/GEO-cis-1993/flaw-1012-1034> dq:flawedEvidence"
        " <evidence/003-1012-1110> } ;"
        " INSERT DATA { <membership/GEO-cis-1993/flaw-1012-1034> dq:flawedEvidence"
        " <evidence/ext-1a2b3c4d> }",
        DQ.flawedEvidence,
        "a dq:TextEvidence",
        id="evidence-flaw-on-an-external-source",
    ),
    pytest.param(
        "INSERT DATA { <accession/GEO-cis-1993> dq:evidenceFlaw"
        " <membership/GEO-cis-1993/flaw-1012-1034> }",
        (SH.inversePath, DQ.evidenceFlaw),
        "belongs to exactly one claim",
        id="evidence-flaw-of-two-claims",
    ),
]


@pytest.mark.parametrize(("update", "expected_path", "message"), INVALID_VARIANTS)
def test_invalid_variant_is_rejected(
    valid_sample: Graph,
    shapes: Graph,
    ontology: Graph,
    update: str,
    expected_path: URIRef | None,
    message: str,
) -> None:
    data = _broken(valid_sample, update)
    assert set(data) != set(valid_sample), "the update changed nothing"

    conforms, report = _validate(data, shapes, ontology)

    assert not conforms
    results = _results(report)
    # Every result is about the one broken rule, and its message says what is wrong.
    assert {path for path, _ in results} == {expected_path}, results
    assert any(message in text for _, text in results), results


@pytest.mark.parametrize(("update", "expected_path", "message"), INVALID_VARIANTS)
def test_the_builds_form_of_the_shapes_gives_the_same_results(
    valid_sample: Graph,
    shapes: Graph,
    ontology: Graph,
    update: str,
    expected_path: URIRef | None,
    message: str,
) -> None:
    # kg.build.validate checks targeted_property_shapes(shapes) with the ontology mixed into
    # the data graph in place; pyshacl on the plain shapes with ont_graph is the reference.
    data = _broken(valid_sample, update)
    _, reference = _validate(data, shapes, ontology)
    before = set(data)
    mixed = Graph()
    mixed += data
    mixed += ontology
    flat = targeted_property_shapes(shapes)
    assert len(set(flat.subjects(SH.property, None))) < len(set(shapes.subjects(SH.property, None)))
    conforms, report, _ = validate(mixed, shacl_graph=flat, inference="none")
    assert not conforms
    assert _full_results(report) == _full_results(reference)
    violations = validate_graph(data, ontology, shapes)
    assert len(violations) == len(_full_results(reference))
    assert any(message in v.message for v in violations)
    assert set(data) == before  # the ontology mixed in is taken out again
