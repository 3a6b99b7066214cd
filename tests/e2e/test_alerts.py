"""预警 and 进度通报 in a real browser: the list and its hooks, a filter, the report copied and
downloaded as .docx, phone and laptop screenshots; nothing leaves the host."""

import io

import pytest
from docx import Document

from tests.e2e.shared.browser import choose_option, guarded_page, open_page, wait_for_app

pytestmark = pytest.mark.e2e


def open_alerts(page, url: str) -> None:
    """Open the page and wait for its list: the first run after a start computes the alerts, which
    on a loaded machine outlasts open_page's idle check."""
    open_page(page, url)
    page.locator(".st-key-alert-counts [data-testid='stMetricValue']").first.wait_for(timeout=120000)
    wait_for_app(page)


def report_text(page) -> str:
    """The report's text, set as readable paragraphs (not a code box)."""
    page.wait_for_function(
        "document.querySelector('.st-key-report-text') && document.querySelector('.st-key-report-text').innerText.length > 100",
        timeout=120000,
    )
    assert page.locator(".st-key-report-text code").count() == 0
    return page.locator(".st-key-report-text").inner_text()


EXAMPLE = "截至2026年10月底，全国新培育高技能领军人才1.21万人次，完成目标任务的80.4%，慢于时间进度14.0个百分点"


def test_the_alerts_page_lists_items_and_downloads_the_report(page, app_url, screenshots):
    open_alerts(page, f"{app_url}/alerts")
    assert page.locator("[data-testid='stException']").count() == 0
    groups = page.locator(".st-key-alert-list [data-testid='stExpander']")
    assert groups.count() >= 5 and "新培育高技能领军人才 —— ▼ 红色" in groups.first.inner_text()
    page.locator(".st-key-alert-list [data-testid='stDataFrame']").first.wait_for(
        timeout=60000
    )  # drawn after its panel
    assert page.locator(".st-key-alert-list [data-testid='stDataFrame']").count() >= 1  # one compact table open
    assert page.locator("[class*='st-key-followup-new-']").count() == 0  # no button per row
    assert EXAMPLE in report_text(page)
    page.screenshot(path=screenshots / "alerts-1366.png")
    groups.first.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "alerts-list-1366.png")
    page.locator(".st-key-report-text").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "alerts-report-1366.png")
    button = page.locator(".st-key-report-docx button")
    with page.expect_download() as event:
        button.click()
    download = event.value
    assert download.suggested_filename == "report-2026-10-national-zh.docx"
    with open(download.path(), "rb") as handle:
        texts = [p.text for p in Document(io.BytesIO(handle.read())).paragraphs]
    assert texts[0] == "技能政策目标任务进度通报" and any(t.startswith(EXAMPLE) for t in texts)


def test_choosing_a_region_filters_the_list_and_the_report(page, app_url):
    open_alerts(page, f"{app_url}/alerts?region=500000")
    choose_option(page, "alerts-followup-pick", "新培育高技能领军人才 · 重庆")
    page.locator(".st-key-alert-leading_talent-500000-red").wait_for(timeout=60000)
    assert "已持续" in page.locator(".st-key-alert-leading_talent-500000-red").inner_text()
    assert report_text(page).startswith("技能政策目标任务进度通报（重庆市）")


def test_the_overview_links_to_the_alerts(page, app_url):
    open_page(page, app_url)
    counts = page.locator(".st-key-overview-alerts")
    counts.wait_for(timeout=120000)
    assert "三色预警" in counts.inner_text()
    counts.get_by_role("link").click()
    page.wait_for_url("**/alerts**", timeout=20000)
    page.locator(".st-key-alert-counts").wait_for(timeout=120000)


def test_on_a_phone_the_list_and_report_fit(browser, app_url, screenshots):
    with guarded_page(browser, width=390, height=844) as phone:
        open_alerts(phone, f"{app_url}/alerts")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390 + 1, f"the page scrolls sideways: {width}px"
        phone.screenshot(path=screenshots / "alerts-390.png", full_page=False)
        phone.locator(".st-key-alert-list").scroll_into_view_if_needed()
        phone.screenshot(path=screenshots / "alerts-list-390.png")
        phone.locator(".st-key-report-text").scroll_into_view_if_needed()
        phone.screenshot(path=screenshots / "alerts-report-390.png")
