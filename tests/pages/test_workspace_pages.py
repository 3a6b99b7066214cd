"""Sign-in, roles and the workspace through AppTest, per role: what each person is offered, what the
server refuses whatever the page shows (by URL, by widget key, by a replayed message), what is kept
for whom, short links, the review with four eyes, the admin page."""

import pandas as pd
import pytest

from lib.core.settings import database_url
from lib.store import audit, workspace
from lib.store.database import open_database
from lib.store.snapshots import scan_snapshots
from tests.apptest import block, blocks, data_folder, run_app, texts

GUANGDONG_OCTOBER = (
    "省份,月份,指标,人次\n广东,2026-10,公共实训基地培训民营企业员工,45000\n".encode()
)  # a plausible size
TWO_PROVINCES = "省份,月份,指标,人次\n广东,2026-10,公共实训基地培训民营企业员工,50000\n江苏,2026-10,公共实训基地培训民营企业员工,40000\n".encode()


def whoami(at) -> str:
    return texts(block_in(at.sidebar, "whoami"))


def block_in(node, key):
    matches = [b for b in blocks(node, key) if b.key == key]
    assert len(matches) == 1, key
    return matches[0]


def upload(at, name, data):
    at.file_uploader(key="upload-file").set_value((name, data, "text/csv")).run()
    return at


def confirm(at, name="leading.csv", data=GUANGDONG_OCTOBER, mode=None):
    upload(at, name, data)
    if mode:
        at.radio(key="upload-mode").set_value(mode).run()
    at.button(key="upload-confirm").click().run()
    assert not at.exception
    return at


def store():
    return open_database(database_url())


def item_ids(at) -> list[str]:
    return [b.key.removeprefix("workspace-item-") for b in blocks(at.main, "workspace-item-")]


# --- single user (the default) ------------------------------------------------------------------
def test_single_user_mode_says_so_and_keeps_the_upload_after_a_reload():
    at = confirm(run_app("upload"))
    assert "单用户模式" in whoami(at)
    reloaded = run_app()  # a new session: a reload, a new tab, a restarted server
    assert "leading" in texts(block(reloaded, "upload-active"))
    at = run_app("workspace")
    (item,) = item_ids(at)
    assert "leading.csv" in texts(block(at, f"workspace-item-{item}"))


def test_the_workspace_renames_deletes_and_reopens():
    first = confirm(run_app("upload"))
    first.button(key="upload-clear").click().run()
    assert not blocks(first.main, "upload-active")
    at = run_app("workspace")
    (item,) = item_ids(at)
    at.button(key=f"ws-open-{item}").click().run()  # reopen: in force again, here and after a reload
    assert "已打开" in " ".join(s.value for s in at.success)
    assert blocks(run_app().main, "upload-active")
    at.text_input(key=f"ws-title-{item}").set_value("广东 十月 终稿").run()
    at.button(key=f"ws-rename-{item}").click().run()
    assert "广东 十月 终稿" in texts(block(run_app("workspace"), f"workspace-item-{item}"))
    at.button(key=f"ws-delete-{item}").click().run()
    assert item_ids(at) == [] and not blocks(run_app().main, "upload-active")


def test_a_briefing_under_construction_is_there_in_a_new_session():
    at = run_app()
    at.button(key="brief-add").click().run()
    assert at.session_state["view"]["brief"] == "overview"
    again = run_app()
    assert again.session_state["view"]["brief"] == "overview"
    ws = run_app("workspace")
    assert any("简报" in texts(b) for b in blocks(ws.main, "workspace-item-"))


def test_a_short_link_opens_the_same_view_in_the_other_language():
    at = run_app("provinces", target="leading_talent", region="440000")
    at.button(key="short-link-make").click().run()
    short = at.session_state["_short_link"][1]
    opened = run_app(v=short, lang="en")
    assert opened.session_state["view"]["region"] == "440000"
    assert opened.session_state["view"]["target"] == "leading_talent" and opened.session_state["view"]["lang"] == "en"
    assert opened.title[0].value == "Progress by province"  # the link's page, in English
    saved = [i for i in workspace.items(store(), "local", "view")]
    assert [i.payload["link"] for i in saved] == [short]
    unknown = run_app(v="zzzzzzzzzz")
    assert "zzzzzzzzzz" in " ".join(w.value for w in unknown.warning)


# --- signed in through the proxy ------------------------------------------------------------------
def test_a_viewer_is_offered_no_upload_review_or_admin_and_opens_on_their_province(people):
    people.be("gd.viewer", name="广东查看员")
    at = run_app()
    assert "广东查看员" in whoami(at) and "查看者" in whoami(at) and "广东" in whoami(at)
    assert at.session_state["view"]["region"] == "440000"  # a 广东 viewer opens on 广东
    provinces = run_app("provinces")
    assert provinces.session_state["view"]["region"] == "440000"
    needed = {"upload": "分析员", "review": "发布员", "admin": "管理员"}
    for page in ("upload", "review", "admin"):  # its URL answers 无权限, naming the role it needs
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception and at.title[0].value == "无权限"
        assert "查看者" in at.error[0].value and f"需要{needed[page]}" in at.error[0].value
        assert blocks(at.main, "access-denied") and at.get("file_uploader") == []


