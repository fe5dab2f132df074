"""Kazakh (and Russian) dates: every form the five texts use, to ISO dates with precision."""

from __future__ import annotations

import re

import pytest
from helpers import ROOT

from kg.corpus.kdates import find_dates, last_year

TEXTS = {
    path.name[:3]: path.read_text(encoding="utf-8")
    for path in (ROOT / "corpus/texts").glob("*.txt")
}
ORIGINALS = {
    path.name[:3]: path.read_text(encoding="utf-8")
    for path in (ROOT / "corpus/original").glob("*.txt")
}

# (as written in the texts, date, precision, last date of a range or None); each is quoted from
# the text named in the comment.
FORMS = [
    # year, day, month
    ("1991 жылы 8 желтоқсанда", "1991-12-08", "day", None),  # 001
    ("1991жылы 8 желтоқсанда", "1991-12-08", "day", None),  # 001, no space
    ("1993 жылғы 22 қаңтардағы", "1993-01-22", "day", None),  # 003
    ("1993 жылдың 22 қантарында", "1993-01-22", "day", None),  # 000, misspelt January
    ("1993 жылғы 22 қантардағы", "1993-01-22", "day", None),  # 000
    ("1991 ж. 21 желтоқсанда", "1991-12-21", "day", None),  # 003
    ("1992 ж 2 қаңтарда", "1992-01-02", "day", None),  # 002, ж without its full stop
    ("1990 жылдың 24 шілдесінде", "1990-07-24", "day", None),  # 002
    ("1999 жылы 24 сәуірінде", "1999-04-24", "day", None),  # 002
    ("2000 жылы 14 маусымдағы", "2000-06-14", "day", None),  # 002
    ("1998 жылы 26 наурыздан", "1998-03-26", "day", None),  # 002
    ("1924 жылдың 31 қаңтар айында", "1924-01-31", "day", None),  # 004
    ("1922 жылдың 30 желтоқсанында", "1922-12-30", "day", None),  # 004
    ("2000 11 октябрь", "2000-10-11", "day", None),  # 002, Russian note
    ("2001 г, 21 февраль", "2001-02-21", "day", None),  # 002
    ("1998, 23 май", "1998-05-23", "day", None),  # 002
    ("2000г 13 октябрь", "2000-10-13", "day", None),  # 002
    # year, month in the genitive, ordinal day
    ("1991 ж. желтоқсанның 8-інде", "1991-12-08", "day", None),  # 003
    ("1991 ж. желтоқсаннның 13-інде", "1991-12-13", "day", None),  # 003, triple н
    ("1991 ж. желтоқсаннның 20-ында", "1991-12-20", "day", None),  # 003
    # day, month, year
    ("6 қаңтар 1995 жылы", "1995-01-06", "day", None),  # 002
    ("12 сәуір 1996 жылы", "1996-04-12", "day", None),  # 002
    ("26 ақпан 1999", "1999-02-26", "day", None),  # 002
    ("31 мамыр 2001", "2001-05-31", "day", None),  # 002
    ("21 желтоқсан 1991 жыл", "1991-12-21", "day", None),  # 002
    # ranges of days and months
    ("1917 жылдың 24–25 қазанында", "1917-10-24", "day", "1917-10-25"),  # 004
    ("2003 ж. 19-20 ақпан", "2003-02-19", "day", "2003-02-20"),  # 002
    ("1998 жылы 17-18 шілде", "1998-07-17", "day", "1998-07-18"),  # 002
    ("2001 жылдың сәуір-мамырында", "2001-04", "month", "2001-05"),  # 002
    # year and month
    ("1997 жылдың наурыз айында", "1997-03", "month", None),  # 000
    ("1993 жылғы мамырда", "1993-05", "month", None),  # 001
    ("1994 жылғы қазанда", "1994-10", "month", None),  # 001: October, not Kazan
    ("1993 жылғы желтоқсанда", "1993-12", "month", None),  # 003
    ("1999 жылдың сәуір айында", "1999-04", "month", None),  # 003
    ("1991 жылы желтоқсанда", "1991-12", "month", None),  # 002
    ("1996 жылы тамызында", "1996-08", "month", None),  # 002
    ("1999 жылы шілдесінде", "1999-07", "month", None),  # 002
    ("1999 ж мамырда", "1999-05", "month", None),  # 002
    ("1922 жылы тамыз айында", "1922-08", "month", None),  # 004
    ("1992 ж.\nқаңтарында", "1992-01", "month", None),  # 000, split at ж. by a line break
    ("1920 ж.\nсәуір айында", "1920-04", "month", None),  # 004
    ("1998, декабрь", "1998-12", "month", None),  # 002
    # year
    ("1994 жылы", "1994", "year", None),  # 000
    ("1993 жылдан", "1993", "year", None),  # 001
    ("1993 жылдың", "1993", "year", None),  # 001
    ("1917 жылғы", "1917", "year", None),  # 004
    ("2007 жылға", "2007", "year", None),  # 002
    ("2003 жылымен", "2003", "year", None),  # 003
    ("1995 жылмен", "1995", "year", None),  # 003
    ("2008 жыл", "2008", "year", None),  # 003
    ("1922 ж.", "1922", "year", None),  # 003
    ("1995г.", "1995", "year", None),  # 002, Russian note
    ("2001г", "2001", "year", None),  # 002
    # ranges of years, and a decade
    ("1918–1920 жылдары", "1918", "year", "1920"),  # 004
    ("1991–2000 жж.", "1991", "year", "2000"),  # 000
    ("1994-96 ж.ж.", "1994", "year", "1996"),  # 002
    ("1981-82 жылдардағы", "1981", "year", "1982"),  # 002
    ("1993-1996жылдар", "1993", "year", "1996"),  # 002
    ("1997 – 1998 жылығы", "1997", "year", "1998"),  # 003, misspelt жылғы
    ("1819 -1820 жылдары", "1819", "year", "1820"),  # 002
    ("1991 мен 1993 жылдар", "1991", "year", "1993"),  # 002
    ("1819 и 1820 годах", "1819", "year", "1820"),  # 002, Russian
    ("1990 жылдардың", "1990", "year", "1999"),  # 002: the 1990s
]


