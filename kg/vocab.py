"""The data model's names, in one place (docs/design.md, "Data model — the public contract").

The namespaces, the entity classes and the closed lists of the model (roles, end causes,
succession kinds, ranks, date precisions, label languages), each defined once: the fact loader
reads the curators' keys (``role: full``), the build writes the individuals they stand for
(``dq:FullMember``), and the network and explorer name them by their local names
(``FullMember``). All three read them from here.

>>> ROLES["full"]
rdflib.term.URIRef('https://w3id.org/dostastyq/ontology#FullMember')
>>> ROLE_NAMES
('FullMember', 'AssociateMember', 'Observer')
>>> display(resource("state/KAZ")), display(None)
('state/KAZ', '')
"""

from __future__ import annotations

import re

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace
from rdflib.term import Node

__all__ = [
    "CLAIM_KEYS",
    "CLASS_NAMES",
    "DQ",
    "DQR",
    "END_CAUSES",
    "ENTITY_CLASSES",
    "ENTITY_KINDS",
    "EXPORT_FORMATS",
    "HTTP_IRI",
    "LANGUAGES",
    "MEASURES",
    "OA",
    "PRECISIONS",
    "PREFIXES",
    "PROJECTIONS",
    "RANKS",
    "ROLES",
    "ROLE_NAMES",
    "SUCCESSION_KINDS",
    "TITLE_TEXTS",
    "WD",
    "WEIGHTS",
    "bind_prefixes",
    "display",
    "local_name",
    "resource",
    "resource_id",
    "title_text",
]

DQ = Namespace("https://w3id.org/dostastyq/ontology#")
DQR = Namespace("https://w3id.org/dostastyq/id/")
WD = Namespace("http://www.wikidata.org/entity/")
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "dq": DQ,
    "dqr": DQR,
    "wd": WD,
    "oa": OA,
    "prov": PROV,
    "skos": SKOS,
    "rdfs": RDFS,
    "rdf": RDF,
    "owl": OWL,
    "xsd": XSD,
    "dcterms": DCTERMS,
}

LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
"""The languages of labels, Kazakh first (the corpus's language and the explorer's default)."""

# A curated entity's ``type`` -> its class. Least specific first: an entity typed with two of
# them (dq:Agreement and dq:Treaty) is shown with the later one.
ENTITY_CLASSES: dict[str, URIRef] = {
    "state": DQ.State,
    "organisation": DQ.Organisation,
    "agreement": DQ.Agreement,
    "treaty": DQ.Treaty,
    "declaration": DQ.Declaration,
    "protocol": DQ.Protocol,
    "charter": DQ.Charter,
    "person": DQ.Person,
    "place": DQ.Place,
    "event": DQ.Event,
}

# A curated entity's ``type`` -> the kind that starts its id (``treaty`` ids are ``agreement/…``).
ENTITY_KINDS: dict[str, str] = {
    "state": "state",
    "organisation": "org",
    "agreement": "agreement",
    "treaty": "agreement",
    "declaration": "agreement",
    "protocol": "agreement",
    "charter": "agreement",
    "person": "person",
    "place": "place",
    "event": "event",
}

ROLES: dict[str, URIRef] = {
    "full": DQ.FullMember,
    "associate": DQ.AssociateMember,
    "observer": DQ.Observer,
}
END_CAUSES: dict[str, URIRef] = {
    "withdrawal": DQ.Withdrawal,
    "suspension": DQ.Suspension,
    "dissolution": DQ.Dissolution,
}
SUCCESSION_KINDS: dict[str, URIRef] = {
    "renamed": DQ.Renamed,
    "merged": DQ.Merged,
    "replaced": DQ.Replaced,
}
RANKS: dict[str, URIRef] = {
    "preferred": DQ.Preferred,
    "normal": DQ.Normal,
    "deprecated": DQ.Deprecated,
}
PRECISIONS: dict[str, URIRef] = {"day": DQ.Day, "month": DQ.Month, "year": DQ.Year}

# What makes two relation nodes claims "about the same thing": the best-rank rule compares the
# claims of one key, and `kg report disputes` a deprecated claim with the others of its key.
CLAIM_KEYS: dict[URIRef, tuple[URIRef, ...]] = {
    DQ.Membership: (DQ.member, DQ.organisation),
    DQ.Signing: (DQ.agreement, DQ.signatory),
    DQ.Founding: (DQ.organisation,),
    DQ.Withdrawal: (DQ.party, DQ.organisation, DQ.agreement),
    DQ.Ratification: (DQ.party, DQ.agreement),
    DQ.Accession: (DQ.party, DQ.organisation, DQ.agreement),
    DQ.Succession: (DQ.predecessor,),
    DQ.TermOfOffice: (DQ.holder, DQ.officeOf),
    DQ.Statehood: (DQ.state,),
}

# An http(s) IRI as curators and query parameters may give it (no spaces, no <>"{}|\^`).
HTTP_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


# The analyses' names, as the library takes them and the command line offers them.
PROJECTIONS: tuple[str, ...] = ("affiliation", "comembership", "cosignature", "typed")
WEIGHTS: tuple[str, ...] = ("count", "jaccard")
MEASURES: tuple[str, ...] = (
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "eigenvector",
    "pagerank",
)
EXPORT_FORMATS: tuple[str, ...] = ("graphml", "gexf", "json")


