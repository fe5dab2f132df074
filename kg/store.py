"""Where the built graph is queried from: one interface, three backends, the same answers.

A store is opened from a specification, the same one every ``kg`` command takes as ``--store``:

=====================================  ==========================================================
``memory`` (the default)               rdflib, reading ``build/kg.ttl`` (``--graph``); nothing to
                                       install
``oxigraph:PATH``                      a pyoxigraph store on disk (a folder), filled by
                                       ``kg load --store oxigraph:PATH``; ``oxigraph`` alone reads
                                       ``--graph`` into an in-memory Oxigraph
``http(s)://…``                        any SPARQL 1.1 Protocol endpoint (Virtuoso, Fuseki,
                                       GraphDB, ``kg serve``)
=====================================  ==========================================================

Every store has ``query(text, bindings, *, timeout, max_rows)``: SELECT and ASK give a
``QueryResult`` (columns and rows of rdflib terms), CONSTRUCT and DESCRIBE an rdflib ``Graph``.

**Parameters are RDF terms, never pasted text.** ``bindings`` maps variable names to rdflib
terms (from ``kg.query.to_term``); every backend receives them the same way, as a ``VALUES``
block placed first in the query's outermost ``WHERE`` group, each term written by rdflib's
``.n3()`` after checking that it is an IRI or a literal that writes safely. First in the group,
the bindings are seen by every ``FILTER``, ``OPTIONAL`` and ``EXISTS`` of the query (a trailing
``VALUES`` after the ``WHERE`` clause would come too late for its filters); a sub-``SELECT``
sees a parameter only if it projects it. The scanner that finds the group skips IRIs, strings
and comments, so a value or a comment cannot move it:

>>> from rdflib import Literal, URIRef
>>> print(inject_values('SELECT ?x WHERE { ?x ?p ?v }  # {', {"v": Literal("a } b")}))
SELECT ?x WHERE { VALUES (?v) { ("a } b") } ?x ?p ?v }  # {
>>> inject_values("SELECT * WHERE { ?s ?p ?o }", {"p": URIRef("http://x/a> } #")})
Traceback (most recent call last):
...
kg.store.QueryError: parameter p: 'http://x/a> } #' is not an IRI that can be written safely

**Prefixes.** The data model's prefixes (``dq:``, ``dqr:``, ``rdfs:``, … see ``kg.vocab``) are
declared on every backend, so a query may leave out their ``PREFIX`` lines; a query's own
``PREFIX`` lines win.

**The endpoint's graph.** On a remote endpoint the data is one named graph, ``DATA_GRAPH``
(``https://w3id.org/dostastyq/graph``): ``kg load`` writes it and every query asks for it as
the default graph (the protocol's ``default-graph-uri``), so a shared server's other graphs never
leak into answers. Another graph is chosen in the URL, ``…/sparql?default-graph-uri=IRI``, and
``?default-graph-uri=`` (empty) asks for the server's own default graph. Credentials come from
the environment, ``KG_STORE_USER`` and ``KG_STORE_PASSWORD`` (HTTP Basic or Digest), never from
the command line, where other users of the machine could read them.

**Safety of the local stores.** ``memory`` and ``oxigraph`` answer from their own data only:
``SERVICE`` (a federated query, which would make the store fetch a URL) and ``FROM`` (which
would make rdflib download a graph) are refused.
"""

from __future__ import annotations

import ctypes
import functools
import json
import os
import re
import shutil
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol, TypeVar

from pyparsing import ParseException
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql import parser as _sparql_parser
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.processor import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier, Node

from kg.vocab import PREFIXES, bind_prefixes

DEFAULT_GRAPH_PATH = Path("build/kg.ttl")
DATA_GRAPH = "https://w3id.org/dostastyq/graph"
"""The name of our graph on a shared SPARQL server (where ``kg load`` puts it)."""

