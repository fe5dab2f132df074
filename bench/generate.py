"""A synthetic graph at the scale of the Correlates of War IGO data, in docs/design.md's data model.

The Correlates of War (COW) intergovernmental organisations data follow about 200 states and 500
organisations from 1815 to 2014: tens of thousands of membership spells. This module makes a
graph of that size and shape, seeded and deterministic (the same seed and scale give the same
bytes), for ``make bench`` (``bench/run.py``):

- **States** enter the state system in waves (a few in 1815, more after 1919, most in
  1945–1965 and 1991–1993) and some leave it (absorbed, dissolved); each belongs to a region.
- **Organisations** are founded more and more often over time (most after 1945) by three to
  eight states of their region (a few are universal), have headquarters in a place and a founding
  charter that the founders sign; about a third are dissolved, and some are succeeded by a later
  one (renamed, merged or replaced: the members of the old one join the new one).
- **Memberships** follow a heavy-tailed size per organisation, mostly within its region: full,
  associate or observer; observers and associates may become full members (one spell ends and
  the next starts the same day); states withdraw (a ``dq:Withdrawal`` on the day the spell
  ends), are suspended and readmitted, rejoin years later; spells end with the organisation's
  dissolution (end cause ``dq:Dissolution``) or the state's end (no end cause), or stay open.
- **Agreements** beside the charters: treaties, protocols and declarations with signatories
  (mostly on the day, some later), ratifications and denunciations (withdrawals from the
  agreement).
- **Dates** have the precision of their era: mostly years before 1900, days after 1945; a date
  known to the year or month is its first day, as docs/design.md says.
- **Evidence**: every claim quotes a sentence of a synthetic Kazakh-language document (one per
  organisation, a few for treaties), anchored at its character offsets and line; some also cite
  an external source (a COW-style record, said to be synthetic). About 1% of memberships and
  0.5% of signings have a second, **deprecated** claim from a synthetic student essay with a
  wrong year and a note saying why.

The records are ``kg.facts`` records, turned into RDF by ``kg.build.build_graph``, the build's
own graph builder, so the graph has exactly the classes, properties, ids, ranks, precisions and
evidence nodes of a curated build; they keep the build's temporal rules (``kg.rules``) and, at
small scale, pass the SHACL shapes (``tests/test_bench.py`` checks both).

    .venv/bin/python bench/generate.py --scale tenth -o build/bench/tenth.ttl
    .venv/bin/python bench/generate.py --organisations 100 --spells 5000 -o small.ttl --texts DIR

The ``--manifest`` JSON says what was made (counts, triples, seconds, peak memory of the process)
and which parameters make sense for each named query on this graph.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import math
import random
import resource
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kg.atomic import write_atomically  # noqa: E402
from kg.build.graph import build_graph  # noqa: E402
from kg.build.turtle import serialise  # noqa: E402
from kg.corpus.texts import Document  # noqa: E402
from kg.dates import PartialDate  # noqa: E402
from kg.facts.records import (  # noqa: E402
    Entity,
    Evidence,
    ExternalEvidence,
    FactBase,
    Founding,
    Location,
    Membership,
    Ratification,
    Signing,
    Succession,
    TextEvidence,
    Withdrawal,
)


@dataclass(frozen=True)
class Scale:
    """How big a graph to make. ``spells`` and ``agreements`` are targets: the generator comes
    close (memberships are drawn per organisation; agreements beside the charters are exact)."""

    states: int = 200
    organisations: int = 500
    first_year: int = 1815
    last_year: int = 2014
    spells: int = 36_000
    agreements: int = 1_500


SCALES: dict[str, Scale] = {
    # COW IGO size: about a million triples.
    "full": Scale(),
    # Half and a tenth of the triples: every state and year, fewer organisations and agreements.
    "half": Scale(organisations=250, spells=18_000, agreements=750),
    "tenth": Scale(organisations=50, spells=3_600, agreements=150),
    # For the tests: small enough for the SHACL shapes and the rules in a second or two.
    "tiny": Scale(states=24, organisations=16, first_year=1900, spells=300, agreements=12),
}
DEFAULT_SEED = 1815

SOURCE = "https://correlatesofwar.org/data-sets/igos/"
REGIONS = ("europe", "asia", "africa", "americas", "middle-east", "oceania")
REGION_SHARES = (0.25, 0.2, 0.27, 0.18, 0.07, 0.03)
ROLE_SHARES = (("full", 0.85), ("associate", 0.08), ("observer", 0.07))
AGREEMENT_TYPES = (("treaty", 0.6), ("protocol", 0.25), ("declaration", 0.15))

# Syllables: Latin for the English name, Cyrillic for the Russian and Kazakh ones.
_SYLLABLES = (
    ("ka", "ка"),
    ("ra", "ра"),
    ("ta", "та"),
    ("na", "на"),
    ("sa", "са"),
    ("ma", "ма"),
    ("bo", "бо"),
    ("do", "до"),
    ("lo", "ло"),
    ("ro", "ро"),
    ("ze", "зе"),
    ("ve", "ве"),
    ("li", "ли"),
    ("ni", "ни"),
    ("mi", "ми"),
    ("ti", "ти"),
    ("gu", "гу"),
    ("tu", "ту"),
    ("su", "су"),
    ("ku", "ку"),
    ("an", "ан"),
    ("ar", "ар"),
    ("el", "эл"),
    ("or", "ор"),
    ("sha", "ша"),
    ("zha", "жа"),
    ("kha", "ха"),
    ("chi", "чи"),
    ("yu", "ю"),
    ("ya", "я"),
)
_KAZAKH_LETTERS = str.maketrans({"а": "ә", "о": "ө", "у": "ұ", "к": "қ", "н": "ң", "и": "і"})
_MONTHS_KK = (
    "қаңтарда",
    "ақпанда",
    "наурызда",
    "сәуірде",
    "мамырда",
    "маусымда",
    "шілдеде",
    "тамызда",
    "қыркүйекте",
    "қазанда",
    "қарашада",
    "желтоқсанда",
)


# --------------------------------------------------------------------------- working records


@dataclass
class _State:
    id: str
    iso3: str
    name: tuple[str, str, str]  # en, kk, ru
    region: int
    born: date
    ended: date | None


@dataclass
class _Organisation:
    number: int
    id: str
    name: tuple[str, str, str]
    abbreviation: str
    region: int | None  # None: universal
    inception: date
    dissolution: date | None = None
    dissolution_date: PartialDate | None = None
    inception_date: PartialDate | None = None
    predecessors: list[tuple[_Organisation, str]] = field(default_factory=list)
    successor: _Organisation | None = None
    headquarters: str = ""
    document: str = ""


@dataclass
class Synthetic:
    """What ``generate`` makes: the fact records, the documents' texts (quotes are spans of
    them), and the named queries' parameters that suit this graph."""

    facts: FactBase
    texts: dict[str, str]
    parameters: dict[str, dict[str, str]]
    scale: Scale
    seed: int

    def counts(self) -> dict[str, int]:
        facts = self.facts
        memberships = facts.memberships
        return {
            "states": sum(1 for e in facts.entities.values() if e.type == "state"),
            "organisations": sum(1 for e in facts.entities.values() if e.type == "organisation"),
            "agreements": sum(1 for e in facts.entities.values() if e.id.startswith("agreement/")),
            "places": sum(1 for e in facts.entities.values() if e.type == "place"),
            "documents": len(facts.documents),
            "memberships": len(memberships),
            "memberships_deprecated": sum(1 for m in memberships if m.rank == "deprecated"),
            "memberships_full": sum(1 for m in memberships if m.role == "full"),
            "memberships_associate": sum(1 for m in memberships if m.role == "associate"),
            "memberships_observer": sum(1 for m in memberships if m.role == "observer"),
            "memberships_open": sum(1 for m in memberships if m.end is None),
            "rejoins": _rejoins(memberships),
            "signings": len(facts.signings),
            "foundings": len(facts.foundings),
            "withdrawals": len(facts.withdrawals),
            "ratifications": len(facts.ratifications),
            "successions": len(facts.successions),
        }