@pytest.mark.parametrize(("page", "needed"), [("upload", "分析员"), ("review", "发布员"), ("admin", "管理员")])
def test_someone_not_signed_in_is_asked_to_sign_in_naming_the_role_a_page_needs(people, page, needed):
    people.be(None)
    at = run_app(page)
    assert not at.exception and at.title[0].value == "需要登录"
    assert "请先登录" in at.warning[-1].value and f"需要{needed}" in at.warning[-1].value
    assert not blocks(at.main, "review-compare") and not blocks(at.main, "admin-audit")
    assert at.get("file_uploader") == []


@pytest.mark.parametrize("page", ["upload", "review", "admin"])
def test_a_viewer_cannot_reach_an_analysts_or_publishers_page_by_url(people, page):
    people.be("gd.viewer")
    at = run_app(page)
    assert not at.exception
    assert (
        at.get("file_uploader") == [] and not blocks(at.main, "review-compare") and not blocks(at.main, "admin-audit")
    )


def test_a_session_whose_person_changes_keeps_nothing_of_the_last(people):
    people.be("gd.analyst")
    at = confirm(run_app("upload"))
    assert blocks(at.main, "upload-active")
    people.be("gd.viewer")
    at.run()
    assert not at.exception and not blocks(at.main, "upload-active") and at.get("file_uploader") == []
    assert "查看者" in whoami(at)


def test_a_replayed_confirm_from_a_viewer_saves_nothing(people):
    people.be("gd.analyst")
    analyst = upload(run_app("upload"), "leading.csv", GUANGDONG_OCTOBER)
    analyst.button(key="upload-confirm").click()
    replay = analyst._tree.get_widget_states()  # the message the browser would send
    people.be("gd.viewer")
    viewer = run_app("upload")
    viewer._run(replay)
    assert not viewer.exception and not blocks(viewer.main, "upload-active")
    db = store()
    assert workspace.items(db, "gd.viewer") == [] and workspace.items(db, "gd.analyst") == []
    assert "upload" not in set(audit.audit_frame(db)["action"])


def test_wrong_or_missing_proxy_secret_means_an_anonymous_viewer(people):
    people.be("admin", secret="guessed")
    at = run_app()
    assert "未识别身份" in whoami(at)
    at = run_app("admin")
    assert not blocks(at.main, "admin-audit") and at.title[0].value == "需要登录"
    people.be(None)
    assert "未识别身份" in whoami(run_app())


def test_a_provincial_analyst_keeps_their_provinces_rows_only(people):
    people.be("gd.analyst")
    at = upload(run_app("upload"), "two.csv", TWO_PROVINCES)
    problems = block(at, "upload-errors").get("dataframe")[0].value
    assert list(problems["原始值"]) == ["320000"] and "只能上传广东" in problems.iloc[0]["原因"]
    at.radio(key="upload-mode").set_value("merge").run()
    at.button(key="upload-confirm").click().run()
    (item,) = workspace.items(store(), "gd.analyst")
    record = workspace.load_upload(store(), "gd.analyst", item.id)
    assert list(record.frame["region_code"].unique()) == ["440000"]


def test_one_analyst_never_sees_anothers_drafts(people):
    people.be("gd.analyst")
    confirm(run_app("upload"))
    people.be("js.analyst")
    at = run_app("workspace")
    assert item_ids(at) == [] and not blocks(at.main, "upload-active")
    people.be("gd.analyst")
    assert len(item_ids(run_app("workspace"))) == 1


def submit_as_gd_analyst(people):
    people.be("gd.analyst")
    confirm(run_app("upload"), "private.csv", TWO_PROVINCES, mode="merge")
    at = run_app("workspace")
    (item,) = item_ids(at)
    at.button(key=f"ws-submit-{item}").click().run()
    assert "已提交" in " ".join(s.value for s in at.success)
    return item


