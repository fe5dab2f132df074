"""Shared fixtures: the project's real graph, built once, and a small corpus to break things in."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from browser import chromium, offline_page  # noqa: F401 - Debian's Chromium, for browser tests
from virtuoso import virtuoso_server  # noqa: F401 - the session's Virtuoso, for the store tests

from kg.build.graph import BuiltGraph
from kg.build.pipeline import build_from_sources
from kg.stores.memory import MemoryStore

ROOT = Path(__file__).resolve().parents[1]

MINI_TEXT = (
    "1991 ж. желтоқсанның 8-інде Беловежде Ресей, Беларусь және Украина басшылары келісімге "
    "қол қойды.\n"
    "1993 жылғы желтоқсанда Достастыққа Грузия қосылды, ал 2009 жылғы 18 тамызда "
    "аталған  бірлестіктен шықты.\n"
    "Грузия қосылды.\n"
)


@pytest.fixture(scope="session")
def built() -> BuiltGraph:
    """The graph built from the project's own facts, corpus and ontology (validated)."""
    return build_from_sources(ROOT / "corpus/facts", ROOT / "corpus", ROOT / "ontology")


@pytest.fixture(scope="session")
def store(built: BuiltGraph) -> MemoryStore:
    return MemoryStore(built.graph)


def write_mini_corpus(corpus: Path) -> Path:
    """Make ``corpus`` a corpus folder with one document, ``t1_mini``, whose text is
    ``MINI_TEXT``, and an empty ``facts/``."""
    (corpus / "texts").mkdir(parents=True)
    (corpus / "facts").mkdir()
    (corpus / "texts" / "t1_mini.txt").write_text(MINI_TEXT, encoding="utf-8")
    (corpus / "manifest.yaml").write_text(
        textwrap.dedent(
            """\
            documents:
              - id: t1_mini
                title: A test text
                kind: test
                language: kk
                date: "2020"
                covers: Two sentences about the CIS.
            """
        ),
        encoding="utf-8",
    )
    return corpus


@pytest.fixture
def mini_corpus(tmp_path: Path) -> Path:
    """A corpus folder with one document, ``t1_mini``, whose text is ``MINI_TEXT``."""
    return write_mini_corpus(tmp_path / "corpus")
