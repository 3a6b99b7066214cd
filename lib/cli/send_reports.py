"""Send the 进度通报 of a month by e-mail (the .docx attached) and to WeCom/DingTalk group robots,
each message saying its filters and as-of date, for a cron job or a systemd timer:

    python -m lib.cli send-reports --month 2026-10 --region 440000 --to a@example.org --robot gd-group

Each delivery is retried (DASHBOARD_DELIVERY_ATTEMPTS, doubling pauses); every outcome is printed
and, with --log, appended to a JSON-lines file; the exit code is 1 when any delivery failed, so
the scheduler reports it. Subscriptions saved in the dashboard's database are sent when the store
provides them; until then recipients are named here.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from lib.briefing.delivery import DeliveryError, DeliveryResult, deliver_email, deliver_robot, load_robots
from lib.cli.monthly import JobError, add_report_arguments, fail, open_folder, prepare_report
from lib.core import settings
from lib.core.i18n import LocalizedError, t


def register(commands) -> None:
    """Add ``send-reports`` to the command parser (``commands`` from ``add_subparsers``)."""
    parser = commands.add_parser(
        "send-reports", help="send the 进度通报 by e-mail and to group robots", description=__doc__
    )
    add_arguments(parser)
    parser.set_defaults(run=run)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_report_arguments(parser)
    parser.add_argument("--to", action="append", default=[], metavar="ADDRESS", help="an e-mail recipient")
    parser.add_argument(
        "--robot", action="append", default=[], metavar="NAME", help="a group robot named in $DASHBOARD_ROBOTS_FILE"
    )
    parser.add_argument("--log", type=Path, help="append one JSON line per delivery to this file")


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    try:
        if not args.to and not args.robot:
            raise JobError("report.cli.no_recipients")
        robots = load_robots(settings.robots_file())
        chosen = []
        for name in args.robot:
            if name not in robots:
                raise DeliveryError("delivery.error.unknown_robot", name=name)
            chosen.append(robots[name])
        folder = open_folder(args.data)
        job = prepare_report(folder, args.month, args.region, lang, args.pace)
    except LocalizedError as error:
        return fail(error, lang)
    docx = job.content("docx") if args.to else None
    smtp = settings.smtp_settings()
    results: list[DeliveryResult] = [
        deliver_email(job.report, address, docx, job.filename("docx"), smtp) for address in args.to
    ]
    results += [deliver_robot(job.report, robot, link=settings.public_url()) for robot in chosen]
    for result in results:
        key = "report.cli.sent" if result.ok else "report.cli.failed"
        print(
            t(
                key,
                lang,
                channel=result.channel,
                recipient=result.recipient,
                attempts=result.attempts,
                error=result.error,
            ),
            file=sys.stdout if result.ok else sys.stderr,
        )
    if args.log:
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        context = {
            "at": stamp,
            "month": job.month,
            "region": job.region,
            "lang": lang,
            "snapshot": job.view.provenance.snapshot_id,
        }
        args.log.parent.mkdir(parents=True, exist_ok=True)
        with args.log.open("a", encoding="utf-8") as log:
            for result in results:
                log.write(json.dumps({**context, **result.as_dict()}, ensure_ascii=False) + "\n")
    return 0 if all(result.ok for result in results) else 1
