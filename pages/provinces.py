"""分省 Provinces: which provinces lag on a target — tile map, ranking, groups, one province's detail; an
analyst's own indicator without a target by its latest values."""

import streamlit as st

from lib import ui
from lib.views import provinces

ctx = ui.context()
if ui.page_header(ctx, "provinces.title") and ui.provincial_data_or_notice(ctx):
    choices = ui.view_model(provinces.choices, view=ctx.view, lang=ctx.lang)
    ctx.page_defaults["target"] = choices.ids[0]
    ctx.state["target"], unknown = choices.settle(ctx.state.get("target"))
    if unknown:  # a link's target that cannot be mapped: the first one instead, and say so
        ctx.notice("provinces.not_mappable", **unknown)
    ctx.state["region"] = ui.new_map_click("tile-map-chart") or ctx.state["region"]  # a tile clicked chooses it

    top = st.columns([3, 2, 2, 2])
    with top[0]:
        chosen = ui.pick(st.selectbox, "target", ctx.t("provinces.target"), choices.labels)
    with top[1]:  # an own indicator without a target is shown by its values: nothing to colour by
        if chosen in choices.target_names:
            ui.pick(st.radio, "color", ctx.t("provinces.color_by"), choices.metric_labels, horizontal=True)
    with top[2]:
        ui.pick(st.selectbox, "group", ctx.t("provinces.grouping"), choices.grouping_labels)
    with top[3]:
        region = ui.pick(st.selectbox, "region", ctx.t("provinces.region"), choices.region_labels)
    compared = ui.comparison_of(ctx) if chosen in choices.target_names else None
    span = None
    if months := choices.month_ranges.get(chosen):  # published figures at uneven dates: the months to map
        span = st.select_slider(months.label, months.options, months.value, months.text, key="value-range")
    arguments = {"view": ctx.view, "comparison": compared, "state": ui.page_state(ctx), "lang": ctx.lang}
    page = ui.view_model(provinces.build, **arguments, pace=ctx.pace, span=span)
    st.caption(page.note)

    left, right = st.columns([3, 2])
    with left, st.container(key="tile-map"):
        with st.container(key="tile-map-scroll"):  # on a phone the map scrolls sideways, tiles stay readable
            chart = page.tile_map
            ui.figure(ctx, chart.figure, "tile-map-chart", chart.table, on_select="rerun", filename=chart.filename)
        if page.tile_key:  # the short names an English map carries (GD)
            with st.container(key="tile-key"):
                st.caption(ui.md_escape(page.tile_key))
        st.caption(ctx.t("chart.schematic"))
    with right, st.container(key="province-ranking"):
        ui.figure(ctx, page.ranking.figure, "ranking-chart", page.ranking.table, filename=page.ranking.filename)
        if page.ranking_note:
            st.caption(page.ranking_note)
    if page.groups:  # the page's full width: its columns fit on one line (not the ranking's narrow column)
        with st.container(key="group-summary"):
            st.markdown(f"**{ui.md_escape(page.groups_heading)}**")
            st.markdown(page.groups)

    if not region:
        st.info(ctx.t("provinces.pick_hint"), icon=":material/touch_app:")
    else:
        with st.container(key="province-detail", border=True):
            detail = page.detail
            st.subheader(detail.title)
            ui.reveal_linked("province-detail", region)  # a link naming the region opens on its detail
            ui.own_targets_block(ctx, detail)  # 本省目标, apart from the targets that apply to every province
            st.markdown(f"**{ui.md_escape(detail.targets_heading)}**")
            st.markdown(detail.targets_table)
            ids, labels = list(detail.indicator_labels), detail.indicator_labels
            shown = st.selectbox(
                ctx.t("provinces.trend_indicator"), ids, key="trend-indicator", format_func=labels.__getitem__
            )
            notes = tuple(ui.notes_on(ctx, indicators={shown}, region=region))  # those this reader may see
            trend = ui.view_model(
                provinces.build_trend,
                view=ctx.view,
                region=region,
                indicator_id=shown,
                targets=detail.targets,
                notes=notes,
                footer=page.footer,
                lang=ctx.lang,
            )
            ui.figure(ctx, trend.chart.figure, "trend-chart", trend.chart.table, filename=trend.chart.filename)
            ui.notes_panel(ctx, key="trend", shown=trend.notes, region=region, targets=trend.noted, months=trend.months)
            if trend.latest:
                with st.container(key="trend-changes"):
                    st.caption(ui.md_escape(trend.latest))
            st.markdown(f"**{ui.md_escape(ctx.t('provinces.monthly_heading'))}**")
            ui.dataframe(detail.months, width="stretch", key="monthly-table", height=320)
            ui.csv_download(ctx, detail.months, detail.months_filename, key="monthly-download")
