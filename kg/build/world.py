"""The world layer: the Correlates of War IGO data (v3.0) and state system list (2016) in the
graph, beside the curated record, and the best-rank rule over both (docs/design.md, "External
datasets" and "The best-rank rule").

What a COW node says, and no more:

- **A COW membership claims the years COW codes.** A run of coded years with status 1, 2 or 3
  (``kg.world.membership_runs``) becomes a ``dq:Membership`` from 1 January of its first year to
  1 January of the year after its last (both with ``dq:Year`` precision), so it is active in
  exactly the years COW says the state held that status. Where the true bounds are not known —
  the neighbouring year is missing (``-9``), imputed (before 1965, when COW coded every fifth
  year), outside the data (before 1816, after 2014) — a ``skos:note`` says so and gives the
  years between which the bound lies. ``-9`` never becomes "not a member".
- **The bounds as data** (``_bounds``), for programs, beside the note for people: each run has
  ``dq:cowEarliestFirstYear`` (the earliest year the membership may have begun in) or
  ``dq:cowFirstYearOpen true`` (COW sets no such bound), and ``dq:cowLatestLastYear`` (the
  latest year it may have lasted to) or ``dq:cowLastYearOpen true``. A bound COW knows to the
  year is the run's own first or last year.
- **Evidence cites the dataset, the IGO, the state and the years**: one evidence node per run,
  ``dcterms:source dqr:source/cow-igo-v3`` and a citation such as ``Correlates of War IGO data
  v3.0, igo_year_formatv3.csv: CIS x kazakhstan (COW 705), 1992-2014, code 1 (full member)``.
- **Entities.** Every COW state and IGO is an entity, ours where the crosswalk
  (``corpus/external/cow-igo-v3/crosswalk-*.csv``) matches it, else a new one with COW's English
  name; all carry their COW codes (``dq:cowCode``, ``dq:cowAbbreviation``, ``dq:cowIgo``,
  ``dq:cowIgoNumber``). New IGOs get ``dq:inception`` (``sdate``) and ``dq:dissolution``
  (``deaddate`` when COW marks them dead), year precision.
- **Statehood.** One ``dq:Statehood`` per spell of COW's state list (code 365 split between the
  Russian Empire, Soviet Russia, the USSR and Russia by the crosswalk), day precision.

**The best-rank rule** (``kg.build.ranks``): where the world layer has claims about a (member,
organisation) pair, the build ranks the curated claims about it ``dq:Preferred``, so the curated
record decides wherever both speak; ``dq:BestRank`` then marks what counts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.build.ranks import claim_key
from kg.vocab import CLAIM_KEYS, DQ, ROLES, WD, resource
from kg.world import (
    Crosswalk,
    EntityRun,
    IgoYearTable,
    Statehood,
    StateSpell,
    entity_runs,
    membership_runs,
    read_crosswalk,
    read_igo_years,
    read_states,
    state_spells,
)

__all__ = [
    "COW_IGO",
    "COW_STATES",
    "IGO_CITATION",
    "STATES_CITATION",
    "WORLD_DIR",
    "World",
    "add_world",
    "is_world_claim",
    "load_world",
]

WORLD_DIR = Path("corpus/external/cow-igo-v3")
COW_IGO = resource("source/cow-igo-v3")
COW_STATES = resource("source/cow-states-2016")
IGO_FILE = "igo_year_formatv3.csv.xz"
STATES_FILE = "states2016.csv"

IGO_CITATION = (
    "Pevehouse, Jon C.W., Timothy Nordstrom, Roseanne W. McManus and Anne Spencer Jamison. 2020. "
    '"Tracking Organizations in the World: The Correlates of War IGO Version 3.0 datasets." '
    "Journal of Peace Research 57(3): 492-503. Original data: Wallace, Michael and J. David "
    'Singer. 1970. "Intergovernmental Organization in the Global System, 1815-1964." '
    "International Organization 24: 239-87."
)
STATES_CITATION = 'Correlates of War Project. 2017. "State System Membership List, v2016."'
_ROLE_NAMES = {1: "full member", 2: "associate member", 3: "observer"}


@dataclass(frozen=True)
class World:
    """The COW tables as read and checked, the crosswalk, and what the graph is made of."""

    table: IgoYearTable
    spells: tuple[StateSpell, ...]
    crosswalk: Crosswalk
    runs: tuple[EntityRun, ...]
    statehoods: tuple[Statehood, ...]


def load_world(directory: Path = WORLD_DIR) -> World:
    """Read COW's IGO-year table and state list in ``directory`` with the crosswalk beside them.

    Raises ``kg.world.CowDataError`` (every problem with its file, line and column)."""
    table = read_igo_years(directory / IGO_FILE)
    spells = read_states(directory / STATES_FILE)
    crosswalk = read_crosswalk(directory, spells=spells, igos=table)
    runs = tuple(entity_runs(membership_runs(table), crosswalk))
    return World(table, spells, crosswalk, runs, tuple(state_spells(spells, crosswalk)))


def _year(year: int) -> Literal:
    return Literal(date(year, 1, 1), datatype=XSD.date)


def _local(entity_id: str) -> str:
    return entity_id.split("/", 1)[1]


class _WorldBuilder:
    def __init__(self, graph: Graph, world: World):
        self.graph, self.world = graph, world

    def add(self, triple: tuple[URIRef, URIRef, URIRef | Literal]) -> None:
        self.graph.add(triple)

    def is_new(self, entity: URIRef) -> bool:
        return (entity, RDF.type, None) not in self.graph

    def sources(self) -> None:
        for source, label, citation in (
            (COW_IGO, "Correlates of War IGO data, version 3.0", IGO_CITATION),
            (COW_STATES, "Correlates of War state system membership list, v2016", STATES_CITATION),
        ):
            self.add((source, RDF.type, DQ.Dataset))
            self.add((source, RDF.type, DCTERMS.BibliographicResource))
            self.add((source, RDFS.label, Literal(label, lang="en")))
            self.add((source, DCTERMS.bibliographicCitation, Literal(citation, lang="en")))

    def evidence(self, evidence_id: str, source: URIRef, citation: str) -> URIRef:
        node = resource(evidence_id)
        self.add((node, RDF.type, DQ.ExternalEvidence))
        self.add((node, DCTERMS.source, source))
        self.add((node, DCTERMS.bibliographicCitation, Literal(citation, lang="en")))
        return node

    def states(self) -> None:
        crosswalk = self.world.crosswalk
        for ccode, match in sorted(crosswalk.states.items()):
            periods = [(match.id, match.iso3, match.wikidata, "")] if match.id else []
            periods += [
                (p.id, p.iso3, p.wikidata, p.label) for p in crosswalk.state_splits.get(ccode, ())
            ]
            for entity_id, iso3, wikidata, label in dict.fromkeys(periods):
                node = resource(entity_id)
                if self.is_new(node):
                    self.add((node, RDF.type, DQ.State))
                    self.add((node, RDFS.label, Literal(label or match.cow_name, lang="en")))
                    if iso3:
                        self.add((node, DQ.iso3, Literal(iso3)))
                    if wikidata:
                        self.add((node, OWL.sameAs, WD[wikidata]))
                    evidence = self.evidence(
                        f"evidence/cow-states-2016/{ccode}",
                        COW_STATES,
                        f"COW state system list v2016 (states2016.csv): {match.cow_name} "
                        f"({match.stateabb}, COW {ccode})",
                    )
                    self.add((node, PROV.wasDerivedFrom, evidence))
                self.add((node, DQ.cowCode, Literal(ccode, datatype=XSD.integer)))
                self.add((node, DQ.cowAbbreviation, Literal(match.stateabb)))

    def organisations(self) -> None:
        crosswalk, igos = self.world.crosswalk, self.world.table.igos
        for ionum, match in sorted(crosswalk.igos.items()):
            igo = igos[match.ioname]
            ids = [match.id] if match.id else []
            ids += [p.id for p in crosswalk.igo_splits.get(ionum, ())]
            for entity_id in dict.fromkeys(ids):
                node = resource(entity_id)
                if self.is_new(node):
                    self.new_organisation(node, igo)
                self.add((node, DQ.cowIgo, Literal(igo.ioname)))
                self.add((node, DQ.cowIgoNumber, Literal(ionum, datatype=XSD.integer)))

    def new_organisation(self, node: URIRef, igo) -> None:  # igo: kg.world.Igo
        self.add((node, RDF.type, DQ.Organisation))
        self.add((node, RDFS.label, Literal(igo.orgname, lang="en")))
        if igo.longorgname and igo.longorgname != igo.orgname:
            self.add((node, SKOS.altLabel, Literal(igo.longorgname, lang="en")))
        self.add((node, SKOS.altLabel, Literal(igo.ioname, lang="en")))
        self.add((node, DQ.inception, _year(igo.sdate)))
        self.add((node, DQ.inceptionPrecision, DQ.Year))
        if igo.deaddate is not None and (igo.dead or igo.integrated or igo.replaced):
            self.add((node, DQ.dissolution, _year(igo.deaddate)))
            self.add((node, DQ.dissolutionPrecision, DQ.Year))
            how = [w for w, flag in (("dead", igo.dead), ("integrated into another IGO",
                   igo.integrated), ("replaced by another IGO", igo.replaced)) if flag]  # fmt: skip
            self.add((node, SKOS.note, Literal(
                f"COW codes it {', '.join(how)} in {igo.deaddate}; COW does not say which IGO "
                "took its place.", lang="en")))  # fmt: skip
        evidence = self.evidence(
            f"evidence/cow-igo-v3/{igo.ioname}",
            COW_IGO,
            f"COW IGO data v3.0 (igo_year_formatv3.csv): {igo.ioname}, {igo.orgname} "
            f"(ionum {igo.ionum}), sdate {igo.sdate}, deaddate {igo.deaddate or '-'}",
        )
        self.add((node, PROV.wasDerivedFrom, evidence))

    def memberships(self) -> None:
        for run in self.world.runs:
            self.membership(run)

    def membership(self, run: EntityRun) -> None:
        cow = run.run
        org_local = _local(run.org_id)
        node = resource(f"membership/cow/{org_local}/{_local(run.state_id)}-{run.first}")
        self.add((node, RDF.type, DQ.Membership))
        self.add((node, DQ.member, resource(run.state_id)))
        self.add((node, DQ.organisation, resource(run.org_id)))
        self.add((node, DQ.role, ROLES[cow.role]))
        self.add((node, DQ.start, _year(run.first)))
        self.add((node, DQ.startPrecision, DQ.Year))
        self.add((node, DQ.end, _year(run.last + 1)))
        self.add((node, DQ.endPrecision, DQ.Year))
        self.add((node, DQ.rank, DQ.Normal))
        note = _bounds_note(run)
        if note:
            self.add((node, SKOS.note, Literal(note, lang="en")))
        earliest, latest = _bounds(run)
        if earliest is None:
            self.add((node, DQ.cowFirstYearOpen, Literal(True)))
        else:
            self.add((node, DQ.cowEarliestFirstYear, Literal(earliest, datatype=XSD.integer)))
        if latest is None:
            self.add((node, DQ.cowLastYearOpen, Literal(True)))
        else:
            self.add((node, DQ.cowLatestLastYear, Literal(latest, datatype=XSD.integer)))
        years = f"{run.first}" if run.first == run.last else f"{run.first}-{run.last}"
        evidence = self.evidence(
            f"evidence/cow-igo-v3/{cow.ioname}/{cow.state}-{run.first}-{run.last}",
            COW_IGO,
            f"COW IGO data v3.0 (igo_year_formatv3.csv): {cow.ioname} x {cow.state} "
            f"(COW {cow.ccode}), {years}, code {cow.code} ({_ROLE_NAMES[cow.code]})",
        )
        self.add((node, PROV.wasDerivedFrom, evidence))

    def statehoods(self) -> None:
        for spell in self.world.statehoods:
            node = resource(f"statehood/{_local(spell.id)}-{spell.start.isoformat()}")
            self.add((node, RDF.type, DQ.Statehood))
            self.add((node, DQ.state, resource(spell.id)))
            self.add((node, DQ.start, Literal(spell.start, datatype=XSD.date)))
            self.add((node, DQ.startPrecision, DQ.Day))
            if spell.end is not None:
                self.add((node, DQ.end, Literal(spell.end, datatype=XSD.date)))
                self.add((node, DQ.endPrecision, DQ.Day))
            self.add((node, DQ.rank, DQ.Normal))
            if "crosswalk" in (spell.start_from, spell.end_from):
                self.add((node, SKOS.note, Literal(
                    "COW codes this state together with another under one code; the crosswalk "
                    "(corpus/external/cow-igo-v3/crosswalk-state-splits.csv) dates the split.",
                    lang="en")))  # fmt: skip
            evidence = self.evidence(
                f"evidence/cow-states-2016/{spell.ccode}-{spell.cow_line}",
                COW_STATES,
                f"COW state system list v2016 (states2016.csv), line {spell.cow_line}: "
                f"{spell.stateabb} (COW {spell.ccode})",
            )
            self.add((node, PROV.wasDerivedFrom, evidence))

    def cow_cells(self) -> None:
        """What COW's IGO-year table says beyond the memberships and the statehood spells, so that
        ``kg export cow`` (``kg.report.cow``) gives COW's cells back: on each organisation with a
        COW IGO, for the years its entity holds the IGO (``Crosswalk.org_in_year``), up to four
        compact literals (docs/design.md, "External datasets"), none where there is nothing to
        say:

        - ``dq:cowIgoYears``: the years COW's table has a row for it (``1964-1989 2002-2014``);
        - ``dq:cowImputedYears``: those of them COW imputed (``imputed = 1``);
        - ``dq:cowMissing``: the ``-9`` cells, ``ccode:first-last`` runs (``705:1992-1994``);
        - ``dq:cowOtherCells``: every other cell that the export's rule gets wrong, as
          ``ccode:first-last=code`` (``code`` one of -1, 0, 1, 2, 3 or ``empty``).

        The export's rule, followed here cell by cell: ``-9`` where ``dq:cowMissing`` says so;
        else the code ``dq:cowOtherCells`` gives; else *empty* when no COW statehood spell of an
        entity carrying the state's COW code touches the year (in the system on some day of it);
        else the code of a COW membership of such an entity active in the year (the smallest if
        two are); else ``0``. So the other cells are, by construction, exactly the residue of
        that rule: the imputed years' cells (not claims), ACCT's rows after its deaddate, the
        four states COW leaves out of its 1990 rows (the two Germanys and the two Yemens that
        unified that year), COW 255's and 260's years that state/DEU's other code holds, and six
        cells COW codes 0 outside the state system (Zanzibar 1965-1969, Taiwan 1948)."""
        world = self.world
        crosswalk, table = world.crosswalk, world.table
        last = table.years[1]
        codes_of: dict[str, set[int]] = defaultdict(set)  # entity -> its COW codes (dq:cowCode)
        for ccode, match in crosswalk.states.items():
            for entity_id in [match.id] if match.id else crosswalk.state_ids(ccode):
                codes_of[entity_id].add(ccode)
        in_system: set[tuple[int, int]] = set()  # (ccode, year)
        for spell in world.statehoods:
            end = spell.end  # the first day no longer: its year, unless that is 1 January
            until = last if end is None else end.year - (end == date(end.year, 1, 1))
            for ccode in codes_of[spell.id]:
                in_system.update((ccode, year) for year in range(spell.start.year, until + 1))
        column = {ccode: k for k, ccode in enumerate(table.ccodes)}
        member: dict[tuple[str, int], dict[int, int]] = defaultdict(dict)  # -> column -> code
        for run in world.runs:
            for ccode in codes_of[run.state_id]:
                for year in range(run.first, run.last + 1):
                    if (ccode, year) in in_system and ccode in column:
                        cells, k = member[(run.run.ioname, year)], column[ccode]
                        cells[k] = min(cells.get(k, run.run.code), run.run.code)
        base: dict[int, list[int | None]] = {}  # year -> 0 where in the system, else empty
        years: dict[str, list[int]] = defaultdict(list)
        imputed: dict[str, list[int]] = defaultdict(list)
        missing: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        other: dict[str, dict[tuple[int, str], list[int]]] = defaultdict(lambda: defaultdict(list))
        for row in table.rows:
            entity, year = crosswalk.org_in_year(row.ionum, row.year), row.year
            years[entity].append(year)
            if row.imputed == 1:
                imputed[entity].append(year)
            if year not in base:
                base[year] = [0 if (c, year) in in_system else None for c in table.ccodes]
            derived = list(base[year])
            for k, code in member.get((row.ioname, year), {}).items():
                derived[k] = code
            pairs = enumerate(zip(row.codes, derived, strict=True))
            for k in [k for k, (code, want) in pairs if code != want]:
                code = row.codes[k]
                if code == -9:
                    missing[entity][table.ccodes[k]].append(year)
                else:
                    key = (table.ccodes[k], "empty" if code is None else str(code))
                    other[entity][key].append(year)

        def runs(values: list[int]) -> list[tuple[int, int]]:
            spans: list[tuple[int, int]] = []
            for value in sorted(values):
                if spans and value == spans[-1][1] + 1:
                    spans[-1] = (spans[-1][0], value)
                else:
                    spans.append((value, value))
            return spans

        def text(tokens: list[str]) -> Literal:
            return Literal(" ".join(tokens))

        for entity, row_years in years.items():
            node = resource(entity)
            self.add((node, DQ.cowIgoYears, text([f"{a}-{b}" for a, b in runs(row_years)])))
            if imputed.get(entity):
                spans = runs(imputed[entity])
                self.add((node, DQ.cowImputedYears, text([f"{a}-{b}" for a, b in spans])))
            if missing.get(entity):
                tokens = [
                    f"{ccode}:{a}-{b}"
                    for ccode, values in sorted(missing[entity].items())
                    for a, b in runs(values)
                ]
                self.add((node, DQ.cowMissing, text(tokens)))
            if other.get(entity):
                spans_of = [
                    (ccode, a, b, code)
                    for (ccode, code), values in other[entity].items()
                    for a, b in runs(values)
                ]
                tokens = [f"{c}:{a}-{b}={code}" for c, a, b, code in sorted(spans_of)]
                self.add((node, DQ.cowOtherCells, text(tokens)))


def _bounds_note(run: EntityRun) -> str:
    """What the run's dates do not know, in words; '' when they know it all."""
    said = []
    before = {
        "missing": "the year before is missing in COW (-9)",
        "data-begins": "COW's data begin in 1816",
        "succeeded": "COW codes the member's or the organisation's predecessor before",
    }
    after = {
        "missing": "the year after is missing in COW (-9)",
        "data-ends": "COW's data end in 2014",
        "succeeded": "COW codes the member's or the organisation's successor after",
    }
    if run.preceded_by in before:
        said.append(f"start: {before[run.preceded_by]}")
    if run.followed_by in after:
        said.append(f"end: {after[run.followed_by]}")
    if run.run.sparse:
        said.append(
            "before 1965 COW codes this IGO every fifth year (the years between are imputed)"
        )
    if run.start_after is not None and run.start_after < run.first - 1:
        said.append(f"the membership began after {run.start_after} and by {run.first}")
    if run.end_before is not None and run.end_before > run.last + 1:
        said.append(f"it ended after {run.last} and by {run.end_before}")
    return "; ".join(said) + "." if said else ""


