"""Curated statehood (issue 12, point 4): the USSR's spell and the post-Soviet states'
independence, beside COW's state-system spells; the loader's and the build's refusals.

The golden table was written by hand from the acts themselves (the Constitutional Law of
Kazakhstan of 16 December 1991 No. 1007-XII, Ukraine's Act of 24 August 1991 and Resolution
No. 1427-XII, Georgia's Act of Restoration of 9 April 1991, Azerbaijan's Constitutional Act of
18 October 1991 No. 222-XII, ...) and Declaration 142-N of 26 December 1991, not from our YAML.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from helpers import BASE, ROOT, write_facts

from kg.build.graph import build_graph
from kg.build.rules import check_rules, check_world_rules
from kg.build.validate import load_schema, validate_graph
from kg.build.world import load_world
from kg.facts.loader import load_facts
from kg.facts.records import FactErrors
from kg.stores.memory import MemoryStore
from kg.stores.oxigraph import OxigraphStore
from kg.vocab import DQ, DQR, display
from kg.world import Statehood as WorldStatehood

PREFIXES = """PREFIX dq: <https://w3id.org/dostastyq/ontology#>
PREFIX dqr: <https://w3id.org/dostastyq/id/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

# state -> the day its act of independence took effect (the USSR: its formation and its end).
INDEPENDENCE = {
    "state/GEO": "1991-04-09",  # Act of Restoration of State Independence
    "state/UKR": "1991-08-24",  # Act of Declaration of Independence
    "state/BLR": "1991-08-25",  # Declaration of Sovereignty given constitutional status
    "state/MDA": "1991-08-27",  # Declaration of Independence
    "state/UZB": "1991-08-31",  # Supreme Council's statement and law on independence
    "state/KGZ": "1991-08-31",  # Declaration of State Independence
    "state/TJK": "1991-09-09",  # Statement on State Independence
    "state/ARM": "1991-09-23",  # Supreme Council's declaration after the referendum of 21 Sep
    "state/AZE": "1991-10-18",  # Constitutional Act on State Independence
    "state/TKM": "1991-10-27",  # Supreme Soviet's declaration after the referendum of 26 Oct
    "state/KAZ": "1991-12-16",  # Constitutional Law on State Independence
}
# Left to COW on purpose (corpus/facts/statehood.yaml's header says why).
LEFT_TO_COW = ("state/RUS", "state/EST", "state/LVA", "state/LTU")


def _select(
    store: MemoryStore | OxigraphStore, text: str, state: str | None = None
) -> list[tuple[str, ...]]:
    """The rows as text; ``?state`` bound to ``state`` when given."""
    answer = store.query(PREFIXES + text, {"state": DQR[state]} if state else None)
    return [tuple(display(term) for term in row) for row in answer.rows]  # type: ignore[union-attr]


def _curated_spells(store: MemoryStore | OxigraphStore, state: str) -> list[tuple[str, ...]]:
    """(start, start precision, end, rank) of the spells of ``state`` whose evidence cites no
    dataset, best first."""
    return _select(
        store,
        f"""SELECT ?start ?precision ?end ?rank WHERE {{
          ?s a dq:Statehood ; dq:state <{DQR[state]}> ; dq:start ?start ;
             dq:startPrecision ?precision ; dq:rank ?rank .
          OPTIONAL {{ ?s dq:end ?end }}
          FILTER NOT EXISTS {{ ?s prov:wasDerivedFrom/dcterms:source/a dq:Dataset }}
        }} ORDER BY ?start""",
    )


# --------------------------------------------------------------------------- the real record


def test_the_ussr_ends_on_26_december_1991_in_the_curated_graph(store: MemoryStore) -> None:
    rows = _select(
        store,
        """SELECT ?start ?startPrecision ?end ?endPrecision WHERE {
          ?s a dq:Statehood, dq:BestRank ; dq:state ?state ;
             dq:start ?start ; dq:startPrecision ?startPrecision ;
             dq:end ?end ; dq:endPrecision ?endPrecision }""",
        state="state/SUN",
    )
    assert rows == [("1922-12-30", "Day", "1991-12-26", "Day")]


