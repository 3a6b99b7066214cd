"""进度通报: the monthly progress report in the standard wording, nationally or for one province.

"截至2026年10月底，全国新培育高技能领军人才1.21万人次，完成目标任务的80.4%，低于时间进度14.1个百分点；
进度较快的是兵团、吉林、江西，进度滞后的是重庆、山东、江苏。" — one such sentence per target, then the
alerts (三色预警) and the data note. The same ``Report`` is shown on screen (copyable text), written
as .docx (``report_docx``), sent by e-mail or a group robot (``delivery``) and by ``python -m lib.cli
report``. Every number comes from the engine's results for the data view given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from lib.core.formatting import format_percent, format_quantity
from lib.core.i18n import t
from lib.core.periods import add_months, last_complete_month
from lib.core.settings import AlertThresholds, alert_thresholds
from lib.progress.alerts import Alert, compared_alerts, own_target_alerts
from lib.progress.changes import Comparison, rank_arrow, rank_changes, ranks
from lib.progress.dataview import DataView
from lib.progress.drilldown import mappable_targets, province_results
from lib.progress.engine import Progress
from lib.progress.measures import within_tolerance
from lib.progress.provincial import own_target_results, published_on
from lib.reference.catalogue import Target
from lib.reference.labels import target_period
from lib.reference.regions import NATIONAL_CODE
from lib.store.annotations import Note
from lib.store.followups import FollowUpInfo
from lib.views.annotations import note_line
from lib.views.evidence import derived_line
from lib.views.words import baseline_words, completion_value, derived_mark, distance_words
from lib.views.words import gap_words as measure_gap_words

LEADERS = 3  # provinces named as fastest and as lagging
LISTED_ALERTS = 8  # items named per kind of change in the alerts paragraph
LISTED_NOTES = 10  # analysts' notes carried into a report, newest first
NOTES_MONTHS = 12  # … on the months of the year up to the month reported


@dataclass(frozen=True)
class RankingTable:
    """An annex table: every province for one target, with its rank and rank change."""

    title: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class Report:
    title: str
    period: str  # 2026年10月 / October 2026
    lang: str
    region_code: str | None
    as_of: date
    sections: list[tuple[str, list[str]]]  # (heading, paragraphs)
    notes: list[str]  # the data note, demo label first when demo
    tables: list[RankingTable] = field(default_factory=list)
    demo: bool = False
    filters: str = ""  # scope, snapshot, pace, comparison — as a reader says them

    def text(self) -> str:
        """Plain text, for copying into a document or a message."""
        lines = [self.title, self.period, ""]
        for heading, paragraphs in self.sections:
            lines += [heading, *paragraphs, ""]
        lines += [t("report.notes_heading", self.lang), *self.notes]
        return "\n".join(lines).strip() + "\n"

    def paragraphs(self) -> list[str]:
        return [paragraph for _, paragraphs in self.sections for paragraph in paragraphs]


# --- words -------------------------------------------------------------------------------------------
def month_words(day: date, lang: str) -> str:
    return f"{day.year}年{day.month}月" if lang == "zh" else day.strftime("%B %Y")


def gap_words(progress: Progress, lang: str) -> str:
    """快于/慢于时间进度 Y 个百分点, or level with it — the one wording (``lib.views.words``)."""
    return measure_gap_words(progress, lang)


def names(view: DataView, codes: list[str], lang: str) -> str:
    return t("list.sep", lang).join(view.store.regions.by_code[code].name(lang) for code in codes)


def region_words(view: DataView, code: str, lang: str) -> str:
    return t("report.national", lang) if code == NATIONAL_CODE else view.store.regions.by_code[code].name(lang)


def progress_clause(view: DataView, target: Target, progress: Progress, code: str, basis: str, lang: str) -> str:
    """The sentence's body for one target at one region, by kind and status."""
    indicator = view.catalogue.indicators[target.indicator_id]
    unit = indicator.unit
    where = region_words(view, code, lang)
    level = target.kind in ("level", "change")
    actual = t(
        "report.value_level" if level else "report.value",
        lang,
        value=derived_mark(format_quantity(progress.actual, unit, lang), progress, lang),
    )
    completion = completion_value(progress)
    goal_key = "report.goal_reference" if basis == "reference" else "report.goal"
    goal = t(goal_key, lang)
    if target.kind == "annual" and progress.year:
        subject = t("report.subject_year", lang, region=where, year=progress.year, name=indicator.name(lang))
        goal = t("report.goal_year", lang) if basis != "reference" else t("report.goal_year_reference", lang)
    else:
        subject = t("report.subject", lang, region=where, name=target.name(lang))
    standing = level and progress.projection is None and progress.expected is not None
    if within_tolerance(target, progress):  # 左右: reached within the tolerance, never "96.7%" beside 已完成
        return t(
            "measure.report.approx",
            lang,
            subject=subject,
            actual=actual,
            met=distance_words(target, progress, unit, lang),
        )
    if (
        level and progress.actual is not None and not (standing and progress.status != "achieved")
    ):  # in the target's own unit, never % of it
        distance = distance_words(target, progress, unit, lang)
        if progress.status == "missed":
            return t(
                "measure.report.level_missed",
                lang,
                subject=subject,
                actual=actual,
                distance=distance,
                period=target_period(target, lang),
            )
        since = baseline_words(progress, unit, lang) if progress.status != "achieved" else ""
        return t("measure.report.level", lang, subject=subject, actual=actual, distance=distance) + (
            t("report.clause_sep", lang) + since if since else ""
        )
    if progress.status == "achieved":
        return t("report.achieved", lang, subject=subject, actual=actual, goal=goal, completion=completion)
    if progress.status == "missed":
        return t(
            "report.missed",
            lang,
            subject=subject,
            actual=actual,
            goal=goal,
            completion=completion,
            period=target_period(target, lang),
        )
    if standing:
        required = format_quantity(progress.target_value, unit, lang)
        key = "report.standing_met" if progress.status == "on_track" else "report.standing_short"
        return t(key, lang, subject=subject, actual=actual, required=required)
    body = t("report.progress", lang, subject=subject, actual=actual, goal=goal, completion=completion)
    return body + t("report.clause_sep", lang) + gap_words(progress, lang)