# Forms of the originals that their deep normal form (corpus/texts) no longer has, still read in
# any text (kg corpus annotate): a no-break space before жылы (000, folded to one space), the
# download site's ISO date (002's header, removed).
ORIGINAL_FORMS = [
    ("1992 \u00a0жылы", "1992", "year", None),  # 000
    ("2015-04-29", "2015-04-29", "day", None),  # 002
]


@pytest.mark.parametrize(("written", "expected", "precision", "until"), FORMS + ORIGINAL_FORMS)
def test_every_date_form_of_the_texts(written, expected, precision, until) -> None:
    texts = TEXTS if (written, expected, precision, until) in FORMS else ORIGINALS
    assert any(written in text for text in texts.values()), "quoted from the texts"
    (found,) = find_dates(written)
    assert found.text == written
    assert (str(found.date), found.date.precision) == (expected, precision)
    assert (str(found.end_date) if found.end_date else None) == until
    assert not found.year_from_context


def test_a_day_without_a_year_takes_the_last_year_written() -> None:
    text = TEXTS["000"]
    start = text.index("1992 ж.")
    found = find_dates(text[start : text.index("Минск", start)])
    assert [(d.text, str(d.date), d.year_from_context) for d in found] == [
        ("1992 ж.\nқаңтарында", "1992-01", False),
        ("14 ақпанда", "1992-02-14", True),
    ]
    assert [str(d.date) for d in find_dates("Алматыда 21 желтоқсанда", context_year=1991)] == [
        "1991-12-21"
    ]
    assert find_dates("желтоқсанның 8-інде") == []  # no year anywhere: no date
    assert str(find_dates("желтоқсанның 8-інде", context_year=1991)[0].date) == "1991-12-08"
    assert last_year(find_dates("1993 жылы, кейін 1995 жылы"), None) == 1995


@pytest.mark.parametrize(
    "text",
    [
        "1,75% ке өсті",  # a percentage
        "2004 жылы 32877,5 млн",  # the year is found, the amount is not a date
        "Алматы, 1998. І том. С.103",  # a bibliography year with no жыл is no date
        "15 –жыл шамасымен",  # fifteen years
        "2001, №5 апрель",  # a journal issue, not the 5th of April
        "31 ақпанда",  # no such day
        "ТМД-ның 12 мемлекеті",
    ],
)
def test_numbers_that_are_not_dates(text) -> None:
    found = find_dates(text, context_year=1999)
    assert all(d.text.startswith("2004 жылы") for d in found), found


def test_every_year_written_with_jyl_in_the_texts_is_found() -> None:
    # Independent check: every four-digit year followed by жыл/ж. lies inside a found date.
    pattern = re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)\s*(?:жыл|ж\.|ж\s)")
    for number, text in TEXTS.items():
        spans = [(d.start, d.end) for d in find_dates(text)]
        for match in pattern.finditer(text):
            assert any(start <= match.start() < end for start, end in spans), (
                number,
                match.group(),
            )
