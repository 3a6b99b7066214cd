"""cli — ``python -m lib.cli <command>``: the jobs a scheduler runs (reports, sending them); imports every stage below it (core … briefing)."""

from lib.cli.monthly import (
    ReportJob,
    choose_snapshot,
    open_folder,
    prepare_report,
    write_atomically,
)

__all__ = [
    "ReportJob",
    "choose_snapshot",
    "open_folder",
    "prepare_report",
    "write_atomically",
]
