"""Readable by everyone, in a real Chromium without a colour-emoji font: the page language follows
the UI, axe-core finds no serious or critical violation on any page in either language, icons are
the bundled Material Symbols, every chart has a table a keyboard reaches, and the main flows work
with the keyboard alone."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.shared.accessibility import axe_violations, describe
from tests.e2e.shared.browser import guarded_page, open_page, wait_for_app, wait_for_charts

pytestmark = pytest.mark.e2e
PUBLISHED = "2026-02-06-published"
PAGES = {
    "": 0,
    "provinces": 2,
    "programs": 1,
    "alerts": 0,
    "followups": 0,
    "targets": 0,
    "upload": 0,
    "data": 0,
    "subscriptions": 0,
    "about": 0,
}
TITLES = {
    "zh": {"": "技能政策进度总览", "provinces": "分省进度", "programs": "分项目进度", "targets": "目标清单"},
    "en": {"": "Skills policy progress", "provinces": "Progress by province", "programs": "Progress by program"},
}
HTML_LANG = {"zh": "zh-CN", "en": "en"}


def settle(page, lang: str, charts: int = 0) -> None:
    """The page drawn in full: its language set and page CSS applied, no element left stale from a
    rerun (a deep link reruns once through app.py), its charts drawn, nothing running."""
    page.wait_for_function(
        f"""() => document.documentElement.lang === '{HTML_LANG[lang]}'
            && document.querySelector('h1')
            && document.querySelector('.st-key-html-lang')
            && getComputedStyle(document.querySelector('.st-key-html-lang')).display === 'none'
            && !document.querySelector('[data-stale="true"]')
            && document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']")""",
        timeout=30000,
    )
    if charts:
        wait_for_charts(page, charts)
    wait_for_app(page)


def test_the_page_language_follows_the_ui_language(page, app_url):
    open_page(page, app_url)
    settle(page, "zh")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    page.locator("[data-testid='stSidebar'] label").filter(has_text="English").click()
    page.wait_for_function("document.documentElement.lang === 'en'", timeout=30000)
    page.wait_for_function("document.querySelector('h1').innerText.includes('Skills policy progress')")
    open_page(page, f"{app_url}/targets?lang=en")  # a link in English opens in English
    settle(page, "en")
    page.locator("[data-testid='stSidebar'] label").filter(has_text="中文").click()
    page.wait_for_function("document.documentElement.lang === 'zh-CN'", timeout=30000)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", list(PAGES))
def test_axe_finds_no_serious_or_critical_violation(page, app_url, path, lang):
    open_page(page, f"{app_url}/{path}?lang={lang}")
    settle(page, lang, PAGES[path])
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@pytest.mark.parametrize(
    ("path", "query", "charts"),
    [
        ("", "", 0),
        ("programs", "target=new_skilled_workers&", 1),
        ("provinces", "", 0),
        ("data", "", 0),
        ("about", "", 0),
    ],
)
def test_axe_on_the_published_figures_in_both_languages(page, app_url, path, query, charts):
    for lang in ("zh", "en"):
        open_page(page, f"{app_url}/{path}?{query}snap={PUBLISHED}&lang={lang}")
        settle(page, lang, charts)
        violations = axe_violations(page)
        assert violations == [], f"{lang}: " + describe(violations)


# Emoji and other pictographs the browser would need a colour-emoji font for (the UI must use none).
EMOJI = r"[\u{1F000}-\u{1FAFF}\u{2600}-\u{26FF}\u{2700}-\u{27BF}\u{2B00}-\u{2BFF}\u{FE0F}\u{2139}]"
STATUS_SYMBOLS = "★"  # in the bundled CJK font (static/fonts/vendor.py), not an emoji here


def test_icons_are_material_symbols_and_no_emoji_is_drawn(page, app_url, screenshots):
    for path in ("", "provinces", "upload", "data"):
        open_page(page, f"{app_url}/{path}")
        settle(page, "zh", PAGES[path])
        icons = page.evaluate(
            """() => Array.from(document.querySelectorAll('[data-testid="stIconMaterial"]')).map(
                e => [e.textContent, getComputedStyle(e).fontFamily])"""
        )
        assert len(icons) >= 5, path  # the navigation alone has seven
        assert all("Material Symbols" in family for _, family in icons), icons
        assert page.evaluate("document.fonts.check('24px \"Material Symbols Rounded\"', 'dashboard')")
        drawn = page.evaluate(
            f"""() => (document.body.innerText.match(/{EMOJI}/gu) || []).filter(c => !'{STATUS_SYMBOLS}'.includes(c))"""
        )
        assert drawn == [], path
        favicon = page.evaluate("Array.from(document.querySelectorAll('link[rel~=icon]')).map(l => l.href)")
        assert favicon and all(href.startswith(app_url) for href in favicon), favicon
    page.screenshot(path=screenshots / "access-icons-no-emoji-font-1366.png")


