"""Words for catalogue things: a target's period, its value as written, where it applies."""

from __future__ import annotations

from datetime import date

from lib.core.formatting import format_points, format_quantity
from lib.core.i18n import t
from lib.reference.catalogue import Target
from lib.reference.regions import RegionRegistry

GROUP_KEYS = {
    "belt:east": "group.belt_east",
    "belt:central": "group.belt_central",
    "belt:west": "group.belt_west",
    "belt_midwest": "group.belt_midwest",
    "fund_east": "group.fund_east",
}


def target_period(target: Target, lang: str) -> str:
    """``2024—2026``; months shown only when the period does not run whole years."""
    dash = "—" if lang == "zh" else "–"
    if target.start.month == 1 and target.end.month == 12:
        return (
            str(target.start.year)
            if target.start.year == target.end.year
            else f"{target.start.year}{dash}{target.end.year}"
        )
    return f"{target.start:%Y-%m}{dash}{target.end:%Y-%m}"


def target_value_text(target: Target, unit: str, lang: str) -> str:
    """The target as a reader says it: ``1.5万人次``, ``每年100万人次``, ``约500万人次``, ``+2～3 个百分点``."""
    if target.kind == "change":
        low = format_points(target.value, lang, 0)
        return low if target.value_max is None else f"{low.split(' ')[0]}～{target.value_max:g}{t('unit.points', lang)}"
    value = format_quantity(target.value, unit, lang)
    prefix = {">=": "", "approx": t("target.approx_prefix", lang), "<=": t("target.at_most_prefix", lang)}[
        target.comparator
    ]
    per_year = t("target.per_year", lang) if target.kind == "annual" else ""
    return f"{per_year}{prefix}{value}"


def scope_text(target: Target, regions: RegionRegistry, lang: str) -> str:
    scope = target.scope
    if scope.kind == "national":
        text = t("scope.national", lang)
    elif scope.kind == "region":
        text = regions.by_code[scope.region_code].name(lang)
    elif scope.kind == "group":
        text = t("scope.each_of", lang, group=t(GROUP_KEYS.get(scope.group, "group.other"), lang))
    else:
        text = t("scope.other", lang)
    note = target.scope_note(lang)
    return f"{text}（{note}）" if note and lang == "zh" else f"{text} ({note})" if note else text


def figure_footer(provenance, document: str, pace_method: str, lang: str) -> str:
    """The line inside every figure: as-of date, snapshot (and the demo mark), target source, pace."""
    day = provenance.as_of
    date_text = f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.strftime("%-d %b %Y")
    snapshot = provenance.snapshot_id + (" · " + t("chart.demo_mark", lang) if provenance.demo else "")
    if getattr(provenance, "includes_upload", False):
        snapshot += " · " + t("upload.badge", lang)
    return t(
        "chart.footer", lang, date=date_text, snapshot=snapshot, document=document, pace=t(f"pace.{pace_method}", lang)
    )


def month_text(day: date, lang: str) -> str:
    """``2024年5月`` / ``May 2024``: the month a figure speaks for."""
    return f"{day.year}年{day.month}月" if lang == "zh" else day.strftime("%b %Y")
