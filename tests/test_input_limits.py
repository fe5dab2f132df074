"""Input the tools refuse in one clear line (issue 14, point 6): control characters in the texts
of the facts, nesting and size past the limits, an unclosed quote, a misspelt id or type, a
--graph or --store that cannot be read, a text too large to annotate. Each error names the file,
line and field; none leaves a traceback or a written file behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import BASE, ROOT, errors_for, kg, write_facts

from kg.cli.corpus import MAX_ANNOTATE_BYTES
from kg.facts.loader import load_facts
from kg.facts.nodes import MAX_FILE_BYTES, MAX_NESTING
from kg.facts.records import FactErrors


def facts_file(corpus: Path) -> Path:
    return corpus / "facts" / "facts.yaml"


def build_args(corpus: Path, output: Path) -> list[str | Path]:
    return [
        "build",
        "--facts", corpus / "facts",
        "--corpus", corpus,
        "--ontology", ROOT / "ontology",
        "--world", "none",
        "-o", output,
    ]  # fmt: skip


# --------------------------------------------------------------------------- (a) characters

CHARACTER_CASES = {
    # (in BASE, instead, the one error expected after "path:")
    "an ANSI escape written as a YAML escape, in a label": (
        "kk: Грузия}",
        'kk: "\\e[31mГрузия"}',
        "5: entity.label.kk: the character(s) \\x1b (U+001B) not allowed",
    ),
    "a raw escape character in a quote": (
        '"Достастыққа Грузия қосылды"',
        '"Достастыққа\x1b Грузия қосылды"',
        "26: membership.evidence[1].quote: the character(s) \\x1b (U+001B) not allowed",
    ),
    "a right-to-left override in a citation": (
        "citation: The treaty text",
        "citation: The treaty\u202e text",
        "33: signing.evidence[1].citation: the character(s) \\u202e (U+202E RIGHT-TO-LEFT "
        "OVERRIDE) not allowed",
    ),
    "a C1 control in an alternative label": (
        "ru: [СНГ]",
        "ru: [С\x9bНГ]",
        "13: entity.alt.ru[1]: the character(s) \\x9b (U+009B) not allowed",
    ),
    "DEL and a bidi isolate in a note": (
        "    end_cause: withdrawal\n",
        '    end_cause: withdrawal\n    note: "a\\x7fb\u2066c"\n',
        "24: membership.note: the character(s) \\x7f (U+007F), \\u2066 (U+2066 LEFT-TO-RIGHT "
        "ISOLATE) not allowed",
    ),
}


@pytest.mark.parametrize("case", CHARACTER_CASES, ids=list(CHARACTER_CASES))
def test_control_characters_are_refused_with_line_and_field(mini_corpus: Path, case: str) -> None:
    old, new, expected = CHARACTER_CASES[case]
    assert old in BASE
    errors = errors_for(mini_corpus, BASE.replace(old, new, 1))
    # one error: the character is taken out once reported, so nothing follows from it
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{facts_file(mini_corpus)}:{expected} "), errors
    assert not any(char in errors[0] for char in "\x1b\x7f\x9b\u202e\u2066")


def test_notes_by_language_are_checked_each(mini_corpus: Path) -> None:
    note = '    note: {en: "why\\e[2J", kk: "себеп\u202e"}\n'
    text = BASE.replace("    end_cause: withdrawal\n", f"    end_cause: withdrawal\n{note}")
    errors = errors_for(mini_corpus, text)
    path = facts_file(mini_corpus)
    assert [error.split(" the character")[0] for error in errors] == [
        f"{path}:24: membership.note.en:",
        f"{path}:24: membership.note.kk:",
    ]


def test_a_tab_and_a_line_break_are_allowed(mini_corpus: Path) -> None:
    note = '    note: "a\\tb\\nc"\n'
    write_facts(
        mini_corpus,
        BASE.replace("    end_cause: withdrawal\n", f"    end_cause: withdrawal\n{note}"),
    )
    (membership,) = load_facts(mini_corpus / "facts", mini_corpus).memberships
    assert membership.note == "a\tb\nc"


def test_a_nul_character_is_refused_at_its_line(mini_corpus: Path) -> None:
    errors = errors_for(mini_corpus, BASE.replace("label: {en: Russia}", "label: {en: Rus\x00sia}"))
    assert errors == [
        f"{facts_file(mini_corpus)}:9: yaml: the character \\x00 (U+0000) is not allowed"
    ]


def test_the_build_shows_the_escape_and_writes_nothing(mini_corpus: Path, tmp_path: Path) -> None:
    write_facts(mini_corpus, BASE.replace("kk: Грузия}", 'kk: "\\e[31mГрузия\\e[0m"}'))
    output = tmp_path / "kg.ttl"
    ran = kg(*build_args(mini_corpus, output))
    assert ran.returncode == 1
    assert f"{facts_file(mini_corpus)}:5: entity.label.kk: the character(s) \\x1b" in ran.stderr
    assert "\x1b" not in ran.stderr and "Traceback" not in ran.stderr
    assert not output.exists()


# --------------------------------------------------------------------------- (b) nesting, size


def test_a_hundred_thousand_deep_file_is_one_line(mini_corpus: Path) -> None:
    errors = errors_for(mini_corpus, "[" * 100_000)
    assert errors == [
        f"{facts_file(mini_corpus)}:1: yaml: not valid YAML: collections nested deeper than "
        f"{MAX_NESTING} levels"
    ]


def test_nesting_within_the_limit_is_read(mini_corpus: Path) -> None:
    depth = MAX_NESTING - 2  # the file's mapping and the section are two levels
    errors = errors_for(mini_corpus, BASE + "alliances: " + "[" * depth + "]" * depth + "\n")
    assert len(errors) == 1 and "alliances: unknown section" in errors[0]


def test_deep_nesting_through_the_command(mini_corpus: Path, tmp_path: Path) -> None:
    write_facts(mini_corpus, "entities: " + "{a: " * 100_000)
    output = tmp_path / "kg.ttl"
    ran = kg(*build_args(mini_corpus, output))
    assert ran.returncode == 1
    assert f"{facts_file(mini_corpus)}:1: yaml: not valid YAML: collections nested" in ran.stderr
    assert "Traceback" not in ran.stderr and "RecursionError" not in ran.stderr
    assert len(ran.stderr.splitlines()) < 5
    assert not output.exists()


def test_a_file_over_the_size_limit_is_refused(mini_corpus: Path) -> None:
    padding = "# " + "x" * 78 + "\n"
    text = BASE + padding * (MAX_FILE_BYTES // len(padding) + 1)
    assert len(text.encode("utf-8")) > MAX_FILE_BYTES
    errors = errors_for(mini_corpus, text)
    assert errors == [
        f"{facts_file(mini_corpus)}:1: file: larger than {MAX_FILE_BYTES:,} bytes, the limit "
        "for a facts file; split it by topic"
    ]


def test_a_file_that_is_not_utf8_names_its_line(mini_corpus: Path) -> None:
    facts_file(mini_corpus).write_bytes(BASE.encode("utf-8").replace(b"Russia", b"Russ\xe9a"))
    with pytest.raises(FactErrors) as caught:
        load_facts(mini_corpus / "facts", mini_corpus)
    assert [str(e) for e in caught.value.errors] == [
        f"{facts_file(mini_corpus)}:9: file: cannot be read: not UTF-8 (byte 0xe9)"
    ]


# --------------------------------------------------------------------------- (c) quotes


def test_a_quote_left_open_at_the_end_is_reported_where_it_opens(mini_corpus: Path) -> None:
    errors = errors_for(mini_corpus, BASE.replace('"бірлестіктен шықты"', '"бірлестіктен шықты'))
    assert errors == [f"{facts_file(mini_corpus)}:40: yaml: unclosed quote that opens here"]


def test_a_quote_closed_by_the_next_one_is_reported_where_it_opens(mini_corpus: Path) -> None:
    # The open quote of line 26 runs on to the next quote (line 40), where the YAML breaks.
    errors = errors_for(mini_corpus, BASE.replace('Грузия қосылды"', "Грузия қосылды", 1))
    assert len(errors) == 1, errors
    assert errors[0].startswith(
        f"{facts_file(mini_corpus)}:26: yaml: the quote that opens here runs on to line 40, "
        "where the YAML breaks ("
    ), errors


# --------------------------------------------------------------------------- (d) did you mean


def test_an_unknown_id_suggests_the_closest(mini_corpus: Path) -> None:
    errors = errors_for(mini_corpus, BASE.replace("[state/RUS]", "[state/RUSS]"))
    assert errors == [
        f"{facts_file(mini_corpus)}:29: signing.signatories: unknown id 'state/RUSS' "
        "(did you mean state/RUS?)"
    ]


def test_a_suggestion_may_be_of_another_kind(mini_corpus: Path) -> None:
    # no state is close to org/ciss; org/cis is (and then its kind is reported)
    errors = errors_for(mini_corpus, BASE.replace("member: state/GEO", "member: org/ciss"))
    assert errors == [
        f"{facts_file(mini_corpus)}:18: membership.member: unknown id 'org/ciss' "
        "(did you mean org/cis?)"
    ]


def test_a_misspelt_type_is_one_error_with_a_suggestion(mini_corpus: Path) -> None:
    # org/cis is named by the membership and the withdrawal: neither reports it unknown
    errors = errors_for(mini_corpus, BASE.replace("type: organisation", "type: organization"))
    assert errors == [
        f"{facts_file(mini_corpus)}:11: entity.type: 'organization' is not one of: state, "
        "organisation, agreement, treaty, declaration, protocol, charter, person, place, event "
        "(did you mean organisation?)"
    ]


def test_an_id_of_the_wrong_kind_is_one_error(mini_corpus: Path) -> None:
    errors = errors_for(
        mini_corpus, BASE.replace("id: agreement/belovezha-1991", "id: org/belovezha-1991")
    )
    assert len(errors) == 1 and "entity.id: 'org/belovezha-1991'" in errors[0], errors


def test_a_malformed_entity_id_is_one_error(mini_corpus: Path) -> None:
    # state/GEO! is named by the membership and the withdrawal too
    errors = errors_for(mini_corpus, BASE.replace("state/GEO", "state/GEO!"))
    assert errors == [
        f"{facts_file(mini_corpus)}:2: entity.id: 'state/GEO!' is not an id like state/KAZ or "
        "org/cis"
    ]


def test_a_misspelt_role_suggests_the_closest(mini_corpus: Path) -> None:
    errors = errors_for(mini_corpus, BASE.replace("role: full", "role: observr"))
    assert errors == [
        f"{facts_file(mini_corpus)}:20: membership.role: 'observr' is not one of: full, "
        "associate, observer (did you mean observer?)"
    ]


# --------------------------------------------------------------------------- (e) --graph, --store

GRAPH_COMMANDS = {
    # the command, its other arguments (OUT: an output path that must stay unwritten)
    "query": ["query", "states-at"],
    "centrality": ["centrality"],
    "network": ["network", "-o", "OUT.gexf"],
    "explore": ["explore", "-o", "OUT"],
    "site": ["site", "-o", "OUT"],
    "report stats": ["report", "stats"],
    "report disputes": ["report", "disputes"],
    "report reconcile": ["report", "reconcile"],
    "export cow": ["export", "cow", "--igo-year", "OUT"],
    "validate": ["validate"],
    "serve": ["serve", "--port", "1"],
}


def bad_graphs(folder: Path) -> dict[str, tuple[Path, str]]:
    """Graph files that cannot be read, and what the message says of each."""
    (folder / "a-folder.ttl").mkdir()
    (folder / "data.json").write_text('{"not": "turtle"}\n', encoding="utf-8")
    (folder / "broken.ttl").write_text(
        "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b \x1b[31m{{ .\n",
        encoding="utf-8",
    )
    return {
        "missing": (folder / "none.ttl", "no built graph here; run `kg build` first"),
        "a folder": (folder / "a-folder.ttl", "is a folder, not a graph file"),
        "not Turtle": (folder / "data.json", "is not a Turtle file (line 1 starts with '{')"),
        "broken later": (folder / "broken.ttl", "is not a Turtle file (line 3"),
    }


def run_refused(args: list[str], tmp_path: Path, *extra: str | Path) -> tuple[int, str]:
    """Run ``kg ARGS EXTRA`` (``OUT`` in ARGS: a path in tmp_path) expecting a refusal."""
    ran = kg(*[str(tmp_path / arg) if arg.startswith("OUT") else arg for arg in args], *extra)
    assert "Traceback" not in ran.stderr, ran.stderr
    assert "\x1b" not in ran.stderr
    assert not list(tmp_path.glob("OUT*"))  # nothing written
    return ran.returncode, ran.stderr


@pytest.mark.parametrize("command", GRAPH_COMMANDS, ids=list(GRAPH_COMMANDS))
@pytest.mark.parametrize("problem", ["missing", "a folder", "not Turtle", "broken later"])
@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_graph_that_cannot_be_read_is_one_click_error(
    tmp_path: Path, command: str, problem: str, store: str
) -> None:
    path, said = bad_graphs(tmp_path)[problem]
    status, stderr = run_refused(
        GRAPH_COMMANDS[command], tmp_path, "--store", store, "--graph", path
    )
    assert status == 1, stderr
    assert f"Error: Invalid value for '--graph': {path}" in stderr, stderr
    assert said in stderr, stderr


def test_serve_names_the_graph_its_workers_could_not_read(tmp_path: Path) -> None:
    # kg serve's query workers read the graph in their own processes: their parser's error
    # comes back as the same one-line --graph error, the file's escape character escaped.
    path, _ = bad_graphs(tmp_path)["broken later"]
    status, stderr = run_refused(["serve", "--port", "1"], tmp_path, "--graph", path)
    assert status == 1, stderr
    assert f"Error: Invalid value for '--graph': {path} is not a Turtle file (line 3" in stderr
    assert "\\x1b" in stderr


@pytest.mark.parametrize("command", GRAPH_COMMANDS, ids=list(GRAPH_COMMANDS))
def test_an_unknown_store_is_a_usage_error(tmp_path: Path, command: str) -> None:
    status, stderr = run_refused(GRAPH_COMMANDS[command], tmp_path, "--store", "sqlite:kg.db")
    assert status == 2, stderr
    assert "Error: Invalid value for '--store': unknown store 'sqlite:kg.db'" in stderr


@pytest.mark.parametrize("command", GRAPH_COMMANDS, ids=list(GRAPH_COMMANDS))
def test_an_oxigraph_folder_that_holds_no_store_names_the_option(
    tmp_path: Path, command: str
) -> None:
    folder = tmp_path / "no-store"
    status, stderr = run_refused(GRAPH_COMMANDS[command], tmp_path, "--store", f"oxigraph:{folder}")
    assert status == 1, stderr
    assert (
        f"Error: Invalid value for '--store': oxigraph:{folder}: no Oxigraph store here" in stderr
    )
    turtle = tmp_path / "kg.ttl"
    turtle.write_text("", encoding="utf-8")
    status, stderr = run_refused(GRAPH_COMMANDS[command], tmp_path, "--store", f"oxigraph:{turtle}")
    assert status == 1 and f"oxigraph:{turtle} is a file" in stderr, stderr


@pytest.mark.parametrize("problem", ["missing", "a folder", "not Turtle"])
def test_load_refuses_a_graph_that_cannot_be_read(tmp_path: Path, problem: str) -> None:
    path, said = bad_graphs(tmp_path)[problem]
    store = tmp_path / "store"
    status, stderr = run_refused(
        ["load"], tmp_path, "--store", f"oxigraph:{store}", "--graph", path
    )
    assert status == 1 and f"Error: Invalid value for '--graph': {path}" in stderr, stderr
    assert said in stderr and not store.exists()


def test_a_failure_message_never_carries_a_raw_control_character(tmp_path: Path) -> None:
    path, _ = bad_graphs(tmp_path)["broken later"]
    store = tmp_path / "store"
    status, stderr = run_refused(
        ["load"], tmp_path, "--store", f"oxigraph:{store}", "--graph", path
    )
    assert status == 1 and "Load failed" in stderr and "'\\x1b'" in stderr, stderr


# --------------------------------------------------------------------------- (f) annotate


def annotate(corpus: Path, path: Path | str) -> tuple[int, str, str]:
    ran = kg("corpus", "annotate", path, "--facts", corpus / "facts", "--corpus", corpus)
    assert "Traceback" not in ran.stderr, ran.stderr
    return ran.returncode, ran.stdout, ran.stderr


def test_annotate_refuses_a_file_too_large_to_be_a_text(mini_corpus: Path, tmp_path: Path) -> None:
    write_facts(mini_corpus, BASE)
    big = tmp_path / "big.txt"
    big.write_bytes(
        b"\xd0\x93\xd1\x80\xd1\x83\xd0\xb7\xd0\xb8\xd1\x8f.\n" * (MAX_ANNOTATE_BYTES // 14 + 1)
    )
    assert big.stat().st_size > MAX_ANNOTATE_BYTES
    status, stdout, stderr = annotate(mini_corpus, big)
    assert status == 1 and stdout == ""
    assert (
        f"Error: Invalid value for 'PATH': {big} is {big.stat().st_size:,} bytes, over the "
        "5,242,880 bytes (5 MiB) a text to annotate may have" in stderr
    ), stderr


def test_annotate_reads_an_endless_file_no_further_than_the_limit(mini_corpus: Path) -> None:
    write_facts(mini_corpus, BASE)
    status, _, stderr = annotate(mini_corpus, "/dev/zero")  # would never end if read whole
    assert status == 1
    assert "Error: Invalid value for 'PATH': /dev/zero holds more than" in stderr, stderr


def test_annotate_names_the_line_of_a_byte_that_is_not_utf8(
    mini_corpus: Path, tmp_path: Path
) -> None:
    write_facts(mini_corpus, BASE)
    text = tmp_path / "text.txt"
    text.write_bytes("Грузия.\nРесей".encode() + b"\xff.\n")  # 0xff: never in UTF-8
    status, _, stderr = annotate(mini_corpus, text)
    assert status == 1 and f"'PATH': {text}:2: not UTF-8 text (byte 0xff)" in stderr, stderr


def test_annotate_still_annotates_a_text(mini_corpus: Path, tmp_path: Path) -> None:
    write_facts(mini_corpus, BASE)
    text = tmp_path / "text.txt"
    text.write_text("Грузия 1993 жылы қосылды.\n", encoding="utf-8")
    status, stdout, stderr = annotate(mini_corpus, text)
    assert status == 0, stderr
    assert '"entity": "state/GEO"' in stdout
