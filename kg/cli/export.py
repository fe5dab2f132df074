"""``kg export``: the graph in other people's formats. ``kg export cow`` writes COW's IGO-year
and state-year tables (``kg.report.cow``), so that R and Stata code written for the Correlates
of War files runs on the graph."""

from __future__ import annotations

import io
import lzma
from pathlib import Path

import click

from kg.atomic import write_atomically
from kg.cli.common import GRAPH_OPTION, err_console, fail, selected_store_spec
from kg.report.cow import SCOPES, cow_tables
from kg.stores.base import QueryError, StoreError
from kg.stores.opening import open_store
from kg.world import write_igo_years, write_state_years

__all__ = ["export"]

_OUTPUT = click.Path(path_type=Path, dir_okay=False)


@click.group("export")
def export() -> None:
    """Write the graph in other formats: `kg export cow` (the Correlates of War IGO tables)."""


@export.command("cow")
@click.option(
    "--scope",
    type=click.Choice(SCOPES),
    default="world",
    show_default=True,
    help="world: every COW IGO, 1816-2014, from the COW claims (a round trip gives COW's cells "
    "back); post-soviet: the graph's post-soviet scope, from the claims that count, to --until.",
)
@GRAPH_OPTION
@click.option("--igo-year", "igo_year", type=_OUTPUT, help="Write the IGO-year table (3.0a) here.")
@click.option(
    "--state-year", "state_year", type=_OUTPUT, help="Write the state-year table (3.0b) here."
)
@click.option(
    "--until",
    "last_year",
    type=click.IntRange(1816, 2200),
    default=None,
    help="post-soviet: the last year of the tables (default: last year).",
)
def cow(
    scope: str,
    graph_path: Path,
    igo_year: Path | None,
    state_year: Path | None,
    last_year: int | None,
) -> None:
    """Write the graph as COW's IGO-year and state-year tables (COW's columns and codes: 1 full
    member, 2 associate, 3 observer, 0 not a member, -9 missing, empty or -1 not in the system
    or the IGO not in existence). A path ending in .xz is compressed; each file is written
    atomically, and nothing is written if the export fails."""
    if igo_year is None and state_year is None:
        raise click.UsageError("give --igo-year, --state-year or both: nothing to write")
    if igo_year is not None and igo_year == state_year:
        raise click.UsageError("--igo-year and --state-year are the same file")
    if last_year is not None and scope != "post-soviet":
        raise click.BadParameter("only the post-soviet scope takes --until", param_hint="--until")
    try:
        store = open_store(selected_store_spec(), graph_path)
        tables = cow_tables(store, scope, last_year=last_year)
    except (QueryError, StoreError, ValueError) as err:
        fail(str(err), "Export failed; nothing written")
    texts: list[tuple[Path, str, int]] = []
    if igo_year is not None:
        buffer = io.StringIO()
        write_igo_years(tables.igo_years, buffer)
        texts.append((igo_year, buffer.getvalue(), len(tables.igo_years.rows)))
    if state_year is not None:
        buffer = io.StringIO()
        write_state_years(tables.state_years, buffer)
        texts.append((state_year, buffer.getvalue(), len(tables.state_years.rows)))
    for path, text, rows in texts:
        data = text.encode("utf-8")
        write_atomically(path, lzma.compress(data) if path.name.endswith(".xz") else data)
        err_console.print(f"Wrote {path} ({rows} rows, scope {scope}).", highlight=False)
    for note in tables.notes:
        err_console.print(f"note: {note}", highlight=False)
