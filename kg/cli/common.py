"""What the ``kg`` commands share: consoles, the --store/--graph options, failing clearly."""

from __future__ import annotations

import codecs
import functools
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click
from rich.console import Console

from kg.facts.nodes import escape_forbidden
from kg.stores.base import DEFAULT_GRAPH_PATH, STORE_FORMS, Store, syntax_problem

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.network.scopes import Scope

__all__ = [
    "DISPUTE_COLUMNS",
    "GRAPH_HELP",
    "GRAPH_OPTION",
    "STORE_HELP",
    "STORE_OPTION",
    "InputFileError",
    "check_graph_file",
    "check_store_inputs",
    "day_option",
    "fail",
    "graph_option",
    "not_turtle",
    "parse_params",
    "read_graph_file",
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
    "(credentials from KG_STORE_USER and KG_STORE_PASSWORD). Also from KG_STORE. An unknown "
    "form is a usage error (status 2); a store folder that is not there, status 1."
)
GRAPH_HELP = (
    "The built graph to read (by the memory and oxigraph stores). A file that is not there, a "
    "folder, or a file that is not Turtle is refused in one line (status 1) before anything is "
    "written."
)
_LOCAL_STORES = ("memory", "oxigraph")  # the two that read --graph


_Function = TypeVar("_Function", bound=Callable[..., Any])


class InputFileError(click.BadParameter):
    """A --graph or --store naming a file or a folder that cannot be read as one: a click error
    naming the option and the file, with status 1 (a failure the command explains), since the
    command line itself is well formed."""

    exit_code = 1


def _remember_store(ctx: click.Context, param: click.Parameter, value: str) -> str:
    spec = value.strip()
    known = spec in _LOCAL_STORES or spec.startswith(("oxigraph:", "http://", "https://"))
    if not known:
        raise click.BadParameter(f"unknown store {value!r} (expected: {STORE_FORMS})")
    if spec == "oxigraph:":
        raise click.BadParameter("oxigraph: names no folder; give oxigraph:PATH")
    ctx.meta["kg.store"] = value
    return value


def store_option(default: str = "memory") -> Callable[[_Function], _Function]:
    """``--store``, not passed to the command function: commands open their store with
    open_store(selected_store_spec(), graph_path), so every command that reads the graph takes
    it. ``kg serve`` defaults to ``oxigraph``, every other command to ``memory``.

    The store and the graph file it reads are checked before the command runs
    (``check_store_inputs``): an unknown store name, a missing store folder, a graph file that
    is missing, a folder or not Turtle are click errors naming the option, never a traceback."""
    option = click.option(
        "--store",
        default=default,
        show_default=True,
        envvar="KG_STORE",
        expose_value=False,
        callback=_remember_store,
        help=STORE_HELP,
    )

    def decorate(function: _Function) -> _Function:
        return option(_checking_inputs(function, rdflib_reads_only_the_graph=False))

    return decorate


def selected_store_spec() -> str:
    spec: str = click.get_current_context().meta.get("kg.store", "memory")
    return spec


def graph_option(store_default: str = "memory") -> Callable[[_Function], _Function]:
    """``--graph`` (the built graph file) and ``--store`` (where to read it from)."""

    def decorate(function: _Function) -> _Function:
        # These commands parse no Turtle but the graph's: a syntax error is the graph file's.
        checked = _checking_inputs(function, rdflib_reads_only_the_graph=True)
        return click.option(
            "--graph",
            "graph_path",
            type=click.Path(path_type=Path),
            default=DEFAULT_GRAPH_PATH,
            show_default=True,
            help=GRAPH_HELP,
        )(store_option(store_default)(checked))

    return decorate


def _checking_inputs(function: _Function, rdflib_reads_only_the_graph: bool) -> _Function:
    """``function`` run after ``check_store_inputs``, with a syntax error of the graph file
    (Oxigraph's names the file; rdflib's is the graph's where no other Turtle is read) made an
    ``InputFileError`` on --graph. Applied once: store_option inside graph_option is skipped."""
    if getattr(function, "_kg_checks_inputs", False):
        return function

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        spec = selected_store_spec().strip()
        graph_path = kwargs.get("graph_path")
        if graph_path is None and spec == "oxigraph":
            graph_path = DEFAULT_GRAPH_PATH  # kg validate's --graph has no default of its own
        check_store_inputs(spec, graph_path)
        try:
            return function(*args, **kwargs)
        except SyntaxError as err:
            if spec not in _LOCAL_STORES or graph_path is None:
                raise
            from_graph = getattr(err, "filename", None) == str(graph_path) or (
                rdflib_reads_only_the_graph and _is_rdflib_syntax_error(err)
            )
            if not from_graph:
                raise
            raise not_turtle(graph_path, syntax_problem(err)) from None

    run._kg_checks_inputs = True  # type: ignore[attr-defined]
    return run  # type: ignore[return-value]


