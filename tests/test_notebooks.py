"""Every notebook in notebooks/ runs from top to bottom without an error.

Each is executed with nbclient in a ``python3`` kernel that runs this interpreter (the venv's),
from the notebooks folder, with no network needed. The graph comes from the project's facts,
built once per session by the ``built`` fixture of conftest.py and written to a temporary file;
notebooks find it through the environment variable ``KG_GRAPH`` and fall back to
``../build/kg.ttl`` when run by hand::

    GRAPH = Path(os.environ.get("KG_GRAPH", "../build/kg.ttl"))

A notebook that writes files should write them under ``KG_NOTEBOOK_OUTPUT`` (a temporary folder
here) when it is set. Notebooks are kept in git small: outputs stripped, or only a few small ones.
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


@pytest.fixture(scope="session")
def notebook_graph(built: BuiltGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("notebook-graph") / "kg.ttl"
    path.write_bytes(serialise(built.graph))
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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_notebook_runs_without_errors(
    path: Path,
    notebook_graph: Path,
    venv_kernel: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KG_GRAPH", str(notebook_graph))
    monkeypatch.setenv("KG_NOTEBOOK_OUTPUT", str(tmp_path))
    monkeypatch.setenv("JUPYTER_PATH", str(venv_kernel))
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=600,
        allow_errors=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and its traceback, on any error
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_notebook_is_stored_small(path: Path) -> None:
    size = path.stat().st_size
    assert size < 200_000, f"{path.name} is {size} bytes: strip its outputs (e.g. nbstripout)"
