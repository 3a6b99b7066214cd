"""Month arithmetic on plain ``datetime.date`` values (always the first day of a month).

Observations are stored with ``period`` = the first day of their month, quarter or year;
targets run from a first month to a last month, both inclusive.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_month(text: str) -> date:
    """``"2024-03"`` -> ``date(2024, 3, 1)``."""
    match = _MONTH.match(str(text).strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"not a month (YYYY-MM): {text!r}")
    return date(int(match[1]), int(match[2]), 1)


def month_start(day: date) -> date:
    return date(day.year, day.month, 1)


def month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> int:
    """Number of months from ``first`` to ``last`` inclusive (0 if ``last`` is before ``first``)."""
    return max(0, (last.year - first.year) * 12 + last.month - first.month + 1)


def last_complete_month(as_of: date) -> date:
    """The last month fully covered at ``as_of``: its own month on the last day, else the one before."""
    return month_start(as_of) if as_of == month_end(as_of) else add_months(month_start(as_of), -1)


def month_range(first: date, last: date) -> list[date]:
    return [add_months(first, offset) for offset in range(months_between(first, last))]


def format_month(day: date) -> str:
    return f"{day.year}-{day.month:02d}"
