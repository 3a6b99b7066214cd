"""Uploading through the page in a real browser: the file goes in, is confirmed, and the overview changes."""

import pytest
from playwright.sync_api import expect

from lib.core.formatting import format_quantity
from lib.core.settings import DEFAULT_DATA_DIR
from lib.progress.dataview import snapshot_view
from lib.store.folder import open_data_folder
from tests.e2e.shared.browser import wait_for_app
from tests.upload_fixtures import FIXTURES

pytestmark = pytest.mark.e2e
PRIVATE = "省份,月份,指标,人次\n广东,2026-10,公共实训基地培训民营企业员工,50000\n"


def test_upload_merge_and_see_the_overview_change(page, app_url, tmp_path, screenshots):
    folder = open_data_folder(DEFAULT_DATA_DIR)
    view = snapshot_view(folder, folder.snapshot(None))
    before = view.progress()["private_enterprise_training"].actual
    expected = before - view.store.stored_series("private_enterprise_trainees", "440000")[-1] + 50000
    path = tmp_path / "广东十月.csv"
    path.write_text(PRIVATE, encoding="gb18030")

    page.goto(f"{app_url}/upload")
    wait_for_app(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
    page.locator(".st-key-upload-summary").wait_for(timeout=30000)
    wait_for_app(page)
    expect(page.locator(".st-key-upload-summary")).to_contain_text(
        "接受的观测值", timeout=20000
    )  # drawn last on a busy machine
    summary = page.locator(".st-key-upload-summary").inner_text()
    assert "接受的观测值\n\n1" in summary or "接受的观测值\n1" in summary
    page.locator(".st-key-upload-mode label").filter(has_text="覆盖到当前快照").click()
    wait_for_app(page)
    page.locator(".st-key-upload-confirm button").click()
    page.locator(".st-key-upload-notice").wait_for(timeout=30000)
    wait_for_app(page)
    page.screenshot(path=screenshots / "upload-confirmed-1366.png", full_page=True)

    page.locator("[data-testid='stSidebarNav'] a").filter(has_text="总览").click()
    page.wait_for_function(
        "document.querySelector('h1') && document.querySelector('h1').innerText.includes('技能政策进度总览')"
    )
    wait_for_app(page)
    assert "含上传数据" in page.locator(".st-key-upload-notice").inner_text()
    card = page.locator(".st-key-kpi-private_enterprise_training [data-testid='stMetricValue']").inner_text()
    assert card == format_quantity(expected, "人次", "zh") != format_quantity(before, "人次", "zh")
    page.locator(".st-key-upload-clear button").click()  # back to the snapshot (saved: later tests see none)
    page.locator(".st-key-upload-notice").wait_for(state="detached", timeout=30000)


def test_a_broken_file_gets_a_clear_message(page, app_url, tmp_path):
    path = tmp_path / "junk.csv"
    path.write_bytes(FIXTURES["binary_junk.csv"])
    page.goto(f"{app_url}/upload")
    wait_for_app(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
    page.locator(".st-key-upload-errors").wait_for(timeout=30000)
    assert "不是文本或 Excel 文件" in page.locator(".st-key-upload-errors").inner_text()
    assert page.locator("[data-testid='stException']").count() == 0
