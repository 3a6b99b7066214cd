"""``python -m lib.cli send-reports`` with no recipients named: every subscription in the database
(SQLite and a real PostgreSQL) sent by e-mail through a real local SMTP server (aiosmtpd) or to a
robot through a local HTTP receiver — each report filtered to its subscription, saying its filters
and as-of date, carrying the analysts' notes and the 督办 line; every delivery in the log; a failed
one retried on the next run and reported, a sent one never sent twice; the newest snapshot closing
the 督办 items whose pace is back to green."""

import io
import json
from datetime import date
from email import message_from_bytes, policy

import pytest
from docx import Document

from lib.cli.main import main
from lib.core.roles import Identity
from lib.store import annotations, followups, subscriptions
from lib.store.database import open_database
from tests.apptest import data_folder
from tests.delivery_servers import Mailbox, robot_server, smtp_server
from tests.followup_fixtures import CATCHING_UP, RECOVERED_ID, add_recovered_snapshot

GD_VIEWER = Identity("gd.viewer", "广东查看者", role="viewer", scope="440000", mode="proxy", signed_in=True)
GD_ANALYST = Identity("gd.analyst", "广东分析员", role="analyst", scope="440000", mode="proxy", signed_in=True)
NAT_ANALYST = Identity("nat.analyst", "部分析员", role="analyst", mode="proxy", signed_in=True)


