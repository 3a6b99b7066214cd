"""The database of what people create, on SQLite and on a real PostgreSQL (the same tests on both):
migrations from nothing, people and roles, uploads kept byte for byte, workspaces kept apart,
briefings, short links, the audit log."""

import json

import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from lib.core.roles import AccessDenied, Identity
from lib.store import audit, links, workspace
from lib.store.database import head_revision, open_database, schema_revision
from lib.store.models import Base

ANALYST_GD = Identity("gd.analyst", "广东分析员", role="analyst", scope="440000", mode="proxy", signed_in=True)
ANALYST_JS = Identity("js.analyst", "江苏分析员", role="analyst", scope="320000", mode="proxy", signed_in=True)
VIEWER = Identity("viewer", "访客", role="viewer", mode="proxy", signed_in=True)
RAW = "省份,月份,指标,人数\n广东,2026-10,新培育高技能领军人才,5000\n".encode()


def rows(region="440000", value=5000.0):
    return pd.DataFrame(
        {
            "indicator_id": ["leading_talents_new"],
            "region_code": [region],
            "period": [pd.Timestamp("2026-10-01")],
            "value": [value],
        }
    )


@pytest.fixture
def db(database_url):
    database = open_database(database_url)
    for person in (ANALYST_GD, ANALYST_JS, VIEWER):
        workspace.sign_in(database, person)
    yield database
    database.close()


def test_a_fresh_database_is_created_at_the_newest_schema_and_matches_the_models(database_url):
    database = open_database(database_url)
    assert schema_revision(database.engine) == head_revision()
    assert {"users", "blobs", "workspace_items", "submissions", "short_links", "audit_log"} <= set(
        inspect(database.engine).get_table_names()
    )
    with database.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    open_database(database_url).close()  # opening again migrates nothing and loses nothing
    database.close()


def test_an_upload_is_kept_byte_for_byte_with_its_hash_mapping_and_rows(db):
    item = workspace.confirm_upload(
        db, ANALYST_GD, file_name="广东.csv", raw=RAW, frame=rows(), mode="merge", mapping={"shape": "long"}
    )
    assert workspace.active_items(db, ANALYST_GD.user_id) == (item, None)
    record = workspace.load_upload(db, ANALYST_GD.user_id, item)
    assert workspace.raw_file(db, ANALYST_GD.user_id, item) == RAW
    assert record.raw_sha256 == __import__("hashlib").sha256(RAW).hexdigest()
    assert record.mapping == {"shape": "long"} and record.mode == "merge" and record.scope == "440000"
    pd.testing.assert_frame_equal(record.frame, rows(), check_dtype=False)
    entry = audit.audit_frame(db).iloc[0]
    assert (entry["actor"], entry["action"], entry["subject"], entry["sha256"]) == (
        "gd.analyst",
        "upload",
        "广东.csv",
        record.raw_sha256,
    )


def test_a_provincial_analyst_cannot_keep_rows_of_another_province_and_a_viewer_cannot_upload(db):
    with pytest.raises(AccessDenied):
        workspace.confirm_upload(
            db, ANALYST_GD, file_name="x.csv", raw=RAW, frame=rows("320000"), mode="merge", mapping={}
        )
    with pytest.raises(AccessDenied):
        workspace.confirm_upload(db, VIEWER, file_name="x.csv", raw=RAW, frame=rows(), mode="merge", mapping={})
    assert workspace.items(db, ANALYST_GD.user_id) == [] and workspace.items(db, VIEWER.user_id) == []
    assert "upload" not in set(audit.audit_frame(db)["action"])


def test_one_persons_items_are_never_anothers(db):
    item = workspace.confirm_upload(db, ANALYST_GD, file_name="gd.csv", raw=RAW, frame=rows(), mode="alone", mapping={})
    assert [i.id for i in workspace.items(db, ANALYST_GD.user_id)] == [item]
    assert workspace.items(db, ANALYST_JS.user_id) == []
    for action in (
        lambda: workspace.load_upload(db, ANALYST_JS.user_id, item),
        lambda: workspace.raw_file(db, ANALYST_JS.user_id, item),
        lambda: workspace.rename_item(db, ANALYST_JS.user_id, item, "mine now"),
        lambda: workspace.delete_item(db, ANALYST_JS.user_id, item),
        lambda: workspace.set_active_upload(db, ANALYST_JS.user_id, item),
    ):
        with pytest.raises(LookupError):
            action()
    assert workspace.items(db, ANALYST_GD.user_id)[0].title == "gd.csv"


