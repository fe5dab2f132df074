"""Answer formats of the SPARQL endpoint: content negotiation and the result writers."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.stores.base import QueryResult
from kg.vocab import display
from kg.web.http import HttpError, Request
from kg.web.templating import render

__all__ = [
    "FORMAT_NAMES",
    "GRAPH_ALIASES",
    "GRAPH_TYPES",
    "RDFLIB_FORMATS",
    "RESULT_ALIASES",
    "RESULT_TYPES",
    "negotiate",
    "prefers_html",
    "ranked_by_quality",
    "write_graph",
    "write_results",
]


RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "html": "text/html",
}
GRAPH_TYPES = {
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "html": "text/html",
}
# Other names clients use for the same formats (SPARQLWrapper asks for some of these).
RESULT_ALIASES = {
    "application/json": "json",
    "text/javascript": "json",
    "application/javascript": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_ALIASES = {
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/x-json+ld": "jsonld",
    "application/json": "jsonld",
    "text/plain": "nt",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
    # Turtle is a subset of N3, so a Turtle answer is an N3 answer (SPARQLWrapper's N3 asks so)
    "text/n3": "turtle",
    "text/rdf+n3": "turtle",
    "application/n3": "turtle",
}
FORMAT_NAMES = {
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdfxml"),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "html": ("html", "html"),
    "turtle": (None, "turtle"),
    "ttl": (None, "turtle"),
    "n3": (None, "turtle"),
    "jsonld": (None, "jsonld"),
    "json-ld": (None, "jsonld"),
    "nt": (None, "nt"),
    "ntriples": (None, "nt"),
    "n-triples": (None, "nt"),
    "rdfxml": (None, "rdfxml"),
    "rdf": (None, "rdfxml"),
}
RDFLIB_FORMATS = {"turtle": "turtle", "jsonld": "json-ld", "nt": "nt", "rdfxml": "xml"}


# --------------------------------------------------------------------------- negotiation


def ranked_by_quality(accept: str) -> list[tuple[str, float]]:
    """The values of an Accept (or Accept-Language) header, lower-cased, best first by their
    q values (ties keep the client's order), those of q=0 left out."""
    ranges: list[tuple[str, float, int]] = []
    for position, item in enumerate(accept.split(",")):
        media, *parameters = (part.strip() for part in item.split(";"))
        if not media:
            continue
        quality = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality, position))
    ranges.sort(key=lambda entry: (-entry[1], entry[2]))
    return [(media, quality) for media, quality, _ in ranges if quality > 0]


def negotiate(request: Request, is_graph: bool) -> str:
    """A format name (``json``, ``turtle``, …) for the answer, from ``format`` or ``Accept``.

    ``format`` (or ``output``) may come more than once when every value names the same format
    (SPARQLWrapper sends ``format=tsv&format=text/tab-separated-values``); values that name
    different formats get a 400 rather than the last one silently. The request is only read:
    the same request gives the same choice however often it is asked.
    """
    given = request.values("format") or request.values("output")
    if given:
        chosen = {_named_format(value, is_graph) for value in given}
        if len(chosen) > 1:
            raise HttpError(
                400,
                f"format names {len(chosen)} different formats ({', '.join(sorted(chosen))}); "
                "give one",
            )
        return chosen.pop()
    return _accepted_format(request.headers.get("accept", ""), is_graph)


def _named_format(requested: str, is_graph: bool) -> str:
    if "/" in requested:
        # Media types in the parameter, as SPARQLWrapper sends them (a Virtuoso convention):
        # read them as an Accept header.
        return _accepted_format(requested, is_graph)
    names = FORMAT_NAMES.get(requested.lower())
    chosen = names[1 if is_graph else 0] if names else None
    if chosen is None:
        kinds = "CONSTRUCT and DESCRIBE" if is_graph else "SELECT and ASK"
        offered: Iterable[str] = GRAPH_TYPES if is_graph else RESULT_TYPES
        raise HttpError(
            400,
            f"format={requested} is not offered for {kinds}: use one of {', '.join(offered)}",
        )
    return chosen


def _accepted_format(accept: str, is_graph: bool) -> str:
    """The format for an Accept header; for a graph (CONSTRUCT, DESCRIBE) whose Accept names
    only formats of SELECT results, Turtle.

    That last rule is Fuseki's rather than Oxigraph's (406): clients that send one Accept
    header for every query form, of SPARQL result types, get the graph in the default format
    instead of an error; an Accept that names nothing this endpoint writes still gets 406.

    >>> _accepted_format("application/sparql-results+json", is_graph=True)
    'turtle'
    >>> _accepted_format("text/n3", is_graph=True)
    'turtle'
    """
    types = GRAPH_TYPES if is_graph else RESULT_TYPES
    aliases = GRAPH_ALIASES if is_graph else RESULT_ALIASES
    by_type = {media: name for name, media in types.items()} | aliases
    accept = accept or "*/*"
    ranked = ranked_by_quality(accept)
    for media, _quality in ranked:
        if media in by_type:
            return by_type[media]
        if media in ("*/*", "application/*"):
            return "turtle" if is_graph else "json"
        if media == "text/*":
            return "turtle" if is_graph else "csv"
    result_types = set(RESULT_TYPES.values()) - {"text/html"} | set(RESULT_ALIASES)
    if is_graph and ranked and all(media in result_types for media, _ in ranked):
        return "turtle"
    offered = ", ".join(types.values())
    raise HttpError(406, f"cannot answer in {accept}; this endpoint offers {offered}")