@pytest.fixture
def store(database_url, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", database_url)
    monkeypatch.setenv("DASHBOARD_DELIVERY_BACKOFF", "0")
    monkeypatch.setenv("DASHBOARD_DELIVERY_ATTEMPTS", "2")
    monkeypatch.setenv("DASHBOARD_MAIL_DOMAINS", "example.org")  # the admin's list (issue #23)
    for name in ("DASHBOARD_SMTP_HOST", "DASHBOARD_SMTP_USER", "DASHBOARD_ROBOTS_FILE"):
        monkeypatch.delenv(name, raising=False)
    database = open_database(database_url)
    yield database
    database.close()


def use_smtp(monkeypatch, port):
    monkeypatch.setenv("DASHBOARD_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("DASHBOARD_SMTP_PORT", str(port))
    monkeypatch.setenv("DASHBOARD_SMTP_SECURITY", "none")
    monkeypatch.setenv("DASHBOARD_SMTP_FROM", "dashboard@example.org")


def use_robot(monkeypatch, tmp_path, url):
    path = tmp_path / "robots.toml"
    path.write_text(f'[robot.nat-group]\nkind = "wecom"\nurl = "{url}/nat-group"\n', encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_ROBOTS_FILE", str(path))


def message(envelope):
    return message_from_bytes(envelope.original_content, policy=policy.default)


def test_each_subscription_gets_its_own_report_once_and_a_failure_is_retried(store, monkeypatch, tmp_path, capsys):
    gd = subscriptions.subscribe(store, GD_VIEWER, channel="email", address="gd@example.org", region_code="440000")
    robot = subscriptions.subscribe(
        store, NAT_ANALYST, channel="robot", address="nat-group", region_code="000000", targets=["leading_talent"]
    )
    bad = subscriptions.subscribe(store, NAT_ANALYST, channel="email", address="bad@example.org", region_code="000000")
    annotations.add_note(
        store,
        GD_ANALYST,
        target_id="leading_talent",
        indicator_id="leading_talent_new",
        region_code="440000",
        period=date(2026, 10, 1),
        text="10月集中评价，数据偏高",
    )
    mailbox = Mailbox(refuse={"bad@example.org"})
    with smtp_server(mailbox) as port, robot_server() as (url, requests):
        use_smtp(monkeypatch, port)
        use_robot(monkeypatch, tmp_path, url)
        assert main(["send-reports", "--month", "2026-10"]) == 1  # one failed
        first = capsys.readouterr()
        assert "3 个有效订阅，2026-10 通报；0 个本月已发送" in first.out
        assert "发送失败：email → bad@example.org，已尝试 2 次：SMTPRecipientsRefused" in first.err
        assert main(["send-reports", "--month", "2026-10"]) == 1  # only the failed one is tried again
        assert "2 个本月已发送" in capsys.readouterr().out
        mailbox.refuse.clear()
        assert main(["send-reports", "--month", "2026-10"]) == 0
        assert main(["send-reports", "--month", "2026-10"]) == 0  # nothing left to send this month
        assert "3 个本月已发送" in capsys.readouterr().out
    assert sorted(tuple(e.rcpt_tos) for e in mailbox.messages) == [("bad@example.org",), ("gd@example.org",)]
    gd_mail = message(next(e for e in mailbox.messages if e.rcpt_tos == ["gd@example.org"]))
    assert gd_mail["Subject"].startswith("技能政策目标任务进度通报（广东省）（2026年10月）")
    assert "范围：广东省 · 快照 2026-10-31-demo（截至 2026-10-31）· 直线进度" in gd_mail["Subject"]
    body = gd_mail.get_body(("plain",)).get_content()
    assert "截至2026年10月底，广东" in body and "三、数据备注" in body and "10月集中评价，数据偏高" in body
    (attachment,) = list(gd_mail.iter_attachments())
    texts = [p.text for p in Document(io.BytesIO(attachment.get_content())).paragraphs]
    assert texts[0] == "技能政策目标任务进度通报（广东省）" and any("10月集中评价" in t for t in texts)
    (posted,) = requests  # the robot once, with its targets in the filters
    content = posted["json"]["markdown"]["content"]
    assert "目标：新培育高技能领军人才" in content and "截至2026年10月底，全国新培育高技能领军人才" in content
    assert "每年培训民营企业员工" not in content  # filtered to the subscription's target
    log = {(d.subscription_id, d.status) for d in subscriptions.deliveries(store)}
    assert log == {(gd, "sent"), (robot, "sent"), (bad, "failed"), (bad, "sent")}
    failed = [d for d in subscriptions.deliveries(store) if d.status == "failed"]
    assert len(failed) == 2 and all(d.attempts == 2 and "550" in d.error for d in failed)


def test_a_robot_no_longer_configured_and_a_missing_mail_server_are_failures_in_the_log(store, capsys):
    subscriptions.subscribe(store, NAT_ANALYST, channel="robot", address="gone-group", region_code="000000")
    subscriptions.subscribe(store, GD_VIEWER, channel="email", address="gd@example.org", region_code="440000")
    assert main(["send-reports"]) == 1
    err = capsys.readouterr().err
    assert "没有名为“gone-group”的机器人" in err and "DASHBOARD_SMTP_HOST" in err
    assert sorted(d.status for d in subscriptions.deliveries(store)) == ["failed", "failed"]


def test_recipients_named_on_the_command_line_are_logged_too(store, monkeypatch, tmp_path):
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        use_smtp(monkeypatch, port)
        log = tmp_path / "deliveries.jsonl"
        assert main(["send-reports", "--region", "440000", "--to", "gd@example.org", "--log", str(log)]) == 0
    (delivery,) = subscriptions.deliveries(store)
    assert (delivery.subscription_id, delivery.status, delivery.region_code, delivery.recipient) == (
        None,
        "sent",
        "440000",
        "gd@example.org",
    )
    assert json.loads(log.read_text(encoding="utf-8"))["subscription"] is None


def test_the_newest_snapshot_closes_the_followups_it_shows_recovered(store, tmp_path, capsys):
    folder = data_folder(tmp_path)
    add_recovered_snapshot(folder)
    target, region = CATCHING_UP
    js = Identity("js.analyst", "江苏分析员", role="analyst", scope=region, mode="proxy", signed_in=True)
    item = followups.open_follow_up(
        store,
        js,
        target_id=target,
        region_code=region,
        target_name="新培育高技能领军人才",
        own=False,
        responsible_unit="江苏省人社厅",
        contact="",
        due_date=date(2027, 1, 31),
        measures="加快评价",
        pace_method="linear",
        snapshot_id="2026-10-31-demo",
        month="2026-10",
        colour="red",
        pace=0.598,
    )
    still_red = followups.open_follow_up(
        store,
        Identity("cq", "重庆", role="analyst", scope="500000", mode="proxy", signed_in=True),
        target_id=target,
        region_code="500000",
        target_name="新培育高技能领军人才",
        own=False,
        responsible_unit="重庆市人社局",
        contact="",
        due_date=date(2027, 1, 31),
        measures="",
        pace_method="linear",
        snapshot_id="2026-10-31-demo",
        month="2026-10",
        colour="red",
        pace=0.348,
    )
    assert main(["report", "--data", str(folder), "--format", "txt", "--out", str(tmp_path / "out")]) == 0
    assert followups.active_for_check(store)  # writing a report closes nothing
    assert main(["send-reports", "--data", str(folder)]) == 0  # no subscriptions: only the check
    assert "1 项督办任务进度已恢复为绿色" in capsys.readouterr().out
    states = {info.id: info for info in followups.visible(store, NAT_ANALYST)}
    assert states[item].status == "resolved" and states[item].resolved_snapshot == RECOVERED_ID
    assert states[item].resolved_month == "2026-12" and states[item].resolved_pace > 1
    assert states[still_red].status == "open"
    text = (tmp_path / "out" / "report-2026-12-national-zh.txt").read_text(encoding="utf-8")
    assert "督办事项：当前在办2项（其中已逾期0项），本期因进度恢复办结0项。" in text
