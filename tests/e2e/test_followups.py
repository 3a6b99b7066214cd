"""督办 in a real browser, as an analyst does it: from a red alert open a follow-up, answer on its
trail, find it on the 督办 page; laptop and phone screenshots; nothing leaves the host. Its own
server and state folder, so the item opened here reaches no other test."""

import pytest

from tests.e2e.shared.browser import choose_option, guarded_page, open_page, start_server, wait_for_app
from tests.followup_fixtures import CATCHING_UP

pytestmark = pytest.mark.e2e
TARGET, REGION = CATCHING_UP  # red in the demo snapshot
UNIT = "江苏省人力资源和社会保障厅职业能力建设处"
COMMENT = "苏州、无锡已完成首批评价，十二月补报数据"


@pytest.fixture(scope="module")
def followups_url(tmp_path_factory):
    state = tmp_path_factory.mktemp("followups-state")
    env = {"DASHBOARD_DATA_DIR": "", "DASHBOARD_STATE_DIR": str(state)}
    for name in ("DASHBOARD_AUTH", "DASHBOARD_DATABASE_URL", "DASHBOARD_ROLES_FILE", "DASHBOARD_PROXY_SECRET"):
        env[name] = ""  # the single user (an analyst), SQLite in its own folder
    server = start_server(env=env, log_dir=tmp_path_factory.mktemp("followups-logs"))
    yield server.url
    server.stop()


def settle(page) -> None:
    wait_for_app(page, timeout=120000)


def open_followup_form(page, url: str, unit: str, measures: str):
    """From the Alerts page, as an analyst: pick the red 江苏 item in the one 督办 picker, open its
    form and fill it in (not yet submitted). Returns the alert's line and the form."""
    open_page(page, f"{url}/alerts?region={REGION}")
    page.locator(".st-key-alerts-followup-pick").wait_for(timeout=120000)
    choose_option(
        page, "alerts-followup-pick", "新培育高技能领军人才 · 江苏"
    )  # the one 督办 picker (no button per row)
    alert = page.locator(f".st-key-alert-{TARGET}-{REGION}-red")
    alert.wait_for(timeout=120000)
    alert.locator(f".st-key-followup-new-{TARGET}-{REGION} button").click()
    form = page.locator("[data-testid='stForm']")
    form.wait_for(timeout=60000)
    form.get_by_role("textbox", name="责任单位").fill(unit)
    form.get_by_role("textbox", name="联系人及电话").fill("王五 025-12345678")
    form.get_by_role("textbox", name="督办措施").fill(measures)
    return alert, form


def submit_followup(page, form, unit: str) -> None:
    form.locator(".st-key-followup-submit button").click()
    page.get_by_text(f"已开立督办，责任单位：{unit}").wait_for(timeout=60000)
    settle(page)


def test_from_an_alert_to_a_followup_with_a_comment(browser, followups_url, screenshots):
    with guarded_page(browser, width=1366, height=768) as page:
        alert, form = open_followup_form(page, followups_url, UNIT, "每月调度进度，落实评价补贴")
        form.scroll_into_view_if_needed()
        page.screenshot(path=screenshots / "followup-form-1366.png")
        submit_followup(page, form, UNIT)
        assert "督办：待办" in alert.inner_text()
        assert page.locator("[data-testid='stException']").count() == 0

        open_page(page, f"{followups_url}/followups")
        cards = page.locator(".st-key-followup-list [class*='st-key-followup-']").filter(has_text=UNIT)
        cards.first.wait_for(timeout=120000)
        card = cards.first
        card.locator("[data-testid='stExpander'] summary").click()
        card.get_by_role("textbox", name="办理进展").fill(COMMENT)
        card.locator("[class*='st-key-fu-comment-submit-'] button").click()
        page.get_by_text("已添加进展。").wait_for(timeout=60000)
        settle(page)

        page.reload()
        settle(page)
        card = page.locator(".st-key-followup-list [class*='st-key-followup-']").filter(has_text=UNIT).first
        card.wait_for(timeout=120000)
        assert "待办" in card.inner_text() and "新培育高技能领军人才 · 江苏" in card.inner_text()
        card.locator("[data-testid='stExpander'] summary").click()
        trail = card.locator("[class*='-trail']")
        trail.wait_for(timeout=30000)
        assert COMMENT in trail.inner_text()
        assert page.locator("[data-testid='stException']").count() == 0
        page.screenshot(path=screenshots / "followups-1366.png")
        card.scroll_into_view_if_needed()
        page.screenshot(path=screenshots / "followups-card-1366.png")

    with guarded_page(browser, width=390, height=844) as phone:
        open_page(phone, f"{followups_url}/followups")
        card = phone.locator(".st-key-followup-list [class*='st-key-followup-']").filter(has_text=UNIT).first
        card.wait_for(timeout=120000)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390 + 1, f"the page scrolls sideways: {width}px"
        phone.screenshot(path=screenshots / "followups-390.png")
        card.scroll_into_view_if_needed()
        phone.screenshot(path=screenshots / "followups-card-390.png")


def test_a_note_under_the_programs_chart_and_a_subscription(browser, followups_url, screenshots):
    with guarded_page(browser, width=1366, height=768) as page:
        open_page(page, f"{followups_url}/programs?program=high_skilled_leading&target=leading_talent", charts=1)
        page.locator(".st-key-notes-path [data-testid='stPopover'] button").click()
        note = page.get_by_role("textbox", name="备注内容")
        note.wait_for(timeout=30000)
        note.fill("3月受春节因素影响")
        page.locator(".st-key-note-submit-path button").click()
        page.get_by_text("已添加数据备注。").wait_for(timeout=60000)
        settle(page)
        listed = page.locator(".st-key-notes-path")
        assert "注1" in listed.inner_text() and "3月受春节因素影响" in listed.inner_text()
        marker = page.locator("[data-testid='stPlotlyChart'] .annotation-text", has_text="注1")
        marker.first.wait_for(timeout=30000)
        page.locator("[data-testid='stPlotlyChart']").first.scroll_into_view_if_needed()
        page.screenshot(path=screenshots / "notes-programs-1366.png")

        open_page(page, f"{followups_url}/subscriptions")
        page.get_by_role("textbox", name="电子邮件地址").fill("analyst@example.org")
        page.locator(".st-key-subscription-submit button").click()
        page.get_by_text("已订阅：全国进度通报。").wait_for(timeout=60000)
        settle(page)
        card = page.locator(".st-key-subscriptions [class*='st-key-subscription-']").first
        shown = card.inner_text().replace(
            "\u2060", ""
        )  # the word joiner that keeps a typed address from becoming a link
        assert "analyst@example.org" in shown and "下次定时任务将发送 2026-10 通报" in shown
        assert page.locator("[data-testid='stException']").count() == 0
        page.screenshot(path=screenshots / "subscriptions-1366.png")

    with guarded_page(browser, width=390, height=844) as phone:
        open_page(phone, f"{followups_url}/subscriptions")
        phone.locator(".st-key-subscriptions").wait_for(timeout=60000)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390 + 1, f"the page scrolls sideways: {width}px"
        phone.locator(".st-key-subscriptions").scroll_into_view_if_needed()
        phone.screenshot(path=screenshots / "subscriptions-390.png")