def prefers_html(accept: str) -> bool:
    ranked = ranked_by_quality(accept)
    return bool(ranked) and ranked[0][0] in ("text/html", "application/xhtml+xml")


# --------------------------------------------------------------------------- result writers


def write_results(
    result: QueryResult, name: str, is_ask: bool, title: str, nonce: str
) -> tuple[bytes, str]:
    if name == "json":
        return _results_json(result, is_ask).encode(), RESULT_TYPES["json"] + "; charset=utf-8"
    if name == "xml":
        return _results_xml(result, is_ask).encode(), RESULT_TYPES["xml"] + "; charset=utf-8"
    if name == "csv":
        return _results_csv(result).encode(), "text/csv; charset=utf-8"
    if name == "tsv":
        return _results_tsv(result).encode(), RESULT_TYPES["tsv"] + "; charset=utf-8"
    return _results_html(result, title, nonce).encode(), "text/html; charset=utf-8"


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        value = {"type": "literal", "value": str(term)}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype is not None:
            value["datatype"] = str(term.datatype)
        return value
    return {"type": "literal", "value": str(term)}


def _results_json(result: QueryResult, is_ask: bool) -> str:
    if is_ask:
        return json.dumps({"head": {}, "boolean": _ask_value(result)})
    document = {
        "head": {"vars": list(result.columns)},
        "results": {
            "bindings": [
                {
                    column: _json_term(term)
                    for column, term in zip(result.columns, row, strict=True)
                    if term is not None
                }
                for row in result.rows
            ]
        },
    }
    return json.dumps(document, ensure_ascii=False)


def _ask_value(result: QueryResult) -> bool:
    term = result.rows[0][0] if result.rows and result.rows[0] else None
    return bool(isinstance(term, Literal) and term.toPython() is True)


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return xml_escape(_XML_INVALID.sub("\ufffd", text))


def _results_xml(result: QueryResult, is_ask: bool) -> str:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
    ]
    if is_ask:
        out.append(
            f"<head/><boolean>{'true' if _ask_value(result) else 'false'}</boolean></sparql>"
        )
        return "\n".join(out)
    out.append("<head>")
    out += [f"<variable name={quoteattr(column)}/>" for column in result.columns]
    out.append("</head>\n<results>")
    for row in result.rows:
        out.append("<result>")
        for column, term in zip(result.columns, row, strict=True):
            if term is None:
                continue
            if isinstance(term, URIRef):
                value = f"<uri>{_xml_text(str(term))}</uri>"
            elif isinstance(term, BNode):
                value = f"<bnode>{_xml_text(str(term))}</bnode>"
            elif isinstance(term, Literal) and term.language:
                value = (
                    f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(str(term))}</literal>"
                )
            elif isinstance(term, Literal) and term.datatype is not None:
                value = (
                    f"<literal datatype={quoteattr(str(term.datatype))}>"
                    f"{_xml_text(str(term))}</literal>"
                )
            else:
                value = f"<literal>{_xml_text(str(term))}</literal>"
            out.append(f"<binding name={quoteattr(column)}>{value}</binding>")
        out.append("</result>")
    out.append("</results>\n</sparql>\n")
    return "\n".join(out)


def _results_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV: IRIs and literals as plain text, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow(
            ["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in row]
        )
    return buffer.getvalue()


def _tsv_term(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    text = (
        str(term)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype is not None:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def _results_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV: ``?var`` headers, terms in Turtle syntax."""
    lines = ["\t".join(f"?{column}" for column in result.columns)]
    lines += ["\t".join(_tsv_term(term) for term in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _results_html(result: QueryResult, title: str, nonce: str) -> str:
    return render(
        "results.html",
        title=title,
        nonce=nonce,
        columns=result.columns,
        rows=[[_html_cell(term) for term in row] for row in result.rows],
        truncated=result.truncated,
    )


@dataclass(frozen=True)
class _HtmlCell:
    """A term as a cell of the results table: the text shown, its language tag, and for an IRI
    the IRI and a link that describes it (the template escapes them all)."""

    text: str = ""
    language: str = ""
    iri: str = ""
    link: str = ""


def _html_cell(term: Node | None) -> _HtmlCell:
    if term is None:
        return _HtmlCell()
    if isinstance(term, Literal) and term.language:
        return _HtmlCell(display(term), language=term.language)
    if isinstance(term, URIRef):
        link = "sparql?format=html&query=" + urllib.parse.quote(f"DESCRIBE <{term}>", safe="")
        return _HtmlCell(display(term), iri=str(term), link=link)
    return _HtmlCell(display(term))


def write_graph(graph: Graph, name: str, title: str, nonce: str) -> tuple[bytes, str]:
    if name == "html":
        turtle = graph.serialize(format="turtle")
        page = render("graph.html", title=title, nonce=nonce, turtle=turtle)
        return page.encode(), "text/html; charset=utf-8"
    data = graph.serialize(format=RDFLIB_FORMATS[name], encoding="utf-8")
    return data, GRAPH_TYPES[name] + "; charset=utf-8"
