"""The house of docs/architecture.md, checked against the code: every import of a ``kg`` module
(at the top or inside a function) goes from a room to a room it may use, so the flow stays one
way (corpus -> facts -> build; stores -> queries -> network -> centrality; web and cli on top),
and no module grows past the size the page allows without saying why at its head."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parent.parent / "kg"

# Room -> the rooms it may import from (besides itself). The same table is in
# docs/architecture.md, in words; change both together.
MAY_IMPORT: dict[str, set[str]] = {
    "vocab": set(),
    "dates": set(),
    "atomic": set(),
    "corpus": {"dates", "vocab"},
    "facts": {"corpus", "dates", "vocab"},
    "world": {"dates", "vocab"},
    "build": {"facts", "corpus", "world", "dates", "vocab", "atomic"},
    "worklist": {"facts", "corpus", "dates", "vocab"},
    "stores": {"vocab", "dates"},
    "queries": {"stores", "vocab", "dates"},
    "examples": {"stores", "vocab"},
    "report": {"queries", "stores", "world", "vocab", "dates"},
    "network": {"queries", "stores", "vocab", "dates"},
    "centrality": {"network", "stores", "vocab", "dates"},
    # web shows the corpus texts (/doc/<id>) and cuts a quote's sentence from its text
    # (kg.corpus.segment): upstream of everything, so the flow stays one way
    "web": {"network", "centrality", "queries", "stores", "corpus", "vocab", "dates"},
    "__main__": {"cli"},
}
MAY_IMPORT["cli"] = set(MAY_IMPORT) - {"__main__"}  # the command line may use every room
LONGEST = 650  # lines; a longer module says why in its docstring ("This module is long because")


def _module_name(path: Path) -> str:
    parts = path.relative_to(KG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "kg"


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "kg":
                found += [(node.lineno, f"kg.{alias.name}") for alias in node.names]
            elif node.module.startswith("kg."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("kg.")]
    return found


MODULES = sorted(KG.rglob("*.py"))


def test_every_room_is_in_the_table() -> None:
    rooms = {_room(_module_name(path)) for path in MODULES} - {"kg"}
    assert rooms <= set(MAY_IMPORT), f"a new room: add it to MAY_IMPORT: {rooms - set(MAY_IMPORT)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(KG.parent)))
def test_imports_follow_the_flow(path: Path) -> None:
    room = _room(_module_name(path))
    if room == "kg":  # kg/__init__.py names the entry points of every room, lazily
        return
    wrong = [
        f"{path.relative_to(KG.parent)}:{line}: {room} imports {target}"
        for line, target in _imports(path)
        if _room(target) != room and _room(target) not in MAY_IMPORT[room]
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(KG.parent)))
def test_modules_stay_small_or_say_why(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.count("\n")
    docstring = ast.get_docstring(ast.parse(text)) or ""
    assert lines <= LONGEST or "This module is long because" in docstring, (
        f"{path.relative_to(KG.parent)} has {lines} lines: cut it, or say why at its head"
    )


def test_the_table_catches_an_upward_import(tmp_path: Path) -> None:
    """The check itself: a store importing the network (upwards) is reported."""
    module = tmp_path / "kg" / "stores" / "bad.py"
    module.parent.mkdir(parents=True)
    module.write_text("def f():\n    from kg.network import typed\n", encoding="utf-8")
    (line, target), *_ = _imports(module)
    assert (line, target) == (2, "kg.network")
    assert _room(target) not in MAY_IMPORT["stores"]


def test_the_entry_points_resolve() -> None:
    import kg

    for name in kg.__all__:
        assert callable(getattr(kg, name)) or name == "DEFAULT_GRAPH_PATH", name
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        kg.nothing  # noqa: B018


def test_the_command_line_loads_no_heavy_library() -> None:
    """`kg --help` and every command's registration load neither pandas, matplotlib nor
    networkx: the commands that need them import them when they run."""
    code = (
        "import sys, kg, kg.cli; "
        "print(sorted(m for m in ('pandas', 'matplotlib', 'networkx') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
