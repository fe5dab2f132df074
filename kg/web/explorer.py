"""The interactive explorer: one self-contained HTML page of the typed graph (``kg explore``).

The page is built with pyvis (its ``Network`` holds the nodes and edges and renders our own
Jinja template, ``kg/web/templates/explorer.html``, from the web pages' one environment,
``kg.web.templating``, with ``static/explorer.js`` and ``explorer.css`` inlined) and works from
disk with no network at all:
the vis-network script comes from the installed pyvis package and is inlined, and nothing is
loaded from any other host (a Content-Security-Policy in the page forbids it too).

What the page offers: entities coloured and shaped by type, with a legend that doubles as a
type filter; edges labelled by relation, with a relation filter; a search box that finds an
entity by any of its labels (``Қазақстан``, ``Казахстан``, ``Kazakhstan``, ``ТМД``); a
kk/ru/en language switch; on hover (and on click, which pins it) the dates, role and evidence
quote of a relation; and a year slider.

**Time.** The page carries *every* relation with its dates (``typed(store)`` over all time)
and applies docs/design.md's rule in the browser: a membership or term of office is shown on day D
when ``start <= D`` and it has no end or ``D < end``; a dated act (signing, founding,
withdrawal …) from its date on; an entity from its inception or date until the day before its
dissolution. That is exactly what ``kg.network.typed(store, D)`` returns (a browser test checks
it). A year on the slider means its **30 June** (``kg.network.YEAR_DAY``), the day that
``kg.centrality``'s yearly series use: mid-year, so that the CIS founded on 21 December 1991
is not yet "1991", and Georgia, which left on 18 August 2009, is still a member "in 2009".

**N-ary relations** are drawn as ``kg.network.typed`` makes them: one edge per claim, from the
party to the other side (a founding has one edge per founder); two claims between the same
pair are drawn as separate curves. **Labels and quotes are data**: the canvas draws labels as
text, tooltips are built from DOM text nodes (never ``innerHTML``), and the JSON embedded in
the page has ``<``, ``>`` and ``&`` escaped so no value can close its ``<script>`` element.

**Scope.** The graph holds the curated record and the Correlates of War world layer (some 850
entities, 19,000 memberships), so ``kg explore`` draws a scope (``typed(store, scope=…)``, default
``post-soviet``) and the page says which in a line under its title, in the page's language.

**Large graphs** open quickly: positions are computed here (a seeded Fruchterman–Reingold
layout, the same forces as ``networkx.spring_layout``, vectorised with numpy) and physics is
off by default (a checkbox turns it on).

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
from kg.web.templating import ENVIRONMENT, inlinable

__all__ = [
    "DEFAULT_LANGUAGE",
    "INTERFACE",
    "LANGUAGE_NAMES",
    "OTHER_RELATION_COLOUR",
    "OTHER_TYPE_STYLE",
    "RELATION_COLOURS",
    "TEMPLATE",
    "TYPE_STYLES",
    "VOCABULARY",
    "InlinePage",
    "explorer_html",
    "explorer_page",
    "layout",
    "vis_network_script",
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

# Names of types, relations and values, kk/ru/en. Where the ontology (ontology/dostastyq.ttl)
# labels a class or property, these are its labels (a test checks it).
VOCABULARY: dict[str, dict[str, dict[str, str]]] = {
    "types": {
        "State": {"en": "state", "kk": "мемлекет", "ru": "государство"},
        "Organisation": {"en": "organisation", "kk": "ұйым", "ru": "организация"},
        "Agreement": {"en": "agreement", "kk": "келісім", "ru": "соглашение"},
        "Treaty": {"en": "treaty", "kk": "шарт", "ru": "договор"},
        "Declaration": {"en": "declaration", "kk": "декларация", "ru": "декларация"},
        "Protocol": {"en": "protocol", "kk": "хаттама", "ru": "протокол"},
        "Charter": {"en": "charter", "kk": "жарғы", "ru": "устав"},
        "Person": {"en": "person", "kk": "тұлға", "ru": "персона"},
        "Place": {"en": "place", "kk": "орын", "ru": "место"},
        "Event": {"en": "event", "kk": "оқиға", "ru": "событие"},
    },
    "relations": {
        "memberOf": {"en": "member of", "kk": "мүшесі", "ru": "член"},
        "signed": {"en": "signed", "kk": "қол қойды", "ru": "подписал"},
        "foundedBy": {"en": "founded by", "kk": "құрылтайшысы", "ru": "учреждена"},
        "withdrewFrom": {"en": "withdrew from", "kk": "құрамынан шықты", "ru": "вышло из"},
        "accededTo": {"en": "acceded to", "kk": "қосылды", "ru": "присоединилось к"},
        "ratified": {"en": "ratified", "kk": "бекітті", "ru": "ратифицировало"},
        "succeededBy": {"en": "succeeded by", "kk": "мирасқоры", "ru": "преемник"},
        "heldOfficeIn": {"en": "held office in", "kk": "қызмет атқарды", "ru": "занимал пост в"},
        "headquarters": {"en": "headquarters", "kk": "штаб-пәтері", "ru": "штаб-квартира"},
        "place": {"en": "place", "kk": "орны", "ru": "место"},
    },
    "values": {
        "FullMember": {"en": "full member", "kk": "толық мүше", "ru": "полноправный член"},
        "AssociateMember": {
            "en": "associate member",
            "kk": "қауымдастырылған мүше",
            "ru": "ассоциированный член",
        },
        "Observer": {"en": "observer", "kk": "бақылаушы", "ru": "наблюдатель"},
        "Withdrawal": {"en": "withdrawal", "kk": "шығу", "ru": "выход"},
        "Suspension": {"en": "suspension", "kk": "тоқтата тұру", "ru": "приостановление"},
        "Dissolution": {"en": "dissolution", "kk": "таратылу", "ru": "роспуск"},
        "Renamed": {"en": "renamed", "kk": "атауы өзгертілді", "ru": "переименование"},
        "Merged": {"en": "merged", "kk": "бірігу", "ru": "слияние"},
        "Replaced": {"en": "replaced", "kk": "алмастыру", "ru": "замена"},
        "Preferred": {"en": "preferred", "kk": "басым", "ru": "предпочтительный"},
        "Normal": {"en": "normal", "kk": "қалыпты", "ru": "обычный"},
    },
    "fields": {
        "type": {"en": "type", "kk": "түрі", "ru": "тип"},
        "role": {"en": "role", "kk": "рөл", "ru": "роль"},
        "start": {"en": "start date", "kk": "басталу күні", "ru": "дата начала"},
        "end": {"en": "end date", "kk": "аяқталу күні", "ru": "дата окончания"},
        "date": {"en": "date", "kk": "күні", "ru": "дата"},
        "announced": {"en": "announcement date", "kk": "жарияланған күні", "ru": "дата объявления"},
        "end_cause": {"en": "end cause", "kk": "аяқталу себебі", "ru": "причина прекращения"},
        "place": {"en": "place", "kk": "орны", "ru": "место"},
        "agreement": {"en": "agreement", "kk": "келісім", "ru": "соглашение"},
        "representative": {"en": "representative", "kk": "өкіл", "ru": "представитель"},
        "office": {"en": "office", "kk": "лауазым", "ru": "должность"},
        "succession_kind": {
            "en": "succession kind",
            "kk": "мирасқорлық түрі",
            "ru": "вид преемства",
        },
        "rank": {"en": "rank", "kk": "дәреже", "ru": "ранг"},
        "note": {"en": "note", "kk": "ескерту", "ru": "примечание"},
        "inception": {"en": "inception date", "kk": "құрылған күні", "ru": "дата основания"},
        "dissolution": {"en": "dissolution date", "kk": "таратылған күні", "ru": "дата роспуска"},
        "iso3": {"en": "ISO 3166 code", "kk": "ISO 3166 коды", "ru": "код ISO 3166"},
        "other_names": {"en": "other names", "kk": "басқа атаулары", "ru": "другие названия"},
        "evidence": {"en": "evidence", "kk": "дерек көзі", "ru": "источник"},
        "document": {"en": "document", "kk": "құжат", "ru": "документ"},
        "claim": {"en": "claim", "kk": "тұжырым", "ru": "утверждение"},
        "id": {"en": "id", "kk": "идентификатор", "ru": "идентификатор"},
    },
}

# The page's own words. ``{day}``, ``{nodes}`` and ``{edges}`` are filled in by the page.
INTERFACE: dict[str, dict[str, str]] = {
    "scope_note": {
        "en": "Only this scope's organisations are drawn, with their memberships, foundings, "
        "withdrawals and successions; states and agreements with no relation left are not.",
        "kk": "Тек осы аумақтың ұйымдары мүшелігімен, құрылуымен, шығуымен және мирасқорлығымен "
        "көрсетіледі; қатынасы қалмаған мемлекеттер мен келісімдер көрсетілмейді.",
        "ru": "Показаны только организации этого охвата с их членством, учреждением, выходами и "
        "преемством; государства и соглашения без оставшихся связей не показаны.",
    },
    "title": {
        "en": "Dostastyq — explorer",
        "kk": "Достастық — граф шолғышы",
        "ru": "Достастык — обозреватель графа",
    },
    "search": {"en": "Search by name…", "kk": "Атауы бойынша іздеу…", "ru": "Поиск по названию…"},
    "language": {"en": "Language", "kk": "Тіл", "ru": "Язык"},
    "year": {"en": "Year", "kk": "Жыл", "ru": "Год"},
    "all_years": {"en": "All years", "kk": "Барлық жылдар", "ru": "Все годы"},
    "as_of": {"en": "as of {day}", "kk": "{day} күнгі жағдай", "ru": "на {day}"},
    "whole_history": {"en": "whole history", "kk": "бүкіл тарих", "ru": "вся история"},
    "fit": {"en": "Fit view", "kk": "Толық көрініс", "ru": "Показать всё"},
    "physics": {"en": "Physics", "kk": "Физика", "ru": "Физика"},
    "hide_isolated": {
        "en": "Hide unconnected",
        "kk": "Байланыссыздарды жасыру",
        "ru": "Скрыть несвязанные",
    },
    "types": {"en": "Entity types", "kk": "Нысан түрлері", "ru": "Типы сущностей"},
    "relations": {"en": "Relations", "kk": "Қатынастар", "ru": "Отношения"},
    "shown": {
        "en": "{nodes} entities, {edges} relations shown",
        "kk": "{nodes} нысан, {edges} қатынас көрсетілген",
        "ru": "показано: {nodes} сущностей, {edges} связей",
    },
    "no_results": {"en": "Nothing found", "kk": "Ештеңе табылмады", "ru": "Ничего не найдено"},
    "not_shown": {
        "en": "Not shown now: filtered out, or not existing on this day.",
        "kk": "Қазір көрсетілмеген: сүзгіден өтпеген немесе бұл күні болмаған.",
        "ru": "Сейчас не показано: отфильтровано или не существовало в этот день.",
    },
    "details": {"en": "Details", "kk": "Толығырақ", "ru": "Подробности"},
    "hint": {
        "en": "Hover over an entity or a relation for details; click to pin them here.",
        "kk": "Толығырақ білу үшін нысанға не қатынасқа меңзерді апарыңыз; бекіту үшін басыңыз.",
        "ru": "Наведите на сущность или связь, чтобы увидеть подробности; щёлкните, чтобы "
        "закрепить их здесь.",
    },
}

LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}

_NODE_DATES = ("inception", "dissolution", "date")
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
) -> str:
    """The explorer page for a typed graph (``kg.network.typed(store, scope=scope)``), as one
    HTML string.

    ``lang`` is the language the page opens in (``kk``, ``ru`` or ``en``; the page switches);
    ``year`` the year it opens at (its 30 June; default: all years); ``focus`` an entity id
    selected when it opens; ``last_year`` the slider's end (default: this year, or the last
    year in the data if later). Give the graph over all time: the slider can only show what
    the page holds. ``scope`` is the scope the graph was drawn in: the page names it under the
    title (``Scope.describe``, in each language).
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (expected one of: {', '.join(LANGUAGES)})")
    if focus is not None and focus not in graph:
        raise ValueError(f"{focus!r} is not an entity of this graph")
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
    meta = {
        "lang": lang,
        "languages": list(LANGUAGES),
        "languageNames": LANGUAGE_NAMES,
        "year": year,
        "yearDay": f"{YEAR_DAY[0]:02d}-{YEAR_DAY[1]:02d}",
        "years": [first, last],
        "focus": focus,
        "title": title,
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

    return explorer_html(typed(store, scope=scope), lang=lang, year=year, scope=scope, **kwargs)


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
