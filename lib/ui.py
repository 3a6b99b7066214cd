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


# --- the per-run context ----------------------------------------------------------------------
@dataclass
class Context:
    lang: str = DEFAULT_LANGUAGE
    folder: DataFolder | None = None
    error: LocalizedError | None = None
    view: DataView | None = None
    pace: str = "linear"
    notices: list[Notice] = field(default_factory=list)

    def t(self, key: str, /, **params: object) -> str:
        return t(key, self.lang, **params)

    def progress(self) -> dict[str, Progress]:
        return self.view.progress(self.pace) if self.view else {}


def _validators(folder: DataFolder | None) -> dict:
    snapshot_ids = {ref.id for ref in folder.snapshots} if folder else set()
    return {"lang": LANGUAGES, "snap": snapshot_ids, "pace": PACE_METHODS}


def start_run() -> Context:
    """Read the URL (first run of a session) and load the data folder; no widgets yet."""
    path = settings.data_dir()
    folder, error = _load_folder(folder_signature(path))
    state = st.session_state
    if "_url_read" not in state:
        accepted, notices = parse(dict(st.query_params), _validators(folder))
        state["lang"] = accepted.get("lang", DEFAULT_LANGUAGE)
        state["pace"] = accepted.get("pace", "linear")
        if "snap" in accepted:
            state["snap"] = accepted["snap"]
        state["_url_notices"] = notices
        state["_url_read"] = True
    return Context(lang=state.get("lang", DEFAULT_LANGUAGE), folder=folder, error=error, notices=list(state.get("_url_notices", [])))


def shared_controls(ctx: Context) -> None:
    """Language, snapshot and pace in the sidebar; loads the chosen snapshot into ``ctx.view``."""
    state, folder, path = st.session_state, ctx.folder, settings.data_dir()
    with st.sidebar:
        st.radio(t("ui.language", ctx.lang), LANGUAGES, key="lang", horizontal=True, format_func=lambda code: t(f"ui.language_{code}", code))
        ctx.lang = state["lang"]
        if folder and folder.snapshots:
            ids = [ref.id for ref in folder.snapshots]
            if state.get("snap") not in ids:
                state["snap"] = ids[0]
            st.selectbox(
                t("ui.snapshot", ctx.lang), ids, key="snap",
                format_func=lambda sid: _snapshot_label(folder, sid, ctx.lang),
                help=t("ui.snapshot_help", ctx.lang),
            )  # fmt: skip
        st.radio(
            t("ui.pace", ctx.lang), PACE_METHODS, key="pace", format_func=lambda code: t(f"pace.{code}", ctx.lang), help=t("ui.pace_help", ctx.lang)
        )
        ctx.pace = state["pace"]
        if folder and folder.problems:
            st.warning(t("ui.snapshots_refused", ctx.lang, count=len(folder.problems)), icon="⚠️")
    if folder and folder.snapshots:
        ref = folder.snapshot(state["snap"])
        ctx.view, view_error = _load_view(folder_signature(path), ref.id, ref.manifest.sha256)
        ctx.error = ctx.error or view_error


def _snapshot_label(folder: DataFolder, snapshot_id: str, lang: str) -> str:
    ref = folder.snapshot(snapshot_id)
    newest = t("ui.newest", lang) if ref is folder.snapshots[0] else ""
    demo = t("ui.demo_tag", lang) if ref.manifest.demo else ""
    return f"{ref.manifest.as_of} · {ref.id}{demo}{newest}"


def finish_run(ctx: Context) -> None:
    """Write the view state into the URL (defaults left out) and forget shown notices."""
    state = st.session_state
    newest = ctx.folder.snapshots[0].id if ctx.folder and ctx.folder.snapshots else None
    wanted = encode(
        {"lang": ctx.lang, "snap": state.get("snap"), "pace": ctx.pace},
        {"lang": DEFAULT_LANGUAGE, "snap": newest, "pace": "linear"},
    )
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)
    state["_url_notices"] = []


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
        st.caption(ctx.t("card.source", number=md_escape(program.document_number), pace=ctx.t(f"pace.{progress.pace_method}")))


def markdown_table(frame) -> str:
    """A small table as Markdown (cells escaped): light to draw, wraps text, prints well."""
    header = "| " + " | ".join(md_escape(column) for column in frame.columns) + " |"
    rule = "|" + "|".join(" --- " for _ in frame.columns) + "|"
    rows = ["| " + " | ".join(md_escape(value).replace("\n", " ") for value in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *rows])
