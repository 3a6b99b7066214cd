"""Who is looking, in Streamlit: the request's headers (``DASHBOARD_AUTH=proxy``), ``st.user`` after
``st.login`` (``oidc``), or the single user (the default); the sidebar's sign-in line (``whoami``) and
the check every action makes on the server before it does anything (``allowed``).

``request_headers`` is the one place that reads ``st.context.headers`` (tests replace it, since
AppTest cannot send headers; the browser tests send real ones).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from lib.core import settings
from lib.core.i18n import LocalizedError
from lib.core.identity import anonymous, identity_from_claims, identity_from_headers, single_user
from lib.core.roles import ACTIONS, NATIONAL, Identity, RolesFile, load_roles
from lib.ui.persistence import store_problem
from lib.views import registry
from lib.views.markdown import md_escape


def request_headers() -> dict[str, str]:
    """The headers of the request that opened this session's connection."""
    headers = st.context.headers
    return dict(headers.items()) if headers else {}


@st.cache_resource(show_spinner=False, max_entries=4)
def _roles(path: str, stamp: tuple) -> tuple[RolesFile, LocalizedError | None]:
    try:
        return load_roles(Path(path)), None
    except LocalizedError as error:  # a broken file: everyone is a viewer until it is fixed
        return RolesFile(path=path), error


def roles() -> tuple[RolesFile, LocalizedError | None]:
    """The roles file in force (re-read when it changes) and its error, if it cannot be used."""
    path = settings.roles_file()
    if path is None:
        return RolesFile(), None
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = ()
    return _roles(str(path), stamp)


def current_identity() -> Identity:
    """This run's person (headers are fixed for a session's connection; the roles file is not)."""
    mode = settings.auth_mode()
    if mode == "none":
        return single_user()
    rules, _ = roles()
    if mode == "proxy":
        return identity_from_headers(
            request_headers(), settings.identity_headers(), rules, secret=settings.proxy_secret()
        )
    if not st.user.is_logged_in:
        return anonymous("oidc")
    return identity_from_claims(st.user.to_dict(), rules)


def scope_name(ctx, scope: str) -> str:
    if scope == NATIONAL or ctx.folder is None or scope not in ctx.folder.regions.by_code:
        return ctx.t("roles.national") if scope == NATIONAL else scope
    return ctx.folder.regions.by_code[scope].name(ctx.lang)


def whoami(ctx) -> None:
    """The sidebar's sign-in line: who, which role and scope — or that the app is single-user."""
    identity = ctx.identity
    with st.sidebar, st.container(key="whoami"):
        if identity.mode == "none":
            st.caption(ctx.t("whoami.single_user"))
        elif not identity.signed_in:
            st.caption(ctx.t("whoami.anonymous", role=ctx.t("roles.viewer")))
            if identity.mode == "oidc" and st.button(ctx.t("whoami.login"), key="whoami-login"):
                st.login()
        else:
            st.caption(
                ctx.t(
                    "whoami.signed_in",
                    name=md_escape(identity.name),
                    role=ctx.t(f"roles.{identity.role}"),
                    scope=scope_name(ctx, identity.scope),
                )
            )
            if identity.mode == "oidc" and st.button(ctx.t("whoami.logout"), key="whoami-logout"):
                st.logout()

        if store_problem():
            st.warning(ctx.t("whoami.store_down"), icon=":material/warning:")
        _, error = roles()
        if error is not None and identity.mode != "none":
            st.error(ctx.t("whoami.roles_broken", detail=md_escape(error.text(ctx.lang))), icon=":material/warning:")


def page_denied(ctx, entry) -> bool:
    """A page of the registry (``lib.views.registry``) this person may not use, answered at its URL
    with a notice naming the role it needs — 需要登录 for someone not signed in, 无权限 for a signed-in
    person whose role is too low — instead of serving it; False when they may use it."""
    if ctx.identity.can(entry.action):
        return False
    page = ctx.t(entry.title_key)
    needed = ctx.t(f"roles.{entry.role}")
    with st.container(key="access-denied"):
        if ctx.identity.mode != "none" and not ctx.identity.signed_in:
            st.title(ctx.t("page_access.sign_in_title"))
            st.warning(ctx.t("page_access.sign_in", page=page, needed=needed), icon=":material/login:")
            if ctx.identity.mode == "oidc" and st.button(ctx.t("whoami.login"), key="access-login"):
                st.login()
        else:
            st.title(ctx.t("page_access.denied_title"))
            role = ctx.t(f"roles.{ctx.identity.role}")
            st.error(ctx.t("page_access.denied", role=role, page=page, needed=needed), icon=":material/block:")
    return True


def allowed(ctx, url_path: str) -> bool:
    """Whether this person may use the page at ``url_path`` — the action its registry entry names, so
    a page's role is written in one place; when not, the page says so (and draws nothing of it)."""
    action = registry.page(url_path).action
    if ctx.identity.can(action):
        return True
    with st.container(key="access-denied"):
        st.error(
            ctx.t(
                "access.denied",
                role=ctx.t(f"roles.{ctx.identity.role}"),
                action=ctx.t(f"actions.{action}"),
                needed=ctx.t(f"roles.{ACTIONS[action]}"),
            ),
            icon=":material/block:",
        )
    return False
