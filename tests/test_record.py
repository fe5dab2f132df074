"""The curated record, checked fact by fact against a table written by hand.

Each row was written from the treaty texts and the organisations' official sources, not from
our YAML: the Belovezha Agreement and the Alma-Ata Protocol (Dec. 1991), the CIS Charter
(22 Jan. 1993), the Collective Security Treaty (Tashkent, 15 May 1992) and the CSTO Charter
(Chisinau, 7 Oct. 2002), the GUAM Strasbourg communiqué (10 Oct. 1997) and Washington declaration
(24 Apr. 1999), the SCO declaration (Shanghai, 15 Jun. 2001) and the Astana (2017) and
Dushanbe (2021)/Astana (2024) summit decisions, the EurAsEC treaty (Astana, 10 Oct. 2000), the
Treaty on the Eurasian Economic Union (Astana, 29 May 2014) and the accession treaties of
Armenia (in force 2 Jan. 2015) and Kyrgyzstan (in force 12 Aug. 2015).

Days are chosen at the edges the time rule cares about: the joining day counts, the leaving day
does not.
"""

from __future__ import annotations

import pytest
from helpers import role_on

from kg.stores.memory import MemoryStore
from kg.vocab import display, resource

FULL, ASSOCIATE, OBSERVER, NOT = "FullMember", "AssociateMember", "Observer", None

# (organisation, day, state, the role it had that day or None)
MEMBERSHIP_TABLE = [
    # CIS
    ("org/cis", "1991-12-07", "state/RUS", NOT),
    ("org/cis", "1991-12-08", "state/BLR", FULL),
    ("org/cis", "1991-12-20", "state/KAZ", NOT),
    ("org/cis", "1991-12-21", "state/KAZ", FULL),
    ("org/cis", "1992-06-01", "state/UZB", FULL),
    ("org/cis", "1993-06-01", "state/GEO", NOT),
    ("org/cis", "2000-01-01", "state/GEO", FULL),
    ("org/cis", "2009-08-18", "state/GEO", NOT),
    ("org/cis", "2003-01-01", "state/TKM", FULL),
    ("org/cis", "2006-01-01", "state/TKM", ASSOCIATE),
    ("org/cis", "1995-01-01", "state/EST", NOT),
    ("org/cis", "2024-01-01", "state/ARM", FULL),
    # CSTO (from 2002)
    ("org/csto", "2005-01-01", "state/RUS", FULL),
    ("org/csto", "2005-01-01", "state/ARM", FULL),
    ("org/csto", "2005-01-01", "state/UZB", NOT),
    ("org/csto", "2007-06-01", "state/UZB", FULL),
    ("org/csto", "2013-06-01", "state/UZB", NOT),
    ("org/csto", "2010-01-01", "state/TJK", FULL),
    ("org/csto", "2010-01-01", "state/GEO", NOT),
    # GUAM
    ("org/guam", "1997-10-09", "state/GEO", NOT),
    ("org/guam", "1998-01-01", "state/MDA", FULL),
    ("org/guam", "1998-01-01", "state/UZB", NOT),
    ("org/guam", "2000-01-01", "state/UZB", FULL),
    ("org/guam", "2006-06-01", "state/UZB", NOT),
    ("org/guam", "2010-01-01", "state/AZE", FULL),
    # SCO
    ("org/sco", "2001-06-14", "state/KAZ", NOT),
    ("org/sco", "2001-06-15", "state/UZB", FULL),
    ("org/sco", "2018-01-01", "state/IND", FULL),
    ("org/sco", "2018-01-01", "state/PAK", FULL),
    ("org/sco", "2024-01-01", "state/IRN", FULL),
    ("org/sco", "2024-01-01", "state/BLR", OBSERVER),  # observer since 2015
    ("org/sco", "2024-07-04", "state/BLR", FULL),  # Astana summit, 4 July 2024
    ("org/sco", "2010-01-01", "state/MNG", OBSERVER),  # observer since 2004
    # EurAsEC (2000/2001 to 1 Jan 2015)
    ("org/eurasec", "2002-01-01", "state/TJK", FULL),
    ("org/eurasec", "2007-01-01", "state/UZB", FULL),
    ("org/eurasec", "2010-01-01", "state/UZB", NOT),
    ("org/eurasec", "2014-12-31", "state/KAZ", FULL),
    ("org/eurasec", "2015-01-01", "state/KAZ", NOT),
    # Eurasian Economic Union (in force 1 Jan 2015)
    ("org/eaeu", "2014-12-31", "state/RUS", NOT),
    ("org/eaeu", "2015-01-01", "state/KAZ", FULL),
    ("org/eaeu", "2015-01-01", "state/ARM", NOT),
    ("org/eaeu", "2015-01-02", "state/ARM", FULL),
    ("org/eaeu", "2015-08-11", "state/KGZ", NOT),
    ("org/eaeu", "2015-08-12", "state/KGZ", FULL),
    ("org/eaeu", "2020-01-01", "state/TJK", NOT),
]

