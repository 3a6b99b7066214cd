"""Numbers the way readers expect them: 1.5万 / 4,000万 / 1.23亿 in Chinese, 15,000 / 40 million
in English; units translated; percentages and percentage points.

Values in scaled units (万元, 亿美元) are converted to their base unit first, so a sum of
1.8e7 万元 reads 1,800亿元 rather than 1,800万万元.
"""

from __future__ import annotations

import math

from lib.core.i18n import t

# unit -> (base unit, factor): 1 万元 = 1e4 元.
_SCALED_UNITS = {
    "万元": ("元", 1e4),
    "亿元": ("元", 1e8),
    "万人": ("人", 1e4),
    "亿美元": ("美元", 1e8),
    "万美元": ("美元", 1e4),
}
_UNIT_KEYS = {
    "人次": "unit.person_times",
    "人": "unit.persons",
    "个": "unit.count",
    "所": "unit.institutions",
    "场次": "unit.events",
    "元": "unit.yuan",
    "美元": "unit.usd",
    "%": "unit.percent",
}
# Units that count people or things: a value in them is a whole number wherever it is shown (a
# projection of 12,768.35 person-times reads 12,768 person-times).
COUNT_UNITS = frozenset({"人次", "人", "个", "所", "场次"})


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def _fixed(value: float, digits: int) -> str:
    return _trim(f"{value:,.{digits}f}")


def _scaled(value: float, digits: int) -> str:
    """A value already divided by 万/亿/million: about four significant digits (4,211万, 42.11万)."""
    magnitude = abs(value)
    return _fixed(value, 0 if magnitude >= 1000 else min(digits, 1) if magnitude >= 100 else digits)


def format_number(value: float | None, lang: str = "zh", digits: int = 2, *, compact: bool = False) -> str:
    """Compact number: 12058 -> 1.21万 (zh) / 12,058 (en); 4.2e7 -> 4,200万 / 42 million.

    ``compact`` (headline cards, where the width is a card's): English tens of thousands as 12.1k,
    the way 1.21万 is short in Chinese; millions keep their word (the card wraps it)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    magnitude = abs(value)
    if lang == "zh":
        if magnitude >= 1e8:
            return _scaled(value / 1e8, digits) + "亿"
        if magnitude >= 1e4:
            return _scaled(value / 1e4, digits) + "万"
        return _fixed(value, 0 if float(value).is_integer() else digits)
    if magnitude >= 1e9:
        return _scaled(value / 1e9, digits) + " billion"
    if magnitude >= 1e6:
        return _scaled(value / 1e6, digits) + " million"
    if compact and magnitude >= 1e4:
        return _scaled(value / 1e3, 1) + "k"
    return _fixed(value, 0 if float(value).is_integer() else digits)


def format_exact(value: float | None, lang: str = "zh") -> str:
    """Full precision with thousands separators, for hover text and tables."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return _fixed(value, 0 if float(value).is_integer() else 2)


def base_unit(value: float, unit: str) -> tuple[float, str]:
    """(value, unit) in the unit's base: (1.8e7, 万元) -> (1.8e11, 元)."""
    base, factor = _SCALED_UNITS.get(unit, (unit, 1.0))
    return value * factor, base


def unit_label(unit: str, lang: str) -> str:
    base = _SCALED_UNITS.get(unit, (unit, 1.0))[0]
    key = _UNIT_KEYS.get(base)
    return t(key, lang) if key else base


_UNIT_WORDS_EN = {
    "人次": "person-times",
    "元": "yuan",
    "美元": "USD",
    "人": "persons",
    "个": "number",
    "所": "number",
    "场次": "events",
    "万元": "10k yuan",
    "亿元": "100m yuan",
    "亿美元": "100m USD",
    "%": "%",
}


def unit_text(unit: str, lang: str) -> str:
    """A unit as a word for titles and column headers: 人次 / person-times."""
    return unit if lang == "zh" else _UNIT_WORDS_EN.get(unit, unit)


def format_quantity(value: float | None, unit: str, lang: str = "zh", digits: int = 2, *, compact: bool = False) -> str:
    """Number with its unit: 1.5万人次 / 15,000 person-times / 29.6%; a count (people, institutions)
    always a whole number, a projection included. ``compact``: see ``format_number``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "%":
        return format_percent_value(value, digits=1)
    amount, base = base_unit(value, unit)
    if base in COUNT_UNITS and math.isfinite(amount):
        amount = math.copysign(math.floor(abs(amount) + 0.5), amount)  # half up, as people round
    label = unit_label(base, lang)
    number = format_number(amount, lang, digits, compact=compact)
    if lang == "zh":
        return number + label
    return f"{number} {label}".strip()


def format_percent(ratio: float | None, digits: int = 1) -> str:
    """A ratio (0.852) as a percentage: 85.2%."""
    if ratio is None or (isinstance(ratio, float) and (math.isnan(ratio) or math.isinf(ratio))):
        return "—"
    return f"{100 * ratio:.{digits}f}%"


def format_percent_value(value: float | None, digits: int = 1) -> str:
    """A value already in per cent (29.6) as 29.6%."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return _fixed(value, digits) + "%"


def format_points(points: float | None, lang: str = "zh", digits: int = 1) -> str:
    """Percentage points with an explicit sign: −12.4 个百分点 / −12.4 pp."""
    if points is None or (isinstance(points, float) and math.isnan(points)):
        return "—"
    sign = "+" if points > 0 else "−" if points < 0 else "±"
    return f"{sign}{abs(points):.{digits}f}" + t("unit.points", lang)
