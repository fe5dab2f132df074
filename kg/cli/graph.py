"""``kg build``, ``kg validate`` and ``kg load``."""

from __future__ import annotations

from pathlib import Path

import click

from kg.atomic import write_atomically
from kg.build.pipeline import BuildError, build_from_sources
from kg.build.turtle import serialise
from kg.build.validate import load_schema, validate_graph
from kg.cli.common import (
    STORE_OPTION,
    check_graph_file,
    err_console,
    fail,
    read_graph_file,
    selected_store_spec,
)
from kg.stores.base import DEFAULT_GRAPH_PATH, QueryError, StoreError
from kg.stores.opening import load_store, open_store

__all__ = ["build", "load", "validate"]


WORLD_OPTION = click.option(
    "--world",
    default="auto",
    show_default=True,
    metavar="auto|none|DIR",
    help="The Correlates of War data to add: 'auto' takes CORPUS/external/cow-igo-v3 when it "
    "exists, 'none' builds the curated record alone, or a folder holding COW's files and the "
    "crosswalk.",
)


def _world_dir(world: str, corpus_dir: Path) -> Path | None:
    if world == "none":
        return None
    if world == "auto":
        default = corpus_dir / "external" / "cow-igo-v3"
        return default if default.is_dir() else None
    if not Path(world).is_dir():
        fail(f"--world {world}: no such folder (give auto, none or a folder)", "Cannot build")
    return Path(world)


def _scopes_file(corpus_dir: Path) -> Path | None:
    path = corpus_dir / "scopes.yaml"
    return path if path.is_file() else None


@click.command()
@click.option("--facts", "facts_dir", type=click.Path(path_type=Path), default=Path("corpus/facts"))
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), default=Path("corpus"))
@click.option(
    "--ontology", "ontology_dir", type=click.Path(path_type=Path), default=Path("ontology")
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), default=DEFAULT_GRAPH_PATH, show_default=True
)
@WORLD_OPTION
def build(
    facts_dir: Path,
    corpus_dir: Path,
    ontology_dir: Path,
    output: Path,
    world: str,
) -> None:
    """Check the curated facts and write the graph (Turtle), atomically, with the world layer
    (the Correlates of War IGO data in CORPUS/external/cow-igo-v3) beside the curated record.

    On any problem nothing is written, every problem is listed with its file and line, and the
    command exits with status 1.
    """
    world_dir = _world_dir(world, corpus_dir)
    with err_console.status("Loading facts, anchoring quotes, validating…"):
        try:
            built = build_from_sources(
                facts_dir, corpus_dir, ontology_dir, world_dir=world_dir,
                scopes_file=_scopes_file(corpus_dir),
            )  # fmt: skip
        except BuildError as err:
            fail(err.problems, f"Build failed: {len(err.problems)} problem(s); nothing written")
    write_atomically(output, serialise(built.graph))
    layers = "the curated record" + (f" and the world layer ({world_dir})" if world_dir else "")
    err_console.print(
        f"Wrote {output} ({len(built.graph)} triples: {layers}), validated against shapes."
    )


@click.command()
@click.option("--facts", "facts_dir", type=click.Path(path_type=Path), default=Path("corpus/facts"))
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), default=Path("corpus"))
@click.option(
    "--ontology", "ontology_dir", type=click.Path(path_type=Path), default=Path("ontology")
)
@click.option(
    "--graph",
    "graph_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Check this built graph against the shapes, instead of the facts.",
)
@WORLD_OPTION
@STORE_OPTION
def validate(
    facts_dir: Path, corpus_dir: Path, ontology_dir: Path, graph_path: Path | None, world: str
) -> None:
    """Check the facts (format, quotes, temporal rules, SHACL shapes) without writing anything.

    Every problem names the fact file and line. With --graph, check a built graph against the
    SHACL shapes only.
    """
    if graph_path is None and selected_store_spec() == "memory":
        world_dir = _world_dir(world, corpus_dir)
        try:
            built = build_from_sources(
                facts_dir, corpus_dir, ontology_dir, world_dir=world_dir,
                scopes_file=_scopes_file(corpus_dir),
            )  # fmt: skip
        except BuildError as err:
            fail(err.problems, f"{len(err.problems)} problem(s) in {facts_dir}")
        err_console.print(
            f"{facts_dir}: the facts pass the format, quote, temporal and shape checks "
            f"({len(built.graph)} triples)."
        )
        return
    graph_path = graph_path or DEFAULT_GRAPH_PATH
    store_spec = selected_store_spec()
    if store_spec != "memory":  # check what a store holds (e.g. after `kg load`)
        try:
            graph = open_store(store_spec, graph_path).as_graph()
        except (QueryError, StoreError) as err:
            fail(str(err), "Cannot validate")
        checked = store_spec  # what the messages name: the store, or the file
    elif not graph_path.is_file():
        fail(f"{graph_path}: no built graph here; run `kg build` first", "Cannot validate")
    else:
        graph = read_graph_file(graph_path)  # a file that is not Turtle: one line on --graph
        checked = str(graph_path)
    ontology, shapes = load_schema(ontology_dir)
    violations = validate_graph(graph, ontology, shapes)
    if violations:
        fail([str(v) for v in violations], f"{checked}: {len(violations)} violation(s)")
    err_console.print(f"{checked} conforms to the shapes ({len(graph)} triples).")


@click.command()
@click.option(
    "--store",
    "store_spec",
    required=True,
    envvar="KG_STORE",
    help="Where to put the graph: oxigraph:PATH (a folder) or a SPARQL endpoint URL that "
    "accepts updates (Virtuoso: http://HOST:8890/sparql-auth). Credentials come from "
    "KG_STORE_USER and KG_STORE_PASSWORD, never from the command line.",
)
@click.option(
    "--graph",
    "graph_path",
    type=click.Path(path_type=Path),
    default=DEFAULT_GRAPH_PATH,
    show_default=True,
    help="The built graph to load.",
)
@click.option(
    "--via",
    type=click.Choice(["update", "gsp"]),
    default="update",
    show_default=True,
    help="For an endpoint: SPARQL Update (INSERT DATA, then MOVE onto the graph) or the "
    "Graph Store Protocol (PUT; give the store's graph-store URL, e.g. Virtuoso's "
    "/sparql-graph-crud-auth).",
)
def load(store_spec: str, graph_path: Path, via: str) -> None:
    """Put a build into a store, replacing what the store held there.

    \b
    kg load --store oxigraph:build/oxigraph
    KG_STORE_USER=dba KG_STORE_PASSWORD=… kg load --store http://localhost:8890/sparql-auth
    """
    check_graph_file(graph_path)  # missing, a folder, plainly not Turtle: one line on --graph
    with err_console.status(f"Loading {graph_path} into {store_spec}…"):
        try:
            count = load_store(store_spec, graph_path, via)
        except (QueryError, StoreError) as err:
            fail(str(err), "Load failed; the store is as it was")
    err_console.print(f"Loaded {count} triples from {graph_path} into {store_spec}.")
