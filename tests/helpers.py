"""Plain helpers the test modules share (the fixtures are in conftest.py): the project's root,
the `kg` command run in-process or as a real process, and the small worlds the tests are written
against. No test module imports another test module; they import from here."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import textwrap
import threading
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml
from click.testing import CliRunner
from rdflib import Graph

from kg.build.ranks import apply_best_rank
from kg.stores.memory import MemoryStore
from kg.vocab import bind_prefixes

ROOT = Path(__file__).resolve().parents[1]
KG = Path(sys.executable).with_name("kg")
"""The installed console script, for the tests that run `kg` as a real process."""

# The variables that point `kg` at a store: unset for every run here unless a test sets them,
# so that a developer's own KG_STORE cannot change what the tests ask.
STORE_VARIABLES = ("KG_STORE", "KG_STORE_USER", "KG_STORE_PASSWORD")


# --------------------------------------------------------------------------- running `kg`


@dataclass(frozen=True)
class Ran:
    """What a run of `kg` gave: its exit status and its two streams, as text."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def exit_code(self) -> int:
        return self.returncode


def kg(*args: str | Path, cwd: Path = ROOT, env: Mapping[str, str] | None = None) -> Ran:
    """`kg ARGS…` run in this process by click's ``CliRunner`` against ``kg.cli.main``, from
    ``cwd`` (the commands read paths relative to the current folder), as a user's shell would
    run it: the exit status click gives (0, 1 from ``fail``, 2 for a usage error), stdout and
    stderr apart (click 8.2+ keeps them apart). An exception the command does not handle gives
    status 1 and its traceback on stderr, as the real process would."""
    from kg.cli import main

    environment: dict[str, str | None] = dict.fromkeys(STORE_VARIABLES)
    environment.update(env or {})
    with contextlib.chdir(cwd):
        result = CliRunner().invoke(
            main, [str(arg) for arg in args], prog_name="kg", env=environment
        )
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        assert result.exc_info is not None
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return Ran(result.exit_code, result.stdout, stderr)


