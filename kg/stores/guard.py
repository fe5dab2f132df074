"""What a query may reach, and how large and deep it may be, decided on the query as the SPARQL
grammar reads it, before any engine sees it.

A check on the raw text can be fooled: the grammar expands codepoint escapes before it parses
(SPARQL 1.1, section 19.2), so ``\\u0053ERVICE`` is the keyword ``SERVICE`` to rdflib and to
Oxigraph, and both would fetch the URL it names for whoever sent the query. So
:func:`checked_query`

1. refuses a query longer than ``MAX_QUERY_CHARACTERS``, before anything reads it;
2. expands the codepoint escapes, as the grammar does, and from here on looks only at that
   text, which is also the text the engine is given (so the engine reads what was checked);
3. refuses a query nested deeper than ``MAX_NESTING`` groups, lists or brackets (counted on its
   tokens: strings, IRIs and comments do not count): 2,500 nested ``{ }`` crash Oxigraph's
   parser, and a deep query is a slow parse for rdflib's;
4. parses it with rdflib's SPARQL 1.1 parser and walks the parse tree: no ``SERVICE`` pattern
   anywhere, and no ``FROM`` or ``FROM NAMED`` but the graphs ``allowed_graphs`` names (none
   for the local stores, whose one graph is their default graph);
5. as a second wall, refuses any ``SERVICE`` keyword among the tokens, wherever the parse tree
   put it;
6. refuses a relative IRI reference (``<state/KAZ>``, ``<#x>``: no scheme) that no ``BASE``
   declared before it resolves, decided on the parse tree. When the query declares a ``BASE``,
   the engine is given the query with every relative IRI resolved (RFC 3986, by
   ``kg.stores.text.resolve_iri``: rdflib leaves some unresolved, ``<c>`` against
   ``<urn:x:a/b>``, and Oxigraph differs in corner cases) and its ``BASE`` declarations blanked
   out, so that no engine resolves anything and all give one answer. Prefixed names and ``a``
   are never relative (a ``PREFIX`` declared relative is refused or resolved like any IRI).

A query rdflib's parser cannot read is refused (400), whatever the engine: the rule is SPARQL
1.1 as that parser reads it.

>>> checked_query("SELECT * WHERE { ?s ?p ?o }")
'SELECT * WHERE { ?s ?p ?o }'
>>> checked_query("SELECT ?x WHERE { \\\\u0053ERVICE <http://127.0.0.1:9/> { ?x ?p ?o } }")
Traceback (most recent call last):
...
kg.stores.base.OutsideDataError: a federated query (SERVICE) would make this store fetch a URL: ...
>>> checked_query("SELECT * { " * 100 + "}" * 100)
Traceback (most recent call last):
...
kg.stores.guard.QueryRefused: the query is nested 100 deep; at most 16 groups, lists or brackets ...
>>> checked_query("SELECT * WHERE { <state/KAZ> ?p ?o }")
Traceback (most recent call last):
...
kg.stores.guard.QueryRefused: the query uses the relative IRI <state/KAZ> and declares no BASE ...
>>> print(checked_query("BASE <https://w3id.org/dostastyq/id/>\\nASK { <state/KAZ> ?p ?o }"))
<BLANKLINE>
ASK { <https://w3id.org/dostastyq/id/state/KAZ> ?p ?o }
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Collection

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef

from kg.stores.base import OutsideDataError, QueryError
from kg.stores.text import (
    OUTSIDE_DATA,
    iri_references,
    is_absolute_iri,
    nesting_depth,
    resolve_iri,
    uses_keyword,
)

__all__ = ["MAX_NESTING", "MAX_QUERY_CHARACTERS", "PARSE_LOCK", "QueryRefused", "checked_query"]

MAX_QUERY_CHARACTERS = 65_536
"""The longest query accepted: 20 times the longest named query. rdflib's parser reads about
100 kB a second and holds Python's lock meanwhile, so a limit here bounds the time one query
can stop every other thread before any engine is involved."""
MAX_NESTING = 16
"""The deepest nesting of ``{ }``, ``( )`` and ``[ ]`` accepted. The queries of kg reach 8;
rdflib's parser exhausts Python's recursion limit at 26 nested parentheses (38 groups), and
Oxigraph's crashes the process at about 2,500 groups."""

PARSE_LOCK = threading.Lock()
"""pyparsing, which rdflib's SPARQL parser uses, is not thread-safe (RDFLib/rdflib#1282): every
parse in the process takes this lock."""


class QueryRefused(QueryError):
    """A query over one of the limits; the message names the limit."""


def checked_query(text: str, allowed_graphs: Collection[str] = ()) -> str:
    """The query as an engine should be given it (codepoint escapes expanded), once it is
    within the limits and reaches no data but the store's own; else ``QueryRefused``,
    ``OutsideDataError`` or ``QueryError`` (it does not parse), each with a message for the
    client. ``allowed_graphs``: the graph IRIs a ``FROM`` or ``FROM NAMED`` may name."""
    if len(text) > MAX_QUERY_CHARACTERS:
        raise QueryRefused(
            f"the query is {len(text):,} characters long; at most {MAX_QUERY_CHARACTERS:,} "
            "are accepted"
        )
    return _checked(text, frozenset(allowed_graphs))