USER_VARIABLE = "KG_STORE_USER"
PASSWORD_VARIABLE = "KG_STORE_PASSWORD"
ENDPOINT_TIMEOUT = 60.0
UPDATE_CHUNK = 1000  # triples per INSERT DATA request (Virtuoso 7.2 fails at ~5,000)

STORE_FORMS = "memory, oxigraph, oxigraph:PATH, or an http(s):// SPARQL endpoint URL"


class QueryError(ValueError):
    """A query could not be parsed or run; the message says where and why."""


class QueryTimeout(QueryError):
    """A query ran longer than its timeout and was stopped."""


class StoreError(ValueError):
    """A store could not be opened, reached or loaded; the message says what to do."""


@dataclass(frozen=True)
class QueryResult:
    """The answer to a SELECT or ASK query: column names and rows of RDF terms (or None).

    ``truncated`` is true when the query had more rows than the ``max_rows`` it was run with.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]
    truncated: bool = False

    def column(self, name: str) -> list[Node | None]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


class Store(Protocol):
    description: str
    """What the store is, for people: ``memory: build/kg.ttl``."""

    def query(
        self,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult | Graph:
        """Run a SPARQL query; SELECT/ASK give a ``QueryResult``, CONSTRUCT/DESCRIBE a Graph.

        ``timeout`` (seconds) stops a query that runs longer with ``QueryTimeout``;
        ``max_rows`` keeps the first rows (or triples) and marks the result truncated.
        """
        ...

    def as_graph(self) -> Graph:
        """Every triple of the store, as an rdflib graph (for analyses that need one)."""
        ...


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


def _refuse_outside_data(text: str) -> None:
    for keyword, why in (
        ("SERVICE", "a federated query (SERVICE) would make this store fetch a URL"),
        ("FROM", "FROM and FROM NAMED name other graphs; this store holds one graph"),
    ):
        if uses_keyword(text, keyword):
            raise QueryError(f"{why}: this store answers from its own data only; leave it out")


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


# --------------------------------------------------------------------------- terms


_INTEGER_TYPES = frozenset(
    XSD[name]
    for name in (
        "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
        "long", "int", "short", "byte",
        "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    )
)  # fmt: skip


def normalise_term(term: Node | None) -> Node | None:
    """One spelling for terms that backends write differently, applied to every answer:

    - an ``xsd:string`` literal is a simple literal (RDF 1.1 says they are the same term;
      Oxigraph and Virtuoso say ``xsd:string`` where rdflib says nothing);
    - an integer of a derived type (``xsd:positiveInteger`` for ``dq:line``,
      ``xsd:nonNegativeInteger`` for ``oa:start``/``oa:end``) is an ``xsd:integer``, because
      Oxigraph stores every integer as ``xsd:integer`` and cannot give the derived type back.

    - a language tag is in lower case (tags are case-insensitive; Oxigraph and Virtuoso lower
      them, rdflib keeps them as written).

    >>> normalise_term(Literal("27", datatype=XSD.positiveInteger))
    rdflib.term.Literal('27', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    if not isinstance(term, Literal):
        return term
    if term.language is not None:
        language = term.language.lower()
        return term if language == term.language else Literal(str(term), lang=language)
    if term.datatype == XSD.string:
        return Literal(str(term))
    if term.datatype in _INTEGER_TYPES:
        return Literal(str(term), datatype=XSD.integer)
    return term


# --------------------------------------------------------------------------- timeouts

T = TypeVar("T")


class _Cancelled(BaseException):
    """Raised inside a query's worker thread to stop it (never seen outside this module)."""


class _Worker(threading.Thread):
    """Runs one query so that the caller can stop waiting, and stop the work, at a deadline.

    Python cannot kill a thread; it can raise an exception in it at the thread's next step of
    Python code. rdflib evaluates in Python, so a cancelled rdflib query stops at once; pyoxigraph
    evaluates in Rust and stops when its current call returns. The caller gets its timeout at
    the deadline either way.
    """

    def __init__(self, work: Callable[[], T]):
        super().__init__(name="kg-query", daemon=True)
        self.work = work
        self.value: object = None
        self.error: BaseException | None = None
        self.finished = threading.Event()
        self._lock = threading.Lock()
        self._running = True
        self._cancelled = False

    def run(self) -> None:
        try:
            try:
                self.value = self.work()
            except BaseException as error:
                self.error = error
            finally:
                with self._lock:
                    self._running = False
                    if self._cancelled:  # a cancel that has not landed yet never will
                        _set_async_exception(self.ident, None)
        except _Cancelled:
            pass
        finally:
            _SLOTS.release()
            self.finished.set()

    def cancel(self) -> None:
        with self._lock:
            if self._running and not self._cancelled and self.ident is not None:
                self._cancelled = True
                _set_async_exception(self.ident, _Cancelled)


def _set_async_exception(thread_id: int | None, exception: type[BaseException] | None) -> None:
    if thread_id is None:
        return
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )


