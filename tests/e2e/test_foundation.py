"""The app in a real headless Chromium: pages load, cards show numbers, nothing leaves the host."""

import re

import pytest

from lib.core.formatting import format_quantity
from lib.core.settings import DEFAULT_DATA_DIR
from lib.progress.dataview import snapshot_view
from lib.store.folder import open_data_folder
from tests.e2e.shared.browser import wait_for_app, wait_for_charts

pytestmark = pytest.mark.e2e
PAGES = {"": 0, "targets": 0, "about": 0}  # url path -> plotly charts on it


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_loads_without_an_exception(page, app_url, screenshots, path):
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    if PAGES[path]:
        assert wait_for_charts(page, PAGES[path]) == PAGES[path]
    assert page.locator("[data-testid='stException']").count() == 0
    assert "示例数据 · 非官方统计" in page.locator(".st-key-demo-banner").inner_text()
    assert "数据截至 2026年10月31日" in page.locator(".st-key-asof").inner_text()
    page.screenshot(path=screenshots / f"foundation-{path or 'overview'}-1366.png", full_page=True)


def test_headline_cards_show_their_numbers_and_status(page, app_url):
    folder = open_data_folder(DEFAULT_DATA_DIR)
    progress = snapshot_view(folder, folder.snapshot(None)).progress()
    page.goto(app_url)
    wait_for_app(page)
    for target_id, unit in (
        ("leading_talent", "人次"),
        ("private_enterprise_training", "人次"),
        ("new_skilled_workers", "人"),
    ):
        card = page.locator(f".st-key-kpi-{target_id}")
        value = card.locator("[data-testid='stMetricValue']").inner_text()
        assert value == format_quantity(progress[target_id].actual, unit, "zh")
        assert card.locator(f".st-key-status-{target_id}-{progress[target_id].status}").count() == 1
        assert re.search(r"完成进度 \d+\.\d% · 时间进度 \d+\.\d%", card.inner_text())


def test_the_bundled_cjk_font_is_used(page, app_url):
    fonts = []
    page.on("request", lambda request: fonts.append(request.url) if request.url.endswith(".woff2") else None)
    page.goto(app_url)
    wait_for_app(page)
    page.wait_for_function("document.fonts.status === 'loaded'")
    assert any(url.endswith("/app/static/fonts/noto-sans-sc/noto-sans-sc-core-400-normal.woff2") for url in fonts)
    assert page.evaluate("document.fonts.check('16px \"Noto Sans SC Core\"', '技能政策')")
    # the sliced fallback family is not needed for everyday text: a handful of requests, not dozens
    assert len(fonts) <= 10


def test_switching_language_keeps_the_page(page, app_url):
    page.goto(f"{app_url}/targets")
    wait_for_app(page)
    page.locator("[data-testid='stSidebar'] label").filter(has_text="English").click()
    wait_for_app(page)
    page.wait_for_function(
        "document.querySelector('h1') && document.querySelector('h1').innerText.includes('Target catalogue')"
    )
    assert "lang=en" in page.url and "/targets" in page.url
