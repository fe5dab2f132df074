"""``kg centrality`` and ``kg network``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.table import Table
from rich.text import Text

from kg.atomic import write_atomically
from kg.cli.common import (
    GRAPH_OPTION,
    day_option,
    err_console,
    fail,
    out_console,
    selected_scope,
    selected_store_spec,
    year_day_option,
    years_option,
)
from kg.stores.base import QueryError, StoreError
from kg.stores.opening import open_store
from kg.vocab import (
    EXPORT_FORMATS,
    LANGUAGES,
    MEASURES,
    PROJECTIONS,
    ROLE_NAMES,
    WEIGHTS,
    title_text,
)

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from kg.network.extract import Weight

__all__ = [
    "PROJECTION_FILTER_OPTIONS",
    "centrality_command",
    "network_command",
    "projection_filters",
]

# --------------------------------------------------------------------------- network analysis
# kg.network / kg.centrality are imported inside the commands: pandas and matplotlib are slow to
# load and the other commands do not need them. The choices come from kg.vocab, which is light.


PROJECTION_FILTER_OPTIONS = (
    click.option(
        "--weight",
        type=click.Choice(WEIGHTS),
        default="count",
        show_default=True,
        help="Edge weight: how many organisations/agreements shared, or that over how many "
        "either has.",
    ),
    click.option(
        "--role",
        "roles",
        multiple=True,
        type=click.Choice(ROLE_NAMES),
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


_Command = TypeVar("_Command", bound=Callable[..., Any])


def projection_filters(command: _Command) -> _Command:
    for option in reversed(PROJECTION_FILTER_OPTIONS):
        command = option(command)
    return command


SCOPE_OPTION = click.option(
    "--scope",
    "scope_name",
    default="post-soviet",
    show_default=True,
    metavar="NAME",
    help="The organisations whose memberships count: post-soviet, world (every Correlates of "
    "War IGO), curated (the curated record alone) — as corpus/scopes.yaml defines them in the "
    "graph — or all.",
)


@click.command("centrality")
@click.option(
    "--projection",
    type=click.Choice([name for name in PROJECTIONS if name != "typed"]),
    default="comembership",
    show_default=True,
    help="State–state by organisations shared, by agreements both signed, or the bipartite "
    "state–organisation graph.",
)
@click.option("--at", callback=day_option, metavar="YYYY-MM-DD", help="The day [default: today].")
@click.option(
    "--series",
    "years",
    callback=years_option,
    metavar="FIRST:LAST",
    help="Every year from FIRST to LAST, each on its --year-day, instead of --at.",
)
@click.option(
    "--measure",
    "measures",
    multiple=True,
    type=click.Choice(MEASURES),
    help="Repeat for several [default: all; with --plot: betweenness].",
)
@projection_filters
@SCOPE_OPTION
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
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
    callback=year_day_option,
    default="06-30",
    show_default=True,
    metavar="MM-DD",
    help="The day that stands for a year in --series.",
)
@GRAPH_OPTION
def centrality_command(
    projection: str,
    at: date | None,
    years: range | None,
    measures: tuple[str, ...],
    weight: Weight,
    roles: tuple[str, ...],
    organisations: tuple[str, ...],
    scope_name: str,
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
    kg centrality --at 2005-06-30 --measure betweenness --scope world
    kg centrality --projection affiliation --at 2005-06-30 --format csv
    kg centrality --series 1991:2025 --measure betweenness --plot rank.png --lang kk
    """
    from kg import centrality as analysis

    if at is not None and years is not None:
        raise click.UsageError("give --at or --series, not both")
    if plot is not None and years is None:
        raise click.UsageError("--plot draws a series: give --series FIRST:LAST")
    if plot is not None and len(measures) > 1:
        raise click.UsageError("--plot draws one measure: give a single --measure")
    chosen = list(measures) or (["betweenness"] if plot else list(analysis.MEASURES))
    try:
        store = open_store(selected_store_spec(), graph_path)
        scope = selected_scope(store, scope_name)
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
                scope=scope,
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
                scope=scope,
                lang=lang,
                day=year_day,
            )
    except (QueryError, StoreError, ValueError) as err:
        fail(str(err), "Centrality failed")
    if plot is not None and years is not None:  # --plot without --series was refused above
        import io

        figure = analysis.rank_plot(table, chosen[0], top=top)
        buffer = io.BytesIO()
        figure.savefig(buffer, format=(plot.suffix.lstrip(".") or "png").lower(), dpi=150)
        write_atomically(plot, buffer.getvalue())
        err_console.print(f"Wrote {plot}: {chosen[0]} rank of states, {years[0]}–{years[-1]}.")
        return
    notes = analysis.equal_values_notes(table, lang)
    if top is not None:
        table = analysis.top_with_ties(table, top)
    if output_format == "csv":
        # The first line says what the numbers are about (read with comment="#" in pandas, R).
        when = f"on {table.attrs['at']}" if years is None else f"{years[0]}-{years[-1]}"
        click.echo(f"# {projection} graph {when}; {table.attrs.get('scope_title', '')}")
        click.echo(table.to_csv(index=False, lineterminator="\n"), nl=False)
    elif output_format == "json":
        click.echo(table.to_json(orient="records", force_ascii=False, indent=2))
    else:
        _print_centrality_tables(table, projection, weight, years is None, lang)
    for note in notes:
        err_console.print(note)


