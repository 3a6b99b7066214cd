"""``python -m lib.cli send-reports``: e-mail through a real local SMTP server (aiosmtpd) and WeCom /
DingTalk markdown robots through a local HTTP receiver; failures retried, reported and logged (recipients
named on the command line; tests/cli/test_subscriptions.py sends the database's subscriptions)."""

import base64
import hashlib
import hmac
import io
import json
import urllib.parse
from email import message_from_bytes, policy

import pytest
from docx import Document

from lib.briefing.delivery import ROBOT_LIMIT_BYTES, robot_markdown, robot_text
from lib.cli.main import main
from tests.delivery_servers import Mailbox, robot_server, smtp_server
from tests.e2e.shared.browser import free_port

EXAMPLE = "截至2026年10月底，全国新培育高技能领军人才1.21万人次，完成目标任务的80.4%，慢于时间进度14.0个百分点"


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    monkeypatch.setenv("DASHBOARD_DELIVERY_BACKOFF", "0")
    monkeypatch.setenv("DASHBOARD_DELIVERY_ATTEMPTS", "3")
    for name in ("DASHBOARD_SMTP_HOST", "DASHBOARD_SMTP_USER", "DASHBOARD_ROBOTS_FILE"):
        monkeypatch.delenv(name, raising=False)


def use_smtp(monkeypatch, port, **extra):
    monkeypatch.setenv("DASHBOARD_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("DASHBOARD_SMTP_PORT", str(port))
    monkeypatch.setenv("DASHBOARD_SMTP_SECURITY", "none")
    monkeypatch.setenv("DASHBOARD_SMTP_FROM", "dashboard@example.org")
    for name, value in extra.items():
        monkeypatch.setenv(name, value)


def test_an_email_carries_filters_as_of_text_and_the_docx(monkeypatch, tmp_path, capsys):
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        use_smtp(monkeypatch, port)
        log = tmp_path / "deliveries.jsonl"
        code = main(["send-reports", "--month", "2026-10", "--to", "officer@example.org", "--log", str(log)])
    assert code == 0 and "已发送：email → officer@example.org" in capsys.readouterr().out
    (envelope,) = mailbox.messages
    assert envelope.rcpt_tos == ["officer@example.org"]
    message = message_from_bytes(envelope.original_content, policy=policy.default)
    assert "技能政策目标任务进度通报（2026年10月）" in message["Subject"]
    assert "范围：全国 · 快照 2026-10-31-demo（截至 2026-10-31）" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("示例数据 · 非官方统计") and EXAMPLE in body
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "report-2026-10-national-zh.docx"
    document = Document(io.BytesIO(attachment.get_content()))
    assert document.paragraphs[0].text == "技能政策目标任务进度通报"
    (line,) = log.read_text(encoding="utf-8").splitlines()
    assert json.loads(line) | {"at": None} == {
        "at": None,
        "month": "2026-10",
        "region": None,
        "lang": "zh",
        "snapshot": "2026-10-31-demo",
        "channel": "email",
        "recipient": "officer@example.org",
        "subscription": None,
        "ok": True,
        "attempts": 1,
        "error": "",
    }


def test_smtp_login_and_a_province_report_in_english(monkeypatch):
    mailbox = Mailbox()
    with smtp_server(mailbox, user="robot", password="s3cret") as port:
        use_smtp(monkeypatch, port, DASHBOARD_SMTP_USER="robot", DASHBOARD_SMTP_PASSWORD="s3cret")
        assert main(["send-reports", "--region", "440000", "--lang", "en", "--to", "gd@example.org"]) == 0
        # a wrong password is refused (aiosmtpd then waits for more: a short timeout, one attempt)
        use_smtp(monkeypatch, port, DASHBOARD_SMTP_USER="robot", DASHBOARD_SMTP_PASSWORD="wrong")
        monkeypatch.setenv("DASHBOARD_SMTP_TIMEOUT", "2")
        monkeypatch.setenv("DASHBOARD_DELIVERY_ATTEMPTS", "1")
        assert main(["send-reports", "--region", "440000", "--to", "gd@example.org"]) == 1
    (envelope,) = mailbox.messages
    message = message_from_bytes(envelope.original_content, policy=policy.default)
    assert message["Subject"].startswith("Progress report on the skills-policy targets: Guangdong, October 2026")
    assert "Scope: Guangdong" in message["Subject"]


def test_a_refused_message_is_retried_and_then_delivered(monkeypatch, capsys):
    mailbox = Mailbox(refuse_first=2)
    with smtp_server(mailbox) as port:
        use_smtp(monkeypatch, port)
        assert main(["send-reports", "--to", "officer@example.org"]) == 0
    assert mailbox.tries == 3 and len(mailbox.messages) == 1
    assert "第 3 次尝试" in capsys.readouterr().out


def test_a_failed_delivery_is_retried_reported_and_logged_never_lost(monkeypatch, tmp_path, capsys):
    use_smtp(monkeypatch, free_port())  # nothing listens there
    log = tmp_path / "deliveries.jsonl"
    code = main(["send-reports", "--to", "officer@example.org", "--to", "not-an-address", "--log", str(log)])
    assert code == 1
    err = capsys.readouterr().err
    assert "发送失败：email → officer@example.org，已尝试 3 次：ConnectionRefusedError" in err
    assert "“not-an-address”不是有效的电子邮件地址" in err
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(entry["recipient"], entry["ok"], entry["attempts"]) for entry in lines] == [
        ("officer@example.org", False, 3),
        ("not-an-address", False, 0),
    ]
    monkeypatch.delenv("DASHBOARD_SMTP_HOST")
    assert main(["send-reports", "--to", "officer@example.org"]) == 1
    assert "DASHBOARD_SMTP_HOST" in capsys.readouterr().err


