"""Dates as written in news data, read with ``python-dateutil`` and kept at
the precision they were written with.

A date is stored as an ISO 8601 string of its precision: ``"2017"`` (a year),
``"2017-06"`` (a month) or ``"2017-06-05"`` (a day). Times and time zones are
read and dropped: the day is the one written (``2025-09-11T23:30:00-05:00``
is ``2025-09-11``). Each stored date stands for a range of days,
:func:`date_range`, which is what splits compare with a cutoff: an item goes
before the cutoff only when its whole range does.
"""

from __future__ import annotations

import calendar
import functools
import re
import warnings
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Literal

from classify.errors import ClassifyError

# Capitalised calendar words, which name no person or place (English).
# Written out: calendar.day_name follows the process locale.
CALENDAR_WORDS: tuple[str, ...] = (
    *["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    *[
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
)

Precision = Literal["year", "month", "day"]
# The order of day and month in numeric dates such as 03/04/2025.
DateOrder = Literal["day-first", "month-first"]
DATE_ORDERS = ("day-first", "month-first")

_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_YEAR_MONTH = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})\s*$")
# Month names with their abbreviations, also with a full stop ("Sept.").
_MONTHS = {
    name: i
    for i in range(1, 13)
    for name in {calendar.month_name[i].lower(), calendar.month_abbr[i].lower()}
}
_MONTHS["sept"] = 9
_MONTH_YEAR = re.compile(r"^\s*([A-Za-z]+)\.?,?\s+(\d{4})\s*$")
# A month's number before its year: 04/2021, 4-2021, 04.2021 (German, Russian).
_MONTH_NUMBER_YEAR = re.compile(r"^\s*(\d{1,2})[-/.](\d{4})\s*$")
# Year, month and day with any one separator: 2024.05.13, 2024/5/13.
_YEAR_FIRST = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\D|$)")
# Chinese, Japanese and Korean dates: 2024年3月5日, 2024년 3월 5일 (a time may follow).
_CJK = re.compile(r"^\s*(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월](?:\s*(\d{1,2})\s*[日일]|(?=\s|$))")
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
# Day and month (in some order) before the year: 03/04/2025, 3.4.25, 03-04-2025.
_NUMERIC_DAY = re.compile(r"^\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})(?:\D|$)")
# ISO 8601 basic form: "20170605", "20170605T101500Z" (always year, month, day).
_ISO_BASIC = re.compile(
    r"^\s*(\d{4})(\d{2})(\d{2})(?:T?\d{4}(?:\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2,4})?|T\d{2})?\s*$"
)
# Relative times that web pages print beside a date: "Updated 3 hours ago".
_RELATIVE = re.compile(
    r"(?i)\b(?:(?:\d+|an?|one|a few)\s+(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?"
    r"\s+ago|just now|yesterday|today)\b"
)


class DateOrderError(ClassifyError):
    """A numeric date that reads only in the order other than the one
    numeric dates are read in: the file writes its dates the other way, so
    skipping the row would keep its ambiguous rows read wrongly. Stops
    reading even under ``on_error: skip``."""

    fatal = True


# An ISO week date: 2024-W10, 2024W10, 2024-W10-3.
_ISO_WEEK = re.compile(r"(\d{4})-?[Ww](\d{2})(?:-?([1-7]))?(?:[Tt\s]\S.*)?")


# Two full ISO dates (with or without times) joined as a range or a list:
# "2024-08-31 to 2024-09-02", "2024-08-31/2024-09-02", "2024-08-31, 2024-09-02";
# not "2024-08-31 (updated 2024-09-02)", which names the day it was published.
_ISO_STAMP = (
    r"\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_ISO_RANGE = re.compile(
    rf"(?i)^\s*(?:from\s+)?{_ISO_STAMP}\s*(?:to|through|thru|until|till|and|or|--|[/,;&–—-])\s*"
    rf"{_ISO_STAMP}\s*$"
)
# A full ISO date inside other words ("Published on 2024-02-10, updated on
# 2024-02-12"): read as written, never handed to dateutil, which took
# "on 2024-02-10" day first (2024-10-02).
_ISO_INSIDE = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")
_UPDATE_WORD = re.compile(r"(?i)\b(?:updated|modified|edited|revised)\b[^\d]{0,20}$")
# Days of a month as a range in a written date: "May 2-4, 2023", "1-3 May
# 2023", "March 4–6, 2024" (dateutil reads the second day as a year).
_DAY_RANGE = re.compile(
    r"(?i)(?<![\w:./-])\d{1,2}(?:st|nd|rd|th)?\s*(?:[-–—/&,]|and|or|to)\s*\d{1,2}"
    r"(?:st|nd|rd|th)?(?![\w:./-])"
)