def _rejoins(memberships: list[Membership]) -> int:
    """Spells that start after an earlier spell of the same state in the same organisation
    ended by withdrawal or suspension (a rejoin or a readmission)."""
    left: set[tuple[str, str]] = set()
    count = 0
    for m in sorted(
        (m for m in memberships if m.rank != "deprecated"), key=lambda m: (m.start.value, m.id)
    ):
        if (m.member, m.organisation) in left:
            count += 1
        if m.end_cause in ("withdrawal", "suspension"):
            left.add((m.member, m.organisation))
    return count


# --------------------------------------------------------------------------- the generator


class _Generator:
    def __init__(self, scale: Scale, seed: int):
        if scale.states < 3 or scale.organisations < 1 or scale.last_year <= scale.first_year:
            raise ValueError("a scale needs at least 3 states, 1 organisation and 2 years")
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(seed)
        self.start = date(scale.first_year, 1, 1)
        self.end = date(scale.last_year, 12, 31)
        self.facts = FactBase()
        self.texts: dict[str, list[str]] = {}
        self.text_lengths: dict[str, int] = {}
        self.names: set[str] = set()
        self.places: list[str] = []
        self.essays: list[str] = []
        self.treaty_documents: list[str] = []
        self.external = 0

    # -- small helpers

    def _day_between(self, first: date, last: date) -> date:
        if last <= first:
            return first
        return first + timedelta(days=self.rng.randrange((last - first).days + 1))

    def _year_weighted(self, weights: list[float], first: int) -> int:
        return first + bisect.bisect(weights, self.rng.random() * weights[-1])

    def _name(self, syllables: tuple[int, int]) -> tuple[str, str, str]:
        """A new name: (English, Kazakh, Russian)."""
        while True:
            parts = [self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(*syllables))]
            english = "".join(latin for latin, _ in parts).capitalize()
            if english not in self.names:
                self.names.add(english)
                break
        russian = "".join(cyrillic for _, cyrillic in parts).capitalize()
        kazakh = (
            russian[0] + russian[1:].translate(_KAZAKH_LETTERS) if len(russian) > 3 else russian
        )
        return english, kazakh, russian

    def _precise(self, day: date) -> PartialDate:
        """``day`` at the precision of its era, stored as the first day of its year or month."""
        draw = self.rng.random()
        if day.year < 1900:
            precision = "year" if draw < 0.7 else "month" if draw < 0.9 else "day"
        elif day.year < 1945:
            precision = "year" if draw < 0.3 else "month" if draw < 0.6 else "day"
        else:
            precision = "year" if draw < 0.05 else "month" if draw < 0.2 else "day"
        if precision == "year":
            return PartialDate(date(day.year, 1, 1), "year")
        if precision == "month":
            return PartialDate(date(day.year, day.month, 1), "month")
        return PartialDate(day, "day")

    def _after(self, day: date, start: PartialDate) -> PartialDate:
        """``day`` at its era's precision, but stored after ``start`` (else to the day)."""
        stored = self._precise(day)
        return stored if stored.value > start.value else PartialDate(day, "day")

    def _wikidata(self) -> str | None:
        # Far above any real item, so that no synthetic entity claims a real one.
        return f"Q{9_000_000_000 + self.rng.randrange(10**9)}" if self.rng.random() < 0.6 else None

    def _location(self, kind: str, number: int) -> Location:
        return Location(Path(f"synthetic/{kind}.yaml"), number + 1)

    # -- documents and evidence

    def _document(self, number: int, title_kk: str, title_en: str, covers: str) -> str:
        slug = hashlib.sha256(f"{self.seed}/{number}".encode()).hexdigest()[:16]
        doc_id = f"s{number:04d}_{slug}"
        self.facts.documents[doc_id] = Document(
            id=doc_id,
            title=f"{title_kk} / {title_en}",
            kind="synthetic",
            language="kk",
            date="2024",
            covers=covers,
            path=Path(f"synthetic/{doc_id}.txt"),
        )
        self.texts[doc_id] = []
        self.text_lengths[doc_id] = 0
        return doc_id

    def _quote(self, doc_id: str, sentence: str) -> TextEvidence:
        """Append ``sentence`` as a line of the document; the evidence that quotes it."""
        lines = self.texts[doc_id]
        start = self.text_lengths[doc_id]
        lines.append(sentence)
        self.text_lengths[doc_id] = start + len(sentence) + 1
        return TextEvidence(
            doc=doc_id,
            start=start,
            end=start + len(sentence),
            exact=sentence,
            line=len(lines),
            language="kk",
            location=Location(Path(f"synthetic/{doc_id}.txt"), len(lines)),
        )

    def _evidence(self, doc_id: str, sentence: str, record: str) -> tuple[Evidence, ...]:
        """A quote, and for some claims an external record too (or only that)."""
        draw = self.rng.random()
        if draw < 0.05:
            return (self._external(record),)
        quote = self._quote(doc_id, sentence)
        return (quote, self._external(record)) if draw < 0.3 else (quote,)

    def _external(self, record: str) -> ExternalEvidence:
        self.external += 1
        return ExternalEvidence(
            source=SOURCE,
            citation=f"Synthetic record {self.external} in the shape of the Correlates of War "
            f"IGO data (bench/generate.py, seed {self.seed}): {record}",
            location=self._location("external", self.external),
        )

    # -- the world

    def generate(self) -> Synthetic:
        self._places()
        self._essay_documents()
        self._states()
        self._organisations()
        self._memberships()
        self._agreements()
        return Synthetic(
            facts=self.facts,
            texts={
                doc: "".join(f"{line}\n" for line in lines) for doc, lines in self.texts.items()
            },
            parameters=self._parameters(),
            scale=self.scale,
            seed=self.seed,
        )

    def _places(self) -> None:
        count = max(4, self.scale.organisations // 3 + self.scale.states // 4)
        for number in range(count):
            en, kk, ru = self._name((2, 3))
            place = f"place/{en.lower()}"
            self.facts.entities[place] = Entity(
                id=place,
                type="place",
                labels={"en": en, "kk": kk, "ru": ru},
                alt_labels={},
                location=self._location("places", number),
                wikidata=self._wikidata(),
            )
            self.places.append(place)

    def _states(self) -> None:
        scale = self.scale
        years = list(range(scale.first_year, scale.last_year + 1))
        weights, total = [], 0.0
        for year in years:
            weight = 1.0
            weight += 25 if 1918 <= year <= 1920 else 0
            weight += 18 if 1945 <= year <= 1965 else 0
            weight += 40 if 1991 <= year <= 1993 else 0
            total += weight
            weights.append(total)
        founding_states = max(3, round(scale.states * 0.12))
        codes: set[str] = set()
        self.states: list[_State] = []
        for number in range(scale.states):
            en, kk, ru = self._name((2, 4))
            while True:
                iso3 = "".join(self.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(3))
                if iso3 not in codes:
                    codes.add(iso3)
                    break
            if number < founding_states:
                born = self.start
            else:
                year = self._year_weighted(weights, scale.first_year)
                born = self._day_between(date(year, 1, 1), date(year, 12, 31))
            ended = None
            if born.year < 1950 and self.rng.random() < 0.1 and born.year + 12 < scale.last_year:
                ended = self._day_between(
                    date(born.year + 10, 1, 1), date(scale.last_year - 1, 1, 1)
                )
            region = self.rng.choices(range(len(REGIONS)), REGION_SHARES)[0]
            state = _State(f"state/{iso3}", iso3, (en, kk, ru), region, born, ended)
            self.states.append(state)
            alt = {"en": (iso3,)} if self.rng.random() < 0.5 else {}
            self.facts.entities[state.id] = Entity(
                id=state.id,
                type="state",
                labels={"en": en, "kk": kk, "ru": ru},
                alt_labels=alt,
                location=self._location("states", number),
                wikidata=self._wikidata(),
                iso3=iso3,
            )
        self.states.sort(key=lambda s: (s.born, s.id))

    def _alive(self, day: date, region: int | None = None) -> list[_State]:
        return [
            s
            for s in self.states
            if s.born <= day
            and (s.ended is None or day < s.ended)
            and (region is None or s.region == region)
        ]

    def _organisations(self) -> None:
        scale = self.scale
        years = list(range(scale.first_year, scale.last_year))
        weights, total = [], 0.0
        for year in years:
            weight = math.exp((year - scale.last_year) / 45)
            weight *= 2.5 if 1945 <= year <= 1980 else 1.0
            total += weight
            weights.append(total)
        inceptions = []
        for _ in range(scale.organisations):
            year = self._year_weighted(weights, scale.first_year)
            inceptions.append(self._day_between(date(year, 1, 1), date(year, 12, 31)))
        inceptions.sort()
        self.organisations: list[_Organisation] = []
        for number, inception in enumerate(inceptions, start=1):
            while len(self._alive(inception)) < 3:
                inception += timedelta(days=365)
            en, kk, ru = self._name((2, 3))
            universal = self.rng.random() < 0.12
            region = None if universal else self.rng.choices(range(len(REGIONS)), REGION_SHARES)[0]
            kind_en, kind_kk, kind_ru = self.rng.choice(
                (
                    ("Union", "одағы", "Союз"),
                    ("Organisation", "ұйымы", "Организация"),
                    ("Commission", "комиссиясы", "Комиссия"),
                    ("Council", "кеңесі", "Совет"),
                    ("Community", "қоғамдастығы", "Сообщество"),
                )
            )
            abbreviation = "".join(w[0] for w in f"{en} {kind_en}".split()).upper() + str(number)
            organisation = _Organisation(
                number=number,
                id=f"org/igo-{number:04d}",
                name=(f"{en} {kind_en}", f"{kk} {kind_kk}", f"{kind_ru} {ru}"),
                abbreviation=abbreviation,
                region=region,
                inception=min(inception, self.end - timedelta(days=400)),
                headquarters=self.rng.choice(self.places),
            )
            self.organisations.append(organisation)
        self._lifetimes()
        for organisation in self.organisations:
            self._organisation_entity(organisation)

    def _lifetimes(self) -> None:
        """Dissolutions, and successions: a later organisation takes over an earlier one."""
        for organisation in self.organisations:
            if self.rng.random() < 0.3:
                life = timedelta(days=self.rng.randrange(5 * 365, 70 * 365))
                if organisation.inception + life < self.end - timedelta(days=365):
                    organisation.dissolution = organisation.inception + life
        for organisation in self.organisations:
            if organisation.inception.year < 1900 or self.rng.random() > 0.15:
                continue
            kind = self.rng.choices(("renamed", "merged", "replaced"), (0.5, 0.3, 0.2))[0]
            wanted = 2 if kind == "merged" and self.rng.random() < 0.3 else 1
            candidates = [
                earlier
                for earlier in self.organisations
                if earlier.inception + timedelta(days=5 * 365) < organisation.inception
                and earlier.successor is None
                and (earlier.dissolution is None or earlier.dissolution >= organisation.inception)
            ]
            for earlier in self.rng.sample(candidates, min(wanted, len(candidates))):
                earlier.dissolution = organisation.inception
                earlier.successor = organisation
                organisation.predecessors.append((earlier, kind))
        for organisation in self.organisations:
            organisation.inception_date = self._precise(organisation.inception)
        for organisation in self.organisations:
            if organisation.successor is not None:
                organisation.dissolution_date = organisation.successor.inception_date
            elif organisation.dissolution is not None:
                organisation.dissolution_date = self._after(
                    organisation.dissolution, organisation.inception_date
                )
            if (
                organisation.dissolution_date is not None
                and organisation.dissolution_date.value <= organisation.inception_date.value
            ):  # a successor founded within the year of a predecessor stored by its year
                organisation.dissolution_date = PartialDate(organisation.dissolution, "day")
                organisation.dissolution = organisation.dissolution_date.value

    def _organisation_entity(self, organisation: _Organisation) -> None:
        en, kk, ru = organisation.name
        organisation.document = self._document(
            organisation.number,
            f"{kk}: синтетикалық тарих",
            f"{en}: a synthetic history",
            f"Synthetic text on {en} ({organisation.id}) for the benchmark; not a real source.",
        )
        inception = organisation.inception_date
        assert inception is not None
        sentence = f"{kk} {_kk_date(inception)} құрылды."
        self.facts.entities[organisation.id] = Entity(
            id=organisation.id,
            type="organisation",
            labels={"en": en, "kk": kk, "ru": ru},
            alt_labels={"en": (organisation.abbreviation,)},
            location=self._location("organisations", organisation.number),
            wikidata=self._wikidata(),
            inception=inception,
            dissolution=organisation.dissolution_date,
            headquarters=organisation.headquarters,
            evidence=(self._quote(organisation.document, sentence),),
        )

    # -- memberships

    def _memberships(self) -> None:
        scale = self.scale
        sizes = [self.rng.paretovariate(1.1) for _ in self.organisations]
        sizes = [
            size * (6.0 if organisation.region is None else 1.0)
            for size, organisation in zip(sizes, self.organisations, strict=True)
        ]
        caps = [self._eligible(organisation) for organisation in self.organisations]
        # About 1.3 spells per state and organisation: find the factor that makes the sizes,
        # each capped by the states that could ever be members, add up to the pairs wanted.
        pairs_wanted = scale.spells / 1.3
        low, high = 0.0, pairs_wanted
        for _ in range(60):
            factor = (low + high) / 2
            total = sum(min(cap, size * factor) for cap, size in zip(caps, sizes, strict=True))
            low, high = (factor, high) if total < pairs_wanted else (low, factor)
        self.spells_of: dict[tuple[str, str], list[Membership]] = defaultdict(list)
        for organisation, size, cap in zip(self.organisations, sizes, caps, strict=True):
            self._members(organisation, max(3, round(min(cap, size * low))))
        self._deprecated_memberships()

    def _eligible(self, organisation: _Organisation) -> int:
        last = organisation.dissolution or self.end
        return sum(
            1
            for s in self.states
            if s.born < last - timedelta(days=60)
            and (s.ended is None or s.ended > organisation.inception + timedelta(days=60))
        )

    def _horizon(self, organisation: _Organisation, state: _State) -> date | None:
        ends = [d for d in (organisation.dissolution, state.ended) if d is not None]
        return min(ends) if ends else None

    def _members(self, organisation: _Organisation, wanted: int) -> None:
        inception = organisation.inception_date
        assert inception is not None
        alive = self._alive(organisation.inception)
        local = [s for s in alive if organisation.region in (None, s.region)] or alive
        founders = self.rng.sample(local, min(len(local), self.rng.randint(3, 8)))
        founders.sort(key=lambda s: s.id)
        members: dict[str, date] = {}
        for state in founders:
            members[state.id] = organisation.inception
        # Members of predecessors at the succession join on the first day.
        for predecessor, kind in organisation.predecessors:
            if kind == "replaced":
                continue
            for (state_id, org_id), spells in sorted(self.spells_of.items()):
                if org_id == predecessor.id and spells[-1].end_cause == "dissolution":
                    members.setdefault(state_id, organisation.inception)
        last = organisation.dissolution or self.end
        candidates = [
            s
            for s in self.states
            if s.id not in members
            and s.born < last - timedelta(days=60)
            and (s.ended is None or s.ended > organisation.inception + timedelta(days=60))
        ]
        weights = [10.0 if organisation.region in (None, s.region) else 1.0 for s in candidates]
        while len(members) < wanted and candidates:
            index = self.rng.choices(range(len(candidates)), weights)[0]
            state = candidates.pop(index)
            weights.pop(index)
            first = max(organisation.inception, state.born) + timedelta(days=30)
            final = min(d for d in (last, state.ended, self.end) if d is not None)
            if final - first < timedelta(days=60):
                continue
            # Joining soon after founding or independence is likelier than late.
            span = (final - first).days
            members[state.id] = first + timedelta(days=int(span * self.rng.random() ** 2))
        by_id = {s.id: s for s in self.states}
        founding_members = {s.id for s in founders}
        for state_id, joined in members.items():
            self._spells(organisation, by_id[state_id], joined, state_id in founding_members)
        self._founding(organisation, founders)
        self._successions(organisation)

    def _role(self) -> str:
        return self.rng.choices([r for r, _ in ROLE_SHARES], [w for _, w in ROLE_SHARES])[0]

    def _spells(self, organisation: _Organisation, state: _State, joined: date, founder: bool):
        """The spells of one state in one organisation, from ``joined`` on."""
        assert organisation.inception_date is not None
        horizon = self._horizon(organisation, state)
        last = horizon or self.end
        role = "full" if founder else self._role()
        start = organisation.inception_date if joined == organisation.inception else None
        if start is None:
            start = self._precise(joined)
        day = joined
        while True:
            draw = self.rng.random()
            room = (last - day).days
            event, end_day = None, None
            if room > 400:
                if role != "full" and draw < 0.35:
                    event = "upgrade"
                elif draw < 0.14:
                    event = "withdrawal"
                elif draw < 0.16:
                    event = "suspension"
                if event:
                    end_day = day + timedelta(days=self.rng.randrange(365, room))
            if event is None:
                if horizon is None:
                    self._membership(organisation, state, role, start, None, None)
                    return
                cause = "dissolution" if horizon == organisation.dissolution else None
                end = organisation.dissolution_date if cause else self._after(horizon, start)
                assert end is not None
                if end.value <= start.value:
                    end = PartialDate(horizon, "day")
                self._membership(organisation, state, role, start, end, cause)
                return
            assert end_day is not None
            end = self._after(end_day, start)
            cause = None if event == "upgrade" else event
            self._membership(organisation, state, role, start, end, cause)
            if event == "withdrawal":
                self._withdrawal(organisation, state, end)
            if event == "upgrade":
                role, start, day = "full", end, end_day
                continue
            comeback = 0.35 if event == "withdrawal" else 0.8
            gap = timedelta(
                days=self.rng.randrange(365, 15 * 365 if event == "withdrawal" else 8 * 365)
            )
            if self.rng.random() > comeback or (last - (end_day + gap)).days < 400:
                return
            day = end_day + gap
            start = self._after(day, end)

    def _membership(
        self,
        organisation: _Organisation,
        state: _State,
        role: str,
        start: PartialDate,
        end: PartialDate | None,
        cause: str | None,
    ) -> Membership:
        spells = self.spells_of[(state.id, organisation.id)]
        number = len(spells) + 1
        kk_state, kk_org = state.name[1], organisation.name[1]
        roles_kk = {
            "full": "толық мүшесі",
            "associate": "қауымдастырылған мүшесі",
            "observer": "бақылаушысы",
        }
        sentence = f"{kk_state} {_kk_date(start)} {kk_org} {roles_kk[role]} болды"
        if end is not None:
            verbs = {
                "withdrawal": "шықты",
                "suspension": "мүшелігі тоқтатылды",
                "dissolution": "ұйым таратылды",
                None: "мүшелігі аяқталды",
            }
            sentence += f", {_kk_date(end)} {verbs[cause]}"
        membership = Membership(
            id=f"membership/{state.iso3}-igo{organisation.number:04d}-{number}",
            rank="preferred" if self.rng.random() < 0.03 else "normal",
            note=None,
            evidence=self._evidence(
                organisation.document,
                sentence + ".",
                f"{state.iso3} in {organisation.abbreviation}, spell {number}",
            ),
            location=self._location("memberships", len(self.facts.memberships)),
            member=state.id,
            organisation=organisation.id,
            role=role,
            start=start,
            end=end,
            end_cause=cause,
        )
        self.facts.memberships.append(membership)
        spells.append(membership)
        return membership

    def _withdrawal(self, organisation: _Organisation, state: _State, day: PartialDate) -> None:
        announced = None
        if self.rng.random() < 0.4 and day.precision == "day":
            announced = PartialDate(day.value - timedelta(days=self.rng.randrange(30, 400)), "day")
        number = len(self.facts.withdrawals) + 1
        self.facts.withdrawals.append(
            Withdrawal(
                id=f"withdrawal/{state.iso3}-igo{organisation.number:04d}-{number}",
                rank="normal",
                note=None,
                evidence=self._evidence(
                    organisation.document,
                    f"{state.name[1]} {_kk_date(day)} {organisation.name[1]} құрамынан шықты.",
                    f"{state.iso3} left {organisation.abbreviation}",
                ),
                location=self._location("withdrawals", number),
                party=state.id,
                organisation=organisation.id,
                date=day,
                announced=announced,
            )
        )

    def _founding(self, organisation: _Organisation, founders: list[_State]) -> None:
        inception = organisation.inception_date
        assert inception is not None
        en, kk, ru = organisation.name
        charter = f"agreement/charter-igo-{organisation.number:04d}"
        self.facts.entities[charter] = Entity(
            id=charter,
            type="charter",
            labels={"en": f"Charter of the {en}", "kk": f"{kk} жарғысы", "ru": f"Устав: {ru}"},
            alt_labels={},
            location=self._location("charters", organisation.number),
            date=inception,
            place=organisation.headquarters,
        )
        names = ", ".join(s.name[1] for s in founders)
        self.facts.foundings.append(
            Founding(
                id=f"founding/igo-{organisation.number:04d}",
                rank="normal",
                note=None,
                evidence=self._evidence(
                    organisation.document,
                    f"{_kk_date(inception).capitalize()} {names} {kk} құрды.",
                    f"{organisation.abbreviation} founded",
                ),
                location=self._location("foundings", organisation.number),
                organisation=organisation.id,
                founders=tuple(s.id for s in founders),
                date=inception,
                agreement=charter,
                place=organisation.headquarters,
            )
        )
        for state in founders:
            self._signing(
                charter, state, inception, organisation.document, organisation.headquarters
            )

    def _successions(self, organisation: _Organisation) -> None:
        for predecessor, kind in organisation.predecessors:
            kinds_kk = {
                "renamed": "болып қайта аталды",
                "merged": "құрамына қосылды",
                "replaced": "орнына келді",
            }
            self.facts.successions.append(
                Succession(
                    id=f"succession/igo-{predecessor.number:04d}-igo-{organisation.number:04d}",
                    rank="normal",
                    note=None,
                    evidence=self._evidence(
                        organisation.document,
                        f"{predecessor.name[1]} {_kk_date(organisation.inception_date)} "
                        f"{organisation.name[1]} {kinds_kk[kind]}.",
                        f"{predecessor.abbreviation} to {organisation.abbreviation}",
                    ),
                    location=self._location("successions", len(self.facts.successions)),
                    predecessor=predecessor.id,
                    successor=organisation.id,
                    kind=kind,
                    date=organisation.inception_date,
                )
            )

    def _essay_documents(self) -> None:
        """Synthetic student essays: where the deprecated claims come from."""
        essays = max(1, self.scale.organisations // 25)
        base = self.scale.organisations + 1
        self.essays = [
            self._document(
                base + n,
                f"Студенттік эссе {n + 1}",
                f"Student essay {n + 1}",
                "A synthetic student essay whose years are sometimes wrong.",
            )
            for n in range(essays)
        ]

    def _deprecated_memberships(self) -> None:
        """About 1% of memberships: a student essay's wrong start year, kept and deprecated."""
        curated = [m for m in self.facts.memberships if m.rank != "deprecated"]
        for membership in curated:
            if self.rng.random() >= 0.01:
                continue
            assert membership.start is not None
            shift = self.rng.choice((-3, -2, -1, 1, 2, 3))
            wrong = PartialDate(date(membership.start.value.year + shift, 1, 1), "year")
            essay = self.rng.choice(self.essays)
            member = self.facts.entities[membership.member].labels["kk"]
            organisation = self.facts.entities[membership.organisation].labels["kk"]
            self.facts.memberships.append(
                Membership(
                    id=f"{membership.id}-essay",
                    rank="deprecated",
                    note=f"The essay gives {wrong}; the organisation's records say "
                    f"{membership.start}.",
                    evidence=(
                        self._quote(
                            essay, f"{member} {_kk_date(wrong)} {organisation} мүше болды."
                        ),
                    ),
                    location=self._location("essays", len(self.facts.memberships)),
                    member=membership.member,
                    organisation=membership.organisation,
                    role=membership.role,
                    start=wrong,
                )
            )

    # -- agreements

    def _agreements(self) -> None:
        scale = self.scale
        documents = max(1, scale.agreements // 25)
        base = len(self.facts.documents) + 1
        self.treaty_documents = [
            self._document(
                base + n,
                f"Шарттар жинағы {n + 1}",
                f"Treaties, volume {n + 1}",
                "Synthetic texts on multilateral agreements for the benchmark.",
            )
            for n in range(documents)
        ]
        first = max(scale.first_year, scale.last_year - 150)
        for number in range(1, scale.agreements + 1):
            kind = self.rng.choices(
                [k for k, _ in AGREEMENT_TYPES], [w for _, w in AGREEMENT_TYPES]
            )[0]
            year = first + int((scale.last_year - first) * self.rng.random() ** 0.6)
            day = self._day_between(date(year, 1, 1), date(year, 12, 31))
            dated = self._precise(day)
            alive = self._alive(day)
            region = self.rng.randrange(len(REGIONS))
            local = [s for s in alive if s.region == region]
            count = min(len(alive), 2 + int(self.rng.paretovariate(1.3) * 2))
            pool = local if len(local) >= count and self.rng.random() < 0.7 else alive
            signatories = sorted(self.rng.sample(pool, count), key=lambda s: s.id)
            en, kk, ru = self._name((2, 3))
            agreement = f"agreement/{kind}-{number:05d}"
            place = self.rng.choice(self.places)
            words = {
                "treaty": ("Treaty", "шарты", "Договор"),
                "protocol": ("Protocol", "хаттамасы", "Протокол"),
                "declaration": ("Declaration", "декларациясы", "Декларация"),
            }
            word_en, word_kk, word_ru = words[kind]
            self.facts.entities[agreement] = Entity(
                id=agreement,
                type=kind,
                labels={"en": f"{en} {word_en}", "kk": f"{kk} {word_kk}", "ru": f"{word_ru} {ru}"},
                alt_labels={},
                location=self._location("agreements", number),
                wikidata=self._wikidata(),
                date=dated,
                place=place,
            )
            document = self.rng.choice(self.treaty_documents)
            for state in signatories:
                signed = dated
                if self.rng.random() < 0.3:
                    later = day + timedelta(days=self.rng.randrange(1, 5 * 365))
                    if later <= self.end and (state.ended is None or later < state.ended):
                        signed = self._after(later, dated)
                signing = self._signing(agreement, state, signed, document, place)
                self._after_signing(agreement, state, signing, document)

    def _signing(
        self, agreement: str, state: _State, day: PartialDate, document: str, place: str
    ) -> Signing:
        number = len(self.facts.signings) + 1
        kk_agreement = self.facts.entities[agreement].labels["kk"]
        signing = Signing(
            id=f"signing/{state.iso3}-{agreement.split('/', 1)[1]}",
            rank="normal",
            note=None,
            evidence=self._evidence(
                document,
                f"{state.name[1]} {_kk_date(day)} {kk_agreement} қол қойды.",
                f"{state.iso3} signed {agreement}",
            ),
            location=self._location("signings", number),
            agreement=agreement,
            signatory=state.id,
            date=day,
            place=place if day is self.facts.entities[agreement].date else None,
        )
        self.facts.signings.append(signing)
        if self.rng.random() < 0.005:
            wrong = PartialDate(
                date(day.value.year + self.rng.choice((-2, -1, 1, 2)), 1, 1), "year"
            )
            self.facts.signings.append(
                Signing(
                    id=f"{signing.id}-essay",
                    rank="deprecated",
                    note=f"The essay gives {wrong}; the treaty records say {day}.",
                    evidence=(
                        self._quote(
                            self.rng.choice(self.essays),
                            f"{state.name[1]} {_kk_date(wrong)} {kk_agreement} қол қойды.",
                        ),
                    ),
                    location=self._location("essays", number),
                    agreement=agreement,
                    signatory=state.id,
                    date=wrong,
                )
            )
        return signing

    def _after_signing(self, agreement: str, state: _State, signing: Signing, document: str):
        assert signing.date is not None
        kk_agreement = self.facts.entities[agreement].labels["kk"]
        if self.rng.random() < 0.5:
            later = signing.date.value + timedelta(days=self.rng.randrange(120, 3 * 365))
            if later <= self.end:
                ratified = self._after(later, signing.date)
                number = len(self.facts.ratifications) + 1
                self.facts.ratifications.append(
                    Ratification(
                        id=f"ratification/{state.iso3}-{agreement.split('/', 1)[1]}",
                        rank="normal",
                        note=None,
                        evidence=self._evidence(
                            document,
                            f"{state.name[1]} {_kk_date(ratified)} {kk_agreement} бекітті.",
                            f"{state.iso3} ratified {agreement}",
                        ),
                        location=self._location("ratifications", number),
                        party=state.id,
                        agreement=agreement,
                        date=ratified,
                    )
                )
        if self.rng.random() < 0.03:
            later = signing.date.value + timedelta(days=self.rng.randrange(2 * 365, 30 * 365))
            if later <= self.end:
                left = self._after(later, signing.date)
                number = len(self.facts.withdrawals) + 1
                self.facts.withdrawals.append(
                    Withdrawal(
                        id=f"withdrawal/{state.iso3}-{agreement.split('/', 1)[1]}",
                        rank="normal",
                        note=None,
                        evidence=self._evidence(
                            document,
                            f"{state.name[1]} {_kk_date(left)} {kk_agreement} күшін жойды.",
                            f"{state.iso3} denounced {agreement}",
                        ),
                        location=self._location("withdrawals", number),
                        party=state.id,
                        agreement=agreement,
                        date=left,
                    )
                )

    # -- parameters for the named queries

    def _parameters(self) -> dict[str, dict[str, str]]:
        facts = self.facts
        live = [m for m in facts.memberships if m.rank != "deprecated"]
        day = f"{self.scale.last_year - 15}-06-30"
        biggest_org = Counter(m.organisation for m in live).most_common(1)[0][0]
        busiest_state = Counter(m.member for m in live).most_common(1)[0][0]
        most_signed = Counter(
            s.agreement for s in facts.signings if not s.agreement.startswith("agreement/charter")
        ).most_common(1)
        founder = Counter(s for f in facts.foundings for s in f.founders).most_common(1)[0][0]
        claim = next((m.id for m in live if len(m.evidence) > 1), live[0].id)
        name = facts.entities[busiest_state].labels["kk"]
        signed = most_signed[0][0] if most_signed else facts.signings[0].agreement
        return {
            "members-at": {"org": biggest_org, "date": day},
            "membership-timeline": {"state": busiest_state},
            "agreement-signatories": {"agreement": signed},
            "founded-by": {"state": founder},
            "withdrawals": {},
            "succession-chains": {},
            "co-membership-at": {"date": day},
            "claim-evidence": {"claim": claim},
            "disputed-claims": {},
            "entities-by-name": {"text": name[: max(3, len(name) - 2)].lower()},
            "states-at": {"date": day},
            "parties-at": {"agreement": signed, "date": day},
        }


_KK_DIGITS = {"year": "жылы", "month": "жылғы", "day": "жылғы"}


def _kk_date(day: PartialDate | None) -> str:
    """A date as a Kazakh text writes it, at its precision: 1993 жылы, 1993 жылғы желтоқсанда."""
    assert day is not None
    value = day.value
    if day.precision == "year":
        return f"{value.year} жылы"
    if day.precision == "month":
        return f"{value.year} жылғы {_MONTHS_KK[value.month - 1]}"
    return f"{value.year} жылғы {value.day} {_MONTHS_KK[value.month - 1]}"


def generate(scale: Scale | str = "full", seed: int = DEFAULT_SEED) -> Synthetic:
    """The synthetic world at ``scale`` (a ``Scale`` or a name in ``SCALES``), from ``seed``."""
    if isinstance(scale, str):
        scale = SCALES[scale]
    return _Generator(scale, seed).generate()


def build(synthetic: Synthetic):
    """The RDF graph of the synthetic facts, by the build's own graph builder."""
    return build_graph(synthetic.facts).graph


def peak_memory_mib() -> float:
    """The peak resident memory of this process so far (``getrusage``; Linux gives KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    for name in ("states", "organisations", "first-year", "last-year", "spells", "agreements"):
        parser.add_argument(f"--{name}", type=int, help=f"override the scale's {name}")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the Turtle file")
    parser.add_argument("--manifest", type=Path, help="write counts and parameters here (JSON)")
    parser.add_argument("--texts", type=Path, help="also write the synthetic documents here")
    args = parser.parse_args(argv)

    overrides = {
        name.replace("-", "_"): getattr(args, name.replace("-", "_"))
        for name in ("states", "organisations", "first-year", "last-year", "spells", "agreements")
        if getattr(args, name.replace("-", "_")) is not None
    }
    scale = Scale(**{**SCALES[args.scale].__dict__, **overrides})
    started = time.perf_counter()
    synthetic = generate(scale, args.seed)
    generated = time.perf_counter()
    graph = build(synthetic)
    built = time.perf_counter()
    data = serialise(graph)
    write_atomically(args.output, data)
    written = time.perf_counter()
    if args.texts:
        for doc_id, text in synthetic.texts.items():
            write_atomically(args.texts / f"{doc_id}.txt", text.encode("utf-8"))
    manifest = {
        "scale": scale.__dict__,
        "seed": args.seed,
        "triples": len(graph),
        "bytes": len(data),
        "counts": synthetic.counts(),
        "parameters": synthetic.parameters,
        "seconds": {
            "generate": round(generated - started, 2),
            "build": round(built - generated, 2),
            "serialise": round(written - built, 2),
            "total": round(written - started, 2),
        },
        "peak_memory_mib": round(peak_memory_mib(), 1),
        "memory_measure": "getrusage ru_maxrss of the generating process: generator, "
        "kg.build.build_graph and Turtle serialisation",
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    if args.manifest:
        write_atomically(args.manifest, text.encode("utf-8"))
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
