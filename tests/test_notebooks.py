"""Every notebook in notebooks/ runs from top to bottom without an error.

Each is executed with nbclient in a ``python3`` kernel that runs this interpreter (the venv's),
from the notebooks folder, with no network needed. The graph comes from the project's facts,
built once per session by the ``built`` fixture of conftest.py and written to a temporary file;
notebooks find it through the environment variable ``KG_GRAPH`` and fall back to
``../build/kg.ttl`` when run by hand::

    GRAPH = Path(os.environ.get("KG_GRAPH", "../build/kg.ttl"))

A notebook that writes files should write them under ``KG_NOTEBOOK_OUTPUT`` (a temporary folder
here) when it is set. Notebooks are kept in git small: outputs stripped, or only a few small ones.

The notebooks that measure or explore in a scope (``SCOPED``) say which. The curated graph has
the `world` scope but no organisations in it, and their `world` cells say so; the centrality
notebook runs a second time on the whole graph as `kg build` makes it (the ``world_built``
fixture: the curated record and the Correlates of War world layer), where its `world` cell has
a world to measure.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from helpers import ROOT
from nbclient import NotebookClient

from kg.build.graph import BuiltGraph
from kg.build.turtle import serialise

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SCOPED = [ROOT / "notebooks" / name for name in ("02-centrality.ipynb", "03-explore.ipynb")]
# Run again on the whole graph (half a minute there). Not 03-explore: its nine typed graphs take
# some ten seconds each there, and its world row comes from the function the curated run checks.
ON_THE_WHOLE_GRAPH = [ROOT / "notebooks" / "02-centrality.ipynb"]
NO_WORLD = "This graph has no world layer"


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
    assert ROOT / "notebooks" / "02-centrality.ipynb" in NOTEBOOKS


def _run(
    path: Path, graph: Path, kernel: Path, output: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """Execute the notebook on ``graph``; its printed and displayed text, cell after cell."""
    monkeypatch.setenv("KG_GRAPH", str(graph))
    monkeypatch.setenv("KG_NOTEBOOK_OUTPUT", str(output))
    monkeypatch.setenv("JUPYTER_PATH", str(kernel))
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=600,
        allow_errors=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and its traceback, on any error
    outputs = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    ]
    assert not [output for output in outputs if output.get("output_type") == "error"]
    return "\n".join(
        output.get("text") or output.get("data", {}).get("text/plain", "") for output in outputs
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_notebook_runs_without_errors(
    path: Path,
    notebook_graph: Path,
    venv_kernel: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = _run(path, notebook_graph, venv_kernel, tmp_path, monkeypatch)
    if path in SCOPED:
        assert "scope: post-Soviet integration (14 organisations)" in text
        assert NO_WORLD in text  # the curated graph: its world scope is empty, and it says so


@pytest.mark.parametrize("path", ON_THE_WHOLE_GRAPH, ids=[p.name for p in ON_THE_WHOLE_GRAPH])
def test_scoped_notebook_runs_on_the_whole_graph(
    path: Path,
    world_notebook_graph: Path,
    venv_kernel: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = _run(path, world_notebook_graph, venv_kernel, tmp_path, monkeypatch)
    assert "scope: post-Soviet integration (14 organisations)" in text
    assert "scope: the world (Correlates of War IGOs) (" in text
    assert NO_WORLD not in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_notebook_is_stored_small(path: Path) -> None:
    size = path.stat().st_size
    assert size < 200_000, f"{path.name} is {size} bytes: strip its outputs (e.g. nbstripout)"
