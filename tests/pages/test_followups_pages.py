"""督办 through AppTest, per role: opened from an alert and there after a reload; who is offered the
button and the actions, what the server refuses whatever the page shows (a replayed message, a
forged draft); the trail; the province it concerns sees it and no other does; the item closing
itself when the newest published snapshot shows it green; bad input; the English page."""

import re
from datetime import date, timedelta

import pytest

from lib.core.roles import Identity
from lib.core.settings import DEFAULT_DATA_DIR, database_url
from lib.store import audit, followups
from lib.store.database import open_database
from lib.store.folder import open_data_folder
from tests.apptest import block, blocks, data_folder, run_app, texts
from tests.english_scan import untranslated
from tests.followup_fixtures import CATCHING_UP, RECOVERED_ID, add_recovered_snapshot
from tests.pages.conftest import ROLES
from tests.pages.test_drilldown_pages import allowed_data_strings

MORE_ROLES = """
[users."js.viewer"]
role = "viewer"
scope = "320000"
"""
TARGET, REGION = CATCHING_UP  # 新培育高技能领军人才 × 江苏: red in the demo snapshot


@pytest.fixture
def people(people, tmp_path):
    (tmp_path / "roles.toml").write_text(ROLES + MORE_ROLES, encoding="utf-8")
    return people


def store():
    return open_database(database_url())


def item_keys(at) -> list[str]:
    return [b.key for b in blocks(at.main, "followup-") if re.fullmatch(r"followup-[0-9a-f]{12}", b.key)]


def choose(at, target=TARGET, region=REGION):
    """Pick the alert in the page's one 督办 picker (a row clicked in a table does the same)."""
    folder = open_data_folder(DEFAULT_DATA_DIR)
    words = f"{folder.catalogue.by_target[target].name('zh')} · {folder.regions.by_code[region].name('zh')} ·"
    picker = at.selectbox(key="alerts-followup-pick")
    return picker.set_value(next(i for i, label in enumerate(picker.options) if words in label)).run()


def chosen(region=REGION, target=TARGET):
    """The Alerts page of ``region`` with the alert on ``target`` chosen for a 督办."""
    return choose(run_app("alerts", region=region), target, region)


def open_from_alert(at, *, unit="江苏省人社厅职业能力建设处", contact="王五 025-1234", measures="每月调度，落实补贴"):
    choose(at)
    at.button(key=f"followup-new-{TARGET}-{REGION}").click().run()
    at.text_input(key="followup-unit").input(unit)
    at.text_input(key="followup-contact").input(contact)
    at.text_area(key="followup-measures").input(measures)
    at.button(key="followup-submit").click().run()
    assert not at.exception
    return at


def test_opened_from_an_alert_it_is_listed_and_there_after_a_reload():
    at = open_from_alert(run_app("alerts", region=REGION))
    assert "已开立督办，责任单位：江苏省人社厅职业能力建设处" in " ".join(s.value for s in at.success)
    line = texts(block(at, f"alert-{TARGET}-{REGION}-red"))
    assert "督办：待办 · 责任单位 江苏省人社厅职业能力建设处" in line
    assert not [b for b in at.button if b.key == f"followup-new-{TARGET}-{REGION}"]  # one active item per alert
    page = run_app("followups")  # a new session: a reload, another tab, a restart
    (key,) = item_keys(page)
    card = texts(block(page, key))
    assert "待办" in card and "新培育高技能领军人才 · 江苏" in card and "王五 025-1234" in card
    assert "开立（快照 2026-10-31-demo，2026-10：红色，进度比 59.8%）" in card
    assert "最新快照 2026-10-31-demo：红色，进度比 59.8%，已持续 34 个月。" in card
    assert "开立督办：每月调度，落实补贴" in texts(block(page, f"{key}-trail"))
    assert [m.value for m in block(page, "followup-counts").get("metric")] == ["1", "0", "0", "0"]
    assert "follow_up_open" in set(audit.audit_frame(store())["action"])


def test_a_form_without_a_responsible_unit_is_refused_and_nothing_is_saved():
    at = open_from_alert(run_app("alerts", region=REGION), unit="   ")
    assert "请填写责任单位" in texts(block(at, "followup-error"))
    assert at.text_area(key="followup-measures").value == "每月调度，落实补贴"  # what was typed stays
    assert followups.visible(store(), Identity("local", "local", role="analyst", mode="none")) == []


def test_a_due_date_before_today_sent_by_the_browser_is_never_saved():
    """Streamlit's picker drops a date before its minimum (today), so the default stays; the store
    refuses one in words too (tests/store: followups.error.due_past)."""
    at = chosen()
    at.button(key=f"followup-new-{TARGET}-{REGION}").click().run()
    at.text_input(key="followup-unit").input("江苏省人社厅")
    at.date_input(key="followup-due").set_value(date.today() - timedelta(days=1))  # what a crafted message carries
    at.button(key="followup-submit").click().run()
    assert not at.exception
    (info,) = followups.visible(store(), Identity("local", "local", role="analyst", mode="none"))
    assert info.due_date >= date.today()


def test_only_analysts_of_the_region_are_offered_the_button(people):
    people.be("js.analyst")
    at = chosen()
    assert [b for b in at.button if b.key == f"followup-new-{TARGET}-{REGION}"]
    assert not [b for b in chosen("500000").button if (b.key or "").startswith("followup-new")]
    people.be("js.viewer")
    assert not [b for b in chosen().button if (b.key or "").startswith("followup-new")]
    people.be("nat.analyst")  # a national analyst follows up any province
    assert [b for b in chosen("500000").button if (b.key or "").startswith("followup-new")]


