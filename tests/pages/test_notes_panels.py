"""Notes on the data through AppTest: an analyst adds one under the Programs path chart; it is a
numbered marker on the chart, listed under it after a reload, carried into the 进度通报 on the
alerts page (its .docx: tests/briefing/test_report.py); an empty note is refused in words; a
province's analyst notes their province only, a viewer never; the Provinces trend shows it too."""

import json
from datetime import date

import pytest

from lib.core.roles import AccessDenied, Identity
from lib.core.settings import database_url
from lib.store import annotations
from lib.store.database import open_database
from tests.apptest import block, blocks, run_app, texts

NOTE = "3月受春节因素影响，评价集中在4月"


def store():
    return open_database(database_url())


def charts_json(at) -> str:
    """Every chart's figure on the page, as the browser receives it."""
    return json.dumps([json.loads(chart.proto.spec) for chart in at.get("plotly_chart")], ensure_ascii=False)


def add_note(at, key: str, text: str, month: date | None = None):
    if month is not None:
        at.selectbox(key=f"note-month-{key}").set_value(month)
    at.text_input(key=f"note-text-{key}").input(text)
    at.button(key=f"note-submit-{key}").click().run()
    assert not at.exception
    return at


def test_an_analyst_adds_a_note_shown_on_the_chart_under_it_and_in_the_report():
    at = run_app("programs", program="high_skilled_leading", target="leading_talent")
    add_note(at, "path", NOTE, date(2026, 3, 1))
    assert "已添加数据备注。" in texts(block(at, "notes-path"))
    page = run_app("programs", program="high_skilled_leading", target="leading_talent")  # a reload
    listed = texts(block(page, "notes-path"))
    assert f"注1 2026年3月 · 全国：{NOTE}（local" in listed
    assert '"text": "注1"' in charts_json(page) and NOTE in charts_json(page)  # the marker, its text on hover
    alerts = run_app("alerts")
    report = alerts.get("code")[0].value
    assert "三、数据备注" in report and f"2026年3月 · 全国：{NOTE}" in report


def test_an_empty_note_is_refused_in_words_and_nothing_is_saved():
    at = add_note(run_app("programs", program="high_skilled_leading", target="leading_talent"), "path", "   ")
    assert "请填写备注内容。" in texts(block(at, "notes-path"))
    assert annotations.notes(store()) == []


def test_a_province_analyst_notes_their_province_only_and_a_viewer_never(people):
    people.be("gd.analyst")
    at = run_app("provinces", region="440000", target="leading_talent")
    assert [b for b in blocks(at.main, "notes-trend")]
    add_note(at, "trend", "10月集中评价，数据偏高")
    (note,) = annotations.notes(store())
    assert note.region_code == "440000" and note.author == "gd.analyst"
    page = run_app("provinces", region="440000", target="leading_talent")
    assert "10月集中评价，数据偏高" in texts(block(page, "notes-trend"))
    assert "10月集中评价，数据偏高" in charts_json(page)
    other = run_app("provinces", region="320000", target="leading_talent")
    assert not [t for t in other.text_input if (t.key or "").startswith("note-text")]  # outside their scope
    people.be("gd.viewer")
    viewer = run_app("provinces", region="440000", target="leading_talent")
    assert "10月集中评价，数据偏高" in texts(block(viewer, "notes-trend"))  # shown to everyone …
    assert not [t for t in viewer.text_input if (t.key or "").startswith("note-text")]  # … written by analysts
    viewer_identity = Identity("gd.viewer", "gd.viewer", role="viewer", scope="440000", mode="proxy", signed_in=True)
    with pytest.raises(AccessDenied):
        annotations.add_note(
            store(),
            viewer_identity,
            target_id="leading_talent",
            indicator_id="leading_talent_new",
            region_code="440000",
            period=date(2026, 3, 1),
            text="x",
        )
