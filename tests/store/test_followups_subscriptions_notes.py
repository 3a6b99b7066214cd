"""督办 follow-ups, report subscriptions with their delivery log, and notes on the data — in the
database, on SQLite and on a real PostgreSQL (the same tests on both): who may open, see, change
and comment; one active item per target × region even when two open it at once; the data closing
an item; claims that never send a subscription twice; what survives reopening the database."""

import threading
from datetime import date, timedelta

import pytest

from lib.core.roles import AccessDenied, Identity
from lib.store import annotations, audit, followups, subscriptions
from lib.store.database import open_database
from lib.store.followups import FollowUpError, Recovery
from lib.store.subscriptions import SubscriptionError

GD_ANALYST = Identity("gd.analyst", "广东分析员", role="analyst", scope="440000", mode="proxy", signed_in=True)
JS_ANALYST = Identity("js.analyst", "江苏分析员", role="analyst", scope="320000", mode="proxy", signed_in=True)
NAT_ANALYST = Identity("nat.analyst", "部分析员", role="analyst", mode="proxy", signed_in=True)
GD_VIEWER = Identity("gd.viewer", "广东查看者", role="viewer", scope="440000", mode="proxy", signed_in=True)
PUBLISHER = Identity("pub", "发布员", role="publisher", mode="proxy", signed_in=True)
ANONYMOUS = Identity("anonymous", "anonymous", mode="proxy", signed_in=False)
DUE = date.today() + timedelta(days=30)


@pytest.fixture(autouse=True)
def mail_domains(monkeypatch):
    """The admin's list of domains reports may be mailed to (issue #23)."""
    monkeypatch.setenv("DASHBOARD_MAIL_DOMAINS", "example.org")


@pytest.fixture
def db(database_url):
    database = open_database(database_url)
    yield database
    database.close()


def open_one(db, who=GD_ANALYST, region="440000", target="leading_talent", **extra):
    fields = dict(
        target_id=target,
        region_code=region,
        target_name="新培育高技能领军人才",
        own=False,
        responsible_unit="省人社厅职业能力建设处",
        contact="李四 020-12345678",
        due_date=DUE,
        measures="按月调度；补贴政策落实到企业",
        pace_method="linear",
        snapshot_id="2026-10-31-demo",
        month="2026-10",
        colour="red",
        pace=0.62,
    )
    return followups.open_follow_up(db, who, **{**fields, **extra})


def test_an_analyst_opens_a_follow_up_for_their_province_only(db):
    item = open_one(db)
    (info,) = followups.visible(db, GD_ANALYST)
    assert (info.id, info.status, info.responsible_unit, info.due_date) == (item, "open", "省人社厅职业能力建设处", DUE)
    assert info.trail[0].kind == "opened" and info.trail[0].text == "按月调度；补贴政策落实到企业"
    with pytest.raises(AccessDenied):  # another province
        open_one(db, who=GD_ANALYST, region="320000")
    with pytest.raises(AccessDenied):  # a national item needs a national analyst
        open_one(db, who=GD_ANALYST, region="000000")
    with pytest.raises(AccessDenied):  # a viewer opens nothing
        open_one(db, who=GD_VIEWER, target="private_training")
    assert open_one(db, who=NAT_ANALYST, region="000000")
    entry = audit.audit_frame(db)
    assert {"follow_up_open"} <= set(entry["action"])


def test_the_province_it_concerns_sees_it_and_no_one_else_does(db):
    gd = open_one(db)
    js = open_one(db, who=JS_ANALYST, region="320000")
    assert [i.id for i in followups.visible(db, GD_VIEWER)] == [gd]
    assert [i.id for i in followups.visible(db, JS_ANALYST)] == [js]
    assert {i.id for i in followups.visible(db, PUBLISHER)} == {gd, js}  # national
    with pytest.raises(LookupError):  # not even by id
        followups.comment(db, JS_ANALYST, gd, "我来看看")


def test_an_own_target_follow_up_is_its_owners_alone(db):
    item = open_one(db, who=NAT_ANALYST, target="own-t-0123456789", region="000000", own=True)
    assert [i.id for i in followups.visible(db, NAT_ANALYST)] == [item]
    assert followups.visible(db, PUBLISHER) == []
    other = Identity("nat.other", "另一位", role="analyst", mode="proxy", signed_in=True)
    assert open_one(db, who=other, target="own-t-0123456789", region="000000", own=True)  # theirs is theirs


