"""The web (the last step of the flow): the SPARQL endpoint ``kg serve`` and the explorer page.

The modules: ``service`` (``SparqlService``: requests to responses, no sockets), ``formats``
(content negotiation and result writers), ``description`` (the SPARQL service description),
``pages`` (the HTML pages), ``server`` (the service as a WSGI application, served by
waitress), ``explorer`` (the offline explorer page), ``templating`` (the one Jinja2 environment
of every page, and ``script_json``). Templates are in ``templates/``, the pages' scripts and
styles in ``static/``.
"""

from __future__ import annotations

from kg.web.explorer import InlinePage, explorer_html, explorer_page
from kg.web.server import make_server
from kg.web.service import ServeConfig, SparqlService

__all__ = [
    "InlinePage",
    "ServeConfig",
    "SparqlService",
    "explorer_html",
    "explorer_page",
    "make_server",
]
