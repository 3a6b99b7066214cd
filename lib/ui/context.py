"""The run's context: the data folder and snapshot (from caches shared by all sessions, which hold
data-folder content only) and the view state a link carries, read from and written to the URL.

Anything an analyst uploads stays in that session's ``st.session_state`` (``lib.ui.keys``) and never
enters a shared cache.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlencode

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from lib.briefing.views import is_valid_brief
from lib.core import heap, settings
from lib.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, LocalizedError, t
from lib.core.identity import single_user
from lib.core.memo import Memo, remember
from lib.core.roles import NATIONAL, Identity
from lib.core.settings import AlertThresholds
from lib.progress.changes import Comparison, comparison, previous_snapshot
from lib.progress.dataview import DataView, snapshot_view
from lib.progress.drilldown import compute_shared_results
from lib.progress.engine import PACE_METHODS, Progress
from lib.store.folder import DataFolder, folder_signature, open_data_folder
from lib.store.snapshots import SnapshotError
from lib.ui import keys
from lib.ui.identity import current_identity, roles
from lib.ui.persistence import begin_session, resolve_short_link
from lib.views import provinces, registry
from lib.views.url_state import Notice, encode, parse

T = TypeVar("T")


# --- loading (shared caches: data-folder content only) ----------------------------------------
# The folder and its snapshots are loaded by st.cache_resource, not the memo: a snapshot's view is
# tens of megabytes and is kept by its own small bound (a few snapshots), apart from the memo's many
# small results, so a burst of figures never evicts a snapshot (reloading costs seconds) and the
# memo never holds more than a few; the key is the folder's file signature, which changes with it.
@st.cache_resource(show_spinner=False, max_entries=4)
def load_folder(signature: tuple) -> tuple[DataFolder | None, LocalizedError | None]:
    try:
        return open_data_folder(Path(signature[0])), None
    except LocalizedError as error:
        return None, error


@st.cache_resource(show_spinner=False, max_entries=6)
def load_view(signature: tuple, snapshot_id: str, sha256: str) -> tuple[DataView | None, LocalizedError | None]:
    folder, _ = load_folder(signature)
    try:
        view = snapshot_view(folder, folder.snapshot(snapshot_id))
    except SnapshotError as error:
        return None, error
    compute_shared_results(view)  # the same for every visitor: once per process, at load
    return view, None


# --- the per-run context and the view state ------------------------------------------------------
GLOBAL_PARAMS = ("lang", "snap", "pace", "present", "slide", "screen", "brief")  # a page's own: the registry's
DEFAULTS = {
    "lang": DEFAULT_LANGUAGE,
    "pace": "linear",
    "color": "pace",
    "group": "belt",
    "region": "",
    "slide": "1",
    "screen": "auto",  # presentation mode picks the layout that fits the window (lib.ui.present)
    "brief": "",
}
COLOR_METRICS, GROUPINGS = provinces.COLOR_METRICS, provinces.GROUPINGS  # the Provinces page's URL values


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
    identity: Identity = field(default_factory=single_user)  # who is looking (lib.ui.identity)
    redirect: str | None = None  # the page a short link names, on the run that opened it
    problems: list[LocalizedError] = field(default_factory=list)  # the data changed under this view

    def t(self, key: str, /, **params: object) -> str:
        return t(key, self.lang, **params)

    @property
    def thresholds(self) -> AlertThresholds:
        """The 三色预警's thresholds in force (a setting: an argument of every alert view model)."""
        return settings.alert_thresholds()

    def progress(self) -> dict[str, Progress]:
        return self.view.progress(self.pace) if self.view else {}

    def notice(self, key: str, **params: object) -> None:
        """A visible one-off message (e.g. a link value that does not fit this page)."""
        st.warning(self.t(key, **params), icon=":material/link:")


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
        "screen": ("1080", "768", "720", "auto"),
        "brief": lambda value: is_valid_brief(value, folder.catalogue, folder.regions),
    }


def start_run() -> Context:
    """Read the URL (first run of a session: a short link ``?v=`` is expanded first) and load the
    data folder; find who is looking and put back what they saved. No widgets yet. The context is
    kept for this run's page (``context()``). First, the survivors of earlier runs are frozen
    (``lib.core.heap``), so the collection after this run walks only what it makes."""
    heap.settle_heap()

    path = settings.data_dir()
    folder, error = load_folder(folder_signature(path))
    state = st.session_state
    identity = current_identity()
    redirect = None
    if keys.VIEW not in state:
        query, link_notices, redirect = _expand_short_link(dict(st.query_params))
        accepted, notices = parse(query, _validators(folder))
        if (
            identity.scope != NATIONAL
            and "region" not in accepted
            and folder
            and identity.scope in folder.regions.by_code
        ):
            accepted["region"] = identity.scope  # a provincial person opens on their province
        state[keys.VIEW] = {**DEFAULTS, **accepted}
        state[keys.URL_NOTICES] = link_notices + notices
    view = state[keys.VIEW]
    ctx = Context(
        lang=view["lang"],
        folder=folder,
        error=error,
        notices=list(state.get(keys.URL_NOTICES, [])),
        state=view,
        identity=identity,
        redirect=redirect,
    )
    state[keys.CONTEXT] = ctx
    begin_session(ctx, roles()[0].sha256)
    return ctx


