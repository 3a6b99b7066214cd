"""The published provincial figures in a real browser, at a desktop's and a phone's width, in both
languages: a province's own targets (本省目标) apart from the reference targets, early completion with its
publication date, and the map of a stock whose provinces report at different dates — each tile and bar
saying its own date. Screenshots are kept under artifacts/screenshots/ to be looked at."""

import re

import pytest

from tests.e2e.shared.browser import guarded_page, open_page, wait_for_app, wait_for_charts

pytestmark = pytest.mark.e2e
PROVINCIAL = "2026-02-26-provincial"
SIZES = [(1366, 768), (390, 844)]


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("region", ["530000", "410000"])
def test_a_provinces_own_targets_beside_its_published_figures(
    browser, app_url, screenshots, width, height, lang, region
):
    with guarded_page(browser, width, height) as page:
        open_page(page, f"{app_url}/provinces?snap={PROVINCIAL}&region={region}&lang={lang}", charts=1)
        own = page.locator(".st-key-own-targets")
        own.scroll_into_view_if_needed()
        text = own.inner_text()
        assert ("2024年5月" in text) if lang == "zh" else ("May 2024" in text)
        if region == "530000":
            early = page.locator("[data-testid='stAlertContentSuccess']").first.inner_text()
            assert "2024-05-10" in early
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        assert not overflow, "the page scrolls sideways"
        page.locator(".st-key-province-detail").scroll_into_view_if_needed()
        page.screenshot(path=screenshots / f"provincial-{region}-{lang}-{width}.png", full_page=True)


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_stock_map_says_each_provinces_date(browser, app_url, screenshots, width, height, lang):
    with guarded_page(browser, width, height) as page:
        open_page(page, f"{app_url}/provinces?snap={PROVINCIAL}&lang={lang}", charts=1)
        name = "指标：技能人才总量" if lang == "zh" else "Indicator: Skilled workers (total)"
        page.locator(".st-key-target input").click()
        page.locator("[role='option']").filter(has_text=re.compile(f"^{re.escape(name)}$")).click()
        page.wait_for_timeout(1500)
        wait_for_app(page)
        wait_for_charts(page, 2)
        assert name.split("：")[-1].split(": ")[-1] in page.locator(".st-key-tile-map").inner_text()
        assert "2024-05" in page.locator(".st-key-province-ranking").inner_text()  # 河南 (2024-05)
        assert page.locator(".st-key-value-range").count() == 1
        page.screenshot(path=screenshots / f"provincial-stock-map-{lang}-{width}.png", full_page=True)
