"""Shared fixtures: the project's real graph, built once, a small corpus to break things in, and
the network fixture graph (drawn in helpers.py). Plain helpers are in helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import chromium, offline_page  # noqa: F401 - Debian's Chromium, for browser tests
from helpers import ROOT, write_fixture_corpus, write_mini_corpus
from virtuoso import virtuoso_server  # noqa: F401 - the session's Virtuoso, for the store tests

from kg.build.graph import BuiltGraph, build_graph
from kg.build.pipeline import build_from_sources
from kg.build.rules import check_rules
from kg.build.turtle import serialise
from kg.facts.loader import load_facts
from kg.stores.memory import MemoryStore


@pytest.fixture(scope="session")
def built() -> BuiltGraph:
    """The graph built from the project's own facts, corpus and ontology (validated)."""
    return build_from_sources(ROOT / "corpus/facts", ROOT / "corpus", ROOT / "ontology")


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
