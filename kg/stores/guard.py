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
   put it.

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
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Collection

from pyparsing import ParseException
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from kg.stores.base import OutsideDataError, QueryError
from kg.stores.text import OUTSIDE_DATA, nesting_depth, uses_keyword

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
    for node in _nodes(tree):
        if node.name == "ServiceGraphPattern":
            _refuse("SERVICE")
        if node.name == "DatasetClause":
            graph = node.get("default", node.get("named"))
            if str(graph) not in allowed_graphs:
                _refuse("FROM", f"<{graph}>")
    if uses_keyword(plain, "SERVICE"):
        _refuse("SERVICE")
    return plain


def _refuse(keyword: str, what: str = "") -> None:
    named = f" ({what})" if what else ""
    raise OutsideDataError(
        keyword,
        f"{OUTSIDE_DATA[keyword]}{named}: this store answers from its own data only; leave it out",
    )


def _nodes(tree: object) -> list[CompValue]:
    """Every ``CompValue`` of a parse tree, without recursion (the tree is as deep as the
    query, which is bounded, but a stack of our own costs nothing)."""
    found: list[CompValue] = []
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or type(item).__name__ == "ParseResults":
            stack.extend(item)  # type: ignore[arg-type]
    return found