# What joins two dates into a span ("May 2, 2023 to May 4, 2023", "30 May -
# 2 June 2023", "2023-2024"); a hyphen between words needs spaces round it.
_SPAN_JOIN = re.compile(
    r"(?i)\s+(?:to|through|thru|until|till|and|or)\s+|\s*[–—]\s*|\s+[-/]\s+|(?<=\d{4})[-/](?=\d{4}$)"
    # Months joined by a hyphen or slash: "January-March 2023", "Sept./Oct. 2024".
    r"|(?<=[^\W\d_])\.?[-/](?=[^\W\d_])"
    # A day or year, a hyphen, then a month and its day or year: "May 30-June
    # 2, 2023", "December 2022-January 2023" (not "2023-Jan-12", one date).
    r"|(?<=\d)[-/](?=[^\W\d_]{3,}\.?\s+\d)"
)

# A year and the next years written short: "2021-22", "2020/21", "2021–22".
_YEAR_SPAN = re.compile(r"^\s*(\d{4})\s*[-/–—]\s*(\d{2})\s*$")

# A span written in any language dateparser reads, its last date whole and
# its first as far as it differs: "10.–12. Juni 2024", "du 10 au 12 juin
# 2024", "du 28 février au 2 mars 2023", "30. Mai – 2. Juni 2023", "с 30 мая
# по 2 июня 2023", "3 t/m 5 maart 2023". The last side opens with its day.
_SPAN_OPEN = r"(?:from|between|du|del|vom|von|dal|de|desde|entre|с|od|van)"
_SPAN_WORDS = r"(?:to|and|through|until|till|bis|au|al|a|y|e|et|und|до|по|do|t/m|tot)"
_TWO_SIDES = re.compile(
    rf"(?i)^\s*(?:{_SPAN_OPEN}\s+)?(?P<first>\S.*?)\s*(?:[-–—/&]|\s{_SPAN_WORDS}\s)\s*"
    r"(?P<last>\d{1,2}\.?\s+\S.*)$"
)
# Numeric spans: "10.-12.6.2024", "3-5.3.2023" (days before a numeric date);
# "2024-06-10/12", "2024-06-10..12", "2023-03-03–05" (an ISO day and the last
# day); "2023年3月3日～5日" (a CJK day and the last day).
_NUMERIC_SPAN = re.compile(
    r"^\s*\d{1,2}\.?\s*[-–—/]\s*\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})\s*$"
    r"|^\s*\d{4}-\d{1,2}-\d{1,2}\s*(?:/|\.\.|[-–—~～]|to)\s*\d{1,2}\s*$"
    r"|^\s*\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]\s*[～~〜\-–—]\s*"
    r"(?:\d{1,2}\s*[月월]\s*)?\d{1,2}\s*[日일]?\s*$"
)


def is_day_span(text: str) -> bool:
    """Whether ``text`` is a span of days written in any language
    dateparser reads ("10.–12. Juni 2024", "du 28 février au 2 mars 2023")
    or in numbers ("10.-12.6.2024", "2024-06-10/12"): its last side reads
    as a full date, and its first, completed from the last (the month and
    year a bare day lacks, the year a day and month lack), as an earlier
    one."""
    if _NUMERIC_SPAN.match(text):
        return True
    m = _TWO_SIDES.match(text)
    if m is None or not re.search(r"[^\W\d_]", m["last"]):
        return False
    try:
        last = _parse_date(m["last"])
        if len(last) != 10:
            return False
        first_day = re.fullmatch(r"(\d{1,2})\.?", m["first"].strip())
        if first_day:
            return int(first_day[1]) < int(last[8:])
        first = _parse_date(f"{m['first']} {last[:4]}")
    except ClassifyError:
        return False
    return len(first) == 10 and first < last