def robots_file(tmp_path, url, **extra):
    path = tmp_path / "robots.toml"
    lines = [
        f'[robot.{name}]\nkind = "{kind}"\nurl = "{url}/{name}"\nscopes = ["440000", "national"]\n'
        for name, kind in (("wecom-gd", "wecom"), ("ding-gd", "dingtalk"))
    ]
    lines.append('secret = "SECtest"\n')
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_wecom_and_dingtalk_robots_get_their_markdown_with_filters_and_a_signature(monkeypatch, tmp_path):
    with robot_server() as (url, requests):
        monkeypatch.setenv("DASHBOARD_ROBOTS_FILE", str(robots_file(tmp_path, url)))
        assert main(["send-reports", "--region", "440000", "--robot", "wecom-gd", "--robot", "ding-gd"]) == 0
    wecom, ding = requests
    assert wecom["path"] == "/wecom-gd" and wecom["json"]["msgtype"] == "markdown"
    content = wecom["json"]["markdown"]["content"]
    assert content.startswith("## 技能政策目标任务进度通报（广东省） （2026年10月）")
    assert "> 范围：广东省 · 快照 2026-10-31-demo（截至 2026-10-31）· 直线进度" in content
    assert "截至2026年10月底，广东" in content and len(content.encode()) <= ROBOT_LIMIT_BYTES["wecom"]
    assert ding["json"]["markdown"]["title"] == "技能政策目标任务进度通报（广东省） （2026年10月）"
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(ding["path"]).query)
    timestamp, sign = query["timestamp"][0], query["sign"][0]
    expected = base64.b64encode(hmac.new(b"SECtest", f"{timestamp}\nSECtest".encode(), hashlib.sha256).digest())
    assert sign == expected.decode()


def test_a_robot_that_refuses_is_retried_and_its_failure_reported(monkeypatch, tmp_path, capsys):
    refusal = {"errcode": 45009, "errmsg": "api freq out of limit"}
    with robot_server([refusal, {"errcode": 0, "errmsg": "ok"}]) as (url, requests):
        monkeypatch.setenv("DASHBOARD_ROBOTS_FILE", str(robots_file(tmp_path, url)))
        assert main(["send-reports", "--robot", "wecom-gd"]) == 0
        assert len(requests) == 2
    with robot_server([refusal]) as (url, requests):
        monkeypatch.setenv("DASHBOARD_ROBOTS_FILE", str(robots_file(tmp_path, url)))
        assert main(["send-reports", "--robot", "wecom-gd"]) == 1
        assert len(requests) == 3
    err = capsys.readouterr().err
    assert "发送失败：wecom → wecom-gd，已尝试 3 次" in err and "45009" in err and url not in err


def test_unknown_robots_and_broken_robot_files_are_configuration_errors(monkeypatch, tmp_path, capsys):
    assert main(["send-reports", "--robot", "nobody"]) == 2
    assert "没有名为“nobody”的机器人" in capsys.readouterr().err
    broken = tmp_path / "robots.toml"
    broken.write_text('[robot.x]\nkind = "telegram"\nurl = "ftp://x"\n', encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_ROBOTS_FILE", str(broken))
    assert main(["send-reports", "--robot", "x", "--lang", "en"]) == 2
    assert "Robot “x”" in capsys.readouterr().err
    monkeypatch.delenv("DASHBOARD_ROBOTS_FILE")
    assert main(["send-reports", "--region", "440000"]) == 2  # a scope belongs to named recipients
    assert "--region 只能与 --to 或 --robot 一起使用" in capsys.readouterr().err
    assert main(["send-reports"]) == 0  # no recipients named: the subscriptions, none yet
    assert "没有有效的订阅" in capsys.readouterr().out


def test_robot_markdown_is_cut_to_the_limit_and_data_markup_is_inert(demo_view):
    from lib.briefing.report import build_report

    report = build_report(demo_view)
    text = robot_markdown(report, "wecom")
    assert len(text.encode()) <= 4096 and "篇幅所限" in text and text.endswith("完整通报（含附表）见邮件附件或看板。")
    assert robot_text("[link](http://x) <b>**x**</b> #1") == "［link］(http://x) ‹b›＊＊x＊＊‹/b› ＃1"
