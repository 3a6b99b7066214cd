"""The shared controls in the sidebar — language, snapshot, pace — and the data they put in force:
the chosen snapshot (from the shared cache), or this session's confirmed upload over it and its
own indicators and targets."""

from __future__ import annotations

import streamlit as st

from lib.core import settings
from lib.core.i18n import LANGUAGES, LocalizedError, t
from lib.progress.engine import PACE_METHODS
from lib.store.folder import DataFolder, folder_signature
from lib.ui.context import Context, bound, load_view
from lib.ui.own import has_own, session_data_view
from lib.ui.upload import active_upload
from lib.views.markdown import md_escape


def shared_controls(ctx: Context) -> None:
    """Language, snapshot and pace in the sidebar; loads the chosen snapshot into ``ctx.view``."""
    folder, path = ctx.folder, settings.data_dir()
    with st.sidebar:
        ctx.lang = bound(
            st.radio,
            "lang",
            t("ui.language", ctx.lang),
            list(LANGUAGES),
            horizontal=True,
            format_func=lambda code: t(f"ui.language_{code}", code),
        )
        if folder and folder.snapshots:
            ids = [ref.id for ref in folder.snapshots]
            if ctx.state.get("snap") not in ids:
                withdrawn(ctx, folder, ctx.state.get("snap"), folder.default_snapshot.id)
                ctx.state["snap"] = folder.default_snapshot.id
            bound(
                st.selectbox,
                "snap",
                t("ui.snapshot", ctx.lang),
                ids,
                format_func=lambda sid: snapshot_label(folder, sid, ctx.lang),
                help=t("ui.snapshot_help", ctx.lang),
            )
            with st.container(key="snapshot-words"):  # the words the picker's one line has no room for
                st.caption(md_escape(snapshot_words(folder, ctx.state["snap"], ctx.lang)))
        ctx.pace = bound(
            st.radio,
            "pace",
            t("ui.pace", ctx.lang),
            list(PACE_METHODS),
            format_func=lambda code: t(f"pace.{code}", ctx.lang),
            help=t("ui.pace_help", ctx.lang),
        )
        if folder and folder.problems:
            st.warning(t("ui.snapshots_refused", ctx.lang, count=len(folder.problems)), icon=":material/warning:")
    if folder and folder.snapshots:
        chosen = folder.snapshot(ctx.state["snap"])
        signature = folder_signature(path)
        for ref in (chosen, *(other for other in folder.snapshots if other is not chosen)):
            ctx.view, view_error = load_view(signature, ref.id, ref.manifest.sha256)
            if ctx.view is not None:
                break
            ctx.problems.append(view_error)  # its pages cannot be read: say so, and show the next one
        if ctx.view is not None and ctx.view.provenance.snapshot_id != chosen.id:
            ctx.problems.insert(
                0, LocalizedError("ui.snapshot_withdrawn", old=chosen.id, new=ctx.view.provenance.snapshot_id)
            )
    ctx.base_view = ctx.view
    if folder and (active_upload() or (ctx.view is not None and has_own())):
        ctx.view = session_data_view(ctx)


def withdrawn(ctx: Context, folder: DataFolder, old: str | None, new: str) -> None:
    """The snapshot this session was viewing has been refused since (a file replaced or broken):
    the page says so and why, instead of silently showing other numbers."""
    problem = next((p for p in folder.problems if p.folder == old), None)
    if problem is not None:
        ctx.problems += [LocalizedError("ui.snapshot_withdrawn", old=old, new=new), problem.error]


def snapshot_label(folder: DataFolder, snapshot_id: str, lang: str) -> str:
    """The picker's label: the snapshot's id (dated, and the name its footers and exports use), and
    示例 where it holds demo data and its id does not say so in the reader's language (demo data are
    always labelled; "-demo" is no label for a Chinese reader), 公开 where its figures are published
    ones (an English reader has the id and the caption). A picker's chosen value is an input's one
    line, which cannot wrap: the rest — its title, default, newest — is ``snapshot_words``."""
    ref = folder.snapshot(snapshot_id)
    said = lang == "en" and ref.id.endswith("-demo")
    if ref.manifest.demo:
        return ref.id + ("" if said else t("ui.demo_tag", lang))
    return ref.id + (t("fit.snapshot_published_tag", lang) if ref.manifest.has_citations else "")


def snapshot_words(folder: DataFolder, snapshot_id: str, lang: str) -> str:
    """The chosen snapshot in words, under the picker (a caption wraps): its title, and whether it is
    the one a first visit opens and the newest — 示例数据（演示用，非官方统计） · 默认打开."""
    ref = folder.snapshot(snapshot_id)
    tags = [t("fit.snapshot_default", lang)] if ref is folder.default_snapshot else []
    if ref is folder.snapshots[0]:
        tags.append(t("fit.snapshot_newest", lang))
    if ref.manifest.has_citations:
        tags.append(t("fit.snapshot_cited", lang))
    return " · ".join([ref.manifest.title_in(lang) or ref.id, *tags])