# --- keyboard only ----------------------------------------------------------------------------------
def tab_to(page, matches: str, limit: int = 150, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element satisfies the JS predicate ``matches``
    (on ``el``): the element is reachable by keyboard, in the page's own tab order."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({matches}); }})()"):
            return
    raise AssertionError(f"no element matching {matches!r} within {limit} presses of Tab")


def inside(key: str) -> str:
    return f"!!el.closest('.st-key-{key}')"


def test_pick_a_target_and_a_province_and_read_the_map_as_a_table_by_keyboard(page, app_url, screenshots):
    open_page(page, f"{app_url}/provinces", charts=2)
    settle(page, "zh", 2)
    tab_to(page, inside("target") + " && el.tagName === 'INPUT'")
    page.keyboard.type("每年培训民营")
    page.keyboard.press("Enter")
    page.wait_for_url("**target=private_enterprise_training**", timeout=20000)
    wait_for_app(page)
    tab_to(page, inside("region") + " && el.tagName === 'INPUT'")
    page.keyboard.type("广东")
    page.keyboard.press("Enter")
    page.locator(".st-key-province-detail").wait_for(timeout=30000)
    wait_for_app(page)
    assert "广东省 · 详情" in page.locator(".st-key-province-detail").inner_text()
    # the map's table alternative: its 数据表 button, by keyboard
    tab_to(page, inside("tile-map-chart-table") + " && el.tagName === 'BUTTON'", backwards=True)
    page.keyboard.press("Enter")
    table = page.locator("[data-testid='stPopoverBody'] [data-testid='stDataFrame']")
    table.wait_for(timeout=20000)
    page.screenshot(path=screenshots / "access-keyboard-map-table-1366.png")
    page.keyboard.press("Escape")


def test_every_chart_has_a_table_a_keyboard_reaches(page, app_url):
    for path, charts in (("provinces?region=440000", 3), ("programs?target=private_enterprise_training", 3)):
        open_page(page, f"{app_url}/{path}", charts=charts)
        settle(page, "zh", charts)
        keys = page.evaluate(
            """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]')).map(chart =>
                Array.from(chart.closest('[class*="st-key-"]').classList).find(c => c.startsWith('st-key-')))"""
        )
        assert len(keys) == charts, keys
        for key in keys:  # each chart's 数据表 button: a real, enabled button in the tab order
            button = page.locator(f".{key}-table button")
            assert button.count() == 1 and button.evaluate("el => el.tabIndex >= 0 && !el.disabled"), key


def test_add_the_view_to_a_briefing_by_keyboard(page, app_url):
    open_page(page, f"{app_url}/programs?target=private_enterprise_training", charts=3)
    settle(page, "zh", 3)
    page.locator("h1").first.focus()  # start from the page, as a reader who has read its title
    tab_to(page, "el.tagName === 'BUTTON' && el.innerText.includes('演示与简报')")
    page.keyboard.press("Enter")
    tab_to(page, inside("brief-add") + " && el.tagName === 'BUTTON'")
    page.keyboard.press("Enter")
    page.wait_for_url("**brief=programs.private_enterprise_training**", timeout=20000)
    wait_for_app(page)
    assert re.search(r"演示与简报 · 1", page.locator("[data-testid='stSidebar']").inner_text())


def test_upload_and_confirm_by_keyboard(page, app_url, tmp_path):
    path = tmp_path / "广东十月.csv"
    path.write_text("省份,月份,指标,人次\n广东,2026-10,公共实训基地培训民营企业员工,50000\n", encoding="utf-8")
    open_page(page, f"{app_url}/upload")
    settle(page, "zh")
    browse = inside("upload-file") + " && el.tagName === 'BUTTON'"  # the data file's, not an own target file's
    for attempt in range(3):  # a late run of the page (the saved workspace put back) may redraw the uploader
        wait_for_app(page)
        if not page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({browse}); }})()"):
            tab_to(page, browse)
        try:
            with page.expect_file_chooser(timeout=15000 if attempt < 2 else 30000) as chooser:
                page.keyboard.press("Enter")
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    chooser.value.set_files(str(path))
    page.locator(".st-key-upload-summary").wait_for(timeout=30000)
    wait_for_app(page)
    tab_to(page, inside("upload-confirm") + " && el.tagName === 'BUTTON'")
    page.keyboard.press("Enter")
    page.locator(".st-key-upload-notice").wait_for(timeout=30000)
    assert "含上传数据" in page.locator(".st-key-upload-notice").inner_text()


