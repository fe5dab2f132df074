"""The named queries: right answers on a small world that has every case (deprecated claims,
successions, withdrawals from organisations and agreements, precisions, labels in three
languages), and the same rows on every backend - memory, Oxigraph and a real Virtuoso - for the
fixture world and for the project's own graph.

``WORLD`` (in helpers.py) is written in the data model of docs/design.md (it passes the project's
SHACL shapes), so the queries are tested on the shapes the build writes, including the cases the
curated data does not have yet. `kg query --list` and `kg load` run in-process.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterator, Mapping
from unittest import mock

import pytest
from helpers import ROOT, kg, world_graph
from rdflib import Graph, Literal, Variable
from virtuoso import load_graph

from kg.build.validate import load_schema, validate_graph
from kg.queries.named import NamedQuery, bind_parameters, list_queries, run_named_query
from kg.stores.base import GraphResult, QueryResult, Store, normalise_term
from kg.stores.endpoint import EndpointStore
from kg.stores.memory import MemoryStore
from kg.stores.oxigraph import OxigraphStore
from kg.vocab import display

QUERIES = {query.name: query for query in list_queries()}


@pytest.fixture(scope="session")
def world() -> Graph:
    return world_graph()


def rows(result: QueryResult | GraphResult) -> list[tuple[str, ...]]:
    """Rows as display values (``state/AAA``, ``FullMember``, ``1992-01-01``)."""
    assert isinstance(result, QueryResult)
    return [tuple(display(term) for term in row) for row in result.rows]


def column(result: QueryResult | GraphResult, name: str) -> list[str]:
    assert isinstance(result, QueryResult)
    return [display(term) for term in result.column(name)]


def run(store: Store, name: str, **values: str) -> QueryResult:
    result = run_named_query(store, QUERIES[name], values)
    assert isinstance(result, QueryResult)
    return result


# --------------------------------------------------------------------------- the fixture world


def test_the_world_follows_the_data_model(world: Graph) -> None:
    ontology, shapes = load_schema(ROOT / "ontology")
    assert validate_graph(world, ontology, shapes) == []


def test_every_named_query_is_listed_with_its_parameters() -> None:
    expected = {
        "members-at", "membership-timeline", "agreement-signatories", "founded-by",
        "withdrawals", "succession-chains", "co-membership-at", "claim-evidence",
        "disputed-claims", "entities-by-name", "states-at",
    }  # fmt: skip
    assert expected <= set(QUERIES)
    listing = kg("query", "--list")
    assert listing.returncode == 0, listing.stderr
    flat = " ".join(listing.stdout.split())
    for name in expected:
        assert name in flat
        for example in QUERIES[name].examples:
            # every example is a command that parses and names only declared parameters
            bind_parameters(QUERIES[name], example_values(example))


def example_values(example: str) -> dict[str, str]:
    words = shlex.split(example)
    return dict(
        words[i + 1].split("=", 1) for i, word in enumerate(words[:-1]) if word in ("-p", "--param")
    )


@pytest.mark.parametrize(
    ("day", "members"),
    [
        ("1991-12-31", []),
        ("1992-01-01", ["state/AAA"]),  # the joining day counts
        ("1993-05-01", ["state/AAA", "state/BBB"]),  # month precision: its first day
        ("1995-01-01", ["state/AAA", "state/BBB", "state/CCC"]),  # observers are listed
        ("2005-03-09", ["state/AAA", "state/BBB", "state/CCC"]),
        ("2005-03-10", ["state/AAA", "state/CCC"]),  # the leaving day does not
    ],
)
def test_members_at(world: Graph, day: str, members: list[str]) -> None:
    result = run(MemoryStore(world), "members-at", org="org/one", date=day)
    assert sorted(column(result, "member")) == members


def test_membership_timeline(world: Graph) -> None:
    result = run(MemoryStore(world), "membership-timeline", state="state/BBB", lang="kk")
    assert rows(result) == [
        ("org/one", "Бірінші Одақ", "FullMember", "1993-05-01", "Month", "2005-03-10", "Day",
         "Withdrawal", "membership/BBB-one-1993", "Preferred", ""),
        ("org/two", "Екінші Одақ", "AssociateMember", "2001-01-01", "Day", "2004-01-01", "Day",
         "", "membership/BBB-two-2001", "Normal", ""),
    ]  # fmt: skip
    # the deprecated 1994 claim is not part of the record
    assert "membership/BBB-one-1994" not in column(result, "membership")


def test_agreement_signatories(world: Graph) -> None:
    result = run(MemoryStore(world), "agreement-signatories", agreement="agreement/pact")
    assert rows(result) == [
        ("state/AAA", "Alpha", "1992-01-01", "Day", "place/town", "Town", "person/signer",
         "Signer", "signing/pact-AAA", "Normal", ""),
        ("state/BBB", "Beta", "1992-01-01", "Day", "place/town", "Town", "", "",
         "signing/pact-BBB", "Normal", ""),
    ]  # fmt: skip
    kazakh = run(MemoryStore(world), "agreement-signatories", agreement="agreement/pact", lang="kk")
    assert column(kazakh, "placeLabel") == ["Қала", "Қала"]
    assert column(kazakh, "representativeLabel") == ["", ""]  # no Kazakh label: left empty


def test_founded_by(world: Graph) -> None:
    result = run(MemoryStore(world), "founded-by", state="state/AAA")
    assert rows(result) == [
        ("org/one", "Union One", "1992-01-01", "Day", "agreement/pact", "Pact", "place/town",
         "Town", "founding/one", "Normal", ""),
        ("org/two", "Union Two", "2000-01-01", "Month", "", "", "", "", "founding/two", "Normal",
         ""),
    ]  # fmt: skip
    assert column(run(MemoryStore(world), "founded-by", state="state/BBB"), "organisation") == [
        "org/one"
    ]
    assert run(MemoryStore(world), "founded-by", state="state/CCC").rows == ()


def test_withdrawals_from_organisations_and_agreements(world: Graph) -> None:
    result = run(MemoryStore(world), "withdrawals")
    assert rows(result) == [
        ("state/CCC", "Gamma <script>alert('gamma')</script> & Co", "agreement/pact", "Pact",
         "1996-01-01", "Year", "", "withdrawal/CCC-pact", "Normal", ""),
        ("state/BBB", "Beta", "org/one", "Union One", "2005-03-10", "Day", "2004-09-10",
         "withdrawal/BBB-one", "Normal", ""),
    ]  # fmt: skip


def test_succession_chains_follow_the_curated_steps_only(world: Graph) -> None:
    result = run(MemoryStore(world), "succession-chains")
    assert [(r[0], r[2], r[4], r[6], r[7]) for r in rows(result)] == [
        ("org/one", "org/one", "org/two", "Renamed", "2000-01-01"),
        ("org/one", "org/two", "org/three", "Merged", "2010-06-01"),
    ]  # the deprecated one -> three step is not a step, and org/two starts no chain


def test_co_membership_counts(world: Graph) -> None:
    store = MemoryStore(world)
    on_2002 = run(store, "co-membership-at", date="2002-01-01")
    assert [(r[0], r[2], r[4]) for r in rows(on_2002)] == [
        ("state/AAA", "state/BBB", "2"),  # org/one and org/two
        ("state/AAA", "state/CCC", "1"),
        ("state/BBB", "state/CCC", "1"),
    ]
    on_2004 = run(store, "co-membership-at", date="2004-01-01")  # BBB's associate spell ended
    assert next((r[0], r[2], r[4]) for r in rows(on_2004)) == ("state/AAA", "state/BBB", "1")
    assert run(store, "co-membership-at", date="1991-01-01").rows == ()


def test_co_membership_agrees_with_kg_network(world: Graph) -> None:
    from datetime import date

    from kg import network

    store = MemoryStore(world)
    for day in ("1995-06-30", "2002-01-01", "2004-01-01", "2006-01-01"):
        graph = network.comembership(store, date.fromisoformat(day))
        from_network = {
            tuple(sorted((a, b))): data["weight"] for a, b, data in graph.edges(data=True)
        }
        from_query = {
            (r[0], r[2]): int(r[4]) for r in rows(run(store, "co-membership-at", date=day))
        }
        assert from_query == from_network, day


def test_claim_evidence_text_and_external(world: Graph) -> None:
    result = run(MemoryStore(world), "claim-evidence", claim="membership/AAA-one-1992")
    assert rows(result) == [
        ("evidence/ext-1", "", "", "", "", "", "https://example.org/record",
         "The record of the unions", "Normal", "", "", ""),
        ("evidence/001-0-24", "doc/t1", "Әлфа Бірінші Одаққа кірді", "0", "24", "1", "", "",
         "Normal", "", "", ""),
    ]  # fmt: skip


def test_disputed_claims_beside_the_curated_record(world: Graph) -> None:
    result = run(MemoryStore(world), "disputed-claims")
    found = {
        (r["claim"], r["type"], r["about"], r["with"], r["claimedDate"], r["curated"],
         r["curatedDate"])
        for r in records(result)
    }  # fmt: skip
    assert found == {
        ("membership/BBB-one-1994", "Membership", "state/BBB", "org/one", "1994-01-01",
         "membership/BBB-one-1993", "1993-05-01"),
        ("signing/pact-CCC-wrong", "Signing", "state/CCC", "agreement/pact", "1992-01-02", "", ""),
        ("succession/one-three-wrong", "Succession", "org/one", "org/three", "", "", ""),
    }  # fmt: skip
    by_claim = {r["claim"]: r for r in records(result)}
    assert by_claim["membership/BBB-one-1994"]["quote"] == "1994 жылы Бета қосылды"
    assert by_claim["membership/BBB-one-1994"]["document"] == "doc/t1"
    assert by_claim["signing/pact-CCC-wrong"]["note"] == "Gamma did not sign the Pact."
    # the disputed claim's rank, and the curated claim's rank and (here: no) note
    assert {r["rank"] for r in by_claim.values()} == {"Deprecated"}
    assert by_claim["membership/BBB-one-1994"]["curatedRank"] == "Preferred"
    assert by_claim["membership/BBB-one-1994"]["curatedNote"] == ""
    assert by_claim["signing/pact-CCC-wrong"]["curatedRank"] == ""


def records(result: QueryResult) -> list[dict[str, str]]:
    return [dict(zip(result.columns, row, strict=True)) for row in rows(result)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("одақ", {("org/one", "Бірінші Одақ"), ("org/two", "Екінші Одақ"),
                  ("org/three", "Үшінші Одақ")}),
        ("ӘЛФА", {("state/AAA", "Әлфа")}),  # case-insensitive, Kazakh letters included
        ("бо", {("org/one", "БО")}),  # an other name (skos:altLabel)
        ("союз", {("org/one", "Первый Союз"), ("org/two", "Второй Союз")}),
        ("u1", {("org/one", "U1")}),  # English names too, other names included
        ("ALPHA", {("state/AAA", "Alpha")}),
        ("альф", {("state/AAA", "Альфа")}),
        ("zeta", set()),
    ],
)  # fmt: skip
def test_entities_by_name(world: Graph, text: str, names: set[tuple[str, str]]) -> None:
    result = run(MemoryStore(world), "entities-by-name", text=text)
    assert {(r[0], r[2]) for r in rows(result)} == names


def test_values_binding_means_what_rdflib_init_bindings_means(world: Graph) -> None:
    """The VALUES block (every backend) and rdflib's own initBindings give the same rows."""
    for query, values in cases(world):
        bindings = bind_parameters(query, values)
        ours = MemoryStore(world).query(query.text, bindings)
        theirs = world.query(query.text, initBindings={Variable(k): v for k, v in bindings.items()})
        assert isinstance(ours, QueryResult)
        assert rows(ours) == [
            tuple(display(normalise_term(term)) for term in row) for row in theirs
        ], query.name


