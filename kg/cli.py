"""The ``kg`` command: a thin layer over the library. Only this module prints and writes files.

Paths default to the project layout relative to the current folder (``corpus/``, ``ontology/``,
``build/kg.ttl``), so commands are run from the project root.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import click
from rdflib import Graph
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg.build import BuildError, build_from_sources, serialise, write_atomically
from kg.query import (
    ParameterError,
    display,
    list_queries,
    load_query,
    run_named_query,
    to_csv,
    to_json,
)
from kg.report import disputes, statistics_markdown, with_statistics
from kg.store import DEFAULT_GRAPH_PATH, QueryError, StoreError, load_store, open_store
from kg.validate import load_schema, validate_graph

err_console = Console(stderr=True)
out_console = Console(soft_wrap=True)

STORE_HELP = (
    "Where to read the graph: memory (rdflib, reads --graph), oxigraph (in memory, reads "
    "--graph), oxigraph:PATH (a store made by `kg load`), or a SPARQL endpoint URL "
    "(credentials from KG_STORE_USER and KG_STORE_PASSWORD). Also from KG_STORE."
)


def _remember_store(ctx: click.Context, param: click.Parameter, value: str) -> str:
    ctx.meta["kg.store"] = value
    return value


# --store is not passed to the command function: commands open their store with
# open_store(_store_spec(), graph_path), so every command that reads the graph takes it.
STORE_OPTION = click.option(
    "--store",
    default="memory",
    show_default=True,
    envvar="KG_STORE",
    expose_value=False,
    callback=_remember_store,
    help=STORE_HELP,
)


def _store_spec() -> str:
    return click.get_current_context().meta.get("kg.store", "memory")


def GRAPH_OPTION(function):  # named like the click options around it
    """``--graph`` (the built graph file) and ``--store`` (where to read it from)."""
    return click.option(
        "--graph",
        "graph_path",
        type=click.Path(path_type=Path),
        default=DEFAULT_GRAPH_PATH,
        show_default=True,
        help="The built graph to read (by the memory and oxigraph stores).",
    )(STORE_OPTION(function))


def _fail(lines: list[str] | str, title: str) -> None:
    lines = [lines] if isinstance(lines, str) else lines
    err_console.print(f"[bold red]{title}[/]", highlight=False)
    for line in lines:
        click.echo(line, err=True)
    sys.exit(1)


@click.group()
@click.version_option(package_name="dostastyq")
def main() -> None:
    """Dostastyq: a knowledge graph of the CIS and post-Soviet integration."""


@main.command()
@click.option("--facts", "facts_dir", type=click.Path(path_type=Path), default=Path("corpus/facts"))
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), default=Path("corpus"))
@click.option(
    "--ontology", "ontology_dir", type=click.Path(path_type=Path), default=Path("ontology")
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), default=DEFAULT_GRAPH_PATH, show_default=True
)
def build(facts_dir: Path, corpus_dir: Path, ontology_dir: Path, output: Path) -> None:
    """Check the curated facts and write the graph (Turtle), atomically.

    On any problem nothing is written, every problem is listed with its file and line, and the
    command exits with status 1.
    """
    with err_console.status("Loading facts, anchoring quotes, validating…"):
        try:
            built = build_from_sources(facts_dir, corpus_dir, ontology_dir)
        except BuildError as err:
            _fail(err.problems, f"Build failed: {len(err.problems)} problem(s); nothing written")
    write_atomically(output, serialise(built.graph))
    err_console.print(f"Wrote {output} ({len(built.graph)} triples), validated against shapes.")


@main.command()
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
@STORE_OPTION
def validate(
    facts_dir: Path, corpus_dir: Path, ontology_dir: Path, graph_path: Path | None
) -> None:
    """Check the facts (format, quotes, temporal rules, SHACL shapes) without writing anything.

    Every problem names the fact file and line. With --graph, check a built graph against the
    SHACL shapes only.
    """
    if graph_path is None and _store_spec() == "memory":
        try:
            built = build_from_sources(facts_dir, corpus_dir, ontology_dir)
        except BuildError as err:
            _fail(err.problems, f"{len(err.problems)} problem(s) in {facts_dir}")
        err_console.print(
            f"{facts_dir}: the facts pass the format, quote, temporal and shape checks "
            f"({len(built.graph)} triples)."
        )
        return
    graph_path = graph_path or DEFAULT_GRAPH_PATH
    if _store_spec() != "memory":  # check what a store holds (e.g. after `kg load`)
        try:
            graph = open_store(_store_spec(), graph_path).as_graph()
        except (QueryError, StoreError) as err:
            _fail(str(err), "Cannot validate")
        graph_path = Path(_store_spec())
    elif not graph_path.is_file():
        _fail(f"{graph_path}: no built graph here; run `kg build` first", "Cannot validate")
    else:
        graph = Graph().parse(graph_path, format="turtle")
    ontology, shapes = load_schema(ontology_dir)
    violations = validate_graph(graph, ontology, shapes)
    if violations:
        _fail([str(v) for v in violations], f"{graph_path}: {len(violations)} violation(s)")
    err_console.print(f"{graph_path} conforms to the shapes ({len(graph)} triples).")


@main.group()
def report() -> None:
    """Reports on the graph for curators and readers."""


@report.command("disputes")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "csv", "json"]),
    default="text",
    show_default=True,
)
@GRAPH_OPTION
def report_disputes(output_format: str, graph_path: Path) -> None:
    """Every deprecated claim: what the source says, what the record says, and why."""
    try:
        found = disputes(open_store(_store_spec(), graph_path))
    except (QueryError, StoreError) as err:
        _fail(str(err), "Report failed")
    rows = [
        {
            "claim": d.claim,
            "kind": d.kind,
            "claimed": d.claimed,
            "text_says": " | ".join(d.text_says),
            "record_says": " | ".join(d.record_says) or "(no curated claim with the same key)",
            "why": d.why,
        }
        for d in found
    ]
    if output_format == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif output_format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(DISPUTE_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        # One block per claim: the quotes and notes are long prose that columns would mangle.
        for row in rows:
            click.echo(f"{row['claim']} ({row['kind']})")
            for column in DISPUTE_COLUMNS[2:]:
                click.echo(f"  {column.replace('_', ' ')}: {row[column]}")
            click.echo()
        err_console.print(f"{len(rows)} disputed claim(s)")


@report.command("stats")
@GRAPH_OPTION
@click.option(
    "--update",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Rewrite the marked statistics section of this Markdown file (the data sheet).",
)
def report_stats(graph_path: Path, update: Path | None) -> None:
    """Counts by class and relation, and what the relations rest on (Markdown)."""
    try:
        statistics = statistics_markdown(open_store(_store_spec(), graph_path))
    except (QueryError, StoreError) as err:
        _fail(str(err), "Report failed")
    if update is None:
        click.echo(statistics, nl=False)
        return
    try:
        updated = with_statistics(update.read_text(encoding="utf-8"), statistics)
    except (OSError, ValueError) as err:
        _fail(f"{update}: {err}", "Cannot update")
    write_atomically(update, updated.encode("utf-8"))
    err_console.print(f"Updated the statistics in {update}.")


DISPUTE_COLUMNS = ("claim", "kind", "claimed", "text_says", "record_says", "why")


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        params[name.strip()] = value
    return params


@main.command()
@click.argument("query_name", required=False)
@click.option("--param", "-p", "params", multiple=True, help="A parameter, NAME=VALUE.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@click.option("--list", "list_only", is_flag=True, help="List the named queries and stop.")
@GRAPH_OPTION
def query(
    query_name: str | None,
    params: tuple[str, ...],
    output_format: str,
    list_only: bool,
    graph_path: Path,
) -> None:
    """Run a named query (see --list) or a SPARQL file on the built graph."""
    if list_only or not query_name:
        _print_query_list()
        return
    try:
        named = load_query(query_name)
        store = open_store(_store_spec(), graph_path)
        result = run_named_query(store, named, _parse_params(params))
    except (ParameterError, QueryError, StoreError) as err:
        _fail(str(err), "Query failed")
    if isinstance(result, Graph):
        click.echo(result.serialize(format="turtle"))
    elif output_format == "csv":
        click.echo(to_csv(result), nl=False)
    elif output_format == "json":
        click.echo(to_json(result))
    else:
        table = Table(title=named.title, title_justify="left")
        for column in result.columns:
            table.add_column(column, overflow="fold")
        for row in result.rows:
            table.add_row(*(Text(display(term)) for term in row))
        out_console.print(table)
        err_console.print(f"{len(result.rows)} row(s)")


def _print_query_list() -> None:
    table = Table(title="Named queries (kg/queries/)", title_justify="left", show_lines=True)
    table.add_column("name")
    table.add_column("question")
    table.add_column("parameters")
    for named in list_queries():
        parameters = "\n".join(
            f"{p.name} ({p.kind}{'' if p.required else f', default {p.default}'}): {p.description}"
            for p in named.parameters
        )
        examples = "\n".join(f"e.g. {example}" for example in named.examples)
        table.add_row(
            Text(named.name), Text(f"{named.title}\n{named.question}\n{examples}"), Text(parameters)
        )
    out_console.print(table)


# --------------------------------------------------------------------------- network analysis
# kg.network / kg.centrality are imported inside the commands: pandas and matplotlib are slow to
# load and the other commands do not need them. The choices below are checked against the
# library's constants by tests/test_centrality.py.

CENTRALITY_MEASURES = ("degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank")
MEMBERSHIP_ROLES = ("FullMember", "AssociateMember", "Observer")


@main.command()
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
    with err_console.status(f"Loading {graph_path} into {store_spec}…"):
        try:
            count = load_store(store_spec, graph_path, via)
        except (QueryError, StoreError) as err:
            _fail(str(err), "Load failed; the store is as it was")
    err_console.print(f"Loaded {count} triples from {graph_path} into {store_spec}.")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--timeout", default=10.0, show_default=True, help="Seconds a query may run.")
@click.option("--max-rows", default=10_000, show_default=True, help="Rows (or triples) per answer.")
@click.option(
    "--explorer",
    "explorer_path",
    type=click.Path(path_type=Path),
    default=Path("build/explorer.html"),
    show_default=True,
    help="The page served at /explore (written by `kg explore`).",
)
@click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Keep recent answers (never for a remote endpoint, whose data may change).",
)
@click.option("--quiet", is_flag=True, help="Do not log each request.")
@GRAPH_OPTION
def serve(
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    explorer_path: Path,
    cache: bool,
    quiet: bool,
    graph_path: Path,
) -> None:
    """A read-only SPARQL 1.1 endpoint at /sparql, with a query page at / (Ctrl+C stops it).

    \b
    kg serve                                   # http://127.0.0.1:8000/
    kg serve --store oxigraph:build/oxigraph --port 8080
    """
    import logging

    from kg.serve import ServeConfig, make_server

    try:
        store = open_store(_store_spec(), graph_path)
    except (QueryError, StoreError) as err:
        _fail(str(err), "Cannot serve")
    config = ServeConfig(timeout=timeout, max_rows=max_rows, explorer=explorer_path, cache=cache)
    try:
        server = make_server(store, host, port, config)
    except OSError as err:
        _fail(f"{host}:{port}: {err.strerror or err}", "Cannot listen")
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO, format="%(message)s")
    bound_host, bound_port = server.server_address[:2]
    shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
    err_console.print(
        f"Serving {store.description} at http://{shown}:{bound_port}/ "
        f"(SPARQL: http://{shown}:{bound_port}/sparql); Ctrl+C stops.",
        highlight=False,
        soft_wrap=True,
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(
            f"[yellow]Listening on {host}: other machines can reach this endpoint.[/]"
        )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _day_option(ctx: click.Context, param: click.Parameter, value: str | None):
    if value is None:
        return None
    from kg.dates import parse_day

    try:
        return parse_day(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


def _years_option(ctx: click.Context, param: click.Parameter, value: str | None):
    if value is None:
        return None
    first, sep, last = value.partition(":")
    try:
        years = range(int(first), int(last if sep else first) + 1)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not FIRST:LAST, e.g. 1991:2025") from None
    if not years:
        raise click.BadParameter(f"{value!r}: the first year is after the last")
    return years


def _year_day_option(ctx: click.Context, param: click.Parameter, value: str):
    from datetime import date

    try:
        month, day = (int(part) for part in value.split("-"))
        date(2001, month, day)  # a day every year has (no 29 February)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a day of the year MM-DD, e.g. 06-30") from None
    return (month, day)


# The options of the projections that `kg centrality` and `kg network` share.
PROJECTION_FILTER_OPTIONS = (
    click.option(
        "--weight",
        type=click.Choice(["count", "jaccard"]),
        default="count",
        show_default=True,
        help="Edge weight: how many organisations/agreements shared, or that over how many "
        "either has.",
    ),
    click.option(
        "--role",
        "roles",
        multiple=True,
        type=click.Choice(MEMBERSHIP_ROLES),
        help="Count only memberships in these roles (repeatable) [default: all].",
    ),
    click.option(
        "--org",
        "organisations",
        multiple=True,
        metavar="ID",
        help="Count only memberships of this organisation, e.g. org/cis (repeatable) "
        "[default: all].",
    ),
)


def projection_filters(command):
    for option in reversed(PROJECTION_FILTER_OPTIONS):
        command = option(command)
    return command


@main.command("centrality")
@click.option(
    "--projection",
    type=click.Choice(["comembership", "cosignature", "affiliation"]),
    default="comembership",
    show_default=True,
    help="State–state by organisations shared, by agreements both signed, or the bipartite "
    "state–organisation graph.",
)
@click.option("--at", callback=_day_option, metavar="YYYY-MM-DD", help="The day [default: today].")
@click.option(
    "--series",
    "years",
    callback=_years_option,
    metavar="FIRST:LAST",
    help="Every year from FIRST to LAST, each on its --year-day, instead of --at.",
)
@click.option(
    "--measure",
    "measures",
    multiple=True,
    type=click.Choice(CENTRALITY_MEASURES),
    help="Repeat for several [default: all; with --plot: betweenness].",
)
@projection_filters
@click.option("--lang", type=click.Choice(["en", "kk", "ru"]), default="en", show_default=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    help="Only the N most central per measure (and year); with --plot, the states that reach "
    "rank N (with a value above 0) in some year.",
)
@click.option(
    "--plot",
    type=click.Path(path_type=Path, dir_okay=False),
    help="With --series: draw each state's rank over time to this PNG (or .svg, .pdf) file.",
)
@click.option(
    "--year-day",
    callback=_year_day_option,
    default="06-30",
    show_default=True,
    metavar="MM-DD",
    help="The day that stands for a year in --series.",
)
@GRAPH_OPTION
def centrality_command(
    projection: str,
    at,
    years: range | None,
    measures: tuple[str, ...],
    weight: str,
    roles: tuple[str, ...],
    organisations: tuple[str, ...],
    lang: str,
    output_format: str,
    top: int | None,
    plot: Path | None,
    year_day: tuple[int, int],
    graph_path: Path,
) -> None:
    """Centrality of every state on a day, or year by year (tables, CSV, JSON or a rank plot).

    \b
    kg centrality --at 2005-06-30 --measure betweenness
    kg centrality --projection affiliation --at 2005-06-30 --format csv
    kg centrality --series 1991:2025 --measure betweenness --plot rank.png --lang kk
    """
    from datetime import date

    from kg import centrality as analysis

    if at is not None and years is not None:
        raise click.UsageError("give --at or --series, not both")
    if plot is not None and years is None:
        raise click.UsageError("--plot draws a series: give --series FIRST:LAST")
    if plot is not None and len(measures) > 1:
        raise click.UsageError("--plot draws one measure: give a single --measure")
    chosen = list(measures) or (["betweenness"] if plot else list(analysis.MEASURES))
    try:
        store = open_store(_store_spec(), graph_path)
        if years is None:
            day = at or date.today()
            table = analysis.centrality(
                store,
                day,
                projection,
                chosen,
                weight=weight,
                roles=roles or None,
                organisations=organisations or None,
                lang=lang,
            )
        else:
            table = analysis.centrality_series(
                store,
                years,
                projection,
                chosen,
                weight=weight,
                roles=roles or None,
                organisations=organisations or None,
                lang=lang,
                day=year_day,
            )
    except (QueryError, StoreError, ValueError) as err:
        _fail(str(err), "Centrality failed")
    if plot is not None:
        import io

        figure = analysis.rank_plot(table, chosen[0], top=top)
        buffer = io.BytesIO()
        figure.savefig(buffer, format=(plot.suffix.lstrip(".") or "png").lower(), dpi=150)
        write_atomically(plot, buffer.getvalue())
        err_console.print(f"Wrote {plot}: {chosen[0]} rank of states, {years[0]}–{years[-1]}.")
        return
    if top is not None:
        groups = ["year", "measure"] if years is not None else ["measure"]
        table = table.groupby(groups, sort=False).head(top)
    if output_format == "csv":
        click.echo(table.to_csv(index=False, lineterminator="\n"), nl=False)
    elif output_format == "json":
        click.echo(table.to_json(orient="records", force_ascii=False, indent=2))
    else:
        _print_centrality_tables(table, projection, weight, years is None)


def _print_centrality_tables(table, projection: str, weight: str, single_day: bool) -> None:
    from kg.centrality import ranks

    where = f"on {table.attrs['at']}" if single_day else f"on {table.attrs['day']} of each year"
    for measure, rows in ranks(table).groupby("measure", sort=False):
        out = Table(
            title=f"{measure} {where} ({projection} graph, weight {weight})", title_justify="left"
        )
        columns = ["rank", "node", "label", "value"]
        if not single_day:
            columns.insert(0, "year")
        for column in columns:
            out.add_column(column, justify="right" if column in ("rank", "value") else "left")
        for row in rows.itertuples():
            cells = [str(row.rank), row.node, row.label, f"{row.value:.4f}"]
            if not single_day:
                cells.insert(0, str(row.year))
            out.add_row(*(Text(cell) for cell in cells))
        out_console.print(out)
    if table.empty:
        err_console.print("No states in this graph on that day.")


@main.command("network")
@click.option(
    "--projection",
    type=click.Choice(["comembership", "cosignature", "affiliation", "typed"]),
    default="comembership",
    show_default=True,
    help="typed: every entity and relation, n-ary relations as dated edges.",
)
@click.option(
    "--at",
    callback=_day_option,
    metavar="YYYY-MM-DD",
    help="The day [default: today; for typed: the whole history].",
)
@projection_filters
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["graphml", "gexf", "json"]),
    help="[default: from the file name's extension]",
)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True)
@GRAPH_OPTION
def network_command(
    projection: str,
    at,
    weight: str,
    roles: tuple[str, ...],
    organisations: tuple[str, ...],
    output_format: str | None,
    output: Path,
    graph_path: Path,
) -> None:
    """Write a graph as of a day for Gephi and other tools (GraphML, GEXF or JSON), atomically.

    \b
    kg network --projection comembership --at 2005-06-30 -o cis-2005.gexf
    kg network --projection typed -o everything.graphml
    """
    from datetime import date

    from kg import network

    if output_format is None:
        output_format = output.suffix.lstrip(".").lower()
        if output_format not in network.EXPORT_FORMATS:
            raise click.UsageError(
                f"cannot tell the format from {output.name!r}: give --format graphml, gexf or json"
            )
    try:
        store = open_store(_store_spec(), graph_path)
        if projection == "typed":
            graph = network.typed(store, at)
        else:
            graph = network.projection(
                store,
                projection,
                at or date.today(),
                weight,
                roles or None,
                organisations=organisations or None,
            )
        data = network.serialise_graph(graph, output_format)
    except (QueryError, StoreError, ValueError) as err:
        _fail(str(err), "Export failed")
    write_atomically(output, data)
    when = f"on {graph.graph['at']}" if graph.graph.get("at") else "over all time"
    err_console.print(
        f"Wrote {output}: {projection} graph {when}, {graph.number_of_nodes()} nodes, "
        f"{graph.number_of_edges()} edges ({output_format})."
    )


# --------------------------------------------------------------------------- corpus tools
# Imported inside the commands: the corpus tools are not needed by the other commands.

FACTS_OPTION = click.option(
    "--facts", "facts_dir", type=click.Path(path_type=Path), default=Path("corpus/facts")
)
CORPUS_OPTION = click.option(
    "--corpus", "corpus_dir", type=click.Path(path_type=Path), default=Path("corpus")
)


def _load_facts_or_fail(facts_dir: Path, corpus_dir: Path):
    from kg.corpus import CorpusError
    from kg.facts import FactErrors, load_facts

    try:
        return load_facts(facts_dir, corpus_dir)
    except FactErrors as err:
        _fail([str(e) for e in err.errors], f"{len(err.errors)} problem(s) in {facts_dir}")
    except CorpusError as err:
        _fail(str(err), "Cannot read the corpus")


def _gazetteer(facts):
    """The names of the facts' entities; a name given to two entities is reported."""
    from kg.mentions import Gazetteer

    gazetteer = Gazetteer.from_facts(facts)
    for conflict in gazetteer.conflicts:
        click.echo(
            f"note: {conflict.name!r} is the label of {', '.join(conflict.owners)} and also an "
            f"alternative label of {', '.join(conflict.dropped)} (kept for the first only)",
            err=True,
        )
    return gazetteer


