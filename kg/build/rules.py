"""Temporal rules the build checks beyond the fact format and the SHACL shapes.

Each rule reads the checked facts and returns ``FactError`` values that name the fact file and
line, so they are reported together with every other problem. Dates known only to the month or
year are compared generously: a rule fails only when no day the dates can mean satisfies it.
Deprecated claims are exempt: they are kept because they are wrong.

The rules (docs/design.md, "Quality bars"):

- a membership lies inside its organisation's lifetime (``inception``, ``dissolution``);
- a withdrawal from an organisation ends a membership of that state in it on the same day, and a
  membership ended by withdrawal has that withdrawal;
- the founders of an organisation are members of it from its founding date.
"""

from __future__ import annotations

from kg.dates import PartialDate
from kg.facts.records import FactBase, FactError, Membership

__all__ = [
    "RULES",
    "check_rules",
    "founders_are_members",
    "membership_within_lifetime",
    "withdrawals_end_memberships",
]

# ``end after start`` is checked where each record is read (kg.facts), so it is not repeated here.


def _live(relations):
    return [relation for relation in relations if relation.rank != "deprecated"]


def membership_within_lifetime(facts: FactBase) -> list[FactError]:
    errors = []
    for m in _live(facts.memberships):
        organisation = facts.entities[m.organisation]
        inception, dissolution = organisation.inception, organisation.dissolution
        if inception and m.start.latest < inception.earliest:
            errors.append(
                FactError(
                    m.location,
                    "membership.start",
                    f"{m.start} is before {m.organisation} began ({inception})",
                )
            )
        if dissolution and m.end is None:
            errors.append(
                FactError(
                    m.location,
                    "membership.end",
                    f"{m.organisation} was dissolved on {dissolution}: the membership needs an "
                    "end (at the latest that day, with end_cause: dissolution if it ended then)",
                )
            )
        elif dissolution and m.end and m.end.earliest > dissolution.latest:
            errors.append(
                FactError(
                    m.location,
                    "membership.end",
                    f"{m.end} is after {m.organisation} was dissolved ({dissolution})",
                )
            )
    return errors


def withdrawals_end_memberships(facts: FactBase) -> list[FactError]:
    errors = []
    memberships = _live(facts.memberships)
    withdrawals = [w for w in _live(facts.withdrawals) if w.organisation]
    for w in withdrawals:
        ended = [
            m
            for m in memberships
            if m.member == w.party
            and m.organisation == w.organisation
            and m.end is not None
            and m.end.may_equal(w.date)
        ]
        if not ended:
            errors.append(
                FactError(
                    w.location,
                    "withdrawal.date",
                    f"no membership of {w.party} in {w.organisation} ends on {w.date}: give "
                    f"that membership `end: {w.date}` and `end_cause: withdrawal`",
                )
            )
    for m in memberships:
        if m.end_cause != "withdrawal" or m.end is None:
            continue
        if not any(
            w.party == m.member and w.organisation == m.organisation and w.date.may_equal(m.end)
            for w in withdrawals
        ):
            errors.append(
                FactError(
                    m.location,
                    "membership.end_cause",
                    f"the membership ends by withdrawal on {m.end}, but no withdrawal of "
                    f"{m.member} from {m.organisation} on that date is curated",
                )
            )
    return errors


def _active_on(m: Membership, day: PartialDate) -> bool:
    """Generous time rule: some day the dates can mean makes the membership active on ``day``."""
    assert m.start is not None, "the loader keeps no membership without a start"
    starts_in_time = m.start.earliest <= day.latest
    ends_after = m.end is None or day.earliest < m.end.latest
    return starts_in_time and ends_after


def founders_are_members(facts: FactBase) -> list[FactError]:
    errors = []
    memberships = _live(facts.memberships)
    for f in _live(facts.foundings):
        for founder in f.founders:
            if not any(
                m.member == founder and m.organisation == f.organisation and _active_on(m, f.date)
                for m in memberships
            ):
                errors.append(
                    FactError(
                        f.location,
                        "founding.founders",
                        f"{founder} founded {f.organisation} on {f.date} but has no membership "
                        "of it from that date",
                    )
                )
    return errors


RULES = (membership_within_lifetime, withdrawals_end_memberships, founders_are_members)


def check_rules(facts: FactBase) -> list[FactError]:
    """Every temporal rule over ``facts``; the errors sorted by file and line."""
    errors = [error for rule in RULES for error in rule(facts)]
    errors.sort(key=lambda error: (str(error.location.path), error.location.line))
    return errors