# --------------------------------------------------------------------------- parity


def cases(graph: Graph) -> Iterator[tuple[NamedQuery, dict[str, str]]]:
    """Every named query with the parameters of its examples and more, in both languages."""
    extra: Mapping[str, list[dict[str, str]]] = {
        "members-at": [
            {"org": "org/one", "date": "1995-01-01", "lang": "kk"},
            {"org": "org/cis", "date": "2010-01-01", "lang": "ru"},
            {"org": "org/cis", "date": "1992-06-01"},
        ],
        "membership-timeline": [{"state": "state/BBB", "lang": "kk"}, {"state": "state/TKM"}],
        "agreement-signatories": [{"agreement": "agreement/pact", "lang": "kk"}],
        "founded-by": [{"state": "state/AAA"}, {"state": "state/KAZ", "lang": "ru"}],
        "withdrawals": [{}, {"lang": "ru"}],
        "succession-chains": [{"lang": "kk"}],
        "co-membership-at": [{"date": "2002-01-01"}, {"date": "1995-06-30", "lang": "kk"}],
        "claim-evidence": [
            {"claim": "membership/AAA-one-1992"},
            {"claim": "membership/BBB-one-1994"},
        ],
        "disputed-claims": [{"lang": "kk"}],
        "entities-by-name": [{"text": "одақ"}, {"text": "ТМД"}, {"text": "ресей"}],
    }
    for query in QUERIES.values():
        seen: list[dict[str, str]] = []
        for values in [example_values(e) for e in query.examples] + list(extra.get(query.name, [])):
            if values not in seen:
                seen.append(values)
                yield query, values


