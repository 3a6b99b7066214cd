"""Deliveries stay within the sender's scope (issue #23, finding 7), with the real SMTP receiver and
robot server of tests/delivery_servers.py: robots tagged with the scopes they serve (a 广东 report
never reaches the national group); a robot's redirect never followed; e-mail only to the admin's
allowed domains or one's own address, within a per-person limit; an address too long refused, never
cut; one bad robots-file entry or one failing subscription recorded while the run goes on; a
province's admin sees the province's audit log only."""

import pytest

from lib.cli.main import main
from lib.core.roles import AccessDenied, Identity
from lib.store import audit, subscriptions, workspace
from lib.store.database import open_database
from lib.store.subscriptions import SubscriptionError
from tests.cli.test_subscriptions import GD_ANALYST, GD_VIEWER, NAT_ANALYST, use_smtp
from tests.delivery_servers import Mailbox, robot_server, smtp_server

OIDC_PERSON = Identity("li.si@gmail.com", "李四", role="viewer", scope="440000", mode="oidc", signed_in=True)


@pytest.fixture
def store(database_url, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", database_url)
    monkeypatch.setenv("DASHBOARD_DELIVERY_BACKOFF", "0")
    monkeypatch.setenv("DASHBOARD_DELIVERY_ATTEMPTS", "2")
    monkeypatch.setenv("DASHBOARD_MAIL_DOMAINS", "example.org")
    for name in ("DASHBOARD_SMTP_HOST", "DASHBOARD_SMTP_USER", "DASHBOARD_ROBOTS_FILE", "DASHBOARD_MAIL_LIMIT"):
        monkeypatch.delenv(name, raising=False)
    database = open_database(database_url)
    yield database
    database.close()


def robots(tmp_path, url, extra: str = "") -> str:
    path = tmp_path / "robots.toml"
    path.write_text(
        f'[robot.nat-group]\nkind = "wecom"\nurl = "{url}/nat-group"\nscopes = ["national"]\n'
        f'[robot.gd-group]\nkind = "wecom"\nurl = "{url}/gd-group"\nscopes = ["440000"]\n' + extra,
        encoding="utf-8",
    )
    return str(path)


def test_a_province_report_never_goes_to_the_national_robot(store, monkeypatch, tmp_path, capsys):
    with robot_server() as (url, requests):
        monkeypatch.setenv("DASHBOARD_ROBOTS_FILE", robots(tmp_path, url))
        code = main(["send-reports", "--region", "440000", "--robot", "nat-group", "--robot", "gd-group"])
    assert code == 1
    assert [request["path"] for request in requests] == ["/gd-group"]
    assert "机器人“nat-group”不接收 440000 范围的通报" in capsys.readouterr().err


def test_subscribing_a_province_report_to_the_national_robot_is_refused_and_an_old_one_not_sent(
    store, monkeypatch, tmp_path, capsys
):
    with pytest.raises(AccessDenied):
        subscriptions.subscribe(
            store, GD_ANALYST, channel="robot", address="nat-group", region_code="440000", robot_scopes=("national",)
        )
    # one saved before robots had scopes is not sent either: a failure in the log
    old = subscriptions.subscribe(store, GD_ANALYST, channel="robot", address="nat-group", region_code="440000")
    with robot_server() as (url, requests):
        monkeypatch.setenv("DASHBOARD_ROBOTS_FILE", robots(tmp_path, url))
        assert main(["send-reports"]) == 1
    assert requests == []
    (delivery,) = subscriptions.deliveries(store, subscription_ids=[old])
    assert delivery.status == "failed" and "nat-group" in delivery.error


def test_a_robots_redirect_is_never_followed(store, monkeypatch, tmp_path, capsys):
    with robot_server([{"redirect": "/_stcore/health"}]) as (url, requests):
        monkeypatch.setenv("DASHBOARD_ROBOTS_FILE", robots(tmp_path, url))
        assert main(["send-reports", "--robot", "nat-group"]) == 1
    assert [request["method"] for request in requests] == ["POST", "POST"]  # tried again, never a GET elsewhere
    assert "302" in capsys.readouterr().err


def test_outside_addresses_only_on_the_admins_domains_within_a_limit(store, monkeypatch):
    monkeypatch.setenv("DASHBOARD_MAIL_DOMAINS", "example.org,hrss.gd.gov.cn")
    monkeypatch.setenv("DASHBOARD_MAIL_LIMIT", "2")
    with pytest.raises(SubscriptionError) as refused:
        subscriptions.subscribe(store, GD_VIEWER, channel="email", address="boss@gmail.com", region_code="440000")
    assert refused.value.key == "delivery.error.address_domain" and "gmail.com" in refused.value.text("zh")
    subscriptions.subscribe(store, GD_VIEWER, channel="email", address="a@example.org", region_code="440000")
    subscriptions.subscribe(store, GD_VIEWER, channel="email", address="b@rlsbj.hrss.gd.gov.cn", region_code="440000")
    with pytest.raises(SubscriptionError) as over:
        subscriptions.subscribe(store, GD_VIEWER, channel="email", address="c@example.org", region_code="440000")
    assert over.value.key == "delivery.error.address_limit" and "2" in over.value.text("zh")
    # a person's own address (their OIDC e-mail) is theirs to use
    subscriptions.subscribe(store, OIDC_PERSON, channel="email", address="li.si@gmail.com", region_code="440000")


def test_an_address_over_300_characters_is_refused_never_cut(store):
    long = "a" * 295 + "@example.org"
    with pytest.raises(SubscriptionError) as refused:
        subscriptions.subscribe(store, GD_VIEWER, channel="email", address=long, region_code="440000")
    assert refused.value.key == "delivery.error.address_long" and "307" in refused.value.text("zh")
    assert subscriptions.subscriptions_of(store, GD_VIEWER.user_id) == []


def test_one_bad_robot_entry_and_one_bad_subscription_do_not_stop_the_run(store, monkeypatch, tmp_path, capsys):
    mail = subscriptions.subscribe(store, GD_VIEWER, channel="email", address="gd@example.org", region_code="440000")
    good = subscriptions.subscribe(store, NAT_ANALYST, channel="robot", address="nat-group", region_code="000000")
    bad = subscriptions.subscribe(store, NAT_ANALYST, channel="robot", address="broken", region_code="000000")
    mailbox = Mailbox()
    with smtp_server(mailbox) as port, robot_server() as (url, requests):
        use_smtp(monkeypatch, port)
        broken = '[robot.broken]\nkind = "telegram"\nurl = "ftp://x"\n'
        monkeypatch.setenv("DASHBOARD_ROBOTS_FILE", robots(tmp_path, url, broken))
        assert main(["send-reports"]) == 1  # something failed: said by the exit code
    assert len(mailbox.messages) == 1 and [request["path"] for request in requests] == ["/nat-group"]
    status = {d.subscription_id: d.status for d in subscriptions.deliveries(store)}
    assert status == {mail: "sent", good: "sent", bad: "failed"}
    assert "“broken”" in capsys.readouterr().err


def test_a_province_admin_sees_the_provinces_audit_log_only(store):
    gd_admin = Identity("gd.admin", "广东管理员", role="admin", scope="440000", mode="proxy", signed_in=True)
    for person in (GD_VIEWER, NAT_ANALYST, gd_admin):
        workspace.sign_in(store, person)
    subscriptions.subscribe(store, GD_VIEWER, channel="email", address="gd@example.org", region_code="440000")
    subscriptions.subscribe(store, NAT_ANALYST, channel="email", address="nat@example.org", region_code="000000")
    national = audit.audit_frame(store)
    assert {"gd.viewer", "nat.analyst"} <= set(national["actor"])
    province = audit.audit_frame(store, scope="440000")
    assert set(province["actor"]) == {"gd.viewer", "gd.admin"}
