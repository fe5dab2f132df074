"""`kg query parties-at`: the parties to an agreement on a day, which answers "was X part of the
USSR on day D" for the union republics (issue 14, point 2).

Golden values by hand from the history of the Union (the sources of corpus/facts/ussr.yaml):
the four founders of 30 December 1922 (the RSFSR, Ukraine, Byelorussia, the Transcaucasian
federation); the Uzbek and Turkmen SSRs from 13 May 1925, the Tajik SSR from 5 December 1929;
the 1936 Constitution (5 December) ending the federation and adding Georgia, Armenia,
Azerbaijan, Kazakhstan and Kyrgyzstan; the Karelo-Finnish SSR from 31 March 1940 to 16 July
1956; Moldavia and the three Baltic republics in August 1940; Georgia out on 9 April 1991, the
Baltic states on 6 September 1991, Belarus and Ukraine on 10 December, Russia on 12 December,
the other eight on 21 December 1991.
"""

from __future__ import annotations

import pytest

from kg.queries.named import load_query, run_named_query
from kg.stores.base import Store
from kg.vocab import display

TREATY = "agreement/union-treaty-1922"
FOUNDERS = {"state/RUS", "state/UKR", "state/BLR", "state/tsfsr"}
CENTRAL_ASIA_1929 = {"state/UZB", "state/TKM", "state/TJK"}
OF_1936 = {"state/GEO", "state/ARM", "state/AZE", "state/KAZ", "state/KGZ"}
OF_1940 = {"state/MDA", "state/LTU", "state/LVA", "state/EST"}
LAST_EIGHT = {"state/ARM", "state/AZE", "state/KAZ", "state/KGZ", "state/MDA"} | CENTRAL_ASIA_1929


@pytest.mark.parametrize(
    ("day", "parties"),
    [
        ("1922-12-29", set()),
        ("1922-12-30", FOUNDERS),  # the signing day counts
        ("1925-05-13", FOUNDERS | {"state/UZB", "state/TKM"}),
        ("1930-01-01", FOUNDERS | CENTRAL_ASIA_1929),
        ("1936-12-05", FOUNDERS - {"state/tsfsr"} | CENTRAL_ASIA_1929 | OF_1936),
        ("1950-01-01", FOUNDERS - {"state/tsfsr"} | CENTRAL_ASIA_1929 | OF_1936 | OF_1940
         | {"state/karelo-finnish-ssr"}),
        ("1956-07-16", FOUNDERS - {"state/tsfsr"} | CENTRAL_ASIA_1929 | OF_1936 | OF_1940),
        ("1991-04-09", (FOUNDERS - {"state/tsfsr"} | CENTRAL_ASIA_1929 | OF_1936 | OF_1940)
         - {"state/GEO"}),  # the withdrawal's day is outside
        ("1991-09-06", {"state/RUS", "state/UKR", "state/BLR"} | LAST_EIGHT),
        ("1991-12-11", {"state/RUS"} | LAST_EIGHT),
        ("1991-12-20", LAST_EIGHT),
        ("1991-12-21", set()),
    ],
)  # fmt: skip
def test_the_union_republics_on_a_day(store: Store, day: str, parties: set[str]) -> None:
    result = run_named_query(store, load_query("parties-at"), {"agreement": TREATY, "date": day})
    found = [display(row[0]) for row in result.rows]
    assert len(found) == len(set(found)), "a party is listed once"
    assert set(found) == parties


def test_an_answer_says_how_and_since_when(store: Store) -> None:
    query = load_query("parties-at")
    result = run_named_query(
        store, query, {"agreement": TREATY, "date": "1950-01-01", "lang": "kk"}
    )
    rows = {display(row[0]): dict(zip(result.columns, row, strict=True)) for row in result.rows}
    assert str(rows["state/LTU"]["how"]) == "acceded"
    assert str(rows["state/LTU"]["since"]) == "1940-08-03"
    assert str(rows["state/RUS"]["how"]) == "signed"
    assert str(rows["state/KAZ"]["label"]) == "Қазақстан"
    assert result.columns[-2:] == ("rank", "note")  # the caveats, last, as in every query
