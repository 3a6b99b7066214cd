"""Analysts' notes on the data as the pages, briefings and reports show them: numbered (注1, 注2 …)
the same way on a chart's markers and in the list under it, in the reader's language. No page of
its own: the Programs and Provinces pages place them under their charts."""

from __future__ import annotations

from datetime import date

from lib.charts.paths import ChartNote
from lib.core.i18n import t
from lib.reference.own import inert
from lib.reference.regions import RegionRegistry
from lib.store.annotations import Note
from lib.views.followups import region_label


def note_label(number: int, lang: str) -> str:
    return t("notes.label", lang, number=number)


def month_words(note: Note, lang: str) -> str:
    return f"{note.period.year}年{note.period.month}月" if lang == "zh" else note.period.strftime("%b %Y")


def note_line(note: Note, regions: RegionRegistry, lang: str, number: int | None = None) -> str:
    """ "注1 2026年3月 · 广东省：3月受春节因素影响（广东分析员，2026-12-02）" — plain text."""
    line = t(
        "notes.line",
        lang,
        month=month_words(note, lang),
        region=region_label(regions, note.region_code, lang),
        text=note.text,
        author=note.author_name or note.author,
        date=note.created_at.date().isoformat(),
    )
    return f"{note_label(number, lang)} {line}" if number is not None else line


def chart_notes(found: list[Note], regions: RegionRegistry, lang: str) -> list[ChartNote]:
    """The markers of ``found`` (numbered in their order), their texts inert for the chart."""
    return [
        ChartNote(note.period, note_label(number, lang), inert(note_line(note, regions, lang)))
        for number, note in enumerate(found, start=1)
    ]


def note_lines(found: list[Note], regions: RegionRegistry, lang: str) -> list[str]:
    """The list under a chart (or on a slide): the same numbers as the markers."""
    return [note_line(note, regions, lang, number) for number, note in enumerate(found, start=1)]


def notes_between(found: list[Note], first: date | None, last: date | None) -> list[Note]:
    """The notes on months from ``first`` to ``last`` (a chart's span with data), order kept."""
    if first is None or last is None:
        return []
    return [note for note in found if first.replace(day=1) <= note.period <= last]
