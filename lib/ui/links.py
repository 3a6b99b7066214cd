"""The short link of the current view, in the 复制链接 popover: made on request (a page view
writes nothing), stored server-side, ``/?v=<id>``, the same in either language."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

import streamlit as st

from lib.store.database import StoreUnavailable
from lib.ui import keys
from lib.ui.context import Context, url_params
from lib.ui.persistence import short_link


def app_root(ctx: Context) -> str:
    """The app's address without the page and the query (``st.context.url`` as the browser sent it)."""
    url = st.context.url or ""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if path.endswith(f"/{ctx.page}"):
        path = path[: -len(ctx.page) - 1]
    return f"{parts.scheme}://{parts.netloc}{path}" if parts.netloc else path


def short_link_box(ctx: Context) -> None:
    st.caption(ctx.t("link.short"))
    params = url_params(ctx, ctx.page)
    made = st.session_state.get(keys.SHORT_LINK)
    wanted = (ctx.page, tuple(sorted((k, v) for k, v in params.items() if k != "lang")))
    if made and made[0] == wanted:
        st.code(f"{app_root(ctx)}/?v={made[1]}", language=None, wrap_lines=True)
        st.caption(ctx.t("link.other_language"))
    elif st.button(ctx.t("link.make"), key="short-link-make", width="stretch"):
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
        title = ctx.t("link.view_title", page=ctx.t(f"nav.{ctx.page}"), date=stamp)
        try:
            st.session_state[keys.SHORT_LINK] = (wanted, short_link(ctx, ctx.page, params, title))
        except StoreUnavailable as error:  # nothing saved; the long link above still works
            st.error(error.text(ctx.lang), icon=":material/warning:")
            return
        st.rerun()