Answers = list[tuple[str, dict[str, str], QueryResult]]


def answers(store: Store, graph: Graph) -> Answers:
    found = []
    for query, values in cases(graph):
        result = run_named_query(store, query, values)
        assert isinstance(result, QueryResult)
        found.append((query.name, values, result))
    return found


def assert_same_answers(expected: Answers, other: Store, graph: Graph) -> int:
    """Every named query gives the same columns and rows, in the same order, on ``other`` as
    in ``expected`` (the memory store's answers)."""
    compared = 0
    for (name, values, wanted), (_, _, got) in zip(expected, answers(other, graph), strict=True):
        assert got.columns == wanted.columns, (name, values)
        assert got.rows == wanted.rows, (name, values, other.description)
        compared += 1
    return compared


@pytest.fixture(scope="session")
def project_graph(built) -> Graph:
    return built.graph


@pytest.fixture(scope="session")
def world_answers(world: Graph) -> Answers:
    """The memory store's answers on the world: what every other backend must give."""
    return answers(MemoryStore(world), world)


@pytest.fixture(scope="session")
def project_answers(project_graph: Graph) -> Answers:
    return answers(MemoryStore(project_graph), project_graph)


def test_oxigraph_gives_the_same_rows_as_memory_on_the_world(world, world_answers) -> None:
    assert assert_same_answers(world_answers, OxigraphStore.from_graph(world), world) > 20


