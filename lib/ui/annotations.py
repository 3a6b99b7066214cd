"""Analysts' notes on the data in Streamlit: the notes a person sees (everyone's shared notes, from a
cache every session shares — they explain published figures and hold nothing private — plus their
own targets' notes), the list under a chart, and the small form that adds one. ``lib.store.annotations``
checks the role and scope again.

The shared list is cached for ``NOTES_TTL`` seconds per process and cleared here on every change,
so a note shows at once on this replica and within that time on the others.
"""

from __future__ import annotations

from datetime import date

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from lib.core import settings
from lib.core.i18n import LocalizedError
from lib.reference.catalogue import Target
from lib.store import annotations
from lib.store.annotations import Note, select_notes
from lib.ui import keys
from lib.ui.context import Context
from lib.ui.own import has_own
from lib.ui.persistence import database, keeps_work
from lib.views.annotations import note_lines
from lib.views.markdown import md_escape

NOTES_TTL = 60


@st.cache_data(ttl=NOTES_TTL, show_spinner=False, max_entries=4)
def _shared_notes(url: str) -> list[Note]:
    return [note for note in annotations.notes(database()) if not note.private]


def visible_notes(ctx: Context) -> list[Note]:
    """Every note this person sees: the shared ones, and their own targets' (issue #10)."""
    try:
        found = list(_shared_notes(settings.database_url()))
        if has_own() and keeps_work(ctx.identity):
            found += [note for note in annotations.notes(database(), ctx.identity.user_id) if note.private]
    except SQLAlchemyError:
        return []
    return sorted(found, key=lambda note: (note.period, note.created_at, note.id))


def notes_on(
    ctx: Context,
    *,
    targets: set[str] | None = None,
    indicators: set[str] | None = None,
    region: str,
    end: date | None = None,
) -> list[Note]:
    """The notes of some targets (or an indicator's) at one region, up to a month."""
    return select_notes(visible_notes(ctx), targets=targets, indicators=indicators, regions={region}, end=end)


def may_annotate(ctx: Context, region: str) -> bool:
    return keeps_work(ctx.identity) and ctx.identity.can("annotate") and ctx.identity.covers(region)


def notes_panel(
    ctx: Context, *, key: str, shown: list[Note], region: str, targets: list[Target], months: list[date]
) -> None:
    """Under a chart: its notes, numbered as the markers; the analysts of the region add one (a
    target of ``targets``, a month of ``months``) and remove theirs."""
    with st.container(key=f"notes-{key}"):
        message = st.session_state.pop(keys.NOTE_DONE, None)
        if message:
            st.success(md_escape(message), icon=":material/check_circle:")
        regions = ctx.folder.regions
        for line in note_lines(shown, regions, ctx.lang):
            st.caption(":material/sticky_note_2: " + md_escape(line))
        removable = [note for note in shown if _may_remove(ctx, note)]
        if not (may_annotate(ctx, region) and targets and months) and not removable:
            return
        with st.popover(ctx.t("notes.manage", count=len(shown)), icon=":material/edit_note:"):
            if may_annotate(ctx, region) and targets and months:
                _note_form(ctx, key, region, targets, months)
            for number, note in enumerate(shown, start=1):
                if note in removable and st.button(
                    ctx.t("notes.remove", label=ctx.t("notes.label", number=number)),
                    key=f"note-remove-{note.id}",
                    icon=":material/delete:",
                ):
                    _change(
                        ctx, lambda n=note: annotations.delete_note(database(), ctx.identity, n.id), "notes.removed"
                    )


def _may_remove(ctx: Context, note: Note) -> bool:
    identity = ctx.identity
    if not keeps_work(identity):
        return False
    mine = note.author == identity.user_id and identity.can("annotate")
    return mine or (identity.can("moderate") and identity.covers(note.region_code) and not note.private)


def _note_form(ctx: Context, key: str, region: str, targets: list[Target], months: list[date]) -> None:
    by_id = {target.id: target for target in targets}
    with st.form(f"note-form-{key}", border=False, clear_on_submit=True):
        chosen = (
            st.selectbox(
                ctx.t("notes.field_target"),
                list(by_id),
                key=f"note-target-{key}",
                format_func=lambda tid: by_id[tid].name(ctx.lang),
            )
            if len(by_id) > 1
            else next(iter(by_id))
        )
        month = st.selectbox(
            ctx.t("notes.field_month"),
            months[::-1],
            key=f"note-month-{key}",
            format_func=lambda day: f"{day:%Y-%m}",
        )
        text = st.text_input(
            ctx.t("notes.field_text"),
            key=f"note-text-{key}",
            max_chars=annotations.MAX_TEXT,
            placeholder=ctx.t("notes.example"),
        )
        submitted = st.form_submit_button(
            ctx.t("notes.add"), type="primary", icon=":material/add:", key=f"note-submit-{key}"
        )
    if submitted:
        target = by_id[chosen]
        _change(
            ctx,
            lambda: annotations.add_note(
                database(),
                ctx.identity,
                target_id=target.id,
                indicator_id=target.indicator_id,
                region_code=region,
                period=month,
                text=text,
                private=target.origin != "catalogue",
            ),
            "notes.added",
        )


def _change(ctx: Context, action, done_key: str) -> None:
    try:
        action()
    except (LocalizedError, LookupError) as error:
        st.error(
            md_escape(error.text(ctx.lang) if isinstance(error, LocalizedError) else error), icon=":material/error:"
        )
        return
    _shared_notes.clear()
    st.session_state[keys.NOTE_DONE] = ctx.t(done_key)
    st.rerun()
