"""订阅 through AppTest: a province's person subscribes to their own province's report (the only one
offered), sees what the next send-reports run will send (filters, as-of date) and, once it ran, the
delivery's outcome; unsubscribes; a bad address is refused in words with nothing saved; an anonymous
visitor is asked to sign in; the English page."""

import pytest

from lib.core.roles import AccessDenied, Identity
from lib.core.settings import database_url
from lib.store import subscriptions
from lib.store.database import open_database
from tests.apptest import block, blocks, run_app, texts
from tests.english_scan import untranslated
from tests.pages.test_drilldown_pages import allowed_data_strings


@pytest.fixture(autouse=True)
def mail_domains(monkeypatch):
    """The admin's list of domains reports may be mailed to (issue #23)."""
    monkeypatch.setenv("DASHBOARD_MAIL_DOMAINS", "example.org")


def store():
    return open_database(database_url())


def cards(at) -> list[str]:
    return [b.key for b in blocks(at.main, "subscription-") if b.key.count("-") == 1]


def subscribe(at, address="gd.viewer@example.org"):
    at.text_input(key="subscription-address").input(address)
    at.button(key="subscription-submit").click().run()
    assert not at.exception
    return at


def test_a_province_viewer_subscribes_to_their_provinces_report_and_sees_what_will_be_sent(people):
    people.be("gd.viewer")
    at = run_app("subscriptions")
    assert at.selectbox(key="subscription-region").options == ["广东进度通报"]  # their scope only
    at.multiselect(key="subscription-targets").select("leading_talent")
    subscribe(at)
    assert "已订阅：广东进度通报。" in texts(at.main)
    page = run_app("subscriptions")  # a reload
    (key,) = cards(page)
    card = texts(block(page, key))
    assert "广东进度通报 · 新培育高技能领军人才 · 中文" in card and "gd.viewer@example.org" in card
    assert "尚未发送" in card
    assert (
        "下次定时任务将发送 2026-10 通报：广东进度通报 · 新培育高技能领军人才 · 中文 · 直线进度；"
        "数据截至 2026-10-31（快照 2026-10-31-demo）。" in texts(block(page, f"{key}-next"))
    )
    (info,) = subscriptions.subscriptions_of(store(), "gd.viewer")
    assert info.region_code == "440000" and info.targets == ("leading_talent",)


def test_the_delivery_log_shows_a_failed_and_then_a_sent_report(people):
    people.be("gd.viewer")
    subscribe(run_app("subscriptions"))
    (info,) = subscriptions.subscriptions_of(store(), "gd.viewer")
    db = store()
    claimed = dict(month="2026-10", snapshot_id="2026-10-31-demo", region_code="440000", lang="zh", channel="email")
    first = subscriptions.claim(db, info.id, run_id="r1", recipient=info.address, **claimed)
    subscriptions.finish(db, first, ok=False, attempts=3, error="SMTP 连接被拒绝")
    at = run_app("subscriptions")
    card = texts(block(at, f"subscription-{info.id}"))
    assert "失败" in card and "已尝试 3 次）：SMTP 连接被拒绝。下次运行时重试" in card
    assert "下次定时任务将发送 2026-10 通报" in card  # a failure is sent again
    second = subscriptions.claim(db, info.id, run_id="r2", recipient=info.address, **claimed)
    subscriptions.finish(db, second, ok=True, attempts=1)
    at = run_app("subscriptions")
    card = texts(block(at, f"subscription-{info.id}"))
    assert "已发送" in card and "2026-10 通报已发送；新快照发布后" in card
    (log,) = [frame.value for frame in block(at, "deliveries").dataframe]
    assert list(log["结果"]) == ["已发送", "失败"]
    assert not [b for b in blocks(at.main, "deliveries-all")]  # everyone's log: admins only


def test_unsubscribing_keeps_the_log_and_stops_the_subscription(people):
    people.be("gd.viewer")
    subscribe(run_app("subscriptions"))
    (info,) = subscriptions.subscriptions_of(store(), "gd.viewer")
    at = run_app("subscriptions")
    at.button(key=f"sub-stop-{info.id}").click().run()
    assert "已取消订阅（发送记录仍保留）。" in texts(at.main)
    assert cards(at) == [] and "您还没有订阅。" in texts(at.main)
    assert subscriptions.active_subscriptions(store()) == []


def test_a_bad_address_is_refused_in_words_and_nothing_is_saved(people):
    people.be("gd.viewer")
    at = subscribe(run_app("subscriptions"), address="gd.viewer@example.org, boss@example.org")
    assert "“gd.viewer@example.org, boss@example.org”不是有效的电子邮件地址。" in texts(block(at, "subscription-error"))
    assert at.text_input(key="subscription-address").value == "gd.viewer@example.org, boss@example.org"
    assert subscriptions.subscriptions_of(store(), "gd.viewer") == []


def test_a_national_analyst_may_subscribe_to_any_report(people):
    people.be("nat.analyst")
    at = run_app("subscriptions")
    options = at.selectbox(key="subscription-region").options
    assert options[0] == "全国进度通报" and "广东进度通报" in options and len(options) > 30


def test_an_anonymous_visitor_is_asked_to_sign_in(people):
    people.be(None)
    at = run_app("subscriptions")
    assert not at.exception and "订阅需要登录" in " ".join(i.value for i in at.info)
    assert not [f for f in at.get("form")]


def test_the_store_refuses_a_report_outside_the_scope_whatever_the_page(people):
    people.be("gd.viewer")
    run_app("subscriptions")
    viewer = Identity("gd.viewer", "gd.viewer", role="viewer", scope="440000", mode="proxy", signed_in=True)
    with pytest.raises(AccessDenied) as refused:
        subscriptions.subscribe(store(), viewer, channel="email", address="a@example.org", region_code="320000")
    assert "320000" in refused.value.text("zh")


def test_the_english_page_has_no_chinese_but_data(people):
    people.be("gd.viewer")
    subscribe(run_app("subscriptions", lang="en"))
    at = run_app("subscriptions", lang="en")
    assert not at.exception and at.title[0].value == "Report subscriptions"
    assert "The next scheduled run sends the 2026-10 report" in texts(at.main)
    assert untranslated(at, [*allowed_data_strings(), "gd.viewer@example.org"]) == []