def test_rename_delete_and_reopen(db):
    first = workspace.confirm_upload(db, ANALYST_GD, file_name="a.csv", raw=RAW, frame=rows(), mode="alone", mapping={})
    second = workspace.confirm_upload(
        db, ANALYST_GD, file_name="b.csv", raw=RAW + b"\n", frame=rows(value=1.0), mode="alone", mapping={}
    )
    assert workspace.active_items(db, ANALYST_GD.user_id)[0] == second
    workspace.set_active_upload(db, ANALYST_GD.user_id, first)  # reopen the older one
    assert workspace.active_items(db, ANALYST_GD.user_id)[0] == first
    workspace.rename_item(db, ANALYST_GD.user_id, first, "广东 十月 终稿")
    with pytest.raises(ValueError):
        workspace.rename_item(db, ANALYST_GD.user_id, first, "  ")
    workspace.delete_item(db, ANALYST_GD.user_id, first)
    assert workspace.active_items(db, ANALYST_GD.user_id)[0] is None  # deleting the upload in force ends it
    assert [(i.id, i.title) for i in workspace.items(db, ANALYST_GD.user_id)] == [(second, "b.csv")]


def test_the_briefing_being_built_is_one_item_updated_in_place(db):
    owner = VIEWER.user_id
    item = workspace.save_briefing(db, owner, "overview", "简报")
    assert workspace.save_briefing(db, owner, "overview,provinces.leading_talent", "简报") == item
    assert workspace.active_items(db, owner) == (None, item)
    assert workspace.briefing(db, owner, item) == "overview,provinces.leading_talent"
    assert workspace.save_briefing(db, owner, "", "简报") is None  # cleared: none in force, the saved one stays
    assert workspace.active_items(db, owner) == (None, None)
    assert workspace.open_briefing(db, owner, item) == "overview,provinces.leading_talent"
    assert workspace.active_items(db, owner) == (None, item)


def test_generic_items_hold_own_indicators_and_targets(db):
    target = {"id": "gd_2025", "name": "广东 2025 年培训目标", "value": 120000}
    item = workspace.save_item(db, ANALYST_GD.user_id, "target", target["name"], target)
    assert workspace.items(db, ANALYST_GD.user_id, "target")[0].payload == target and item
    with pytest.raises(ValueError):
        workspace.save_item(db, ANALYST_GD.user_id, "nonsense", "x", {})


def test_short_links_are_stable_shared_and_language_free(db):
    params = {"target": "leading_talent", "region": "440000", "lang": "en"}
    short = links.make_link(db, VIEWER.user_id, "provinces", params)
    assert links.LINK_ID.match(short)
    assert links.make_link(db, ANALYST_GD.user_id, "provinces", {**params, "lang": "zh"}) == short
    assert links.resolve_link(db, short) == ("provinces", {"target": "leading_talent", "region": "440000"})
    assert links.resolve_link(db, "aaaaaaaaaa") is None and links.resolve_link(db, "'; drop table") is None


def test_role_changes_and_a_new_roles_file_are_audited(db):
    workspace.sign_in(db, Identity("gd.analyst", "广东分析员", role="publisher", scope="440000"), "f" * 64)
    actions = audit.audit_frame(db)
    changed = actions[actions["action"] == "role_changed"].iloc[0]
    assert changed["subject"] == "gd.analyst" and json.loads(changed["detail"])["new"] == "publisher/440000"
    assert actions[actions["action"] == "roles_file"].iloc[0]["sha256"] == "f" * 64
    users = workspace.users_frame(db).set_index("user")
    assert users.loc["gd.analyst", "role"] == "publisher" and users.loc["viewer", "role"] == "viewer"


def test_own_indicators_and_targets_are_kept_by_record_id(db):
    owner = ANALYST_GD.user_id
    first = {"id": "gd_2025", "value": 100}
    workspace.put_records(db, owner, "target", [first, {"id": "gd_2026", "value": 5}], ["2025", "2026"])
    workspace.put_records(db, owner, "target", [{**first, "value": 120}], ["2025"])  # the same id: replaced
    assert workspace.records(db, owner, "target") == [{"id": "gd_2025", "value": 120}, {"id": "gd_2026", "value": 5}]
    workspace.drop_record(db, owner, "target", "gd_2026")
    assert [r["id"] for r in workspace.records(db, owner, "target")] == ["gd_2025"]
    assert workspace.records(db, ANALYST_JS.user_id, "target") == []
    with pytest.raises(ValueError):
        workspace.put_records(db, owner, "upload", [first], ["x"])
