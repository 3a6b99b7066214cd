"""The view models of the pages that read the database (我的工作区, 审核发布, 订阅, 管理, 督办), built
without Streamlit on a real SQLite store: what each person sees (their own items and deliveries,
everyone's only for an admin, the queue without their own submissions, the items of their scope),
in the UI language, read afresh on every build (a change between runs is seen)."""

from datetime import date, timedelta

import pandas as pd
import pytest

from lib.core.roles import Identity, RolesFile
from lib.core.settings import DEFAULT_DATA_DIR
from lib.store import followups, submissions, subscriptions, workspace
from lib.store.database import open_database
from lib.store.folder import open_data_folder
from lib.views import admin, review
from lib.views import followups as followups_view
from lib.views import subscriptions as subscriptions_view
from lib.views import workspace as workspace_view

ANALYST = Identity("gd.analyst", "广东分析员", role="analyst", scope="440000", mode="proxy", signed_in=True)
PUBLISHER = Identity("pub", "发布员", role="publisher", mode="proxy", signed_in=True)
ADMIN = Identity("root", "管理员", role="admin", mode="proxy", signed_in=True)
JS_ANALYST = Identity("js.analyst", "江苏分析员", role="analyst", scope="320000", mode="proxy", signed_in=True)
ROWS = pd.DataFrame(
    {
        "indicator_id": ["subsidised_training"],
        "region_code": ["440000"],
        "period": [pd.Timestamp("2026-10-01")],
        "value": [12500.0],
    }
)


@pytest.fixture(scope="module")
def folder():
    return open_data_folder(DEFAULT_DATA_DIR)


@pytest.fixture
def db(tmp_path):
    database = open_database(f"sqlite:///{tmp_path / 'store.db'}")
    for person in (ANALYST, PUBLISHER, ADMIN, JS_ANALYST):
        workspace.sign_in(database, person)
    yield database
    database.close()


def upload(db, who=ANALYST) -> str:
    return workspace.confirm_upload(
        db, who, file_name="广东.csv", raw=b"a,b\n", frame=ROWS, mode="merge", mapping={}, read={}
    )


def test_the_workspace_lists_a_persons_items_newest_first_with_the_one_in_force(db):
    model = workspace_view.build(db, ANALYST, "zh")
    assert model.lines == ()
    first = upload(db)
    second = workspace.save_item(db, ANALYST.user_id, "view", "我的视图", {"link": "/?v=abc"})
    model = workspace_view.build(db, ANALYST, "zh")
    assert [line.item.id for line in model.lines] == [second, first]
    upload_line = model.lines[1]
    assert upload_line.in_force and not model.lines[0].in_force
    assert (upload_line.kind, model.lines[0].kind) == ("上传", "视图")
    assert "广东.csv" in upload_line.detail and "1 行" in upload_line.detail and "UTC" in upload_line.detail
    assert workspace_view.build(db, JS_ANALYST, "zh").lines == ()  # another person's items are not theirs
    submissions.submit(db, ANALYST, first)
    (_, line) = workspace_view.build(db, ANALYST, "en").lines
    assert line.submission is not None and line.submission.state == "submitted"
    assert line.detail.endswith(submissions_word(line))


def submissions_word(line) -> str:
    return workspace_view.submission_state(line.submission, "en")


def test_the_review_queue_is_the_publishers_without_their_own_in_words(db, folder):
    assert review.build(db, PUBLISHER, folder, "zh").queue == {}
    submitted = submissions.submit(db, ANALYST, upload(db))
    model = review.build(db, PUBLISHER, folder, "zh")
    assert list(model.queue) == [submitted]
    assert model.options[submitted].startswith("广东.csv · gd.analyst · 广东 · 1 行 · ")
    assert model.modes[submitted] in ("merge", "alone") and model.base == folder.snapshots[0]
    proposed = review.proposed(db, folder, model.queue[submitted], None, "zh")
    assert proposed.provenance.snapshot_id == f"submission:{submitted}"