@functools.lru_cache(maxsize=512)
def _checked(text: str, allowed_graphs: frozenset[str]) -> str:
    # The same queries come again and again (named queries, a page's examples): a parse costs
    # milliseconds, a cached answer nothing. Refusals raise, and are not kept.
    plain = expandUnicodeEscapes(text)
    depth = nesting_depth(plain)
    if depth > MAX_NESTING:
        raise QueryRefused(
            f"the query is nested {depth} deep; at most {MAX_NESTING} groups, lists or brackets "
            "inside one another are accepted"
        )
    try:
        with PARSE_LOCK:
            tree = parseQuery(plain)
    except ParseException as err:
        raise QueryError(f"the query is not valid SPARQL: {err}") from err
    except RecursionError as err:  # a nesting the count above cannot see (it never should)
        raise QueryRefused("the query is nested too deeply to be read") from err
    except Exception as err:  # rdflib raises plain exceptions for some bad queries
        raise QueryError(f"the query is not valid SPARQL: {err}") from err
    base, resolved = _resolved(plain, tree)
    for node in _nodes(tree):
        if node.name == "ServiceGraphPattern":
            _refuse("SERVICE")
        if node.name == "DatasetClause":
            graph = str(node.get("default", node.get("named")))
            graph = graph if base is None else resolve_iri(base, graph)
            if graph not in allowed_graphs:
                _refuse("FROM", f"<{graph}>")
    if uses_keyword(plain, "SERVICE"):
        _refuse("SERVICE")
    return resolved


def _resolved(text: str, tree: ParseResults) -> tuple[str | None, str]:
    """The query's last ``BASE`` (``None`` without one), and its text with every relative IRI
    resolved and the ``BASE`` declarations blanked out (white space in their place, so that line
    and column numbers stay); ``QueryRefused`` for a relative IRI no ``BASE`` resolves.

    Which IRIs are relative, and which ``BASE`` is in force for each, comes from the parse tree
    (``tree[0]`` is the prologue, in order; the rest is the query); the text scanner only finds
    them in the text, and a query in which it cannot find them all is refused."""
    base: str | None = None
    declared: list[tuple[str, str]] = []  # (BASE or PREFIX, its IRI resolved), in order
    for declaration in tree[0]:
        iri = str(declaration["iri"])
        if not is_absolute_iri(iri):
            iri = resolve_iri(base, iri) if base is not None else _no_base(iri)
        kind = "BASE" if declaration.name == "Base" else "PREFIX"
        base = iri if kind == "BASE" else base
        declared.append((kind, iri))
    relative = {  # (a set: the tree repeats the subject of ``;`` and ``,`` lists)
        str(item)
        for item in _parts(tree[1:])
        if isinstance(item, URIRef) and not is_absolute_iri(item)
    }
    references = iri_references(text)
    if base is None:
        if relative:
            first = [r.iri for r in references if r.iri in relative] or sorted(relative)
            _no_base(first[0])
        return None, text
    head = [r for r in references if r.declares]
    # What the scanner takes for an IRI the grammar may not (``FILTER (?a<?b&&?c>?d)`` compares):
    # only the IRIs the tree says are relative are resolved, and the text must have them all.
    rest = [r for r in references if not r.declares and r.iri in relative]
    if [kind for kind, _ in declared] != [r.declares for r in head] or relative - {
        r.iri for r in rest
    }:
        raise QueryRefused(  # the scanner reads the text otherwise than the grammar: never guess
            "the query's relative IRIs could not be resolved against its BASE; write full IRIs"
        )
    edits = []
    for reference, (kind, iri) in zip(head, declared, strict=True):
        if kind == "BASE":
            blank = re.sub(r"[^\r\n]", " ", text[reference.declaration : reference.end])
            edits.append((reference.declaration, reference.end, blank))
        elif reference.iri != iri:
            edits.append((reference.start, reference.end, f"<{iri}>"))
    edits += [(r.start, r.end, f"<{resolve_iri(base, r.iri)}>") for r in rest]
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return base, text


def _no_base(iri: str) -> str:
    raise QueryRefused(
        f"the query uses the relative IRI <{iri}> and declares no BASE before it: write the full "
        "IRI, or declare a BASE (an absolute IRI) before it"
    )


def _refuse(keyword: str, what: str = "") -> None:
    named = f" ({what})" if what else ""
    raise OutsideDataError(
        keyword,
        f"{OUTSIDE_DATA[keyword]}{named}: this store answers from its own data only; leave it out",
    )


def _nodes(tree: object) -> list[CompValue]:
    """Every ``CompValue`` of a parse tree."""
    return [item for item in _parts(tree) if isinstance(item, CompValue)]


def _parts(tree: object) -> list[object]:
    """Every part of a parse tree (its ``CompValue`` nodes and the terms in them), without
    recursion (the tree is as deep as the query, which is bounded, but a stack of our own costs
    nothing)."""
    found: list[object] = []
    stack = [tree]
    while stack:
        item = stack.pop()
        found.append(item)
        if isinstance(item, CompValue):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or type(item).__name__ == "ParseResults":
            stack.extend(item)  # type: ignore[arg-type]
    return found
