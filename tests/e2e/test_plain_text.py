"""User text shown plain in a real browser (issue #23, finding 6): a 督办 measure holding a bare URL,
a Markdown link and HTML is shown as the characters typed — no link, no bold, no element made from
it — on a laptop and a phone, in both languages."""

import pytest

from tests.e2e.shared.browser import guarded_page, open_page
from tests.e2e.test_followups import followups_url, open_followup_form, submit_followup  # noqa: F401

pytestmark = pytest.mark.e2e
UNIT = "江苏省人社厅链接测试处"
MEASURES = "见 https://evil.example.com/x 与 www.evil.example.com，[点此](https://evil.example.com) <b>粗</b> **重**"


def test_a_url_markdown_and_html_in_a_measure_are_plain_text(browser, followups_url, screenshots):  # noqa: F811
    with guarded_page(browser, width=1366, height=768) as page:
        _, form = open_followup_form(page, followups_url, UNIT, MEASURES)
        submit_followup(page, form, UNIT)

    for lang, width, height in (("zh", 1366, 768), ("zh", 390, 844), ("en", 1366, 768), ("en", 390, 844)):
        with guarded_page(browser, width=width, height=height) as page:
            open_page(page, f"{followups_url}/followups" + ("?lang=en" if lang == "en" else ""))
            card = page.locator(".st-key-followup-list [class*='st-key-followup-']").filter(has_text=UNIT).first
            card.wait_for(timeout=120000)
            text = card.inner_text().replace("\u2060", "")
            assert "https://evil.example.com/x" in text and "[点此](https://evil.example.com)" in text
            assert "<b>粗</b>" in text and "**重**" in text
            assert card.locator("a[href*='evil']").count() == 0  # no link made from the text
            assert card.locator("b, strong").filter(has_text="粗").count() == 0
            assert card.locator("strong").filter(has_text="重").count() == 0
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
            card.scroll_into_view_if_needed()
            page.screenshot(path=screenshots / f"plain-text-measure-{lang}-{width}.png")
