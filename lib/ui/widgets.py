"""The pieces every page places: header (URL notices, data problems, demo notice, as-of line),
status badges, headline cards, tables, figures with their data-table popover, the copy-link box."""

from __future__ import annotations

from datetime import date

import streamlit as st

from lib.charts.common import PLOTLY_CONFIG
from lib.core import settings
from lib.core.formatting import format_exact, format_percent, format_quantity
from lib.core.memo import remember
from lib.progress.drilldown import mappable_targets
from lib.progress.engine import Progress
from lib.progress.measures import CARD_MEASURES
from lib.progress.statuses import BADGE
from lib.reference.catalogue import Target
from lib.reference.labels import target_period, target_value_text
from lib.store.exports import to_csv_bytes
from lib.ui import keys
from lib.ui.context import Context, page_url
from lib.ui.links import short_link_box
from lib.ui.tables import dataframe
from lib.ui.upload import upload_notice
from lib.views.evidence import (
    bounded,
    citations_full,
    completion_text,
    evidence_lines,
    gap_text,
    headline_figure,
    result_unit,
    status_text,
)
from lib.views.markdown import md_escape
from lib.views.overview import sparkline
from lib.views.provinces import mappable_indicators
from lib.views.words import column_help, help_text


def format_date(day: date, lang: str) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.strftime("%-d %b %Y")


def page_header(ctx: Context, title_key: str, *, needs_data: bool = True) -> bool:
    """Title, URL notices, data problems, demo notice and as-of line. False if the page cannot go on."""
    st.title(ctx.t(title_key))
    for notice in ctx.notices:
        st.warning(ctx.t("ui.url_ignored", param=notice.param, value=notice.value), icon=":material/link:")
    if ctx.folder is None:
        st.error(ctx.error.text(ctx.lang) if ctx.error else ctx.t("error.generic"), icon=":material/block:")
        st.info(ctx.t("ui.fix_data_folder", path=str(settings.data_dir())), icon=":material/lightbulb:")
        return False
    for problem in ctx.problems:
        st.error(problem.text(ctx.lang), icon=":material/block:")
    if ctx.view is None:
        if ctx.error:
            st.error(ctx.error.text(ctx.lang), icon=":material/block:")
        st.info(ctx.t("ui.no_snapshots", path=str(ctx.folder.path / "snapshots")), icon=":material/lightbulb:")
        for problem in ctx.folder.problems:
            st.error(problem.error.text(ctx.lang), icon=":material/block:")
        return not needs_data
    provenance = ctx.view.provenance
    if provenance.includes_upload:
        upload_notice(ctx)
    if provenance.demo:
        with st.container(key="demo-banner"):
            st.warning(ctx.t("ui.demo_banner"), icon=":material/warning:")
    with st.container(key="asof"):
        st.caption(
            ctx.t(
                "ui.asof_line",
                date=format_date(provenance.as_of, ctx.lang),
                title=md_escape(provenance.title_in(ctx.lang)),
                id=md_escape(provenance.snapshot_id),
                source=md_escape(provenance.source_in(ctx.lang)),
            )
        )
    with st.container(key="asof-short"):  # phones (CSS in lib.ui.document): date, snapshot and the kind of data
        kind = (
            "demo"
            if provenance.demo
            else "upload"
            if provenance.includes_upload
            else "cited"
            if provenance.cited
            else "data"
        )
        st.caption(
            ctx.t(
                "ui.asof_short",
                date=provenance.as_of.isoformat(),
                id=md_escape(provenance.snapshot_id),
                kind=ctx.t(f"ui.asof_kind_{kind}"),
            )
        )
    return True


def evidence(ctx: Context, target: Target, progress: Progress) -> None:
    """What a published number rests on, beside it: the proxy named, the estimate's two inputs, its
    citations (nothing for demo or uploaded data)."""
    for line in evidence_lines(ctx.view, target, progress, ctx.lang):
        st.caption(md_escape(line))


def provincial_data_or_notice(ctx: Context) -> bool:
    """Whether any target can be shown by province; if none (national figures only, as in the
    published snapshot), says so instead of drawing an empty map."""
    if mappable_targets(ctx.view) or mappable_indicators(ctx.view):  # an analyst's own series counts too
        return True
    st.info(ctx.t("provinces.no_provincial_data"), icon=":material/info:")
    return False


