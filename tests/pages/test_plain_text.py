"""User text stays plain (issue #23, finding 6): a URL, a Markdown link or HTML typed into a 督办
measure, a comment or a chart note is shown as the words typed — never a link, never Markdown,
never HTML. Streamlit's Markdown (remark-gfm) finds bare URLs and e-mail addresses in text *after*
escapes are read, so the check applies GFM's own patterns, read from the Streamlit bundle installed,
to the text the page hands to st.markdown once its escapes are read."""

import re
from pathlib import Path

import pytest
import streamlit

from lib.views.markdown import WORD_JOINER, md_escape
from tests.apptest import block, run_app
from tests.pages.test_followups_pages import item_keys, open_from_alert

HOSTILE = [
    "见 https://evil.example.com/login?x=1 处理",
    "www.evil.example.com",
    "联系 boss@evil.example.com",
    "[点此](https://evil.example.com)",
    "<a href='https://evil.example.com'>x</a><script>alert(1)</script>",
    "**粗体** _斜体_ ![图](https://evil.example.com/p.png)",
]


def gfm_autolink_patterns() -> list[re.Pattern]:
    """The two patterns Streamlit's Markdown turns into links, from the installed bundle (the e-mail
    one without its look-behind, which Python cannot compile: it then finds more, never less)."""
    bundle = Path(streamlit.__file__).parent / "static"
    for script in bundle.rglob("StreamlitMarkdown*.js"):
        text = script.read_text(errors="ignore")
        url = re.search(r"\[/(\(https\?:.*?)/gi,", text)
        email = re.search(r"\[/\(\?<=\^\|\\s\|\\p\{P\}\|\\p\{S\}\)(.*?)/gu,", text)
        if url and email:
            return [re.compile(url.group(1), re.IGNORECASE), re.compile(email.group(1))]
    raise AssertionError("GFM's autolink patterns not found in Streamlit's bundle: update this test")


def as_read(markdown: str) -> str:
    """Markdown source as the text its parser keeps (escapes read)."""
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\1", markdown)


def links_in(markdown: str) -> list[str]:
    return [m.group(0) for pattern in gfm_autolink_patterns() for m in pattern.finditer(as_read(markdown))]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_user_text_has_no_autolink_no_markdown_and_reads_the_same(text):
    escaped = md_escape(text)
    assert links_in(escaped) == []
    assert as_read(escaped).replace(WORD_JOINER, "") == text  # the same words, only made inert
    assert not re.search(r"(?<!\\)[\[\]()<>*_!]", escaped)  # every Markdown / HTML character escaped


def test_the_patterns_do_find_the_links_in_unprotected_text():
    """The check can fail: the same text merely escaped (the old md_escape) still has its links."""
    merely_escaped = re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", HOSTILE[0])
    assert links_in(merely_escaped) == ["https://evil.example.com/login?x=1"]
    assert links_in("boss@evil.example.com")


def test_a_url_in_a_followups_measures_is_shown_as_plain_text():
    measures = " ".join(HOSTILE)
    open_from_alert(run_app("alerts", region="320000"), measures=measures)
    page = run_app("followups")
    (key,) = item_keys(page)
    shown = [m.value for m in block(page, key).get("markdown")]
    with_measures = [value for value in shown if "evil" in value]
    assert with_measures, shown
    for value in with_measures:
        assert links_in(value) == [], value
        assert "\\<a" in value and "\\]\\(" in value  # HTML and Markdown links shown as typed, escaped