def check_store_inputs(spec: str, graph_path: Path | None) -> None:
    """Refuse, as an ``InputFileError`` naming the option, a graph file (``graph_path``, read
    by the memory and oxigraph stores) that is missing, a folder, unreadable or plainly not
    Turtle (its first statement; a later syntax error is caught where the store reads it), and
    an ``oxigraph:PATH`` whose folder holds no store."""
    if spec in _LOCAL_STORES and graph_path is not None:
        check_graph_file(graph_path)
    elif spec.startswith("oxigraph:"):
        folder = Path(spec.removeprefix("oxigraph:"))
        if folder.is_file():
            raise InputFileError(
                f"oxigraph:{folder} is a file; an Oxigraph store is a folder made by `kg load` "
                f"(a Turtle file is read with --store oxigraph --graph {folder})",
                param_hint="'--store'",
            )
        if not (folder / "CURRENT").is_file():
            raise InputFileError(
                f"oxigraph:{folder}: no Oxigraph store here; run "
                f"`kg load --store oxigraph:{folder}`",
                param_hint="'--store'",
            )


def check_graph_file(path: Path) -> None:
    if not path.exists():
        raise InputFileError(
            f"{path}: no built graph here; run `kg build` first", param_hint="'--graph'"
        )
    if path.is_dir():
        raise InputFileError(
            f"{path} is a folder, not a graph file (a store made by `kg load` is read with "
            f"--store oxigraph:{path})",
            param_hint="'--graph'",
        )
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as err:
        raise InputFileError(
            f"{path}: cannot be read ({err.strerror or err})", param_hint="'--graph'"
        ) from None
    problem = _turtle_start_problem(head)
    if problem is not None:
        raise not_turtle(path, problem)


def _turtle_start_problem(head: bytes) -> str | None:
    """Why the first bytes of a file cannot begin Turtle, or None if they may."""
    if b"\0" in head:
        return "binary data"
    try:  # incremental: the 4,096th byte may cut a character in two
        text = codecs.getincrementaldecoder("utf-8")().decode(head)
    except UnicodeDecodeError:
        return "not UTF-8 text"
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        first = stripped[0]
        # a directive (@prefix, PREFIX, BASE), an IRI, a blank node, a collection, a name
        if first in "@<_[(:" or first.isalpha():
            return None
        return f"line {number} starts with {_printable(first)!r}"
    return None


def not_turtle(path: Path, problem: str) -> InputFileError:
    """The --graph error for a file that is not Turtle, with why (``problem``, escaped)."""
    return InputFileError(
        f"{path} is not a Turtle file ({_printable(problem)})", param_hint="'--graph'"
    )


def _is_rdflib_syntax_error(err: SyntaxError) -> bool:
    from rdflib.plugins.parsers.notation3 import BadSyntax

    return isinstance(err, BadSyntax)


def _printable(text: str) -> str:
    """``text`` with what a terminal would act on escaped (``\\x1b``), never raw: the characters
    the facts refuse (kg.facts.nodes), the same set."""
    return escape_forbidden(text)


def read_graph_file(path: Path) -> Graph:
    """The Turtle file ``path`` as an rdflib graph, or an ``InputFileError`` on --graph."""
    from rdflib import Graph

    check_graph_file(path)
    try:
        return Graph().parse(path, format="turtle")
    except SyntaxError as err:
        raise not_turtle(path, syntax_problem(err)) from None


GRAPH_OPTION = graph_option()  # named like the click options around it
STORE_OPTION = store_option()


def fail(lines: list[str] | str, title: str) -> NoReturn:
    lines = [lines] if isinstance(lines, str) else lines
    err_console.print(f"[bold red]{_printable(title)}[/]", highlight=False)
    for line in lines:
        click.echo(_printable(line), err=True)  # a file's bytes never act on the terminal
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
