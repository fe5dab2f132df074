"""Every notebook in notebooks/ runs from top to bottom without an error, and the outputs stored
in it are the ones it gives now.

Each is executed with nbclient in a ``python3`` kernel that runs this interpreter (the venv's),
from the notebooks folder, with no network needed. The graph comes from the project's facts,
built once per session by the ``built`` fixture of conftest.py and written to a temporary file;
notebooks find it through the environment variable ``KG_GRAPH`` and fall back to
``../build/kg.ttl`` when run by hand::

    GRAPH = Path(os.environ.get("KG_GRAPH", "../build/kg.ttl"))

A notebook that writes files should write them under ``KG_NOTEBOOK_OUTPUT`` (a temporary folder
here) when it is set, and print no path that changes from run to run.

**Stored outputs** (notebooks/README.md says why): each notebook is kept in git with the outputs
of its run on that curated graph, so that GitHub shows them. The run here is compared with them
(every text an output shows; an image only by its presence, since its pixels depend on the
matplotlib and FreeType at hand) and the test fails when they differ: the notebook's outputs are
stale. ``KG_NOTEBOOK_UPDATE=1 .venv/bin/pytest tests/test_notebooks.py`` writes the fresh ones
instead. Outputs are stored with execution counts 1, 2, 3 … and without timings or the kernel's
version, so that a refresh with nothing new changes no byte. A cell tagged ``remove-output``
(notebook 03's inline explorer: half a megabyte of page that GitHub would not run) is stored
without its outputs.

The notebooks that measure or explore in a scope (``SCOPED``) say which. The curated graph has
the `world` scope but no organisations in it, and their `world` cells say so; the centrality
notebook runs a second time on the whole graph as `kg build` makes it (the ``world_built``
fixture: the curated record and the Correlates of War world layer), where its `world` cell has
a world to measure.
"""

from __future__ import annotations

import base64
import copy
import difflib
import json
import os
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml
from helpers import ROOT
from nbclient import NotebookClient
from nbformat import NotebookNode

from kg.build.graph import BuiltGraph
from kg.build.turtle import serialise

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CENTRALITY = ROOT / "notebooks" / "02-centrality.ipynb"
SCOPED = [CENTRALITY, ROOT / "notebooks" / "03-explore.ipynb"]
# Run again on the whole graph (half a minute there). Not 03-explore: its nine typed graphs take
# some ten seconds each there, and its world row comes from the function the curated run checks.
ON_THE_WHOLE_GRAPH = [CENTRALITY]
NO_WORLD = "This graph has no world layer"
# The post-Soviet scope's organisations, as corpus/scopes.yaml lists them; the notebooks say so.
POST_SOVIET_COUNT = len(
    next(
        scope["organisations"]
        for scope in yaml.safe_load((ROOT / "corpus/scopes.yaml").read_text(encoding="utf-8"))[
            "scopes"
        ]
        if scope["id"] == "post-soviet"
    )
)
SCOPE_LINE = f"scope: post-Soviet integration ({POST_SOVIET_COUNT} organisations)"
UPDATE = os.environ.get("KG_NOTEBOOK_UPDATE") == "1"
REMOVE_OUTPUT = "remove-output"
PNG = b"\x89PNG\r\n\x1a\n"

# Notebook 02's plots, looked at in the kernel right after the cell that draws them (a probe
# cell the test adds to its copy, then takes out): the yearly counts are steps on whole numbers.
PROBE = "NOTEBOOK-PROBE "
PROBE_CODE = """
import json as _json
from matplotlib.ticker import MaxNLocator as _MaxNLocator

def _axes_facts(axes):
    locator = axes.yaxis.get_major_locator()
    return {
        "lines": len(axes.lines),
        "drawstyles": sorted({line.get_drawstyle() for line in axes.lines}),
        "integer_locator": isinstance(locator, _MaxNLocator) and bool(locator._integer),
        "ticks": [float(tick) for tick in axes.get_yticks()],
    }

print(%r + _json.dumps(%s))
"""
PROBES = {  # a text of the plotting cell -> what the probe reports after it
    "Organisations each state belongs to": '{"counts": _axes_facts(ax)}',
    'zip(axes, ["strength", "betweenness", "eigenvector"])': (
        '{m: _axes_facts(a) for m, a in zip(["strength", "betweenness", "eigenvector"], axes)}'
    ),
}


