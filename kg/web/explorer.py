"""The interactive explorer: one self-contained HTML page of the typed graph (``kg explore``).

The page is built with pyvis (its ``Network`` holds the nodes and edges and renders our own
Jinja template, ``kg/web/templates/explorer.html``, from the web pages' one environment,
``kg.web.templating``, with ``static/explorer.js`` and ``explorer.css`` inlined) and works from
disk with no network at all:
the vis-network script comes from the installed pyvis package and is inlined, and nothing is
loaded from any other host (a Content-Security-Policy in the page forbids it too).

**It opens on an answer** (``VIEWS``): states and organisations linked by membership as of the
latest year, unconnected entities hidden; one click gives the others (who signed what, how the
USSR was formed and ended, an entity's neighbourhood, everything). People and places are shown
only when asked for (their legend box) and only on days a relation reaches them. The view is in
the URL's fragment (``#view=members&year=2025&types=…&relations=…&select=state/KAZ&lang=kk``),
so it can be shared and survives a reload. Besides: a legend that doubles as a type filter, a
relation filter, search by any label (``Қазақстан``, ``Казахстан``, ``ТМД``), a kk/ru/en switch,
a year slider with labelled ticks, and details on hover (pinned in the panel on click): for an
entity the timeline of its relations (role, start–end, evidence count, links to each), for a
relation its dates, role and evidence quotes with their place (document, line, characters;
``with_quote_places``), linked to ``doc/<id>#c<start>-<end>`` when served by ``kg serve``.

**Time.** The page carries *every* relation with its dates (``typed(store)`` over all time)
and applies docs/design.md's rule in the browser: a membership or term of office is shown on day
D when ``start <= D`` and it has no end or ``D < end``; a dated act (signing, founding …) from
its date on; an entity from its inception or date until the day before its dissolution: what
``kg.network.typed(store, D)`` returns, less the people and places no relation reaches that day
(a browser test checks it). A year means its **30 June** (``kg.network.YEAR_DAY``), as in
``kg.centrality``'s yearly series: the CIS founded on 21 December 1991 is not yet "1991", and
Georgia, which left on 18 August 2009, is still a member "in 2009".

**N-ary relations** are drawn as ``kg.network.typed`` makes them: one edge per claim, from the
party to the other side (a founding has one edge per founder); two claims between the same
pair are drawn as separate curves. **Labels and quotes are data**: the canvas draws labels as
text, the page's script builds its DOM with text nodes only (never ``innerHTML``), and the JSON
embedded in the page has ``<``, ``>`` and ``&`` escaped so no value can close its ``<script>``.

**Scope.** The graph holds the curated record and the Correlates of War world layer (some 850
entities, 19,000 memberships), so ``kg explore`` draws a scope (``typed(store, scope=…)``,
default ``post-soviet``) and the page names it under its title. **Large graphs** open quickly:
positions are computed here (a seeded Fruchterman–Reingold layout, the forces of
``networkx.spring_layout``, vectorised with numpy) and physics is off by default.

>>> graph = nx.MultiDiGraph()
>>> graph.add_node("state/KAZ", type="State", label="Kazakhstan", label_kk="Қазақстан")
>>> graph.add_node("org/cis", type="Organisation", label="CIS", inception=date(1991, 12, 8))
>>> graph.add_edge("state/KAZ", "org/cis", key="membership/KAZ-cis", relation="memberOf",
...                label="memberOf", role="FullMember", start=date(1991, 12, 21))
'membership/KAZ-cis'
>>> page = explorer_html(graph, lang="kk")
>>> page.startswith("<!doctype html>") and "Қазақстан" in page and "<script src" not in page
True
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from datetime import date
from importlib import resources
from typing import Any

import jinja2
import networkx as nx
import numpy as np
from pyvis.network import Network

from kg.network.extract import YEAR_DAY
from kg.network.scopes import Scope
from kg.stores.base import Store
from kg.vocab import LANGUAGES
from kg.web.templating import ENVIRONMENT, inlinable, static_asset

__all__ = [
    "AGREEMENT_TYPES",
    "DATED_BY_RELATIONS",
    "DEFAULT_LANGUAGE",
    "DEFAULT_NEIGHBOURHOOD",
    "INTERFACE",
    "LANGUAGE_NAMES",
    "OTHER_RELATION_COLOUR",
    "OTHER_TYPE_STYLE",
    "QUOTE_PLACES_QUERY",
    "RELATION_COLOURS",
    "TEMPLATE",
    "TYPE_STYLES",
    "USSR_SEEDS",
    "VIEWS",
    "VOCABULARY",
    "InlinePage",
    "explorer_html",
    "explorer_page",
    "layout",
    "tick_years",
    "vis_network_script",
    "with_quote_places",
]

DEFAULT_LANGUAGE = "kk"
TEMPLATE = "explorer.html"

# Shape (a vis-network shape) and colour per entity type. Agreements share a shape and differ
# in colour; an unknown type is drawn as a grey dot.
TYPE_STYLES: dict[str, tuple[str, str]] = {
    "State": ("dot", "#2b6cb0"),
    "Organisation": ("diamond", "#dd6b20"),
    "Agreement": ("triangle", "#2f855a"),
    "Treaty": ("triangle", "#38a169"),
    "Declaration": ("triangle", "#68d391"),
    "Protocol": ("triangle", "#319795"),
    "Charter": ("triangle", "#9ae6b4"),
    "Person": ("star", "#805ad5"),
    "Place": ("triangleDown", "#975a16"),
    "Event": ("hexagon", "#d53f8c"),
}
OTHER_TYPE_STYLE = ("dot", "#a0aec0")

RELATION_COLOURS: dict[str, str] = {
    "memberOf": "#2b6cb0",
    "signed": "#38a169",
    "foundedBy": "#dd6b20",
    "withdrewFrom": "#e53e3e",
    "accededTo": "#319795",
    "ratified": "#68d391",
    "succeededBy": "#805ad5",
    "heldOfficeIn": "#975a16",
    "headquarters": "#718096",
    "place": "#a0aec0",
}
OTHER_RELATION_COLOUR = "#a0aec0"

AGREEMENT_TYPES = ("Agreement", "Treaty", "Declaration", "Protocol", "Charter")
# People and places have no dates of their own in the graph: the page shows one on a day only
# when a relation reaches it that day (a term of office, a signing's place, a headquarters).
DATED_BY_RELATIONS = ("Person", "Place")
# The entities "how the USSR was formed and ended" starts from: the Union Treaty of 1922 and the
# acts of December 1991 (the CIS comes in through its founding, whose agreement is Belovezha).
USSR_SEEDS = (
    "state/SUN",
    "agreement/union-treaty-1922",
    "agreement/belovezha-accords-1991",
    "agreement/alma-ata-declaration-1991",
    "agreement/alma-ata-protocol-1991",
    "agreement/declaration-142n-1991",
)
# Whose neighbourhood the neighbourhood view shows when nothing is selected (if the graph has
# it; else the state with the most relations).
DEFAULT_NEIGHBOURHOOD = "state/KAZ"

# The one-click views, in the order of their buttons; the first is the page's first view.
# ``year``: ``latest`` (the slider's end, or the year the page was asked to open at), ``all``
# (the whole history) or ``keep`` (as it is); ``seeds``: only the relations of these entities
# (``selection``: of the selected entity) and what they reach; ``hideIsolated``: entities with
# no relation shown are not drawn. People and places are in no view but ``everything``: they
# are shown when asked for (their legend box).
_ALL_YEARS, _HIDE = {"year": "all"}, {"hideIsolated": True}
VIEWS: list[dict[str, Any]] = [
    {"name": "members", "types": ["State", "Organisation"], "relations": ["memberOf"],
     "year": "latest", **_HIDE},
    {"name": "agreements", "types": ["State", *AGREEMENT_TYPES], "relations": ["signed"],
     **_ALL_YEARS, **_HIDE},
    {"name": "ussr", "types": ["State", "Organisation", *AGREEMENT_TYPES],
     "relations": ["signed", "accededTo", "withdrewFrom", "ratified", "foundedBy"],
     **_ALL_YEARS, **_HIDE, "seeds": list(USSR_SEEDS)},
    {"name": "neighbourhood", "types": [t for t in TYPE_STYLES if t not in DATED_BY_RELATIONS],
     "relations": list(RELATION_COLOURS), "year": "keep", **_HIDE, "seeds": "selection"},
    {"name": "everything", "types": list(TYPE_STYLES), "relations": list(RELATION_COLOURS),
     **_ALL_YEARS, "hideIsolated": False},
]  # fmt: skip

# Where each text quote stands in its document (the normalised text, corpus/texts): the shape
# of kg/queries/claim-evidence.rq, for every claim at once.
QUOTE_PLACES_QUERY = """
PREFIX dq: <https://w3id.org/dostastyq/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?claim ?document ?quote ?start ?end ?line
WHERE {
  ?claim prov:wasDerivedFrom ?evidence .
  ?evidence oa:hasSource ?document ;
      dq:line ?line ;
      oa:hasSelector ?quoteSelector , ?positionSelector .
  ?quoteSelector oa:exact ?quote .
  ?positionSelector oa:start ?start ; oa:end ?end .
}
"""

# Names of types, relations, values and fields, and the page's own words, kk/ru/en: data, kept
# in static/explorer-words.json (where the ontology labels a class or property, these are its
# labels; a test checks it). ``{day}``, ``{nodes}`` … in INTERFACE are filled in by the page.
_WORDS: dict[str, Any] = json.loads(static_asset("explorer-words.json"))
VOCABULARY: dict[str, dict[str, dict[str, str]]] = _WORDS["vocabulary"]
INTERFACE: dict[str, dict[str, str]] = _WORDS["interface"]
LANGUAGE_NAMES: dict[str, str] = _WORDS["languageNames"]

_NODE_DATES = ("inception", "dissolution", "date")
# A text link pattern: relative (no scheme, no leading slash), naming the document.
_TEXT_LINKS = re.compile(
    r"(?![a-z][a-z0-9+.-]*:)(?!/)[A-Za-z0-9_./{}-]*\{document\}[A-Za-z0-9_./{}-]*"
)
_SKIPPED_EDGE_ATTRIBUTES = {"label", "quote", "document"}  # ``evidence`` holds them all


# --------------------------------------------------------------------------- assets


def vis_network_script() -> str:
    """The vis-network script that comes with the installed pyvis (the newest it ships)."""
    lib = resources.files("pyvis") / "templates" / "lib"
    candidates = []
    for folder in lib.iterdir():
        match = re.fullmatch(r"vis-(\d+)\.(\d+)\.(\d+)", folder.name)
        script = folder / "vis-network.min.js"
        if match and script.is_file():
            candidates.append((tuple(int(part) for part in match.groups()), script))
    if not candidates:
        raise FileNotFoundError(
            f"no vis-*/vis-network.min.js in {lib}: reinstall pyvis (pip install 'pyvis>=0.3.2')"
        )
    return inlinable(max(candidates)[1].read_text(encoding="utf-8"), "vis-network.min.js")


# --------------------------------------------------------------------------- layout


def layout(
    graph: nx.Graph,
    seed: int = 1,
    iterations: int = 50,
    gravity: float = 0.4,
    block: int = 512,
) -> dict[Any, tuple[float, float]]:
    """Positions for every node of ``graph``: a Fruchterman–Reingold layout, seeded.

    The forces are those of ``networkx.spring_layout`` (repulsion ``k²/d``, attraction
    ``d²/k`` along edges, counted once per edge between two nodes, a temperature that cools
    linearly), plus a ``gravity`` towards the centre that keeps unconnected entities near the
    rest instead of on a distant rim. The repulsion is computed in blocks of rows with numpy
    in single precision, so 2,000 nodes take about a second where ``spring_layout`` takes ten
    or more. Coordinates are in pixels, spread in proportion to the square root of the number
    of nodes.

    >>> positions = layout(nx.path_graph(3))
    >>> sorted(positions) == [0, 1, 2] and positions == layout(nx.path_graph(3))
    True
    """
    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = Counter(
        (min(index[u], index[v]), max(index[u], index[v])) for u, v in graph.edges() if u != v
    )
    source = np.fromiter((u for u, _ in pairs), dtype=np.intp, count=len(pairs))
    target = np.fromiter((v for _, v in pairs), dtype=np.intp, count=len(pairs))
    rng = np.random.default_rng(seed)
    position = rng.random((n, 2), dtype=np.float32)
    k = np.float32(1 / math.sqrt(n))
    k2 = k * k
    temperature = np.float32(0.1)
    cooling = temperature / np.float32(iterations + 1)
    displacement = np.empty_like(position)
    for _ in range(iterations):
        for first in range(0, n, block):
            rows = position[first : first + block]
            dx = rows[:, 0, None] - position[None, :, 0]
            dy = rows[:, 1, None] - position[None, :, 1]
            squared = dx * dx
            squared += dy * dy
            np.maximum(squared, np.float32(1e-4), out=squared)  # 0.01 apart at least
            force = k2 / squared
            displacement[first : first + block, 0] = (dx * force).sum(axis=1)
            displacement[first : first + block, 1] = (dy * force).sum(axis=1)
        if len(pairs):
            delta = position[source] - position[target]
            distance = np.sqrt((delta * delta).sum(axis=1))
            pull = delta * (distance / k)[:, None]
            np.add.at(displacement, source, -pull)
            np.add.at(displacement, target, pull)
        if gravity:
            displacement -= (position - position.mean(axis=0)) * np.float32(gravity * n * k)
        length = np.sqrt((displacement * displacement).sum(axis=1))
        np.maximum(length, np.float32(0.01), out=length)
        position += displacement * (temperature / length)[:, None]
        temperature -= cooling
    position -= position.mean(axis=0)
    extent = float(np.abs(position).max()) or 1.0
    scale = 60.0 * math.sqrt(n) / extent
    return {
        node: (round(float(x) * scale, 1), round(float(y) * scale, 1))
        for node, (x, y) in zip(nodes, position, strict=True)
    }


# --------------------------------------------------------------------------- the page


def explorer_html(
    graph: nx.MultiDiGraph,
    *,
    lang: str = DEFAULT_LANGUAGE,
    year: int | None = None,
    focus: str | None = None,
    title: str | None = None,
    seed: int = 1,
    last_year: int | None = None,
    scope: Scope | None = None,
    text_links: str | None = None,
) -> str:
    """The explorer page for a typed graph (``kg.network.typed(store, scope=scope)``), as one
    HTML string.

    ``lang`` is the language the page opens in (``kk``, ``ru`` or ``en``; the page switches);
    ``year`` the year it opens at (its 30 June; default: the latest); ``focus`` an entity id
    selected when it opens; ``last_year`` the slider's end (default: this year, or the last
    year in the data if later). Give the graph over all time: the slider can only show what
    the page holds; and through ``with_quote_places`` for the quotes' places. ``scope`` is the
    scope the graph was drawn in: the page names it under the title (``Scope.describe``).
    The page opens on its first view (``VIEWS[0]``) unless its URL's fragment names another.
    ``text_links``: where a quote's text is beside the page (``kg site``'s
    ``{document}.{lang}.html``), linked from disk too; else ``doc/<id>`` when served.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (expected one of: {', '.join(LANGUAGES)})")
    if focus is not None and focus not in graph:
        raise ValueError(f"{focus!r} is not an entity of this graph")
    if text_links is not None and not _TEXT_LINKS.fullmatch(text_links):
        raise ValueError(f"{text_links!r} is not a relative link pattern with {{document}}")
    positions = layout(graph, seed=seed)
    degree: Counter[str] = Counter()
    for u, v in graph.edges():
        degree[u] += 1
        degree[v] += 1

    network = Network(directed=True, height="100%", width="100%")
    years: list[int] = []
    type_counts: Counter[str] = Counter()
    for node, attributes in graph.nodes(data=True):
        data = _node_data(node, attributes)
        years += [int(data[name][:4]) for name in _NODE_DATES if name in data]
        type_counts[data["type"]] += 1
        shape, colour = TYPE_STYLES.get(data["type"], OTHER_TYPE_STYLE)
        x, y = positions[node]
        network.add_node(
            node,
            label=_display_label(node, attributes, lang),
            shape=shape,
            color=colour,
            size=round(8 + 3 * math.sqrt(min(degree[node], 400)), 1),
            x=x,
            y=y,
            dq=data,
        )

    relation_counts: Counter[str] = Counter()
    pair_counts = Counter(frozenset((u, v)) for u, v in graph.edges())
    pair_seen: Counter[frozenset] = Counter()
    for number, (source, target, key, attributes) in enumerate(graph.edges(keys=True, data=True)):
        data = _edge_data(key, attributes)
        years += [int(data[name][:4]) for name in ("start", "end", "date") if name in data]
        relation = data["relation"]
        relation_counts[relation] += 1
        options: dict[str, Any] = {
            "id": f"e{number}",
            "label": _term("relations", relation, lang),
            "color": RELATION_COLOURS.get(relation, OTHER_RELATION_COLOUR),
            "dq": data,
        }
        if relation == "memberOf" and data.get("role") not in (None, "FullMember"):
            options["dashes"] = [6, 4]
        pair = frozenset((source, target))
        if pair_counts[pair] > 1:  # several claims between two entities: fan them out
            seen = pair_seen[pair]
            pair_seen[pair] += 1
            options["smooth"] = {
                "enabled": True,
                "type": "curvedCW" if seen % 2 == 0 else "curvedCCW",
                "roundness": round(0.12 * (1 + seen // 2), 2),
            }
        network.add_edge(source, target, **options)

    this_year = date.today().year if last_year is None else last_year
    first = min(years, default=this_year)
    last = max([*years, this_year])
    if year is not None:
        first, last = min(first, year), max(last, year)
    seeds = {"ussr": [node for node in USSR_SEEDS if node in graph]}
    meta = {
        "lang": lang,
        "languages": list(LANGUAGES),
        "languageNames": LANGUAGE_NAMES,
        "year": year,
        "yearDay": f"{YEAR_DAY[0]:02d}-{YEAR_DAY[1]:02d}",
        "years": [first, last],
        "ticks": tick_years(first, last),
        "views": [
            {**view, "seeds": seeds.get(view["name"], view.get("seeds"))}
            for view in VIEWS
            if seeds.get(view["name"], True)  # the USSR view only where the USSR is
        ],
        "neighbourhood": _neighbourhood_default(graph, degree),
        "datedByRelations": list(DATED_BY_RELATIONS),
        "focus": focus,
        "title": title,
        "textLinks": text_links,
        "scope": None
        if scope is None
        else {"id": scope.id, "text": {lang: scope.describe(lang) for lang in LANGUAGES}},
        "types": [
            {
                "name": name,
                "shape": TYPE_STYLES.get(name, OTHER_TYPE_STYLE)[0],
                "color": TYPE_STYLES.get(name, OTHER_TYPE_STYLE)[1],
                "count": type_counts[name],
            }
            for name in _ordered(type_counts, TYPE_STYLES)
        ],
        "relations": [
            {
                "name": name,
                "color": RELATION_COLOURS.get(name, OTHER_RELATION_COLOUR),
                "count": relation_counts[name],
            }
            for name in _ordered(relation_counts, RELATION_COLOURS)
        ],
        "vocabulary": VOCABULARY,
        "interface": INTERFACE,
        "options": _vis_options(graph.number_of_edges()),
    }
    page_values = {
        "dq_meta": meta,
        "dq_title": title or INTERFACE["title"][lang],
        "dq_lang": lang,
        "vis_js": vis_network_script(),
    }
    network.path = TEMPLATE  # the template pyvis renders, by its name in our environment
    network.templateEnv = _PyvisTemplates(page_values)
    page: str = network.generate_html(name=TEMPLATE)
    return page


class _PyvisTemplates:
    """The shared environment (``kg.web.templating``) as pyvis asks for a template: pyvis calls
    ``get_template(name).render(nodes=…, edges=…, …)``, and this page's own values are added
    to that render, so the shared environment is never changed for one page."""

    def __init__(self, page_values: Mapping[str, Any]):
        self.page_values = page_values

    def get_template(self, name: str) -> _TemplateWithValues:
        return _TemplateWithValues(ENVIRONMENT.get_template(name), self.page_values)


class _TemplateWithValues:
    def __init__(self, template: jinja2.Template, values: Mapping[str, Any]):
        self.template = template
        self.values = values

    def render(self, **pyvis_values: Any) -> str:
        return self.template.render({**pyvis_values, **self.values})


def tick_years(first: int, last: int, most: int = 8) -> list[int]:
    """The slider's labelled years: the round years from ``first`` to ``last``, at the
    smallest step of 1, 2, 5, 10, 20, 25, 50 or 100 years that gives ``most`` labels at most.

    >>> tick_years(1917, 2025)
    [1920, 1940, 1960, 1980, 2000, 2020]
    >>> tick_years(1990, 1995)
    [1990, 1991, 1992, 1993, 1994, 1995]
    """
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 1000):
        ticks = list(range(-(-first // step) * step, last + 1, step))
        if len(ticks) <= most:
            return ticks
    return [first, last]


def with_quote_places(graph: nx.MultiDiGraph, store: Store) -> nx.MultiDiGraph:
    """``graph`` (a typed graph of ``store``) with the place of every text quote in its
    evidence: ``start`` and ``end`` (character offsets in the normalised text) and ``line``
    (1-based, the line the quote starts on), read with one query (``QUOTE_PLACES_QUERY``).
    A copy: the graph given is not changed. The page links each quote to
    ``doc/<document>#c<start>-<end>``."""
    from kg.network.extract import select_rows

    places: dict[tuple[str, str, str], tuple[int, int, int]] = {}
    for row in select_rows(store, QUOTE_PLACES_QUERY, {}):
        key = (str(row["claim"]), str(row["document"]), str(row["quote"]))
        place = (int(row["start"]), int(row["end"]), int(row["line"]))
        places[key] = min(place, places.get(key, place))  # a quote twice: its first place
    placed = graph.copy()
    for _, _, key, data in placed.edges(keys=True, data=True):
        items = []
        for item in data.get("evidence") or ():
            found = places.get((str(key), item.get("document", ""), item.get("quote", "")))
            if "quote" in item and found:
                item = {**item, "start": found[0], "end": found[1], "line": found[2]}
            items.append(item)
        if "evidence" in data:
            data["evidence"] = items
    return placed


def explorer_page(
    store: Store,
    *,
    lang: str = DEFAULT_LANGUAGE,
    year: int | None = None,
    scope: Scope | None = None,
    **kwargs: Any,
) -> str:
    """The explorer page of ``store`` over all time: everything, or ``scope``'s view of it."""
    from kg.network.typed import typed

    graph = with_quote_places(typed(store, scope=scope), store)
    return explorer_html(graph, lang=lang, year=year, scope=scope, **kwargs)


class InlinePage:
    """A page shown inline in a notebook, in an ``<iframe srcdoc>`` (scripts stay inside it).

    >>> "srcdoc=\\"&lt;p&gt;" in InlinePage("<p>x</p>")._repr_html_()
    True
    """

    def __init__(self, page: str, height: int = 650):
        self.page = page
        self.height = height

    def _repr_html_(self) -> str:
        import html

        return (
            f'<iframe srcdoc="{html.escape(self.page, quote=True)}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" '
            'sandbox="allow-scripts"></iframe>'
        )


# --------------------------------------------------------------------------- helpers


def _ordered(counts: Mapping[str, int], known: Mapping[str, Any]) -> list[str]:
    """Names in the order of ``known``, then any others alphabetically."""
    return [name for name in known if name in counts] + sorted(set(counts) - set(known))


def _neighbourhood_default(graph: nx.MultiDiGraph, degree: Mapping[str, int]) -> str | None:
    if DEFAULT_NEIGHBOURHOOD in graph:
        return DEFAULT_NEIGHBOURHOOD
    states = [node for node, data in graph.nodes(data=True) if data.get("type") == "State"]
    return max(sorted(states or graph), key=lambda node: degree[node], default=None)


def _term(group: str, name: str, lang: str) -> str:
    names = VOCABULARY[group].get(name, {})
    return names.get(lang) or names.get("en") or name


def _display_label(node: str, attributes: Mapping[str, Any], lang: str) -> str:
    for language in (lang, "en", "ru", "kk"):
        label = attributes.get(f"label_{language}")
        if label:
            return str(label)
    return str(attributes.get("label") or node)


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items() if v is not None}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _node_data(node: str, attributes: Mapping[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": str(attributes.get("type", "")),
        "labels": {
            lang: str(attributes[f"label_{lang}"])
            for lang in LANGUAGES
            if attributes.get(f"label_{lang}")
        },
    }
    if not data["labels"] and attributes.get("label"):
        data["labels"]["en"] = str(attributes["label"])
    for name, value in attributes.items():
        if name in ("type", "label") or name.startswith("label_") or value is None:
            continue
        data["alt" if name == "alt_labels" else name] = _plain(value)
    return data


def _edge_data(key: Any, attributes: Mapping[str, Any]) -> dict[str, Any]:
    data = {
        name: _plain(value)
        for name, value in attributes.items()
        if name not in _SKIPPED_EDGE_ATTRIBUTES and value is not None
    }
    data.setdefault("relation", str(attributes.get("label") or key))
    if "claim" not in data and str(key) != data["relation"]:
        data["claim"] = str(key)
    return data


def _vis_options(edges: int) -> dict[str, Any]:
    large = edges > 2000
    return {
        "autoResize": True,
        "physics": {"enabled": False, "solver": "barnesHut", "stabilization": False},
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {
            "borderWidth": 1,
            "font": {"size": 14, "face": "system-ui, 'Noto Sans', 'DejaVu Sans', sans-serif"},
            "scaling": {"label": {"drawThreshold": 7}},
        },
        "edges": {
            "width": 1,
            "smooth": False,
            "selectionWidth": 2,
            "hoverWidth": 0.5,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {
                "size": 10,
                "align": "middle",
                "color": "#4a5568",
                "strokeWidth": 3,
                "face": "system-ui, 'Noto Sans', 'DejaVu Sans', sans-serif",
            },
            "scaling": {"label": {"drawThreshold": 7}},
        },
    }
