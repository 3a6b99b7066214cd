"""分项目 Programs: one program's targets — actual against the required path, yearly results,
breakdowns, and the provinces contributing most and least."""

import streamlit as st

from lib import ui
from lib.views import programs

ctx = ui.context()
if ui.page_header(ctx, "programs.title"):
    choices = ui.view_model(programs.choices, view=ctx.view, lang=ctx.lang, pace=ctx.pace)
    ctx.page_defaults["program"] = next(iter(choices.programs))
    linked = choices.program_of.get(ctx.state.get("target") or "")
    if linked and ctx.state.get("program") != linked and not ui.widget_drawn("program"):
        ctx.state["program"] = linked  # a link naming a target opens its program
    columns = st.columns([2, 2, 1])  # the year's picker holds four digits: the names get the room
    with columns[0]:
        program_id = ui.pick(st.selectbox, "program", ctx.t("programs.program"), choices.programs)
    targets = choices.targets[program_id]
    ctx.page_defaults["target"] = first = next(iter(targets))
    with columns[1]:
        target_id = ui.pick(st.selectbox, "target", ctx.t("programs.target"), targets, default=first)
    if target_id in choices.years:
        ctx.page_defaults["year"] = year = choices.first_year[target_id]
        with columns[2]:
            ui.bound(st.selectbox, "year", ctx.t("programs.year"), list(choices.years[target_id]), default=year)
    else:
        ctx.state["year"] = None  # a year belongs to annual targets only
    notes = tuple(ui.notes_on(ctx, targets={target_id}, region=choices.note_region[target_id]))
    page = ui.view_model(
        programs.build, view=ctx.view, state=ui.page_state(ctx), notes=notes, lang=ctx.lang, pace=ctx.pace
    )
    target, progress = page.target, page.progress

    st.caption(page.caption)
    ui.status_badge(ctx, target.id, progress)  # the chosen year's, like the numbers beside it
    if page.summary:
        st.markdown(page.summary)
    ui.evidence(ctx, target, progress)

    with st.container(key="program-chart"):
        if page.members:
            st.info(ctx.t("programs.group_hint"), icon=":material/map:")
            st.markdown(page.members)
        elif page.no_chart:
            st.info(ctx.t("programs.no_chart"), icon=":material/info:")
        else:
            if page.years:
                ui.figure(ctx, page.years.figure, "years-chart", page.years.table, filename=page.years.filename)
            ui.figure(ctx, page.path.figure, "path-chart", page.path.table, filename=page.path.filename)
            region = choices.note_region[target.id]
            ui.notes_panel(ctx, key="path", shown=page.notes, region=region, targets=[target], months=page.months)

    if page.breakdown:
        st.subheader(ctx.t("programs.breakdown_heading"))
        ui.figure(ctx, page.breakdown.figure, "breakdown-chart", page.breakdown.table, filename=page.breakdown.filename)
        st.markdown(page.breakdown_table)

    if page.contributions:
        st.subheader(ctx.t("programs.contributions_heading"))
        st.markdown(page.contributions)
        st.caption(ctx.t("basis.reference") + " — " + ctx.t("programs.reference_hint"))
