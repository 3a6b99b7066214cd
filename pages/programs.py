"""分项目 Programs: one program's targets — actual against the required path, yearly results,
breakdowns, and the provinces contributing most and least."""

import pandas as pd
import streamlit as st

from lib import ui
from lib.charts.paths import breakdown_figure
from lib.core.formatting import unit_text
from lib.reference.labels import figure_footer, scope_text
from lib.views.evidence import result_unit
from lib.views.programs import (
    annual_years,
    breakdown_frame,
    breakdown_table,
    contributions,
    contributions_table,
    frame_notes,
    members_table,
    path_figure,
    summary_line,
    years_figure,
)

ctx = ui.context()
if ui.page_header(ctx, "programs.title"):
    view, lang = ctx.view, ctx.lang
    catalogue = view.catalogue
    program_ids = list(dict.fromkeys(target.program_id for target in catalogue.targets))
    ctx.page_defaults["program"] = program_ids[0]
    linked = catalogue.by_target.get(ctx.state.get("target") or "")
    if linked and ctx.state.get("program") != linked.program_id and not ui.widget_drawn("program"):
        ctx.state["program"] = linked.program_id  # a link naming a target opens its program
    columns = st.columns([1, 1, 1])
    with columns[0]:
        program_id = ui.bound(
            st.selectbox,
            "program",
            ctx.t("programs.program"),
            program_ids,
            format_func=lambda p: catalogue.programs[p].name(lang),
        )
    target_ids = [target.id for target in catalogue.targets_of(program_id)]
    ctx.page_defaults["target"] = target_ids[0]
    with columns[1]:
        target = catalogue.by_target[
            ui.bound(
                st.selectbox,
                "target",
                ctx.t("programs.target"),
                target_ids,
                default=target_ids[0],
                format_func=lambda tid: catalogue.by_target[tid].name(lang),
            )
        ]
    program = catalogue.programs[program_id]
    indicator = catalogue.indicators[target.indicator_id]
    progress = ctx.progress()[target.id]
    unit = result_unit(view, target, progress)  # of what was counted (a proxy's own unit)
    years = annual_years(progress) if target.kind == "annual" else []
    if years:
        year_options = [y["year"] for y in years]
        ctx.page_defaults["year"] = str(progress.year or year_options[-1])
        with columns[2]:
            year = int(
                ui.bound(
                    st.selectbox,
                    "year",
                    ctx.t("programs.year"),
                    [str(y) for y in year_options],
                    default=ctx.page_defaults["year"],
                )
            )
        progress_shown = next(y for y in progress.years if y.year == year)
    else:
        ctx.state["year"] = None  # a year belongs to annual targets only
        progress_shown = progress
    footer = figure_footer(view.provenance, program.document(lang), progress_shown.pace_method, lang)
    shown_key = (target.id, progress_shown.year if years else None)  # what the figures below depend on

    note = ctx.t(f"programs.{progress_shown.pace_note}") if progress_shown.pace_note else ""
    scope = ctx.t(
        "programs.scope_line",
        scope=scope_text(target, view.store.regions, lang),
        document=ui.md_escape(program.document(lang)),  # an analyst's own target cites what they typed
        issuer=program.issuer(lang),
        date=program.date.isoformat(),
    )
    st.caption(scope + " · " + ctx.t("programs.pace_used", pace=ctx.t(f"pace.{progress_shown.pace_method}"), note=note))
    ui.status_badge(ctx, target.id, progress_shown)  # the chosen year's, like the numbers beside it
    if progress_shown.completion is not None:
        st.markdown(summary_line(target, progress_shown, result_unit(view, target, progress_shown), lang))

    ui.evidence(ctx, target, progress_shown)

    with st.container(key="program-chart"):
        if progress.members:
            st.info(ctx.t("programs.group_hint"), icon=":material/map:")
            st.markdown(ui.markdown_table(members_table(progress.members, view.store.regions, unit, lang)))
        elif progress.status == "no_data":
            st.info(ctx.t("programs.no_chart"), icon=":material/info:")
        else:
            if years:
                fig = ui.kept(ctx, "years", *shown_key, build=lambda: years_figure(target, years, unit, lang, footer))
                ui.figure(ctx, fig, "years-chart", pd.DataFrame(years), filename=f"years-{target.id}")
            region = target.scope.region_code or "000000"
            notes = ui.notes_on(ctx, targets={target.id}, region=region)
            fig, frame = (
                ui.kept(  # the notes drawn are part of the key: a figure never shows notes its reader may not see
                    ctx,
                    "path",
                    *shown_key,
                    repr(notes),
                    build=lambda: path_figure(
                        view, target, progress_shown, unit, lang, footer, yearly=bool(years), notes=notes
                    ),
                )
            )
            ui.figure(ctx, fig, "path-chart", frame, filename=f"path-{target.id}")
            observed = [period.date() for period in frame["period"][frame["actual"].notna()]]
            ui.notes_panel(
                ctx, key="path", shown=frame_notes(notes, frame), region=region, targets=[target], months=observed
            )

    def breakdown_chart():
        breakdown = breakdown_frame(view, target, progress, lang)
        if breakdown.empty:
            return None
        dimension = ctx.t(f"dimension.{indicator.breakdowns[0]}")
        title = ctx.t(
            "programs.breakdown_title", target=target.name(lang), dimension=dimension, unit=unit_text(unit, lang)
        )
        fig = breakdown_figure(breakdown, unit=unit, lang=lang, footer=footer, title=title)
        return fig, breakdown, ui.markdown_table(breakdown_table(breakdown, unit, lang))

    shown_breakdown = ui.kept(ctx, "breakdown", *shown_key, build=breakdown_chart)
    if shown_breakdown:
        fig, breakdown, breakdown_text = shown_breakdown
        st.subheader(ctx.t("programs.breakdown_heading"))
        ui.figure(ctx, fig, "breakdown-chart", breakdown, filename=f"breakdown-{target.id}")
        st.markdown(breakdown_text)

    if (
        target.scope.kind == "national"
        and target.kind in ("cumulative", "annual")
        and view.store.matrix(target.indicator_id) is not None
    ):

        def contributions_text() -> str:
            most, least = contributions(view, target, ctx.pace, unit, lang)
            return "" if most.empty else ui.markdown_table(contributions_table(most, least, lang))

        table = ui.kept(ctx, "contributions", target.id, build=contributions_text)
        if table:
            st.subheader(ctx.t("programs.contributions_heading"))
            st.markdown(table)
            st.caption(ctx.t("basis.reference") + " — " + ctx.t("programs.reference_hint"))