@main.group()
def corpus() -> None:
    """The corpus texts: normalisation, mentions and dates, and what curation has missed."""


@corpus.command("normalise")
@CORPUS_OPTION
@FACTS_OPTION
@click.option(
    "--deep/--first-pass",
    default=True,
    show_default=True,
    help="The deep normal form, which corpus/texts/ is in (kg.corpus.normalise_deep), or the "
    "first pass, its one-for-one former form (kg.corpus.normalise).",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a text would change.")
def corpus_normalise(corpus_dir: Path, facts_dir: Path, deep: bool, check: bool) -> None:
    """Rewrite corpus/texts/ from corpus/original/ in the deep normal form (or --first-pass).

    The report says, per text, how many edits of each kind the normal form makes, and, for every
    evidence quote of the facts, whether it still anchors at the same place of the original in
    the new texts (and, where the normalisation changed the text inside it, what it must be
    rewritten to). No text is written while any quote would break; a quote already rewritten
    for the new texts counts as anchored.
    """
    from kg.corpus import CorpusError, normalise_deep, normalise_first_pass

    form = "deep" if deep else "first-pass"
    originals = sorted((corpus_dir / "original").glob("*.txt"))
    if not originals:
        _fail(f"{corpus_dir / 'original'}: no original texts here", "Nothing to normalise")
    changed = []
    outputs = {}
    for original in originals:
        raw = original.read_text(encoding="utf-8")
        text, offsets = normalise_deep(raw) if deep else normalise_first_pass(raw)
        counts = ", ".join(f"{k} {v}" for k, v in sorted(offsets.counts().items()))
        err_console.print(f"{original.name}: {counts or 'no edits'}", highlight=False)
        target = corpus_dir / "texts" / original.name
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            changed.append(target)
        outputs[target] = text
    broken = []
    if facts_dir.is_dir():
        import yaml

        from kg.worklist import quotes_against

        try:
            checks = quotes_against(facts_dir, corpus_dir, deep=deep)
        except (CorpusError, yaml.YAMLError) as err:
            _fail(str(err), "Cannot check the evidence quotes")
        broken = [c for c in checks if c.breaks]
        new = sum(c.status == "new" for c in checks)
        err_console.print(
            f"Evidence quotes: {len(checks)}, anchoring at the same place in the {form} texts: "
            f"{len(checks) - len(broken)}"
            + (f" ({new} found in the {form} texts only)" if new else ""),
            highlight=False,
        )
        for c in broken:
            click.echo(
                f"{c.location}: {c.status} in the {form} text of {c.doc}: {c.quote}", err=True
            )
            if c.rewritten:
                click.echo(f"    the {form} text reads: {c.rewritten}", err=True)
        if broken and not check:
            _fail(f"{len(broken)} quote(s) would break", "Texts not written")
    if check:
        for target in changed:
            click.echo(f"would change: {target}")
        if changed or broken:
            sys.exit(1)
        err_console.print("The texts are up to date.")
        return
    for target in changed:
        write_atomically(target, outputs[target].encode("utf-8"))
        err_console.print(f"Wrote {target}", highlight=False)
    if not changed:
        err_console.print("The texts are up to date.")


def _visible(text: str) -> str:
    """``text`` as a JSON string, with spaces other than the plain one (no-break, thin …) and
    invisible format characters escaped, so that the original's exact characters show."""
    import unicodedata

    return "".join(
        f"\\u{ord(char):04x}"
        if char != " " and unicodedata.category(char) in ("Zs", "Cf")
        else char
        for char in json.dumps(text, ensure_ascii=False)
    )


_SPAN_REFERENCE = re.compile(r"(?:.*/)?evidence/(\d+)-(\d+)-(\d+)|([\w.-]+):(\d+)-(\d+)")


@corpus.command("cite")
@click.argument("references", nargs=-1, required=True, metavar="EVIDENCE_ID_OR_DOC:START-END...")
@click.option(
    "--original",
    "original_offsets",
    is_flag=True,
    help="DOC:START-END are offsets in the original (corpus/original/), not the normalised text.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@CORPUS_OPTION
def corpus_cite(
    references: tuple[str, ...], original_offsets: bool, output_format: str, corpus_dir: Path
) -> None:
    """Where a quote stands in the normalised text and in the original, to cite it in either.

    A reference is an evidence id of the graph (evidence/000-1012-1110, or its full IRI) or a
    document (its id or number) with a span: 000:1012-1110. Offsets count characters from 0,
    end excluded, lines from 1.

    \b
    kg corpus cite evidence/000-1012-1110
    kg corpus cite 002:5000-5100 --format json
    kg corpus cite 002:6000-6100 --original       # what is left of an original span
    """
    from kg.corpus import CorpusError, cite, load_manifest

    try:
        documents = load_manifest(corpus_dir)
    except CorpusError as err:
        _fail(str(err), "Cannot read the corpus")
    by_number = {document.number: document for document in documents.values()}
    citations = []
    for reference in references:
        found = _SPAN_REFERENCE.fullmatch(reference.strip())
        if not found:
            _fail(
                f"{reference!r} is neither an evidence id (evidence/000-1012-1110) nor "
                "DOC:START-END (000:1012-1110)",
                "Cannot cite",
            )
        if found.group(1) is not None:
            if original_offsets:
                _fail("an evidence id gives offsets in the normalised text", "Cannot cite")
            doc, start, end = found.group(1), int(found.group(2)), int(found.group(3))
        else:
            doc, start, end = found.group(4), int(found.group(5)), int(found.group(6))
        document = documents.get(doc) or by_number.get(doc)
        if document is None:
            known = ", ".join(sorted(documents))
            _fail(
                f"{doc!r} is no document of {corpus_dir / 'manifest.yaml'} ({known})", "Cannot cite"
            )
        try:
            citations.append(cite(document, start, end, original_offsets=original_offsets))
        except CorpusError as err:
            _fail(str(err), "Cannot cite")
    if output_format == "json":
        records = []
        for c in citations:
            edits = [
                {"kind": e.kind, "original": e.original, "replacement": e.replacement}
                for e in c.edits
            ]
            records.append(
                {"doc": c.doc, "quote": c.exact, "start": c.start, "end": c.end, "line": c.line,
                 "original_start": c.original_start, "original_end": c.original_end,
                 "original_line": c.original_line, "original_exact": c.original_exact,
                 "edits": edits}
            )  # fmt: skip
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    for c in citations:
        number = c.doc.split("_", 1)[0]
        kinds: dict[str, int] = {}
        for edit in c.edits:
            kinds[edit.kind] = kinds.get(edit.kind, 0) + 1
        changes = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
        click.echo(f"evidence/{number}-{c.start}-{c.end}  {c.doc}")
        click.echo(f"  quote:     {c.exact}")
        click.echo(f"  texts/:    {c.start}-{c.end}, line {c.line}")
        click.echo(f"  original/: {c.original_start}-{c.original_end}, line {c.original_line}")
        click.echo(f"  original:  {_visible(c.original_exact)}")
        click.echo(f"  changed:   {changes or 'nothing'}")


@corpus.command("annotate")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["jsonl", "table"]),
    default="jsonl",
    show_default=True,
)
@FACTS_OPTION
@CORPUS_OPTION
def corpus_annotate(path: Path, output_format: str, facts_dir: Path, corpus_dir: Path) -> None:
    """Every mention of a known entity and every date in PATH (one sentence or paragraph per
    line, lines numbered from 1, offsets within the line)."""
    from kg.mentions import annotate

    facts = _load_facts_or_fail(facts_dir, corpus_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        _fail(f"{path}: not UTF-8 text ({err})", "Cannot annotate")
    records = annotate(text, _gazetteer(facts))
    if output_format == "jsonl":
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    table = Table(title=f"Mentions and dates in {path}", title_justify="left")
    for column in ("line", "start", "end", "text", "entity or date", "precision"):
        table.add_column(column, overflow="fold")
    for record in records:
        what = record.get("entity") or record["date"] + (
            f" … {record['end_date']}" if "end_date" in record else ""
        )
        table.add_row(
            str(record["line"]), str(record["start"]), str(record["end"]),
            Text(record["text"]), Text(what), record.get("precision", ""),
        )  # fmt: skip
    out_console.print(table)
    err_console.print(f"{len(records)} mention(s) and date(s)")


@corpus.command("worklist")
@click.option("--limit", type=int, default=30, show_default=True, help="How many to show (0: all).")
@click.option("--doc", "doc_prefix", default=None, help="Only this document (id or its number).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "jsonl"]),
    default="text",
    show_default=True,
)
@FACTS_OPTION
@CORPUS_OPTION
def corpus_worklist(
    limit: int, doc_prefix: str | None, output_format: str, facts_dir: Path, corpus_dir: Path
) -> None:
    """Sentences that name two or more known entities near a relation word or a date but
    support no curated claim (no evidence quote overlaps them), best first."""
    from kg.worklist import worklist

    facts = _load_facts_or_fail(facts_dir, corpus_dir)
    found = worklist(facts, _gazetteer(facts))
    found = [c for c in found if not doc_prefix or c.doc.startswith(doc_prefix)]
    shown = found[:limit] if limit else found
    for candidate in shown:
        record = {
            "doc": candidate.doc,
            "line": candidate.sentence.line,
            "start": candidate.sentence.start,
            "end": candidate.sentence.end,
            "score": candidate.score,
            "entities": list(candidate.entities),
            "relation_words": list(candidate.relation_words),
            "dates": [str(d.date) for d in candidate.dates],
            "sentence": candidate.sentence.text,
        }
        if output_format == "jsonl":
            click.echo(json.dumps(record, ensure_ascii=False))
            continue
        click.echo(
            f"{candidate.doc}:{candidate.sentence.line} score {candidate.score:g}  "
            f"{', '.join(candidate.entities)}  [{', '.join(candidate.relation_words) or 'date'}]"
            + (f"  {', '.join(record['dates'])}" if record["dates"] else "")
        )
        click.echo(f"  {' '.join(candidate.sentence.text.split())}\n")
    err_console.print(f"{len(shown)} of {len(found)} uncovered candidate sentence(s)")


@corpus.command("coverage")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@FACTS_OPTION
@CORPUS_OPTION
def corpus_coverage(output_format: str, facts_dir: Path, corpus_dir: Path) -> None:
    """Per document: how many candidate sentences the curated facts cover."""
    from kg.worklist import coverage

    facts = _load_facts_or_fail(facts_dir, corpus_dir)
    rows = coverage(facts, _gazetteer(facts))
    if output_format == "json":
        records = [
            {"doc": r.doc, "sentences": r.sentences, "candidates": r.candidates,
             "covered": r.covered, "share": round(r.share, 3), "quotes": r.quotes}
            for r in rows
        ]  # fmt: skip
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    table = Table(title="Candidate sentences covered by evidence quotes", title_justify="left")
    for column in ("document", "sentences", "candidates", "covered", "share", "quotes"):
        table.add_column(column, justify="left" if column == "document" else "right")
    for r in rows:
        table.add_row(
            r.doc, str(r.sentences), str(r.candidates), str(r.covered), f"{r.share:.0%}",
            str(r.quotes),
        )  # fmt: skip
    out_console.print(table)


@corpus.command("mentions")
@click.argument("entity")
@click.option("--context", "width", type=int, default=60, show_default=True)
@FACTS_OPTION
@CORPUS_OPTION
def corpus_mentions(entity: str, width: int, facts_dir: Path, corpus_dir: Path) -> None:
    """Where ENTITY (an id such as state/KAZ) is mentioned in the corpus, with context."""
    from kg.worklist import mentions_of

    facts = _load_facts_or_fail(facts_dir, corpus_dir)
    if entity not in facts.entities:
        _fail(
            f"{entity!r} is no entity id of {facts_dir} (e.g. state/KAZ, org/cis)", "Unknown entity"
        )
    found = mentions_of(entity, facts, _gazetteer(facts), width=width)
    for item in found:
        click.echo(f"{item.doc}:{item.line}\t{item.mention.text}\t{item.context}")
    err_console.print(f"{len(found)} mention(s) of {entity}")


# --------------------------------------------------------------------------- explorer


def _explore_year_option(ctx: click.Context, param: click.Parameter, value: str | None):
    if value is None:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 9999:
        raise click.BadParameter(
            f"{value!r} is not a year: give one such as 2005 (the page then shows 30 June 2005)"
        )
    return int(value)


@main.command("explore")
@click.option(
    "--at",
    "year",
    callback=_explore_year_option,
    metavar="YEAR",
    help="Open the page at this year, as of its 30 June [default: all years]. The page has a "
    "year slider either way.",
)
@click.option(
    "--lang",
    type=click.Choice(["kk", "ru", "en"]),
    default="kk",
    show_default=True,
    help="The language the page opens in (it switches between kk, ru and en).",
)
@click.option(
    "--focus", metavar="ID", help="Select this entity when the page opens, e.g. state/GEO."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("build/explorer.html"),
    show_default=True,
)
@GRAPH_OPTION
def explore_command(
    year: int | None, lang: str, focus: str | None, output: Path, graph_path: Path
) -> None:
    """Write the explorer: one self-contained HTML page (works offline), atomically.

    \b
    kg explore                                  # build/explorer.html, in Kazakh
    kg explore --at 2009 --lang ru --focus state/GEO -o georgia.html
    kg serve                                    # then http://127.0.0.1:8000/explore
    """
    from kg import explore, network

    try:
        store = open_store(_store_spec(), graph_path)
        graph = network.typed(store)
        page = explore.explorer_html(graph, lang=lang, year=year, focus=focus)
    except (QueryError, StoreError, ValueError) as err:
        _fail(str(err), "Explore failed; nothing written")
    write_atomically(output, page.encode("utf-8"))
    when = f"opening at 30 June {year}" if year is not None else "opening on all years"
    err_console.print(
        f"Wrote {output}: {graph.number_of_nodes()} entities, {graph.number_of_edges()} "
        f"relations, {when}, in {lang}; open it in a browser (no network needed).",
        highlight=False,
    )


if __name__ == "__main__":
    main()
