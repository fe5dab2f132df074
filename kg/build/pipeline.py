"""From sources to a checked graph: facts, rules, graph, the world layer (optional), SHACL."""

from __future__ import annotations

from pathlib import Path

from kg.build.graph import BuiltGraph, build_graph
from kg.build.ranks import add_membership_shortcuts, apply_best_rank
from kg.build.rules import check_rules, check_world_rules
from kg.build.scopes import add_scopes, read_scopes
from kg.build.validate import load_schema, validate_graph
from kg.build.world import add_world, load_world
from kg.facts.loader import load_facts
from kg.facts.records import FactErrors
from kg.world import CowDataError

__all__ = ["BuildError", "build_from_sources"]


class BuildError(ValueError):
    """The build found problems; ``problems`` lists each, naming file and line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def build_from_sources(
    facts_dir: Path,
    corpus_dir: Path,
    ontology_dir: Path,
    validate: bool = True,
    world_dir: Path | None = None,
    scopes_file: Path | None = None,
) -> BuiltGraph:
    """Load the facts, check the temporal rules, build the graph and check it against the shapes.

    With ``world_dir`` (``corpus/external/cow-igo-v3``), the Correlates of War layer is added
    beside the curated record (``kg.build.world``) and the best-rank rule applied over both.
    Raises ``BuildError`` listing every problem; nothing is written by this function.
    """
    try:
        facts = load_facts(facts_dir, corpus_dir)
    except FactErrors as err:
        raise BuildError([str(error) for error in err.errors]) from err
    rule_errors = check_rules(facts)
    if rule_errors:
        raise BuildError([str(error) for error in rule_errors])
    built = build_graph(facts)
    if world_dir is not None:
        try:
            world = load_world(world_dir)
        except CowDataError as err:
            raise BuildError([str(problem) for problem in err.problems]) from err
        world_errors = check_world_rules(facts, world.statehoods)
        if world_errors:  # a curated statehood would silence a COW spell it does not cover
            raise BuildError([str(error) for error in world_errors])
        add_world(built.graph, world)
        apply_best_rank(built.graph)
        add_membership_shortcuts(built.graph)
    if scopes_file is not None:
        try:
            add_scopes(built.graph, read_scopes(scopes_file))
        except FactErrors as err:
            raise BuildError([str(error) for error in err.errors]) from err
    if validate:
        ontology, shapes = load_schema(ontology_dir)
        violations = validate_graph(built.graph, ontology, shapes, built.origins)
        if violations:
            raise BuildError([str(violation) for violation in violations])
    return built