# agreement -> (the signatories of the original signing, its date, its place)
SIGNING_TABLE = {
    "agreement/belovezha-accords-1991": (
        {"state/BLR", "state/RUS", "state/UKR"}, "1991-12-08", "place/viskuli"
    ),
    "agreement/alma-ata-protocol-1991": (
        {"state/AZE", "state/ARM", "state/BLR", "state/KAZ", "state/KGZ", "state/MDA",
         "state/RUS", "state/TJK", "state/TKM", "state/UZB", "state/UKR"},
        "1991-12-21", "place/almaty",
    ),
    # The Collective Security Treaty, Tashkent, 15 May 1992 (six signatories on the day).
    "agreement/collective-security-treaty-1992": (
        {"state/ARM", "state/KAZ", "state/KGZ", "state/RUS", "state/TJK", "state/UZB"},
        "1992-05-15", "place/tashkent",
    ),
    # The CSTO Charter, Chisinau, 7 October 2002.
    "agreement/csto-charter-2002": (
        {"state/ARM", "state/BLR", "state/KAZ", "state/KGZ", "state/RUS", "state/TJK"},
        "2002-10-07", "place/chisinau",
    ),
    # The EurAsEC treaty, Astana, 10 October 2000.
    "agreement/eurasec-treaty-2000": (
        {"state/BLR", "state/KAZ", "state/KGZ", "state/RUS", "state/TJK"},
        "2000-10-10", "place/astana",
    ),
    # The Treaty on the Eurasian Economic Union, Astana, 29 May 2014.
    "agreement/eaeu-treaty-2014": (
        {"state/BLR", "state/KAZ", "state/RUS"}, "2014-05-29", "place/astana"
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("organisation", "day", "state", "expected"),
    MEMBERSHIP_TABLE,
    ids=[f"{o}-{d}-{s}" for o, d, s, _ in MEMBERSHIP_TABLE],
)
def test_membership_on_a_day(
    store: MemoryStore, organisation: str, day: str, state: str, expected: str | None
) -> None:
    assert role_on(store, organisation, day, state) == expected


@pytest.mark.parametrize("agreement", SIGNING_TABLE)
def test_signatories_date_and_place(store: MemoryStore, agreement: str) -> None:
    expected_states, expected_day, expected_place = SIGNING_TABLE[agreement]
    rows = store.query(
        "PREFIX dq: <https://w3id.org/dostastyq/ontology#> "
        "SELECT ?state ?date ?place WHERE { ?s a dq:Signing ; dq:agreement ?a ; "
        "dq:signatory ?state ; dq:date ?date ; dq:place ?place ; dq:rank ?rank "
        "FILTER (?rank != dq:Deprecated) }",
        {"a": resource(agreement)},
    ).rows
    by_state = {display(state): (display(day), display(place)) for state, day, place in rows}
    original = {s for s, (day, _) in by_state.items() if day == expected_day}
    assert original == expected_states
    assert {by_state[s] for s in expected_states} == {(expected_day, expected_place)}
