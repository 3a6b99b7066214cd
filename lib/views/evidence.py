"""What a number on screen rests on, for every page and briefing: its bound (≥ for 超过 figures,
约 for approximate ones), the proxy or estimate it comes from, and its citations — short beside
the number, in full on hover and in the tables. Demo and uploaded data carry none of these, so
their numbers read exactly as before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lib.core.formatting import format_percent_value, format_quantity
from lib.core.i18n import t
from lib.progress.dataview import DataView
from lib.progress.engine import Progress
from lib.reference.catalogue import Target
from lib.store.citations import citation_full, citation_short
from lib.views.words import completion_value, derived_mark, gap_words, status_label


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
    text = bounded(format_quantity(progress.actual, unit, lang, compact=compact), progress.bound, lang)
    return derived_mark(text, progress, lang)  # 推算, said


def gap_text(progress: Progress, lang: str) -> str:
    """快于/慢于时间进度 N 个百分点 (``lib.views.words``), or — without one."""
    return gap_words(progress, lang) or "—"


def completion_text(progress: Progress) -> str:
    """完成进度 as every surface shows it (``lib.views.words.completion_value``)."""
    return completion_value(progress)


def status_text(progress: Progress, lang: str) -> str:
    """``★ 已完成（按代理指标）``; ``– 暂无数据（下限不足以判断）``; the plain label otherwise."""
    label = status_label(progress.status, lang)
    if progress.proxy_indicator:
        label += t("evidence.status_proxy", lang)
    if progress.derived_inputs:
        label += t("voice.status_derived", lang)
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


@dataclass(frozen=True)
class RelatedFigure:
    """The nearest cited number for a target that has none of its own: named, with what it is not."""

    label: str  # 相关公开数字 · 2025年
    name: str  # 补贴性职业技能培训
    value: str  # ≥1,100万人次
    note: str  # the catalogue's words on how it differs from the target's measure
    citation: str  # in full, for the hover
    cited: str  # short, beside it


def related_figure(view: DataView, target: Target, progress: Progress, lang: str) -> RelatedFigure | None:
    """The latest published figure of the target's related series (``related_indicator``) at its
    scope, when the target has no figure at all (nor a proxy): its latest published run of months
    (period totals are what such series are published as), with its bound and citation — never
    judged. None for demo and uploads (no citations) and where the series has no run of months."""
    indicator_id = target.related_indicator
    if progress.actual is not None or not indicator_id or not view.store.has_citations:
        return None
    if not view.store.has(indicator_id):
        return None
    region = target.scope.region_code or "000000"
    spans = view.store.spans_of(indicator_id, region)
    if not spans:
        return None
    span = max(spans, key=lambda run: (run.end, run.start))  # the latest; of two, the shorter run
    indicator = view.catalogue.indicators[indicator_id]
    return RelatedFigure(
        label=t("voice.related_label", lang, period=run_text(span.start, span.end, lang)),
        name=indicator.name(lang),
        value=bounded(format_quantity(span.value, indicator.unit, lang, compact=True), span.bound, lang),
        note=target.related_note(lang),
        citation=citation_full(view.store.citation(span.citation_id), lang),
        cited=citation_short(view.store.citation(span.citation_id), lang),
    )


def headline_figure(
    view: DataView, target: Target, progress: Progress, lang: str, *, compact: bool = False
) -> tuple[str, str, RelatedFigure | None]:
    """(label, value, related) of a headline card — the Overview's and a slide's alike: the target's
    own figure; else the nearest related cited one; else, for published figures, 未见公开数字 in words
    (never a bare dash)."""
    related = related_figure(view, target, progress, lang)
    if related:
        return related.label, related.value, related
    if progress.actual is None and view.store.has_citations:
        return t("voice.no_figure_label", lang), t("voice.no_figure", lang), None
    label = t("card.actual_year", lang, year=progress.year) if progress.year else t("card.actual", lang)
    return label, value_text(progress, result_unit(view, target, progress), lang, compact=compact), None


def run_text(start: date, end: date, lang: str) -> str:
    """``2025年`` for a calendar year, ``2025-09`` for a month, ``2021-01—2025-09`` for a run."""
    if start.month == 1 and end.month == 12 and start.year == end.year:
        return t("voice.year", lang, year=start.year)
    return f"{start:%Y-%m}" if start == end else f"{start:%Y-%m}—{end:%Y-%m}"


def derived_line(view: DataView, progress: Progress, lang: str, *, quotes: bool = True) -> str:
    """``推算：高技能人才总量 550万人 ÷ 技能人才总量 1,817万人 = 30.3%（两数同为2024-05的公布数……）``
    and the sentences both figures were quoted from; '' unless the figure was 推算 (decision 0074)."""
    if not progress.derived_inputs:
        return ""
    numerator, denominator = (
        t(
            "voice.derived_part",
            lang,
            name=view.catalogue.indicators[part.indicator_id].name(lang),
            value=format_quantity(part.value, view.catalogue.indicators[part.indicator_id].unit, lang),
        )
        for part in progress.derived_inputs
    )
    line = t(
        "voice.derived",
        lang,
        numerator=numerator,
        denominator=denominator,
        value=format_quantity(progress.actual, "%", lang),
        month=f"{progress.derived_inputs[0].period:%Y-%m}",
    )
    said = dict.fromkeys(
        f"“{citation['quote']}”"
        for citation in (view.store.citation(part.citation_id) for part in progress.derived_inputs)
        if citation and citation.get("quote")
    )
    return line + (t("voice.derived_quotes", lang, quotes="；".join(said)) if quotes and said else "")


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


def evidence_lines(view: DataView, target: Target, progress: Progress, lang: str, *, related: bool = True) -> list[str]:
    """Everything a reader must know beside the number: proxy, estimate, citations (short), and for a
    target without a figure the nearest related one, named (``related=False`` where it is the number)."""
    lines = [proxy_line(target, progress, view, lang), estimate_line(progress, view, lang)]
    lines.append(derived_line(view, progress, lang))
    if progress.status == "no_data" and progress.actual is None and view.store.has_citations:
        lines.append(t("evidence.not_published", lang))  # a cited snapshot: say why, never guess
        nearest = related_figure(view, target, progress, lang) if related else None
        if nearest:  # the nearest cited number, named for what it is not
            lines.append(
                t(
                    "voice.related_line",
                    lang,
                    label=nearest.label,
                    name=nearest.name,
                    value=nearest.value,
                    note=nearest.note,
                )
            )
    if progress.citation_ids:
        lines.append(t("evidence.cited", lang, citations=citations_short(view, progress, lang)))
    return [line for line in lines if line]
