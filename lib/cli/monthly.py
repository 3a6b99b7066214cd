"""What the report commands share: the data folder, the snapshot of a month, the comparison,
the report itself and its file — so ``report`` and ``send-reports`` write the same bytes."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from lib.briefing.delivery import DeliveryError
from lib.briefing.report import Report, build_report, report_filename
from lib.briefing.report_docx import report_docx
from lib.core import settings
from lib.core.i18n import LANGUAGES, LocalizedError, t
from lib.core.memo import kept_at_most, remember
from lib.core.periods import format_month, last_complete_month, parse_month
from lib.core.roles import Identity
from lib.progress.changes import comparison, previous_snapshot
from lib.progress.dataview import DataView, snapshot_view
from lib.progress.engine import PACE_METHODS
from lib.reference.regions import NATIONAL_CODE, RegionError
from lib.store import annotations, followups
from lib.store.database import Database, open_database
from lib.store.folder import DataFolder, open_data_folder
from lib.store.snapshots import SnapshotRef
from lib.views.followups import close_recovered_items as close_recovered

FORMATS = ("docx", "txt", "md")
# The scheduled job reads the 督办 items as a national reader does; a report then counts those of its scope.
REPORTER = Identity("report-job", "report-job", role="viewer", mode="none")


class JobError(LocalizedError):
    """A report job that cannot run as asked (its message says what to change)."""


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", help="YYYY-MM: the month reported (default: the newest snapshot's)")
    parser.add_argument("--region", help="one province (6-digit code or name); default: the national report")
    parser.add_argument("--lang", choices=LANGUAGES, default="zh")
    parser.add_argument("--pace", choices=PACE_METHODS, default="linear")
    parser.add_argument("--data", type=Path, help="data folder (default: $DASHBOARD_DATA_DIR, else data/)")


def open_folder(path: Path | None) -> DataFolder:
    return open_data_folder((path or settings.data_dir()).expanduser().resolve())


def choose_snapshot(folder: DataFolder, month: str | None) -> SnapshotRef:
    """The newest snapshot whose last complete month is ``month`` (default: the newest snapshot)."""
    if not folder.snapshots:
        raise JobError("report.cli.no_snapshots", path=str(folder.path / "snapshots"))
    if month is None:
        return folder.snapshots[0]
    try:
        wanted = parse_month(month)
    except ValueError as error:
        raise JobError("report.cli.bad_month", month=month) from error
    for ref in folder.snapshots:  # newest first
        if last_complete_month(ref.manifest.as_of_date) == wanted:
            return ref
    months = sorted({format_month(last_complete_month(ref.manifest.as_of_date)) for ref in folder.snapshots})
    raise JobError("report.cli.no_month", month=month, months=", ".join(months))


def region_code(folder: DataFolder, text: str | None) -> str | None:
    if not text:
        return None
    try:
        code = folder.regions.normalize(text)
    except RegionError as error:
        raise JobError("report.cli.bad_region", region=text) from error
    return None if code == NATIONAL_CODE else code


@dataclass(frozen=True)
class ReportJob:
    view: DataView
    report: Report
    region: str | None
    month: str

    def filename(self, kind: str) -> str:
        return report_filename(self.month, self.region, self.report.lang, kind)

    def content(self, kind: str) -> bytes:
        if kind == "docx":
            return report_docx(self.report)
        if kind == "md":
            return markdown_text(self.report).encode()
        return self.report.text().encode()


def prepare_report(
    folder: DataFolder,
    month: str | None,
    region: str | None,
    lang: str,
    pace: str,
    *,
    targets: frozenset[str] | None = None,
    store: Database | None = None,
) -> ReportJob:
    """The report of a month (the newest when None) for the nation or a province, of some targets
    when given; with the database, it carries the analysts' notes and the 督办 line."""
    ref = choose_snapshot(folder, month)
    code = region_code(folder, region)
    view = opened_view(folder, ref)
    earlier = previous_snapshot(folder, ref)
    compared = comparison(view, opened_view(folder, earlier) if earlier else None)
    notes = [note for note in annotations.notes(store) if not note.private] if store else []
    known = followups.visible(store, REPORTER, with_trail=False) if store else None
    report = build_report(
        view, pace=pace, lang=lang, region=code, comparison=compared, targets=targets, notes=notes, follow_ups=known
    )
    return ReportJob(view, report, code, format_month(last_complete_month(ref.manifest.as_of_date)))


def open_store() -> Database:
    """The deployment's database (DASHBOARD_DATABASE_URL, else the state folder's SQLite file)."""
    try:
        return open_database(settings.database_url())
    except (SQLAlchemyError, OSError, ValueError) as error:
        raise JobError("report.cli.no_database", url=settings.database_url(), detail=str(error)) from error


def close_recovered_items(store: Database, folder: DataFolder) -> list[str]:
    """Let the newest published snapshot close the 督办 items whose pace is back to green (an
    analyst's own targets' items are closed in their owner's session, where the target is known)."""
    if not folder.snapshots:
        return []
    ref = folder.snapshots[0]
    return close_recovered(store, ref.id, lambda: opened_view(folder, ref))


def opened_view(folder: DataFolder, ref: SnapshotRef) -> DataView:
    """A snapshot's data view, opened once per process (``lib.core.memo``, keyed on the folder and
    the snapshot's checksum): sending many reports — one per region and language — computes a
    snapshot's alerts once."""
    return remember(open_view, folder, ref)


@kept_at_most(4)  # a snapshot's view is tens of megabytes
def open_view(folder: DataFolder, ref: SnapshotRef) -> DataView:
    return snapshot_view(folder, ref)


def markdown_text(report: Report) -> str:
    """The report as Markdown (headings, paragraphs, the annex tables)."""
    lines = [f"# {report.title}", "", report.period, "", f"> {report.filters}", ""]
    if report.demo:
        lines += [f"> **{t('report.demo_label', report.lang)}**", ""]
    for heading, paragraphs in report.sections:
        lines += [f"## {heading}", "", *(f"{p}\n" for p in paragraphs)]
    lines += [f"## {t('report.notes_heading', report.lang)}", "", *(f"- {note}" for note in report.notes), ""]
    for table in report.tables:
        lines += [f"### {table.title}", "", "| " + " | ".join(table.columns) + " |"]
        lines += ["|" + "|".join(" --- " for _ in table.columns) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in table.rows]
        lines.append("")
    return "\n".join(lines)


def write_atomically(folder: Path, name: str, content: bytes) -> Path:
    """Write next to the final name and rename, so a reader never finds half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(content)
            output.flush()
            os.fsync(output.fileno())
        os.replace(temporary, folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return folder / name


def fail(error: LocalizedError, lang: str) -> int:
    """Say what is wrong in the reader's language; 2 for what the command line or configuration must
    change, 1 for anything else (an unusable data folder)."""
    print(error.text(lang), file=sys.stderr)
    return 2 if isinstance(error, JobError | DeliveryError) else 1