def test_one_active_follow_up_per_item_even_when_two_open_it_at_once(db):
    barrier, results = threading.Barrier(2), []

    def race(who):
        barrier.wait()
        try:
            results.append(open_one(db, who=who))
        except FollowUpError as error:
            results.append(error.key)

    people = [GD_ANALYST, Identity("gd.second", "第二位", role="analyst", scope="440000", mode="proxy", signed_in=True)]
    threads = [threading.Thread(target=race, args=(who,)) for who in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results, key=len)[1] == "followups.error.exists" and len(followups.visible(db, PUBLISHER)) == 1
    with pytest.raises(FollowUpError):
        open_one(db)


def test_status_moves_by_people_and_resolution_only_by_the_data(db):
    item = open_one(db)
    followups.set_status(db, GD_ANALYST, item, "in_progress", "已召开调度会")
    with pytest.raises(FollowUpError) as refused:
        followups.set_status(db, GD_ANALYST, item, "resolved")
    assert refused.value.key == "followups.error.resolved_by_data"
    with pytest.raises(AccessDenied):
        followups.set_status(db, GD_VIEWER, item, "open")
    followups.comment(db, GD_VIEWER, item, "市里已落实三家企业")  # the province answers on the trail
    with pytest.raises(AccessDenied):
        followups.comment(db, ANONYMOUS, item, "匿名")
    with pytest.raises(FollowUpError):
        followups.comment(db, GD_VIEWER, item, "   ")
    followups.edit(
        db,
        GD_ANALYST,
        item,
        responsible_unit="省人社厅",
        contact="王五",
        due_date=DUE + timedelta(days=31),
        measures="加快",
    )
    (info,) = followups.visible(db, GD_ANALYST)
    assert [e.kind for e in info.trail] == ["opened", "status", "comment", "edited"]
    assert info.trail[1].text == "已召开调度会" and info.trail[2].actor == "gd.viewer"
    assert info.trail[3].detail["responsible_unit"] == {"old": "省人社厅职业能力建设处", "new": "省人社厅"}
    assert info.status == "in_progress" and info.due_date == DUE + timedelta(days=31)
    assert info.trail[0].at <= info.trail[1].at <= info.trail[3].at


def test_the_data_close_an_item_once_and_it_shows_the_recovery(db):
    item = open_one(db)
    recovery = Recovery(item, "2026-12-31-mohrss", "2026-12", 1.03, 0.9)
    assert followups.close_recovered(db, [recovery, recovery]) == [item]  # the second finds it closed
    assert followups.close_recovered(db, [recovery]) == []
    (info,) = followups.visible(db, GD_ANALYST)
    assert (info.status, info.resolved_snapshot, info.resolved_month, info.resolved_pace) == (
        "resolved",
        "2026-12-31-mohrss",
        "2026-12",
        1.03,
    )
    assert info.trail[-1].kind == "recovered" and info.trail[-1].actor == followups.DATA_ACTOR
    assert followups.active_for_check(db) == []
    assert open_one(db)  # the item may be followed up again later


def test_cancelling_needs_a_reason_and_the_opener_or_a_publisher(db):
    item = open_one(db)
    other = Identity("gd.second", "第二位", role="analyst", scope="440000", mode="proxy", signed_in=True)
    with pytest.raises(AccessDenied):
        followups.cancel(db, other, item, "误开")
    with pytest.raises(FollowUpError):
        followups.cancel(db, PUBLISHER, item, "")
    followups.cancel(db, PUBLISHER, item, "重复开立")
    (info,) = followups.visible(db, GD_ANALYST)
    assert info.status == "cancelled" and info.trail[-1].text == "重复开立"
    with pytest.raises(FollowUpError):
        followups.set_status(db, GD_ANALYST, item, "in_progress")


def test_fields_are_checked(db):
    with pytest.raises(FollowUpError) as missing:
        open_one(db, responsible_unit="  ")
    assert missing.value.key == "followups.error.responsible_unit_missing"
    with pytest.raises(FollowUpError):
        open_one(db, due_date=None)
    with pytest.raises(FollowUpError):
        open_one(db, colour="green")
    with pytest.raises(FollowUpError):
        open_one(db, measures="措" * 5000)
    with pytest.raises(FollowUpError) as past:
        open_one(db, due_date=date.today() - timedelta(days=1))
    assert past.value.key == "followups.error.due_past" and "早于今天" in past.value.text("zh")


