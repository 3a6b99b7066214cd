"""A briefing: a short sequence of views a presenter walks a meeting through.

Each view is a language-neutral code — ``overview``, ``provinces.<target or own indicator>[.<region>]``,
``programs.<target>[.<year>]`` — and the sequence is one URL parameter (``brief``, comma-separated),
so a whole briefing is one link. ``view_content`` turns a view into what the screen, the slides, the
HTML and the PDF all show: a title, the filters in force, key numbers as text, figures, the source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go

from lib.charts.provinces import tile_map_figure
from lib.core.formatting import format_percent, format_quantity
from lib.core.i18n import t
from lib.progress.dataview import DataView
from lib.progress.drilldown import mappable_targets, national_progress, province_results
from lib.progress.engine import Progress
from lib.progress.measures import is_count
from lib.reference.catalogue import Catalogue, Target
from lib.reference.labels import figure_footer, scope_text, target_period, target_value_text
from lib.reference.regions import RegionRegistry
from lib.store.annotations import Note, select_notes
from lib.views.annotations import note_label, note_line
from lib.views.evidence import (
    completion_text,
    evidence_lines,
    headline_figure,
    result_unit,
    status_text,
    value_text,
)
from lib.views.programs import annual_years, frame_notes, path_figure, years_figure
from lib.views.provinces import indicator_map, ranking_of, tile_key, tile_rows
from lib.views.words import (
    baseline_words,
    completion_value,
    distance_words,
    gap_words,
    pace_value,
    percent,
    status_label,
)

VIEW_KINDS = ("overview", "provinces", "programs")
MAX_VIEWS = 12
BRIEF_NOTES = 5  # analysts' notes listed on one view


@dataclass(frozen=True)
class ViewSpec:
    kind: str
    target: str | None = None
    detail: str | None = None  # region code (provinces) or year (programs)

    def code(self) -> str:
        return ".".join(part for part in (self.kind, self.target, self.detail) if part)


def parse_view(code: str, catalogue: Catalogue, regions: RegionRegistry) -> ViewSpec | None:
    """A view from its code, or None when it names something this catalogue does not have."""
    kind, *rest = code.strip().split(".")
    if kind == "overview" and not rest:
        return ViewSpec("overview")
    own_series = kind == "provinces" and rest and rest[0] in {i.id for i in catalogue.own_indicators}
    if kind not in ("provinces", "programs") or not rest or len(rest) > 2:
        return None
    if rest[0] not in catalogue.by_target and not own_series:
        return None
    detail = rest[1] if len(rest) == 2 else None
    if kind == "provinces" and detail and detail not in {u.code for u in regions.units}:
        return None
    if kind == "programs" and detail and not (detail.isdigit() and len(detail) == 4):
        return None
    return ViewSpec(kind, rest[0], detail)


def parse_brief(text: str, catalogue: Catalogue, regions: RegionRegistry) -> tuple[list[ViewSpec], list[str]]:
    """(the valid views, the codes that were ignored)."""
    views, ignored = [], []
    for code in filter(None, (part.strip() for part in text.split(","))):
        view = parse_view(code, catalogue, regions)
        (views.append(view) if view and len(views) < MAX_VIEWS else ignored.append(code))
    return views, ignored


def encode_brief(views: list[ViewSpec]) -> str:
    return ",".join(view.code() for view in views)


def is_valid_brief(text: str, catalogue: Catalogue, regions: RegionRegistry) -> bool:
    views, ignored = parse_brief(text, catalogue, regions)
    return bool(views) and not ignored


@dataclass(frozen=True)
class Headline:
    """One headline target as a slide shows it: the number large, progress and status beside."""

    target_id: str
    name: str
    target_line: str
    label: str  # 累计完成 / 2026年完成
    actual: str
    completion: str  # 完成进度 72.3%
    elapsed: str  # 时间进度 75.0%
    status: str  # ▼ 进度滞后
    status_key: str  # the status code (its colour)
    notes: tuple[str, ...] = ()  # proxy, estimate, citation (published figures)


@dataclass
class ViewContent:
    spec: ViewSpec
    title: str
    filters: str  # the selections in force, as a reader would say them
    numbers: list[tuple[str, str]]  # key figures as real text (label, value)
    figures: list[go.Figure] = field(default_factory=list)
    source: str = ""
    headlines: list[Headline] = field(default_factory=list)  # the overview's three targets
    tile_key: str = ""  # what a tile map's short names stand for (an English map says GD: "GD Guangdong")


def view_content(view: DataView, spec: ViewSpec, pace: str, lang: str, notes: Sequence[Note] = ()) -> ViewContent:
    """What a view shows; ``notes`` are the analysts' notes the person sees: a programme's chart
    carries those on its months as markers, and a view of one target × region lists them."""
    if spec.kind == "overview":
        return _overview(view, spec, pace, lang)
    if spec.kind == "provinces":
        return _provinces(view, spec, pace, lang, notes)
    return _programs(view, spec, pace, lang, notes)


def _with_notes(content: ViewContent, shown: list[Note], view: DataView, lang: str) -> ViewContent:
    """The notes as text lines after the key numbers (numbered as the chart's markers), at most
    ``BRIEF_NOTES`` of them."""
    for number, note in list(enumerate(shown, start=1))[:BRIEF_NOTES]:
        content.numbers.append((note_label(number, lang), note_line(note, view.store.regions, lang)))
    if len(shown) > BRIEF_NOTES:
        content.numbers.append((t("notes.heading", lang), t("report.notes_more", lang, count=len(shown) - BRIEF_NOTES)))
    return content


def view_title(view: DataView, spec: ViewSpec, lang: str) -> str:
    """A view's title without drawing it (the sidebar lists a briefing's views on every run)."""
    if spec.kind == "overview":
        return t("brief.overview_title", lang)
    if _own_series(view, spec):  # an own indicator without a target: by its values
        return t("brief.indicator_title", lang, indicator=view.catalogue.indicators[spec.target].name(lang))
    target = view.catalogue.by_target[spec.target]
    if spec.kind == "provinces":
        return t("brief.provinces_title", lang, target=(_mapped(view, target) or target).name(lang))
    return target.name(lang)


def _own_series(view: DataView, spec: ViewSpec) -> bool:
    """The view shows an own indicator by its values (catalogue ids may name a target and an indicator alike)."""
    return spec.target not in view.catalogue.by_target and spec.target in view.catalogue.indicators


def _mapped(view: DataView, target: Target) -> Target | None:
    """The target a province view shows: itself, or the first one with provincial data (None when
    the data have no provincial figures at all, as the published national figures)."""
    mappable = mappable_targets(view)
    return target if target in mappable else mappable[0] if mappable else None


def _common_filters(view: DataView, pace: str, lang: str) -> str:
    provenance = view.provenance
    parts = [t("brief.filter_snapshot", lang, id=provenance.snapshot_id), t(f"pace.{pace}", lang)]
    if provenance.includes_upload:
        parts.append(t("upload.badge", lang))
    return " · ".join(parts)


def _overview(view: DataView, spec: ViewSpec, pace: str, lang: str) -> ViewContent:
    """The three headline numbers, large: each with its 完成进度, 时间进度 and status, as text (no
    sparklines: a presenter needs numbers readable at the back of a room, not three bare lines)."""
    catalogue, progress = view.catalogue, view.progress(pace)
    headline = catalogue.headline_targets
    numbers, headlines = [], []
    for target in headline:
        result = progress[target.id]
        unit = catalogue.indicators[target.indicator_id].unit
        label, actual, related = headline_figure(view, target, result, lang)  # as the Overview's card
        unpublished = result.actual is None and view.store.has_citations
        notes = evidence_lines(view, target, result, lang, related=False)
        if related:
            notes.append(t("voice.related_named", lang, name=related.name, note=related.note, cited=related.cited))
        card = Headline(
            target_id=target.id,
            name=target.name(lang),
            target_line=t(
                "card.target_line",
                lang,
                value=target_value_text(target, unit, lang),
                period=target_period(target, lang),
            ),
            label=label,
            actual=actual,
            completion="" if unpublished else t("brief.completion", lang, value=completion_text(result)),
            elapsed="" if unpublished else t("brief.elapsed", lang, value=format_percent(result.time_elapsed)),
            status=status_label(result.status, lang),  # large; what it rests on is in the notes
            status_key=result.status,
            notes=tuple(notes),
        )
        headlines.append(card)
        line = (
            t("voice.card_line_unpublished", lang, label=card.label, actual=card.actual, status=card.status)
            if unpublished
            else t(
                "brief.card_line",
                lang,
                actual=card.actual,
                completion=completion_text(result),
                elapsed=format_percent(result.time_elapsed),
                status=card.status,
            )
        )
        numbers.append((card.name, line))
    documents = " / ".join(dict.fromkeys(catalogue.programs[target.program_id].document(lang) for target in headline))
    footer = figure_footer(view.provenance, documents, pace, lang)
    filters = _common_filters(view, pace, lang)
    return ViewContent(spec, view_title(view, spec, lang), filters, numbers, [], footer, headlines=headlines)


def _own_indicator(view: DataView, spec: ViewSpec, pace: str, lang: str) -> ViewContent:
    """An analyst's own indicator by province: its latest values (no target, no progress judged)."""
    values = indicator_map(view, spec.target, lang)
    indicator, period = values.indicator, values.period_text(lang)
    footer = figure_footer(view.provenance, t("own.origin_upload", lang), pace, lang)
    figure = tile_map_figure(
        values.rows,
        metric="value",
        lang=lang,
        selected=spec.detail,
        footer=footer,
        title=t("provinces.value_title", lang, indicator=indicator.name(lang), period=period),
        value_ticks=[(0.0, "0"), (1.0, format_quantity(values.ranking["value"].max(), indicator.unit, lang))],
    )
    top = values.ranking.head(3)
    numbers = [
        (t("brief.ahead", lang), t("list.sep", lang).join(f"{r.name} {r.label}" for r in top.itertuples())),
        (t("brief.national", lang), format_quantity(values.national, indicator.unit, lang)),
    ]
    if spec.detail:
        chosen = values.ranking[values.ranking["code"] == spec.detail]
        name = view.store.regions.by_code[spec.detail].name(lang)
        numbers.append((name, chosen["label"].iloc[0] if len(chosen) else "—"))
    filters = " · ".join([indicator.name(lang), period, _common_filters(view, pace, lang)])
    key = tile_key(view.store.regions, lang)
    return ViewContent(spec, view_title(view, spec, lang), filters, numbers, [figure], footer, tile_key=key)


