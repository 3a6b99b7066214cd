"""Who is looking, from a trusted proxy's request headers (or an OIDC claim set), as an ``Identity``.

The proxy (the intranet's single-sign-on gateway) must strip these headers from clients and the app
must be reachable only through it; with ``DASHBOARD_PROXY_SECRET`` set, identity headers on a request
without the matching ``X-Proxy-Secret`` are ignored (the person is an anonymous viewer).
"""

from __future__ import annotations

import contextlib
import hmac
from collections.abc import Mapping
from urllib.parse import unquote

from lib.core.roles import NATIONAL, Identity, RolesFile
from lib.core.settings import IdentityHeaders

SINGLE_USER = "local"  # the one user of a deployment without sign-in
ANONYMOUS = "anonymous"
_MAX_NAME = 200


def header_text(value: str | None) -> str:
    """A header value as the person wrote it: proxies send UTF-8 bytes (read by the server as
    Latin-1) or percent-encoded UTF-8; control characters are dropped."""
    if not value:
        return ""
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        value = value.encode("latin-1").decode("utf-8")
    if "%" in value:
        value = unquote(value)
    return "".join(ch for ch in value if ch.isprintable()).strip()[:_MAX_NAME]


def single_user() -> Identity:
    """Without sign-in the app has one user, who may upload and keep a workspace (publishing needs
    two people: four eyes)."""
    return Identity(SINGLE_USER, SINGLE_USER, role="analyst", scope=NATIONAL, mode="none", signed_in=False)


def anonymous(mode: str) -> Identity:
    return Identity(ANONYMOUS, ANONYMOUS, mode=mode, signed_in=False)


def identity_from_headers(
    headers: Mapping[str, str], names: IdentityHeaders, roles: RolesFile, *, secret: str = ""
) -> Identity:
    """The identity a trusted proxy asserts; anonymous when the secret does not match or no user is named."""
    folded = {str(key).lower(): value for key, value in headers.items()}
    if secret and not hmac.compare_digest(folded.get(names.secret.lower(), "").encode(), secret.encode()):
        return anonymous("proxy")
    user_id = header_text(folded.get(names.user.lower()))
    if not user_id:
        return anonymous("proxy")
    name = header_text(folded.get(names.name.lower())) or user_id
    groups = tuple(g for g in (header_text(part) for part in folded.get(names.groups.lower(), "").split(",")) if g)
    return resolved(user_id, name, groups, roles, mode="proxy")


def identity_from_claims(claims: Mapping[str, object], roles: RolesFile) -> Identity:
    """The identity of an OIDC sign-in (``st.user``): e-mail (or subject) as the user id, a
    ``groups`` claim if the provider sends one."""
    user_id = str(claims.get("email") or claims.get("preferred_username") or claims.get("sub") or "").strip()
    if not user_id:
        return anonymous("oidc")
    name = str(claims.get("name") or user_id)[:_MAX_NAME]
    raw_groups = claims.get("groups") or ()
    groups = tuple(str(g) for g in raw_groups) if isinstance(raw_groups, list | tuple) else ()
    return resolved(user_id, name, groups, roles, mode="oidc")


def resolved(user_id: str, name: str, groups: tuple[str, ...], roles: RolesFile, *, mode: str) -> Identity:
    rule, source = roles.resolve(user_id, groups)
    return Identity(user_id, name, rule.role, rule.scope, groups, mode, signed_in=True, role_source=source)
