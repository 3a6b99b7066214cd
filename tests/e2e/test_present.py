"""Presenting in a real browser: no sidebar, keys move through a briefing link, exports download."""

import io
import zipfile

import pytest
from pptx import Presentation

from tests.e2e.shared.browser import guarded_page, open_page, wait_for_app, wait_for_charts

pytestmark = pytest.mark.e2e

BRIEF = "overview,provinces.leading_talent.440000,programs.private_enterprise_training"


def position(page) -> str:
    return page.locator(".st-key-present-nav").inner_text()


def test_presentation_mode_hides_the_sidebar_and_keys_walk_a_briefing_link(page, app_url):
    open_page(page, f"{app_url}/?present=1&brief={BRIEF}")
    page.wait_for_url("**screen=**", timeout=30000)  # reloaded once with the layout that fits the window
    wait_for_app(page)
    page.locator(".st-key-slide-overview").wait_for(timeout=20000)
    # hidden once the deep link's run has settled (on a loaded machine a first frame may still show them)
    page.locator("[data-testid='stSidebar']").wait_for(state="hidden", timeout=20000)
    page.locator("[data-testid='stHeader']").wait_for(state="hidden", timeout=20000)
    assert page.locator(".st-key-slide-overview").is_visible() and "1 / 3" in position(page)
    page.locator(".st-key-present-exit button").wait_for(state="visible")  # the way back is on screen
    page.mouse.click(5, 400)  # focus the page, as a presenter's first click would
    page.keyboard.press("ArrowRight")
    page.locator(".st-key-slide-provinces").wait_for(timeout=20000)
    wait_for_app(page)
    wait_for_charts(page, 1)
    assert "2 / 3" in position(page) and "广东" in page.locator(".st-key-slide-numbers").inner_text()
    page.keyboard.press("ArrowRight")
    page.locator(".st-key-slide-programs").wait_for(timeout=20000)
    wait_for_app(page)
    assert "3 / 3" in position(page) and "slide=3" in page.url
    page.keyboard.press("ArrowLeft")
    page.locator(".st-key-slide-provinces").wait_for(timeout=20000)
    wait_for_app(page)
    page.locator(".st-key-present-exit button").click()
    page.locator("[data-testid='stSidebar']").wait_for(state="visible", timeout=20000)
    wait_for_app(page)
    assert "present=" not in page.url and f"brief={BRIEF}".replace(",", "%2C") in page.url
    opener = page.locator(".st-key-briefing-open button").first
    assert "3" in opener.inner_text()  # the label counts the briefing's views
    opener.click()
    assert "每年培训民营企业员工" in page.locator(".st-key-briefing").inner_text()  # the briefing kept


def download(page, key: str) -> bytes:
    button = page.locator(f".st-key-{key} button")
    with page.expect_download() as event:
        button.click()
    return open(event.value.path(), "rb").read()


def test_the_export_buttons_return_slides_a_page_and_a_pdf(page, app_url):
    open_page(page, f"{app_url}/programs?target=private_enterprise_training&brief={BRIEF}", charts=1)
    page.locator(".st-key-briefing-open button").first.click()  # the panel opens from the sidebar
    page.locator(".st-key-export-prepare button").click()
    page.locator(".st-key-export-pdf button").wait_for(timeout=90000)
    wait_for_app(page)
    pptx = download(page, "export-pptx")
    assert zipfile.is_zipfile(io.BytesIO(pptx)) and len(Presentation(io.BytesIO(pptx)).slides) == 5
    html = download(page, "export-html")
    assert html.startswith(b"<!DOCTYPE html>") and "新培育高技能领军人才".encode() in html
    pdf = download(page, "export-pdf")
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366", "1920"])
def test_screenshots_of_every_slide_at_projector_sizes(browser, app_url, screenshots, size):
    with guarded_page(browser, *size) as page:
        screen = "768" if size[0] == 1366 else "1080"
        for slide, kind in enumerate(("overview", "provinces", "programs"), start=1):
            open_page(
                page,
                f"{app_url}/?present=1&screen={screen}&brief={BRIEF}&slide={slide}",
                charts=0 if kind == "overview" else 1,
            )
            assert page.locator("[data-testid='stException']").count() == 0
            nav = page.locator(".st-key-present-nav").bounding_box()
            content = page.locator(f".st-key-slide-{kind}").bounding_box()
            assert nav["y"] >= 0 and nav["y"] + nav["height"] <= size[1]
            assert content["x"] + content["width"] <= size[0]  # nothing cut off at the side
            if kind != "overview":  # the chart fits the screen with the navigation above it
                chart = page.locator("[data-testid='stPlotlyChart']").first.bounding_box()
                assert chart["y"] + chart["height"] <= size[1] + 60, (kind, chart)
            page.screenshot(path=screenshots / f"present-{kind}-{size[0]}.png")