def test_the_ussr_was_a_state_on_25_december_and_not_on_26(store: MemoryStore) -> None:
    # dq:end is the first day no longer a state (the membership time rule).
    def states_on(day: str) -> set[str]:
        rows = _select(
            store,
            f"""SELECT ?state WHERE {{ ?s a dq:Statehood, dq:BestRank ; dq:state ?state ;
              dq:start ?start . OPTIONAL {{ ?s dq:end ?end }}
              FILTER (?start <= "{day}"^^xsd:date && (!BOUND(?end) || "{day}"^^xsd:date < ?end))
            }}""",
        )
        return {row[0] for row in rows}

    assert "state/SUN" in states_on("1991-12-25")
    assert "state/SUN" not in states_on("1991-12-26")
    # The curated graph's states on a day: on 20 December 1991 the USSR and all eleven (the last
    # act, Kazakhstan's, took effect on 16 December); on 15 December all but Kazakhstan; on
    # 8 April 1991, the day before Georgia's act, the USSR alone.
    assert states_on("1991-12-20") == {"state/SUN", *INDEPENDENCE}
    assert states_on("1991-12-15") == {"state/SUN", *INDEPENDENCE} - {"state/KAZ"}
    assert states_on("1991-04-08") == {"state/SUN"}


@pytest.mark.parametrize(("state", "day"), INDEPENDENCE.items(), ids=list(INDEPENDENCE))
def test_independence_day_of_each_post_soviet_state(store: MemoryStore, state, day) -> None:
    assert _curated_spells(store, state) == [(day, "Day", "", "Normal")]


def test_states_left_to_cow_have_no_curated_spell(store: MemoryStore) -> None:
    for state in LEFT_TO_COW:
        assert _curated_spells(store, state) == [], state


def test_kazakhstans_independence_counts_and_cows_entry_stays(world_store) -> None:
    rows = _select(
        world_store,
        """SELECT ?start ?rank ?best ?source WHERE {
          ?s a dq:Statehood ; dq:state ?state ; dq:start ?start ; dq:rank ?rank ;
             prov:wasDerivedFrom/dcterms:source ?source .
          BIND (EXISTS { ?s a dq:BestRank } AS ?best) } ORDER BY ?start""",
        state="state/KAZ",
    )
    counted = {(start, rank, best) for start, rank, best, _ in rows}
    assert counted == {("1991-12-16", "Preferred", "true"), ("1991-12-26", "Normal", "false")}
    cow = {source for start, _, _, source in rows if start == "1991-12-26"}
    assert cow == {"source/cow-states-2016"}


def test_the_ussr_has_one_spell_that_counts_in_the_world_graph(world_store) -> None:
    rows = _select(
        world_store,
        """SELECT ?start ?end ?rank WHERE { ?s a dq:Statehood, dq:BestRank ;
          dq:state ?state ; dq:start ?start ; dq:end ?end ; dq:rank ?rank }""",
        state="state/SUN",
    )
    assert rows == [("1922-12-30", "1991-12-26", "Preferred")]


def test_russia_keeps_cows_two_spells_as_what_counts(world_store) -> None:
    rows = _select(
        world_store,
        """SELECT ?start WHERE { ?s a dq:Statehood, dq:BestRank ; dq:state ?state ;
          dq:start ?start } ORDER BY ?start""",
        state="state/RUS",
    )
    assert rows == [("1917-11-08",), ("1991-12-26",)]


@pytest.fixture(scope="module")
def world_spells() -> tuple[WorldStatehood, ...]:
    return load_world(ROOT / "corpus/external/cow-igo-v3").statehoods


def test_the_curated_spells_silence_no_cow_spell(world_spells) -> None:
    facts = load_facts(ROOT / "corpus/facts", ROOT / "corpus")
    assert check_world_rules(facts, world_spells) == []


# --------------------------------------------------------------------------- the format

GOOD = """\
statehoods:
  - state: state/GEO
    start: 1991-04-09
    evidence:
      - source: https://example.org/act
        citation: An act of independence
"""  # lines 41-46 after BASE (BASE has 40 lines)


