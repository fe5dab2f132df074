"""Reports for curators and readers, computed from any store: the disputes (deprecated claims
beside the record), the statistics of the data sheet (:mod:`kg.report.stats`), the curated
record beside the Correlates of War (:mod:`kg.report.reconcile`)."""

from kg.report.reconcile import (
    Reconciliation,
    UnknownOrganisation,
    reconcile,
    reconciliation_markdown,
)
from kg.report.stats import (
    RECONCILE_BEGIN,
    RECONCILE_END,
    STATS_BEGIN,
    STATS_END,
    Dispute,
    DisputedSentence,
    RelationCount,
    by_sentence,
    disputes,
    entity_counts,
    reconciliation_section,
    relation_counts,
    statistics_markdown,
    with_section,
    with_statistics,
)

__all__ = [
    "RECONCILE_BEGIN",
    "RECONCILE_END",
    "STATS_BEGIN",
    "STATS_END",
    "Dispute",
    "DisputedSentence",
    "Reconciliation",
    "RelationCount",
    "UnknownOrganisation",
    "by_sentence",
    "disputes",
    "entity_counts",
    "reconcile",
    "reconciliation_markdown",
    "reconciliation_section",
    "relation_counts",
    "statistics_markdown",
    "with_section",
    "with_statistics",
]
