"""What 我的工作区 shows of each saved item: its kind, when it changed, a line of detail (file,
rows, hash, the state of its submission), in the UI language."""

from __future__ import annotations

from datetime import datetime

from lib.core.i18n import t
from lib.store.submissions import SubmissionInfo
from lib.store.workspace import ItemSummary


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
