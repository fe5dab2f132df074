"""The SPARQL text scanner: a query's form, its keywords, and parameters bound as a ``VALUES``
block first in the outermost ``WHERE`` group (see ``kg.stores`` for why there).

The scanner skips IRIs, strings and comments, so a value or a comment cannot move the group:

>>> from rdflib import Literal, URIRef
>>> print(inject_values('SELECT ?x WHERE { ?x ?p ?v }  # {', {"v": Literal("a } b")}))
SELECT ?x WHERE { VALUES (?v) { ("a } b") } ?x ?p ?v }  # {
>>> inject_values("SELECT * WHERE { ?s ?p ?o }", {"p": URIRef("http://x/a> } #")})
Traceback (most recent call last):
...
kg.stores.base.QueryError: parameter p: 'http://x/a> } #' is not an IRI that can be written safely
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from rdflib import Literal, URIRef
from rdflib.term import Identifier, Node

from kg.stores.base import QueryError
from kg.vocab import PREFIXES

__all__ = [
    "OUTSIDE_DATA",
    "QUERY_FORMS",
    "IriReference",
    "inject_values",
    "iri_references",
    "is_absolute_iri",
    "nesting_depth",
    "query_form",
    "resolve_iri",
    "sparql_term",
    "uses_keyword",
    "with_prefixes",
]

# --------------------------------------------------------------------------- query text


_ESCAPED = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_PERCENT = r"%[0-9A-Fa-f]{2}"
_PNAME = (
    r"(?:_|[^\W\d_](?:[\w\-.\u00B7]*[\w\-\u00B7])?)?:"
    rf"(?:(?:[\w:]|{_PERCENT}|{_ESCAPED})"
    rf"(?:(?:[\w\-:.\u00B7]|{_PERCENT}|{_ESCAPED})*(?:[\w\-:\u00B7]|{_PERCENT}|{_ESCAPED}))?)?"
)
_TOKEN = re.compile(
    r"""
      (?P<space>[ \t\r\n]+)
    | (?P<comment>\#[^\r\n]*)
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
    | (?P<var>[?$][\w\u00B7]+)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<pname>"""
    + _PNAME
    + r""")
    | (?P<word>[^\W\d]\w*)
    | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_UPDATE_WORDS = {
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
}
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SAFE_IRI = re.compile(r'^[^<>"{}|^`\\\x00-\x20]+$')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class _Token:
    kind: str
    start: int
    end: int
    text: str

    @property
    def keyword(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


@functools.lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[_Token, ...]:
    """The query's tokens, without white space and comments (enough to see its structure).

    Kept for the last 256 texts: the same named queries come again and again, and scanning a
    query of a few kilobytes costs about a third of a millisecond each time.
    """
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        assert match is not None  # (?P<other>.) matches any character
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            tokens.append(_Token(kind, match.start(), match.end(), match.group()))
        position = match.end()
    return tuple(tokens)


def _skip_prologue(tokens: Sequence[_Token]) -> int:
    index = 0
    while index < len(tokens):
        word = tokens[index].keyword
        if word == "BASE":
            index += 2
        elif word == "PREFIX":
            index += 3
        else:
            break
    return index


def query_form(text: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``; ``UPDATE`` for a SPARQL Update;
    ``""`` when the text starts with neither (the parser will say what is wrong).

    >>> query_form("PREFIX x: <http://x/> # CONSTRUCT\\nask { ?s ?p ?o }")
    'ASK'
    >>> query_form("DROP GRAPH <http://x/>")
    'UPDATE'
    """
    tokens = _tokens(text)
    index = _skip_prologue(tokens)
    if index >= len(tokens):
        return ""
    word = tokens[index].keyword
    if word in QUERY_FORMS:
        return word
    return "UPDATE" if word in _UPDATE_WORDS else ""


def uses_keyword(text: str, keyword: str) -> bool:
    """Whether ``keyword`` occurs in the query as a keyword (not inside an IRI, string, name
    or comment).

    >>> uses_keyword("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", "service")
    True
    >>> uses_keyword('SELECT * { ?service ?p "SERVICE" } # SERVICE', "SERVICE")
    False
    """
    keyword = keyword.upper()
    return any(token.keyword == keyword for token in _tokens(text))


def nesting_depth(text: str) -> int:
    """How deep the query's groups, lists and brackets (``{ }``, ``( )``, ``[ ]``) nest, not
    counting those inside IRIs, strings or comments.

    >>> nesting_depth('SELECT * { { ?s ?p "{{{" } FILTER (?s = <http://x/(>) }  # {{')
    2
    """
    depth = deepest = 0
    for token in _tokens(text):
        if token.kind == "other":
            if token.text in "{([":
                depth += 1
                deepest = max(deepest, depth)
            elif token.text in "})]":
                depth -= 1
    return deepest


def _where_group_start(text: str, tokens: Sequence[_Token] | None = None) -> int:
    """The offset just after the ``{`` that opens the query's outermost WHERE group."""
    tokens = _tokens(text) if tokens is None else tokens
    index = _skip_prologue(tokens)
    form = tokens[index].keyword if index < len(tokens) else ""
    if form not in QUERY_FORMS:
        raise QueryError(
            "parameters can only be bound in a SELECT, ASK, CONSTRUCT or DESCRIBE query"
        )
    index += 1
    if form == "CONSTRUCT":
        if index < len(tokens) and tokens[index].keyword == "WHERE":
            raise QueryError(
                "parameters cannot be bound in the short form CONSTRUCT WHERE { … }; "
                "write the template out: CONSTRUCT { … } WHERE { … }"
            )
        index = _skip_group(tokens, index)
    depth = 0
    for token in tokens[index:]:
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif token.text == "{" and depth == 0:
            return token.end
    raise QueryError(f"parameters cannot be bound: this {form} query has no WHERE clause")


def _skip_group(tokens: Sequence[_Token], index: int) -> int:
    """The index after the balanced ``{ … }`` that starts at ``index``."""
    if index >= len(tokens) or tokens[index].text != "{":
        raise QueryError("a CONSTRUCT query needs its template in { … }")
    depth = 0
    for position in range(index, len(tokens)):
        if tokens[position].text == "{":
            depth += 1
        elif tokens[position].text == "}":
            depth -= 1
            if depth == 0:
                return position + 1
    raise QueryError("the CONSTRUCT template's { is never closed")


def sparql_term(name: str, term: Node | object) -> str:
    """A parameter's term as SPARQL text, by rdflib's ``.n3()``, after checking it is safe.

    A plain Python value (``"en"``, ``5``, a ``date``) becomes the literal rdflib makes of it.

    >>> from rdflib import Literal
    >>> from rdflib.namespace import XSD
    >>> sparql_term("d", Literal("2010-01-01", datatype=XSD.date))
    '"2010-01-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    if not isinstance(term, Identifier) and isinstance(term, str | int | float | bool | date):
        term = Literal(term)
    if isinstance(term, URIRef):
        if not _SAFE_IRI.match(str(term)):
            raise QueryError(
                f"parameter {name}: {str(term)!r} is not an IRI that can be written safely"
            )
        if not is_absolute_iri(str(term)):  # bound after the check of relative IRIs: refuse here
            raise QueryError(
                f"parameter {name}: {str(term)!r} is a relative IRI; a parameter is a full IRI"
            )
        return term.n3()
    if isinstance(term, Literal):
        if term.datatype is not None and not _SAFE_IRI.match(str(term.datatype)):
            raise QueryError(f"parameter {name}: the datatype {str(term.datatype)!r} is not an IRI")
        if _CONTROL.search(str(term)):
            raise QueryError(f"parameter {name}: control characters are not allowed in a value")
        return term.n3()
    raise QueryError(
        f"parameter {name}: {term!r} is a {type(term).__name__}; a parameter is an IRI or a literal"
    )


def inject_values(text: str, bindings: Mapping[str, Node] | None) -> str:
    """The query with ``bindings`` bound: a one-row ``VALUES`` block first in its WHERE group,
    and, inside ``FILTER`` and ``BIND`` expressions, the terms themselves.

    The ``VALUES`` block binds the parameters for triple patterns and the projection. Writing
    the term into expressions as well changes nothing on an engine that follows the
    specification, but Virtuoso (7.2) evaluates a FILTER inside an OPTIONAL without the
    variables bound outside it, so ``OPTIONAL { ?s rdfs:label ?l FILTER (LANG(?l) = ?lang) }``
    would never match there; with the term written in, it does, on every backend. A
    parameter is left as a variable where it must stay one: as ``BOUND``'s argument and after
    ``AS``. Inside expressions, parameters are therefore seen even in nested groups and
    sub-``SELECT``s, as with rdflib's ``initBindings``.

    The rest of the text is left as it was (line numbers in error messages still match the
    file). Without bindings the text is returned unchanged.

    >>> query = "SELECT ?l { OPTIONAL { ?s ?p ?l FILTER (LANG(?l) = ?lang || !BOUND(?lang)) } }"
    >>> print(inject_values(query, {"lang": "kk"}).replace("} ", "}\\n"))
    SELECT ?l { VALUES (?lang) { ("kk") }
    OPTIONAL { ?s ?p ?l FILTER (LANG(?l) = "kk" || !BOUND(?lang)) }
    }
    """
    if not bindings:
        return text
    names, terms = [], {}
    for name, term in bindings.items():
        if not _VARIABLE_NAME.match(name):
            raise QueryError(f"{name!r} is not a variable name (letters, digits and _)")
        names.append(f"?{name}")
        terms[name] = sparql_term(name, term)
    block = f" VALUES ({' '.join(names)}) {{ ({' '.join(terms.values())}) }}"
    tokens = _tokens(text)
    edits = [(position, position, block) for position in [_where_group_start(text, tokens)]]
    edits += [
        (token.start, token.end, terms[token.text[1:]])
        for token in _expression_variables(tokens)
        if token.text[1:] in terms
    ]
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _expression_variables(tokens: Sequence[_Token]) -> Iterable[_Token]:
    """The variables of FILTER and BIND expressions that may be replaced by a constant (not
    ``BOUND``'s argument, not the variable after ``AS``, not inside an ``EXISTS { … }``)."""
    index = 0
    while index < len(tokens):
        if tokens[index].keyword not in ("FILTER", "BIND"):
            index += 1
            continue
        start = index + 1
        while start < len(tokens) and tokens[start].text != "(" and tokens[start].text != "{":
            start += 1  # a function name: FILTER regex(…), FILTER dq:f(…)
        if start >= len(tokens) or tokens[start].text == "{":
            index = start
            continue
        depth, braces, position = 0, 0, start
        while position < len(tokens):
            token = tokens[position]
            if token.text == "(":
                depth += 1
            elif token.text == ")":
                depth -= 1
                if depth == 0:
                    break
            elif token.text == "{":
                braces += 1
            elif token.text == "}":
                braces -= 1
            elif token.kind == "var" and braces == 0:
                before = tokens[position - 1]
                bound = before.text == "(" and tokens[position - 2].keyword == "BOUND"
                if before.keyword != "AS" and not bound:
                    yield token
            position += 1
        index = position + 1


# --------------------------------------------------------------------------- IRI references

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+\-.]*:")
_PARTS = re.compile(
    r"(?:(?P<scheme>[A-Za-z][A-Za-z0-9+\-.]*):)?(?://(?P<authority>[^/?#]*))?"
    r"(?P<path>[^?#]*)(?:\?(?P<query>[^#]*))?(?:#(?P<fragment>.*))?",
    re.DOTALL,
)


@dataclass(frozen=True)
class IriReference:
    """An ``<…>`` of a query's text: where it is (``start``, ``end``), what it says (``iri``,
    without the brackets), and what declares it: ``BASE`` or ``PREFIX`` in the prologue, ``""``
    anywhere else. ``declaration`` is where its declaration starts (its ``BASE`` or ``PREFIX``
    keyword), else ``start``."""

    start: int
    end: int
    iri: str
    declares: str
    declaration: int


def iri_references(text: str) -> tuple[IriReference, ...]:
    """Every ``<…>`` of the query's text in order (not inside strings or comments).

    >>> [(r.iri, r.declares) for r in iri_references("BASE <b/> PREFIX p: <x> ASK { <s> a p:o }")]
    [('b/', 'BASE'), ('x', 'PREFIX'), ('s', '')]
    """
    tokens = _tokens(text)
    prologue = _skip_prologue(tokens)
    found = []
    for index, token in enumerate(tokens):
        if token.kind != "iri":
            continue
        declares, declaration = "", token.start
        if index < prologue:
            for back, keyword in ((1, "BASE"), (2, "PREFIX")):
                if index >= back and tokens[index - back].keyword == keyword:
                    declares, declaration = keyword, tokens[index - back].start
        found.append(IriReference(token.start, token.end, token.text[1:-1], declares, declaration))
    return tuple(found)


def is_absolute_iri(iri: str) -> bool:
    """Whether ``iri`` starts with a scheme (``https:``, ``urn:``): otherwise it is a relative
    reference, which means nothing without a base IRI (RFC 3986, section 4).

    >>> is_absolute_iri("urn:x"), is_absolute_iri("state/KAZ"), is_absolute_iri("a/b:c")
    (True, False, False)
    """
    return _SCHEME.match(iri) is not None


def resolve_iri(base: str, reference: str) -> str:
    """The IRI ``reference`` names when resolved against the absolute IRI ``base``, as RFC 3986
    (section 5.2) resolves it. An absolute ``reference`` is taken as written (its dot segments
    are kept, as rdflib and Oxigraph keep them).

    Oxigraph resolves the same way but in two corner cases (compared on 22,000 pairs): a base
    with dot segments of its own (``http://h/a/./b`` resolves ``c`` to ``http://h/a/c`` here, is
    kept as ``http://h/a/./c`` there), and a ``..`` that climbs above the root of a path without
    authority (``urn:`` there, ``urn:/`` here, as the RFC says). The guard gives every engine this
    resolution, so they agree.

    >>> resolve_iri("https://w3id.org/dostastyq/id/state/KAZ", "../org/cis")
    'https://w3id.org/dostastyq/id/org/cis'
    >>> resolve_iri("urn:example:a/b", "c")  # Python's urljoin leaves this one unresolved
    'urn:example:a/c'
    """
    if is_absolute_iri(reference):
        return reference
    ref = _PARTS.fullmatch(reference)
    own = _PARTS.fullmatch(base)
    assert ref is not None and own is not None  # every part of the pattern is optional
    authority, path, query = ref["authority"], ref["path"], ref["query"]
    if authority is not None:
        path = _remove_dot_segments(path)
    else:
        authority = own["authority"]
        if not path:
            path = own["path"]
            query = own["query"] if query is None else query
        elif path.startswith("/"):
            path = _remove_dot_segments(path)
        else:
            if own["authority"] is not None and not own["path"]:
                merged = "/" + path
            else:
                merged = own["path"][: own["path"].rfind("/") + 1] + path
            path = _remove_dot_segments(merged)
    return (
        f"{own['scheme']}:"
        + ("" if authority is None else f"//{authority}")
        + path
        + ("" if query is None else f"?{query}")
        + ("" if ref["fragment"] is None else f"#{ref['fragment']}")
    )


def _remove_dot_segments(path: str) -> str:
    """RFC 3986, section 5.2.4: the path without its ``.`` and ``..`` segments."""
    output: list[str] = []
    while path:
        if path.startswith("../"):
            path = path[3:]
        elif path.startswith("./"):
            path = path[2:]
        elif path.startswith("/./") or path == "/.":
            path = "/" + path[3:]
        elif path.startswith("/../") or path == "/..":
            path = "/" + path[4:]
            if output:
                output.pop()
        elif path in (".", ".."):
            path = ""
        else:
            end = path.find("/", 1)
            end = len(path) if end < 0 else end
            output.append(path[:end])
            path = path[end:]
    return "".join(output)


OUTSIDE_DATA = {
    "SERVICE": "a federated query (SERVICE) would make this store fetch a URL",
    "FROM": "FROM and FROM NAMED name other graphs; this store holds one graph",
}
"""The keywords that would make a query reach beyond a store's own data, and why."""


def with_prefixes(text: str) -> str:
    """The query with the data model's prefixes that it does not declare itself declared in
    front, on the same first line (so line numbers in a server's error messages still match
    the query). Declaring a prefix twice is an error for some servers (RDF4J, GraphDB).

    >>> with_prefixes("PREFIX dq: <http://x/> SELECT * {}").count("PREFIX dq:")
    1
    """
    tokens = _tokens(text)
    declared = {
        tokens[index + 1].text.rstrip(":").strip()
        for index in range(min(_skip_prologue(tokens), len(tokens) - 1))
        if tokens[index].keyword == "PREFIX"
    }
    missing = " ".join(
        f"PREFIX {prefix}: <{namespace}>"
        for prefix, namespace in PREFIXES.items()
        if prefix not in declared
    )
    return f"{missing} {text}" if missing else text