# --- phones -----------------------------------------------------------------------------------------
PHONE = (390, 844)


def no_sideways_page(page) -> None:
    """Nothing runs past the right edge: the page itself never scrolls sideways (tables and the map
    scroll inside their own box)."""
    width = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollWidth")
    assert width <= PHONE[0] + 1, width


def test_phone_overview_cards_and_the_short_provenance_line(browser, app_url, screenshots):
    with guarded_page(browser, *PHONE) as page:
        open_page(page, app_url)
        settle(page, "zh")
        assert page.locator(".st-key-asof-short").is_visible() and not page.locator(".st-key-asof").is_visible()
        assert "截至 2026-10-31 · 2026-10-31-demo · 示例数据" in page.locator(".st-key-asof-short").inner_text()
        cards = [page.locator(f".st-key-kpi-{t}").bounding_box() for t in ("leading_talent", "new_skilled_workers")]
        assert all(card["width"] >= 330 for card in cards)  # one card per row, the width of the phone
        assert cards[1]["y"] > cards[0]["y"] + cards[0]["height"] - 1  # stacked, not squeezed side by side
        no_sideways_page(page)
        page.screenshot(path=screenshots / "phone-overview-390.png")
        page.locator(".st-key-overview-table").scroll_into_view_if_needed()
        tables = page.locator(".st-key-overview-table table")  # one table per group of targets (issue #21)
        assert tables.count() >= 2
        for index in range(tables.count()):
            table = tables.nth(index)
            assert table.evaluate("el => el.getBoundingClientRect().right") <= PHONE[0]
            # a table wider than the phone scrolls inside its box, by keyboard too
            assert table.evaluate("el => el.scrollWidth <= el.clientWidth || el.tabIndex === 0")
        page.screenshot(path=screenshots / "phone-overview-table-390.png")


def test_phone_map_tiles_stay_readable_and_rankings_fit(browser, app_url, screenshots):
    with guarded_page(browser, *PHONE) as page:
        open_page(page, f"{app_url}/provinces", charts=2)
        settle(page, "zh", 2)
        # issue #22: the map fits the phone's width (it scrolled sideways before): every province's tile
        # label lies inside the screen, at a size still read on a phone's screen
        labels = page.evaluate(
            """() => Array.from(document.querySelectorAll('.st-key-tile-map g.textpoint text')).map(t => {
                const box = t.getBoundingClientRect();
                return [parseFloat(getComputedStyle(t).fontSize), box.left, box.right];
            })"""
        )
        assert len(labels) >= 31
        assert min(size for size, _, _ in labels) >= 8
        assert all(left >= -1 and right <= PHONE[0] + 1 for _, left, right in labels)
        ranking = page.locator(".st-key-province-ranking [data-testid='stPlotlyChart']").bounding_box()
        assert ranking["x"] >= 0 and ranking["x"] + ranking["width"] <= PHONE[0] + 1
        no_sideways_page(page)
        page.screenshot(path=screenshots / "phone-provinces-map-390.png")
        page.locator(".st-key-province-ranking").scroll_into_view_if_needed()
        page.screenshot(path=screenshots / "phone-provinces-ranking-390.png")


def test_phone_published_figures_and_their_citations(browser, app_url, screenshots):
    with guarded_page(browser, *PHONE) as page:
        open_page(page, f"{app_url}/?snap={PUBLISHED}")
        settle(page, "zh")
        assert "公开数字" in page.locator(".st-key-asof-short").inner_text()
        assert "出处" in page.locator(".st-key-kpi-new_skilled_workers").inner_text()
        no_sideways_page(page)
        page.screenshot(path=screenshots / "phone-published-overview-390.png")
        open_page(page, f"{app_url}/data?snap={PUBLISHED}")
        settle(page, "zh")
        page.locator(".st-key-published-figures").scroll_into_view_if_needed()
        no_sideways_page(page)
        page.screenshot(path=screenshots / "phone-published-data-390.png")
