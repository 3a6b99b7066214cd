"""Who is looking, from a trusted proxy's request headers (or an OIDC claim set), as an ``Identity``.

The proxy (the intranet's single-sign-on gateway) must strip these headers from clients and the app
must be reachable only through it; with ``DASHBOARD_PROXY_SECRET`` set, identity headers on a request
without the matching ``X-Proxy-Secret`` are ignored (the person is an anonymous viewer).
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import unicodedata
from collections.abc import Mapping
from urllib.parse import unquote

from lib.core.roles import NATIONAL, Identity, RolesFile
from lib.core.settings import IdentityHeaders

SINGLE_USER = "local"  # the one user of a deployment without sign-in
ANONYMOUS = "anonymous"
_MAX_NAME = 200
MAX_ID = 200  # characters; a longer id is refused, never cut (two ids cut alike would share one account)
_log = logging.getLogger(__name__)


def id_problem(value: str) -> str:
    """Why a user id (or group) cannot be used as sent, or "": ids are compared exactly as the gateway
    sent them, so one that could look like another (control or invisible characters, spaces at its
    ends) or that is too long is refused rather than cleaned into someone else's."""
    if len(value) > MAX_ID:
        return f"longer than {MAX_ID} characters"
    if value != value.strip():
        return "space at the start or end"
    for ch in value:
        category = unicodedata.category(ch)
        if category[0] == "C" or category in ("Zl", "Zp") or (category == "Zs" and ch != " "):
            return f"invisible or control character U+{ord(ch):04X}"
    return ""


def header_id(value: str | None) -> str:
    """A user id or group from a header exactly as sent: UTF-8 bytes (which the server reads as
    Latin-1) are read as UTF-8 (one byte string, one text), nothing is percent-decoded, stripped or
    cut. Returns "" (with the reason logged) for an id that ``id_problem`` refuses."""
    if not value:
        return ""
    problem = ""
    with contextlib.suppress(UnicodeEncodeError):
        try:
            value = value.encode("latin-1").decode("utf-8")
        except UnicodeDecodeError:  # bytes that are not UTF-8 could be read as more than one text
            problem = "not UTF-8"
    problem = problem or id_problem(value)
    if problem:
        _log.warning("identity refused (%s): %s", problem, ascii(value[:60]))
        return ""
    return value


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
    user_id = header_id(folded.get(names.user.lower()))
    if not user_id:
        return anonymous("proxy")
    name = header_text(folded.get(names.name.lower())) or user_id
    parts = (part.strip(" ") for part in folded.get(names.groups.lower(), "").split(","))
    groups = tuple(g for g in (header_id(part) for part in parts if part) if g)
    return resolved(user_id, name, groups, roles, mode="proxy")


def identity_from_claims(claims: Mapping[str, object], roles: RolesFile) -> Identity:
    """The identity of an OIDC sign-in (``st.user``): e-mail (or subject) as the user id, a
    ``groups`` claim if the provider sends one."""
    user_id = str(claims.get("email") or claims.get("preferred_username") or claims.get("sub") or "")
    problem = id_problem(user_id)
    if problem:
        _log.warning("identity refused (%s): %s", problem, ascii(user_id[:60]))
        return anonymous("oidc")
    if not user_id:
        return anonymous("oidc")
    name = str(claims.get("name") or user_id)[:_MAX_NAME]
    raw_groups = claims.get("groups") or ()
    listed = tuple(str(g) for g in raw_groups) if isinstance(raw_groups, list | tuple) else ()
    groups = tuple(g for g in listed if g and not id_problem(g))
    return resolved(user_id, name, groups, roles, mode="oidc")


def resolved(user_id: str, name: str, groups: tuple[str, ...], roles: RolesFile, *, mode: str) -> Identity:
    rule, source = roles.resolve(user_id, groups)
    return Identity(user_id, name, rule.role, rule.scope, groups, mode, signed_in=True, role_source=source)