def _provinces(view: DataView, spec: ViewSpec, pace: str, lang: str, notes: Sequence[Note] = ()) -> ViewContent:
    catalogue = view.catalogue
    if _own_series(view, spec):
        return _own_indicator(view, spec, pace, lang)
    wanted = catalogue.by_target[spec.target]
    target = _mapped(view, wanted)
    if target is None:
        note = [(t("brief.replaced", lang), t("provinces.no_provincial_data", lang))]
        return ViewContent(spec, view_title(view, spec, lang), _common_filters(view, pace, lang), note)
    unit = catalogue.indicators[target.indicator_id].unit
    results = province_results(view, target, pace)
    metric = "status" if target.scope.kind == "group" else "pace"
    footer = figure_footer(view.provenance, catalogue.programs[target.program_id].document(lang), pace, lang)
    figure = tile_map_figure(
        tile_rows(results, metric, unit, lang),
        metric=metric,
        lang=lang,
        selected=spec.detail,
        footer=footer,
        title=t("provinces.map_title", lang, target=target.name(lang), metric=t(f"metric.{metric}", lang)),
    )
    ranking = ranking_of(results, "pace", lang)
    national = national_progress(view, target, pace)
    numbers = []
    if target.scope.kind == "national":
        numbers.append(
            (
                t("brief.national", lang),
                t(
                    "brief.pace_line",
                    lang,
                    actual=format_quantity(national.actual, unit, lang),
                    completion=completion_value(national),
                    pace=pace_value(national),
                    status=status_label(national.status, lang),
                ),
            )
        )
    if not ranking.empty:
        numbers.append(
            (
                t("brief.ahead", lang),
                t("list.sep", lang).join(f"{row.name} {percent(row.value)}" for row in ranking.head(3).itertuples()),
            )
        )
        numbers.append(
            (
                t("brief.behind", lang),
                t("list.sep", lang).join(
                    f"{row.name} {percent(row.value)}"
                    for row in ranking.dropna(subset=["value"]).tail(3).iloc[::-1].itertuples()
                ),
            )
        )
    if spec.detail:
        chosen = next(r for r in results if r.region.code == spec.detail)
        numbers.append(
            (
                chosen.region.name(lang),
                t(
                    "brief.pace_line",
                    lang,
                    actual=format_quantity(chosen.progress.actual, unit, lang),
                    completion=completion_value(chosen.progress),
                    pace=pace_value(chosen.progress),
                    status=status_label(chosen.progress.status, lang),
                ),
            )
        )
    filters = " · ".join(
        [
            target.name(lang),
            *([view.store.regions.by_code[spec.detail].name(lang)] if spec.detail else []),
            _common_filters(view, pace, lang),
        ]
    )
    if target.scope.kind == "national" and target.kind in ("cumulative", "annual"):
        filters += " · " + t("basis.reference", lang)
    if wanted is not target:  # say so, as the Provinces page does
        numbers.insert(
            0,
            (
                t("brief.replaced", lang),
                t("provinces.not_mappable", lang, target=wanted.name(lang), shown=target.name(lang)),
            ),
        )
    key = tile_key(view.store.regions, lang)
    content = ViewContent(spec, view_title(view, spec, lang), filters, numbers, [figure], footer, tile_key=key)
    if not spec.detail:
        return content
    shown = select_notes(list(notes), targets={target.id}, regions={spec.detail}, end=view.provenance.as_of)
    return _with_notes(content, shown, view, lang)


