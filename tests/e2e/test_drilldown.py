"""Drill-down in a real browser: a tile click, links with parameters, language, downloads."""

import csv
import io

import pyarrow.parquet as pq
import pytest

from lib.reference.regions import default_registry
from tests.e2e.shared.browser import open_page, wait_for_app, wait_for_charts

pytestmark = pytest.mark.e2e


def selected(page, key: str) -> str:
    """The value a selectbox shows."""
    return page.locator(f".st-key-{key} input").input_value()


def click_tile(page, name: str) -> None:
    """Click the centre of the tile whose label starts with ``name``."""
    label = page.locator(".st-key-tile-map g.textpoint text").filter(has_text=name).first
    label.scroll_into_view_if_needed()
    box = label.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_clicking_a_tile_opens_that_provinces_detail(page, app_url):
    open_page(page, f"{app_url}/provinces", charts=2)
    assert page.locator(".st-key-province-detail").count() == 0
    click_tile(page, "四川")
    page.locator(".st-key-province-detail").wait_for(timeout=20000)
    wait_for_app(page)
    assert "四川省 · 详情" in page.locator(".st-key-province-detail").inner_text()
    assert "region=510000" in page.url
    click_tile(page, "广东")
    page.wait_for_function(
        "document.querySelector('.st-key-province-detail') && document.querySelector('.st-key-province-detail').innerText.includes('广东省')"
    )
    wait_for_app(page)
    assert "广东省 · 详情" in page.locator(".st-key-province-detail").inner_text()
    page.wait_for_url("**region=440000**", timeout=10000)


def test_a_link_with_parameters_reproduces_the_view(page, app_url):
    open_page(page, f"{app_url}/provinces?region=510000&target=private_enterprise_training&color=completion", charts=3)
    assert "四川省 · 详情" in page.locator(".st-key-province-detail").inner_text()
    assert selected(page, "target") == "每年培训民营企业员工"
    assert "完成进度" in page.locator(".st-key-tile-map").inner_text()
    open_page(page, f"{app_url}/programs?target=private_enterprise_training&year=2025", charts=3)
    assert selected(page, "program") == "民营企业员工职业技能提升行动" and selected(page, "year") == "2025"


def test_switching_language_shows_the_same_view_in_english(page, app_url, screenshots):
    open_page(page, f"{app_url}/provinces?region=440000&target=new_skilled_workers", charts=3)
    page.locator("[data-testid='stSidebar'] label").filter(has_text="English").click()
    page.wait_for_function(
        "document.querySelector('h1') && document.querySelector('h1').innerText.includes('Progress by province')"
    )
    wait_for_app(page)
    wait_for_charts(page, 3)
    assert "Guangdong · detail" in page.locator(".st-key-province-detail").inner_text()
    assert selected(page, "target") == "New skilled workers in the 14th Five-Year Plan"
    assert "lang=en" in page.url and "region=440000" in page.url and "target=new_skilled_workers" in page.url
    page.screenshot(path=screenshots / "drilldown-provinces-en-1366.png", full_page=True)


def csv_rows(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must carry a BOM for Excel"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def download(page, key: str):
    wait_for_app(page)  # a rerun after the last click may still be replacing the buttons (and their files)
    button = page.locator(f".st-key-{key} button")
    button.scroll_into_view_if_needed()  # a link naming a region scrolls the page to its detail first (#22)
    label = button.inner_text()
    with page.expect_download(timeout=90000) as event:  # the file is made when asked for, on a shared server
        button.click()
    return label, event.value.path()


def label_rows(label: str) -> int:
    import re

    return int(re.search(r"（([\d,]+) 行）", label).group(1).replace(",", ""))


def test_downloads_hold_the_rows_their_buttons_announce(page, app_url):
    open_page(page, f"{app_url}/data")
    label, path = download(page, "full-csv")
    assert len(csv_rows(path)) - 1 == label_rows(label) > 40000
    label, path = download(page, "full-parquet")
    assert pq.read_metadata(path).num_rows == label_rows(label)
    open_page(page, f"{app_url}/provinces?region=510000", charts=3)
    label, path = download(page, "monthly-download")
    rows = csv_rows(path)
    assert len(rows) - 1 == label_rows(label) == 70 and rows[1][0] == "2026-10"
    page.locator(".st-key-ranking-chart-table button").first.click()  # the chart's 数据表 popover
    label, path = download(page, "ranking-chart-download")
    rows = csv_rows(path)
    # the table behind the ranking is the one a reader sees, its columns in words (issue #21), not column ids
    assert len(rows) - 1 == label_rows(label) == 32 and rows[0][0] == "省份" and "code" not in rows[0]


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366", "1920"])
def test_screenshots_of_every_page(browser, app_url, screenshots, size):
    from tests.e2e.shared.browser import guarded_page

    pages = {
        "overview": ("", 0),
        "provinces": ("provinces?region=440000", 3),
        "programs": ("programs?target=private_enterprise_training", 3),
        "targets": ("targets", 0),
        "data": ("data", 0),
        "about": ("about", 0),
    }
    with guarded_page(browser, *size) as page:
        for name, (path, charts) in pages.items():
            open_page(page, f"{app_url}/{path}", charts)
            assert page.locator("[data-testid='stException']").count() == 0, name
            page.screenshot(path=screenshots / f"{name}-{size[0]}.png")


def test_every_unit_has_one_tile_with_name_figure_and_symbol(page, app_url):
    open_page(page, f"{app_url}/provinces", charts=2)
    labels = page.evaluate(
        # the full names (the first of the tiles' three texts: the others, short, are for an English page and a phone)
        "() => Array.from(document.querySelectorAll('.st-key-tile-map .scatterlayer > .trace:first-child g.textpoint text')).map(t => Array.from(t.querySelectorAll('tspan.line')).map(s => s.textContent))"
    )
    assert len(labels) == 32
    assert sorted(lines[0] for lines in labels) == sorted(unit.short_zh for unit in default_registry().units)
    assert all(lines[1].endswith("%") and lines[2] in "★▲◆▼×○–" for lines in labels)