def status_badge(ctx: Context, target_id: str, progress: Progress) -> None:
    with st.container(key=f"status-{target_id}-{progress.status}"):
        st.badge(status_text(progress, ctx.lang), color=BADGE[progress.status])


def headline_card(ctx: Context, target: Target, progress: Progress) -> None:
    """One headline target: value, % of target beside % of time, status, projection, trajectory."""
    catalogue = ctx.view.catalogue
    indicator = catalogue.indicators[target.indicator_id]
    program = catalogue.programs[target.program_id]
    unit = result_unit(ctx.view, target, progress)  # of what was counted (a proxy's own unit)
    with st.container(key=f"kpi-{target.id}", border=True):
        st.markdown(f"**{md_escape(target.name(ctx.lang))}**")
        st.caption(
            ctx.t(
                "card.target_line",
                value=target_value_text(target, indicator.unit, ctx.lang),
                period=target_period(target, ctx.lang),
            )
        )
        label, value, related = headline_figure(ctx.view, target, progress, ctx.lang, compact=True)
        if related:  # no figure of its own: the nearest cited one, named for what it is not, never judged
            st.metric(label, value, help=hover(related.citation))
            st.caption(
                md_escape(ctx.t("voice.related_named", name=related.name, note=related.note, cited=related.cited))
            )
        elif progress.actual is None:  # 未见公开数字 (published figures) or — in words, nothing on hover
            st.metric(label, value)
        else:
            exact = ctx.t(
                "card.exact", value=bounded(format_exact(progress.actual, ctx.lang), progress.bound, ctx.lang)
            )
            st.metric(label, value, help=hover(exact, citations_full(ctx.view, progress.citation_ids, ctx.lang)))
        if progress.actual is not None:  # without a figure the line would be dashes only
            st.markdown(
                ctx.t(
                    "card.progress_line",
                    completion=completion_text(progress),
                    elapsed=format_percent(progress.time_elapsed),
                    gap=gap_text(progress, ctx.lang),
                ),
                help=hover(help_text(CARD_MEASURES, ctx.lang)),
            )
        status_badge(ctx, target.id, progress)
        for line in evidence_lines(ctx.view, target, progress, ctx.lang, related=False):
            st.caption(md_escape(line))
        if progress.projection is not None and progress.status not in ("achieved", "missed"):
            st.caption(
                ctx.t(
                    "card.projection",
                    value=format_quantity(progress.projection, unit, ctx.lang),
                    share=format_percent(progress.projection / progress.target_value),
                )
            )
        elif progress.status in ("achieved", "missed") and progress.window_end:
            st.caption(ctx.t("card.final", month=progress.window_end.strftime("%Y-%m")))

        with st.container(key=f"spark-{target.id}"):
            svg = remember(sparkline, ctx.view, target, ctx.pace, ctx.t("card.spark_alt"))
            if svg:  # nothing to draw without data (and no blank box on a phone)
                st.image(svg, width="stretch", alt=ctx.t("card.spark_alt"))
        st.caption(
            ctx.t(
                "card.source", number=md_escape(program.document(ctx.lang)), pace=ctx.t(f"pace.{progress.pace_method}")
            )
        )


def hover(*paragraphs: str) -> str:
    """Plain text as a tooltip (``help=``): escaped, its paragraphs and lines kept."""
    return md_escape("\n\n".join(filter(None, paragraphs))).replace("\n", "  \n")


def measure_columns(ctx: Context, frame) -> dict:
    """``column_config`` giving each column that holds a measure its formula on hover (from
    ``lib.views.words``, the words the About page lists)."""
    return {column: st.column_config.Column(help=text) for column, text in column_help(frame.columns, ctx.lang).items()}