def _year_span(text: str) -> bool:
    """Whether ``text`` is a year and a later one written short ("2021-22",
    "2020/21"): two digits past 12, so no month, and after the year's own."""
    m = _YEAR_SPAN.match(text)
    return m is not None and int(m[2]) > 12 and int(m[2]) > int(m[1]) % 100


# Weekday names, which a span may carry on each side ("Tue 2 - Thu 4 May
# 2023"), left out before a span is looked for.
_WEEKDAY = re.compile(
    r"(?i)\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b\.?,?\s*"
)


def only_dates(text: str) -> bool:
    """Whether ``text`` holds nothing but dates and the words that join them
    ("May 2-4, 2023", "from 1 to 3 May 2023", "2024-08-31 to 2024-09-02"):
    month names, numbers (ordinals too), joining words and punctuation."""
    joins = {"from", "between", "to", "through", "thru", "until", "till", "and", "or"}
    text = _WEEKDAY.sub("", text)
    words = re.findall(r"[^\W\d_]+", re.sub(r"(?i)(?<=\d)(?:st|nd|rd|th)\b", "", text))
    return all(w.lower() in joins or w.lower() in _MONTHS for w in words) and not re.search(
        r"[^\w\s\-–—/&,;.]", text
    )


def is_date_span(text: str) -> bool:
    """Whether ``text`` is refused by :func:`parse_date` as a range or list
    of dates ("May 2-4, 2023"), rather than read or refused otherwise."""
    try:
        parse_date(text)
    except ClassifyError as exc:
        return "a range or list of dates" in exc.message
    return False


def _written_span(text: str) -> bool:
    """Whether ``text`` is two dates joined into a span, each side with its
    month or year ("May 2, 2023 to May 4, 2023", "May 30 - June 2, 2023",
    "2023 to 2024")."""
    if not only_dates(text):
        return False
    text = _WEEKDAY.sub("", text)
    sides = _SPAN_JOIN.split(re.sub(r"(?i)^\s*(?:from|between)\s+", "", text.strip()))
    return len(sides) == 2 and all(
        re.search(r"\b\d{4}\b", side)
        or any(w.lower() in _MONTHS for w in re.findall(r"[^\W\d_]+", side))
        for side in sides
    )


# Three numbers of two digits joined by hyphens ("21-04-03"): the year may
# be the first (ISO order, cut short) or the last.
_TWO_DIGIT_YEAR_FIRST = re.compile(
    r"(?P<a>\d{2})-(?P<b>\d{1,2})-(?P<c>\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?\S*)?"
)


# A time of day and zone after a date in numbers ("14:05", ", 10:31 AM GMT").
_TIME_AFTER = (
    r"(?:,?\s+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,4})?)?\s*"
)
# A date written in numbers alone with a year of two digits ("03/04/21",
# "21-04-03", "3.4.21").
_NUMERIC_SHORT_YEAR = re.compile(
    r"\s*(?:\d{1,2}([/.-])\d{1,2}\1\d{2}|\d{2}-\d{1,2}-\d{1,2})" + _TIME_AFTER
)
# A date in numbers of any kind: day, month and year in some order, a month
# and its year, or a day and month ("12/05").
_NUMERIC_ANY = re.compile(
    r"\s*(?:\d{1,4}([/.-])\d{1,2}(?:\1\d{1,4})?|\d{1,2}[/.-]\d{4})" + _TIME_AFTER
)
# Of those, one with its year.
_NUMERIC_WITH_YEAR = re.compile(r"\s*(?:\d{1,4}([/.-])\d{1,2}\1\d{1,4}|\d{1,2}[/.-]\d{4})\b")


