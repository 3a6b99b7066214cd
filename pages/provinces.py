"""分省 Provinces: which provinces lag on a target — tile map, ranking, groups, one province's detail; an
analyst's own indicator without a target by its latest values."""

import streamlit as st

from lib import ui
from lib.charts.paths import series_figure
from lib.charts.provinces import ranking_figure, tile_map_figure
from lib.core.formatting import format_quantity, unit_text
from lib.progress.changes import rank_changes, ranks
from lib.progress.drilldown import (
    group_of,
    group_summary,
    group_summary_table,
    mappable_targets,
    national_progress,
    province_results,
    ranking_frame,
)
from lib.reference.labels import GROUP_KEYS, figure_footer
from lib.store.exports import to_csv_bytes
from lib.views.alerts import comparison_note
from lib.views.annotations import chart_notes, notes_between
from lib.views.provinces import (
    indicator_map,
    latest_changes,
    mappable_indicators,
    monthly_table,
    province_target_table,
    province_targets,
    ranking_table,
    reference_note,
    tile_rows,
    tile_table,
    with_rank_changes,
)

ctx = ui.context()
if ui.page_header(ctx, "provinces.title") and ui.provincial_data_or_notice(ctx):
    view, lang = ctx.view, ctx.lang
    catalogue, regions = view.catalogue, view.store.regions
    targets = mappable_targets(view)
    ids = [target.id for target in targets] + [i.id for i in mappable_indicators(view)]  # + own series, by value
    wanted = ctx.state.get("target")
    if wanted and wanted not in ids:
        name = catalogue.by_target[wanted].name(lang) if wanted in catalogue.by_target else wanted
        ctx.notice("provinces.not_mappable", target=ui.md_escape(name), shown=ui.md_escape(targets[0].name(lang)))
    ctx.page_defaults["target"] = ids[0]
    if ctx.state.get("target") not in ids:
        ctx.state["target"] = ids[0]

    clicked = ui.new_map_click("tile-map-chart")  # a click on a tile chooses that province
    if clicked:
        ctx.state["region"] = clicked

    top = st.columns([3, 2, 2, 2])
    with top[0]:
        chosen = ui.bound(
            st.selectbox,
            "target",
            ctx.t("provinces.target"),
            ids,
            format_func=lambda tid: (
                catalogue.by_target[tid].name(lang)
                if tid in catalogue.by_target
                else ctx.t("provinces.indicator_option", name=catalogue.indicators[tid].name(lang))
            ),
        )
    target = catalogue.by_target.get(chosen)  # None: an own indicator without a target, shown by its values
    with top[1]:
        metric = (
            "value"
            if target is None
            else ui.bound(
                st.radio,
                "color",
                ctx.t("provinces.color_by"),
                list(ui.COLOR_METRICS),
                horizontal=True,
                format_func=lambda m: ctx.t(f"metric.{m}"),
            )
        )
    with top[2]:
        grouping = ui.bound(
            st.selectbox,
            "group",
            ctx.t("provinces.grouping"),
            list(ui.GROUPINGS),
            format_func=lambda g: ctx.t(f"grouping.{g}"),
        )
    with top[3]:
        region = ui.bound(
            st.selectbox,
            "region",
            ctx.t("provinces.region"),
            ["", *(unit.code for unit in regions.units)],
            format_func=lambda code: regions.by_code[code].name(lang) if code else ctx.t("provinces.national_view"),
        )

    if target is None:
        values = indicator_map(view, chosen, lang)
        indicator, document = values.indicator, ctx.t("own.origin_upload")
    else:
        indicator, document = (
            catalogue.indicators[target.indicator_id],
            catalogue.programs[target.program_id].document(lang),
        )
    footer = figure_footer(view.provenance, document, ctx.pace, lang)
    if target is None:
        note = ctx.t("provinces.indicator_note", period=values.period_text(lang))
    elif target.scope.kind == "group":
        note = ctx.t("provinces.group_note", group=ctx.t(GROUP_KEYS[target.scope.group]))
    else:
        national_count = target.scope.kind == "national" and target.kind in ("cumulative", "annual")
        note = (reference_note(view, target, lang) if national_count else "") or ctx.t("provinces.level_note")
    st.caption(note)

    left, right = st.columns([3, 2])
    if target is None:
        period = values.period_text(lang)
        with left, st.container(key="tile-map"):
            fig = tile_map_figure(
                values.rows,
                metric="value",
                lang=lang,
                selected=region or None,
                footer=footer,
                title=ctx.t("provinces.value_title", indicator=indicator.name(lang), period=period),
                value_ticks=[(0.0, "0"), (1.0, format_quantity(values.ranking["value"].max(), indicator.unit, lang))],
            )
            with st.container(key="tile-map-scroll"):  # on a phone the map scrolls sideways, tiles stay readable
                table = tile_table(values.rows, lang, with_status=False)
                ui.figure(ctx, fig, "tile-map-chart", table, on_select="rerun", filename=f"map-{indicator.id}")
            st.caption(ctx.t("chart.schematic"))
        with right, st.container(key="province-ranking"):
            fig = ranking_figure(
                values.ranking,
                metric="value",
                lang=lang,
                footer=footer,
                national=None,
                title=ctx.t("provinces.value_ranking_title", indicator=indicator.name(lang), period=period),
                group_names={key: ctx.t(key) for key in {group_of(u, grouping) for u in regions.units}},
                group_of={u.code: group_of(u, grouping) for u in regions.units},
            )
            ui.figure(
                ctx, fig, "ranking-chart", values.ranking[["code", "name", "value"]], filename=f"ranking-{indicator.id}"
            )
            if values.national is not None:
                st.caption(
                    ctx.t("provinces.national_value", value=format_quantity(values.national, indicator.unit, lang))
                )
    else:
        metric_name = ctx.t(f"metric.{metric}")
        results = province_results(view, target, ctx.pace)
        with left, st.container(key="tile-map"):

            def tile_chart():
                rows = tile_rows(results, metric, indicator.unit, lang)
                fig = tile_map_figure(
                    rows,
                    metric=metric,
                    lang=lang,
                    selected=region or None,
                    footer=footer,
                    title=ctx.t("provinces.map_title", target=target.name(lang), metric=metric_name),
                )
                return fig, tile_table(rows, lang)

            fig, map_table = ui.kept(ctx, "tile-map", target.id, metric, region, build=tile_chart)
            with st.container(key="tile-map-scroll"):  # on a phone the map scrolls sideways, tiles stay readable
                ui.figure(ctx, fig, "tile-map-chart", map_table, on_select="rerun", filename=f"map-{target.id}")
            st.caption(ctx.t("chart.schematic"))
        with right, st.container(key="province-ranking"):
            ranked = metric if metric != "status" else "pace"
            compared = ui.comparison_of(ctx)
            compared_key = (compared.basis, compared.view.provenance.sha256) if compared is not None else None

            def ranking_chart():
                ranking = ranking_frame(results, ranked, lang)
                if compared is not None:
                    now_ranks = ranks(results, ranked)
                    before = ranks(province_results(compared.view, target, ctx.pace), ranked)
                    ranking = with_rank_changes(ranking, now_ranks, rank_changes(now_ranks, before))
                national = national_progress(view, target, ctx.pace)
                fig = ranking_figure(
                    ranking,
                    metric=ranked,
                    lang=lang,
                    footer=footer,
                    national=national.completion if metric == "completion" else national.pace,
                    title=ctx.t("provinces.ranking_title", target=target.name(lang), metric=ctx.t(f"metric.{ranked}")),
                    group_names={key: ctx.t(key) for key in {group_of(r.region, grouping) for r in results}},
                    group_of={r.region.code: group_of(r.region, grouping) for r in results},
                )
                return fig, ranking_table(ranking, indicator.unit, lang)

            fig, table = ui.kept(
                ctx, "ranking", target.id, ranked, metric == "completion", grouping, compared_key, build=ranking_chart
            )
            ui.figure(ctx, fig, "ranking-chart", table, filename=f"ranking-{target.id}")
            if compared is not None:
                st.caption(ctx.t("changes.ranking_note", basis=comparison_note(compared, lang)))

        def groups_table() -> str:
            summary = group_summary(results, target, grouping, lang)
            return (
                "" if summary.empty else ui.markdown_table(group_summary_table(summary, target, indicator.unit, lang))
            )

        groups = ui.kept(ctx, "group-summary", target.id, grouping, build=groups_table)
        if groups:  # the page's full width: its columns fit on one line (not the ranking's narrow column)
            with st.container(key="group-summary"):
                heading = ctx.t("provinces.group_heading", grouping=ctx.t(f"grouping.{grouping}"))
                st.markdown(f"**{ui.md_escape(heading)}**")
                st.markdown(groups)

    if not region:
        st.info(ctx.t("provinces.pick_hint"), icon=":material/touch_app:")
    else:
        unit = regions.by_code[region]
        with st.container(key="province-detail", border=True):
            name = unit.name_zh if lang == "zh" else unit.name_en
            st.subheader(ctx.t("provinces.detail_title", name=name))

            def targets_here():
                rows = province_targets(view, region, ctx.pace)
                return rows, ui.markdown_table(province_target_table(view, rows, lang))

            applying, applying_table = ui.kept(ctx, "province-targets", region, build=targets_here)
            st.markdown(f"**{ui.md_escape(ctx.t('provinces.detail_targets', name=name))}**")
            st.markdown(applying_table)
            indicator_ids = list(dict.fromkeys([indicator.id, *(row.target.indicator_id for row in applying)]))
            chosen = st.selectbox(
                ctx.t("provinces.trend_indicator"),
                indicator_ids,
                key="trend-indicator",
                index=0,
                format_func=lambda iid: catalogue.indicators[iid].name(lang),
            )
            trend_indicator = catalogue.indicators[chosen]
            # kept like the figure: a rerun neither reads the store again nor redraws
            trend = ui.kept(ctx, "trend-frame", region, chosen, build=lambda: view.store.as_frame(chosen, region))
            observed = [period.date() for period in trend["period"][trend["value"].notna()]]
            last = observed[-1] if observed else None
            if last and trend_indicator.frequency == "Y":
                last = last.replace(month=12)  # a year's value speaks for its months
            notes = notes_between(
                ui.notes_on(ctx, indicators={chosen}, region=region), observed[0] if observed else None, last
            )

            def trend_chart():
                title = ctx.t(
                    "provinces.trend_title",
                    name=name,
                    indicator=trend_indicator.name(lang),
                    unit=unit_text(trend_indicator.unit, lang),
                )
                fig = series_figure(
                    trend,
                    unit=trend_indicator.unit,
                    lang=lang,
                    bars=trend_indicator.kind == "flow",
                    yearly=trend_indicator.frequency == "Y",
                    footer=footer,
                    title=title,
                    notes=chart_notes(notes, regions, lang),
                )
                return fig

            # the notes drawn are part of the key: a figure never shows notes its reader may not see
            fig = ui.kept(ctx, "trend", region, chosen, document, repr(notes), build=trend_chart)
            ui.figure(ctx, fig, "trend-chart", trend, filename=f"trend-{region}-{chosen}")
            noted = list({row.target.id: row.target for row in applying if row.target.indicator_id == chosen}.values())
            ui.notes_panel(ctx, key="trend", shown=notes, region=region, targets=noted, months=observed)
            latest = latest_changes(view, region, chosen, lang)
            if latest:
                with st.container(key="trend-changes"):
                    st.caption(ui.md_escape(latest))
            st.markdown(f"**{ui.md_escape(ctx.t('provinces.monthly_heading'))}**")
            shown_ids = [*indicator_ids, *(p for i in indicator_ids for p in catalogue.parts_of(i))]
            months = ui.kept(
                ctx, "monthly", region, *shown_ids, build=lambda: monthly_table(view, region, shown_ids, lang)
            )
            st.dataframe(months, hide_index=True, width="stretch", key="monthly-table", height=320)
            st.download_button(
                ctx.t("download.displayed_csv", rows=len(months)),
                lambda: to_csv_bytes(months),  # made when asked for, not on every view
                file_name=f"monthly-{region}.csv",
                mime="text/csv",
                key="monthly-download",
            )