def test_an_item_past_its_due_date_keeps_it_on_an_edit_but_gets_no_new_past_date(db, monkeypatch):
    item = open_one(db)
    later = date.today() + timedelta(days=45)  # the day the item is overdue and someone edits it
    monkeypatch.setattr(followups, "calendar_today", lambda: later)
    change = dict(responsible_unit="省人社厅", contact="", measures="")
    followups.edit(db, GD_ANALYST, item, due_date=DUE, **change)  # its own date, kept as it was
    with pytest.raises(FollowUpError) as past:
        followups.edit(db, GD_ANALYST, item, due_date=DUE + timedelta(days=1), **change)
    assert past.value.key == "followups.error.due_past"
    (info,) = followups.visible(db, GD_ANALYST)
    assert info.responsible_unit == "省人社厅" and info.due_date == DUE


def test_everything_is_there_after_the_database_is_opened_again(database_url):
    first = open_database(database_url)
    item = open_one(first)
    followups.comment(first, GD_ANALYST, item, "第一条")
    subscriptions.subscribe(first, GD_VIEWER, channel="email", address="gd@example.org", region_code="440000")
    annotations.add_note(
        first,
        GD_ANALYST,
        target_id="leading_talent",
        indicator_id="leading_talents_new",
        region_code="440000",
        period=date(2026, 3, 1),
        text="3月受春节因素影响",
    )
    first.close()
    again = open_database(database_url)  # a restart, another replica
    (info,) = followups.visible(again, GD_VIEWER)
    assert info.id == item and info.trail[-1].text == "第一条"
    assert [s.address for s in subscriptions.subscriptions_of(again, "gd.viewer")] == ["gd@example.org"]
    assert [n.text for n in annotations.notes(again)] == ["3月受春节因素影响"]
    again.close()


# --- subscriptions and the delivery log --------------------------------------------------------------
def test_subscriptions_are_kept_to_the_persons_scope(db):
    mine = subscriptions.subscribe(db, GD_VIEWER, channel="email", address="gd@example.org", region_code="440000")
    assert (
        subscriptions.subscribe(db, GD_VIEWER, channel="email", address="gd@example.org", region_code="440000") == mine
    )
    with pytest.raises(AccessDenied):  # another province
        subscriptions.subscribe(db, GD_VIEWER, channel="email", address="gd@example.org", region_code="320000")
    with pytest.raises(AccessDenied):  # the national report is for national people
        subscriptions.subscribe(db, GD_VIEWER, channel="email", address="gd@example.org", region_code="000000")
    with pytest.raises(AccessDenied):  # a group robot speaks for the office: analysts
        subscriptions.subscribe(db, GD_VIEWER, channel="robot", address="gd-group", region_code="440000")
    with pytest.raises(SubscriptionError):
        subscriptions.subscribe(db, GD_VIEWER, channel="email", address="a@b.org, c@d.org", region_code="440000")
    with pytest.raises(AccessDenied):
        subscriptions.subscribe(db, ANONYMOUS, channel="email", address="x@example.org", region_code="000000")
    robot = subscriptions.subscribe(
        db, GD_ANALYST, channel="robot", address="gd-group", region_code="440000", targets=["leading_talent"]
    )
    assert [s.id for s in subscriptions.active_subscriptions(db)] == [mine, robot]
    assert subscriptions.active_subscriptions(db)[1].targets == ("leading_talent",)
    with pytest.raises(LookupError):  # someone else's
        subscriptions.unsubscribe(db, GD_ANALYST, mine)
    subscriptions.unsubscribe(db, GD_VIEWER, mine)
    assert [s.id for s in subscriptions.active_subscriptions(db)] == [robot]
    assert {"subscribe", "unsubscribe"} <= set(audit.audit_frame(db)["action"])


def claim(db, subscription, run="run-1", month="2026-10"):
    return subscriptions.claim(
        db,
        subscription,
        run_id=run,
        month=month,
        snapshot_id="2026-10-31-demo",
        region_code="440000",
        lang="zh",
        channel="email",
        recipient="gd@example.org",
    )


