"""The one rule that lets the newest published snapshot close 督办 items back to green, as its two
callers use it: the scheduled send-reports (no owner: an analyst's own targets' items wait for their
owner) and a person's session (their own targets' items too, nobody else's)."""

from datetime import date, timedelta

import pytest

from lib.core.roles import Identity
from lib.progress.dataview import snapshot_view
from lib.store import followups
from lib.store.database import open_database
from lib.store.folder import open_data_folder
from lib.views.followups import close_recovered_items
from tests.apptest import data_folder
from tests.followup_fixtures import CATCHING_UP, RECOVERED_ID, add_recovered_snapshot

JS_ANALYST = Identity("js.analyst", "江苏分析员", role="analyst", scope="320000", mode="proxy", signed_in=True)
NAT_ANALYST = Identity("nat.analyst", "部分析员", role="analyst", mode="proxy", signed_in=True)
TARGET, REGION = CATCHING_UP


@pytest.fixture(scope="module")
def newest(tmp_path_factory):
    """The newest snapshot, in which Jiangsu's 领军人才 is green again."""
    folder = open_data_folder(data_folder(tmp_path_factory.mktemp("recovery")))
    add_recovered_snapshot(folder.path)
    folder = open_data_folder(folder.path)
    ref = folder.snapshots[0]
    assert ref.id == RECOVERED_ID
    return ref.id, snapshot_view(folder, ref)


@pytest.fixture
def db(tmp_path):
    database = open_database(f"sqlite:///{tmp_path / 'store.db'}")
    yield database
    database.close()


def open_item(db, who, *, own: bool, target: str = TARGET) -> str:
    return followups.open_follow_up(
        db,
        who,
        target_id=target,
        region_code=REGION,
        target_name="新培育高技能领军人才",
        own=own,
        responsible_unit="江苏省人社厅职业能力建设处",
        contact="",
        due_date=date.today() + timedelta(days=30),
        measures="",
        pace_method="linear",
        snapshot_id="2026-10-31-demo",
        month="2026-10",
        colour="red",
        pace=0.6,
    )


def info_of(db, item: str, who=JS_ANALYST):
    (info,) = [info for info in followups.visible(db, who) if info.id == item]  # own items: their opener's
    return info


def status(db, item: str, who=JS_ANALYST) -> str:
    return info_of(db, item, who).status


def test_the_scheduled_job_closes_the_catalogues_items_and_leaves_own_targets_to_their_owner(db, newest):
    snapshot_id, view = newest
    catalogue_item = open_item(db, JS_ANALYST, own=False)
    own_item = open_item(db, JS_ANALYST, own=True)
    opened = []
    closed = close_recovered_items(db, snapshot_id, lambda: opened.append(1) or view)
    assert closed == [catalogue_item] and opened == [1]
    assert (status(db, catalogue_item), status(db, own_item)) == ("resolved", "open")
    assert close_recovered_items(db, snapshot_id, lambda: opened.append(1) or view) == []
    assert opened == [1]  # nothing active the job may close: the snapshot is not even opened


def test_a_persons_session_closes_their_own_targets_items_too_and_no_one_elses(db, newest):
    snapshot_id, view = newest
    catalogue_item = open_item(db, JS_ANALYST, own=False)
    mine = open_item(db, JS_ANALYST, own=True)
    theirs = open_item(db, NAT_ANALYST, own=True)
    own_views = []

    def own_view():
        own_views.append(1)
        return view  # the newest snapshot read with this person's own targets

    closed = close_recovered_items(db, snapshot_id, lambda: view, owner="js.analyst", own_view=own_view)
    assert sorted(closed) == sorted([catalogue_item, mine]) and own_views == [1]
    assert status(db, theirs, NAT_ANALYST) == "open"
    assert close_recovered_items(db, snapshot_id, lambda: view, owner="nat.analyst", own_view=own_view) == [theirs]
    info = info_of(db, theirs, NAT_ANALYST)
    assert (info.status, info.resolved_snapshot) == ("resolved", RECOVERED_ID)


def test_an_item_still_behind_stays_open(db, newest):
    snapshot_id, view = newest
    lagging = open_item(db, NAT_ANALYST, own=False, target="private_enterprise_training")
    assert close_recovered_items(db, snapshot_id, lambda: view) == []
    assert status(db, lagging, NAT_ANALYST) == "open"
