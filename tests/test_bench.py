"""The scale benchmark's parts, at a tiny scale and without timing anything (docs/design.md:
speed is measured by ``make bench``, never asserted in tests): the synthetic graph is
deterministic and follows the data model (SHACL shapes, temporal rules), the co-membership
graphs made by matrix products are those of ``project_states``, and ``bench.json`` has its
schema."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from helpers import ROOT

from kg import centrality, network
from kg.build.rules import check_rules
from kg.build.turtle import serialise
from kg.build.validate import load_schema, validate_graph
from kg.facts.records import TextEvidence
from kg.network.projections import Comemberships
from kg.stores.memory import MemoryStore
from kg.vocab import resource


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate = _load("generate")
bench = _load("run")

# With this seed the tiny world has every case: withdrawals from organisations and agreements,
# rejoins, suspensions, observers and associates becoming full members, dissolutions,
# successions, deprecated memberships and signings.
SEED = 3


@pytest.fixture(scope="module")
def world():
    return generate.generate("tiny", SEED)


@pytest.fixture(scope="module")
def world_graph(world):
    return generate.build(world)


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    """Whatever Python's string hashing (sets are never iterated unsorted). End to end: two real
    processes, since the hash seed is fixed when an interpreter starts."""
    outputs = []
    for hash_seed in ("1", "2"):
        output = tmp_path / f"tiny-{hash_seed}.ttl"
        subprocess.run(
            [sys.executable, str(ROOT / "bench/generate.py"), "--scale", "tiny", "-o", str(output)],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        outputs.append(output.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0] == serialise(generate.build(generate.generate("tiny")))
    assert outputs[0] != serialise(generate.build(generate.generate("tiny", seed=2)))


def test_the_tiny_world_conforms_to_the_shapes(world_graph) -> None:
    ontology, shapes = load_schema(ROOT / "ontology")
    assert validate_graph(world_graph, ontology, shapes) == []


def test_the_build_rules_hold(world) -> None:
    assert check_rules(world.facts) == []


def test_no_membership_ends_before_it_starts_and_withdrawals_end_spells(world) -> None:
    facts = world.facts
    for membership in facts.memberships:
        assert membership.end is None or membership.start.value < membership.end.value
        assert (membership.end_cause is None) or membership.end is not None
    live = [m for m in facts.memberships if m.rank != "deprecated"]
    for withdrawal in facts.withdrawals:
        if withdrawal.organisation is None:
            continue
        ended = [
            m
            for m in live
            if (m.member, m.organisation) == (withdrawal.party, withdrawal.organisation)
            and m.end == withdrawal.date
        ]
        assert [m.end_cause for m in ended] == ["withdrawal"], withdrawal.id
    withdrawn = {(w.party, w.organisation, w.date) for w in facts.withdrawals}
    for membership in live:
        if membership.end_cause == "withdrawal":
            assert (membership.member, membership.organisation, membership.end) in withdrawn
    # Spells of one state in one organisation never overlap.
    spells: dict[tuple[str, str], list] = {}
    for membership in live:
        spells.setdefault((membership.member, membership.organisation), []).append(membership)
    for found in spells.values():
        found.sort(key=lambda m: m.start.value)
        for earlier, later in pairwise(found):
            assert earlier.end is not None and earlier.end.value <= later.start.value


def test_the_tiny_world_has_every_case(world) -> None:
    counts = world.counts()
    for name in (
        "memberships_deprecated",
        "memberships_associate",
        "memberships_observer",
        "memberships_open",
        "rejoins",
        "withdrawals",
        "successions",
        "ratifications",
    ):
        assert counts[name] > 0, name
    facts = world.facts
    causes = {m.end_cause for m in facts.memberships}
    assert {"withdrawal", "suspension", "dissolution", None} <= causes
    assert any(w.agreement for w in facts.withdrawals)
    assert any(s.rank == "deprecated" for s in facts.signings)
    assert {m.start.precision for m in facts.memberships} == {"day", "month", "year"}


def test_quotes_are_spans_of_their_texts(world) -> None:
    quotes = [
        evidence
        for relation in world.facts.relations()
        for evidence in relation.evidence
        if isinstance(evidence, TextEvidence)
    ]
    assert quotes
    for quote in quotes:
        text = world.texts[quote.doc]
        assert text[quote.start : quote.end] == quote.exact
        assert text.splitlines()[quote.line - 1] == quote.exact


def test_the_named_query_parameters_name_what_is_there(world) -> None:
    entities = world.facts.entities
    parameters = world.parameters
    assert parameters["members-at"]["org"] in entities
    assert parameters["membership-timeline"]["state"] in entities
    assert parameters["agreement-signatories"]["agreement"] in entities
    assert parameters["claim-evidence"]["claim"] in {m.id for m in world.facts.memberships}


def test_serialise_writes_what_rdflib_writes(world_graph) -> None:
    assert serialise(world_graph) == world_graph.serialize(format="turtle", encoding="utf-8")


def test_comemberships_by_matrix_products_are_those_of_project_states(world_graph) -> None:
    spells = network.memberships(MemoryStore(world_graph), date(1900, 6, 30), date(2014, 6, 30))
    for roles, organisations in ((None, None), (["FullMember"], {"org/igo-0003", "org/igo-0007"})):
        projector = Comemberships(spells, roles, organisations)
        for year in range(1900, 2015, 6):
            day = date(year, 6, 30)
            for weight in network.WEIGHTS:
                affiliation = network.affiliation_graph(spells, day, roles, organisations)
                expected = network.project_states(affiliation, weight, "organisations")
                expected.graph["projection"] = "comembership"
                graph = projector.graph(day, weight)
                assert graph.graph == expected.graph
                assert list(graph.nodes(data=True)) == list(expected.nodes(data=True))
                assert list(graph.edges(data=True)) == list(expected.edges(data=True))
                lean = projector.graph(day, weight, details=False)
                assert list(lean.edges(data=True)) == [
                    (u, v, {k: x for k, x in data.items() if k != "organisations"})
                    for u, v, data in expected.edges(data=True)
                ]
                assert [list(lean.adj[n]) for n in lean] == [
                    list(expected.adj[n]) for n in expected
                ]


def test_bench_json_has_its_schema(world, world_graph, tmp_path: Path) -> None:
    from kg.stores.oxigraph import OxigraphStore

    store = OxigraphStore.from_graph(world_graph)
    entries = bench.named_queries(
        store, world_graph, world.parameters, "full", runs=1, baseline_runs=1, cap=60, slow=1,
        log=lambda message: None,
    )  # fmt: skip
    entries.append(bench.query_suite(entries, "full"))
    entries.append(bench.entry("capped", 0.5, 30.0, "ratio >= 10", True, "", lower_bound=True))
    entries.append(bench.entry("no-baseline", 12.0, None, "peak memory < 4096 MiB", True))
    output = tmp_path / "bench.json"
    bench.write_results(entries, output, tmp_path / "bench.md")
    written = json.loads(output.read_text(encoding="utf-8"))
    assert isinstance(written, list)
    assert [item["name"] for item in written][-2:] == ["capped", "no-baseline"]
    assert {item["name"] for item in written} >= {"query-members-at-full", "query-withdrawals-full"}
    for item in written:
        assert set(bench.REQUIRED) <= set(item)
        assert item["met"] in (True, False, None)
        if item["ours_s"] and item["baseline_s"] is not None:
            assert item["ratio"] == pytest.approx(item["baseline_s"] / item["ours_s"], rel=0.01)
        if item["name"].startswith("query-") and item["name"] != "query-suite-full":
            assert item["goal"] == "ratio >= 20 and ours_s < 0.1"
            assert item["rows"] >= 0
    assert written[-1]["ratio"] is None
    assert "≥ 60" in (tmp_path / "bench.md").read_text(encoding="utf-8")
    assert bench.check_entries(written) == []
    assert bench.check_entries(
        [{"name": "x", "ours_s": 1, "baseline_s": 2, "ratio": 5, "goal": ""}]
    )
    assert bench.check_entries([{"name": "x", "ours_s": 1}])
    with pytest.raises(ValueError, match="malformed"):
        bench.write_results([{"name": "x"}], output, tmp_path / "bench.md")
    assert json.loads(output.read_text(encoding="utf-8")) == written  # left as it was


def test_the_naive_loop_counts_what_kg_network_counts(world_graph) -> None:
    """The baseline computes the same thing as ours, only slower."""
    store = MemoryStore(world_graph)
    for year in (1950, 2000):
        ours = network.comembership(store, network.year_day(year))
        theirs = bench.naive_year(world_graph, year, ["degree", "strength"])
        expected = {
            str(resource(node)): value
            for node, value in centrality.centrality_values(ours, "strength").items()
        }
        assert theirs["strength"] == pytest.approx(expected)
