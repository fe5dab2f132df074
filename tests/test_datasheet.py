"""The data sheet's generated sections are the build's, and its promises hold.

Both sections are checked against the whole graph as `kg build` makes it (the session's
``world_store``, built once and shared with the world-layer tests; in Oxigraph the two reports
take a few seconds), since that is the graph `make datasheet` reads: the counts of the curated
record within it, and its reconciliation with the Correlates of War.
"""

from __future__ import annotations

from collections import Counter

from helpers import ROOT

from kg.build.world import IGO_CITATION
from kg.report import (
    RECONCILE_BEGIN,
    RECONCILE_END,
    STATS_BEGIN,
    STATS_END,
    entity_counts,
    reconciliation_section,
    relation_counts,
    statistics_markdown,
)
from kg.stores.memory import MemoryStore
from kg.stores.oxigraph import OxigraphStore

STALE = "corpus/README.md is stale: run `make datasheet`"


def _section(begin: str, end: str) -> str:
    text = (ROOT / "corpus/README.md").read_text(encoding="utf-8")
    return text.split(begin, 1)[1].split(end, 1)[0].strip()


def test_datasheet_counts_match_the_build(world_store: OxigraphStore) -> None:
    assert _section(STATS_BEGIN, STATS_END) == statistics_markdown(world_store).strip(), STALE


def test_the_counts_are_the_curated_records(store: MemoryStore, world_store: OxigraphStore) -> None:
    # The world layer's entities and claims are left out: the curated record built alone has
    # the same entities and relation nodes; only ranks move (curated claims about a pair COW
    # also codes are preferred in the whole graph).
    assert entity_counts(world_store) == entity_counts(store)

    def by_kind(store: MemoryStore | OxigraphStore) -> Counter[tuple[str, bool]]:
        counts: Counter[tuple[str, bool]] = Counter()
        for c in relation_counts(store):
            counts[c.kind, c.rank == "Deprecated"] += c.nodes
        return counts

    assert by_kind(world_store) == by_kind(store)


def test_datasheet_reconciliation_matches_the_build(world_store: OxigraphStore) -> None:
    expected = reconciliation_section(world_store)
    assert expected is not None
    section = _section(RECONCILE_BEGIN, RECONCILE_END)
    assert section == expected.strip(), STALE
    # COW's terms ask users to cite it: the full citation stays in the data sheet.
    assert " ".join(IGO_CITATION.split()) in " ".join(section.split())
    assert "| **all** |" in section and "**agrees**" in section


def test_a_curated_graph_has_no_reconciliation(store: MemoryStore) -> None:
    assert reconciliation_section(store) is None