def test_oxigraph_gives_the_same_rows_as_memory_on_the_project_graph(
    project_graph, project_answers
) -> None:
    oxigraph = OxigraphStore.from_graph(project_graph)
    assert assert_same_answers(project_answers, oxigraph, project_graph) > 20


def test_an_oxigraph_store_on_disk_gives_the_same_rows(world, world_answers, tmp_path) -> None:
    source = tmp_path / "world.ttl"
    source.write_text(world.serialize(format="turtle"), encoding="utf-8")
    folder = tmp_path / "oxigraph"
    assert OxigraphStore.create(folder, source) == len(world)
    assert assert_same_answers(world_answers, OxigraphStore.open(folder), world) > 20


# --------------------------------------------------------------------------- Virtuoso


@pytest.fixture(scope="session")
def virtuoso_graphs(virtuoso_server, world, project_graph, tmp_path_factory) -> dict[str, str]:
    """The world and the project graph loaded into Virtuoso by `kg load`, each in its own
    named graph; the query URL for each."""
    folder = tmp_path_factory.mktemp("virtuoso-data")
    urls = {}
    for name, graph in (("world", world), ("project", project_graph)):
        source = folder / f"{name}.ttl"
        source.write_text(graph.serialize(format="turtle"), encoding="utf-8")
        urls[name] = load_graph(virtuoso_server, source, name)
    return urls


