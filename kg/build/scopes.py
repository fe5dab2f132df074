"""Named scopes for network analysis (``corpus/scopes.yaml``) written into the graph as
``dq:Scope`` nodes (docs/design.md, "Scopes").

A scope says which organisations' memberships enter a network, which are left out on purpose
and why, and whether only the curated record counts. ``organisations: cow`` and
``organisations: curated`` are resolved here, against the graph being built: every organisation
with a Correlates of War code, every organisation with a curated membership. An id that names
no organisation of the graph is an error with its file and line, as for a fact.

>>> from kg.examples import tiny_graph
>>> graph = tiny_graph()
>>> spec = ScopeSpec("pair", {"en": "the pair"}, {}, ("org/cis",), False, (), Location(
...     Path("scopes.yaml"), 1))
>>> add_scopes(graph, [spec])
>>> sorted(str(o) for o in graph.objects(resource("scope/pair"), DQ.scopeOrganisation))
['https://w3id.org/dostastyq/id/org/cis']
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.build.world import is_world_claim
from kg.facts.records import FactError, FactErrors, Location
from kg.vocab import DQ, LANGUAGES, resource

__all__ = ["SCOPES_FILE", "ScopeSpec", "add_scopes", "read_scopes"]

SCOPES_FILE = Path("corpus/scopes.yaml")
_RULES = ("cow", "curated")  # organisations: computed from the graph
_FIELDS = {"id", "label", "note", "organisations", "curated_only", "excludes"}


@dataclass(frozen=True)
class ScopeSpec:
    """One scope as ``corpus/scopes.yaml`` writes it."""

    id: str
    label: dict[str, str]
    note: dict[str, str]
    organisations: tuple[str, ...] | str  # ids, or a rule: "cow" or "curated"
    curated_only: bool
    excludes: tuple[tuple[str, str], ...]  # (organisation id, reason)
    location: Location


def _texts(node: yaml.Node, where: Location, field: str, errors: list[FactError]) -> dict:
    if not isinstance(node, yaml.MappingNode):
        errors.append(FactError(where, field, "must be a mapping of languages (en, kk, ru)"))
        return {}
    texts = {}
    for key, value in node.value:
        if key.value not in LANGUAGES or not isinstance(value, yaml.ScalarNode):
            errors.append(
                FactError(_at(where.path, key), field, f"{key.value!r}: not one of en, kk, ru")
            )
            continue
        texts[key.value] = str(value.value).strip()
    return texts


def _at(path: Path, node: yaml.Node) -> Location:
    return Location(path, node.start_mark.line + 1)


def read_scopes(path: Path = SCOPES_FILE) -> list[ScopeSpec]:
    """Read and check the scopes file. Raises ``FactErrors`` (file, line and field of each)."""
    errors: list[FactError] = []
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError) as err:
        raise FactErrors([FactError(Location(path, 1), "scopes", f"cannot read: {err}")]) from err
    except yaml.MarkedYAMLError as err:
        line = err.problem_mark.line + 1 if err.problem_mark else 1
        raise FactErrors([FactError(Location(path, line), "scopes", str(err.problem))]) from err
    top = dict((k.value, v) for k, v in root.value) if isinstance(root, yaml.MappingNode) else {}
    items = top.get("scopes")
    if not isinstance(items, yaml.SequenceNode):
        raise FactErrors([FactError(Location(path, 1), "scopes", "needs a list `scopes:`")])
    specs, seen = [], set()
    for item in items.value:
        where = _at(path, item)
        if not isinstance(item, yaml.MappingNode):
            errors.append(FactError(where, "scopes", "each scope must be a mapping"))
            continue
        fields = {k.value: v for k, v in item.value}
        for name in sorted(set(fields) - _FIELDS):
            errors.append(FactError(where, name, f"unknown field (expected {sorted(_FIELDS)})"))
        scope_id = fields.get("id")
        if not isinstance(scope_id, yaml.ScalarNode) or not scope_id.value:
            errors.append(FactError(where, "id", "every scope needs an id"))
            continue
        if scope_id.value in seen:
            errors.append(FactError(where, "id", f"{scope_id.value!r} is defined twice"))
        seen.add(scope_id.value)
        label = _texts(fields.get("label", yaml.ScalarNode("", "")), where, "label", errors)
        if "en" not in label:
            errors.append(FactError(where, "label", "needs an English label (en)"))
        note = _texts(fields["note"], where, "note", errors) if "note" in fields else {}
        organisations: tuple[str, ...] | str = ()
        node = fields.get("organisations")
        if isinstance(node, yaml.ScalarNode) and node.value in _RULES:
            organisations = str(node.value)
        elif isinstance(node, yaml.SequenceNode):
            organisations = tuple(str(v.value) for v in node.value)
        else:
            errors.append(
                FactError(where, "organisations", "a list of ids, or one of: cow, curated")
            )
        curated_only = fields.get("curated_only")
        only = curated_only is not None and str(curated_only.value).lower() == "true"
        if curated_only is not None and str(curated_only.value).lower() not in ("true", "false"):
            errors.append(FactError(where, "curated_only", "must be true or false"))
        excludes = []
        node = fields.get("excludes")
        for entry in node.value if isinstance(node, yaml.SequenceNode) else []:
            entry_fields = (
                {k.value: v.value for k, v in entry.value}
                if isinstance(entry, yaml.MappingNode)
                else {}
            )
            if not entry_fields.get("org") or not entry_fields.get("reason"):
                errors.append(FactError(_at(path, entry), "excludes", "each needs org and reason"))
                continue
            excludes.append((str(entry_fields["org"]), str(entry_fields["reason"])))
        specs.append(
            ScopeSpec(str(scope_id.value), label, note, organisations, only, tuple(excludes), where)
        )
    if errors:
        raise FactErrors(errors)
    return specs


def _resolve(graph: Graph, spec: ScopeSpec) -> set[URIRef]:
    if spec.organisations == "cow":
        return {s for s in graph.subjects(DQ.cowIgo, None) if isinstance(s, URIRef)}
    if spec.organisations == "curated":
        return {
            org
            for claim in graph.subjects(RDF.type, DQ.Membership)
            if not is_world_claim(graph, claim)
            for org in graph.objects(claim, DQ.organisation)
            if isinstance(org, URIRef)
        }
    return {resource(org_id) for org_id in spec.organisations}


def add_scopes(graph: Graph, specs: list[ScopeSpec]) -> None:
    """Write each scope as a ``dq:Scope`` node; raises ``FactErrors`` for ids that name no
    organisation of ``graph``."""
    errors = []
    for spec in specs:
        excluded = {resource(org_id): reason for org_id, reason in spec.excludes}
        named = set(excluded) | (
            _resolve(graph, spec) if not isinstance(spec.organisations, str) else set()
        )
        for org in sorted(named):
            if (org, RDF.type, DQ.Organisation) not in graph:
                errors.append(
                    FactError(spec.location, "organisations", f"{org} is not an organisation")
                )
        node = resource(f"scope/{spec.id}")
        graph.add((node, RDF.type, DQ.Scope))
        for lang, text in spec.label.items():
            graph.add((node, RDFS.label, Literal(text, lang=lang)))
        for lang, text in spec.note.items():
            graph.add((node, SKOS.note, Literal(text, lang=lang)))
        graph.add((node, DQ.curatedOnly, Literal(spec.curated_only, datatype=XSD.boolean)))
        for org in sorted(_resolve(graph, spec) - set(excluded)):
            graph.add((node, DQ.scopeOrganisation, org))
        for org, reason in sorted(excluded.items()):
            graph.add((node, DQ.scopeExcludes, org))
            graph.add((node, SKOS.note, Literal(f"Left out: {_short_id(org)}: {reason}.", "en")))
    if errors:
        raise FactErrors(errors)


def _short_id(org: URIRef) -> str:
    return str(org).rsplit("/id/", 1)[-1]