@pytest.fixture(scope="session")
def notebook_graph(built: BuiltGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("notebook-graph") / "kg.ttl"
    path.write_bytes(serialise(built.graph))
    return path


@pytest.fixture(scope="session")
def world_notebook_graph(world_built: BuiltGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("notebook-world-graph") / "kg.ttl"
    path.write_bytes(serialise(world_built.graph))
    return path


@pytest.fixture(scope="session")
def venv_kernel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Jupyter data folder whose ``python3`` kernel is this interpreter, whatever other
    ``python3`` kernels the machine has (JUPYTER_PATH is searched first)."""
    folder = tmp_path_factory.mktemp("jupyter")
    spec = folder / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (Dostastyq venv)",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    return folder


def test_the_centrality_notebook_is_there() -> None:
    assert CENTRALITY in NOTEBOOKS


# ------------------------------------------------------------------------------------- running


def _execute(
    path: Path,
    graph: Path,
    kernel: Path,
    output: Path,
    monkeypatch: pytest.MonkeyPatch,
    probes: dict[str, str] | None = None,
) -> tuple[NotebookNode, dict[str, Any]]:
    """The notebook executed on ``graph``, as it would be stored (``_as_stored``), and what the
    probes reported: a probe cell runs right after the first cell whose source contains its key,
    and is taken out again before the notebook is returned."""
    monkeypatch.setenv("KG_GRAPH", str(graph))
    monkeypatch.setenv("KG_NOTEBOOK_OUTPUT", str(output))
    monkeypatch.setenv("JUPYTER_PATH", str(kernel))
    notebook = nbformat.read(path, as_version=4)
    after = {}
    for key, report in (probes or {}).items():
        found = [i for i, cell in enumerate(notebook.cells) if key in cell.source]
        assert found, f"{path.name}: no cell draws {key!r}"
        after[found[0]] = nbformat.v4.new_code_cell(PROBE_CODE % (PROBE, report))
    for index in sorted(after, reverse=True):
        notebook.cells.insert(index + 1, after[index])
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=600,
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and its traceback, on any error
    reported: dict[str, Any] = {}
    for cell in [c for c in notebook.cells if c.cell_type == "code" and PROBE in c.source]:
        notebook.cells.remove(cell)
        (line,) = [o.text for o in _joined(cell.outputs) if o.get("name") == "stdout"]
        reported.update(json.loads(line.removeprefix(PROBE)))
    return _as_stored(notebook, nbformat.read(path, as_version=4)), reported


def _as_stored(executed: NotebookNode, stored: NotebookNode) -> NotebookNode:
    """The stored notebook with the executed one's outputs: counts 1, 2, 3 … in order, no
    outputs for a cell tagged ``remove-output``, the stored notebook's own metadata (not the
    kernel's language_info, which names the Python version)."""
    fresh = copy.deepcopy(stored)
    assert [c.source for c in executed.cells] == [c.source for c in fresh.cells]
    count = 0
    for cell, ran in zip(fresh.cells, executed.cells, strict=True):
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        cell.outputs = (
            [] if REMOVE_OUTPUT in cell.metadata.get("tags", []) else _joined(ran.outputs)
        )
        for output in cell.outputs:
            if output.output_type == "execute_result":
                output.execution_count = count
    return fresh


def _joined(outputs: list[NotebookNode]) -> list[NotebookNode]:
    """The outputs with each run of printed text to one stream joined into one output, as
    Jupyter shows it (how a cell's prints arrive in messages depends on timing)."""
    joined: list[NotebookNode] = []
    for output in outputs:
        last = joined[-1] if joined else None
        if last and output.output_type == last.output_type == "stream" and output.name == last.name:
            last.text += output.text
        else:
            joined.append(copy.deepcopy(output))
    return joined


def _text(notebook: NotebookNode) -> str:
    """The printed and displayed text of a notebook, cell after cell."""
    return "\n".join(
        output.get("text") or output.get("data", {}).get("text/plain", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )


# ------------------------------------------------------------------------------------ comparing


def _shown(notebook: NotebookNode) -> list[str]:
    """What a reader sees of each code cell's outputs, as lines: every text as it is (streams,
    text/plain, text/html …), an image by its type only."""
    lines: list[str] = []
    for number, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        lines.append(f"=== cell {number}")
        for output in _joined(cell.get("outputs", [])):
            kind = output.output_type
            if kind == "stream":
                lines += [f"--- {output.name}", *output.text.splitlines()]
            elif kind == "error":
                lines.append(f"--- error {output.ename}: {output.evalue}")
            else:
                for mime, value in sorted(output.get("data", {}).items()):
                    if mime.startswith("image/"):
                        lines.append(f"--- {kind} {mime} (an image)")
                    else:
                        text = value if isinstance(value, str) else json.dumps(value, indent=1)
                        lines += [f"--- {kind} {mime}", *text.splitlines()]
    return lines


def _staleness(stored: NotebookNode, fresh: NotebookNode) -> str:
    """How the stored outputs differ from fresh ones (a unified diff); empty when they do not."""
    return "\n".join(
        difflib.unified_diff(_shown(stored), _shown(fresh), "stored", "fresh", n=2, lineterm="")
    )


def _write(path: Path, notebook: NotebookNode) -> None:
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")


def _check_or_update(path: Path, fresh: NotebookNode) -> None:
    if UPDATE:
        _write(path, fresh)
        return
    stale = _staleness(nbformat.read(path, as_version=4), fresh)
    assert not stale, (
        f"{path.name}: its stored outputs are stale; refresh them with "
        f"KG_NOTEBOOK_UPDATE=1 .venv/bin/pytest tests/test_notebooks.py\n{stale[:6000]}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_notebook_runs_and_its_stored_outputs_are_fresh(
    path: Path,
    notebook_graph: Path,
    venv_kernel: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    probes = PROBES if path == CENTRALITY else None
    fresh, reported = _execute(path, notebook_graph, venv_kernel, tmp_path, monkeypatch, probes)
    errors = [o for c in fresh.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    text = _text(fresh)
    if path in SCOPED:
        assert SCOPE_LINE in text
        assert NO_WORLD in text  # the curated graph: its world scope is empty, and it says so
    if path == CENTRALITY:
        _assert_steps_on_whole_numbers(reported)
    assert str(notebook_graph) not in text and str(tmp_path) not in text  # no run's own path
    _check_or_update(path, fresh)


def _assert_steps_on_whole_numbers(reported: dict[str, Any]) -> None:
    """Notebook 02's yearly counts are drawn as steps (each 30 June's value holds until the
    next) on an axis whose ticks are whole numbers; so is the strength panel (a count too)."""
    counts = reported["counts"]
    assert counts["lines"] > 3  # a line for every state: Kazakhstan, Russia, Georgia, the others
    assert counts["drawstyles"] == ["steps-post"]
    for facts in (counts, reported["strength"]):
        assert facts["integer_locator"]
        assert facts["ticks"] and all(tick == int(tick) for tick in facts["ticks"])
    for measure in ("strength", "betweenness", "eigenvector"):
        assert reported[measure]["drawstyles"] == ["steps-post"], measure


@pytest.mark.parametrize("path", ON_THE_WHOLE_GRAPH, ids=[p.name for p in ON_THE_WHOLE_GRAPH])
def test_scoped_notebook_runs_on_the_whole_graph(
    path: Path,
    world_notebook_graph: Path,
    venv_kernel: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fresh, _ = _execute(path, world_notebook_graph, venv_kernel, tmp_path, monkeypatch)
    text = _text(fresh)
    assert SCOPE_LINE in text
    assert "scope: the world (Correlates of War IGOs) (" in text
    assert NO_WORLD not in text


# ------------------------------------------------------------------ the stored files, unexecuted


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_notebook_is_stored_with_its_outputs_and_nothing_that_churns(path: Path) -> None:
    """What a reader of the repository sees: the outputs of one run from the top, with counts
    1, 2, 3 …, no timings, no kernel version, no temporary path or memory address."""
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1))
    shown = [cell for cell in code if cell.outputs]
    assert len(shown) >= len(code) // 2, f"{path.name}: stored without its outputs"
    assert set(notebook.metadata) == {"kernelspec", "language_info"}
    assert notebook.metadata.language_info == {"name": "python"}
    for cell in code:
        assert "execution" not in cell.metadata  # nbclient's timings
        if REMOVE_OUTPUT in cell.metadata.get("tags", []):
            assert not cell.outputs
    text = "\n".join(_shown(notebook))
    for churn in ("/tmp/", "pytest-of-", " at 0x", str(ROOT)):
        assert churn not in text, f"{path.name} shows {churn!r}"
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]


def test_the_centrality_notebook_stores_its_plots() -> None:
    """Its three figures (the counts, the rank plot, the three measures) are there as PNGs."""
    notebook = nbformat.read(CENTRALITY, as_version=4)
    images = [
        base64.b64decode(output.data["image/png"])
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]
    assert len(images) == 3
    assert all(image.startswith(PNG) for image in images)


def test_the_inline_explorer_is_not_stored() -> None:
    notebook = nbformat.read(ROOT / "notebooks" / "03-explore.ipynb", as_version=4)
    (cell,) = [c for c in notebook.cells if "explorer.InlinePage(page" in c.source]
    assert REMOVE_OUTPUT in cell.metadata.tags and not cell.outputs


def test_a_stale_output_is_told_from_a_fresh_one() -> None:
    """The comparison the run makes: a changed number, a lost output or a lost image is stale;
    another image of the same type, a count or a timing is not."""
    stored = nbformat.read(CENTRALITY, as_version=4)
    assert _staleness(stored, copy.deepcopy(stored)) == ""
    changed = copy.deepcopy(stored)
    (scope_line,) = [
        o for c in changed.cells for o in c.get("outputs", []) if SCOPE_LINE in o.get("text", "")
    ]
    one_more = f"({POST_SOVIET_COUNT + 1} organisations)"
    scope_line.text = scope_line.text.replace(f"({POST_SOVIET_COUNT} organisations)", one_more)
    assert f"+scope: post-Soviet integration {one_more}" in _staleness(stored, changed)
    stripped = copy.deepcopy(stored)
    for cell in stripped.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    assert _staleness(stored, stripped)
    redrawn = copy.deepcopy(stored)
    timed = copy.deepcopy(stored)
    for cell, other in zip(redrawn.cells, timed.cells, strict=True):
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                output.data["image/png"] = base64.b64encode(PNG + b"other").decode()
        if other.cell_type == "code":
            other.execution_count = (other.execution_count or 0) + 40
            other.metadata["execution"] = {"iopub.status.busy": "2025-01-01T00:00:00Z"}
    assert _staleness(stored, redrawn) == "" and _staleness(stored, timed) == ""
    imageless = copy.deepcopy(stored)
    for cell in imageless.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop("image/png", None)
    assert "(an image)" in _staleness(stored, imageless)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_notebook_is_stored_small(path: Path) -> None:
    size = path.stat().st_size
    assert size < 400_000, f"{path.name} is {size} bytes: too large an output is stored"