def numeric_short_year(text: str) -> bool:
    """Whether ``text`` is a date written in numbers alone whose year has
    two digits ("03/04/21", "21-04-03", "3.4.21 14:05"): a date, never a
    headline or body text, whether it reads (:func:`parse_date`) or not."""
    return bool(_NUMERIC_SHORT_YEAR.fullmatch(text))


def numeric_date(text: str, *, with_year: bool = False) -> bool:
    """Whether ``text`` is a date written in numbers alone, a time of day
    after it allowed ("31/02/2021", "13/2021", "12/05"), whether it reads
    or not; with ``with_year``, only one that writes its year (not "12/05")."""
    return bool(_NUMERIC_ANY.fullmatch(text) and (not with_year or _NUMERIC_WITH_YEAR.match(text)))


def _nearest_century(yy: str) -> int:
    """A two-digit year in the century that puts it nearest today, as
    python-dateutil completes one (``21`` is 2021, ``99`` 1999)."""
    now = datetime.now().year
    full = now - now % 100 + int(yy)
    return full - 100 if full > now + 49 else full


def parse_date(
    value: Any,
    *,
    source: object = None,
    where: str | None = None,
    date_order: DateOrder = "day-first",
) -> str:
    """A written date to its ISO form at the written precision
    (:func:`_parse_date` says which forms are read), refusing a year before
    1800 (``0024-03-05``: a two-digit year padded, never a news date).

    Raises:
        ClassifyError: the value cannot be read, contradicts ``date_order``
            (naming the value and the setting), or is dated before 1800.
    """
    iso = _parse_date(value, source=source, where=where, date_order=date_order)
    if iso[:4].isdigit() and int(iso[:4]) < 1800:
        year = int(iso[:4])
        why = (
            "a year of two digits? write all four, e.g. 2024-03-05"
            if year < 100
            else "before 1800, no news date; a typo?"
        )
        raise ClassifyError(
            f"cannot read date '{str(value).strip()}': year {year} ({why})",
            source=source,
            where=where,
        )
    return iso