def _expand_short_link(query: dict) -> tuple[dict, list[Notice], str | None]:
    """``?v=<id>``: the stored view's parameters (the URL's own, e.g. ``lang``, win) and its page."""
    short = query.pop("v", None)
    if short is None:
        return query, [], None
    short = short[-1] if isinstance(short, list) else str(short)

    found = resolve_short_link(short.strip())
    if found is None:
        return query, [Notice("v", short)], None
    page, params = found
    return {**params, **query}, [], page


def bound(widget, name: str, label: str, options: list, *, format_func=str, default=None, **kwargs):
    """A widget whose value lives in the view state, so it survives page switches (Streamlit drops
    the keys of widgets a page does not draw) and can be set from a link or a chart click."""
    view = st.session_state[keys.VIEW]
    if view.get(name) not in options:
        fallback = default if default is not None else DEFAULTS.get(name)
        view[name] = fallback if fallback in options else options[0]
    st.session_state[name] = view[name]

    def remember() -> None:
        view[name] = st.session_state[name]

    value = widget(label, options, key=name, format_func=format_func, on_change=remember, **kwargs)
    view[name] = value
    return value


def page_state(ctx: Context) -> dict[str, str]:
    """The view state's values of the URL parameters this page reads (``lib.views.registry``)."""
    return {name: ctx.state.get(name) for name in registry.params_of(ctx.page)}


def pick(widget, name: str, label: str, options: dict[str, str], **kwargs):
    """``bound`` over a view model's options: their values and the words shown for each."""
    return bound(widget, name, label, list(options), format_func=options.__getitem__, **kwargs)


def widget_drawn(name: str) -> bool:
    """Whether the bound widget ``name`` has been drawn in this session (its key exists)."""
    return name in st.session_state


def url_params(ctx: Context, page: str, *, pin_snapshot: bool = False) -> dict[str, str]:
    """The query parameters of the current view on ``page`` (defaults left out)."""
    default = ctx.folder.default_snapshot.id if ctx.folder and ctx.folder.snapshots else None
    names = GLOBAL_PARAMS + registry.params_of(page)
    values = {name: ctx.state.get(name) for name in names}
    defaults = {**DEFAULTS, **ctx.page_defaults, "snap": None if pin_snapshot else default}
    return encode(values, defaults)


def finish_run(ctx: Context, page: str) -> None:
    """Write the view state into the URL and forget notices already shown."""
    wanted = url_params(ctx, page)
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)
    st.session_state[keys.URL_NOTICES] = []


def view_model(build: Callable[..., T], /, **arguments) -> T:
    """A page's view model: ``build(**arguments)`` computed once per distinct arguments and kept
    process-wide (``lib.core.memo.remember``). Every argument is part of the key — the data view
    (its snapshot, any upload over it, the catalogue it is read with), the language, the pace, the
    page's URL values, the notes drawn — and an argument that cannot be keyed is refused, so one
    person's figure never reaches another. What it returns must never be changed afterwards."""
    return remember(build, **arguments)


SESSION_ENTRIES = 16  # results one session keeps (big ones say fewer with @kept_at_most)


def remember_in_session(fn: Callable[..., T], /, *args, **kwargs) -> T:
    """``fn(*args, **kwargs)`` computed once per distinct arguments and kept for this session only, in
    a ``lib.core.memo.Memo`` its ``st.session_state`` holds: for what is drawn from one person's own
    material (an upload, a submission under review), which is never offered to anyone else even
    under a correct key. The key is the same as the shared memo's — ``key_of`` the function and
    every argument, an argument it cannot key refused — so within the session a result is never
    served for another file, mapping, catalogue or language either."""
    memo = st.session_state.get(keys.SESSION_MEMO)
    if memo is None:
        memo = st.session_state[keys.SESSION_MEMO] = Memo(max_entries=SESSION_ENTRIES)
    return memo.remember(fn, *args, **kwargs)


def context() -> Context:
    """The context app.py built for this run (every page starts with this).

    Streamlit treats a ``pages/`` folder beside the main script as the legacy multipage mode
    until ``st.navigation`` has been called once in the process; until then a deep link (or
    AppTest's ``switch_page``) can run a page file without app.py. Such a run is turned into a
    rerun through app.py, which serves the same URL path.
    """
    if PagesManager.uses_pages_directory or keys.CONTEXT not in st.session_state:
        PagesManager.uses_pages_directory = False
        st.rerun()
    return st.session_state[keys.CONTEXT]


def snapshot_data(ctx: Context, snapshot_id: str) -> DataView:
    """Another snapshot of the folder (for comparisons), from the shared cache."""
    ref = ctx.folder.snapshot(snapshot_id)
    view, error = load_view(folder_signature(settings.data_dir()), ref.id, ref.manifest.sha256)
    if error:
        raise error
    return view


def page_url(ctx: Context, *, pin_snapshot: bool = False) -> str:
    """The full link of the current view (the browser's address, our query string)."""
    base = st.context.url or f"/{ctx.page}"
    query = urlencode(url_params(ctx, ctx.page, pin_snapshot=pin_snapshot))
    return f"{base}?{query}" if query else base


def comparison_of(ctx: Context) -> Comparison | None:
    """What changes are measured against: the snapshot before the chosen one (shared cache), or this
    data's previous month when there is none."""
    if ctx.view is None or ctx.folder is None:
        return None
    ref = ctx.folder.snapshot(ctx.state.get("snap"))
    earlier = previous_snapshot(ctx.folder, ref) if ref else None
    return comparison(ctx.view, snapshot_data(ctx, earlier.id) if earlier else None)
