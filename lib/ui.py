"""The only part of ``lib`` that touches Streamlit: cached loading, the shared controls and
URL state, and the pieces every page places (header, demo notice, as-of line, cards).

Caches hold only data from the data folder (the same for every user). Anything an analyst
uploads stays in that session's ``st.session_state`` and never enters a shared cache.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import streamlit as st

from lib import settings
from lib.briefing import is_valid_brief
from lib.catalogue import Target
from lib.dataset import DataFolder, DataView, folder_signature, open_data_folder, snapshot_view
from lib.formatting import format_exact, format_percent, format_points, format_quantity
from lib.i18n import DEFAULT_LANGUAGE, LANGUAGES, LocalizedError, t
from lib.labels import target_period, target_value_text
from lib.progress import PACE_METHODS, Progress
from lib.snapshots import SnapshotError
from lib.sparkline import sparkline_svg
from lib.statuses import BADGE, status_label
from lib.trajectory import trajectory
from lib.url_state import Notice, encode, parse

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: object) -> str:
    """Data text made inert for st.markdown: no links, images, emphasis or HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


# --- loading (shared caches: data-folder content only) ----------------------------------------
@st.cache_resource(show_spinner=False, max_entries=4)
def _load_folder(signature: tuple) -> tuple[DataFolder | None, LocalizedError | None]:
    from pathlib import Path

    try:
        return open_data_folder(Path(signature[0])), None
    except LocalizedError as error:
        return None, error


@st.cache_resource(show_spinner=False, max_entries=6)
def _load_view(signature: tuple, snapshot_id: str, sha256: str) -> tuple[DataView | None, LocalizedError | None]:
    folder, _ = _load_folder(signature)
    try:
        return snapshot_view(folder, folder.snapshot(snapshot_id)), None
    except SnapshotError as error:
        return None, error


# --- the per-run context and the view state ------------------------------------------------------
GLOBAL_PARAMS = ("lang", "snap", "pace", "present", "slide", "screen", "brief")
PAGE_PARAMS = {"provinces": ("target", "region", "color", "group"), "programs": ("program", "target", "year")}
DEFAULTS = {"lang": DEFAULT_LANGUAGE, "pace": "linear", "color": "pace", "group": "belt", "region": "", "slide": "1", "screen": "1080", "brief": ""}
COLOR_METRICS = ("pace", "completion", "status")
GROUPINGS = ("belt", "nbs", "fund_east")


@dataclass
class Context:
    lang: str = DEFAULT_LANGUAGE
    folder: DataFolder | None = None
    error: LocalizedError | None = None
    view: DataView | None = None
    pace: str = "linear"
    notices: list[Notice] = field(default_factory=list)
    state: dict = field(default_factory=dict)  # the view state: what a link reproduces
    base_view: DataView | None = None  # the chosen snapshot, before any upload
    page: str = "overview"  # url path of the page being drawn
    page_defaults: dict = field(default_factory=dict)  # defaults that depend on the page's data

    def t(self, key: str, /, **params: object) -> str:
        return t(key, self.lang, **params)

    def progress(self) -> dict[str, Progress]:
        return self.view.progress(self.pace) if self.view else {}

    def notice(self, key: str, **params: object) -> None:
        """A visible one-off message (e.g. a link value that does not fit this page)."""
        st.warning(self.t(key, **params), icon="🔗")


def _validators(folder: DataFolder | None) -> dict:
    if folder is None:
        return {"lang": LANGUAGES, "pace": PACE_METHODS}
    return {
        "lang": LANGUAGES,
        "pace": PACE_METHODS,
        "snap": {ref.id for ref in folder.snapshots},
        "region": {unit.code for unit in folder.regions.units},
        "target": set(folder.catalogue.by_target),
        "program": {target.program_id for target in folder.catalogue.targets},
        "year": lambda value: value.isdigit() and 2000 <= int(value) <= 2100,
        "color": COLOR_METRICS,
        "group": GROUPINGS,
        "present": ("1",),
        "slide": lambda value: value.isdigit() and 1 <= int(value) <= 99,
        "screen": ("1080", "768"),
        "brief": lambda value: is_valid_brief(value, folder.catalogue, folder.regions),
    }


def start_run() -> Context:
    """Read the URL (first run of a session) and load the data folder; no widgets yet."""
    path = settings.data_dir()
    folder, error = _load_folder(folder_signature(path))
    state = st.session_state
    if "view" not in state:
        accepted, notices = parse(dict(st.query_params), _validators(folder))
        state["view"] = {**DEFAULTS, **accepted}
        state["_url_notices"] = notices
    view = state["view"]
    return Context(lang=view["lang"], folder=folder, error=error, notices=list(state.get("_url_notices", [])), state=view)