CONCURRENT_QUERIES = 4
QUEUE_WAIT = 60.0
"""At most ``CONCURRENT_QUERIES`` queries with a timeout evaluate at once in a process; the
others wait for a slot, up to ``QUEUE_WAIT`` seconds, before their own timeout starts (a busy
server makes a query wait, it does not make it fail). A slot is freed when the evaluation
really ends, so queries that outlive their timeout (an Oxigraph evaluation in Rust) cannot
pile up."""
_SLOTS = threading.BoundedSemaphore(CONCURRENT_QUERIES)


class StoreBusy(QueryTimeout):
    """Every evaluation slot stayed busy for ``QUEUE_WAIT`` seconds."""


def run_with_timeout(work: Callable[[], T], timeout: float | None) -> T:
    """``work()``, or ``QueryTimeout`` after ``timeout`` seconds (``None``: no limit)."""
    if timeout is None:
        return work()
    if not _SLOTS.acquire(timeout=QUEUE_WAIT):
        raise StoreBusy(
            f"the store was busy with {CONCURRENT_QUERIES} other queries for {QUEUE_WAIT:g} s; "
            "try again later"
        )
    deadline = time.monotonic() + timeout
    worker = _Worker(work)
    try:
        worker.start()
    except BaseException:
        _SLOTS.release()
        raise
    if not worker.finished.wait(max(0.0, deadline - time.monotonic())):
        worker.cancel()
        raise QueryTimeout(
            f"the query ran longer than {timeout:g} s and was stopped; "
            "add a LIMIT or narrow its patterns"
        )
    if worker.error is not None:
        if isinstance(worker.error, _Cancelled):
            raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
        raise worker.error
    return worker.value  # type: ignore[return-value]


def _take(rows: Iterable[T], max_rows: int | None) -> tuple[list[T], bool]:
    kept: list[T] = []
    for row in rows:
        if max_rows is not None and len(kept) >= max_rows:
            return kept, True
        kept.append(row)
    return kept, False


# --------------------------------------------------------------------------- memory (rdflib)

# pyparsing, which rdflib's SPARQL parser uses, is not thread-safe (RDFLib/rdflib#1282): parse
# under a lock, and keep recent parses, since a server sees the same queries again and again.
# pyparsing also expands tabs to spaces before parsing unless told not to, which changes a tab
# inside a string literal ("a<TAB>b" became "a        b"): keep them.
_keep_tabs = getattr(_sparql_parser.Query, "parse_with_tabs", None)  # pyparsing 3
(_keep_tabs or _sparql_parser.Query.parseWithTabs)()  # pyparsing 2's name
_PARSE_LOCK = threading.Lock()
_PARSED: OrderedDict[str, Query] = OrderedDict()
_PARSED_MAX = 256
_INIT_NS = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def _parse(text: str) -> Query:
    with _PARSE_LOCK:
        if text in _PARSED:
            _PARSED.move_to_end(text)
            return _PARSED[text]
        try:
            parsed = prepareQuery(text, initNs=_INIT_NS)
        except ParseException as err:
            raise QueryError(f"the query is not valid SPARQL: {err}") from err
        except Exception as err:  # rdflib raises plain exceptions for some bad queries
            raise QueryError(f"the query is not valid SPARQL: {err}") from err
        _PARSED[text] = parsed
        if len(_PARSED) > _PARSED_MAX:
            _PARSED.popitem(last=False)
        return parsed


