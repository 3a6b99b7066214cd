"""What a person saved, kept in the database as they work and put back in a new session — after a
reload, in a new tab, after a restart, on another replica: the upload in force and the briefing
being built. Short links are made and resolved here too. The work is in ``lib.store``.

The session holds only copies (the database is the truth), so a replica that never saw this
person before rebuilds the same state from the database on their first run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, SQLAlchemyError

from lib.core import settings
from lib.core.roles import Identity
from lib.store import links, workspace
from lib.store.database import Database, StoreUnavailable, open_database
from lib.store.submissions import reconcile
from lib.ui import keys


@st.cache_resource(show_spinner=False, max_entries=8)
def _database(url: str) -> Database:
    database = open_database(url)  # migrated on first start
    reconcile(database, settings.data_dir() / "snapshots")  # a publication killed half-way is finished
    return database


def database() -> Database:
    """This process's connection pool to the deployment's database (one per URL)."""
    return _database(settings.database_url())


UNREACHABLE = (OperationalError, InterfaceError, DisconnectionError)  # the server away, not a bug of ours


@contextmanager
def saving() -> Iterator[None]:
    """A write to the database: when it cannot be reached (stopped, restarting, unreachable) the
    write is refused as ``StoreUnavailable`` — nothing was saved, the caller says so and keeps what
    it had; the pool's pre-ping reconnects once the server is back."""
    try:
        yield
    except UNREACHABLE:
        raise StoreUnavailable("store_down.not_saved") from None


@contextmanager
def needing_database(ctx) -> Iterator[None]:
    """A page that reads the database (the workspace, the review, the admin page) when it cannot be
    reached: a notice in the reader's language instead of a crash; every other page draws from the
    snapshots and never gets here."""
    try:
        yield
    except UNREACHABLE:
        st.error(ctx.t("store_down.page"), icon=":material/warning:")
    except StoreUnavailable as error:  # a write no page caught itself
        st.error(error.text(ctx.lang), icon=":material/warning:")


def keeps_work(identity: Identity) -> bool:
    """Only someone we know has a workspace: the single user, or a signed-in person (anonymous
    visitors share no identity, so nothing of theirs is kept for another to find)."""
    return identity.mode == "none" or identity.signed_in


def begin_session(ctx, roles_sha256: str = "") -> None:
    """On a session's first run (or when the person changed): record the sign-in and put back the
    upload in force and the briefing being built. If the database cannot be reached, the published
    data still show, with a notice; the next run tries again."""
    identity = ctx.identity
    state = st.session_state
    if state.get(keys.SIGNED_IN_AS) == identity.user_id:
        return
    if keys.SIGNED_IN_AS in state:  # another person on this connection: nothing of the last one stays
        for key in (keys.UPLOAD, keys.UPLOAD_MERGE, keys.BRIEF_SAVED, keys.OWN_INDICATORS, keys.SESSION_MEMO):
            state.pop(key, None)
        state.pop(keys.OWN_TARGETS, None)
        state.pop(keys.SIGNED_IN_AS)
    if keeps_work(identity):
        try:
            _restore(ctx, roles_sha256)
        except SQLAlchemyError as error:
            state[keys.STORE_PROBLEM] = type(error).__name__
            return
    state.pop(keys.STORE_PROBLEM, None)
    state[keys.SIGNED_IN_AS] = identity.user_id


def store_problem() -> str | None:
    """Why the database could not be used on this session's start (None when it could)."""
    return st.session_state.get(keys.STORE_PROBLEM)


def _restore(ctx, roles_sha256: str) -> None:
    identity, state = ctx.identity, st.session_state
    db = database()
    workspace.sign_in(db, identity, roles_sha256)
    upload_id, briefing_id = workspace.active_items(db, identity.user_id)
    if upload_id and identity.can("upload"):
        put_upload_in_force(workspace.load_upload(db, identity.user_id, upload_id))
    if identity.can("upload"):  # own indicators and targets (issue #10) back in the session
        state[keys.OWN_INDICATORS] = workspace.records(db, identity.user_id, "indicator")
        state[keys.OWN_TARGETS] = workspace.records(db, identity.user_id, "target")
    if briefing_id:
        brief = workspace.briefing(db, identity.user_id, briefing_id)
        state[keys.BRIEF_SAVED] = brief
        if not ctx.state.get("brief"):  # a link's own briefing wins over the saved one
            ctx.state["brief"] = brief


def put_upload_in_force(record: workspace.UploadRecord) -> None:
    st.session_state[keys.UPLOAD] = {
        "frame": record.frame,
        "mode": record.mode,
        "name": record.file_name,
        "digest": record.raw_sha256,
        "item": record.item_id,
    }


def save_upload(
    ctx, *, frame, mode: str, name: str, raw: bytes, mapping: dict, read: dict, own_indicators: list[dict] = ()
) -> str | None:
    """Keep a confirmed upload for its owner with the own indicators it uses, in one transaction (the
    role and scope are checked again by the store)."""
    if not keeps_work(ctx.identity):
        return None
    try:
        return workspace.confirm_upload(
            database(),
            ctx.identity,
            file_name=name,
            raw=raw,
            frame=frame,
            mode=mode,
            mapping=mapping,
            read=read,
            own_indicators=list(own_indicators),
        )
    except SQLAlchemyError:
        raise StoreUnavailable("store.unavailable") from None


def end_upload(ctx) -> None:
    """Back to the snapshot, here and in every later session of this person."""
    if keeps_work(ctx.identity):
        with saving():
            workspace.set_active_upload(database(), ctx.identity.user_id, None)


def remember_briefing(ctx) -> None:
    """Save the briefing being built as it changes (added views, cleared)."""
    brief = ctx.state.get("brief") or ""
    if not keeps_work(ctx.identity) or st.session_state.get(keys.BRIEF_SAVED, "") == brief:
        return
    title = ctx.t("workspace.briefing_title", count=len([code for code in brief.split(",") if code]))
    with saving():
        workspace.save_briefing(database(), ctx.identity.user_id, brief, title)
    st.session_state[keys.BRIEF_SAVED] = brief


def short_link(ctx, page: str, params: dict[str, str], title: str) -> str:
    """The short id of this view; saved in the person's workspace as a view."""
    with saving():
        keep = title if keeps_work(ctx.identity) else None
        short = links.make_link(database(), ctx.identity.user_id, page, params, keep_title=keep)
    return short


def resolve_short_link(short: str) -> tuple[str, dict[str, str]] | None:
    """The view a short id names; None when there is none (or the database cannot say now)."""
    try:
        return links.resolve_link(database(), short)
    except SQLAlchemyError:
        return None


# --- issue #10's own indicators and targets (lib.ui.own calls these) --------------------------------------
def keep_own_records(ctx, kind: str, records: list[dict], titles: list[str]) -> None:
    """Save own indicators (``kind="indicator"``) or targets as they are defined (same id: replaced)."""
    if keeps_work(ctx.identity) and ctx.identity.can("upload"):
        with saving():
            workspace.put_records(database(), ctx.identity.user_id, kind, records, titles)


def forget_own_record(ctx, kind: str, record_id: str) -> None:
    if keeps_work(ctx.identity):
        with saving():
            workspace.drop_record(database(), ctx.identity.user_id, kind, record_id)


def own_records(ctx, kind: str) -> list[dict]:
    """The saved own indicators or targets, to put back into a new session."""
    return workspace.records(database(), ctx.identity.user_id, kind) if keeps_work(ctx.identity) else []