def _parse_date(
    value: Any,
    *,
    source: object = None,
    where: str | None = None,
    date_order: DateOrder = "day-first",
) -> str:
    """A written date to its ISO form at the written precision.

    Accepts ISO dates with or without time and zone, the compact ISO form
    ``YYYYMMDD`` (string or number: ``20170605`` is 5 June 2017; also
    with a time, ``20170605141500``), ``YYYY``, ``YYYY-MM``,
    ``Month YYYY`` and the forms ``python-dateutil`` reads ("Sept. 11, 2025",
    "11 September 2025", "September 11 2025"). Numeric dates such as
    ``03/04/2025`` are read in ``date_order``: day first by default (3 April,
    as in most non-US news), month first with ``"month-first"`` (US
    spreadsheets); a dotted one (``15.10.2025``) is day first in either
    setting, as no month-first convention writes dots. A numeric date that can only be read in the other order
    (``12/31/2025`` day first) is an error, never read the other way, so
    one column is never read two ways.

    Raises:
        ClassifyError: the value cannot be read, or contradicts
            ``date_order`` (naming the value and the setting).
    """
    if isinstance(value, (datetime, date)):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if isinstance(value, float) and value.is_integer():
        # pandas writes an integer column with gaps as floats: 2017.0.
        value = int(value)
    elif isinstance(value, float):
        # A number with decimals is no date: as a number 2024.10 is 2024.1,
        # which year.month text would read as January.
        raise ClassifyError(
            f"cannot read date {getattr(value, 'written', value)}: a number with decimals is "
            "not a date (write it as "
            "text: 2024-05, or an ISO date)",
            source=source,
            where=where,
        )
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return f"{value:04d}"
    text = str(value).strip()
    if re.fullmatch(r"\d{4}(?:\d{4})?\.0+", text):
        text = text.split(".")[0]
    if re.fullmatch(r"\d{1,2}(?:\.0+)?", text):
        # dateutil reads "99" as 1999 but "24" as a day of this month: no
        # number of two digits is read as a date.
        raise ClassifyError(
            f"cannot read date '{text}': a year of two digits? write all four (e.g. 1999)",
            source=source,
            where=where,
        )
    if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}", text):
        # "12/05", "32/01": a day and month without a year (dateutil would
        # take a number past 12 for a year, 2032-01), never guessed.
        raise ClassifyError(
            f"cannot read date '{text}': a day and month without a year? write the year too",
            source=source,
            where=where,
        )
    if m := _TWO_DIGIT_YEAR_FIRST.fullmatch(text):
        # "21-04-03": year first (2021-04-03, the ISO order cut short) or
        # last (21 April 2003) are both written; read either way, a column
        # would hold both. Slashes and dots put the year last by convention.
        readings = []
        # Year first (ISO order), or last in the column's order.
        last = (
            (m["c"], int(m["a"]), int(m["b"]))
            if date_order == "month-first"
            else (m["c"], int(m["b"]), int(m["a"]))
        )
        for y, month, day in ((m["a"], int(m["b"]), int(m["c"])), last):
            try:
                readings.append(date(_nearest_century(y), month, day).isoformat())
            except ValueError:
                continue  # no such day: not a reading
        other = "day-first" if date_order == "month-first" else "month-first"
        try:
            # Year last in the other order of day and month ("11-30-05" is
            # 30 November 2005 only month first): said, never read.
            swapped = (
                (int(m["a"]), int(m["b"])) if other == "month-first" else (int(m["b"]), int(m["a"]))
            )
            in_other = date(_nearest_century(m["c"]), *swapped).isoformat()
        except ValueError:
            in_other = None
        said = [" or ".join(dict.fromkeys(readings))] if readings else []
        if in_other and in_other not in readings:
            said.append(f"{in_other} if the data writes dates {other.replace('-', ' ')}")
        hint = f" ({'; '.join(said)})" if said else "; no order of its numbers is a date"
        raise ClassifyError(
            f"cannot read date '{text}': a year of two digits, first or last? write all four{hint}",
            source=source,
            where=where,
        )
    bare = _WEEKDAY.sub("", text)
    if (
        _ISO_RANGE.match(text)
        or (_DAY_RANGE.search(bare) and re.search(r"[^\W\d_]", bare))
        or _written_span(text)
        or _year_span(text)
        or is_day_span(bare)
    ):
        # "2024-08-31 to 2024-09-02", "2024-08-31/2024-09-02" (an ISO
        # interval): a span, which no one date stands for (README, Dates).
        raise ClassifyError(
            f"cannot read date '{text}': a range or list of dates; give the one date the "
            "item was published (or the span's first day, knowing a split then places it by "
            "that day)",
            source=source,
            where=where,
        )
    if m := _YEAR.match(text):
        return m[1]
    if m := _ISO_BASIC.match(text):
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            raise ClassifyError(
                f"cannot read date '{text}' (a compact date is YYYYMMDD, e.g. 20170605)",
                source=source,
                where=where,
            ) from None
    if m := _ISO_WEEK.fullmatch(text):
        # dateutil drops the W: 2024-W10 would be read as October.
        if m[3] is None:
            raise ClassifyError(
                f"cannot read date '{text}': an ISO week has no one day or month; write its "
                f"day (e.g. {m[1]}-W{m[2]}-1 for its Monday) or an ISO date",
                source=source,
                where=where,
            )
        try:
            return date.fromisocalendar(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            raise ClassifyError(
                f"cannot read date '{text}': no such ISO week day", source=source, where=where
            ) from None
    if m := _YEAR_MONTH.match(text) or _YEAR_FIRST.match(text):
        # A year first is followed by its month in every convention: a month
        # past 12 is a typo, never a year alone (dateutil drops the rest).
        iso = _year_first(text, m[1], m[2], m[3] if m.re is _YEAR_FIRST else None, source, where)
        if m.re is _YEAR_MONTH:
            return iso
    if m := _CJK.match(text):
        # Read here, as dateparser takes a month past 12 for a day (2024年13月
        # was 1 March) and a day past the month's end for another month.
        return _year_first(text, m[1], m[2], m[3], source, where)
    if m := _MONTH_NUMBER_YEAR.match(text):
        if not 1 <= int(m[1]) <= 12:
            raise ClassifyError(
                f"cannot read date '{text}': no month {int(m[1])} (a month and its year, "
                "as in 04/2021, or write an ISO date)",
                source=source,
                where=where,
            )
        return f"{m[2]}-{int(m[1]):02d}"
    if (m := _MONTH_YEAR.match(text)) and m[1].lower() in _MONTHS:
        return f"{m[2]}-{_MONTHS[m[1].lower()]:02d}"
    if (m := _NUMERIC_DAY.match(text)) and m[2] == ".":
        # Dotted numeric dates (15.10.2025) are day first wherever they are
        # written (German, Russian, Polish ... news); US month-first dates use
        # slashes, so --date-order month-first is about those.
        date_order = "day-first"
    if m and _contradicts(int(m[1]), int(m[3]), m[4], date_order):
        from classify.tables import option_hint

        other = "month-first" if date_order == "day-first" else "day-first"
        how = option_hint("date_order", example=other) or f"date_order: {other}"
        raise DateOrderError(
            f"date '{text}' cannot be {date_order.replace('-', ' ')}, the order numeric "
            f"dates are read in, so the data writes them {other.replace('-', ' ')}"
            f"{' (as US spreadsheets do)' if other == 'month-first' else ''} and its other "
            f"numeric dates would be misread: pass {how}, or write ISO dates (2025-09-11)",
            source=source,
            where=where,
        )
    if m := _ISO_DAY.match(text):
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            pass
    elif _ISO_INSIDE.search(text):
        # The one the words mark as published: not an "updated" one.
        spans = list(_ISO_INSIDE.finditer(text))
        kept = [m for m in spans if not _UPDATE_WORD.search(text[: m.start()])] or spans
        return _year_first(text, *kept[0].groups(), source, where)
    else:
        parsed = _dateutil(text, date_order)
        if parsed is None:
            # Web date lines: "Sept 11, 2025 · 4:05 PM UTC", "Updated Sept. 12,
            # 2025", "Thu 11 Sep 2025 14.03 BST": drop separators, the
            # "Updated" words and the time of day, then read again.
            cleaned = re.sub(r"[·•|]", " ", text)
            cleaned = _RELATIVE.sub(" ", cleaned)
            cleaned = re.sub(r"(?i)\b(?:last\s+)?(?:updated|published|posted)\b:?", " ", cleaned)
            cleaned = re.sub(
                r"(?i)\b\d{1,2}[.:]\d{2}(?:[.:]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,5}(?:[+-]\d{1,2})?)?",
                " ",
                cleaned,
            )
            # The time of day as the European press writes it, with the word
            # before it: "às 10h30", "à 14h30", "om 10:00", "08:00 Uhr".
            cleaned = re.sub(
                r"(?i)(?:(?<!\w)(?:às|as|à|a\s+las|um|alle|ore|om|o|в)\s+)?"
                r"(?<![\d.])\d{1,2}h\d{2}(?![\d.])|(?<!\w)(?:às|à|a\s+las|um|alle|ore|om|o|в)"
                r"\s*$|(?<!\w)uhr(?!\w)",
                " ",
                cleaned,
            )
            if cleaned.strip() and cleaned != text:
                parsed = _dateutil(" ".join(cleaned.split()), date_order)
        if parsed is None and re.search(r"[^\W\d_]", text):
            parsed = _other_language(text, date_order)
        if parsed is not None:
            return parsed
    if re.fullmatch(r"-?\d{10}(?:\d{3})?", text.strip()):
        # What pandas' to_json writes for a timestamp column by default.
        raise ClassifyError(
            f"cannot read date '{text}': a count of {'milli' if len(text.strip()) > 11 else ''}"
            "seconds since 1970, as pandas' to_json writes dates by default; write them as "
            "dates (df.to_json(..., date_format='iso')) or ISO text (2025-09-11)",
            source=source,
            where=where,
        )
    if m := re.fullmatch(r"(\d{5})(?:\.\d+)?", text.strip()):
        # A spreadsheet's day number (Excel and LibreOffice count days from
        # 1899-12-30) where a date cell was saved as a number.
        import datetime as dt

        day = dt.date(1899, 12, 30) + dt.timedelta(days=int(m[1]))
        raise ClassifyError(
            f"cannot read date '{text}': it looks like a spreadsheet's day number "
            f"({m[1]} is {day.isoformat()} in Excel); format the column as dates "
            "(yyyy-mm-dd) before saving the sheet",
            source=source,
            where=where,
        )
    raise ClassifyError(
        f"cannot read date '{text}' (use e.g. 2025-09-11, Sept. 11, 2025, 2017-06 or 2017)",
        source=source,
        where=where,
    )


def _year_first(
    text: str, year: str, month: str, day: str | None, source: object, where: str | None
) -> str:
    """A date written year first (``2024-05-13``, ``2024年5月``) as ISO at
    its precision, its month and day checked.

    Raises:
        ClassifyError: no such month (13) or no such day in the month."""
    if not 1 <= int(month) <= 12:
        raise ClassifyError(
            f"cannot read date '{text}': no month {int(month)} (a date that starts with its "
            "year goes on with its month, as in 2024-05 or 2024-05-13)",
            source=source,
            where=where,
        )
    if day is None:
        return f"{year}-{int(month):02d}"
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        raise ClassifyError(
            f"cannot read date '{text}': no day {int(day)} in {year}-{int(month):02d}",
            source=source,
            where=where,
        ) from None


def _other_language(text: str, date_order: str) -> str | None:
    """A date written in another language ("16 мая 2025", "11 września
    2025", "12 mars 2019", "12 de marzo de 2019", "mars 2019"), read with
    ``dateparser`` (Scrapinghub's multilingual date parser): a day where
    one is written, else the month; None where no year is written (or more
    than one), as relative and partial dates ("вчера", "Mai") depend on the
    day the file was read."""
    years = re.findall(r"(?<!\d)\d{4}(?!\d)", text)
    if len(years) != 1:
        return None
    data = _date_data_parser(date_order).get_date_data(text)
    found = data.date_obj
    if found is None or found.year != int(years[0]):
        return None
    if data.period == "day" and re.search(r"(?<!\d)\d{1,2}(?!\d)", text):
        return found.date().isoformat()
    if data.period == "month":
        return f"{found.year:04d}-{found.month:02d}"
    return None


@functools.lru_cache(maxsize=2)
def _date_data_parser(date_order: str):
    from dateparser.date import DateDataParser

    return DateDataParser(
        settings={
            "DATE_ORDER": "DMY" if date_order == "day-first" else "MDY",
            "PARSERS": ["custom-formats", "absolute-time"],
        }
    )


def _contradicts(first: int, second: int, year: str, date_order: str) -> bool:
    """Whether a numeric date ``first/second/year`` can only be read in the
    order other than ``date_order``: a month above 12 in that order, and a
    real day in the other (``2/29/2025`` is no date either way)."""
    day, month = (first, second) if date_order == "day-first" else (second, first)
    if month <= 12:
        return False
    full = int(year) + (2000 if len(year) == 2 else 0)
    try:
        date(full, day, month)  # the other order: month, day
    except ValueError:
        return False
    return True


@functools.lru_cache(maxsize=8192)
def _dateutil(text: str, date_order: str = "day-first") -> str | None:
    # Cached: a corpus writes the same few thousand days again and again,
    # and each reading parses twice.
    from dateutil import parser

    # A sentinel default tells which parts were in the text: any part not
    # written keeps the sentinel's value in both parses.
    a = datetime(1, 1, 1)
    b = datetime(2, 2, 2)
    year_first = bool(re.match(r"\d{4}\D", text))
    opts = {"yearfirst": year_first, "dayfirst": not year_first and date_order == "day-first"}
    try:
        with warnings.catch_warnings():
            # "ET", "BST" ...: the zone is dropped anyway (only the day is kept).
            warnings.simplefilter("ignore", parser.UnknownTimezoneWarning)
            pa = parser.parse(text, default=a, **opts)
            pb = parser.parse(text, default=b, **opts)
    except (ValueError, OverflowError, parser.ParserError):
        return None
    if pa.year != pb.year:
        return None  # no year: "Sept. 11" alone is not a date we can place
    if pa.month != pb.month:
        return f"{pa.year:04d}"
    if pa.day != pb.day:
        return f"{pa.year:04d}-{pa.month:02d}"
    return pa.date().isoformat()


def precision(iso: str) -> Precision:
    """``"year"``, ``"month"`` or ``"day"`` for a stored ISO date."""
    n = len(str(iso))
    return "year" if n == 4 else "month" if n == 7 else "day"


def date_range(iso: str) -> tuple[date, date]:
    """The first and last day a stored date stands for (both inclusive).

    ``"2017"`` -> (2017-01-01, 2017-12-31); ``"2017-06"`` -> (2017-06-01,
    2017-06-30); a day is a range of one day. Dates not in stored form are
    read with :func:`parse_date` first.
    """
    text = str(iso)
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        text = parse_date(text)
    year = int(text[:4])
    if len(text) == 4:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(text[5:7])
    if len(text) == 7:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    day = date(year, month, int(text[8:10]))
    return day, day


def date_span(dates: Iterable[object]) -> list[str] | None:
    """The first and last of ``dates`` (stored dates or None), as written,
    ordered by the span each stands for ("2018" ends the year, later than
    "2018-12-15"); where both are one written date standing for more than a
    day, or several dates spanning one, the days it spans. None: no dates."""
    days = [str(d) for d in dates if d]
    if not days:
        return None
    first = min(days, key=lambda d: date_range(d)[0])
    last = max(days, key=lambda d: date_range(d)[1])
    if first == last and (len(set(days)) > 1 or len(first) < 10):
        # "2017 to 2017" for 2017, 2017-06 and 2017-08-09 (or for 2017
        # alone) reads as one day: the days it spans.
        first = date_range(first)[0].isoformat()
        last = date_range(last)[1].isoformat()
    return [first, last]


def parse_cutoff(
    value: Any, *, key: str = "cutoff", source: object = None, date_order: DateOrder = "day-first"
) -> date:
    """A split cutoff: the first day of the later side. A year or month
    cutoff means its first day; a numeric date (``12/02/2025``) is read in
    ``date_order``, as the data's dates are. One-line error naming ``key``
    otherwise."""
    try:
        return date_range(parse_date(value, date_order=date_order))[0]
    except DateOrderError:
        # "01/13/2017" read day first: the cutoff may be what is written the
        # other way, not the data (an experiment file's, a command line's).
        from classify.errors import option

        other = "month-first" if date_order == "day-first" else "day-first"
        reading = _other_order_readings(value, date_order)
        iso = reading[0] if reading else "2017-01-01"
        raise ClassifyError(
            f"key '{key}': '{value}' cannot be {date_order.replace('-', ' ')} (the order "
            f"numeric dates are read in){f'; it reads as {iso}' if reading else ''}: write the "
            f"cutoff as an ISO date ({iso}), or, where the data writes its dates "
            f"{other.replace('-', ' ')} too, pass {option('date_order', other)}",
            source=source,
        ) from None
    except ClassifyError:
        raise ClassifyError(
            f"key '{key}': cannot read date '{value}' (allowed: a date such as "
            f"2017-01-01, 2017-06 or 2017, or a numeric date {date_order})",
            source=source,
        ) from None


def _other_order_readings(value: str, date_order: str) -> list[str]:
    """``value`` read in the order other than ``date_order``, as ISO text
    (one reading, or none)."""
    other = "month-first" if date_order == "day-first" else "day-first"
    try:
        return [parse_date(value, date_order=other)]  # type: ignore[arg-type]
    except ClassifyError:
        return []
