"""What the ``kg`` commands share: consoles, the --store/--graph options, failing clearly."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click
from rich.console import Console

from kg.stores.base import DEFAULT_GRAPH_PATH, Store

if TYPE_CHECKING:
    from kg.network.scopes import Scope

__all__ = [
    "DISPUTE_COLUMNS",
    "GRAPH_OPTION",
    "STORE_HELP",
    "STORE_OPTION",
    "day_option",
    "fail",
    "graph_option",
    "parse_params",
    "selected_scope",
    "selected_store_spec",
    "store_option",
    "year_day_option",
    "years_option",
]

err_console = Console(stderr=True)
out_console = Console(soft_wrap=True)


STORE_HELP = (
    "Where to read the graph: memory (rdflib, reads --graph), oxigraph (in memory, reads "
    "--graph), oxigraph:PATH (a store made by `kg load`), or a SPARQL endpoint URL "
    "(credentials from KG_STORE_USER and KG_STORE_PASSWORD). Also from KG_STORE."
)


_Function = TypeVar("_Function", bound=Callable[..., Any])


def _remember_store(ctx: click.Context, param: click.Parameter, value: str) -> str:
    ctx.meta["kg.store"] = value
    return value


def store_option(default: str = "memory") -> Callable[[_Function], _Function]:
    """``--store``, not passed to the command function: commands open their store with
    open_store(selected_store_spec(), graph_path), so every command that reads the graph takes
    it. ``kg serve`` defaults to ``oxigraph``, every other command to ``memory``."""
    return click.option(
        "--store",
        default=default,
        show_default=True,
        envvar="KG_STORE",
        expose_value=False,
        callback=_remember_store,
        help=STORE_HELP,
    )


def selected_store_spec() -> str:
    spec: str = click.get_current_context().meta.get("kg.store", "memory")
    return spec


def graph_option(store_default: str = "memory") -> Callable[[_Function], _Function]:
    """``--graph`` (the built graph file) and ``--store`` (where to read it from)."""

    def decorate(function: _Function) -> _Function:
        return click.option(
            "--graph",
            "graph_path",
            type=click.Path(path_type=Path),
            default=DEFAULT_GRAPH_PATH,
            show_default=True,
            help="The built graph to read (by the memory and oxigraph stores).",
        )(store_option(store_default)(function))

    return decorate


GRAPH_OPTION = graph_option()  # named like the click options around it
STORE_OPTION = store_option()


def fail(lines: list[str] | str, title: str) -> NoReturn:
    lines = [lines] if isinstance(lines, str) else lines
    err_console.print(f"[bold red]{title}[/]", highlight=False)
    for line in lines:
        click.echo(line, err=True)
    sys.exit(1)


DISPUTE_COLUMNS = ("claim", "kind", "claimed", "text_says", "record_says", "why")


def parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        params[name.strip()] = value
    return params


def day_option(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    from kg.dates import parse_day

    try:
        return parse_day(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


def years_option(ctx: click.Context, param: click.Parameter, value: str | None) -> range | None:
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


def year_day_option(ctx: click.Context, param: click.Parameter, value: str) -> tuple[int, int]:
    try:
        month, day = (int(part) for part in value.split("-"))
        date(2001, month, day)  # a day every year has (no 29 February)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a day of the year MM-DD, e.g. 06-30") from None
    return (month, day)


# The options of the projections that `kg centrality` and `kg network` share.


def selected_scope(store: Store, name: str) -> Scope:
    """The scope ``--scope`` (the parameter ``scope_name``) names. A graph without scopes (an
    older build, a fixture) counts every organisation, with a message, unless a scope was named:
    then the library's error says which scopes there are."""
    from click.core import ParameterSource

    from kg.network.scopes import everything, scope, scopes

    named = click.get_current_context().get_parameter_source("scope_name")
    if named == ParameterSource.DEFAULT and not scopes(store):
        err_console.print("This graph defines no scopes: every organisation counts (--scope all).")
        return everything(store)
    return scope(store, name)