@pytest.mark.virtuoso
def test_virtuoso_gives_the_same_rows_as_memory_on_the_world(
    virtuoso_graphs, world, world_answers
) -> None:
    store = EndpointStore(virtuoso_graphs["world"])
    assert assert_same_answers(world_answers, store, world) > 20


@pytest.mark.virtuoso
def test_virtuoso_gives_the_same_rows_as_memory_on_the_project_graph(
    virtuoso_graphs, project_graph, project_answers
) -> None:
    store = EndpointStore(virtuoso_graphs["project"])
    assert assert_same_answers(project_answers, store, project_graph) > 20


@pytest.mark.virtuoso
def test_virtuoso_holds_exactly_the_loaded_graph(virtuoso_graphs, project_graph) -> None:
    """What `kg load` put into Virtuoso comes back triple for triple: language tags, dates,
    derived integer types and long Kazakh quotes included."""
    back = EndpointStore(virtuoso_graphs["project"]).as_graph()
    normalised = {tuple(normalise_term(t) for t in triple) for triple in project_graph}
    assert {tuple(normalise_term(t) for t in triple) for triple in back} == normalised
    languages = {o.language for _, _, o in back if isinstance(o, Literal) and o.language}
    assert {"en", "kk", "ru"} <= languages


@pytest.mark.virtuoso
def test_load_through_the_graph_store_protocol(
    virtuoso_server, world, world_answers, tmp_path
) -> None:
    source = tmp_path / "world.ttl"
    source.write_text(world.serialize(format="turtle"), encoding="utf-8")
    iri = "https://w3id.org/dostastyq/graph/test-gsp"
    env = {"KG_STORE_USER": virtuoso_server.user, "KG_STORE_PASSWORD": virtuoso_server.password}
    with mock.patch.dict(os.environ, env):
        target = EndpointStore(f"{virtuoso_server.graph_store_url}?default-graph-uri={iri}")
        assert target.load(source, via="gsp") == len(world)
    store = EndpointStore(f"{virtuoso_server.sparql_url}?default-graph-uri={iri}")
    assert assert_same_answers(world_answers, store, world) > 20


def test_states_at_follows_the_time_rule_and_the_best_rank(store: Store) -> None:
    """On the curated graph (corpus/facts/statehood.yaml, dates by hand from the acts): the USSR
    ends on 26 December 1991, so it is listed on the 25th and not on the 26th; Kazakhstan's act
    of independence took effect on 16 December 1991."""
    on_25th = column(run(store, "states-at", date="1991-12-25"), "state")
    on_26th = column(run(store, "states-at", date="1991-12-26"), "state")
    assert "state/SUN" in on_25th and "state/SUN" not in on_26th
    assert "state/KAZ" in on_25th and "state/KAZ" not in column(
        run(store, "states-at", date="1991-12-15"), "state"
    )
    assert "state/UKR" in on_26th and "state/UKR" not in column(
        run(store, "states-at", date="1991-08-23"), "state"
    )
    assert len(on_25th) == len(set(on_25th))  # one spell a state counts on a day


def test_entities_by_name_finds_english_names_in_the_record(store: Store) -> None:
    """On the curated graph (corpus/facts/states.yaml: Kazakhstan's English label; the CIS's
    English other name CIS), in any case, beside the Kazakh and Russian names."""
    english = {(r[0], r[2], r[3]) for r in rows(run(store, "entities-by-name", text="KAZAKHSTAN"))}
    assert ("state/KAZ", "Kazakhstan", "en") in english
    assert ("org/cis", "CIS", "en") in {
        (r[0], r[2], r[3]) for r in rows(run(store, "entities-by-name", text="cis"))
    }
    kazakh = {(r[0], r[3]) for r in rows(run(store, "entities-by-name", text="қазақстан"))}
    assert ("state/KAZ", "kk") in kazakh