def kg_process(
    *args: str | Path, cwd: Path = ROOT, env: Mapping[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`kg ARGS…` as a real process (the installed console script), for the end-to-end tests."""
    environment = {k: v for k, v in os.environ.items() if k not in STORE_VARIABLES}
    environment.update(env or {})
    return subprocess.run(
        [str(KG), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=environment,
    )


# --------------------------------------------------------------------------- the project's data

ALMA_ATA_ELEVEN = {
    # The eleven High Contracting Parties named in the Alma-Ata Protocol of 21 December 1991
    # (written down by hand from the Protocol's text).
    "state/AZE", "state/ARM", "state/BLR", "state/KAZ", "state/KGZ", "state/MDA",
    "state/RUS", "state/TJK", "state/TKM", "state/UZB", "state/UKR",
}  # fmt: skip


STABLE_FILES = ("states.yaml", "cis.yaml", "places.yaml")
_ID = re.compile(r"^(?:state|org|agreement|person|place|event)/\S+$")


def _references(value: object) -> set[str]:
    if isinstance(value, str):
        return {value} if _ID.match(value) else set()
    if isinstance(value, list):
        return set().union(*map(_references, value)) if value else set()
    if isinstance(value, dict):
        found: set[str] = set()
        for key, item in value.items():
            if key not in ("id", "evidence"):
                found |= _references(item)
        return found
    return set()


def stable_facts(folder: Path, relations: bool = True) -> Path:
    """A facts folder holding what corpus/facts/states.yaml, cis.yaml and places.yaml say
    about their own entities: their entities, and the relations among those entities only
    (a relation naming an entity of another file is left out), so the tests do not depend on
    the files the curators are still writing. Without ``relations``, the entities alone
    (without their evidence: nothing quotes the texts)."""
    sections = [yaml.safe_load((ROOT / "corpus/facts" / name).read_text(encoding="utf-8")) or {}
                for name in STABLE_FILES]  # fmt: skip
    known = {e["id"] for section in sections for e in section.get("entities", [])}
    folder.mkdir(parents=True, exist_ok=True)
    for name, section in zip(STABLE_FILES, sections, strict=True):
        kept: dict[str, list] = {}
        for key, items in section.items():
            if key == "entities":
                kept[key] = [
                    {k: v for k, v in item.items() if not _references(v) - known
                     and (relations or k != "evidence")}
                    for item in items
                ]  # fmt: skip
            elif relations:
                kept[key] = [item for item in items if not _references(item) - known]
        (folder / name).write_text(yaml.safe_dump(kept, allow_unicode=True), encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- the mini corpus


MINI_TEXT = (
    "1991 ж. желтоқсанның 8-інде Беловежде Ресей, Беларусь және Украина басшылары келісімге "
    "қол қойды.\n"
    "1993 жылғы желтоқсанда Достастыққа Грузия қосылды, ал 2009 жылғы 18 тамызда "
    "аталған  бірлестіктен шықты.\n"
    "Грузия қосылды.\n"
)


def write_mini_corpus(corpus: Path) -> Path:
    """Make ``corpus`` a corpus folder with one document, ``t1_mini``, whose text is
    ``MINI_TEXT``, and an empty ``facts/``."""
    (corpus / "texts").mkdir(parents=True)
    (corpus / "facts").mkdir()
    (corpus / "texts" / "t1_mini.txt").write_text(MINI_TEXT, encoding="utf-8")
    (corpus / "manifest.yaml").write_text(
        textwrap.dedent(
            """\
            documents:
              - id: t1_mini
                title: A test text
                kind: test
                language: kk
                date: "2020"
                covers: Two sentences about the CIS.
            """
        ),
        encoding="utf-8",
    )
    return corpus


# The valid facts file the tests of the loader break. Line numbers matter: the expected errors in
# test_facts.py name them.
BASE = textwrap.dedent(
    """\
    entities:
      - id: state/GEO
        type: state
        iso3: GEO
        label: {en: Georgia, kk: Грузия}
      - id: state/RUS
        type: state
        iso3: RUS
        label: {en: Russia}
      - id: org/cis
        type: organisation
        label: {en: Commonwealth of Independent States}
        alt: {kk: [ТМД], ru: [СНГ]}
      - id: agreement/belovezha-1991
        type: treaty
        label: {en: Belovezha Accords}
    memberships:
      - member: state/GEO
        organisation: org/cis
        role: full
        start: 1993-12
        end: 2009-08-18
        end_cause: withdrawal
        evidence:
          - doc: t1_mini
            quote: "Достастыққа Грузия қосылды"
    signings:
      - agreement: agreement/belovezha-1991
        signatories: [state/RUS]
        date: 1991-12-08
        evidence:
          - source: https://example.org/treaty
            citation: The treaty text
    withdrawals:
      - party: state/GEO
        organisation: org/cis
        date: 2009-08-18
        evidence:
          - doc: t1_mini
            quote: "бірлестіктен шықты"
    """
)


def write_facts(corpus: Path, text: str) -> Path:
    path = corpus / "facts" / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def role_on(store: MemoryStore, organisation: str, day: str, state: str) -> str | None:
    """``state``'s role in ``organisation`` on ``day`` by `members-at` (None: not a member)."""
    from kg.queries.named import load_query, run_named_query
    from kg.vocab import display

    result = run_named_query(store, load_query("members-at"), {"org": organisation, "date": day})
    roles = {display(row[0]): display(row[2]) for row in result.rows}
    return roles.get(state)


def errors_for(corpus: Path, text: str) -> list[str]:
    """The loader's errors, as printed, for ``text`` as the one facts file of ``corpus``; the
    test fails if the loader accepts it."""
    import pytest

    from kg.facts.loader import load_facts
    from kg.facts.records import FactErrors

    write_facts(corpus, text)
    with pytest.raises(FactErrors) as caught:
        load_facts(corpus / "facts", corpus)
    return [str(error) for error in caught.value.errors]


# --------------------------------------------------------------------------- the queries' world

# Written in the data model of docs/design.md (it passes the project's SHACL shapes), with every
# case the named queries must handle; see tests/test_named_queries.py.
WORLD = """\
@prefix dq: <https://w3id.org/dostastyq/ontology#> .
@prefix dqr: <https://w3id.org/dostastyq/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

dqr:state\\/AAA a dq:State ; dq:iso3 "AAA" ;
    rdfs:label "Alpha"@en , "Әлфа"@kk , "Альфа"@ru .
dqr:state\\/BBB a dq:State ; dq:iso3 "BBB" ;
    rdfs:label "Beta"@en , "Бета"@kk , "Бета"@ru .
dqr:state\\/CCC a dq:State ; dq:iso3 "CCC" ;
    rdfs:label "Gamma <script>alert('gamma')</script> & Co"@en , "Гамма"@ru .
dqr:org\\/one a dq:Organisation ;
    rdfs:label "Union One"@en , "Бірінші Одақ"@kk , "Первый Союз"@ru ;
    skos:altLabel "БО"@kk , "ПС"@ru , "U1"@en .
dqr:org\\/two a dq:Organisation ;
    rdfs:label "Union Two"@en , "Екінші Одақ"@kk , "Второй Союз"@ru .
dqr:org\\/three a dq:Organisation ;
    rdfs:label "Union Three"@en , "Үшінші Одақ"@kk .
dqr:agreement\\/pact a dq:Treaty ; rdfs:label "Pact"@en , "Пакт"@kk .
dqr:place\\/town a dq:Place ; rdfs:label "Town"@en , "Қала"@kk .
dqr:person\\/signer a dq:Person ; rdfs:label "Signer"@en .
dqr:doc\\/t1 a dq:Document ; rdfs:label "A text"@en ; dcterms:language "kk" ;
    dcterms:title "Мәтін / A text" ; dq:documentKind "essay" .

dqr:evidence\\/001-0-24 a dq:TextEvidence , oa:SpecificResource ;
    oa:hasSource dqr:doc\\/t1 ; dq:line "1"^^xsd:positiveInteger ;
    oa:hasSelector dqr:evidence\\/001-0-24\\/quote , dqr:evidence\\/001-0-24\\/position .
dqr:evidence\\/001-0-24\\/quote a oa:TextQuoteSelector ; oa:exact "Әлфа Бірінші Одаққа кірді"@kk .
dqr:evidence\\/001-0-24\\/position a oa:TextPositionSelector ;
    oa:start "0"^^xsd:nonNegativeInteger ; oa:end "24"^^xsd:nonNegativeInteger .
dqr:evidence\\/001-30-61 a dq:TextEvidence , oa:SpecificResource ;
    oa:hasSource dqr:doc\\/t1 ; dq:line "2"^^xsd:positiveInteger ;
    oa:hasSelector dqr:evidence\\/001-30-61\\/quote , dqr:evidence\\/001-30-61\\/position .
dqr:evidence\\/001-30-61\\/quote a oa:TextQuoteSelector ; oa:exact "1994 жылы Бета қосылды"@kk .
dqr:evidence\\/001-30-61\\/position a oa:TextPositionSelector ;
    oa:start "30"^^xsd:nonNegativeInteger ; oa:end "61"^^xsd:nonNegativeInteger .
dqr:evidence\\/ext-1 a dq:ExternalEvidence ;
    dcterms:source <https://example.org/record> ;
    dcterms:bibliographicCitation "The record of the unions"@en .

dqr:membership\\/AAA-one-1992 a dq:Membership ; dq:rank dq:Normal ;
    dq:member dqr:state\\/AAA ; dq:organisation dqr:org\\/one ; dq:role dq:FullMember ;
    dq:start "1992-01-01"^^xsd:date ; dq:startPrecision dq:Day ;
    prov:wasDerivedFrom dqr:evidence\\/001-0-24 , dqr:evidence\\/ext-1 .
dqr:membership\\/BBB-one-1993 a dq:Membership ; dq:rank dq:Preferred ;
    dq:member dqr:state\\/BBB ; dq:organisation dqr:org\\/one ; dq:role dq:FullMember ;
    dq:start "1993-05-01"^^xsd:date ; dq:startPrecision dq:Month ;
    dq:end "2005-03-10"^^xsd:date ; dq:endPrecision dq:Day ; dq:endCause dq:Withdrawal ;
    prov:wasDerivedFrom dqr:evidence\\/ext-1 .
dqr:membership\\/BBB-one-1994 a dq:Membership ; dq:rank dq:Deprecated ;
    skos:note "The text says 1994; Beta joined in May 1993."@en ;
    dq:member dqr:state\\/BBB ; dq:organisation dqr:org\\/one ; dq:role dq:FullMember ;
    dq:start "1994-01-01"^^xsd:date ; dq:startPrecision dq:Year ;
    prov:wasDerivedFrom dqr:evidence\\/001-30-61 .
dqr:membership\\/CCC-one-1995 a dq:Membership ; dq:rank dq:Normal ;
    dq:member dqr:state\\/CCC ; dq:organisation dqr:org\\/one ; dq:role dq:Observer ;
    dq:start "1995-01-01"^^xsd:date ; dq:startPrecision dq:Year ;
    prov:wasDerivedFrom dqr:evidence\\/ext-1 .
dqr:membership\\/AAA-two-2000 a dq:Membership ; dq:rank dq:Normal ;
    dq:member dqr:state\\/AAA ; dq:organisation dqr:org\\/two ; dq:role dq:FullMember ;
    dq:start "2000-01-01"^^xsd:date ; dq:startPrecision dq:Day ;
    prov:wasDerivedFrom dqr:evidence\\/ext-1 .
dqr:membership\\/BBB-two-2001 a dq:Membership ; dq:rank dq:Normal ;
    dq:member dqr:state\\/BBB ; dq:organisation dqr:org\\/two ; dq:role dq:AssociateMember ;
    dq:start "2001-01-01"^^xsd:date ; dq:startPrecision dq:Day ;
    dq:end "2004-01-01"^^xsd:date ; dq:endPrecision dq:Day ;
    prov:wasDerivedFrom dqr:evidence\\/ext-1 .

dqr:signing\\/pact-AAA a dq:Signing ; dq:rank dq:Normal ;
    dq:agreement dqr:agreement\\/pact ; dq:signatory dqr:state\\/AAA ;
    dq:date "1992-01-01"^^xsd:date ; dq:datePrecision dq:Day ;
    dq:place dqr:place\\/town ; dq:representative dqr:person\\/signer ;
    prov:wasDerivedFrom dqr:evidence\\/ext-1 .
dqr:signing\\/pact-BBB a dq:Signing ; dq:rank dq:Normal ;
    dq:agreement dqr:agreement\\/pact ; dq:signatory dqr:state\\/BBB ;
    dq:date "1992-01-01"^^xsd:date ; dq:datePrecision dq:Day ; dq:place dqr:place\\/town ;
    prov:wasDerivedFrom dqr:evidence\\/ext-1 .
dqr:signing\\/pact-CCC-wrong a dq:Signing ; dq:rank dq:Deprecated ;
    skos:note "Gamma did not sign the Pact."@en ;
    dq:agreement dqr:agreement\\/pact ; dq:signatory dqr:state\\/CCC ;
    dq:date "1992-01-02"^^xsd:date ; dq:datePrecision dq:Day ;
    prov:wasDerivedFrom dqr:evidence\\/001-30-61 .

dqr:founding\\/one a dq:Founding ; dq:rank dq:Normal ;
    dq:organisation dqr:org\\/one ; dq:founder dqr:state\\/AAA , dqr:state\\/BBB ;
    dq:date "1992-01-01"^^xsd:date ; dq:datePrecision dq:Day ;
    dq:agreement dqr:agreement\\/pact ; dq:place dqr:place\\/town ;
    prov:wasDerivedFrom dqr:evidence\\/ext-1 .
dqr:founding\\/two a dq:Founding ; dq:rank dq:Normal ;
    dq:organisation dqr:org\\/two ; dq:founder dqr:state\\/AAA ;
    dq:date "2000-01-01"^^xsd:date ; dq:datePrecision dq:Month ;
    prov:wasDerivedFrom dqr:evidence\\/ext-1 .

dqr:withdrawal\\/BBB-one a dq:Withdrawal ; dq:rank dq:Normal ;
    dq:party dqr:state\\/BBB ; dq:organisation dqr:org\\/one ;
    dq:date "2005-03-10"^^xsd:date ; dq:datePrecision dq:Day ;
    dq:announced "2004-09-10"^^xsd:date ; dq:announcedPrecision dq:Day ;
    prov:wasDerivedFrom dqr:evidence\\/ext-1 .
dqr:withdrawal\\/CCC-pact a dq:Withdrawal ; dq:rank dq:Normal ;
    dq:party dqr:state\\/CCC ; dq:agreement dqr:agreement\\/pact ;
    dq:date "1996-01-01"^^xsd:date ; dq:datePrecision dq:Year ;
    prov:wasDerivedFrom dqr:evidence\\/ext-1 .

dqr:succession\\/one-two a dq:Succession ; dq:rank dq:Normal ;
    dq:predecessor dqr:org\\/one ; dq:successor dqr:org\\/two ; dq:successionKind dq:Renamed ;
    dq:date "2000-01-01"^^xsd:date ; dq:datePrecision dq:Day ;
    prov:wasDerivedFrom dqr:evidence\\/ext-1 .
dqr:succession\\/two-three a dq:Succession ; dq:rank dq:Normal ;
    dq:predecessor dqr:org\\/two ; dq:successor dqr:org\\/three ; dq:successionKind dq:Merged ;
    dq:date "2010-06-01"^^xsd:date ; dq:datePrecision dq:Month ;
    prov:wasDerivedFrom dqr:evidence\\/ext-1 .
dqr:succession\\/one-three-wrong a dq:Succession ; dq:rank dq:Deprecated ;
    skos:note "Union One was renamed, not replaced by Union Three."@en ;
    dq:predecessor dqr:org\\/one ; dq:successor dqr:org\\/three ; dq:successionKind dq:Replaced ;
    prov:wasDerivedFrom dqr:evidence\\/001-30-61 .

# The shortcuts the build derives from the claims not ranked deprecated.
dqr:state\\/AAA dq:memberOf dqr:org\\/one , dqr:org\\/two ; dq:signed dqr:agreement\\/pact .
dqr:state\\/BBB dq:memberOf dqr:org\\/one , dqr:org\\/two ; dq:signed dqr:agreement\\/pact ;
    dq:withdrewFrom dqr:org\\/one .
dqr:state\\/CCC dq:memberOf dqr:org\\/one ; dq:withdrewFrom dqr:agreement\\/pact .
dqr:org\\/one dq:foundedBy dqr:state\\/AAA , dqr:state\\/BBB ; dq:succeededBy dqr:org\\/two .
dqr:org\\/two dq:foundedBy dqr:state\\/AAA ; dq:succeededBy dqr:org\\/three .
"""


def world_graph() -> Graph:
    """WORLD with the claims that count typed ``dq:BestRank``, as ``kg build`` types them."""
    graph = bind_prefixes(Graph()).parse(data=WORLD, format="turtle")
    apply_best_rank(graph)
    return graph


# --------------------------------------------------------------------------- the network fixture

# The fixture: seven states, six organisations, two agreements.
#
#   org/union   RUS, KAZ, KGZ from 1992-01-01; GEO from December 1993 (stored 1993-12-01) to
#               2009-08-18, ended by withdrawal; UKR from 1992, ranked deprecated
#   org/pair-a  RUS, KAZ from 1995-01-01        org/pair-b  RUS, KAZ from 1995-01-01
#   org/pair-c  KAZ, KGZ from 1995-01-01        org/pair-d  KAZ, KGZ from 1995-01-01
#   org/link    KGZ, TJK from 1992-01-01; TKM full 1996-01-01 to 2005-08-26, then associate
#               to 2008-01-01
#   agreement/first-1991   signed 1991-12-08 by RUS, KAZ, KGZ
#   agreement/second-1995  signed 1995-05-05 by RUS, KAZ; a deprecated claim that TJK signed
#
# On 30 June 2010 (GEO gone, TKM gone) the co-membership graph is, with organisations shared:
#
#   RUS --3-- KAZ --3-- KGZ --1-- TJK         (RUS-KAZ: union, pair-a, pair-b;
#    \_________1________/                      KAZ-KGZ: union, pair-c, pair-d; RUS-KGZ: union;
#                                              KGZ-TJK: link)
#
# On 30 June 1993 the affiliation graph is the tree RUS, KAZ, KGZ - union - KGZ - link - TJK.
STATES = {
    "RUS": ("Russia", "Ресей", "Россия"),
    "KAZ": ("Kazakhstan", "Қазақстан", "Казахстан"),
    "KGZ": ("Kyrgyzstan", "Қырғызстан", "Кыргызстан"),
    "TJK": ("Tajikistan", "Тәжікстан", "Таджикистан"),
    "GEO": ("Georgia", "Грузия", "Грузия"),
    "TKM": ("Turkmenistan", "Түрікменстан", "Туркменистан"),
    "UKR": ("Ukraine", "Украина", "Украина"),
}
ORGANISATIONS = ("union", "pair-a", "pair-b", "pair-c", "pair-d", "link")
SOURCE = "      - source: https://example.org/record\n        citation: The test record\n"


def _membership(member: str, org: str, start: str, extra: str = "") -> str:
    return (
        f"  - member: state/{member}\n    organisation: org/{org}\n    role: full\n"
        f"    start: {start}\n{extra}    evidence:\n{SOURCE}"
    )


def fixture_facts() -> str:
    entities = [
        f"  - id: state/{iso}\n    type: state\n    iso3: {iso}\n"
        f"    label: {{en: {en}, kk: {kk}, ru: {ru}}}\n"
        for iso, (en, kk, ru) in STATES.items()
    ]
    entities += [
        f"  - id: org/{org}\n    type: organisation\n    label: {{en: The {org}}}\n"
        for org in ORGANISATIONS
    ]
    entities += [
        "  - id: agreement/first-1991\n    type: treaty\n    label: {en: First}\n"
        "    date: 1991-12-08\n",
        "  - id: agreement/second-1995\n    type: treaty\n    label: {en: Second}\n"
        "    date: 1995-05-05\n",
    ]
    memberships = [_membership(s, "union", "1992-01-01") for s in ("RUS", "KAZ", "KGZ")]
    memberships += [
        "  - member: state/GEO\n    organisation: org/union\n    role: full\n"
        "    start: 1993-12\n    end: 2009-08-18\n    end_cause: withdrawal\n"
        '    evidence:\n      - doc: t1_mini\n        quote: "Достастыққа Грузия қосылды"\n',
        _membership("UKR", "union", "1992-01-01", "    rank: deprecated\n    note: A test.\n"),
    ]
    memberships += [
        _membership(s, org, "1995-01-01")
        for org, pair in (
            ("pair-a", ("RUS", "KAZ")),
            ("pair-b", ("RUS", "KAZ")),
            ("pair-c", ("KAZ", "KGZ")),
            ("pair-d", ("KAZ", "KGZ")),
        )
        for s in pair
    ]
    memberships += [_membership(s, "link", "1992-01-01") for s in ("KGZ", "TJK")]
    memberships += [
        _membership("TKM", "link", "1996-01-01", "    end: 2005-08-26\n"),
        _membership("TKM", "link", "2005-08-26", "    end: 2008-01-01\n").replace(
            "role: full", "role: associate"
        ),
    ]
    signings = (
        "  - agreement: agreement/first-1991\n    signatories: [state/RUS, state/KAZ, state/KGZ]\n"
        f"    date: 1991-12-08\n    evidence:\n{SOURCE}"
        "  - agreement: agreement/second-1995\n    signatories: [state/RUS, state/KAZ]\n"
        f"    date: 1995-05-05\n    evidence:\n{SOURCE}"
        "  - agreement: agreement/second-1995\n    signatory: state/TJK\n    date: 1995-05-05\n"
        f"    rank: deprecated\n    note: A test.\n    evidence:\n{SOURCE}"
    )
    withdrawals = (
        "  - party: state/GEO\n    organisation: org/union\n    date: 2009-08-18\n"
        f"    evidence:\n{SOURCE}"
    )
    return (
        "entities:\n"
        + "".join(entities)
        + "memberships:\n"
        + "".join(memberships)
        + "signings:\n"
        + signings
        + "withdrawals:\n"
        + withdrawals
    )


def write_fixture_corpus(corpus: Path) -> Path:
    write_mini_corpus(corpus)
    (corpus / "facts" / "fixture.yaml").write_text(fixture_facts(), encoding="utf-8")
    return corpus


# Years around the fixture's changes (30 June of each): none yet, first members, GEO joined,
# the pairs, TKM full and associate, TKM gone, GEO last in, GEO gone.
SERIES_YEARS = (1991, 1992, 1994, 1995, 2005, 2006, 2008, 2009, 2010)
ON_2010 = date(2010, 6, 30)


class CountingStore:
    """A store that records each query and its bindings, and answers from another store."""

    def __init__(self, store: MemoryStore):
        self.store = store
        self.calls: list[tuple[str, dict]] = []

    def query(self, text, bindings=None):
        self.calls.append((text, dict(bindings or {})))
        return self.store.query(text, bindings)


@contextlib.contextmanager
def recording_listener() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that answers every request with an empty SPARQL result and
    records it (``"GET /path"``): a query that reached outside would show up in the list."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(f"{self.command} {self.path}")
            body = b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