class MemoryStore:
    """The built graph held in memory by rdflib.

    >>> store = MemoryStore.from_file(Path("corpus/none.ttl"))
    Traceback (most recent call last):
    ...
    kg.store.StoreError: corpus/none.ttl: no built graph here; run `kg build` first
    """

    def __init__(self, graph: Graph, description: str = "memory"):
        self.graph = graph
        self.description = description

    @classmethod
    def from_file(cls, path: Path) -> MemoryStore:
        return cls(_read_graph(path), f"memory: {path}")

    def query(
        self,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult | Graph:
        _refuse_outside_data(text)  # bound values are IRIs and literals: never a keyword
        text = inject_values(text, bindings)
        return run_with_timeout(lambda: self._evaluate(text, max_rows), timeout)

    def _evaluate(self, text: str, max_rows: int | None) -> QueryResult | Graph:
        parsed = _parse(text)
        try:
            answer = evalQuery(self.graph, parsed, {})
            kind = answer["type_"]
            if kind == "ASK":
                return QueryResult(("ask",), ((Literal(bool(answer["askAnswer"])),),))
            if kind in ("CONSTRUCT", "DESCRIBE"):
                return _limit_graph(answer["graph"], max_rows)
            variables = answer.get("vars_") or parsed.algebra.get("PV") or []
            solutions, truncated = _take(answer["bindings"], max_rows)
            rows = tuple(
                tuple(normalise_term(solution.get(variable)) for variable in variables)
                for solution in solutions
            )
            return QueryResult(tuple(str(v) for v in variables), rows, truncated)
        except (QueryError, _Cancelled):
            raise
        except Exception as err:  # rdflib raises plain exceptions for unsupported constructs
            raise QueryError(f"the query failed: {err}") from err

    def as_graph(self) -> Graph:
        return self.graph


def _limit_graph(graph: Graph, max_rows: int | None) -> Graph:
    triples, truncated = _take(graph, max_rows)
    result = bind_prefixes(Graph())
    for triple in triples:
        result.add(triple)
    result.truncated = truncated  # type: ignore[attr-defined]
    return result


def _read_graph(path: Path) -> Graph:
    if not path.is_file():
        raise StoreError(f"{path}: no built graph here; run `kg build` first")
    return bind_prefixes(Graph()).parse(path, format="turtle")


# --------------------------------------------------------------------------- oxigraph


TERM_CACHE = 200_000
"""How many converted terms an Oxigraph store remembers (then it starts again)."""


class OxigraphStore:
    """The graph in pyoxigraph: in memory (``oxigraph``) or on disk (``oxigraph:PATH``).

    A store on disk is opened read-only, so any number of ``kg`` commands and servers can read
    it at once; ``OxigraphStore.create`` (``kg load``) writes a new one next to it and swaps
    it in, so a failed load leaves the old store as it was. A running ``kg serve`` keeps the
    store it opened: restart it after a load.
    """

    def __init__(self, store: object, description: str):
        self._store = store
        self.description = description
        self._terms: dict[object, Node] = {}

    @classmethod
    def from_file(cls, path: Path) -> OxigraphStore:
        """An in-memory Oxigraph store holding a Turtle file."""
        import pyoxigraph

        if not path.is_file():
            raise StoreError(f"{path}: no built graph here; run `kg build` first")
        store = pyoxigraph.Store()
        store.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
        return cls(store, f"oxigraph (in memory): {path}")

    @classmethod
    def from_graph(cls, graph: Graph) -> OxigraphStore:
        """An in-memory Oxigraph store holding an rdflib graph (used by the tests)."""
        import pyoxigraph

        store = pyoxigraph.Store()
        data = graph.serialize(format="nt", encoding="utf-8")
        store.bulk_load(input=data, format=pyoxigraph.RdfFormat.N_TRIPLES)
        return cls(store, "oxigraph (in memory)")

    @classmethod
    def open(cls, path: Path) -> OxigraphStore:
        import pyoxigraph

        if path.is_file():
            raise StoreError(
                f"oxigraph:{path} is a file; an Oxigraph store is a folder: "
                f"run `kg load --store oxigraph:build/oxigraph`, or use --store oxigraph "
                f"to read a Turtle file into memory"
            )
        if not (path / "CURRENT").is_file():
            raise StoreError(
                f"oxigraph:{path}: no Oxigraph store here; run `kg load --store oxigraph:{path}`"
            )
        try:
            store = pyoxigraph.Store.read_only(str(path))
        except OSError as err:
            raise StoreError(f"oxigraph:{path}: cannot open the store: {err}") from err
        return cls(store, f"oxigraph: {path}")

    @classmethod
    def create(cls, path: Path, source: Path) -> int:
        """Bulk-load the Turtle file ``source`` into a new store at ``path``; the number of
        triples. An existing store at ``path`` is replaced only once the new one is complete."""
        import pyoxigraph

        if not source.is_file():
            raise StoreError(f"{source}: no built graph here; run `kg build` first")
        if path.exists() and not (path / "CURRENT").is_file():
            raise StoreError(
                f"{path} exists and is not an Oxigraph store; refusing to replace it "
                f"(choose another folder, or remove it)"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_name(f".{path.name}.loading-{uuid.uuid4().hex[:8]}")
        try:
            store = pyoxigraph.Store(str(staging))
            store.bulk_load(path=str(source), format=pyoxigraph.RdfFormat.TURTLE)
            store.flush()
            count = len(store)
            del store  # closes the database before it is moved
        except (OSError, SyntaxError, ValueError) as err:
            shutil.rmtree(staging, ignore_errors=True)
            raise StoreError(f"oxigraph:{path}: loading {source} failed: {err}") from err
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        old = path.with_name(f".{path.name}.old-{uuid.uuid4().hex[:8]}")
        if path.exists():
            path.rename(old)
        staging.rename(path)
        shutil.rmtree(old, ignore_errors=True)
        return count

    def query(
        self,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult | Graph:
        _refuse_outside_data(text)  # bound values are IRIs and literals: never a keyword
        text = inject_values(text, bindings)
        return run_with_timeout(lambda: self._evaluate(text, max_rows), timeout)

    def _evaluate(self, text: str, max_rows: int | None) -> QueryResult | Graph:
        import pyoxigraph

        try:
            answer = self._store.query(text, prefixes=_INIT_NS)  # type: ignore[attr-defined]
            if isinstance(answer, pyoxigraph.QueryBoolean):
                return QueryResult(("ask",), ((Literal(bool(answer)),),))
            if isinstance(answer, pyoxigraph.QuerySolutions):
                names = [variable.value for variable in answer.variables]
                solutions, truncated = _take(answer, max_rows)
                term = self._term
                rows = tuple(
                    tuple(term(solution[name]) for name in names) for solution in solutions
                )
                return QueryResult(tuple(names), rows, truncated)
            triples, truncated = _take(answer, max_rows)
        except SyntaxError as err:
            raise QueryError(f"the query is not valid SPARQL: {err}") from err
        except (OSError, ValueError, TypeError) as err:
            raise QueryError(f"the query failed: {err}") from err
        graph = bind_prefixes(Graph())
        for triple in triples:
            graph.add(
                (
                    _from_oxigraph(triple.subject),
                    _from_oxigraph(triple.predicate),
                    _from_oxigraph(triple.object),
                )
            )
        graph.truncated = truncated  # type: ignore[attr-defined]
        return graph

    def _term(self, term: object) -> Node | None:
        """``_from_oxigraph(term)``, remembered: answers repeat the same terms (states, roles,
        dates), and making an rdflib term costs microseconds (a date literal is parsed), which
        for a large answer cost as much as evaluating the query."""
        if term is None:
            return None
        found = self._terms.get(term)
        if found is None:
            if len(self._terms) >= TERM_CACHE:
                self._terms.clear()
            found = self._terms[term] = _from_oxigraph(term)  # type: ignore[assignment]
        return found

    def as_graph(self) -> Graph:
        import pyoxigraph

        graph = bind_prefixes(Graph())
        for quad in self._store.quads_for_pattern(  # type: ignore[attr-defined]
            None, None, None, pyoxigraph.DefaultGraph()
        ):
            graph.add(
                (_from_oxigraph(quad.subject), _from_oxigraph(quad.predicate),
                 _from_oxigraph(quad.object))
            )  # fmt: skip
        return graph


def _from_oxigraph(term: object) -> Node | None:
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return normalise_term(Literal(term.value, lang=term.language))
        return normalise_term(Literal(term.value, datatype=URIRef(term.datatype.value)))
    raise QueryError(f"unsupported term in an answer: {term!r}")


# --------------------------------------------------------------------------- SPARQL endpoint

_RESULTS_JSON = "application/sparql-results+json"
_GRAPH_ACCEPT = "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.5"
_GRAPH_FORMATS = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/rdf+n3": "n3",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


class EndpointStore:
    """Any SPARQL 1.1 Protocol endpoint: queries by HTTP POST, answers in SPARQL JSON (SELECT,
    ASK) or Turtle (CONSTRUCT, DESCRIBE).

    >>> EndpointStore("http://me:secret@127.0.0.1:8890/sparql")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.store.StoreError: put credentials in KG_STORE_USER and KG_STORE_PASSWORD, not in the URL ...
    """

    def __init__(self, url: str, graph: str | None = DATA_GRAPH, timeout: float = ENDPOINT_TIMEOUT):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreError(f"{url!r} is not an http(s) URL of a SPARQL endpoint")
        if parts.username or parts.password:
            raise StoreError(
                f"put credentials in {USER_VARIABLE} and {PASSWORD_VARIABLE}, not in the URL "
                "(a command line is visible to every user of the machine)"
            )
        query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        named = [value for key, value in query if key == "default-graph-uri"]
        if named:
            graph = named[-1] or None
        rest = urllib.parse.urlencode([(k, v) for k, v in query if k != "default-graph-uri"])
        self.url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, rest, ""))
        self.graph = graph
        self.timeout = timeout
        self.description = f"endpoint: {self.url}" + (f" (graph <{graph}>)" if graph else "")
        self._credentials = _credentials()
        self._opener = _opener(self.url, self._credentials)

    # -- queries

    def query(
        self,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult | Graph:
        text = with_prefixes(inject_values(text, bindings))
        form = query_form(text)
        if form == "UPDATE":
            raise QueryError(
                "this is a SPARQL Update, not a query; use `kg load` to change a store"
            )
        fields = [("query", text)]
        if self.graph:
            fields.append(("default-graph-uri", self.graph))
        accept = _GRAPH_ACCEPT if form in ("CONSTRUCT", "DESCRIBE") else _RESULTS_JSON
        _status, content_type, body = self._post(
            urllib.parse.urlencode(fields).encode(),
            "application/x-www-form-urlencoded",
            accept,
            timeout or self.timeout,
        )
        media = content_type.split(";")[0].strip().lower()
        if media in _GRAPH_FORMATS:
            graph = bind_prefixes(Graph())
            try:
                graph.parse(data=body, format=_GRAPH_FORMATS[media])
            except Exception as err:
                raise QueryError(f"{self.url} sent a graph that does not parse: {err}") from err
            return _limit_graph(graph, max_rows)
        try:
            answer = json.loads(body)
        except ValueError as err:
            raise QueryError(
                f"{self.url} answered {content_type or 'without a content type'}, not SPARQL JSON "
                f"results: {body[:200]!r}"
            ) from err
        return _from_results_json(answer, max_rows)

    def as_graph(self) -> Graph:
        result = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        assert isinstance(result, Graph)
        return result

    # -- loading

    def load(self, source: Path, via: str = "update") -> int:
        """Replace the store's graph with the Turtle file ``source``; the number of triples.

        ``via="update"`` sends SPARQL Update requests to this URL (``INSERT DATA`` into a
        staging graph, then ``MOVE`` onto ``self.graph``, so readers never see half a graph);
        ``via="gsp"`` PUTs the file with the Graph Store Protocol (``?graph=``).
        """
        if not self.graph:
            raise StoreError("loading needs a named graph: leave out ?default-graph-uri= (empty)")
        graph = _read_graph(source)
        if via == "gsp":
            body = graph.serialize(format="turtle", encoding="utf-8")
            url = _with_query(self.url, [("graph", self.graph)])
            self._send(url, "PUT", body, "text/turtle; charset=utf-8")
            return len(graph)
        if via != "update":
            raise StoreError(f"unknown loading method {via!r} (expected: update or gsp)")
        staging = f"{self.graph}/loading-{uuid.uuid4().hex[:12]}"
        lines = sorted(graph.serialize(format="nt", encoding="utf-8").decode().splitlines())
        lines = [line for line in lines if line.strip()]
        try:
            self._update(f"DROP SILENT GRAPH <{staging}>")
            for start in range(0, len(lines), UPDATE_CHUNK):
                chunk = "\n".join(lines[start : start + UPDATE_CHUNK])
                self._update(f"INSERT DATA {{ GRAPH <{staging}> {{\n{chunk}\n}} }}")
            self._update(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{self.graph}>")
        except BaseException:
            try:
                self._update(f"DROP SILENT GRAPH <{staging}>")
            except (StoreError, QueryError):
                pass
            raise
        return len(lines)

    def _update(self, text: str) -> None:
        self._send(
            self.url,
            "POST",
            urllib.parse.urlencode([("update", text)]).encode(),
            "application/x-www-form-urlencoded",
        )

    # -- HTTP

    def _send(self, url: str, method: str, body: bytes, content_type: str) -> None:
        self._request(url, method, body, content_type, "*/*", self.timeout)

    def _post(
        self, body: bytes, content_type: str, accept: str, timeout: float
    ) -> tuple[int, str, bytes]:
        return self._request(self.url, "POST", body, content_type, accept, timeout)

    def _request(
        self, url: str, method: str, body: bytes, content_type: str, accept: str, timeout: float
    ) -> tuple[int, str, bytes]:
        request = urllib.request.Request(
            url,
            data=body,
            method=method,
            headers={"Content-Type": content_type, "Accept": accept, "User-Agent": "dostastyq-kg"},
        )
        try:
            with self._opener.open(request, timeout=timeout) as response:
                return response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as err:
            message = err.read().decode("utf-8", errors="replace").strip()
            if len(message) > 800:
                message = message[:800] + " …"
            if err.code == 401:
                raise StoreError(
                    f"{url} asks for credentials: set {USER_VARIABLE} and {PASSWORD_VARIABLE}"
                    + (" (the ones set were refused)" if self._credentials else "")
                ) from err
            if err.code == 403:
                raise StoreError(f"{url} refused the request (403): {message}") from err
            if err.code == 404:
                raise StoreError(f"no SPARQL service at {url} (404)") from err
            if err.code in (400, 406, 415):
                raise QueryError(f"{url} refused the request ({err.code}): {message}") from err
            if err.code in (503, 504) and "time" in message.lower():
                raise QueryTimeout(f"{url} stopped the query ({err.code}): {message}") from err
            raise QueryError(f"{url} failed ({err.code}): {message}") from err
        except TimeoutError as err:
            raise QueryTimeout(f"{url} did not answer within {timeout:g} s") from err
        except urllib.error.URLError as err:
            if isinstance(err.reason, TimeoutError):
                raise QueryTimeout(f"{url} did not answer within {timeout:g} s") from err
            raise StoreError(f"cannot reach {url}: {err.reason}; is the server running?") from err
        except (ConnectionError, OSError) as err:
            raise StoreError(f"cannot reach {url}: {err}; is the server running?") from err


def _with_query(url: str, extra: list[tuple[str, str]]) -> str:
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True) + extra
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def _credentials() -> tuple[str, str] | None:
    user, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
    return (user, password or "") if user else None


def _opener(url: str, credentials: tuple[str, str] | None) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({})]
    if credentials:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, *credentials)
        handlers += [
            urllib.request.HTTPDigestAuthHandler(passwords),
            urllib.request.HTTPBasicAuthHandler(passwords),
        ]
    return urllib.request.build_opener(*handlers)


