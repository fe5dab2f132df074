"""The data sheet's counts are the build's counts, and its promises hold."""

from __future__ import annotations

from helpers import ROOT

from kg.report import STATS_BEGIN, STATS_END, statistics_markdown
from kg.stores.memory import MemoryStore


def test_datasheet_counts_match_the_build(store: MemoryStore) -> None:
    text = (ROOT / "corpus/README.md").read_text(encoding="utf-8")
    section = text.split(STATS_BEGIN, 1)[1].split(STATS_END, 1)[0].strip()
    assert section == statistics_markdown(store).strip(), (
        "corpus/README.md is stale: run `make datasheet`"
    )