def leaders_clause(view: DataView, target: Target, pace: str, thresholds: AlertThresholds, lang: str) -> str:
    """进度较快的是…，进度滞后的是… (by pace; only provinces below green count as lagging)."""
    results = [r for r in province_results(view, target, pace) if r.applicable and r.progress.pace is not None]
    ordered = sorted(results, key=lambda r: r.progress.pace, reverse=True)
    if len(ordered) < 2:
        return ""
    count = min(LEADERS, len(ordered) // 2)
    fast = [r.region.code for r in ordered[:count]]
    slow = [r.region.code for r in reversed(ordered[-count:]) if r.progress.pace < thresholds.green]
    parts = [t("report.fastest", lang, names=names(view, fast, lang))]
    parts.append(t("report.lagging", lang, names=names(view, slow, lang)) if slow else t("report.none_lagging", lang))
    return t("report.leaders_sep", lang).join(parts)


def rank_clause(now: dict[str, int], changes: dict[str, int | None], view: DataView, lang: str) -> str:
    """较上期排名上升最多的是…（↑3），下降最多的是…（↓2） — empty without a change."""
    moved = {code: change for code, change in changes.items() if change}
    if not moved:
        return ""
    parts = []
    best = max(moved.values())
    if best > 0:
        codes = sorted(c for c, v in moved.items() if v == best)
        parts.append(t("report.rank_up", lang, names=names(view, codes, lang), arrow=rank_arrow(best)))
    worst = min(moved.values())
    if worst < 0:
        codes = sorted(c for c, v in moved.items() if v == worst)
        parts.append(t("report.rank_down", lang, names=names(view, codes, lang), arrow=rank_arrow(worst)))
    return t("report.clause_sep", lang).join(parts)


def sentence(lead: str, clauses: list[str], lang: str) -> str:
    """``lead`` + the clauses joined by ；, closed by 。"""
    return lead + t("report.part_sep", lang).join(clause for clause in clauses if clause) + t("report.full_stop", lang)


# --- the report --------------------------------------------------------------------------------------
def build_report(
    view: DataView,
    *,
    pace: str = "linear",
    lang: str = "zh",
    region: str | None = None,
    comparison: Comparison | None = None,
    thresholds: AlertThresholds | None = None,
    targets: frozenset[str] | None = None,
    notes: Sequence[Note] = (),
    follow_ups: Sequence[FollowUpInfo] | None = None,
) -> Report:
    """The 进度通报 of ``view`` for the nation (``region`` None) or one province — of some
    ``targets`` only when given (a subscription's filter) — with the analysts' notes on its items
    and, when given, the 督办 items it concerns."""
    thresholds = thresholds or alert_thresholds()
    month = last_complete_month(view.provenance.as_of)
    lead = t("report.as_of", lang, month=month_words(month, lang))
    progress = view.progress(pace)
    found = compared_alerts(view, pace, comparison, thresholds)
    if targets is not None:
        found = [alert for alert in found if alert.target_id in targets]
    mappable = mappable_targets(view)
    chosen = [target for target in view.catalogue.targets if targets is None or target.id in targets]
    sections, tables = [], []
    if region is None:
        paragraphs = []
        for target in chosen:
            if target.scope.kind != "national" or progress[target.id].status in ("no_data", "not_started"):
                continue
            clauses = [progress_clause(view, target, progress[target.id], NATIONAL_CODE, "own", lang)]
            if target in mappable:
                clauses.append(leaders_clause(view, target, pace, thresholds, lang))
                table, moved = _ranking(view, target, pace, comparison, lang)
                tables.append(table)
            paragraphs.append(
                sentence(lead, clauses, lang)
                + (sentence(t("report.rank_lead", lang), [moved], lang) if target in mappable and moved else "")
            )
        for target in chosen:
            result = progress[target.id]
            if target.scope.kind == "group" and result.members:
                meeting = sum(m.status in ("achieved", "on_track") for m in result.members)
                paragraphs.append(
                    t("report.group", lang, name=target.name(lang), meeting=meeting, total=len(result.members))
                )
        sections.append((t("report.section_progress", lang), paragraphs))
        shown = found
    else:
        paragraphs = []
        name = view.store.regions.by_code[region].name(lang)
        for alert in (a for a in found if a.region_code == region):
            target = view.catalogue.by_target[alert.target_id]
            clauses = [progress_clause(view, target, alert.progress, region, alert.basis, lang)]
            if target in mappable:
                now = ranks(province_results(view, target, pace))
                if region in now:
                    change = None
                    if comparison is not None:
                        change = rank_changes(now, ranks(province_results(comparison.view, target, pace))).get(region)
                    clauses.append(_rank_words(now[region], len(now), change, lang))
            paragraphs.append(sentence(lead, clauses, lang))
        own = own_target_paragraphs(view, region, pace, lang) if targets is None else []
        sections.append((t("report.section_region", lang, name=name), [*own, *paragraphs]))
        shown = [a for a in found if a.region_code == region]
    alert_paragraphs = _alert_paragraphs(view, shown, comparison, lang)
    if region is not None and targets is None:
        alert_paragraphs += own_alert_paragraphs(view, region, pace, thresholds, lang)
    if follow_ups is not None:
        alert_paragraphs.append(followup_paragraph(follow_ups, region, month, lang))
    sections.append((t("report.section_alerts", lang), alert_paragraphs))
    noted = report_notes(notes, {target.id for target in chosen}, region, month)
    if noted:
        lines = [note_line(note, view.store.regions, lang) for note in noted[:LISTED_NOTES]]
        if len(noted) > LISTED_NOTES:
            lines.append(t("report.notes_more", lang, count=len(noted) - LISTED_NOTES))
        sections.append((t("report.section_notes", lang), lines))
    provenance = view.provenance
    scope = t("report.national", lang) if region is None else view.store.regions.by_code[region].name_zh
    if region is not None and lang == "en":
        scope = view.store.regions.by_code[region].name_en
    title = t("report.title", lang) if region is None else t("report.title_region", lang, name=scope)
    filters = t(
        "report.filters",
        lang,
        scope=scope,
        snapshot=provenance.snapshot_id,
        date=provenance.as_of.isoformat(),
        pace=t(f"pace.{pace}", lang),
    )
    if targets is not None:
        names = t("list.sep", lang).join(target.name(lang) for target in chosen)
        filters += t("report.filters_targets", lang, targets=names)
    return Report(
        title=title,
        period=t("report.period", lang, month=month_words(month, lang)),
        lang=lang,
        region_code=region,
        as_of=provenance.as_of,
        sections=sections,
        notes=data_notes(view, pace, comparison, thresholds, lang),
        tables=tables,
        demo=provenance.demo,
        filters=filters,
    )


def report_notes(notes: Sequence[Note], targets: set[str], region: str | None, month: date) -> list[Note]:
    """The notes a report carries: on its targets (and its province), on months of the year up to
    the month reported, newest first."""
    first = add_months(month, -(NOTES_MONTHS - 1))
    picked = [
        note
        for note in notes
        if note.target_id in targets
        and (region is None or note.region_code == region)
        and first <= note.period <= month
    ]
    return sorted(picked, key=lambda note: (note.period, note.created_at), reverse=True)


def followup_paragraph(
    found: Sequence[FollowUpInfo], region: str | None, month: date, lang: str, today: date | None = None
) -> str:
    """督办: how many items are in hand now (and overdue) for the report's scope, how many the data
    closed on the month reported (an analyst's own targets' items are theirs, not the report's)."""
    mine = [info for info in found if (region is None or info.region_code == region) and not info.own]
    today = today or date.today()
    active = [info for info in mine if info.active]
    closed = [info for info in mine if info.status == "resolved" and info.resolved_month == f"{month:%Y-%m}"]
    return t(
        "report.follow_ups",
        lang,
        active=len(active),
        overdue=sum(info.overdue(today) for info in active),
        closed=len(closed),
    )


def _rank_words(rank: int, total: int, change: int | None, lang: str) -> str:
    words = t("report.rank", lang, rank=rank, total=total)
    if change is None:
        return words
    if change == 0:
        return words + t("report.rank_same", lang)
    key = "report.rank_rose" if change > 0 else "report.rank_fell"
    return words + t(key, lang, places=abs(change), arrow=rank_arrow(change))


def _ranking(
    view: DataView, target: Target, pace: str, comparison: Comparison | None, lang: str
) -> tuple[RankingTable, str]:
    """The annex table of provinces for one target and the rank clause of its sentence."""
    results = province_results(view, target, pace)
    now = ranks(results)
    changes = (
        rank_changes(now, ranks(province_results(comparison.view, target, pace))) if comparison else dict.fromkeys(now)
    )
    unit = view.catalogue.indicators[target.indicator_id].unit
    rows = []
    for result in sorted((r for r in results if r.region.code in now), key=lambda r: now[r.region.code]):
        code = result.region.code
        rows.append(
            [
                str(now[code]),
                result.region.name(lang),
                format_quantity(result.progress.actual, unit, lang),
                format_percent(result.progress.completion),
                format_percent(result.progress.time_elapsed),
                format_percent(result.progress.pace),
                rank_arrow(changes.get(code)),
            ]
        )
    columns = [
        t(f"report.col_{name}", lang)
        for name in ("rank", "region", "actual", "completion", "elapsed", "pace", "change")
    ]
    basis = (
        t("basis.reference", lang)
        if target.kind in ("cumulative", "annual") and target.scope.kind == "national"
        else ""
    )
    title = t("report.table_title", lang, name=target.name(lang)) + (
        f"（{basis}）" if basis and lang == "zh" else f" ({basis})" if basis else ""
    )
    return RankingTable(title, columns, rows), rank_clause(now, changes, view, lang) if comparison else ""


def own_target_paragraphs(view: DataView, region: str, pace: str, lang: str) -> list[str]:
    """A province's own targets (本省目标), each as of its own figure's month (截至2024年5月底) — not the
    report's month — and, when met early, when that figure was published; those without data counted."""
    paragraphs, missing = [], 0
    short = view.store.regions.by_code[region]
    for result in own_target_results(view, region, pace):
        progress = result.progress
        if progress.status in ("no_data", "not_started") or result.figure_period is None:
            missing += 1
            continue
        target = result.item.target
        bare = replace(  # the subject already names the province: 云南省技能人才总量, not 云南省云南技能人才总量
            target,
            name_zh=target.name_zh.removeprefix(short.short_zh),
            name_en=target.name_en.split(": ", 1)[-1],
        )
        clauses = [progress_clause(view, bare, progress, region, "own", lang)]
        if progress.derived_inputs:  # 推算: the formula and its two figures, said (their quotes are in the annex)
            clauses.append(derived_line(view, progress, lang, quotes=False))
        if result.met_early:
            published = published_on(view, progress)
            clauses.append(
                t("provincial.report_early", lang, date=published.isoformat())
                if published
                else t("provincial.report_early_undated", lang)
            )
        lead = t("provincial.report_lead", lang) + t(
            "report.as_of", lang, month=month_words(result.figure_period, lang)
        )
        paragraphs.append(sentence(lead, clauses, lang))
    if missing:
        paragraphs.append(t("provincial.report_no_data", lang, count=missing))
    return paragraphs


def own_alert_paragraphs(view: DataView, region: str, pace: str, thresholds: AlertThresholds, lang: str) -> list[str]:
    """The colours of a province's own targets, apart from the catalogue's: counts, and the red ones named."""
    found = own_target_alerts(view, region, pace, thresholds)
    if not found:
        return []
    counts = {colour: sum(a.colour == colour for a in found) for colour in ("red", "yellow", "green")}
    names = {item.target.id: item.target for item in view.catalogue.provincial_of(region)}
    red = t("list.sep", lang).join(
        t("report.held_item", lang, item=names[a.target_id].name(lang), months=a.months_held)
        for a in found
        if a.colour == "red"
    )
    text = t("provincial.report_alerts", lang, total=len(found), **counts)
    return [text + (t("provincial.report_alerts_red", lang, items=red) if red else t("report.full_stop", lang))]


def _alert_paragraphs(view: DataView, shown: list[Alert], comparison: Comparison | None, lang: str) -> list[str]:
    counts = {colour: sum(a.colour == colour for a in shown) for colour in ("red", "yellow", "green")}
    paragraphs = [t("report.alert_counts", lang, total=len(shown), **counts)]
    by_rule = sum(a.held_by_rule for a in shown)
    if by_rule:
        paragraphs.append(t("report.alert_rule", lang, count=by_rule))
    if comparison is not None:
        for change in ("to_red", "to_yellow", "to_green"):
            items = [a for a in shown if a.change == change]
            if items:
                listed = t("list.sep", lang).join(_item_words(view, a, lang) for a in items[:LISTED_ALERTS])
                more = (
                    t("report.and_more", lang, count=len(items) - LISTED_ALERTS) if len(items) > LISTED_ALERTS else ""
                )
                paragraphs.append(t(f"report.changed_{change}", lang, count=len(items), items=listed + more))
    longest = [a for a in shown if a.colour == "red" and not a.closed][:LISTED_ALERTS]
    if longest:
        listed = t("list.sep", lang).join(
            t("report.held_item", lang, item=_item_words(view, a, lang), months=a.months_held) for a in longest
        )
        paragraphs.append(t("report.longest_red", lang, items=listed))
    return paragraphs


def _item_words(view: DataView, alert: Alert, lang: str) -> str:
    target = view.catalogue.by_target[alert.target_id]
    return t("report.item", lang, region=region_words(view, alert.region_code, lang), name=target.name(lang))


def data_notes(
    view: DataView, pace: str, comparison: Comparison | None, thresholds: AlertThresholds, lang: str
) -> list[str]:
    """数据说明: the source, the method in one line, the colours and the red rule, the comparison."""
    provenance = view.provenance
    notes = []
    if provenance.demo:
        notes.append(t("report.demo_note", lang))
    notes.append(
        t(
            "report.note_source",
            lang,
            title=provenance.title,
            snapshot=provenance.snapshot_id,
            date=provenance.as_of.isoformat(),
            source=provenance.source_in(lang),
        )
    )
    if provenance.includes_upload:
        notes.append(t("report.note_upload", lang, note=provenance.upload_note))
    notes.append(t("report.note_method", lang, pace=t(f"pace.{pace}", lang)))
    notes.append(
        t(
            "report.note_colours",
            lang,
            green=format_percent(thresholds.green, 0),
            yellow=format_percent(thresholds.yellow, 0),
        )
    )
    if comparison is not None:
        other = comparison.view.provenance
        key = "report.note_compare_snapshot" if comparison.basis == "snapshot" else "report.note_compare_month"
        notes.append(
            t(
                key,
                lang,
                snapshot=other.snapshot_id,
                date=other.as_of.isoformat(),
                month=month_words(last_complete_month(other.as_of), lang),
            )
        )
    return notes


def report_filename(month: str, region: str | None, lang: str, kind: str) -> str:
    """``report-2026-10-national-zh.docx`` / ``report-2026-10-440000-en.txt``: the same name on the
    dashboard and from ``python -m lib.cli report`` (ASCII: safe in any mail client and shell)."""
    return f"report-{month}-{region or 'national'}-{lang}.{kind}"