def _programs(view: DataView, spec: ViewSpec, pace: str, lang: str, notes: Sequence[Note] = ()) -> ViewContent:
    catalogue = view.catalogue
    target = catalogue.by_target[spec.target]
    program = catalogue.programs[target.program_id]
    unit = catalogue.indicators[target.indicator_id].unit
    progress = view.progress(pace)[target.id]
    shown = progress
    footer = figure_footer(view.provenance, program.document(lang), progress.pace_method, lang)
    figures = []
    region = target.scope.region_code or "000000"
    mine = select_notes(list(notes), targets={target.id}, regions={region}, end=view.provenance.as_of)
    noted = mine
    if target.kind == "annual" and progress.years and not spec.detail:  # one idea: the years against the target
        figures.append(years_figure(target, annual_years(progress), unit, lang, footer))
    elif not progress.members and progress.status != "no_data":
        shown = next((y for y in progress.years if str(y.year) == spec.detail), progress) if spec.detail else progress
        figure, frame = path_figure(
            view,
            target,
            shown,
            result_unit(view, target, shown),
            lang,
            footer,
            yearly=target.kind == "annual",
            notes=mine,
        )
        figures.append(figure)
        noted = frame_notes(mine, frame)  # the same notes, numbered as the markers
    numbers = [
        (t("col.target_value", lang), f"{target_value_text(target, unit, lang)} · {target_period(target, lang)}"),
        (t("col.actual", lang), value_text(shown, result_unit(view, target, shown), lang)),
        *measure_numbers(target, shown, result_unit(view, target, shown), lang),
        (t("col.status", lang), status_text(shown, lang)),
        *((t("cite.heading", lang), line) for line in evidence_lines(view, target, shown, lang)),
    ]
    if shown.projection is not None and shown.status not in ("achieved", "missed"):
        numbers.append((t("chart.projection", lang), format_quantity(shown.projection, unit, lang)))
    filters = " · ".join(
        [
            program.name(lang),
            scope_text(target, view.store.regions, lang),
            *([spec.detail] if spec.detail else []),
            _common_filters(view, pace, lang),
        ]
    )
    return _with_notes(
        ViewContent(spec, view_title(view, spec, lang), filters, numbers, figures, footer), noted, view, lang
    )


