"""What a number on screen rests on, for every page and briefing: its bound (≥ for 超过 figures,
约 for approximate ones), the proxy or estimate it comes from, and its citations — short beside
the number, in full on hover and in the tables. Demo and uploaded data carry none of these, so
their numbers read exactly as before."""

from __future__ import annotations

from lib.core.formatting import format_percent_value, format_quantity
from lib.core.i18n import t
from lib.progress.dataview import DataView
from lib.progress.engine import Progress
from lib.progress.measures import completion_value, gap_words
from lib.progress.statuses import status_label
from lib.reference.catalogue import Target
from lib.store.citations import citation_full, citation_short


def bounded(text: str, bound: str | None, lang: str) -> str:
    """``≥4,400万人次`` / ``at least 44 million``; ``约30%``; the text itself when exact."""
    if text == "—" or not bound:
        return text
    return t(f"evidence.{bound}", lang, value=text)


def value_text(progress: Progress, unit: str, lang: str, *, compact: bool = False) -> str:
    """A result's actual (or latest) value with its bound; an estimated rate to two decimals, so a
    lower bound of 29.96 % never reads as 30.0 %. ``compact``: a headline card's short form (12.1k)."""
    if progress.estimate_inputs and unit == "%":
        return bounded(format_percent_value(progress.actual, digits=2), progress.bound, lang)
    return bounded(format_quantity(progress.actual, unit, lang, compact=compact), progress.bound, lang)


def gap_text(progress: Progress, lang: str) -> str:
    """快于/慢于时间进度 N 个百分点 (``lib.progress.measures``), or — without one."""
    return gap_words(progress, lang) or "—"


def completion_text(progress: Progress) -> str:
    """完成进度 as every surface shows it (``lib.progress.measures.completion_value``)."""
    return completion_value(progress)


def status_text(progress: Progress, lang: str) -> str:
    """``★ 已完成（按代理指标）``; ``– 暂无数据（下限不足以判断）``; the plain label otherwise."""
    label = status_label(progress.status, lang)
    if progress.proxy_indicator:
        label += t("evidence.status_proxy", lang)
    if progress.estimate_inputs:
        label += t("evidence.status_estimate", lang)
    elif progress.pace_note == "lower_bound":
        label += t("evidence.status_lower_bound", lang)
    return label


def result_unit(view: DataView, target: Target, progress: Progress) -> str:
    """The unit of what was counted: the proxy's (人次 for certificates) when a proxy stood in."""
    return view.catalogue.indicators[progress.proxy_indicator or target.indicator_id].unit


def proxy_line(target: Target, progress: Progress, view: DataView, lang: str) -> str:
    """The proxy named, with what it is not (the catalogue's note), or ''."""
    if not progress.proxy_indicator:
        return ""
    return target.proxy_note(lang) or view.catalogue.indicators[progress.proxy_indicator].name(lang)


def estimate_line(progress: Progress, view: DataView, lang: str) -> str:
    """``估算：技能人才总量 ≥2.2亿人（2025-09）÷ 就业人员 7.34亿人（2024-12）；两数时点不同，不作判断``."""
    if not progress.estimate_inputs:
        return ""
    parts = []
    for part in progress.estimate_inputs:
        indicator = view.catalogue.indicators[part.indicator_id]
        value = bounded(format_quantity(part.value, indicator.unit, lang), part.bound, lang)
        parts.append(
            t("evidence.estimate_part", lang, name=indicator.name(lang), value=value, month=f"{part.period:%Y-%m}")
        )
    return t("evidence.estimate", lang, numerator=parts[0], denominator=parts[1])


def citations_short(view: DataView, progress: Progress, lang: str) -> str:
    """The citations of a result, short, joined (or '')."""
    return t("list.sep", lang).join(
        filter(None, (citation_short(view.store.citation(cid), lang) for cid in progress.citation_ids))
    )


def citations_full(view: DataView, citation_ids, lang: str) -> str:
    """The citations in full, one block each, for hover text and tables."""
    return "\n\n".join(filter(None, (citation_full(view.store.citation(cid), lang) for cid in citation_ids)))


def evidence_lines(view: DataView, target: Target, progress: Progress, lang: str) -> list[str]:
    """Everything a reader must know beside the number: proxy, estimate, citations (short)."""
    lines = [proxy_line(target, progress, view, lang), estimate_line(progress, view, lang)]
    if progress.status == "no_data" and progress.actual is None and view.store.has_citations:
        lines.append(t("evidence.not_published", lang))  # a cited snapshot: say why, never guess
    if progress.citation_ids:
        lines.append(t("evidence.cited", lang, citations=citations_short(view, progress, lang)))
    return [line for line in lines if line]
