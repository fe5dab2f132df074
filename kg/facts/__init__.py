"""Curated facts: YAML files in ``corpus/facts/`` loaded into typed, checked records.

The format is described for curators in ``corpus/facts/README.md``. Loading happens before any
RDF is made and reports every problem at once, each naming the file, line and field::

    corpus/facts/cis.yaml:42: membership.start: '1993-13' is not a date (YYYY, ...)

>>> from pathlib import Path
>>> facts = load_facts(Path("corpus/facts"), Path("corpus"))
>>> facts.entities["state/KAZ"].labels["kk"]
'Қазақстан'

The modules: ``records`` (the typed records), ``nodes`` (YAML nodes read with their lines),
``loader`` (every fact file into one ``FactBase``), ``checks`` (what only every file read
together can tell: references, alternative names, overlapping statehood spells).
"""

from __future__ import annotations

from kg.facts.loader import fact_files, load_facts
from kg.facts.records import (
    Accession,
    Entity,
    Evidence,
    ExternalEvidence,
    FactBase,
    FactError,
    FactErrors,
    Founding,
    Location,
    Membership,
    PartyAct,
    Ratification,
    Relation,
    Signing,
    Statehood,
    Succession,
    Term,
    TextEvidence,
    Withdrawal,
)

__all__ = [
    "Accession",
    "Entity",
    "Evidence",
    "ExternalEvidence",
    "FactBase",
    "FactError",
    "FactErrors",
    "Founding",
    "Location",
    "Membership",
    "PartyAct",
    "Ratification",
    "Relation",
    "Signing",
    "Statehood",
    "Succession",
    "Term",
    "TextEvidence",
    "Withdrawal",
    "fact_files",
    "load_facts",
]