def _facts_file(corpus: Path) -> Path:
    return corpus / "facts" / "facts.yaml"


def errors_for(corpus: Path, text: str) -> list[str]:
    write_facts(corpus, text)
    with pytest.raises(FactErrors) as caught:
        load_facts(corpus / "facts", corpus)
    return [str(error).replace(f"{_facts_file(corpus)}:", "", 1) for error in caught.value.errors]


def test_a_statehood_becomes_a_record_and_a_node_that_conforms(mini_corpus: Path) -> None:
    text = BASE + GOOD.replace("start: 1991-04-09", "start: 1991-04-09\n    end: 2030-01")
    write_facts(mini_corpus, text)
    facts = load_facts(mini_corpus / "facts", mini_corpus)
    (spell,) = facts.statehoods
    assert spell.id == "statehood/GEO-1991"
    assert (spell.start.value, spell.start.precision) == (date(1991, 4, 9), "day")
    assert (spell.end.value, spell.end.precision) == (date(2030, 1, 1), "month")
    assert spell in list(facts.relations())
    assert check_rules(facts) == []

    built = build_graph(facts)
    g, node = built.graph, DQR["statehood/GEO-1991"]
    assert (node, DQ.state, DQR["state/GEO"]) in g
    assert str(g.value(node, DQ.start)) == "1991-04-09"
    assert (node, DQ.startPrecision, DQ.Day) in g
    assert str(g.value(node, DQ.end)) == "2030-01-01"
    assert (node, DQ.endPrecision, DQ.Month) in g
    assert (node, DQ.rank, DQ.Normal) in g and (node, DQ.BestRank, None) not in g
    assert built.origins[node].line == 42
    ontology, shapes = load_schema(ROOT / "ontology")
    assert validate_graph(g, ontology, shapes, built.origins) == []


ERROR_CASES = {
    "unknown state": (
        "state: state/GEO",
        "state: state/XXX",
        ["42: statehood.state: unknown id 'state/XXX'"],
    ),
    "not a state": (
        "state: state/GEO",
        "state: org/cis",
        ["42: statehood.state: 'org/cis' is an organisation, expected a state"],
    ),
    "impossible date": (
        "start: 1991-04-09",
        "start: 1991-02-30",
        ["43: statehood.start: '1991-02-30' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"],
    ),
    "no start": (
        "    start: 1991-04-09\n",
        "",
        ["42: statehood.start: is required"],
    ),
    "end before start": (
        "start: 1991-04-09",
        "start: 1991-04-09\n    end: 1990-12-31",
        ["44: statehood.end: 1990-12-31 is not after the start 1991-04-09"],
    ),
    "no evidence": (
        "    evidence:\n      - source: https://example.org/act\n"
        "        citation: An act of independence\n",
        "",
        ["42: statehood.evidence: is required"],
    ),
    "an id of the world layer's form": (
        "  - state: state/GEO",
        "  - id: statehood/GEO-1991-04-09\n    state: state/GEO",
        [
            "42: statehood.id: 'statehood/GEO-1991-04-09' has the form of the world layer's "
            "statehood ids (statehood/<state>-<YYYY-MM-DD>); curated ones are "
            "statehood/<state>-<year> or any other form"
        ],
    ),
}


@pytest.mark.parametrize("case", ERROR_CASES, ids=list(ERROR_CASES))
def test_bad_statehood_names_file_line_and_field(mini_corpus: Path, case: str) -> None:
    old, new, expected = ERROR_CASES[case]
    assert old in GOOD, "the case must change something"
    assert errors_for(mini_corpus, BASE + GOOD.replace(old, new, 1)) == expected


SECOND = """\
  - id: statehood/GEO-second
    state: state/GEO
    start: {start}
    evidence: [{{source: "https://example.org/other", citation: Another act}}]
"""  # lines 47-50


