"""The README's examples still run (issue 14's done-when): every `kg …` line of its shell blocks,
as a user types it, from a folder holding the project's corpus and a build in ``build/kg.ttl``,
exits 0 and gives what its comment promises: an answer, or the file it names. The examples about
the world layer (``--scope world``) run on the real build (conftest's ``world_ttl``), the others
on the curated record (conftest's ``built``), which answers them in a fraction of the time.

Left out, each tested where it belongs: `kg serve` (test_serve*), `kg site` (test_site),
`kg load` and the commands on the store it makes or on a remote endpoint (test_store), and the
failing `$ kg build` shown with its message (test_cli).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from helpers import ROOT, kg

from kg.build.turtle import serialise

README = ROOT / "README.md"
LEFT_OUT = re.compile(r"^kg (serve|site|load|build)\b|--store (http|oxigraph:)")


def _examples() -> list[str]:
    examples, fence, inside = [], "", False
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fence = "" if fence else line.strip()  # a fence opens a block or closes one
            inside = fence in ("```sh", "```")
            continue
        command = line.removeprefix("$ ").removeprefix(".venv/bin/")
        if inside and command.startswith("kg "):
            command = command.split("  #")[0].split(" # ")[0].strip()
            if not LEFT_OUT.search(command):
                examples.append(command)
    return examples


EXAMPLES = list(dict.fromkeys(_examples()))  # the README repeats some


def test_the_readme_has_examples_of_every_command_group() -> None:
    groups = {command.split()[1] for command in EXAMPLES}
    assert {"query", "report", "corpus", "centrality", "network", "explore"} <= groups


def _workplace(folder: Path, graph: Path) -> Path:
    """A user's folder: the corpus, build/kg.ttl, and a notes.txt for `kg corpus annotate`."""
    (folder / "corpus").symlink_to(ROOT / "corpus")
    (folder / "build").mkdir()
    (folder / "build" / "kg.ttl").symlink_to(graph)
    (folder / "notes.txt").write_text(
        "1992 жылы 15 мамырда Ташкентте Қазақстан мен Ресей шартқа қол қойды.\n", encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def curated_workplace(built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("user")
    graph = folder / "curated.ttl"
    graph.write_bytes(serialise(built.graph))
    return _workplace(folder, graph)


@pytest.fixture(scope="module")
def world_workplace(world_ttl: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _workplace(tmp_path_factory.mktemp("user"), world_ttl)


@pytest.mark.parametrize("command", EXAMPLES)
def test_a_readme_example_runs(request: pytest.FixtureRequest, command: str) -> None:
    world = "--scope world" in command
    workplace = request.getfixturevalue("world_workplace" if world else "curated_workplace")
    args = shlex.split(command)[1:]
    written = [args[i + 1] for i, arg in enumerate(args[:-1]) if arg in ("-o", "--plot")]
    if args[0] == "explore" and not written:
        written = ["build/explorer.html"]
    for name in written:
        (workplace / name).unlink(missing_ok=True)
    # Oxigraph loads the world graph in seconds where rdflib takes about twenty.
    ran = kg(*args, cwd=workplace, env={"KG_STORE": "oxigraph"})
    assert ran.returncode == 0, f"{command}\n{ran.stderr}"
    assert "Traceback" not in ran.stderr, command
    for name in written:
        assert (workplace / name).stat().st_size > 0, f"{command} wrote no {name}"
    if not written:  # an answer: on stdout, or a checker's verdict on stderr
        assert (ran.stdout + ran.stderr).strip(), f"{command} answered nothing"
