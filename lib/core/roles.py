"""Who may do what: the four roles, their scopes, and the roles file a deployment reviews in a diff.

A role is one of viewer < analyst < publisher < admin; each includes what the one before it may do.
A scope is ``national`` or one province's 6-digit code. The roles file (``DASHBOARD_ROLES_FILE``)::

    [users."zhang.san"]
    role = "analyst"
    scope = "440000"

    [groups."mohrss-publishers"]
    role = "publisher"
    scope = "national"

A user's own entry wins; otherwise the highest role of their groups (the first such group in the
file gives the scope); anyone else is a national viewer.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from lib.core.i18n import LocalizedError

ROLES = ("viewer", "analyst", "publisher", "admin")
NATIONAL = "national"
# The lowest role allowed each action; checked on the server for every action.
ACTIONS = {
    "view": "viewer",
    "save_view": "viewer",
    "upload": "analyst",
    "submit": "analyst",
    "publish": "publisher",
    "admin": "admin",
}
_SCOPE = re.compile(r"^\d{6}$")


class RolesError(LocalizedError):
    """The roles file cannot be used; the message names the entry."""


class AccessDenied(LocalizedError):
    """An action the signed-in person's role or scope does not allow."""


@dataclass(frozen=True)
class Identity:
    """The person looking: who, their role and scope, and how we know (``mode``)."""

    user_id: str
    name: str
    role: str = "viewer"
    scope: str = NATIONAL
    groups: tuple[str, ...] = ()
    mode: str = "none"  # none (single user) | proxy | oidc
    signed_in: bool = False
    role_source: str = ""  # "user", "group:<name>" or "" (the default)

    def can(self, action: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(ACTIONS[action])

    def covers(self, region_code: str | None) -> bool:
        """Whether rows of ``region_code`` are inside this person's scope."""
        return self.scope == NATIONAL or region_code == self.scope

    @property
    def national(self) -> bool:
        return self.scope == NATIONAL


def require(identity: Identity, action: str) -> None:
    """Raise ``AccessDenied`` unless ``identity`` may do ``action``."""
    if not identity.can(action):
        raise AccessDenied("access.denied", action=action, role=identity.role, needed=ACTIONS[action])


@dataclass(frozen=True)
class Rule:
    role: str
    scope: str


@dataclass(frozen=True)
class RolesFile:
    users: dict[str, Rule] = field(default_factory=dict)
    groups: dict[str, Rule] = field(default_factory=dict)  # in file order
    sha256: str = ""  # of the file's bytes, for the audit log
    path: str = ""

    def resolve(self, user_id: str, groups: tuple[str, ...] = ()) -> tuple[Rule, str]:
        """The rule for this person and where it came from (``user``, ``group:<name>`` or ``""``)."""
        if user_id in self.users:
            return self.users[user_id], "user"
        best: tuple[Rule, str] | None = None
        for name, rule in self.groups.items():
            if name in groups and (best is None or ROLES.index(rule.role) > ROLES.index(best[0].role)):
                best = (rule, f"group:{name}")
        return best or (Rule("viewer", NATIONAL), "")


def parse_roles(data: bytes, path: str = "") -> RolesFile:
    """Read and check a roles file; an unknown role or a bad scope is an error naming the entry."""
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise RolesError("roles.error.toml", path=path, detail=str(error)) from None
    unknown = sorted(set(raw) - {"users", "groups"})
    if unknown:
        raise RolesError("roles.error.section", path=path, section=unknown[0])
    tables = {}
    for section in ("users", "groups"):
        entries = raw.get(section, {})
        if not isinstance(entries, dict):
            raise RolesError("roles.error.section", path=path, section=section)
        rules = {}
        for name, entry in entries.items():
            where = f"{section}.{name}"
            if not isinstance(entry, dict) or entry.get("role") not in ROLES:
                raise RolesError("roles.error.role", path=path, entry=where, roles=", ".join(ROLES))
            scope = str(entry.get("scope", NATIONAL))
            if scope != NATIONAL and not _SCOPE.match(scope):
                raise RolesError("roles.error.scope", path=path, entry=where, scope=scope)
            rules[str(name)] = Rule(entry["role"], scope)
        tables[section] = rules
    return RolesFile(tables["users"], tables["groups"], hashlib.sha256(data).hexdigest(), path)


def load_roles(path: Path | None) -> RolesFile:
    """The roles file at ``path`` (no file configured: everyone is a national viewer)."""
    if path is None:
        return RolesFile()
    try:
        data = path.read_bytes()
    except OSError as error:
        raise RolesError("roles.error.unreadable", path=str(path), detail=error.strerror or str(error)) from None
    return parse_roles(data, str(path))