def test_the_delivery_log_is_a_persons_own_and_everyones_only_for_an_admin(db, folder, monkeypatch):
    monkeypatch.setenv("DASHBOARD_MAIL_DOMAINS", "example.org")  # the admin's list (issue #23)
    mine = subscriptions.subscribe(db, ANALYST, channel="email", address="gd@example.org", region_code="440000")
    delivery = subscriptions.claim(
        db,
        mine,
        run_id="run-1",
        month="2026-10",
        snapshot_id="2026-10-31-demo",
        region_code="440000",
        lang="zh",
        channel="email",
        recipient="gd@example.org",
    )
    subscriptions.finish(db, delivery, ok=True, attempts=1)
    model = subscriptions_view.build(db, ANALYST, folder.regions, "zh")
    assert len(model.mine) == 1 and model.everyone is None
    assert len(subscriptions_view.build(db, JS_ANALYST, folder.regions, "zh").mine) == 0
    everyone = subscriptions_view.build(db, ADMIN, folder.regions, "en").everyone
    assert everyone is not None and len(everyone) == 1
    assert subscriptions_view.build(db, ADMIN, folder.regions, "en").everyone_csv().count(b"\n") == 2


def test_the_admin_page_has_the_rules_people_and_the_log_read_afresh(db, folder):
    model = admin.build(db, RolesFile(), None, folder.regions, "zh")
    assert model.roles_file is None and model.roles_error is None
    assert set(model.people.iloc[:, 0]) >= {"gd.analyst", "pub", "root"}
    before = len(model.log)
    upload(db)  # an action with its audit entry
    again = admin.build(db, RolesFile(), None, folder.regions, "zh")
    assert len(again.log) == before + 1
    assert again.log_csv().decode("utf-8-sig").count("\n") == len(again.log) + 1


def test_a_province_admins_page_has_the_audit_log_of_its_peoples_actions_only(db, folder):
    gd_admin = Identity("gd.admin", "广东管理员", role="admin", scope="440000", mode="proxy", signed_in=True)
    workspace.sign_in(db, gd_admin)
    upload(db)  # a Guangdong analyst's action (everyone's first sign-in is in the log too)
    actor = "操作人"  # the log's column in Chinese
    national = admin.build(db, RolesFile(), None, folder.regions, "zh").log
    assert {"gd.analyst", "js.analyst", "root"} <= set(national[actor])
    province = admin.build(db, RolesFile(), None, folder.regions, "zh", scope=gd_admin.scope).log
    assert set(province[actor]) == {"gd.analyst", "gd.admin"}


def test_the_followups_view_counts_filters_and_words_the_items_of_a_scope(db, folder):
    due = date.today() + timedelta(days=30)
    fields = dict(target_name="新培育高技能领军人才", own=False, responsible_unit="省人社厅", contact="", measures="")
    fields |= dict(pace_method="linear", snapshot_id="2026-10-31-demo", month="2026-10", colour="red", pace=0.6)
    gd = followups.open_follow_up(db, ANALYST, target_id="leading_talent", region_code="440000", due_date=due, **fields)
    followups.open_follow_up(db, JS_ANALYST, target_id="leading_talent", region_code="320000", due_date=due, **fields)
    catalogue, regions = folder.catalogue, folder.regions
    model = followups_view.build(db, ANALYST, catalogue, regions, "zh", today=date.today())
    assert [info.id for info in model.found] == [gd]  # their province's only
    assert model.counts == (("待办", 1), ("办理中", 0), ("已逾期", 0), ("已办结", 0))
    assert model.regions == {"": "— 全部地区 —", "440000": "广东"}
    assert model.targets == {"leading_talent": catalogue.by_target["leading_talent"].name("zh")}
    assert followups_view.shown(model, statuses=["resolved"], region="", targets=[], overdue_only=False) == []
    kept = followups_view.shown(model, statuses=[], region="440000", targets=[], overdue_only=False)
    ((info, line),) = followups_view.lines(kept, catalogue, regions, "zh", today=model.today, now={}, newest="x")
    assert info.id == gd and line.key == f"followup-{gd}" and line.title.endswith("· 广东")
    assert followups_view.workbook(kept, catalogue, regions, "zh", model.today)[:2] == b"PK"
    national = followups_view.build(db, PUBLISHER, catalogue, regions, "en", today=date.today())
    assert len(national.found) == 2 and national.statuses["open"] == "Open"
    assert set(national.regions) == {"", "320000", "440000"}
