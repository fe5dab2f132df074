"""``kg serve`` and ``kg explore``."""

from __future__ import annotations

from pathlib import Path

import click

from kg.atomic import write_atomically
from kg.cli.common import (
    GRAPH_OPTION,
    err_console,
    fail,
    graph_option,
    not_turtle,
    selected_scope,
    selected_store_spec,
)
from kg.stores.base import GraphSyntaxError, QueryError, Store, StoreError
from kg.stores.opening import open_store
from kg.vocab import LANGUAGES

__all__ = ["explore_command", "serve", "site_command"]

CORPUS_OPTION = click.option(
    "--corpus",
    "corpus_path",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("corpus/texts"),
    show_default=True,
    help="The normalised corpus texts (<document id>.txt): the text views (/doc/<id>) and the "
    "sentences around the quotes.",
)


@click.command()
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
@CORPUS_OPTION
@click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Keep recent answers (never for a remote endpoint, whose data may change).",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(0, 64),
    help="Processes that evaluate queries, each stopped at the timeout (0: evaluate in the "
    "serving process, whose threads cannot be stopped).",
)
@click.option(
    "--query-memory",
    default=1024,
    show_default=True,
    type=click.IntRange(64, 1 << 20),
    metavar="MIB",
    help="Memory a worker may take on for one query, beyond the store it holds.",
)
@click.option(
    "--threads",
    default=8,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Threads that read requests and write answers (queries wait for a worker meanwhile).",
)
@click.option(
    "--public-url",
    metavar="URL",
    help="The endpoint's URL as clients reach it, behind a proxy (the service description "
    "names it), e.g. https://kg.example.org/sparql.",
)
@click.option("--quiet", is_flag=True, help="Do not log each request.")
@graph_option(store_default="oxigraph")  # each worker reads --graph into Oxigraph (~2 s)
def serve(
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    explorer_path: Path,
    corpus_path: Path,
    cache: bool,
    workers: int,
    query_memory: int,
    threads: int,
    public_url: str | None,
    quiet: bool,
    graph_path: Path,
) -> None:
    """A read-only SPARQL 1.1 endpoint at /sparql, with a query page at / (Ctrl+C stops it).

    \b
    kg serve                                   # http://127.0.0.1:8000/
    kg serve --store oxigraph:build/oxigraph --port 8080
    """
    import logging

    from kg.web.server import make_server
    from kg.web.service import ServeConfig

    spec = selected_store_spec()
    try:
        if workers and not spec.startswith(("http://", "https://")):
            from kg.stores.pool import ProcessPoolStore

            store: Store = ProcessPoolStore(
                spec, graph_path, workers, query_memory=query_memory << 20
            )
        else:  # a remote endpoint evaluates elsewhere, under its own limits
            store = open_store(spec, graph_path)
    except GraphSyntaxError as err:  # read by the workers: the same error as in the others
        raise not_turtle(graph_path, str(err)) from None
    except (QueryError, StoreError) as err:
        fail(str(err), "Cannot serve")
    if public_url is not None and not public_url.startswith(("http://", "https://")):
        fail(f"--public-url {public_url!r}: give an http:// or https:// URL", "Cannot serve")
    config = ServeConfig(
        timeout=timeout,
        max_rows=max_rows,
        explorer=explorer_path,
        corpus=corpus_path,
        cache=cache,
        public_url=public_url,
    )
    try:
        server = make_server(store, host, port, config, threads=threads)
    except OSError as err:
        fail(f"{host}:{port}: {err.strerror or err}", "Cannot listen")
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO, format="%(message)s")
    bound_host, bound_port = server.server_address[:2]
    bound = str(bound_host)  # a str once bound (typeshed allows bytes in an address to bind to)
    shown = f"[{bound}]" if ":" in bound else bound
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
        close = getattr(store, "close", None)
        if close is not None:
            close()


# --------------------------------------------------------------------------- explorer


