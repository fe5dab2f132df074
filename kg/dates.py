"""Dates known to the day, the month or the year, and docs/design.md's time rule.

A date known only to the month or year is stored as its first day with its precision beside it:

>>> parse_partial_date("1993-12")
PartialDate(value=datetime.date(1993, 12, 1), precision='month')
>>> parse_partial_date("1993-13")
Traceback (most recent call last):
...
ValueError: '1993-13' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)

A membership is active on day D when ``start <= D`` and it has no end or ``D < end``:

>>> from datetime import date, timedelta
>>> is_active(date(1993, 12, 1), date(2009, 8, 18), on=date(2009, 8, 17))
True
>>> is_active(date(1993, 12, 1), date(2009, 8, 18), on=date(2009, 8, 18))
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

__all__ = ["DATE_FORMS", "PartialDate", "Precision", "is_active", "parse_day", "parse_partial_date"]

Precision = Literal["day", "month", "year"]

_DATE_FORM = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date with the precision it is known to."""

    value: date
    precision: Precision

    @property
    def earliest(self) -> date:
        """The first day the date can mean."""
        return self.value

    @property
    def latest(self) -> date:
        """The last day the date can mean: ``1993-12`` may be as late as 1993-12-31.

        >>> parse_partial_date("1993-12").latest, parse_partial_date("1996").latest
        (datetime.date(1993, 12, 31), datetime.date(1996, 12, 31))
        """
        if self.precision == "year":
            return date(self.value.year, 12, 31)
        if self.precision == "month":
            following = date(self.value.year + self.value.month // 12, self.value.month % 12 + 1, 1)
            return following - timedelta(days=1)
        return self.value

    def may_equal(self, other: PartialDate) -> bool:
        """Whether the two dates can mean the same day (their periods overlap)."""
        return self.earliest <= other.latest and other.earliest <= self.latest

    def __str__(self) -> str:
        if self.precision == "year":
            return f"{self.value.year:04d}"
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()


def parse_partial_date(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ``ValueError`` otherwise."""
    match = _DATE_FORM.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a date ({DATE_FORMS})")
    year, month, day = match.groups()
    try:
        value = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f"{text!r} is not a date ({DATE_FORMS})") from None
    precision: Precision = "day" if day else "month" if month else "year"
    return PartialDate(value, precision)


def parse_day(text: str) -> date:
    """Parse a full ``YYYY-MM-DD`` day, as the ``at``/``date`` arguments of queries expect."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a day (YYYY-MM-DD)") from None


def is_active(start: date, end: date | None, on: date) -> bool:
    """docs/design.md's time rule: start day inclusive, end day exclusive."""
    return start <= on and (end is None or on < end)
