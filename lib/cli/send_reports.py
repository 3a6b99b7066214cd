"""Send the 进度通报 of a month by e-mail (the .docx attached) and to WeCom/DingTalk group robots,
each message saying its filters and as-of date, for a cron job or a systemd timer:

    python -m lib.cli send-reports [--month 2026-10]
        every active subscription in the dashboard's database, each filtered to its scope
    python -m lib.cli send-reports --month 2026-10 --region 440000 --to a@example.org --robot gd-group
        the recipients named here (no subscription needed)

Every delivery is recorded in the database's delivery log before it is made and finished after;
a subscription already sent for the month is skipped, so the job can run daily and a failed one
is tried again on the next run. Within a run each delivery is retried (DASHBOARD_DELIVERY_ATTEMPTS,
doubling pauses). Every outcome is printed and, with --log, appended to a JSON-lines file; the exit
code is 1 when any delivery failed, so the scheduler reports it. Before sending, the newest
published snapshot closes the 督办 items whose pace is back to green.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lib.briefing.delivery import (
    DeliveryError,
    DeliveryResult,
    Robot,
    deliver_email,
    deliver_robot,
    load_robots_leniently,
)
from lib.cli.monthly import (
    JobError,
    ReportJob,
    add_report_arguments,
    choose_snapshot,
    close_recovered_items,
    fail,
    open_folder,
    open_store,
    prepare_report,
    region_code,
)
from lib.core import settings
from lib.core.i18n import LocalizedError, t
from lib.core.periods import format_month, last_complete_month
from lib.store import subscriptions
from lib.store.database import Database, new_id
from lib.store.folder import DataFolder
from lib.store.subscriptions import NATIONAL_REPORT, SubscriptionInfo


def register(commands) -> None:
    """Add ``send-reports`` to the command parser (``commands`` from ``add_subparsers``)."""
    parser = commands.add_parser(
        "send-reports", help="send the 进度通报 to every subscription (or to --to / --robot)", description=__doc__
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


@dataclass(frozen=True)
class Outcome:
    """One delivery as the run reports it."""

    result: DeliveryResult
    job: ReportJob | None  # None: the report itself could not be made
    subscription: str | None = None


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    try:
        robots, broken = load_robots_leniently(settings.robots_file())
        for name in args.robot:
            if name in broken:
                raise broken[name]
            if name not in robots:
                raise DeliveryError("delivery.error.unknown_robot", name=name)
        for problem in broken.values():  # one bad entry is that robot's problem, not the run's
            print(problem.text(lang), file=sys.stderr)
        folder = open_folder(args.data)
        store = open_store()
        closed = close_recovered_items(store, folder)
        if args.to or args.robot:
            outcomes = named_recipients(args, folder, store, robots)
        else:
            if args.region:
                raise JobError("report.cli.region_with_subscriptions")
            outcomes = subscribed(args, folder, store, robots, broken)
    except LocalizedError as error:
        return fail(error, lang)
    if closed:
        print(t("report.cli.followups_closed", lang, count=len(closed)))
    for outcome in outcomes:
        result = outcome.result
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
        write_log(args.log, outcomes)
    return 0 if all(outcome.result.ok for outcome in outcomes) and not broken else 1


def deliver(job: ReportJob, channel: str, recipient: str, robots: dict[str, Robot]) -> DeliveryResult:
    """Send one report (e-mail with the .docx, or a robot's markdown); never raises for a failed send."""
    if channel == "email":
        return deliver_email(job.report, recipient, job.content("docx"), job.filename("docx"), settings.smtp_settings())
    robot = robots.get(recipient)
    if robot is None:  # subscribed to a robot the robots file no longer names
        return DeliveryResult(
            "robot", recipient, False, 0, t("delivery.error.unknown_robot", job.report.lang, name=recipient)
        )
    if not robot.serves(job.region):  # a province's report never reaches the national group, nor the reverse
        scope = job.region or "national"
        return DeliveryResult(
            robot.kind,
            recipient,
            False,
            0,
            t("delivery.error.robot_scope", job.report.lang, name=recipient, region=scope),
        )
    return deliver_robot(job.report, robot, link=settings.public_url())


def logged(
    store: Database, job: ReportJob, subscription: str | None, run_id: str, channel: str, recipient: str, robots
):
    """Claim a delivery in the log, make it, record what became of it; None when the subscription
    was already sent for the month (or another run is sending it)."""
    kind = robots[recipient].kind if channel == "robot" and recipient in robots else channel
    claimed = subscriptions.claim(
        store,
        subscription,
        run_id=run_id,
        month=job.month,
        snapshot_id=job.view.provenance.snapshot_id,
        region_code=job.region or NATIONAL_REPORT,
        lang=job.report.lang,
        channel=kind,
        recipient=recipient,
    )
    if claimed is None:
        return None
    result = deliver(job, channel, recipient, robots)
    subscriptions.finish(store, claimed, ok=result.ok, attempts=result.attempts, error=result.error)
    return Outcome(result, job, subscription)


def named_recipients(args, folder: DataFolder, store: Database, robots: dict[str, Robot]) -> list[Outcome]:
    job = prepare_report(folder, args.month, args.region, args.lang, args.pace, store=store)
    run_id = new_id()
    outcomes = [logged(store, job, None, run_id, "email", address, robots) for address in args.to]
    outcomes += [logged(store, job, None, run_id, "robot", name, robots) for name in args.robot]
    return [outcome for outcome in outcomes if outcome is not None]


def subscribed(
    args, folder: DataFolder, store: Database, robots: dict[str, Robot], broken: dict | None = None
) -> list[Outcome]:
    """Every active subscription not yet sent for the month, each with its own report (a report
    is built once per scope, targets, language and pace). One subscription that cannot be sent (its
    robot's entry is bad, its report cannot be made) is recorded as failed and the run goes on."""
    broken = broken or {}
    found = subscriptions.active_subscriptions(store)
    month = format_month(last_complete_month(choose_snapshot(folder, args.month).manifest.as_of_date))
    if not found:
        print(t("report.cli.no_subscriptions", args.lang))
        return []
    jobs: dict[tuple, ReportJob] = {}
    run_id, outcomes, skipped = new_id(), [], 0
    for info in found:
        key = (info.region_code, known_targets(folder, info), info.lang, info.pace)
        try:
            if key not in jobs:
                region = None if info.region_code == NATIONAL_REPORT else region_code(folder, info.region_code)
                jobs[key] = prepare_report(folder, month, region, info.lang, info.pace, targets=key[1], store=store)
            if info.channel == "robot" and info.address in broken:
                outcome = failed(store, jobs[key], info, run_id, broken[info.address].text(info.lang))
            else:
                outcome = logged(store, jobs[key], info.id, run_id, info.channel, info.address, robots)
        except LocalizedError as error:  # this subscription's report cannot be made: recorded, the run goes on
            outcomes.append(unmade(store, info, run_id, month, error))
            continue
        if outcome is None:
            skipped += 1
        else:
            outcomes.append(outcome)
    print(t("report.cli.subscriptions", args.lang, count=len(found), month=month, skipped=skipped))
    return outcomes


def failed(store: Database, job: ReportJob, info: SubscriptionInfo, run_id: str, error: str) -> Outcome | None:
    """A subscription that cannot be sent this run, claimed and finished as failed in the log."""
    claimed = subscriptions.claim(
        store,
        info.id,
        run_id=run_id,
        month=job.month,
        snapshot_id=job.view.provenance.snapshot_id,
        region_code=info.region_code,
        lang=info.lang,
        channel=info.channel,
        recipient=info.address,
    )
    if claimed is None:
        return None
    subscriptions.finish(store, claimed, ok=False, attempts=0, error=error)
    return Outcome(DeliveryResult(info.channel, info.address, False, 0, error), job, info.id)


def unmade(store: Database, info: SubscriptionInfo, run_id: str, month: str, error: LocalizedError) -> Outcome:
    """A subscription whose report could not be made: failed in the log (no snapshot to name)."""
    text = t("delivery.error.report_failed", info.lang, detail=error.text(info.lang))
    claimed = subscriptions.claim(
        store,
        info.id,
        run_id=run_id,
        month=month,
        snapshot_id="",
        region_code=info.region_code,
        lang=info.lang,
        channel=info.channel,
        recipient=info.address,
    )
    if claimed is not None:
        subscriptions.finish(store, claimed, ok=False, attempts=0, error=text)
    return Outcome(DeliveryResult(info.channel, info.address, False, 0, text), None, info.id)


def known_targets(folder: DataFolder, info: SubscriptionInfo) -> frozenset[str] | None:
    """A subscription's targets still in the catalogue (None: all — also when none is left)."""
    kept = frozenset(tid for tid in info.targets if tid in folder.catalogue.by_target)
    return kept or None


def write_log(path: Path, outcomes: list[Outcome]) -> None:
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        for outcome in outcomes:
            job = outcome.job
            context = {
                "at": stamp,
                "month": job.month if job else None,
                "region": job.region if job else None,
                "lang": job.report.lang if job else None,
                "snapshot": job.view.provenance.snapshot_id if job else None,
                "subscription": outcome.subscription,
            }
            log.write(json.dumps({**context, **outcome.result.as_dict()}, ensure_ascii=False) + "\n")
