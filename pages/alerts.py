"""预警 Alerts: every target × region coloured by pace (the red rule applied), the worst and longest
first, filterable; and the month's 进度通报 to copy or download as .docx."""

import streamlit as st

from lib import ui
from lib.briefing.report import build_report, report_filename
from lib.briefing.report_docx import report_docx
from lib.core.formatting import format_percent
from lib.core.settings import alert_thresholds
from lib.progress.alerts import COLOURS, compared_alerts
from lib.store.exports import to_csv_bytes
from lib.ui.copy_text import copy_button, readable_report
from lib.views.alerts import (
    alert_line,
    alerts_table,
    choice_label,
    colour_label,
    comparison_note,
    count_changes,
    filter_alerts,
    followup_choices,
    triage_groups,
)

ctx = ui.context()
if ui.page_header(ctx, "alerts.title"):
    view, lang = ctx.view, ctx.lang
    thresholds = alert_thresholds()
    compared = ui.comparison_of(ctx)
    found = compared_alerts(view, ctx.pace, compared, thresholds)
    closed = ui.check_recoveries(ctx)  # 督办 items whose pace is back to green close themselves
    if closed:
        st.success(ctx.t("followups.closed_now", count=len(closed)), icon=":material/trending_up:")
    message = ui.last_followup_message()
    if message:
        st.success(ui.md_escape(message), icon=":material/check_circle:")
    active = ui.active_followups(ctx)
    st.caption(
        ctx.t("alerts.intro", green=format_percent(thresholds.green, 0), yellow=format_percent(thresholds.yellow, 0))
        + " "
        + comparison_note(compared, lang)
    )
    with st.container(key="alert-counts"):
        for column, (colour, (count, change)) in zip(
            st.columns(len(COLOURS)), count_changes(found, compared is not None).items(), strict=True
        ):
            column.metric(
                ctx.t("alerts.count", label=colour_label(colour, lang)),
                count,
                delta=change,
                delta_color="inverse" if colour != "green" else "normal",
                help=ctx.t("alerts.count_help"),
            )
    regions = view.store.regions
    targets = list(dict.fromkeys(alert.target_id for alert in found))
    left, middle, right = st.columns([3, 2, 2])
    with left:
        chosen_targets = st.multiselect(
            ctx.t("alerts.filter_targets"),
            targets,
            key="alerts-targets",
            placeholder=ctx.t("alerts.all_targets"),
            format_func=lambda tid: view.catalogue.by_target[tid].name(lang),
        )
    with middle:
        region = ui.bound(
            st.selectbox,
            "region",
            ctx.t("alerts.filter_region"),
            ["", *(unit.code for unit in regions.units)],
            format_func=lambda code: regions.by_code[code].name(lang) if code else ctx.t("alerts.all_regions"),
        )
    with right:
        colours = st.multiselect(
            ctx.t("alerts.filter_colours"),
            list(COLOURS),
            default=["red", "yellow"],
            key="alerts-colours",
            placeholder=ctx.t("alerts.all_colours"),
            format_func=lambda colour: colour_label(colour, lang),
        )
    shown = filter_alerts(found, chosen_targets, region, colours)
    st.subheader(ctx.t("measure.alerts.list_heading"))
    if view.provenance.includes_upload and ctx.identity.can("follow_up"):
        st.caption(ctx.t("followups.published_only"))
    if not shown:
        st.info(ctx.t("alerts.none"), icon=":material/search:")
    else:
        groups = triage_groups(view, shown, lang, set(active))  # by target, counts per colour, worst first
        choices = followup_choices(groups)
        picked_key = "alerts-followup-pick"
        with st.container(key="alert-list"):
            for index, group in enumerate(groups):
                with st.expander(group.heading, expanded=index == 0):
                    event = st.dataframe(
                        group.table,
                        hide_index=True,
                        width="stretch",
                        key=f"alert-table-{group.target_id}",
                        on_select="rerun",
                        selection_mode="single-row",
                    )
                    rows = list(event.selection.rows) if event else []
                    seen = st.session_state.setdefault("alerts-rows-seen", {})
                    if rows != seen.get(group.target_id):  # a row newly clicked: it is the one to follow up
                        seen[group.target_id] = rows
                        if rows and group.alerts[rows[0]] in choices:
                            st.session_state[picked_key] = choices.index(group.alerts[rows[0]])
        picked = st.selectbox(
            ctx.t("measure.alerts.pick"),
            range(len(choices)),
            index=None,
            key=picked_key,
            placeholder=ctx.t("measure.alerts.pick_none"),
            format_func=lambda i: choice_label(view, choices[i], lang),
        )
        if picked is not None and picked < len(choices):  # the one chosen: its line, its 督办 (one button)
            line = alert_line(view, choices[picked], lang)
            with st.container(key=line.key, border=True):
                st.markdown(
                    f":{line.badge}-badge[{ui.md_escape(line.label)}] **{ui.md_escape(line.title)}** — "
                    f"{ui.md_escape(line.details)}"
                )
                ui.alert_followup(ctx, choices[picked], active)
        table = alerts_table(view, shown, lang)
        st.download_button(
            ctx.t("alerts.download", rows=len(table)),
            to_csv_bytes(table),
            file_name=f"alerts-{view.provenance.snapshot_id}.csv",
            mime="text/csv",
            key="alerts-download",
            on_click="ignore",
        )

    st.subheader(ctx.t("alerts.report_heading"))
    st.caption(ctx.t("alerts.report_scope"))
    notes = ui.visible_notes(ctx)
    known = ui.followups_for_report(ctx, region or None)
    memo = (
        view.provenance,
        ctx.pace,
        lang,
        region or None,
        compared.view.provenance if compared else None,
        thresholds,
        tuple(note.id for note in notes),
        tuple((info.id, info.status, info.updated_at) for info in known or ()),
    )
    report = ui.session_memo("alerts-report", memo)
    if report is None:
        report = build_report(
            view, pace=ctx.pace, lang=lang, region=region or None, comparison=compared, notes=notes, follow_ups=known
        )
        ui.session_memo("alerts-report", memo, report)
    with st.container(key="report-text", border=True, height=480):  # readable paragraphs, not a code box
        readable_report(report.sections, report.title, report.period, ctx.t("report.notes_heading"), report.notes)
    copy_button(report.text(), ctx.t("measure.alerts.copy"), ctx.t("measure.alerts.copied"))
    st.download_button(
        ctx.t("alerts.report_docx"),
        lambda: report_docx(report),
        file_name=report_filename(f"{report.as_of:%Y-%m}", region or None, lang, "docx"),
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="report-docx",
        on_click="ignore",
    )
