"""One transaction per user action, with its audit entry (issue #23, finding 2): confirming an
upload with its own indicators, renaming and deleting workspace items, ending and reopening an
upload, saving and removing own indicators or targets, making a short link. A process killed with
-9 after its first rows reached the database (not committed) leaves the old state whole; one run to
its end leaves the new state whole, with the entry in the audit log."""

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from lib.store import audit, links, workspace
from lib.store.database import open_database
from tests.store.transaction_worker import ACTIONS, ANALYST, prepare

REPO = Path(__file__).resolve().parents[2]
AUDITED = {
    "confirm": {"upload", "own_save"},
    "rename": {"item_rename"},
    "delete": {"item_delete"},
    "end_upload": {"upload_end"},
    "reopen": {"upload_reopen"},
    "own_save": {"own_save"},
    "own_delete": {"item_delete"},
    "short_link": {"short_link"},
}


def state(url: str) -> dict:
    db = open_database(url)
    owner = ANALYST.user_id
    log = audit.audit_frame(db)
    return {
        "items": sorted((item.kind, item.title) for item in workspace.items(db, owner)),
        "active": workspace.active_items(db, owner)[0],
        "link": links.resolve_link(db, links.link_id("provinces", {"region": "440000"})) is not None,
        "audit": sorted(log["action"]),
    }


def run_worker(url: str, action: str, point: str, item: str) -> None:
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.store.transaction_worker", url, action, point, item],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = worker.stdout.readline().strip()
    assert line == f"AT {point}", worker.stderr.read()
    if point == "flushed":
        worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=60)


@pytest.mark.parametrize("action", ACTIONS)
def test_killed_mid_action_the_old_state_whole_and_run_through_the_new_one_with_its_audit_entry(tmp_path, action):
    url = f"sqlite:///{tmp_path / 'killed.db'}"
    item = prepare(url)
    before = state(url)
    run_worker(url, action, "flushed", item)
    assert state(url) == before  # nothing of the action, not even its audit entry

    done_url = f"sqlite:///{tmp_path / 'done.db'}"
    done_item = prepare(done_url)
    run_worker(done_url, action, "end", done_item)
    after = state(done_url)
    assert after != before
    new_entries = list(after["audit"])
    for entry in before["audit"]:
        new_entries.remove(entry)
    assert set(new_entries) == AUDITED[action]


def test_confirming_an_upload_keeps_its_own_indicator_with_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    prepare(url)
    run_worker(url, "confirm", "end", "")
    db = open_database(url)
    upload_id, _ = workspace.active_items(db, ANALYST.user_id)
    assert workspace.load_upload(db, ANALYST.user_id, upload_id).file_name == "new.csv"
    assert "own_new" in {record["id"] for record in workspace.records(db, ANALYST.user_id, "indicator")}
    entry = audit.audit_frame(db).iloc[0]
    assert entry["action"] == "own_save" and json.loads(entry["detail"])["ids"] == ["own_new"]
