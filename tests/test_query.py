"""Named queries: parameters are RDF terms that cannot change the query, and members-at follows
docs/design.md's time rule at its boundaries (start day inclusive, end day exclusive); `kg query`
reads well (issue 14, point 7): --list says each query's question, parameters and an example,
and a table written to a pipe or a file never cuts an id in two."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from helpers import BASE, ROOT, kg, kg_process, write_facts
from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.build.graph import build_graph
from kg.build.turtle import serialise
from kg.dates import is_active
from kg.facts.loader import load_facts
from kg.queries.named import (
    ParameterError,
    bind_parameters,
    list_queries,
    load_query,
    run_named_query,
    to_term,
)
from kg.queries.tables import to_csv, to_json
from kg.stores.base import QueryError, QueryResult
from kg.stores.memory import MemoryStore
from kg.vocab import DQR

MEMBERS_AT = load_query("members-at")


@pytest.fixture
def mini_store(mini_corpus: Path) -> MemoryStore:
    """Georgia in the CIS from 1993-12 (month precision) to 2009-08-18, from helpers.BASE."""
    write_facts(mini_corpus, BASE)
    return MemoryStore(build_graph(load_facts(mini_corpus / "facts", mini_corpus)).graph)


def members(store: MemoryStore, on: date) -> list[str]:
    result = run_named_query(store, MEMBERS_AT, {"org": "org/cis", "date": on.isoformat()})
    return [str(term) for term in result.column("member")]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(1993, 11, 30), False),  # the day before the month of joining
        (date(1993, 12, 1), True),  # a month-precision start is stored as its first day
        (date(2009, 8, 17), True),  # the last day of membership
        (date(2009, 8, 18), False),  # the day the withdrawal took effect: no longer a member
    ],
)
def test_members_at_follows_the_time_rule_at_its_boundaries(
    mini_store: MemoryStore, on: date, expected: bool
) -> None:
    assert (str(DQR["state/GEO"]) in members(mini_store, on)) is expected
    # The library's own rule says the same on the same days.
    assert is_active(date(1993, 12, 1), date(2009, 8, 18), on) is expected


def test_is_active_without_end() -> None:
    start = date(2005, 8, 26)
    assert not is_active(start, None, start - timedelta(days=1))
    assert is_active(start, None, start)
    assert is_active(start, None, date(2100, 1, 1))


def test_deprecated_memberships_are_not_members(mini_corpus: Path) -> None:
    text = BASE.replace("role: full", "role: full\n    rank: deprecated\n    note: wrong")
    write_facts(mini_corpus, text)
    store = MemoryStore(build_graph(load_facts(mini_corpus / "facts", mini_corpus)).graph)
    assert members(store, date(2000, 1, 1)) == []


def test_labels_follow_the_lang_parameter(mini_store: MemoryStore) -> None:
    values = {"org": "org/cis", "date": "2000-01-01"}
    english = run_named_query(mini_store, MEMBERS_AT, values)
    kazakh = run_named_query(mini_store, MEMBERS_AT, {**values, "lang": "kk"})
    assert english.column("label") == [Literal("Georgia", lang="en")]
    assert kazakh.column("label") == [Literal("Грузия", lang="kk")]


class RecordingStore:
    """Records what a query runner hands to a store, and answers nothing."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Mapping[str, Node] | None]] = []

    def query(self, text: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        self.calls.append((text, bindings))
        return QueryResult((), ())


def test_parameters_reach_the_store_as_terms_and_the_text_is_untouched() -> None:
    store = RecordingStore()
    run_named_query(store, MEMBERS_AT, {"org": "org/cis", "date": "2010-01-01"})
    ((text, bindings),) = store.calls
    assert text == MEMBERS_AT.path.read_text(encoding="utf-8")
    assert bindings == {
        "org": URIRef("https://w3id.org/dostastyq/id/org/cis"),
        "date": Literal(date(2010, 1, 1)),  # rdflib types a date as xsd:date
        "lang": Literal("en"),
    }


@pytest.mark.parametrize(
    "hostile",
    [
        "org/cis> } UNION { ?member ?p ?o",
        "https://w3id.org/dostastyq/id/org/cis> } #",
        'org/cis" . ?x ?y ?z',
        "org/cis\n} LIMIT 0",
    ],
)
def test_hostile_entity_values_are_refused(hostile: str) -> None:
    with pytest.raises(ParameterError, match=r"members-at: parameter org: .* is not an id"):
        bind_parameters(MEMBERS_AT, {"org": hostile, "date": "2010-01-01"})


def test_hostile_text_bound_as_a_literal_changes_nothing(mini_store: MemoryStore) -> None:
    # Bound as a string literal, query syntax inside the value is just characters: the query
    # still parses, and matches no organisation.
    hostile = Literal("org/cis> } UNION { ?member ?p ?o } #")
    result = mini_store.query(
        MEMBERS_AT.text, {"org": hostile, "date": to_term("date", "2000-01-01"), "lang": "en"}
    )
    assert result.rows == ()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"org": "org/cis"}, "missing parameter date"),
        ({"org": "org/cis", "date": "2010-13-01"}, "parameter date: '2010-13-01' is not a day"),
        ({"org": "org/cis", "date": "2010"}, "parameter date: '2010' is not a day"),
        ({"org": "org/cis", "date": "2010-01-01", "colour": "red"}, "unknown parameter 'colour'"),
        ({"org": "org/cis", "date": "2010-01-01", "lang": "en'"}, "is not a language code"),
    ],
)
def test_parameter_errors_say_what_is_wrong(values: dict[str, str], message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        bind_parameters(MEMBERS_AT, values)


def test_bad_sparql_gets_the_parser_message(mini_store: MemoryStore) -> None:
    with pytest.raises(QueryError, match="not valid SPARQL"):
        mini_store.query("SELECT ?x WHERE { ?x ?y }")


def test_named_queries_declare_their_parameters() -> None:
    queries = {query.name: query for query in list_queries()}
    assert "members-at" in queries
    members_at = queries["members-at"]
    assert [(p.name, p.kind, p.required) for p in members_at.parameters] == [
        ("org", "entity", True),
        ("date", "date", True),
        ("lang", "language", False),
    ]
    assert members_at.examples and members_at.question
    for query in queries.values():
        assert query.title and query.question, f"{query.path} needs a title and a question"
        for parameter in query.parameters:
            assert f"?{parameter.name}" in query.text, f"{query.path}: ?{parameter.name} unused"


def test_csv_and_json_shapes(mini_store: MemoryStore) -> None:
    result = run_named_query(mini_store, MEMBERS_AT, {"org": "org/cis", "date": "2000-01-01"})
    lines = to_csv(result).splitlines()
    assert lines == [
        "member,label,role,start,end,membership,rank,note",
        "state/GEO,Georgia,FullMember,1993-12-01,2009-08-18,membership/GEO-cis-1993,Normal,",
    ]
    assert json.loads(to_json(result)) == [
        {
            "member": "state/GEO",
            "label": "Georgia",
            "role": "FullMember",
            "start": "1993-12-01",
            "end": "2009-08-18",
            "membership": "membership/GEO-cis-1993",
            "rank": "Normal",
            "note": None,  # no note: null, as every unbound value
        }
    ]


# --------------------------------------------------------------------------- kg query reads well

LONG_NOTE = (
    "Georgia's membership is a test of a long caveat: it joined in December 1993 by a decision "
    "of the Council of Heads of State, acceded to the Charter on 9 December 1993 and left on 18 "
    "August 2009, a year after the war; the curators keep the month because the day is uncertain."
)


@pytest.fixture
def noted_graph(mini_corpus: Path, tmp_path: Path) -> Path:
    """helpers.BASE with a long English note on Georgia's membership, built and written."""
    write_facts(
        mini_corpus,
        BASE.replace("end_cause: withdrawal", f'end_cause: withdrawal\n    note: "{LONG_NOTE}"'),
    )
    graph = build_graph(load_facts(mini_corpus / "facts", mini_corpus)).graph
    path = tmp_path / "kg.ttl"
    path.write_bytes(serialise(graph))
    return path


MEMBERS_2000 = ("query", "members-at", "-p", "org=org/cis", "-p", "date=2000-01-01")


@pytest.mark.parametrize("columns", ["40", "200"])
def test_a_table_in_a_pipe_keeps_every_id_whole(noted_graph: Path, columns: str) -> None:
    """In-process (click's runner: stdout is not a terminal) and, below, a real pipe; rich would
    otherwise take 80 columns, or $COLUMNS, and fold membership/GEO-cis-1993 in two."""
    result = kg(*MEMBERS_2000, "--graph", noted_graph, env={"COLUMNS": columns})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for whole in ("state/GEO", "membership/GEO-cis-1993", "FullMember", "1993-12-01"):
        assert any(whole in line for line in lines), whole
    # the note is wrapped within its column: every line of the table the same width, and
    # well under the note's 270 characters; every word of it is there
    widths = {len(line) for line in lines[1:]}
    assert len(widths) == 1 and widths.pop() < 160, lines
    cells = " ".join(cell.strip() for line in lines for cell in line.split("│")[1:])
    assert " ".join(LONG_NOTE.split()) in " ".join(cells.split())


def test_a_table_through_a_real_pipe_keeps_ids_whole(noted_graph: Path) -> None:
    result = kg_process(*MEMBERS_2000, "--graph", noted_graph, env={"COLUMNS": "30"})
    assert result.returncode == 0, result.stderr
    assert re.search(r"│ membership/GEO-cis-1993 +│", result.stdout), result.stdout
    assert "│ Normal " in result.stdout


def test_query_list_says_question_parameters_and_one_example(tmp_path: Path) -> None:
    """--list needs no built graph (run where there is none), and prints each query's question,
    its parameters (name, kind, default) and its first example, never the notes."""
    result = kg("query", "--list", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert kg("query", cwd=tmp_path).stdout == result.stdout  # no query named: the same list
    flat = " ".join(result.stdout.split())
    for query in list_queries():
        assert f"{query.name}: {query.title}" in flat
        assert " ".join(query.question.split()) in flat, query.name
        assert query.examples and query.examples[0] in flat, query.name
        for later in query.examples[1:]:
            assert later not in flat, later
        for parameter in query.parameters:
            default = "" if parameter.required else f", default {parameter.default}"
            assert f"{parameter.name} ({parameter.kind}{default})" in flat, query.name
        assert query.notes and query.notes[:60] not in flat, query.name
    # by hand, from kg/queries/members-at.rq
    assert "org (entity), date (date), lang (language, default en)" in flat
    assert "example: kg query members-at --param org=org/cis --param date=1992-06-01" in flat
    assert "Virtuoso" not in flat  # the stores' workarounds stay in the files


def test_a_query_file_header_is_title_question_and_notes(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(
        "# Title\n#\n# The question,\n# on two lines?\n#\n# A note.\n#\n# Another.\n"
        "# param x: string - a value\n# example: kg query q.rq -p x=1\nSELECT ?x WHERE {}\n",
        encoding="utf-8",
    )
    parsed = load_query(str(path))
    assert (parsed.title, parsed.question) == ("Title", "The question, on two lines?")
    assert parsed.notes == "A note.\n\nAnother."
    assert [p.name for p in parsed.parameters] == ["x"]
    assert shlex.split(parsed.examples[0])[-1] == "x=1"


# --------------------------------------------------------------------------- the facts format page


def test_the_code_fences_of_the_facts_format_page_are_whole() -> None:
    """corpus/facts/README.md renders as meant: its ``` fences pair up, every opening one says
    its language (text for the error message, yaml for the facts), and every yaml block is YAML.
    The page had seven blocks when this was written; more may come."""
    lines = (ROOT / "corpus/facts/README.md").read_text(encoding="utf-8").splitlines()
    blocks: list[tuple[str, list[str]]] = []
    inside: list[str] | None = None
    for line in lines:
        if line.startswith("```"):
            if inside is None:
                inside = []
                blocks.append((line.removeprefix("```").strip(), inside))
            else:
                assert line == "```", f"a closing fence with more on its line: {line!r}"
                inside = None
        elif inside is not None:
            inside.append(line)
    assert inside is None, "a fence is left open"
    assert len(blocks) >= 7
    assert blocks[0] == (
        "text",
        ["corpus/facts/cis.yaml:42: membership.start: '1993-13' is not a date "
         "(YYYY, YYYY-MM or YYYY-MM-DD)"],
    )  # fmt: skip
    for language, body in blocks:
        assert language in ("text", "yaml", "sh"), language
        if language == "yaml":
            yaml.safe_load("\n".join(body))
