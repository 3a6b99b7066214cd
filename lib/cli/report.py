"""Write the 进度通报 of a month — the same file the dashboard offers, with the analysts' notes and
the 督办 line from the database — for a scheduled job:

python -m lib.cli report --month 2026-10 [--region 440000] --format docx --out DIR
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lib.cli.monthly import (
    FORMATS,
    add_report_arguments,
    fail,
    open_folder,
    open_store,
    prepare_report,
    write_atomically,
)
from lib.core.i18n import LocalizedError, t


def register(commands) -> None:
    """Add ``report`` to the command parser (``commands`` from ``add_subparsers``)."""
    parser = commands.add_parser(
        "report", help="write the 进度通报 of a month (.docx, .txt or .md)", description=__doc__
    )
    add_arguments(parser)
    parser.set_defaults(run=run)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_report_arguments(parser)
    parser.add_argument("--format", choices=FORMATS, default="docx")
    parser.add_argument("--out", type=Path, default=Path("."), help="folder to write into (created if missing)")


def run(args: argparse.Namespace) -> int:
    try:
        folder = open_folder(args.data)
        job = prepare_report(folder, args.month, args.region, args.lang, args.pace, store=open_store())
    except LocalizedError as error:
        return fail(error, args.lang)
    path = write_atomically(args.out, job.filename(args.format), job.content(args.format))
    print(t("report.cli.written", args.lang, path=str(path), snapshot=job.view.provenance.snapshot_id))
    return 0