def test_a_viewer_replaying_an_analysts_submit_or_forging_a_draft_opens_nothing(people):
    people.be("js.analyst")
    analyst = chosen()
    analyst.button(key=f"followup-new-{TARGET}-{REGION}").click().run()
    analyst.text_input(key="followup-unit").input("伪造单位")
    analyst.button(key="followup-submit").click()
    replay = analyst._tree.get_widget_states()  # the message the browser would send
    people.be("js.viewer")
    viewer = run_app("alerts", region=REGION)
    viewer.session_state["_followup_draft"] = (TARGET, REGION)  # even with the form's state forged
    viewer._run(replay)
    assert not viewer.exception and not [f for f in viewer.get("form")]
    assert followups.visible(store(), Identity("n", "n", role="admin", mode="proxy", signed_in=True)) == []


def open_as(people, user):
    people.be(user)
    open_from_alert(run_app("alerts", region=REGION))
    (info,) = followups.visible(
        store(), Identity(user, user, role="analyst", scope=REGION, mode="proxy", signed_in=True)
    )
    return info.id


def test_the_province_it_concerns_sees_it_comments_and_no_other_province_does(people):
    item = open_as(people, "js.analyst")
    people.be("gd.viewer")
    assert item_keys(run_app("followups")) == []  # another province: not even listed
    people.be("js.viewer")
    at = run_app("followups")
    assert item_keys(at) == [f"followup-{item}"] and "仅显示江苏的督办事项" in texts(at.main)
    assert not [b for b in at.button if b.key == f"fu-move-{item}"]  # a viewer changes no status …
    at.text_area(key=f"fu-comment-{item}").input("苏州、无锡已完成首批评价")
    at.button(key=f"fu-comment-submit-{item}").click().run()  # … but answers on the trail
    assert "苏州、无锡已完成首批评价" in texts(block(run_app("followups"), f"followup-{item}-trail"))
    people.be("chen", groups="mohrss-publishers")  # a national publisher sees every province
    assert item_keys(run_app("followups")) == [f"followup-{item}"]


def test_status_edit_and_cancel_leave_a_dated_trail(people):
    item = open_as(people, "js.analyst")
    at = run_app("followups")
    at.button(key=f"fu-move-{item}").click().run()
    assert "状态已改为：办理中" in " ".join(s.value for s in at.success)
    at.text_input(key=f"fu-unit-{item}").input("江苏省人社厅")
    later = date.today() + timedelta(days=120)
    at.date_input(key=f"fu-due-{item}").set_value(later)
    at.button(key=f"fu-edit-{item}").click().run()
    trail = texts(block(at, f"followup-{item}-trail"))
    assert "状态：待办 → 办理中" in trail and "修改了责任单位、办结时限" in trail
    assert later.isoformat() in texts(block(at, f"followup-{item}"))
    at.text_input(key=f"fu-cancel-reason-{item}").input("")
    at.button(key=f"fu-cancel-{item}").click().run()
    assert "请填写撤销原因" in texts(block(at, f"fu-error-{item}"))
    at.text_input(key=f"fu-cancel-reason-{item}").input("重复开立")
    at.button(key=f"fu-cancel-{item}").click().run()
    at.multiselect(key="followups-status").set_value(["cancelled"]).run()
    assert "已撤销" in texts(block(at, f"followup-{item}")) and not [b for b in at.button if b.key == f"fu-move-{item}"]


def test_it_closes_itself_when_the_newest_snapshot_shows_it_green_and_shows_the_recovery(people, tmp_path, monkeypatch):
    folder = data_folder(tmp_path)
    add_recovered_snapshot(folder)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))
    people.be("js.analyst")
    at = open_from_alert(run_app("alerts", region=REGION, snap="2026-10-31-demo"))  # red in October
    done = " ".join(s.value for s in at.success)
    assert "已开立督办" in done  # … and the newest snapshot, green, closes it at once (on the next run)
    assert "1 项督办任务的进度已恢复为绿色，已自动办结" in done
    page = run_app("followups")
    (key,) = item_keys(page)
    recovery = texts(block(page, f"{key}-recovery"))
    assert (
        f"进度比已恢复为绿色：快照 {RECOVERED_ID}（2026-12）" in recovery and "开立时为红色，进度比 59.8%" in recovery
    )
    assert "已办结（进度恢复）" in texts(block(page, key))
    assert "进度比恢复为绿色" in texts(block(page, f"{key}-trail"))
    assert [m.value for m in block(page, "followup-counts").get("metric")] == ["0", "0", "0", "1"]


def test_anonymous_visitors_see_no_followups(people):
    open_as(people, "js.analyst")
    people.be(None)
    at = run_app("followups")
    assert not at.exception and item_keys(at) == [] and "登录后才能查看" in " ".join(i.value for i in at.info)
    assert not [b for b in chosen().button if (b.key or "").startswith("followup-new")]


def test_with_an_upload_in_force_followups_wait_for_published_data():
    at = run_app("upload")
    data = "省份,月份,指标,人次\n江苏,2026-10,新培育高技能领军人才,60\n".encode()
    at.file_uploader(key="upload-file").set_value(("js.csv", data, "text/csv")).run()
    at.button(key="upload-confirm").click().run()
    alerts = chosen()
    assert "督办只能基于已发布的数据开立" in " ".join(c.value for c in alerts.caption)
    assert not [b for b in alerts.button if (b.key or "").startswith("followup-new")]


def test_the_english_page_has_no_chinese_but_data(people):
    open_as(people, "js.analyst")
    at = run_app("followups", lang="en")
    assert not at.exception and at.title[0].value == "Follow-ups"
    allowed = [
        *allowed_data_strings(),
        "江苏省人社厅职业能力建设处",
        "王五 025-1234",
        "每月调度，落实补贴",
        "新培育高技能领军人才",
    ]
    assert untranslated(at, allowed) == []
