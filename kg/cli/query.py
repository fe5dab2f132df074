"""``kg query`` and ``kg report``."""

from __future__ import annotations

import csv
import json
import sys
import textwrap
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import click
from rdflib import URIRef
from rdflib.term import Node
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg.atomic import write_atomically
from kg.cli.common import (
    DISPUTE_COLUMNS,
    GRAPH_OPTION,
    err_console,
    fail,
    out_console,
    parse_params,
    selected_store_spec,
)
from kg.queries.named import ParameterError, list_queries, load_query, run_named_query
from kg.queries.tables import to_csv, to_json
from kg.report import (
    RECONCILE_BEGIN,
    RECONCILE_END,
    by_sentence,
    disputes,
    reconciliation_section,
    statistics_markdown,
    with_section,
    with_statistics,
)
from kg.report.reconcile import (
    COW_CITATION,
    CSV_COLUMNS,
    CURATED_RECORD,
    Reconciliation,
    UnknownOrganisation,
    reconcile,
)
from kg.stores.base import GraphResult, QueryError, StoreError
from kg.stores.opening import open_store
from kg.vocab import display

__all__ = ["query", "report", "report_disputes", "report_reconcile", "report_stats"]


@click.group()
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
        found = disputes(open_store(selected_store_spec(), graph_path))
    except (QueryError, StoreError) as err:
        fail(str(err), "Report failed")
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
        # One block per disputed sentence, then its claims: the quotes and notes are long prose
        # that columns would mangle, and one sentence read once per signatory is one dispute.
        sentences = by_sentence(found)
        for sentence in sentences:
            click.echo("The source says:")
            for said in sentence.text_says or ("(no quote)",):
                click.echo(f"  {said}")
            if sentence.why:
                click.echo(f"  why it is judged wrong: {sentence.why}")
            click.echo(f"  {len(sentence.claims)} disputed claim(s) read from it:")
            for claim in sentence.claims:
                click.echo(f"  - {claim.claim} ({claim.kind}): {claim.claimed}")
                record = " | ".join(claim.record_says) or "(no curated claim with the same key)"
                click.echo(f"      the record says: {record}")
                if not sentence.why:
                    click.echo(f"      why: {claim.why}")
            click.echo()
        err_console.print(
            f"{len(rows)} disputed claim(s) from {len(sentences)} statement(s) of the sources; "
            "lines are those of the normalised texts (corpus/texts)"
        )


@report.command("stats")
@GRAPH_OPTION
@click.option(
    "--update",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Rewrite the marked sections of this Markdown file (the data sheet).",
)
def report_stats(graph_path: Path, update: Path | None) -> None:
    """Counts by class and relation of the curated record, what the relations rest on, and, in
    a graph with the world layer, its agreement with the Correlates of War (Markdown)."""
    try:
        store = open_store(selected_store_spec(), graph_path)
        statistics = statistics_markdown(store)
        reconciliation = reconciliation_section(store)
    except (QueryError, StoreError) as err:
        fail(str(err), "Report failed")
    if update is None:
        click.echo(statistics, nl=False)
        if reconciliation is not None:
            click.echo()
            click.echo(reconciliation, nl=False)
        return
    try:
        updated = with_statistics(update.read_text(encoding="utf-8"), statistics)
        if reconciliation is not None:
            updated = with_section(updated, RECONCILE_BEGIN, RECONCILE_END, reconciliation)
    except (OSError, ValueError) as err:
        fail(f"{update}: {err}", "Cannot update")
    write_atomically(update, updated.encode("utf-8"))
    if reconciliation is None:
        err_console.print(
            f"Updated the statistics in {update}; the graph has no world layer, so the "
            "reconciliation with the Correlates of War was left as it was."
        )
    else:
        err_console.print(f"Updated the statistics and the reconciliation in {update}.")


