"""Dates written in Kazakh (and the Russian of the footnotes), found in running text.

Every form the corpus uses becomes a :class:`~kg.dates.PartialDate` with its precision, and a
range (``1918–1920 жылдары``, ``24–25 қазанында``, the decade ``1990 жылдардың``) also gets its
last date:

>>> [(d.text, str(d.date)) for d in find_dates("1991 жылы 8 желтоқсанда Беловеж келісіміне")]
[('1991 жылы 8 желтоқсанда', '1991-12-08')]
>>> d = find_dates("1993 жылғы 22 қаңтардағы Жарғы; 1991 ж. желтоқсанның 8-інде; 1994 жылы")
>>> for x in d:
...     print(x.text, x.date, x.date.precision, sep=" | ")
1993 жылғы 22 қаңтардағы | 1993-01-22 | day
1991 ж. желтоқсанның 8-інде | 1991-12-08 | day
1994 жылы | 1994 | year
>>> r = find_dates("большевиктер 1918–1920 жылдары")[0]
>>> str(r.date), str(r.end_date)
('1918', '1920')

The forms: year, day and month in either order (``1991 жылы 8 желтоқсанда``, ``6 қаңтар 1995
жылы``, ``26 ақпан 1999``, ``2001 г, 21 февраль``); year and month (``1997 жылдың наурыз
айында``, ``1993 жылғы мамырда``); year, month in the genitive and an ordinal day
(``желтоқсанның 8-інде``); year alone (``1994 жылы``, ``1992 ж.``, ``1998г.``); ranges of years,
days and months; ISO dates (``2015-04-29``). ``ж.``, ``жж.``, ``ж.ж.`` abbreviate жыл; the
misspelt ``қантар`` is January and ``желтоқсаннның`` December. A day and month without a year
(``14 ақпанда``) takes the year last written before it, and says so (``year_from_context``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kg.corpus.texts import normalise
from kg.dates import PartialDate, Precision

__all__ = ["KAZAKH_MONTHS", "RUSSIAN_MONTHS", "DateMention", "find_dates", "last_year"]

# Month names by number; the stems match every case and possessive form (қазанында, шілдесінде).
KAZAKH_MONTHS = {
    1: ("қаңтар", "қантар"),
    2: ("ақпан",),
    3: ("наурыз",),
    4: ("сәуір",),
    5: ("мамыр",),
    6: ("маусым",),
    7: ("шілде",),
    8: ("тамыз",),
    9: ("қыркүйек",),
    10: ("қазан",),
    11: ("қараша",),
    12: ("желтоқсан",),
}
RUSSIAN_MONTHS = {
    1: ("январ",),
    2: ("феврал",),
    3: ("март",),
    4: ("апрел",),
    5: ("ма[йя]",),
    6: ("июн",),
    7: ("июл",),
    8: ("август",),
    9: ("сентябр",),
    10: ("октябр",),
    11: ("ноябр",),
    12: ("декабр",),
}
_L = r"[^\W\d_]"


def _month_number(word: str) -> int | None:
    """The month a word names (``желтоқсаннның`` -> 12), or None.

    >>> _month_number("қантардағы"), _month_number("Октября"), _month_number("қазақ")
    (1, 10, None)
    """
    lower = word.lower().replace("нн", "н").replace("нн", "н")
    for table in (KAZAKH_MONTHS, RUSSIAN_MONTHS):
        for number, stems in table.items():
            if any(re.match(stem.replace("нн", "н"), lower) for stem in stems):
                return number
    return None


_MONTH_STEMS = "|".join(
    [stem.replace("желтоқсан", "желтоқсан+") for stems in KAZAKH_MONTHS.values() for stem in stems]
    + [stem for stems in RUSSIAN_MONTHS.values() for stem in stems]
)
_MONTH = rf"(?:{_MONTH_STEMS}){_L}*"
_YEAR = r"(?<!\d)(?<!\d[,.])(?:1[6-9]\d\d|20\d\d)(?!\d)(?!,\d)"
# жыл and its forms, its abbreviations ж., жж., ж.ж., and Russian г., гг., году, годах.
_YEAR_WORD = rf"(?:жыл{_L}*|ж\.\s?ж\.|жж\.|ж\.?|гг?\.?|год{_L}*)(?!{_L})"
_DAY = r"(?<!\d)(?:[12]\d|3[01]|0?[1-9])(?!\d)"
_ORDINAL = rf"(?:\s?-\s?{_L}+)?"
_DASH = r"\s*[-–—]\s*"
_AFTER_MONTH = rf"(?:\s+айы{_L}*)?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "iso",
        re.compile(
            r"(?<!\d)(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?!\d)"
        ),
    ),
    (
        "year-day-month",  # 1991 жылы 8 желтоқсанда; 2003 ж. 19-20 ақпан; 2001 г, 21 февраль
        re.compile(
            rf"(?P<year>{_YEAR})(?:\s*(?P<yw>{_YEAR_WORD}))?,?\s*"
            rf"(?P<day>{_DAY})(?:{_DASH}(?P<day2>{_DAY}))?{_ORDINAL}\s+"
            rf"(?P<month>{_MONTH}){_AFTER_MONTH}",
            re.IGNORECASE,
        ),
    ),
    (
        "year-month-ordinal",  # 1991 ж. желтоқсанның 8-інде
        re.compile(
            rf"(?P<year>{_YEAR})\s*(?P<yw>{_YEAR_WORD}),?\s*(?P<month>{_MONTH})\s+"
            rf"(?P<day>{_DAY})\s?-\s?{_L}+",
            re.IGNORECASE,
        ),
    ),
    (
        "day-month-year",  # 6 қаңтар 1995 жылы; 26 ақпан 1999; 21 желтоқсан 1991 жыл
        re.compile(
            rf"(?P<day>{_DAY})(?:{_DASH}(?P<day2>{_DAY}))?\s+(?P<month>{_MONTH})\s+"
            rf"(?P<year>{_YEAR})(?:\s*(?P<yw>{_YEAR_WORD}))?",
            re.IGNORECASE,
        ),
    ),
    (
        "year-month",  # 1997 жылдың наурыз айында; 1993 жылғы мамырда; 2001 жылдың сәуір-мамырында
        re.compile(
            rf"(?P<year>{_YEAR})(?:\s*(?P<yw>{_YEAR_WORD})\s*,?|,)\s*"
            rf"(?P<month>{_MONTH})(?:{_DASH}(?P<month2>{_MONTH}))?{_AFTER_MONTH}",
            re.IGNORECASE,
        ),
    ),
    (
        "year-range",  # 1918–1920 жылдары; 1996-98 ж.ж.; 1991 мен 1993 жылдар
        re.compile(
            rf"(?P<year>{_YEAR})(?:{_DASH}|\s+(?:мен|және|и)\s+)(?P<year2>\d{{4}}|\d\d)(?!\d)"
            rf"\s*(?P<yw>{_YEAR_WORD})",
            re.IGNORECASE,
        ),
    ),
    (
        "year",  # 1994 жылы; 1992 ж.; 1998г.; 1990 жылдардың (the decade)
        re.compile(rf"(?P<year>{_YEAR})\s*(?P<yw>{_YEAR_WORD})", re.IGNORECASE),
    ),
    (
        "day-month",  # 14 ақпанда (the year from the text before it)
        re.compile(
            rf"(?<![\d.,№])(?P<day>{_DAY})(?:{_DASH}(?P<day2>{_DAY}))?{_ORDINAL}\s+"
            rf"(?P<month>{_MONTH})",
            re.IGNORECASE,
        ),
    ),
    (
        "month-ordinal",  # желтоқсанның 8-інде (the year from the text before it)
        re.compile(rf"(?P<month>{_MONTH})\s+(?P<day>{_DAY})\s?-\s?{_L}+", re.IGNORECASE),
    ),
]


@dataclass(frozen=True)
class DateMention:
    """A date in a text: ``text == source[start:end]``.

    ``end_date`` is set for a range (of years, months or days, or a decade);
    ``year_from_context`` when the text gives no year and the last one written before is used.
    """

    start: int
    end: int
    text: str
    date: PartialDate
    end_date: PartialDate | None = None
    year_from_context: bool = False


def _year_of(text: str, base: int | None = None) -> int:
    """A four-digit year, or a two-digit one completed from ``base`` (1996-98)."""
    value = int(text)
    if len(text) == 2 and base is not None:
        value = base // 100 * 100 + value
        if value < base:
            value += 100
    return value


def _partial(year: int, month: int | None = None, day: int | None = None) -> PartialDate | None:
    precision: Precision = "day" if day else "month" if month else "year"
    try:
        return PartialDate(date(year, month or 1, day or 1), precision)
    except ValueError:
        return None  # 31 ақпан is no date


def _interpret(
    kind: str, match: re.Match[str], context_year: int | None
) -> tuple[PartialDate | None, PartialDate | None, bool]:
    """The dates a match stands for: (date, end date or None, year taken from context)."""
    groups = match.groupdict()
    if kind == "iso":
        return _partial(int(groups["year"]), int(groups["month"]), int(groups["day"])), None, False
    from_context = False
    if groups.get("year"):
        year = int(groups["year"])
    elif context_year is not None:
        year, from_context = context_year, True
    else:
        return None, None, False
    month = _month_number(groups["month"]) if groups.get("month") else None
    if groups.get("month") and month is None:
        return None, None, False
    day = int(groups["day"]) if groups.get("day") else None
    start = _partial(year, month, day)
    end = None
    if groups.get("day2"):
        end = _partial(year, month, int(groups["day2"]))
    elif groups.get("month2"):
        end = _partial(year, _month_number(groups["month2"]))
    elif groups.get("year2"):
        end = _partial(_year_of(groups["year2"], year))
    elif (
        kind == "year" and year % 10 == 0 and (groups.get("yw") or "").lower().startswith("жылдар")
    ):
        end = _partial(year + 9)  # "1990 жылдардың соңында": the 1990s
    if start is None or (end is not None and end.value < start.value):
        return None, None, False
    return start, end, from_context


def find_dates(text: str, context_year: int | None = None) -> list[DateMention]:
    """Every date in ``text``, in order, the longest reading wherever two overlap.

    ``context_year`` is the year last written before ``text`` (for a day and month with no year
    of their own); inside the text, each date's year becomes the context for those after it.

    >>> found = find_dates("1992 ж. қаңтарында Мәскеуде, 14 ақпанда Минскіде")
    >>> [(d.text, str(d.date), d.year_from_context) for d in found]
    [('1992 ж. қаңтарында', '1992-01', False), ('14 ақпанда', '1992-02-14', True)]
    >>> [str(d.date) for d in find_dates("Алматыда 21 желтоқсанда", context_year=1991)]
    ['1991-12-21']
    """
    source, text = text, normalise(text)
    candidates: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            candidates.append((match.start(), -(match.end() - match.start()), kind, match))
    candidates.sort(key=lambda item: (item[0], item[1]))
    chosen: list[tuple[str, re.Match[str]]] = []
    taken_until = -1
    for position, _, kind, match in candidates:
        if position < taken_until:
            continue
        chosen.append((kind, match))
        taken_until = match.end()
    found: list[DateMention] = []
    for kind, match in chosen:
        start, end, from_context = _interpret(kind, match, context_year)
        if start is None:
            continue
        found.append(
            DateMention(
                match.start(),
                match.end(),
                source[match.start() : match.end()],
                start,
                end,
                from_context,
            )
        )
        if not from_context:
            context_year = start.value.year
    return found


def last_year(dates: list[DateMention], context_year: int | None = None) -> int | None:
    """The year the next yearless date would take after ``dates`` (for texts read in parts)."""
    for found in dates:
        if not found.year_from_context:
            context_year = found.date.value.year
    return context_year