def test_overlapping_spells_of_one_state_are_refused(mini_corpus: Path) -> None:
    errors = errors_for(mini_corpus, BASE + GOOD + SECOND.format(start="2000-01-01"))
    assert errors == [
        "47: statehood.start: 2000-01-01 is inside another spell of state/GEO "
        f"(statehood/GEO-1991, from 1991-04-09 with no end, at {_facts_file(mini_corpus)}:42): "
        "a state's spells may not overlap"
    ]


def test_spells_that_may_be_apart_are_accepted(mini_corpus: Path) -> None:
    # The first ends some day of 1995, the second starts some day of 1995: they may be apart.
    first = GOOD.replace("start: 1991-04-09", "start: 1991-04-09\n    end: 1995")
    write_facts(mini_corpus, BASE + first + SECOND.format(start="1995"))
    facts = load_facts(mini_corpus / "facts", mini_corpus)
    assert [s.id for s in facts.statehoods] == ["statehood/GEO-1991", "statehood/GEO-second"]
    # ... and a deprecated spell may overlap anything.
    deprecated = SECOND.format(start="1993") + "    rank: deprecated\n    note: Wrong.\n"
    write_facts(mini_corpus, BASE + GOOD + deprecated)
    assert len(load_facts(mini_corpus / "facts", mini_corpus).statehoods) == 2


# --------------------------------------------------------------------------- the build's rules


def _rule_errors(corpus: Path, facts: str) -> list[str]:
    write_facts(corpus, facts)
    return [str(e) for e in check_rules(load_facts(corpus / "facts", corpus))]


def test_a_membership_before_the_members_statehood_is_refused(mini_corpus: Path) -> None:
    # BASE has Georgia in the CIS from December 1993.
    late = GOOD.replace("start: 1991-04-09", "start: 1994-01-01")
    assert _rule_errors(mini_corpus, BASE + late) == [
        f"{_facts_file(mini_corpus)}:18: membership.start: 1993-12 is outside every statehood "
        "spell of state/GEO (from 1994-01-01): a state is a member only while it is a state"
    ]


def test_a_membership_outliving_the_members_statehood_is_refused(mini_corpus: Path) -> None:
    # BASE's membership ends on 2009-08-18; a spell ending in 2005 cannot hold it.
    short = GOOD.replace("start: 1991-04-09", "start: 1991-04-09\n    end: 2005")
    assert _rule_errors(mini_corpus, BASE + short) == [
        f"{_facts_file(mini_corpus)}:18: membership.end: the statehood of state/GEO ends on "
        "2005: the membership needs an end by then"
    ]


def _cow_spell(state: str, start: date, end: date | None, line: int) -> WorldStatehood:
    return WorldStatehood(state, 372, "GRG", start, end, "cow", "cow" if end else None, line)


def test_a_cow_spell_no_curated_spell_overlaps_is_refused(mini_corpus: Path) -> None:
    write_facts(mini_corpus, BASE + GOOD)
    facts = load_facts(mini_corpus / "facts", mini_corpus)
    interwar = _cow_spell("state/GEO", date(1918, 5, 26), date(1921, 3, 18), 7)
    today = _cow_spell("state/GEO", date(1991, 12, 26), None, 8)
    other = _cow_spell("state/RUS", date(1816, 1, 1), None, 9)  # no curated spell: not checked
    assert check_world_rules(facts, [today, other]) == []
    errors = [str(e) for e in check_world_rules(facts, [interwar, today, other])]
    assert errors == [
        f"{_facts_file(mini_corpus)}:42: statehood.state: COW's spell of state/GEO from "
        "1918-05-26 to 1921-03-18 (states2016.csv line 7) overlaps no curated spell of it, and "
        "the curated spells outrank all of COW's: curate that spell too, or leave state/GEO to "
        "COW"
    ]


def test_a_spell_given_twice_in_one_year_needs_its_own_id(mini_corpus: Path) -> None:
    twice = GOOD + GOOD.split("\n", 1)[1].replace("1991-04-09", "1991-12-26")
    errors = errors_for(mini_corpus, BASE + twice)
    path = _facts_file(mini_corpus)
    assert errors == [
        f"47: statehood.id: 'statehood/GEO-1991' is already used at {path}:42; give this one "
        "its own `id:`"
    ]
