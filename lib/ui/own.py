"""An analyst's own indicators and targets in this browser session, and the data view every page
reads while any are defined or an upload is in force.

Pages never touch the session for these: they call the functions here, which keep plain
dictionaries (``OwnIndicator.to_dict()``, ``OwnTarget.to_dict()``) under ``lib.ui.keys`` — so a
database can take the session's place without a page changing. The data folder's catalogue (shared
by every session) is never changed: the session's is a new object built over it.
"""

from __future__ import annotations

import hashlib
import json

import streamlit as st

from lib.progress.dataview import DataView
from lib.reference.catalogue import Catalogue
from lib.reference.own import OwnIndicator, OwnTarget, session_catalogue
from lib.ui import keys
from lib.ui.context import Context
from lib.ui.upload import active_upload, upload_view_in_force
from lib.upload.session import session_view


# --- the records, in this session only --------------------------------------------------------------
def own_indicators() -> list[OwnIndicator]:
    return [OwnIndicator.from_dict(item) for item in st.session_state.get(keys.OWN_INDICATORS, [])]


def own_targets() -> list[OwnTarget]:
    return [OwnTarget.from_dict(item) for item in st.session_state.get(keys.OWN_TARGETS, [])]


def add_own_indicators(indicators) -> None:
    """Keep these own indicators in the session (one of the same id is replaced)."""
    kept = {item["id"]: item for item in st.session_state.get(keys.OWN_INDICATORS, [])}
    kept.update({indicator.id: indicator.to_dict() for indicator in indicators})
    st.session_state[keys.OWN_INDICATORS] = list(kept.values())


def add_own_targets(targets) -> None:
    kept = {item["id"]: item for item in st.session_state.get(keys.OWN_TARGETS, [])}
    kept.update({target.id: target.to_dict() for target in targets})
    st.session_state[keys.OWN_TARGETS] = list(kept.values())


def remove_own_target(target_id: str) -> None:
    st.session_state[keys.OWN_TARGETS] = [
        item for item in st.session_state.get(keys.OWN_TARGETS, []) if item["id"] != target_id
    ]


def own_digest() -> str:
    """Changes whenever an own indicator or target is added, changed or removed (a cache key)."""
    records = [st.session_state.get(keys.OWN_INDICATORS, []), st.session_state.get(keys.OWN_TARGETS, [])]
    return hashlib.sha256(json.dumps(records, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def has_own() -> bool:
    return bool(st.session_state.get(keys.OWN_INDICATORS) or st.session_state.get(keys.OWN_TARGETS))


# --- the session's catalogue and data view ------------------------------------------------------------
def session_catalogue_of(ctx: Context) -> Catalogue:
    """The data folder's catalogue plus this session's own indicators and targets."""
    if not has_own():
        return ctx.folder.catalogue
    return session_catalogue(ctx.folder.catalogue, own_indicators(), own_targets())


def session_data_view(ctx: Context) -> DataView:
    """What every page of this session shows: the upload in force (alone or over the snapshot), or
    the snapshot read with the session's own targets — kept in this session, never shared."""
    catalogue = session_catalogue_of(ctx)
    if active_upload():
        return upload_view_in_force(ctx, catalogue, own_digest())
    base = ctx.base_view
    key = (base.provenance.sha256, base.provenance.snapshot_id, own_digest())
    cached = st.session_state.get(keys.OWN_VIEW)
    if not cached or cached[0] != key:
        st.session_state[keys.OWN_VIEW] = (key, session_view(base, catalogue))
    return st.session_state[keys.OWN_VIEW][1]
