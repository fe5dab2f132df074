"""Every relation kind of the fact format becomes the node of the data model, and conforms."""

from __future__ import annotations

import textwrap
from pathlib import Path

from helpers import BASE, ROOT, write_facts
from rdflib import Literal
from rdflib.namespace import PROV, RDF, XSD

from kg.build.graph import build_graph
from kg.build.validate import load_schema, validate_graph
from kg.facts.loader import load_facts
from kg.vocab import DQ, DQR, OA

MORE = textwrap.dedent(
    """\
      - id: org/cis-two
        type: organisation
        label: {en: Renamed CIS}
        inception: 1994
        evidence: [{doc: t1_mini, quote: Грузия қосылды}]
      - id: person/shevardnadze
        type: person
        label: {en: Eduard Shevardnadze}
    ratifications:
      - party: state/RUS
        agreement: agreement/belovezha-1991
        date: 1991-12-12
        evidence: [{source: "https://example.org/ratification", citation: A decree}]
    accessions:
      - party: state/GEO
        organisation: org/cis
        date: 1993-12
        evidence: [{doc: t1_mini, quote: Достастыққа Грузия қосылды}]
    successions:
      - predecessor: org/cis
        successor: org/cis-two
        kind: renamed
        date: 1994-01-01
        evidence: [{source: "https://example.org/rename", citation: A fictitious renaming}]
    terms:
      - holder: person/shevardnadze
        office: Head of State
        of: state/GEO
        start: 1992-03
        end: 2003-11-23
        evidence: [{source: "https://example.org/term", citation: A term of office}]
    """
)


def test_every_relation_kind_is_built_and_conforms(mini_corpus: Path) -> None:
    entities_end = BASE.index("memberships:")
    text = BASE[:entities_end] + MORE.split("ratifications:")[0] + BASE[entities_end:]
    text += "ratifications:" + MORE.split("ratifications:")[1]
    write_facts(mini_corpus, text)
    facts = load_facts(mini_corpus / "facts", mini_corpus)
    built = build_graph(facts)
    g = built.graph

    ratification = DQR["ratification/RUS-belovezha-1991"]
    assert (ratification, RDF.type, DQ.Ratification) in g
    assert (ratification, DQ.party, DQR["state/RUS"]) in g
    accession = DQR["accession/GEO-cis-1993"]
    assert (accession, DQ.organisation, DQR["org/cis"]) in g
    assert (accession, DQ.datePrecision, DQ.Month) in g
    succession = DQR["succession/cis-cis-two"]
    assert (succession, DQ.successionKind, DQ.Renamed) in g
    assert (DQR["org/cis"], DQ.succeededBy, DQR["org/cis-two"]) in g
    term = DQR["term/shevardnadze-GEO-1992"]
    assert (term, RDF.type, DQ.TermOfOffice) in g
    assert (term, DQ.office, Literal("Head of State", lang="en")) in g
    assert (term, DQ.officeOf, DQR["state/GEO"]) in g
    # Entity-level evidence backs the organisation's dated attributes.
    assert (DQR["org/cis-two"], PROV.wasDerivedFrom, None) in g

    ontology, shapes = load_schema(ROOT / "ontology")
    assert validate_graph(g, ontology, shapes, built.origins) == []


def test_shape_violations_name_the_fact_file_and_line(mini_corpus: Path) -> None:
    # Shapes check the graph, not the YAML; their violations still point at the fact that made
    # the node. Here a required triple is removed after the build.
    write_facts(mini_corpus, BASE)
    built = build_graph(load_facts(mini_corpus / "facts", mini_corpus))
    membership = DQR["membership/GEO-cis-1993"]
    built.graph.remove((membership, DQ.role, None))
    ontology, shapes = load_schema(ROOT / "ontology")
    (violation,) = validate_graph(built.graph, ontology, shapes, built.origins)
    assert str(violation).startswith(f"{mini_corpus / 'facts' / 'facts.yaml'}:18: ")
    assert "membership/GEO-cis-1993" in str(violation) and "role" in str(violation)


def test_plain_integers_for_offsets_and_lines_conform(mini_corpus: Path) -> None:
    # Oxigraph keeps 12 but not "12"^^xsd:nonNegativeInteger: a copy read back from it must
    # still pass the shapes.
    write_facts(mini_corpus, BASE)
    built = build_graph(load_facts(mini_corpus / "facts", mini_corpus))
    g = built.graph
    retyped = 0
    for prop in (OA.start, OA.end, DQ.line):
        for subject, value in list(g.subject_objects(prop)):
            g.remove((subject, prop, value))
            g.add((subject, prop, Literal(int(value), datatype=XSD.integer)))
            retyped += 1
    assert retyped >= 3
    ontology, shapes = load_schema(ROOT / "ontology")
    assert validate_graph(g, ontology, shapes, built.origins) == []