def _print_centrality_tables(
    table: pd.DataFrame, projection: str, weight: str, single_day: bool, lang: str = "en"
) -> None:
    from kg.centrality import ranks

    for measure, rows in ranks(table).groupby("measure", sort=False):
        names = {"measure": title_text(str(measure), lang), "weight": weight}
        names["projection"] = title_text(projection, lang)
        title = (
            title_text("table_day", lang, at=table.attrs["at"], **names)
            if single_day
            else title_text("table_series", lang, day=table.attrs["day"], **names)
        )
        if table.attrs.get("scope_title"):
            title += "\n" + table.attrs["scope_title"]
        out = Table(title=title, title_justify="left")
        columns = ["rank", "node", "label", "value"]
        if not single_day:
            columns.insert(0, "year")
        for column in columns:
            out.add_column(column, justify="right" if column in ("rank", "value") else "left")
        for row in rows.itertuples():
            cells = [str(row.rank), str(row.node), str(row.label), f"{row.value:.4f}"]
            if not single_day:
                cells.insert(0, str(row.year))
            out.add_row(*(Text(cell) for cell in cells))
        out_console.print(out)
    if table.empty:
        err_console.print("No states in this graph on that day.")


@click.command("network")
@click.option(
    "--projection",
    type=click.Choice(PROJECTIONS),
    default="comembership",
    show_default=True,
    help="typed: every entity and relation, n-ary relations as dated edges.",
)
@click.option(
    "--at",
    callback=day_option,
    metavar="YYYY-MM-DD",
    help="The day [default: today; for typed: the whole history].",
)
@projection_filters
@SCOPE_OPTION
@click.option(
    "--format",
    "output_format",
    type=click.Choice(EXPORT_FORMATS),
    help="[default: from the file name's extension]",
)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True)
@GRAPH_OPTION
def network_command(
    projection: str,
    at: date | None,
    weight: Weight,
    roles: tuple[str, ...],
    organisations: tuple[str, ...],
    scope_name: str,
    output_format: str | None,
    output: Path,
    graph_path: Path,
) -> None:
    """Write a graph as of a day for Gephi and other tools (GraphML, GEXF or JSON), atomically.

    \b
    kg network --projection comembership --at 2005-06-30 -o cis-2005.gexf
    kg network --projection typed -o everything.graphml
    """
    from kg import network

    if output_format is None:
        output_format = output.suffix.lstrip(".").lower()
        if output_format not in network.EXPORT_FORMATS:
            raise click.UsageError(
                f"cannot tell the format from {output.name!r}: give --format graphml, gexf or json"
            )
    try:
        store = open_store(selected_store_spec(), graph_path)
        scope = selected_scope(store, scope_name)
        graph: nx.Graph
        if projection == "typed":
            graph = network.typed(store, at, scope=scope)
        else:
            graph = network.projection(
                store,
                projection,
                at or date.today(),
                weight,
                roles or None,
                organisations=organisations or None,
                scope=scope,
            )
        graph.graph["scope"] = scope.describe()
        data = network.serialise_graph(graph, output_format)
    except (QueryError, StoreError, ValueError) as err:
        fail(str(err), "Export failed")
    write_atomically(output, data)
    when = f"on {graph.graph['at']}" if graph.graph.get("at") else "over all time"
    err_console.print(
        f"Wrote {output}: {projection} graph {when}, {graph.number_of_nodes()} nodes, "
        f"{graph.number_of_edges()} edges ({output_format}); {scope.describe()}."
    )
