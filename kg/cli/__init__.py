"""The ``kg`` command: a thin layer over the library. Only this package prints and writes files.

Paths default to the project layout relative to the current folder (``corpus/``, ``ontology/``,
``build/kg.ttl``), so commands are run from the project root. One module per command group,
each registered on ``main`` here: ``graph`` (build, validate, load), ``query`` (query, report),
``network`` (centrality, network), ``corpus`` (the corpus tools), ``web`` (serve, explore).
"""

from __future__ import annotations

import click

from kg.cli.corpus import corpus
from kg.cli.export import export
from kg.cli.graph import build, load, validate
from kg.cli.network import centrality_command, network_command
from kg.cli.query import query, report
from kg.cli.web import explore_command, serve, site_command

__all__ = ["main"]


@click.group()
@click.version_option(package_name="dostastyq")
def main() -> None:
    """Dostastyq: a knowledge graph of the CIS and post-Soviet integration."""


for command in (
    build,
    validate,
    report,
    query,
    load,
    serve,
    centrality_command,
    network_command,
    corpus,
    explore_command,
    site_command,
    export,
):
    main.add_command(command)