@report.command("reconcile")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@click.option("--org", "organisation", metavar="ID", help="Only this organisation, e.g. org/cis.")
@GRAPH_OPTION
def report_reconcile(output_format: str, organisation: str | None, graph_path: Path) -> None:
    """The curated record beside the Correlates of War IGO data, pair by pair: agree, differ
    (start, end, role), only-curated, only-cow, after-cow; then a summary by organisation."""
    spec = selected_store_spec()
    try:
        found = reconcile(open_store(spec, graph_path), organisation)
    except UnknownOrganisation as err:
        raise click.BadParameter(str(err), param_hint="--org") from None
    except (QueryError, StoreError) as err:
        fail(str(err), "Report failed")
    about: dict[str, str | list[str]] = {
        "scope": found.scope,
        "sources": [COW_CITATION, CURATED_RECORD],
        "graph": _graph_about(spec, graph_path),
    }
    if output_format == "json":
        click.echo(json.dumps({**found.as_dict(), "about": about}, ensure_ascii=False, indent=2))
    elif output_format == "csv":
        click.echo(
            f"# {about['scope']}; sources: {COW_CITATION} and the {CURATED_RECORD}; "
            f"graph: {about['graph']}"
        )
        writer = csv.DictWriter(sys.stdout, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(row.flat() for row in found.rows)
    else:
        _print_reconciliation(found, about)


def _graph_about(spec: str, graph_path: Path) -> str:
    """Which graph was read and, for a graph file, the day it was written."""
    if spec.strip() in ("memory", "oxigraph") and graph_path.is_file():
        written = date.fromtimestamp(graph_path.stat().st_mtime).isoformat()
        return f"{graph_path}, written {written}"
    return f"{spec} (date unknown)"


def _print_reconciliation(found: Reconciliation, about: dict[str, str | list[str]]) -> None:
    rows = Table(title="Curated record and COW, by pair", title_justify="left", show_lines=True)
    for column in ("state", "organisation", "verdict", "detail", "curated", "COW"):
        if column in ("state", "organisation"):  # ids: never wrapped (folded on a terminal)
            rows.add_column(column, no_wrap=True, overflow="fold")
        else:
            rows.add_column(column, max_width=TEXT_WIDTH, overflow="fold")
    for row in found.rows:
        flat = row.flat()
        rows.add_row(*(Text(flat[key]) for key in CSV_COLUMNS[:6]))
    _print_table(rows)
    summary = Table(title="By organisation", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("organisation", "COW IGO", "pairs", "agree", "differ", "only\ncurated",
                   "only\nCOW", "after\nCOW", "agreement"):  # fmt: skip
        width = max(map(len, column.split("\n")))  # the counts never shrink, names fold
        left = column in ("organisation", "COW IGO")
        summary.add_column(
            column, justify="left" if left else "right", min_width=width, overflow="fold"
        )
    for s in (*found.summary, found.total):
        rate = "–" if s.agreement_rate is None else f"{s.agreement_rate:.0%}"
        counts = (s.pairs, s.agree, s.differ, s.only_curated, s.only_cow, s.after_cow)
        summary.add_row(
            Text(s.organisation), Text(s.cow_igo), *(Text(str(n)) for n in counts), Text(rate)
        )
    _print_table(summary)
    err_console.print(
        f"{len(found.rows)} pair(s); {about['scope']}; sources: {COW_CITATION} and the "
        f"{CURATED_RECORD}; graph: {about['graph']}",
        highlight=False,
    )


def _list_and_stop(ctx: click.Context, _param: click.Parameter, value: str | bool | None) -> object:
    """``--list``, or no query named: the list, before the graph is looked for."""
    if (value is True or value is None) and not ctx.resilient_parsing:
        _print_query_list()
        ctx.exit()
    return value


@click.command()
@click.argument("query_name", required=False, is_eager=True, callback=_list_and_stop)
@click.option("--param", "-p", "params", multiple=True, help="A parameter, NAME=VALUE.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--list",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_list_and_stop,
    help="List the named queries (question, parameters, an example) and stop.",
)
@GRAPH_OPTION
def query(
    query_name: str,
    params: tuple[str, ...],
    output_format: str,
    graph_path: Path,
) -> None:
    """Run a named query (see --list) or a SPARQL file on the built graph.

    The table wraps long text (notes, quotes, labels) within a column; ids are never broken
    when the output is not a terminal (a pipe or a file). For data, use --format csv or json."""
    try:
        named = load_query(query_name)
        store = open_store(selected_store_spec(), graph_path)
        result = run_named_query(store, named, parse_params(params))
    except (ParameterError, QueryError, StoreError) as err:
        fail(str(err), "Query failed")
    if isinstance(result, GraphResult):
        click.echo(result.graph.serialize(format="turtle"))
    elif output_format == "csv":
        click.echo(to_csv(result), nl=False)
    elif output_format == "json":
        click.echo(to_json(result))
    else:
        _print_table(answer_table(named.title, result.columns, result.rows))
        err_console.print(f"{len(result.rows)} row(s)")


TEXT_WIDTH = 48
"""The widest a column of text (a note, a quote, a label) grows before it wraps at spaces."""

_UNBOUNDED = 1_000_000  # the width of a console that is not a terminal: the table's own


def answer_table(
    title: str, columns: Sequence[str], rows: Sequence[Sequence[Node | None]]
) -> Table:
    """An answer as a table: a column of ids and IRIs is never wrapped (on a terminal too
    narrow for it, it folds rather than vanish); any other column wraps at spaces within
    ``TEXT_WIDTH`` characters, so a long note makes a tall row, not a wide table."""
    table = Table(title=title, title_justify="left")
    for index, column in enumerate(columns):
        iris = all(row[index] is None or isinstance(row[index], URIRef) for row in rows)
        if iris:
            table.add_column(column, no_wrap=True, overflow="fold")
        else:
            table.add_column(column, max_width=TEXT_WIDTH, overflow="fold")
    for row in rows:
        table.add_row(*(Text(display(term)) for term in row))
    return table


def _print_table(table: Table) -> None:
    """On a terminal, within its width; elsewhere (a pipe, a file) as wide as the table needs,
    so that no id is ever cut in two."""
    if out_console.is_terminal:
        out_console.print(table)
    else:
        Console(width=_UNBOUNDED, soft_wrap=True).print(table)


def _print_query_list() -> None:
    """Each named query: its name and title, its question, its parameters (name, kind,
    default) and its first example. What the columns mean and how a query is written is in
    the comments of its file."""
    click.echo("Named queries (kg/queries/NAME.rq; each file's comments say more)")
    for named in list_queries():
        click.echo(f"\n{named.name}: {named.title}")
        click.echo(textwrap.fill(named.question, 92, initial_indent="  ", subsequent_indent="  "))
        parameters = ", ".join(
            f"{p.name} ({p.kind}{'' if p.required else f', default {p.default}'})"
            for p in named.parameters
        )
        click.echo(f"  parameters: {parameters or 'none'}")
        if named.examples:
            click.echo(f"  example: {named.examples[0]}")