def _bounds(run: EntityRun) -> tuple[int | None, int | None]:
    """The earliest year the run's membership may have begun in and the latest it may have
    lasted to, ``None`` where COW leaves the bound open; what ``_bounds_note`` says in words.

    The run's exclusive bounds (``kg.world.MembershipRun``) give them: the membership began in
    ``(start_after, first]`` and lasted to a year in ``[last, end_before)``; no bound (a missing
    neighbour with the same status or none, COW's data beginning or ending) is open. A cut of
    the crosswalk (``succeeded``) is the exception: COW codes the year of a split for one of the
    two entities (the year's greater part), so the year next to the run may have been either
    entity's and is left open too."""
    if run.preceded_by == "succeeded":
        earliest: int | None = run.first - 1
    else:
        earliest = None if run.start_after is None else run.start_after + 1
    if run.followed_by == "succeeded":
        latest: int | None = run.last + 1
    else:
        latest = None if run.end_before is None else run.end_before - 1
    return earliest, latest


def add_world(graph: Graph, world: World) -> None:
    """Add the world layer to ``graph``: entities (new ones, and COW codes on ours), memberships,
    statehood; then rank curated claims preferred where both records speak (``apply_best_rank``
    marks what counts)."""
    builder = _WorldBuilder(graph, world)
    builder.sources()
    builder.states()
    builder.organisations()
    builder.memberships()
    builder.statehoods()
    builder.cow_cells()
    _prefer_curated(graph)


def is_world_claim(graph: Graph, claim: Node) -> bool:
    """Whether a claim comes from an external dataset: its evidence cites a ``dq:Dataset``."""
    return any(
        (source, RDF.type, DQ.Dataset) in graph
        for evidence in graph.objects(claim, PROV.wasDerivedFrom)
        for source in graph.objects(evidence, DCTERMS.source)
    )


def _prefer_curated(graph: Graph) -> None:
    """Rank curated memberships and statehoods preferred where world claims share their key."""
    for cls in (DQ.Membership, DQ.Statehood):
        world: set[tuple] = set()
        curated: dict[tuple, list[URIRef]] = defaultdict(list)
        for claim in graph.subjects(RDF.type, cls):
            key = claim_key(graph, claim, CLAIM_KEYS[cls])
            if is_world_claim(graph, claim):
                world.add(key)
            elif (claim, DQ.rank, DQ.Deprecated) not in graph:
                curated[key].append(claim)
        for key in world & set(curated):
            for claim in curated[key]:
                graph.remove((claim, DQ.rank, None))
                graph.add((claim, DQ.rank, DQ.Preferred))
