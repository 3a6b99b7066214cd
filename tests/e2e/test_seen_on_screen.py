"""Defects seen on screen at 1366×768, tried as a new user would (each test failed on the old code)."""

import pytest

from tests.e2e.shared.browser import open_page

pytestmark = pytest.mark.e2e


def test_the_group_summary_fits_the_page_and_its_headers_stay_on_one_line(page, app_url, screenshots):
    """Was: 按东中西三大地带汇总 in the ranking's narrow column, 达标或进度正常 one character per line, the
    table running past the page's right edge."""
    open_page(page, f"{app_url}/provinces", charts=2)
    table = page.locator("table").filter(has_text="达标或进度正常")
    table.scroll_into_view_if_needed()
    header = table.locator("th").filter(has_text="达标或进度正常")
    line = header.evaluate("el => parseFloat(getComputedStyle(el).lineHeight) || 24")
    assert header.bounding_box()["height"] < 2.5 * line  # one line (plus padding), not seven
    main = page.locator("[data-testid='stMainBlockContainer']").bounding_box()
    box = table.bounding_box()
    assert box["x"] + box["width"] <= main["x"] + main["width"] + 1  # within the page
    assert table.evaluate("el => el.scrollWidth <= el.clientWidth + 1")  # nothing hidden to the right
    page.screenshot(path=screenshots / "provinces-group-summary-1366.png")