def bound(widget, name: str, label: str, options: list, *, format_func=str, default=None, **kwargs):
    """A widget whose value lives in the view state, so it survives page switches (Streamlit drops
    the keys of widgets a page does not draw) and can be set from a link or a chart click."""
    view = st.session_state["view"]
    if view.get(name) not in options:
        fallback = default if default is not None else DEFAULTS.get(name)
        view[name] = fallback if fallback in options else options[0]
    st.session_state[name] = view[name]

    def remember() -> None:
        view[name] = st.session_state[name]

    value = widget(label, options, key=name, format_func=format_func, on_change=remember, **kwargs)
    view[name] = value
    return value


def shared_controls(ctx: Context) -> None:
    """Language, snapshot and pace in the sidebar; loads the chosen snapshot into ``ctx.view``."""
    folder, path = ctx.folder, settings.data_dir()
    with st.sidebar:
        ctx.lang = bound(
            st.radio, "lang", t("ui.language", ctx.lang), list(LANGUAGES), horizontal=True, format_func=lambda code: t(f"ui.language_{code}", code)
        )
        if folder and folder.snapshots:
            ids = [ref.id for ref in folder.snapshots]
            if ctx.state.get("snap") not in ids:
                ctx.state["snap"] = ids[0]
            bound(
                st.selectbox,
                "snap",
                t("ui.snapshot", ctx.lang),
                ids,
                format_func=lambda sid: _snapshot_label(folder, sid, ctx.lang),
                help=t("ui.snapshot_help", ctx.lang),
            )
        ctx.pace = bound(
            st.radio,
            "pace",
            t("ui.pace", ctx.lang),
            list(PACE_METHODS),
            format_func=lambda code: t(f"pace.{code}", ctx.lang),
            help=t("ui.pace_help", ctx.lang),
        )
        if folder and folder.problems:
            st.warning(t("ui.snapshots_refused", ctx.lang, count=len(folder.problems)), icon="⚠️")
    if folder and folder.snapshots:
        ref = folder.snapshot(ctx.state["snap"])
        ctx.view, view_error = _load_view(folder_signature(path), ref.id, ref.manifest.sha256)
        ctx.error = ctx.error or view_error
    ctx.base_view = ctx.view
    if folder and st.session_state.get("upload"):
        ctx.view = _upload_in_force(ctx)


def _upload_in_force(ctx: Context) -> DataView:
    """The view over this session's confirmed upload (kept in the session, never shared)."""
    from lib.upload_data import upload_view

    upload = st.session_state["upload"]
    base = ctx.base_view
    key = (base.provenance.sha256 if base else "", upload["digest"], upload["mode"], ctx.lang)
    cached = st.session_state.get("_upload_view")
    if not cached or cached[0] != key:
        view, merged = upload_view(ctx.folder, base, upload["frame"], mode=upload["mode"] if base else "alone", name=upload["name"], lang=ctx.lang)
        st.session_state["_upload_view"] = (key, view)
        st.session_state["_upload_merge"] = merged
    return st.session_state["_upload_view"][1]


def _snapshot_label(folder: DataFolder, snapshot_id: str, lang: str) -> str:
    ref = folder.snapshot(snapshot_id)
    newest = t("ui.newest", lang) if ref is folder.snapshots[0] else ""
    demo = t("ui.demo_tag", lang) if ref.manifest.demo else ""
    return f"{ref.manifest.as_of} · {ref.id}{demo}{newest}"


def url_params(ctx: Context, page: str, *, pin_snapshot: bool = False) -> dict[str, str]:
    """The query parameters of the current view on ``page`` (defaults left out)."""
    newest = ctx.folder.snapshots[0].id if ctx.folder and ctx.folder.snapshots else None
    names = GLOBAL_PARAMS + PAGE_PARAMS.get(page, ())
    values = {name: ctx.state.get(name) for name in names}
    defaults = {**DEFAULTS, **ctx.page_defaults, "snap": None if pin_snapshot else newest}
    return encode(values, defaults)


def finish_run(ctx: Context, page: str) -> None:
    """Write the view state into the URL and forget notices already shown."""
    wanted = url_params(ctx, page)
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)
    st.session_state["_url_notices"] = []


