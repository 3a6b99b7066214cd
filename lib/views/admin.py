"""What the admin page shows: the roles file's rules, who has which role as last seen, and the
audit log — as tables with headers in the UI language (``build``: the page's view, read from the
database on every run: people and the log change between runs, so it is never kept)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.core import settings
from lib.core.i18n import LocalizedError, t
from lib.core.roles import NATIONAL, RolesFile
from lib.reference.regions import RegionRegistry
from lib.store.audit import audit_frame
from lib.store.database import Database
from lib.store.exports import to_csv_bytes
from lib.store.workspace import users_frame
from lib.views.review import scope_label

AUDIT_SHOWN = 500  # entries on the page; the download has them all


@dataclass(frozen=True)
class AdminPage:
    roles_file: str | None  # the roles file's path (None: no roles file, everyone the default role)
    roles_sha: str  # the first 16 hex digits of its SHA-256
    roles_error: str | None  # why the roles file cannot be used, in the UI language
    rules: pd.DataFrame
    people: pd.DataFrame
    log: pd.DataFrame  # the whole audit log (the page shows the first AUDIT_SHOWN; the download all)

    def log_csv(self) -> bytes:
        return to_csv_bytes(self.log)


def build(
    db: Database,
    roles: RolesFile,
    error: LocalizedError | None,
    regions: RegionRegistry,
    lang: str,
    *,
    scope: str = NATIONAL,
) -> AdminPage:
    """The roles file's rules, everyone seen, and the audit log, in ``lang``; the log of the admin's
    ``scope`` only (a province's admin sees its people's entries, ``audit_frame``). Read from the
    database on every run."""
    path = settings.roles_file()
    return AdminPage(
        roles_file=str(path) if path is not None else None,
        roles_sha=roles.sha256[:16],
        roles_error=error.text(lang) if error is not None else None,
        rules=rules_table(roles, regions, lang),
        people=users_table(users_frame(db), regions, lang),
        log=audit_table(audit_frame(db, scope=scope), lang),
    )


def rules_table(roles: RolesFile, regions: RegionRegistry, lang: str) -> pd.DataFrame:
    rows = [
        {
            t("admin.col_kind", lang): t(f"admin.kind_{kind}", lang),
            t("admin.col_name", lang): name,
            t("admin.col_role", lang): t(f"roles.{rule.role}", lang),
            t("admin.col_scope", lang): scope_label(rule.scope, regions, lang),
        }
        for kind, table in (("user", roles.users), ("group", roles.groups))
        for name, rule in table.items()
    ]
    columns = [t(f"admin.col_{c}", lang) for c in ("kind", "name", "role", "scope")]
    return pd.DataFrame(rows, columns=columns)


def role_source(source: str, lang: str) -> str:
    """Where a role came from: the person's own entry, a group's, or the default."""
    if source.startswith("group:"):
        return t("audit.source_group", lang, group=source.removeprefix("group:"))
    return t("audit.source_user", lang) if source == "user" else t("audit.source_default", lang)


def users_table(users: pd.DataFrame, regions: RegionRegistry, lang: str) -> pd.DataFrame:
    frame = users.copy()
    frame["role"] = [t(f"roles.{role}", lang) for role in frame["role"]]
    frame["source"] = [role_source(source, lang) for source in frame["source"]]
    frame["scope"] = [scope_label(scope, regions, lang) for scope in frame["scope"]]
    names = {"user": "user", "name": "display", "role": "role", "scope": "scope", "source": "source"}
    names |= {"groups": "groups", "last_seen": "last_seen"}
    return frame.rename(columns={column: t(f"admin.col_{key}", lang) for column, key in names.items()})


def audit_table(log: pd.DataFrame, lang: str) -> pd.DataFrame:
    log = log.assign(action=[t(f"audit.{action}", lang) for action in log["action"]])
    names = {"at": "at", "actor": "actor", "action": "action", "subject": "subject", "detail": "detail"}
    return log.rename(columns={column: t(f"admin.col_{key}", lang) for column, key in names.items()})
