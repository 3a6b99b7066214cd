"""The published figures in a real browser: offered beside the demo (which stays the default), each
number with its citation on hover and in the tables, 暂无数据 where the figures cannot judge."""

import pytest
from playwright.sync_api import expect

from tests.e2e.shared.browser import open_page, wait_for_app

pytestmark = pytest.mark.e2e
PUBLISHED = "2026-02-06-published"


def test_the_demo_opens_and_the_picker_offers_the_published_figures(page, app_url):
    open_page(page, app_url)
    assert "示例数据 · 非官方统计" in page.locator(".st-key-demo-banner").inner_text()
    picker = page.locator(".st-key-snap input")
    # the picker names the snapshot (its one line cannot wrap), the caption under it says the rest (#22)
    assert picker.input_value() == "2026-10-31-demo · 示例"
    assert "示例数据（演示用，非官方统计） · 默认打开" in page.locator(".st-key-snapshot-words").inner_text()
    picker.click()
    picker.press("ArrowDown")  # open the list from the keyboard as well (a click alone may only focus it)
    page.locator("[role='option']").first.wait_for(timeout=20000)
    options = page.locator("[role='option']").all_inner_texts()
    assert any(PUBLISHED in option and "公开" in option for option in options), options
    page.locator("[role='option']").filter(has_text=PUBLISHED).click()
    page.wait_for_url(f"**snap={PUBLISHED}**", timeout=20000)
    wait_for_app(page)
    assert page.locator(".st-key-demo-banner").count() == 0  # not demo data: no demo label
    assert "公开发布的全国数据" in page.locator(".st-key-asof").inner_text()


def test_a_published_number_shows_its_citation_on_hover(page, app_url, screenshots):
    open_page(page, f"{app_url}/?snap={PUBLISHED}")
    card = page.locator(".st-key-kpi-new_skilled_workers")
    assert "≥4,400万人次" in card.locator("[data-testid='stMetricValue']").inner_text()
    assert "代理指标" in card.inner_text() and "二手来源" in card.inner_text()
    assert "暂无数据" in page.locator(".st-key-kpi-leading_talent").inner_text()
    card.locator("[data-testid='stTooltipHoverTarget']").first.hover()
    tooltip = page.locator("[data-testid='stTooltipContent']")
    tooltip.wait_for(timeout=10000)
    assert "累计有4400多万人次取得职业技能等级证书" in tooltip.inner_text()
    page.screenshot(path=screenshots / "published-overview-citation-1366.png")


def test_the_data_and_about_pages_list_every_figure_with_its_citation(page, app_url, screenshots):
    open_page(page, f"{app_url}/data?snap={PUBLISHED}")
    section = page.locator(".st-key-published-figures")
    section.scroll_into_view_if_needed()
    expect(section.locator("[data-testid='stDataFrame']")).to_have_count(2, timeout=30000)  # drawn lazily
    assert "公开数字及其出处" in section.inner_text()
    page.screenshot(path=screenshots / "published-data-1366.png")
    open_page(page, f"{app_url}/about?snap={PUBLISHED}")
    kinds = page.locator(".st-key-figure-kinds")
    kinds.scroll_into_view_if_needed()
    assert "哪些数字是官方的、转载的、示例的" in kinds.inner_text()
    page.screenshot(path=screenshots / "published-about-1366.png")
