"""The `kg` command: exit codes, messages, atomic writes, outputs.

Most tests run the command in-process (``helpers.kg``, click's ``CliRunner`` against
``kg.cli.main``). The end-to-end tests run the installed console script as a user runs it, where
the process is the point: the graph built by a real `kg build` and then validated and queried by
real processes (what `make demo` does), a failed build that leaves the previous graph and no
temporary file behind, and the exit statuses the shell sees."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from helpers import ALMA_ATA_ELEVEN, BASE, ROOT, kg, kg_process, write_facts
from rdflib import Graph

from kg.build.graph import BuiltGraph
from kg.build.turtle import serialise


def mini_build_args(corpus: Path, output: Path) -> list[str | Path]:
    return [
        "build",
        "--facts", corpus / "facts",
        "--corpus", corpus,
        "--ontology", ROOT / "ontology",
        "-o", output,
    ]  # fmt: skip


@pytest.fixture(scope="module")
def real_graph(world_ttl: Path) -> Path:
    """The project's graph, built by the real command (a process, end to end) into a temporary
    folder (conftest's session fixture: one world build for the whole suite)."""
    return world_ttl


def test_end_to_end_build_validate_query(real_graph: Path) -> None:
    """End to end, as `make demo` runs it: the graph the real `kg build` wrote is accepted by a
    real `kg validate` and answers a real `kg query`."""
    validated = kg_process("validate", "--graph", real_graph)
    assert validated.returncode == 0 and "conforms" in validated.stderr, validated.stderr
    answered = kg_process(
        "query", "members-at", "-p", "org=org/cis", "-p", "date=1992-06-01",
        "--format", "csv", "--graph", real_graph,
    )  # fmt: skip
    assert answered.returncode == 0, answered.stderr
    rows = list(csv.DictReader(io.StringIO(answered.stdout)))
    assert {row["member"] for row in rows} == ALMA_ATA_ELEVEN


def test_end_to_end_exit_statuses(real_graph: Path, tmp_path: Path) -> None:
    """End to end: the statuses the shell sees from the installed script besides 0 (which the
    test above sees) - 1 for a failure the command explains (no traceback), 2 for a usage
    error."""
    missing = kg_process("query", "members-at", "--graph", tmp_path / "none.ttl",
                         "-p", "org=org/cis", "-p", "date=2010-01-01")  # fmt: skip
    assert missing.returncode == 1 and "run `kg build` first" in missing.stderr
    assert "Traceback" not in missing.stderr
    usage = kg_process("query", "members-at", "--format", "nope", "--graph", real_graph)
    assert usage.returncode == 2 and "--format" in usage.stderr


def test_build_writes_a_graph_that_parses(mini_corpus: Path, tmp_path: Path) -> None:
    write_facts(mini_corpus, BASE)
    output = tmp_path / "out" / "kg.ttl"
    result = kg(*mini_build_args(mini_corpus, output))
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(output, format="turtle")
    assert len(graph) > 0
    assert "triples" in result.stderr


def test_failed_build_changes_nothing_and_lists_every_problem(
    mini_corpus: Path, tmp_path: Path
) -> None:
    """End to end (a real process): the failed build exits 1, and the previous graph and no
    temporary file are what it leaves behind once the process is gone."""
    output = tmp_path / "kg.ttl"
    output.write_bytes(b"# the previous build\n")
    write_facts(
        mini_corpus,
        BASE.replace("start: 1993-12", "start: 1993-13").replace("role: full", "role: boss"),
    )
    result = kg_process(*mini_build_args(mini_corpus, output))
    assert result.returncode == 1
    facts_file = mini_corpus / "facts" / "facts.yaml"
    assert f"{facts_file}:21: membership.start: '1993-13' is not a date" in result.stderr
    assert f"{facts_file}:20: membership.role: 'boss' is not one of" in result.stderr
    assert "nothing written" in result.stderr
    assert output.read_bytes() == b"# the previous build\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "kg.ttl"]  # no temp file


def test_build_is_deterministic(real_graph: Path, world_built: BuiltGraph) -> None:
    """The same bytes again, from an in-process build (another interpreter, another string hash
    seed) beside the real process's. This is also what lets the in-process ``world_built`` skip
    SHACL: it is the graph the process validated."""
    assert serialise(world_built.graph) == real_graph.read_bytes()


def test_validate_accepts_a_build_and_rejects_a_broken_graph(
    mini_corpus: Path, tmp_path: Path
) -> None:
    """In-process, on a small build (the project's own graph is validated end to end above)."""
    write_facts(mini_corpus, BASE)
    good = tmp_path / "good.ttl"
    assert kg(*mini_build_args(mini_corpus, good)).returncode == 0
    accepted = kg("validate", "--graph", good, "--ontology", ROOT / "ontology")
    assert accepted.returncode == 0 and "conforms" in accepted.stderr, accepted.stderr
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix dq: <https://w3id.org/dostastyq/ontology#> .\n"
        "<https://w3id.org/dostastyq/id/membership/x> a dq:Membership .\n",
        encoding="utf-8",
    )
    result = kg("validate", "--graph", broken)
    assert result.returncode == 1
    assert "membership/x" in result.stderr


def test_query_csv_lists_the_cis_members_in_2010_without_georgia(real_graph: Path) -> None:
    result = kg(
        "query", "members-at",
        "--param", "org=org/cis", "--param", "date=2010-01-01",
        "--format", "csv", "--graph", real_graph,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {row["member"] for row in rows} == ALMA_ATA_ELEVEN
    roles = {row["member"]: row["role"] for row in rows}
    assert roles["state/TKM"] == "AssociateMember"
    assert {role for member, role in roles.items() if member != "state/TKM"} == {"FullMember"}


def test_query_json_and_table(real_graph: Path) -> None:
    args = ["query", "members-at", "-p", "org=org/cis", "-p", "date=1992-06-01"]
    as_json = kg(*args, "--format", "json", "--graph", real_graph)
    assert as_json.returncode == 0, as_json.stderr
    records = json.loads(as_json.stdout)
    assert {record["member"] for record in records} == ALMA_ATA_ELEVEN
    as_table = kg(*args, "-p", "lang=kk", "--graph", real_graph)
    assert as_table.returncode == 0
    assert "Қазақстан" in as_table.stdout and "Georgia" not in as_table.stdout


def test_query_list_shows_parameters() -> None:
    result = kg("query", "--list")
    assert result.returncode == 0
    assert "members-at" in result.stdout
    assert "org (entity)" in result.stdout and "date (date)" in result.stdout


def test_query_errors_are_clear(real_graph: Path, tmp_path: Path) -> None:
    bad_param = kg("query", "members-at", "-p", "org=org/cis> }", "-p", "date=2010-01-01",
                   "--graph", real_graph)  # fmt: skip
    assert bad_param.returncode == 1
    assert "parameter org" in bad_param.stderr and "is not an id" in bad_param.stderr
    bad_sparql = tmp_path / "bad.rq"
    bad_sparql.write_text("SELECT ?x WHERE { ?x ?y }", encoding="utf-8")
    result = kg("query", bad_sparql, "--graph", real_graph)
    assert result.returncode == 1 and "not valid SPARQL" in result.stderr
    missing = kg("query", "members-at", "--graph", tmp_path / "none.ttl",
                 "-p", "org=org/cis", "-p", "date=2010-01-01")  # fmt: skip
    assert missing.returncode == 1 and "run `kg build` first" in missing.stderr
