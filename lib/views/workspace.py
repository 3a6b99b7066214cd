"""What 我的工作区 shows of each saved item: its kind, when it changed, a line of detail (file,
rows, hash, the state of its submission), in the UI language (``build``: the page's items, read
from the database on every run — another tab or replica may have changed them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lib.core.i18n import t
from lib.core.roles import Identity
from lib.store import submissions, workspace
from lib.store.database import Database
from lib.store.submissions import SubmissionInfo
from lib.store.workspace import ItemSummary


@dataclass(frozen=True)
class WorkspaceLine:
    """A saved item as the page lists it: its title (data text), kind, whether it is in force, and
    its line of detail (when it changed, the state of its submission)."""

    item: ItemSummary
    kind: str
    in_force: bool
    detail: str
    submission: SubmissionInfo | None


@dataclass(frozen=True)
class WorkspacePage:
    lines: tuple[WorkspaceLine, ...]  # newest first


def build(db: Database, identity: Identity, lang: str) -> WorkspacePage:
    """This person's saved items, newest first, each with its line, in ``lang``."""
    owner = identity.user_id
    submitted = submissions.submissions_of(db, owner) if identity.can("submit") else {}
    in_force = set(workspace.active_items(db, owner)) - {None}
    lines = []
    for item in workspace.items(db, owner):
        line = [item_detail(item, lang), t("workspace.updated", lang, time=format_time(item.updated_at))]
        line.append(submission_state(submitted.get(item.id), lang))
        lines.append(
            WorkspaceLine(
                item=item,
                kind=t(f"workspace.kind_{item.kind}", lang),
                in_force=item.id in in_force,
                detail=" · ".join(part for part in line if part),
                submission=submitted.get(item.id),
            )
        )
    return WorkspacePage(tuple(lines))


def format_time(moment: datetime) -> str:
    """A stored time (UTC) to the minute."""
    text = moment.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M")
    return f"{text} UTC"


def submission_state(submission: SubmissionInfo | None, lang: str) -> str:
    if submission is None:
        return ""
    return t(f"workspace.state_{submission.state}", lang, snapshot=submission.snapshot_id or "")


def item_detail(item: ItemSummary, lang: str) -> str:
    """One line about ``item``: for an upload its file, rows, mode and hash; for a briefing its views."""
    payload = item.payload
    if item.kind == "upload":
        return t(
            "workspace.upload_detail",
            lang,
            file=payload.get("file_name", ""),
            rows=f"{payload.get('rows', 0):,}",
            mode=t(f"upload.mode_{payload.get('mode', 'alone')}", lang),
            sha=payload.get("raw_sha256", "")[:12],
        )
    if item.kind == "briefing":
        count = len([code for code in payload.get("brief", "").split(",") if code])
        return t("workspace.briefing_detail", lang, count=count)
    if item.kind == "view":
        return t("workspace.view_detail", lang, link=payload.get("link", ""))
    return ""