def _explore_year_option(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 9999:
        raise click.BadParameter(
            f"{value!r} is not a year: give one such as 2005 (the page then shows 30 June 2005)"
        )
    return int(value)


@click.command("explore")
@click.option(
    "--at",
    "year",
    callback=_explore_year_option,
    metavar="YEAR",
    help="Open the page at this year, as of its 30 June [default: the latest year]. The page "
    "has a year slider either way.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="kk",
    show_default=True,
    help="The language the page opens in (it switches between kk, ru and en).",
)
@click.option(
    "--focus", metavar="ID", help="Select this entity when the page opens, e.g. state/GEO."
)
@click.option(
    "--scope",
    "scope_name",
    default="post-soviet",
    show_default=True,
    metavar="NAME",
    help="The organisations drawn, with their members: post-soviet, world (every Correlates of "
    "War IGO), curated (the curated record alone) — as corpus/scopes.yaml defines them in the "
    "graph — or all (every entity: a large page).",
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
    year: int | None,
    lang: str,
    focus: str | None,
    scope_name: str,
    output: Path,
    graph_path: Path,
) -> None:
    """Write the explorer: one self-contained HTML page (works offline), atomically. It opens
    on one scope, post-soviet by default: the whole graph is some 850 entities.

    \b
    kg explore                                  # build/explorer.html, in Kazakh, post-soviet
    kg explore --at 2009 --lang ru --focus state/GEO -o georgia.html
    kg explore --scope world -o world.html      # every COW IGO: large, physics off
    kg serve                                    # then http://127.0.0.1:8000/explore
    """
    from kg.network.typed import typed
    from kg.web.explorer import explorer_html, with_quote_places

    try:
        store = open_store(selected_store_spec(), graph_path)
        scope = selected_scope(store, scope_name)
        graph = with_quote_places(typed(store, scope=scope), store)  # the quotes' places
        page = explorer_html(graph, lang=lang, year=year, focus=focus, scope=scope)
    except (QueryError, StoreError, ValueError) as err:
        fail(str(err), "Explore failed; nothing written")
    write_atomically(output, page.encode("utf-8"))
    when = f"opening at 30 June {year}" if year is not None else "opening on the latest year"
    err_console.print(
        f"Wrote {output}: --scope {scope.id}, {graph.number_of_nodes()} entities, "
        f"{graph.number_of_edges()} relations ({scope.describe()}), {when}, in {lang}; open it "
        "in a browser (no network needed).",
        highlight=False,
        soft_wrap=True,
    )


# --------------------------------------------------------------------------- static site


@click.command("site")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("build/site"),
    show_default=True,
    help="The folder to write (replaced as a whole once the new one is complete).",
)
@CORPUS_OPTION
@click.option(
    "--explorer/--no-explorer",
    default=True,
    show_default=True,
    help="Put the explorer (post-soviet scope, as `kg explore` draws it) in the site.",
)
@graph_option(store_default="oxigraph")  # thousands of pages: Oxigraph answers in ms
def site_command(output: Path, corpus_path: Path, explorer: bool, graph_path: Path) -> None:
    """Write the resource pages as a static site: an index per entity type, every entity's
    page and data, every corpus text with its evidence, the explorer, and a search that works
    offline. It opens from disk (index.html) or from any static host.

    \b
    kg site                                     # build/site/index.html
    kg site -o /tmp/site --no-explorer
    """
    from kg.web.site import TEXT_LINKS, write_site

    try:
        store = open_store(selected_store_spec(), graph_path)
        page = None
        if explorer:
            from kg.network.typed import typed
            from kg.web.explorer import explorer_html, with_quote_places

            scope = selected_scope(store, "post-soviet")
            drawn = with_quote_places(typed(store, scope=scope), store)
            page = explorer_html(drawn, lang="kk", scope=scope, text_links=TEXT_LINKS)
        report = write_site(store, output, corpus_path, explorer=page)
    except (QueryError, StoreError, ValueError, OSError) as err:
        fail(str(err), "Site failed; nothing written")
    err_console.print(
        f"Wrote {report.output}: {report.entities:,} entity pages and {report.documents} texts "
        f"in kk, ru and en ({report.files:,} files) in {report.seconds:.1f} s; open "
        f"{report.output / 'index.html'} in a browser (no network needed).",
        highlight=False,
        soft_wrap=True,
    )