def local_name(iri: URIRef) -> str:
    """The part of a ``dq:`` IRI after the ``#``: ``dq:FullMember`` -> ``FullMember``."""
    return str(iri).rsplit("#", 1)[-1]


CLASS_NAMES: tuple[str, ...] = tuple(local_name(iri) for iri in ENTITY_CLASSES.values())
"""The entity classes by local name (``State``, ``Organisation``, …), least specific first."""
ROLE_NAMES: tuple[str, ...] = tuple(local_name(iri) for iri in ROLES.values())
"""The membership roles by local name (``FullMember``, ``AssociateMember``, ``Observer``)."""


def resource(resource_id: str) -> URIRef:
    """The IRI of a resource id: ``state/KAZ`` -> ``https://w3id.org/dostastyq/id/state/KAZ``."""
    return DQR[resource_id]


def resource_id(iri: URIRef) -> str | None:
    """The id of a Dostastyq resource IRI, or ``None`` for any other IRI."""
    text = str(iri)
    return text[len(str(DQR)) :] if text.startswith(str(DQR)) else None


def display(term: Node | None) -> str:
    """A term as a reader wants it: ``state/KAZ`` for our resources, ``FullMember`` for our
    vocabulary, the lexical form for literals, the IRI otherwise, '' for unbound."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        local = resource_id(term)
        if local is not None:
            return local
        if str(term).startswith(str(DQ)):
            return str(term)[len(str(DQ)) :]
        return str(term)
    return str(term)


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the data model's prefixes on ``graph`` (and return it)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


# The words of analysis titles and axes, by language (`kg centrality --lang`): measure and
# projection names, then phrases with {placeholders}. English is complete; a missing key falls
# back to English.
TITLE_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "degree": "degree", "strength": "strength", "betweenness": "betweenness",
        "closeness": "closeness", "eigenvector": "eigenvector", "pagerank": "PageRank",
        "affiliation": "affiliation", "comembership": "co-membership",
        "cosignature": "co-signature",
        "table_day": "{measure} on {at} ({projection} graph, weight {weight})",
        "table_series": "{measure} on {day} of each year ({projection} graph, weight {weight})",
        "plot_title": "{measure} rank of states, {projection} graph",
        "x_axis": "year (as of {day})", "y_axis": "rank by {measure} (1 = most central)",
        "tied": "tied states share a rank, drawn side by side", "zero": "hollow: a value of 0",
        "legend": "final rank order",
        "scope": "scope: {scope} ({count}); source: {sources}",
        "organisations": "{n} organisations", "every_organisation": "every organisation",
        "all_equal": "every node has the same {measure} ({value}): none is more central",
        "ties": "ties share a rank; --top {top} keeps every node tied at rank {top}",
    },
    "kk": {
        "degree": "дәреже", "strength": "күш", "betweenness": "делдалдық",
        "closeness": "жақындық", "eigenvector": "меншікті вектор", "pagerank": "PageRank",
        "affiliation": "мүшелік", "comembership": "бірлескен мүшелік",
        "cosignature": "бірлескен қол қою",
        "table_day": "{measure}, {at} ({projection} графы, салмақ: {weight})",
        "table_series": "{measure}, әр жылдың {day} күні ({projection} графы, салмақ: {weight})",
        "plot_title": "Мемлекеттердің {measure} бойынша орны, {projection} графы",
        "x_axis": "жыл ({day} күнгі жағдай)", "y_axis": "{measure} бойынша орын (1 = ең орталық)",
        "tied": "тең мемлекеттер бір орында, қатар салынған", "zero": "қуыс: мәні 0",
        "legend": "соңғы орын реті",
        "scope": "аумақ: {scope} ({count}); дереккөз: {sources}",
        "organisations": "{n} ұйым", "every_organisation": "барлық ұйымдар",
        "all_equal": "барлық түйіннің {measure} мәні бірдей ({value}): ешқайсысы орталығырақ емес",
    },
    "ru": {
        "degree": "степень", "strength": "сила", "betweenness": "посредничество",
        "closeness": "близость", "eigenvector": "собственный вектор", "pagerank": "PageRank",
        "affiliation": "аффилиация", "comembership": "совместное членство",
        "cosignature": "совместное подписание",
        "table_day": "{measure} на {at} (граф «{projection}», вес: {weight})",
        "table_series": "{measure} на {day} каждого года (граф «{projection}», вес: {weight})",
        "plot_title": "Место государств по показателю «{measure}», граф «{projection}»",
        "x_axis": "год (на {day})",
        "y_axis": "место по показателю «{measure}» (1 = самое центральное)",
        "tied": "равные государства делят место, нарисованы рядом",
        "zero": "полая точка: значение 0",
        "legend": "итоговый порядок мест",
        "scope": "охват: {scope} ({count}); источник: {sources}",
        "organisations": "{n} организаций", "every_organisation": "все организации",
        "all_equal": "у всех узлов одинаковое значение «{measure}» ({value}): никто не центральнее",
    },
}  # fmt: skip


def title_text(key: str, lang: str = "en", **values: object) -> str:
    """A title phrase (``TITLE_TEXTS``) in ``lang``, English where it has none, filled in.

    >>> title_text("organisations", "kk", n=14)
    '14 ұйым'
    """
    template = TITLE_TEXTS.get(lang, {}).get(key) or TITLE_TEXTS["en"][key]
    return template.format(**values)
