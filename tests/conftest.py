"""Shared fixtures: the project's real graph, built once, a small corpus to break things in, and
the network fixture graph (drawn in helpers.py). Plain helpers are in helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import chromium, offline_page  # noqa: F401 - Debian's Chromium, for browser tests
from helpers import ROOT, kg_process, write_fixture_corpus, write_mini_corpus
from serving import server, service, strict_service, world_corpus, world_file  # noqa: F401 - for kg serve tests
from virtuoso import virtuoso_server  # noqa: F401 - the session's Virtuoso, for the store tests

from kg.build.graph import BuiltGraph, build_graph
from kg.build.pipeline import build_from_sources
from kg.build.rules import check_rules
from kg.build.turtle import serialise
from kg.facts.loader import load_facts
from kg.stores.memory import MemoryStore
from kg.stores.oxigraph import OxigraphStore


@pytest.fixture(scope="session")
def built() -> BuiltGraph:
    """The curated graph built from the project's own facts, corpus, ontology and scopes
    (validated), without the world layer: most tests are about the curated record."""
    return build_from_sources(
        ROOT / "corpus/facts", ROOT / "corpus", ROOT / "ontology",
        scopes_file=ROOT / "corpus/scopes.yaml",
    )  # fmt: skip


@pytest.fixture(scope="session")
def world_ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's graph as the real `kg build` process writes it (the curated record, the
    Correlates of War world layer and the scopes, validated against the shapes by that build),
    in a temporary folder: built once per session, end to end."""
    output = tmp_path_factory.mktemp("world") / "kg.ttl"
    result = kg_process("build", "-o", output)
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="session")
def world_built() -> BuiltGraph:
    """The same graph built in-process, for the tests that read it as rdflib triples. Built
    without SHACL (a third of the time): the process build of ``world_ttl`` validates this very
    graph, and test_cli.py checks that the two give the same bytes."""
    return build_from_sources(
        ROOT / "corpus/facts", ROOT / "corpus", ROOT / "ontology", validate=False,
        world_dir=ROOT / "corpus/external/cow-igo-v3", scopes_file=ROOT / "corpus/scopes.yaml",
    )  # fmt: skip


@pytest.fixture(scope="session")
def world_store(world_built: BuiltGraph) -> OxigraphStore:
    """The whole graph in Oxigraph (fast enough for the world-scale queries)."""
    return OxigraphStore.from_graph(world_built.graph)


@pytest.fixture(scope="session")
def store(built: BuiltGraph) -> MemoryStore:
    return MemoryStore(built.graph)


@pytest.fixture
def mini_corpus(tmp_path: Path) -> Path:
    """A corpus folder with one document, ``t1_mini``, whose text is ``MINI_TEXT``."""
    return write_mini_corpus(tmp_path / "corpus")


# --------------------------------------------------------------------------- the network fixture


@pytest.fixture(scope="session")
def fixture_built(tmp_path_factory: pytest.TempPathFactory) -> BuiltGraph:
    """The network fixture of helpers.py (``fixture_facts``), built."""
    corpus = write_fixture_corpus(tmp_path_factory.mktemp("network") / "corpus")
    facts = load_facts(corpus / "facts", corpus)
    assert not check_rules(facts), "the fixture should obey the build's temporal rules"
    return build_graph(facts)


@pytest.fixture(scope="session")
def fixture_store(fixture_built: BuiltGraph) -> MemoryStore:
    return MemoryStore(fixture_built.graph)


@pytest.fixture(scope="session")
def fixture_ttl(fixture_built: BuiltGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("network-graph") / "kg.ttl"
    path.write_bytes(serialise(fixture_built.graph))
    return path
