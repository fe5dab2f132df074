"""Reports for curators and readers, computed from any store: the disputes (deprecated claims
beside the record), the statistics of the data sheet (:mod:`kg.report.stats`)."""

from kg.report.reconcile import (
    Reconciliation,
    UnknownOrganisation,
    reconcile,
    reconciliation_markdown,
)
from kg.report.stats import (
    STATS_BEGIN,
    STATS_END,
    Dispute,
    RelationCount,
    disputes,
    entity_counts,
    relation_counts,
    statistics_markdown,
    with_statistics,
)

__all__ = [
    "STATS_BEGIN",
    "STATS_END",
    "Dispute",
    "Reconciliation",
    "RelationCount",
    "UnknownOrganisation",
    "disputes",
    "entity_counts",
    "reconcile",
    "reconciliation_markdown",
    "relation_counts",
    "statistics_markdown",
    "with_statistics",
]