def test_a_subscription_is_sent_once_a_month_and_a_failure_is_tried_again(db):
    subscription = subscriptions.subscribe(
        db, GD_VIEWER, channel="email", address="gd@example.org", region_code="440000"
    )
    first = claim(db, subscription)
    assert first is not None and claim(db, subscription, run="run-2") is None  # being sent by another run
    subscriptions.finish(db, first, ok=False, attempts=3, error="SMTPServerDisconnected")
    second = claim(db, subscription, run="run-2")  # the failure is tried again
    subscriptions.finish(db, second, ok=True, attempts=1)
    assert claim(db, subscription, run="run-3") is None  # sent this month
    assert claim(db, subscription, run="run-3", month="2026-11") is not None  # next month's
    log = subscriptions.deliveries(db, owner="gd.viewer")
    assert [(d.month, d.status, d.attempts) for d in log] == [
        ("2026-11", "sending", 0),
        ("2026-10", "sent", 1),
        ("2026-10", "failed", 3),
    ]
    assert log[2].error == "SMTPServerDisconnected"
    assert subscriptions.latest_by_subscription(db, [subscription])[subscription].month == "2026-11"


def test_an_interrupted_delivery_is_shown_and_retried_after_its_lease(db, monkeypatch):
    subscription = subscriptions.subscribe(
        db, GD_VIEWER, channel="email", address="gd@example.org", region_code="440000"
    )
    assert claim(db, subscription) is not None  # the process died here: never finished
    monkeypatch.setattr(subscriptions, "LEASE", timedelta(seconds=-1))
    assert subscriptions.deliveries(db)[0].status == "interrupted"
    assert claim(db, subscription, run="run-2") is not None


def test_two_runs_claiming_at_once_send_once(db):
    subscription = subscriptions.subscribe(
        db, GD_VIEWER, channel="email", address="gd@example.org", region_code="440000"
    )
    barrier, claimed = threading.Barrier(4), []

    def run(number):
        barrier.wait()
        claimed.append(claim(db, subscription, run=f"run-{number}"))

    threads = [threading.Thread(target=run, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len([c for c in claimed if c is not None]) == 1


# --- notes on the data -----------------------------------------------------------------------------
def note(db, who=GD_ANALYST, region="440000", text="3月受春节因素影响", **extra):
    fields = dict(target_id="leading_talent", indicator_id="leading_talents_new", period=date(2026, 3, 15))
    return annotations.add_note(db, who, region_code=region, text=text, **{**fields, **extra})


def test_notes_by_analysts_of_the_region_shown_to_everyone(db):
    first = note(db)
    with pytest.raises(AccessDenied):
        note(db, who=GD_ANALYST, region="320000")
    with pytest.raises(AccessDenied):
        note(db, who=GD_VIEWER)
    with pytest.raises(annotations.NoteError):
        note(db, text="  \n ")
    (shown,) = annotations.notes(db)
    assert (shown.id, shown.month, shown.author_name, shown.text) == (
        first,
        "2026-03",
        "广东分析员",
        "3月受春节因素影响",
    )
    private = note(db, who=NAT_ANALYST, region="000000", target_id="own-t-0123456789", private=True, text="内部口径")
    assert [n.id for n in annotations.notes(db)] == [first]
    assert [n.id for n in annotations.notes(db, viewer="nat.analyst")] == [first, private]
    picked = annotations.select_notes(annotations.notes(db), targets={"leading_talent"}, regions={"440000"})
    assert [n.id for n in picked] == [first]
    assert annotations.select_notes(annotations.notes(db), start=date(2026, 4, 1)) == []


def test_notes_are_removed_by_their_author_or_a_publisher_in_scope(db):
    first = note(db)
    with pytest.raises(AccessDenied):
        annotations.delete_note(db, JS_ANALYST, first)
    annotations.delete_note(db, PUBLISHER, first)
    assert annotations.notes(db) == []
    second = note(db, text="第二条")
    annotations.delete_note(db, GD_ANALYST, second)
    with pytest.raises(LookupError):
        annotations.delete_note(db, GD_ANALYST, second)
    assert {"annotate", "annotation_delete"} <= set(audit.audit_frame(db)["action"])