def _from_results_json(answer: dict, max_rows: int | None) -> QueryResult:
    if "boolean" in answer:
        return QueryResult(("ask",), ((Literal(bool(answer["boolean"])),),))
    try:
        columns = tuple(answer["head"]["vars"])
        bindings = answer["results"]["bindings"]
    except (KeyError, TypeError) as err:
        raise QueryError(f"the endpoint's answer is not SPARQL JSON results: {err}") from err
    solutions, truncated = _take(bindings, max_rows)
    rows = tuple(
        tuple(_from_json_term(solution.get(column)) for column in columns) for solution in solutions
    )
    return QueryResult(columns, rows, truncated)


def _from_json_term(value: dict | None) -> Node | None:
    if value is None:
        return None
    kind, text = value.get("type"), value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in (
        "literal",
        "typed-literal",
    ):  # typed-literal: the 2008 draft, still used by Virtuoso
        if value.get("xml:lang"):
            return normalise_term(Literal(text, lang=value["xml:lang"]))
        if value.get("datatype"):
            return normalise_term(Literal(text, datatype=URIRef(value["datatype"])))
        return Literal(text)
    raise QueryError(f"unknown term type {kind!r} in the endpoint's answer")


# --------------------------------------------------------------------------- opening


def open_store(spec: str = "memory", graph_path: Path = DEFAULT_GRAPH_PATH) -> Store:
    """Open a store by its specification (``memory``, ``oxigraph``, ``oxigraph:PATH`` or an
    endpoint URL); ``memory`` and ``oxigraph`` read ``graph_path``.

    >>> open_store("sqlite:kg.db")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.store.StoreError: unknown store 'sqlite:kg.db' (expected: memory, oxigraph, ...)
    """
    spec = spec.strip()
    if spec == "memory":
        return MemoryStore.from_file(graph_path)
    if spec == "oxigraph":
        return OxigraphStore.from_file(graph_path)
    if spec.startswith("oxigraph:"):
        return OxigraphStore.open(Path(spec.removeprefix("oxigraph:")))
    if spec.startswith(("http://", "https://")):
        return EndpointStore(spec)
    raise StoreError(f"unknown store {spec!r} (expected: {STORE_FORMS})")


def load_store(spec: str, source: Path = DEFAULT_GRAPH_PATH, via: str = "update") -> int:
    """Put the built graph ``source`` into the store ``spec``, replacing what it held there;
    the number of triples loaded."""
    spec = spec.strip()
    if spec in ("memory", "oxigraph"):
        raise StoreError(
            f"the {spec} store reads the graph file itself (--graph); there is nothing to load. "
            "Load into oxigraph:PATH or an endpoint URL"
        )
    if spec.startswith("oxigraph:"):
        return OxigraphStore.create(Path(spec.removeprefix("oxigraph:")), source)
    if spec.startswith(("http://", "https://")):
        return EndpointStore(spec).load(source, via)
    raise StoreError(f"unknown store {spec!r} (expected: {STORE_FORMS})")