def figure(ctx: Context, fig, key: str, table=None, *, filename: str = "data", on_select=None, width="stretch"):
    """A plotly figure with a 数据表 popover holding (and offering) exactly the numbers drawn.

    A popover rather than a toggle: its table mounts only when opened, keeping page loads light.
    """
    config = {**PLOTLY_CONFIG, "toImageButtonOptions": {**PLOTLY_CONFIG["toImageButtonOptions"], "filename": filename}}
    kwargs = {"on_select": on_select, "selection_mode": "points"} if on_select else {}
    event = st.plotly_chart(fig, config=config, width=width, key=key, **kwargs)
    if table is not None:
        with st.container(key=f"{key}-table"), st.popover(ctx.t("ui.data_table"), icon=":material/table_view:"):
            dataframe(table, width="stretch", key=f"{key}-frame")
            st.download_button(
                ctx.t("download.displayed_csv", rows=len(table)),
                lambda: to_csv_bytes(table),  # made when asked for, not on every view
                file_name=f"{filename}.csv",
                mime="text/csv",
                key=f"{key}-download",
                on_click="ignore",
            )
    return event


def csv_download(ctx: Context, table, file_name: str, *, key: str) -> None:
    """下载 the table shown, as CSV (formula-safe), made when asked for, not on every view."""
    st.download_button(
        ctx.t("download.displayed_csv", rows=len(table)),
        lambda: to_csv_bytes(table),
        file_name=file_name,
        mime="text/csv",
        key=key,
        on_click="ignore",
    )


def copy_link(ctx: Context) -> None:
    """复制链接: the current view's link and one pinned to this snapshot, each with a copy button.

    In a popover: its code blocks (and Streamlit's syntax highlighter, ~0.5 s of browser time)
    load only when someone opens it.
    """
    if not ctx.folder or not ctx.folder.snapshots:
        return
    with (
        st.sidebar,
        st.container(key="copy-link"),
        st.popover(ctx.t("ui.copy_link"), icon=":material/link:", width="stretch"),
    ):
        st.caption(ctx.t("ui.link_current"))
        st.code(page_url(ctx), language=None, wrap_lines=True)
        st.caption(ctx.t("ui.link_pinned"))
        st.code(page_url(ctx, pin_snapshot=True), language=None, wrap_lines=True)
        short_link_box(ctx)


def new_map_click(chart_key: str) -> str | None:
    """The code of a tile just clicked on the chart ``chart_key`` (its selection event), once: the
    same selection on later runs is not a new click."""
    selection = st.session_state.get(chart_key)
    points = (selection or {}).get("selection", {}).get("points", []) if selection else []
    clicked = points[0]["customdata"][0] if points and points[0].get("customdata") else None
    new = clicked if clicked and clicked != st.session_state.get(keys.LAST_MAP_CLICK) else None
    st.session_state[keys.LAST_MAP_CLICK] = clicked
    return new


def own_target_groups(ctx: Context, groups) -> None:
    """目标清单's provinces' own targets (``lib.views.targets.OwnTargetGroup``), one folded group a
    province, each with a button opening that province's detail — where its own targets come first —
    in this reader's snapshot, language and pace; the address then is the link to it
    (``/provinces?region=…``), which opens it for anyone."""
    if not groups:
        return
    st.subheader(ctx.t("voice.targets_own_heading"))
    st.caption(ctx.t("voice.targets_own_note"))
    for group in groups:
        with st.container(key=f"own-group-{group.region_code}"), st.expander(group.heading):
            st.markdown(group.table)  # as on the province's detail: wraps to fit, never scrolls sideways
            if st.button(group.link_label, key=f"own-group-open-{group.region_code}", icon=":material/map:"):
                ctx.state["region"] = group.region_code  # the view state: a page switch reads it, not the URL
                st.switch_page("pages/provinces.py")


def own_targets_block(ctx: Context, detail) -> None:
    """A province's own targets (本省目标) on its detail, apart from the targets that apply to every
    province: the table, the documents they come from and any target met early (``detail`` is the
    Provinces view model's ``ProvinceDetail``; nothing is drawn for a province without its own)."""
    if not detail.own_table:
        return
    st.markdown(f"**{md_escape(detail.own_heading)}**")
    st.caption(detail.own_note)
    st.container(key="own-targets").markdown(detail.own_table)
    st.expander(ctx.t("provincial.documents")).markdown(detail.own_documents)
    for line in detail.own_notes:
        st.success(line, icon=":material/flag:")
    for line in detail.own_derived:  # a share 推算 from two quoted figures: the formula and both quotes
        st.caption(line)