def test_a_publisher_reviews_side_by_side_and_publishes_but_never_their_own(people, tmp_path, monkeypatch):
    folder = data_folder(tmp_path)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))
    submit_as_gd_analyst(people)
    people.be("nat.analyst")  # an analyst is not a publisher
    assert not blocks(run_app("review").main, "review-compare")

    people.be("chen", groups="staff,mohrss-publishers", name="陈发布")
    own = confirm(run_app("upload"), "mine.csv", GUANGDONG_OCTOBER, mode="merge")  # a publisher may upload too …
    ws = run_app("workspace")
    mine = next(i for i in item_ids(ws) if "mine.csv" in texts(block(ws, f"workspace-item-{i}")))
    ws.button(key=f"ws-submit-{mine}").click().run()
    at = run_app("review")
    gd_submission, own_submission = at.selectbox(key="review-pick").options  # oldest first
    at.selectbox(key="review-pick").set_value(own_submission).run()  # … but not publish it
    assert "四眼原则" in " ".join(w.value for w in at.warning)
    form = at.get("form")[0]
    assert form.get("button")[0].proto.disabled
    form.get("text_input")[2].set_value("x")
    form.get("text_input")[3].set_value("y")
    replay = at._tree.get_widget_states()  # a crafted message: the disabled button pressed
    pressed = replay.widgets.add()
    pressed.id, pressed.trigger_value = form.get("button")[0].id, True
    at._run(replay)  # publishes nothing (lib.upload.publish refuses it too: tests/upload/test_publish.py)
    assert not at.exception and len(scan_snapshots(folder / "snapshots")[0]) == 1
    assert "publish" not in set(audit.audit_frame(store())["action"])
    assert own is not None

    at.selectbox(key="review-pick").set_value(gd_submission).run()
    compare = block(at, "review-compare")
    changed = {m.label: m.value for m in compare.get("metric")}
    # 广东's October total replaced, its two breakdown rows gone with it (the upload has none); nothing else
    assert (changed["数值改动的观测"], changed["新增的观测"], changed["删除的观测"]) == ("1", "0", "2")
    form = at.get("form")[0]
    fields = form.get("text_input")
    fields[2].set_value("广东省人社厅")
    fields[3].set_value("人社部")
    form.get("button")[0].click()
    at.run()
    assert "已发布为快照" in " ".join(s.value for s in at.success), [e.value for e in at.error]
    refs = scan_snapshots(folder / "snapshots")[0]
    assert len(refs) == 2 and refs[0].id.startswith("2026-10-31-440000")
    log = audit.audit_frame(store())
    assert log[log["action"] == "publish"].iloc[0]["actor"] == "chen"


def test_the_admin_sees_roles_users_and_the_audit_log(people):
    submit_as_gd_analyst(people)
    people.be("admin")
    at = run_app("admin")
    assert not at.exception
    rules = block(at, "admin-roles").get("dataframe")[0].value
    assert {"gd.analyst", "mohrss-publishers"} <= set(rules["用户或组"])
    users = block(at, "admin-users").get("dataframe")[0].value
    assert users.set_index("用户").loc["gd.analyst", "角色"] == "分析员"
    log = block(at, "admin-audit").get("dataframe")[0].value
    assert {"上传", "提交发布"} <= set(log["操作"])
    assert (
        users.set_index("用户").loc["chen" if "chen" in set(users["用户"]) else "gd.analyst", "角色来源"] == "用户条目"
    )
    assert isinstance(log, pd.DataFrame)


def test_oidc_sign_in_uses_st_user(monkeypatch, tmp_path):
    roles = tmp_path / "roles.toml"
    roles.write_text('[users."li@example.org"]\nrole = "admin"\n', encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_AUTH", "oidc")
    monkeypatch.setenv("DASHBOARD_ROLES_FILE", str(roles))
    from streamlit.testing.v1 import AppTest

    from tests.apptest import APP

    at = AppTest.from_file(APP, default_timeout=60)
    at.user = {"is_logged_in": True, "email": "li@example.org", "name": "李四"}
    at.run()
    assert "李四" in whoami(at) and "管理员" in whoami(at)
    at.user = {"is_logged_in": False}
    at.run()
    assert "未识别身份" in whoami(at)


def test_workspace_review_and_admin_in_english_have_no_untranslated_text(people, tmp_path, monkeypatch):
    from tests.english_scan import untranslated
    from tests.pages.test_drilldown_pages import allowed_data_strings

    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_folder(tmp_path)))
    submit_as_gd_analyst(people)
    allowed = [*allowed_data_strings(), "private.csv", "广东", "江苏", "广东省", "江苏省", "在岗培训", "岗前培训"]
    people.be("gd.analyst")
    assert untranslated(run_app("workspace", lang="en"), allowed) == []
    people.be("chen", groups="mohrss-publishers")
    assert untranslated(run_app("review", lang="en"), allowed) == []  # breakdown values are data
    people.be("admin")
    assert untranslated(run_app("admin", lang="en"), allowed) == []


def test_without_the_database_published_data_still_show_and_an_upload_is_refused_plainly(monkeypatch):
    from tests.e2e.shared.browser import free_port

    monkeypatch.setenv("DASHBOARD_DATABASE_URL", f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none")
    at = run_app()
    assert not at.exception and blocks(at.main, "kpi-leading_talent")
    assert "无法连接" in " ".join(w.value for w in at.sidebar.get("warning"))
    at = upload(run_app("upload"), "leading.csv", GUANGDONG_OCTOBER)
    at.button(key="upload-confirm").click().run()
    assert not at.exception and "没有保存" in " ".join(e.value for e in at.error)
    assert not blocks(at.main, "upload-active")
