"""Issue #10 in a real browser: the three defect files uploaded, their totals seen with units; the real
NBS export confirmed and shown by province; an own target defined through the form and its status
seen on the Overview — at 1366×768 and on a 390×844 phone, with screenshots."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from lib.core.formatting import format_exact, format_quantity
from tests.e2e.shared.browser import choose_option, guarded_page, open_page, wait_for_app, wait_for_charts
from tests.upload_fixtures import TITLE_WORKBOOK_ROWS, UNIT_IN_HEADER_WIDE, title_only_workbook

pytestmark = pytest.mark.e2e
SIZES = pytest.mark.parametrize("size", [(1366, 768), (390, 844)], ids=["1366", "390"])
NBS = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "nbs_province_urban_unit_employment_2006_2025_gbk.csv"


def both(value: float, unit: str) -> str:
    return f"{format_quantity(value, unit, 'zh')} / {format_exact(value)} {unit}"


def upload_file(page, path: Path) -> str:
    page.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(str(path))
    page.locator(".st-key-upload-summary").wait_for(timeout=60000)
    wait_for_app(page)
    expect(page.locator(".st-key-upload-summary")).to_contain_text("接受的观测值", timeout=30000)
    return page.locator(".st-key-upload-summary").inner_text()


def go(page, label: str) -> None:
    """To another page through the sidebar, as a person does (a new page load would be a new session,
    and the session holds the upload and the own targets); on a phone the sidebar opens first."""
    expand = page.locator("[data-testid='stExpandSidebarButton']")
    phone = expand.count() and expand.is_visible()
    if phone:
        expand.click()
        page.wait_for_timeout(400)  # the sidebar slides in
    page.locator("[data-testid='stSidebarNav'] a").filter(has_text=label).click()
    wait_for_app(page)
    if phone and page.locator("[data-testid='stSidebar'][data-collapsed='false']").count():
        page.locator("[data-testid='stSidebarCollapseButton'] button").click()  # it covers the page on a phone
        page.wait_for_timeout(400)


@SIZES
def test_the_three_defect_files_show_their_totals_with_units(browser, app_url, tmp_path, screenshots, size):
    half_year = sum(sum(values) for _, values in TITLE_WORKBOOK_ROWS) * 1e4
    files = {
        "各省培训人数.csv": (UNIT_IN_HEADER_WIDE, [both(32500, "人次"), both(8327500, "元")]),
        "2025年上半年.xlsx": (title_only_workbook(), [both(half_year, "人次")]),
        NBS.name: (NBS.read_bytes(), ["1.65亿人 / 165,110,000 人"]),
    }
    with guarded_page(browser, *size) as page:
        for number, (name, (data, totals)) in enumerate(files.items(), start=1):
            path = tmp_path / name
            path.write_bytes(data)
            open_page(page, f"{app_url}/upload")
            summary = upload_file(page, path)
            for total in totals:
                assert total in summary, (name, summary)
            units = page.locator(".st-key-upload-units").inner_text()
            assert "×10,000" in units and "万" in units, units
            assert page.locator("[data-testid='stException']").count() == 0
            page.locator(".st-key-upload-units").scroll_into_view_if_needed()
            page.screenshot(path=screenshots / f"own-upload-{number}-{size[0]}.png", full_page=size[0] > 1000)


@SIZES
def test_the_nbs_export_is_confirmed_and_shown_by_province(browser, app_url, tmp_path, screenshots, size):
    path = tmp_path / NBS.name
    path.write_bytes(NBS.read_bytes())
    with guarded_page(browser, *size) as page:
        open_page(page, f"{app_url}/upload")
        assert (
            "接受的观测值\n\n527" in upload_file(page, path)
            or "527" in page.locator(".st-key-upload-summary").inner_text()
        )
        page.locator(".st-key-upload-confirm button").click()
        page.locator(".st-key-upload-notice").wait_for(timeout=30000)
        wait_for_app(page)
        go(page, "分省")
        wait_for_charts(page, 2)
        choose_option(page, "target", "城镇单位就业人员")
        wait_for_app(page)
        page.wait_for_function(
            "Array.from(document.querySelectorAll('.st-key-tile-map .gtitle')).some(t => t.textContent.includes('城镇单位就业人员'))",
            timeout=30000,
        )
        wait_for_charts(page, 2)
        title = page.locator(".st-key-tile-map .gtitle").first.text_content()
        assert "城镇单位就业人员（上传·非官方）" in title and "2024年" in title
        assert "广东" in page.locator(".st-key-tile-map").inner_text()
        page.locator(".st-key-tile-map").scroll_into_view_if_needed()
        page.screenshot(path=screenshots / f"own-provinces-{size[0]}.png", full_page=size[0] > 1000)


@SIZES
def test_an_own_target_defined_in_the_form_shows_its_status_on_the_overview(browser, app_url, screenshots, size):
    with guarded_page(browser, *size) as page:
        open_page(page, f"{app_url}/targets")
        form = page.locator(".st-key-own-targets")
        form.scroll_into_view_if_needed()
        for key, text in (
            ("target-form-name_zh", "广东省2025年补贴性职业技能培训"),
            ("target-form-value", "150万"),
            ("target-form-start", "2025-01"),
            ("target-form-end", "2025-12"),
        ):
            page.locator(f".st-key-{key} input").fill(text)
        choose_option(page, "target-form-indicator", "补贴性职业技能培训")
        page.locator(".st-key-target-form-scope_kind label").filter(has_text="一个省份").click()
        choose_option(page, "target-form-region", "广东")
        page.locator(".st-key-target-form-internal label").click()
        page.screenshot(path=screenshots / f"own-target-form-{size[0]}.png", full_page=size[0] > 1000)
        page.locator("[data-testid='stFormSubmitButton'] button").filter(has_text="添加目标").click()
        expect(page.locator(".st-key-own-targets")).to_contain_text("已添加", timeout=30000)
        wait_for_app(page)
        go(page, "总览")
        table = page.locator(".st-key-overview-table")
        expect(table).to_contain_text("广东省2025年补贴性职业技能培训（分析人员自定·非官方）", timeout=30000)
        row = table.locator("tr").filter(has_text="广东省2025年").inner_text()
        # the Overview's other targets are grouped (issue #21) and have no document column any more: the row
        # says the target is the analyst's own, not official (内部目标 is on the Targets page)
        assert "分析人员自定·非官方" in row and "150万人次 · 2025" in row and ("已完成" in row or "未完成" in row), row
        table.locator("tr").filter(has_text="广东省2025年").scroll_into_view_if_needed()
        page.screenshot(path=screenshots / f"own-target-overview-{size[0]}.png", full_page=size[0] > 1000)