def context() -> Context:
    """The context app.py built for this run (every page starts with this).

    Streamlit treats a ``pages/`` folder beside the main script as the legacy multipage mode
    until ``st.navigation`` has been called once in the process; until then a deep link (or
    AppTest's ``switch_page``) can run a page file without app.py. Such a run is turned into a
    rerun through app.py, which serves the same URL path.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory or "_ctx" not in st.session_state:
        PagesManager.uses_pages_directory = False
        st.rerun()
    return st.session_state["_ctx"]


# --- pieces every page places -----------------------------------------------------------------
def format_date(day: date, lang: str) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.strftime("%-d %b %Y")


def page_header(ctx: Context, title_key: str, *, needs_data: bool = True) -> bool:
    """Title, URL notices, data problems, demo notice and as-of line. False if the page cannot go on."""
    st.title(ctx.t(title_key))
    for notice in ctx.notices:
        st.warning(ctx.t("ui.url_ignored", param=notice.param, value=notice.value), icon="🔗")
    if ctx.folder is None:
        st.error(ctx.error.text(ctx.lang) if ctx.error else ctx.t("error.generic"), icon="🚫")
        st.info(ctx.t("ui.fix_data_folder", path=str(settings.data_dir())), icon="💡")
        return False
    if ctx.view is None:
        if ctx.error:
            st.error(ctx.error.text(ctx.lang), icon="🚫")
        st.info(ctx.t("ui.no_snapshots", path=str(ctx.folder.path / "snapshots")), icon="💡")
        for problem in ctx.folder.problems:
            st.error(problem.error.text(ctx.lang), icon="🚫")
        return not needs_data
    provenance = ctx.view.provenance
    if provenance.includes_upload:
        with st.container(key="upload-notice"):
            mode = st.session_state.get("upload", {}).get("mode", "alone")
            left, right = st.columns([4, 1])
            left.info(ctx.t("upload.active", name=md_escape(provenance.upload_note), mode=ctx.t(f"upload.mode_{mode}")), icon="📤")
            if right.button(ctx.t("upload.clear"), key="upload-clear"):
                for key in ("upload", "_upload_view", "_upload_merge"):
                    st.session_state.pop(key, None)
                st.rerun()
    if provenance.demo:
        with st.container(key="demo-banner"):
            st.warning(ctx.t("ui.demo_banner"), icon="⚠️")
    with st.container(key="asof"):
        st.caption(
            ctx.t(
                "ui.asof_line",
                date=format_date(provenance.as_of, ctx.lang),
                title=md_escape(provenance.title),
                id=md_escape(provenance.snapshot_id),
                source=md_escape(provenance.source),
            )
        )
    return True


def status_badge(ctx: Context, target_id: str, progress: Progress) -> None:
    with st.container(key=f"status-{target_id}-{progress.status}"):
        st.badge(status_label(progress.status, ctx.lang), color=BADGE[progress.status])


def headline_card(ctx: Context, target: Target, progress: Progress) -> None:
    """One headline target: value, % of target beside % of time, status, projection, trajectory."""
    catalogue = ctx.view.catalogue
    indicator = catalogue.indicators[target.indicator_id]
    program = catalogue.programs[target.program_id]
    unit = indicator.unit
    with st.container(key=f"kpi-{target.id}", border=True):
        st.markdown(f"**{md_escape(target.name(ctx.lang))}**")
        st.caption(ctx.t("card.target_line", value=target_value_text(target, unit, ctx.lang), period=target_period(target, ctx.lang)))
        label = ctx.t("card.actual_year", year=progress.year) if progress.year else ctx.t("card.actual")
        st.metric(label, format_quantity(progress.actual, unit, ctx.lang), help=ctx.t("card.exact", value=format_exact(progress.actual, ctx.lang)))
        st.markdown(
            ctx.t(
                "card.progress_line",
                completion=format_percent(progress.completion),
                elapsed=format_percent(progress.time_elapsed),
                gap=format_points(progress.gap_points, ctx.lang),
            )
        )
        status_badge(ctx, target.id, progress)
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
        frame = trajectory(ctx.view.store, target, progress, target.scope.region_code or "000000")
        with st.container(key=f"spark-{target.id}"):
            st.image(sparkline_svg(frame, progress.target_value, ctx.t("card.spark_alt")), width="stretch")
        st.caption(ctx.t("card.source", number=md_escape(program.document(ctx.lang)), pace=ctx.t(f"pace.{progress.pace_method}")))


def markdown_table(frame) -> str:
    """A small table as Markdown (cells escaped): light to draw, wraps text, prints well."""
    header = "| " + " | ".join(md_escape(column) for column in frame.columns) + " |"
    rule = "|" + "|".join(" --- " for _ in frame.columns) + "|"
    rows = ["| " + " | ".join(md_escape(value).replace("\n", " ") for value in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *rows])


def figure(ctx: Context, fig, key: str, table=None, *, filename: str = "data", on_select=None, width="stretch"):
    """A plotly figure with a 数据表 popover holding (and offering) exactly the numbers drawn.

    A popover rather than a toggle: its table mounts only when opened, keeping page loads light.
    """
    from lib.charts import PLOTLY_CONFIG
    from lib.exports import to_csv_bytes

    config = {**PLOTLY_CONFIG, "toImageButtonOptions": {**PLOTLY_CONFIG["toImageButtonOptions"], "filename": filename}}
    kwargs = {"on_select": on_select, "selection_mode": "points"} if on_select else {}
    event = st.plotly_chart(fig, config=config, width=width, key=key, **kwargs)
    if table is not None:
        with st.container(key=f"{key}-table"), st.popover(ctx.t("ui.data_table")):
            st.dataframe(table, hide_index=True, width="stretch", key=f"{key}-frame")
            st.download_button(
                ctx.t("download.displayed_csv", rows=len(table)), to_csv_bytes(table), file_name=f"{filename}.csv", mime="text/csv", key=f"{key}-download",
            )  # fmt: skip
    return event


def snapshot_data(ctx: Context, snapshot_id: str) -> DataView:
    """Another snapshot of the folder (for comparisons), from the shared cache."""
    ref = ctx.folder.snapshot(snapshot_id)
    view, error = _load_view(folder_signature(settings.data_dir()), ref.id, ref.manifest.sha256)
    if error:
        raise error
    return view


def page_url(ctx: Context, *, pin_snapshot: bool = False) -> str:
    """The full link of the current view (the browser's address, our query string)."""
    from urllib.parse import urlencode

    base = st.context.url or f"/{ctx.page}"
    query = urlencode(url_params(ctx, ctx.page, pin_snapshot=pin_snapshot))
    return f"{base}?{query}" if query else base


def copy_link(ctx: Context) -> None:
    """复制链接: the current view's link and one pinned to this snapshot, each with a copy button.

    In a popover: its code blocks (and Streamlit's syntax highlighter, ~0.5 s of browser time)
    load only when someone opens it.
    """
    if not ctx.folder or not ctx.folder.snapshots:
        return
    with st.sidebar, st.container(key="copy-link"), st.popover(ctx.t("ui.copy_link"), width="stretch"):
        st.caption(ctx.t("ui.link_current"))
        st.code(page_url(ctx), language=None, wrap_lines=True)
        st.caption(ctx.t("ui.link_pinned"))
        st.code(page_url(ctx, pin_snapshot=True), language=None, wrap_lines=True)


# --- upload page helpers (widgets; the work is in lib.interpret / lib.upload_data) ------------------
def session_memo(name: str, key: tuple, value=None):
    """One remembered result per name in this session (uploads never go to a shared cache)."""
    slot = st.session_state.get(f"_memo_{name}")
    if value is not None:
        st.session_state[f"_memo_{name}"] = (key, value)
        return value
    return slot[1] if slot and slot[0] == key else None


_MAPPING_FIELDS = (
    "shape",
    "region",
    "period",
    "value",
    "indicator_column",
    "indicator",
    "person_id",
    "occupation",
    "skill_level",
    "fixed_period",
    "scale",
)
SCALES = (1.0, 1e4, 1e8)


def set_mapping_widgets(guess) -> None:
    for name in _MAPPING_FIELDS:
        value = getattr(guess, name)
        st.session_state[f"map-{name}"] = value if value is not None else ("" if name != "scale" else 1.0)
    st.session_state["map-value_columns"] = list(guess.value_columns)


def mapping_editor(ctx: Context, table, guess):
    """The column mapping, detected and editable; returns the Mapping in force."""
    from lib.interpret import SHAPES, Mapping

    catalogue = ctx.folder.catalogue
    columns = ["", *table.header]
    stored = [i.id for i in catalogue.indicators.values() if i.kind != "ratio"]
    none = ctx.t("upload.none")
    with st.expander(ctx.t("upload.mapping"), expanded=True):
        st.caption(ctx.t("upload.mapping_help"))
        row = st.columns(3)
        shape = row[0].selectbox(ctx.t("upload.shape"), SHAPES, key="map-shape", format_func=lambda s: ctx.t(f"upload.shape_{s}"))
        region = row[1].selectbox(ctx.t("upload.col_region"), columns, key="map-region", format_func=lambda c: c or none)
        indicator = row[2].selectbox(
            ctx.t("upload.indicator"), ["", *stored], key="map-indicator", format_func=lambda i: catalogue.indicators[i].name(ctx.lang) if i else none
        )
        row = st.columns(3)
        values = dict(shape=shape, region=region or None, indicator=indicator or None, breakdowns=dict(guess.breakdowns))
        if shape in ("long", "records", "wide_indicator"):
            values["period"] = row[0].selectbox(ctx.t("upload.col_period"), columns, key="map-period", format_func=lambda c: c or none) or None
        if shape in ("long", "wide_indicator"):
            values["fixed_period"] = row[1].text_input(ctx.t("upload.fixed_period"), key="map-fixed_period").strip() or None
        if shape == "long":
            values["value"] = row[2].selectbox(ctx.t("upload.col_value_single"), columns, key="map-value", format_func=lambda c: c or none) or None
        if shape in ("long", "wide_period"):
            values["indicator_column"] = (
                st.selectbox(ctx.t("upload.col_indicator"), columns, key="map-indicator_column", format_func=lambda c: c or none) or None
            )
        if shape in ("wide_period", "wide_indicator"):
            values["value_columns"] = st.multiselect(ctx.t("upload.value_columns"), table.header, key="map-value_columns")
        if shape == "records":
            row = st.columns(3)
            values["person_id"] = row[0].selectbox(ctx.t("upload.col_person"), columns, key="map-person_id", format_func=lambda c: c or none) or None
            values["occupation"] = (
                row[1].selectbox(ctx.t("upload.col_occupation"), columns, key="map-occupation", format_func=lambda c: c or none) or None
            )
            values["skill_level"] = (
                row[2].selectbox(ctx.t("upload.col_level"), columns, key="map-skill_level", format_func=lambda c: c or none) or None
            )
        if shape != "records":
            labels = {1.0: ctx.t("upload.scale_one"), 1e4: ctx.t("upload.scale_wan"), 1e8: ctx.t("upload.scale_yi")}
            values["scale"] = st.selectbox(ctx.t("upload.scale"), SCALES, key="map-scale", format_func=labels.get)
            if guess.unit_note:
                st.caption(ctx.t("upload.scale_note", source=md_escape(guess.unit_note)))
    return Mapping(**values)


def totals_frame(ctx: Context, accepted: dict, claimed: dict):
    import pandas as pd

    from lib.formatting import format_exact

    catalogue = ctx.folder.catalogue
    return pd.DataFrame(
        {
            ctx.t("col.indicator"): [catalogue.indicators[i].name(ctx.lang) if i in catalogue.indicators else i for i in accepted],
            ctx.t("upload.col_sum"): [format_exact(v) for v in accepted.values()],
            ctx.t("upload.col_claimed"): [format_exact(claimed[i]) if i in claimed else "—" for i in accepted],
        }
    )


def save_snapshot_form(ctx: Context, observations, name: str) -> None:
    """A manifest form that writes the upload as a new snapshot — only where the deployment allows."""
    import os
    from datetime import date

    from lib.snapshots import SnapshotError, write_snapshot

    st.subheader(ctx.t("upload.save"))
    if os.environ.get("DASHBOARD_ALLOW_SAVE", "") != "1":
        st.caption(ctx.t("upload.save_off"))
        return
    with st.form("save-snapshot"):
        title = st.text_input(ctx.t("upload.save_title"), value=name)
        as_of = st.date_input(ctx.t("upload.save_as_of"), value=date.today())
        source = st.text_input(ctx.t("upload.save_source"))
        publisher = st.text_input(ctx.t("upload.save_publisher"))
        snapshot_id = st.text_input(ctx.t("upload.save_id"), value=f"{date.today().isoformat()}-upload")
        if st.form_submit_button(ctx.t("upload.save_button")):
            if not (title.strip() and source.strip() and publisher.strip()):
                st.error(ctx.t("upload.save_needs"), icon="🚫")
                return
            try:
                ref = write_snapshot(
                    ctx.folder.path / "snapshots", observations, snapshot_id=snapshot_id.strip(), as_of=as_of, title=title.strip(),
                    publisher=publisher.strip(), source=source.strip(), license="", demo=False, notes=f"uploaded file {name}",
                )  # fmt: skip
            except SnapshotError as error:
                st.error(error.text(ctx.lang), icon="🚫")
                return
            st.success(ctx.t("upload.saved", id=md_escape(ref.id), rows=len(observations)), icon="✅")