def measure_numbers(target: Target, shown: Progress, unit: str, lang: str) -> list[tuple[str, str]]:
    """Where a target stands, each measure by its one name: 完成进度, 时间进度 and the gap for a count
    target; for a level one the distance in its own unit (and its progress from the baseline)."""
    if is_count(target) or shown.actual is None:
        return [
            (t("measure.completion", lang), completion_value(shown)),
            (t("measure.time_elapsed", lang), percent(shown.time_elapsed)),
            (t("measure.gap", lang), gap_words(shown, lang) or "—"),
        ]
    numbers = [(t("measure.distance", lang), distance_words(target, shown, unit, lang) or "—")]
    since = baseline_words(shown, unit, lang) if shown.status not in ("achieved", "no_data") else ""
    return numbers + ([(t("measure.baseline_progress", lang), since)] if since else [])


def current_view(page: str, state: dict, catalogue: Catalogue) -> ViewSpec:
    """The view a page shows now, as a briefing item (other pages add the overview)."""
    if page == "provinces" and (
        state.get("target") in catalogue.by_target or state.get("target") in catalogue.indicators
    ):
        return ViewSpec("provinces", state["target"], state.get("region") or None)
    if page == "programs" and state.get("target") in catalogue.by_target:
        return ViewSpec("programs", state["target"], state.get("year") or None)
    return ViewSpec("overview")


LAGGING = ("off_track", "at_risk", "missed")  # worst kinds of "behind": the map a meeting asks about


def default_deck(view: DataView, pace: str) -> list[ViewSpec]:
    """What presentation mode plays when no briefing was built: the overview, each headline target's
    program view, and the provinces map of the first lagging target (a headline one first, then any
    the map can show) — the meeting's usual walk from the whole to where it falls short."""
    catalogue, progress = view.catalogue, view.progress(pace)
    deck = [ViewSpec("overview"), *(ViewSpec("programs", target.id) for target in catalogue.headline_targets)]
    mappable = mappable_targets(view)
    ordered = [t for t in catalogue.headline_targets if t in mappable] + [
        t for t in mappable if t not in catalogue.headline_targets
    ]
    lagging = next((t for t in ordered if t.id in progress and progress[t.id].status in LAGGING), None)
    if lagging is not None:
        deck.append(ViewSpec("provinces", lagging.id))
    return deck[:MAX_VIEWS]
