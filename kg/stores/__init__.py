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

Every store has ``query(text, bindings, *, timeout, max_rows)``: one answer type per query form,
as pyoxigraph has. SELECT and ASK give a ``QueryResult`` (columns and rows of rdflib terms),
CONSTRUCT and DESCRIBE a ``GraphResult`` (its ``graph``, an rdflib ``Graph``); both say whether
``max_rows`` cut the answer (``truncated``).

**Parameters are RDF terms, never pasted text.** ``bindings`` maps variable names to rdflib
terms (from ``kg.queries.to_term``); every backend receives them the same way, as a ``VALUES``
block placed first in the query's outermost ``WHERE`` group, each term written by rdflib's
``.n3()`` after checking that it is an IRI or a literal that writes safely. First in the group,
the bindings are seen by every ``FILTER``, ``OPTIONAL`` and ``EXISTS`` of the query (a trailing
``VALUES`` after the ``WHERE`` clause would come too late for its filters); a sub-``SELECT``
sees a parameter only if it projects it. The scanner that finds the group (``kg.stores.text``)
skips IRIs, strings and comments, so a value or a comment cannot move it.

**Prefixes.** The data model's prefixes (``dq:``, ``dqr:``, ``rdfs:``, … see ``kg.vocab``) are
declared on every backend, so a query may leave out their ``PREFIX`` lines; a query's own
``PREFIX`` lines win. A relative IRI (``<state/KAZ>``) needs a ``BASE`` declared before it, or
the local stores refuse the query (``kg.stores.guard``).

**The endpoint's graph.** On a remote endpoint the data is one named graph, ``DATA_GRAPH``
(``https://w3id.org/dostastyq/graph``): ``kg load`` writes it and every query asks for it as
the default graph (the protocol's ``default-graph-uri``), so a shared server's other graphs never
leak into answers. Another graph is chosen in the URL, ``…/sparql?default-graph-uri=IRI``, and
``?default-graph-uri=`` (empty) asks for the server's own default graph. Credentials come from
the environment, ``KG_STORE_USER`` and ``KG_STORE_PASSWORD`` (HTTP Basic or Digest), never from
the command line, where other users of the machine could read them.

**Safety of the local stores.** ``memory`` and ``oxigraph`` answer from their own data only:
``SERVICE`` (a federated query, which would make the store fetch a URL) and ``FROM`` (which
would make rdflib download a graph) are refused with an ``OutsideDataError``, and a query over
the size or nesting limits with a ``QueryRefused``. ``kg.stores.guard.checked_query`` decides,
on the parsed query (codepoint escapes expanded, as the grammar does), for ``kg serve`` too.

The modules: ``base`` (the protocol, answers, errors), ``text`` (the query text scanner),
``guard`` (what a query may reach, and its size and depth),
``limits`` (timeouts, concurrency, row limits), one per backend (``memory``, ``oxigraph``,
``endpoint``), and ``opening`` (a store from its specification).
"""

from kg.stores.base import (
    DATA_GRAPH,
    DEFAULT_GRAPH_PATH,
    STORE_FORMS,
    GraphResult,
    OutsideDataError,
    QueryError,
    QueryResult,
    QueryTimeout,
    Store,
    StoreError,
)
from kg.stores.endpoint import EndpointStore
from kg.stores.limits import StoreBusy, run_with_timeout
from kg.stores.memory import MemoryStore
from kg.stores.opening import load_store, open_store
from kg.stores.oxigraph import OxigraphStore
from kg.stores.text import inject_values, query_form

__all__ = [
    "DATA_GRAPH",
    "DEFAULT_GRAPH_PATH",
    "STORE_FORMS",
    "EndpointStore",
    "GraphResult",
    "MemoryStore",
    "OutsideDataError",
    "OxigraphStore",
    "QueryError",
    "QueryResult",
    "QueryTimeout",
    "Store",
    "StoreBusy",
    "StoreError",
    "inject_values",
    "load_store",
    "open_store",
    "query_form",
    "run_with_timeout",
]
