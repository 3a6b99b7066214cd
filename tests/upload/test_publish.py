"""Submitting and publishing, on SQLite and PostgreSQL: four eyes, scope, the new snapshot is the
upload merged over the current one, the audit log — and a publishing process killed at each point
leaves the old state or the new, never half, in the snapshot folder and in the database."""

import json
import os
import signal
import subprocess
import sys
from datetime import date

import pytest

from lib.core.roles import AccessDenied, Identity
from lib.store import audit, submissions, workspace
from lib.store.database import open_database
from lib.store.snapshots import open_snapshot, scan_snapshots
from lib.upload.publish import publication_frame, publish_submission
from lib.upload.session import merge_over
from tests.upload.publish_fixtures import UPLOAD_RAW, base_frame, upload_frame

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ANALYST = Identity("gd.analyst", "广东分析员", role="analyst", scope="440000", mode="proxy", signed_in=True)
PUBLISHER = Identity("publisher", "发布员", role="publisher", mode="proxy", signed_in=True)
JS_PUBLISHER = Identity("js.publisher", "江苏发布员", role="publisher", scope="320000", mode="proxy", signed_in=True)
ANALYST_PUBLISHER = Identity("gd.lead", "广东处长", role="publisher", scope="440000", mode="proxy", signed_in=True)
NEW_ID = "2026-11-30-published"


@pytest.fixture
def db(database_url):
    database = open_database(database_url)
    for person in (ANALYST, PUBLISHER, JS_PUBLISHER, ANALYST_PUBLISHER):
        workspace.sign_in(database, person)
    yield database
    database.close()


def submitted(db, who=ANALYST) -> str:
    item = workspace.confirm_upload(
        db, who, file_name="广东十月.csv", raw=UPLOAD_RAW, frame=upload_frame(), mode="merge", mapping={}
    )
    return submissions.submit(db, who, item, "2026-10-31-demo")


def publish(db, root, who, submission_id, snapshot_id=NEW_ID):
    return publish_submission(
        db,
        root,
        who,
        submission_id,
        base=base_frame(),
        base_id="2026-10-31-demo",
        snapshot_id=snapshot_id,
        as_of=date(2026, 11, 30),
        title="广东十一月",
        source="广东省人社厅",
        publisher="人社部",
        base_demo=True,
    )


def test_a_submission_waits_for_a_publisher_of_its_scope(db):
    submission = submitted(db)
    assert [s.id for s in submissions.review_queue(db, PUBLISHER)] == [submission]
    assert [s.id for s in submissions.review_queue(db, ANALYST_PUBLISHER)] == [submission]
    assert submissions.review_queue(db, JS_PUBLISHER) == []
    with pytest.raises(AccessDenied):
        submissions.review_queue(db, ANALYST)
    with pytest.raises(AccessDenied):  # once is enough: withdraw to submit again
        submissions.submit(db, ANALYST, submissions.review_queue(db, PUBLISHER)[0].item_id)
    submissions.withdraw(db, ANALYST, submission)
    assert submissions.review_queue(db, PUBLISHER) == []


def test_publishing_merges_over_the_current_snapshot_and_is_audited(db, tmp_path):
    submission = submitted(db)
    ref = publish(db, tmp_path, PUBLISHER, submission)
    assert ref.id == NEW_ID and ref.manifest.demo  # merged over demo data: still demo
    published, _ = open_snapshot(tmp_path / NEW_ID)
    expected = merge_over(base_frame(), upload_frame()).frame
    assert published.manifest.rows == len(expected)
    record = json.loads((tmp_path / NEW_ID / submissions.PUBLICATION_FILE).read_text())
    assert (record["submission"], record["submitter"], record["publisher"]) == (submission, "gd.analyst", "publisher")
    info = submissions.submissions_of(db, ANALYST.user_id)
    assert [(i.state, i.snapshot_id, i.decided_by) for i in info.values()] == [("published", NEW_ID, "publisher")]
    log = audit.audit_frame(db)
    entry = log[log["action"] == "publish"].iloc[0]
    assert entry["actor"] == "publisher" and entry["subject"] == NEW_ID
    assert entry["sha256"] == __import__("hashlib").sha256(UPLOAD_RAW).hexdigest()
    assert {"upload", "submit", "publish"} <= set(log["action"])


def test_four_eyes_scope_and_state_are_checked_on_the_server(db, tmp_path):
    own = submitted(db, ANALYST_PUBLISHER)  # a publisher's own upload
    with pytest.raises(AccessDenied, match="Four eyes"):
        publish(db, tmp_path, ANALYST_PUBLISHER, own)
    other = submitted(db)
    for who in (ANALYST, JS_PUBLISHER):
        with pytest.raises(AccessDenied):
            publish(db, tmp_path, who, other)
    publish(db, tmp_path, ANALYST_PUBLISHER, other)
    with pytest.raises(AccessDenied, match="no longer waiting"):
        publish(db, tmp_path, PUBLISHER, other, snapshot_id="2026-11-30-again")
    assert [ref.id for ref in scan_snapshots(tmp_path)[0]] == [NEW_ID]


def test_a_national_upload_alone_is_published_as_it_is_a_provinces_always_merged():
    frame = upload_frame()
    merged = len(merge_over(base_frame(), frame).frame)
    assert publication_frame(frame, "alone", base_frame()) is frame
    assert len(publication_frame(frame, "merge", base_frame())) == merged
    assert len(publication_frame(frame, "alone", base_frame(), "440000")) == merged  # never a one-province snapshot


def state_after(db, root, submission_id) -> str:
    """'old' or 'new' after what a starting process does (reconcile); fails on anything half-done."""
    submissions.reconcile(db, root)
    refs, problems = scan_snapshots(root)
    assert problems == []
    info = next(iter(submissions.submissions_of(db, ANALYST.user_id).values()))
    log = audit.audit_frame(db)
    published = log[log["action"] == "publish"]
    if not refs:
        assert info.state == "submitted" and info.snapshot_id is None and published.empty
        return "old"
    assert [ref.id for ref in refs] == [NEW_ID]
    assert open_snapshot(root / NEW_ID)[0].manifest.rows == len(merge_over(base_frame(), upload_frame()).frame)
    assert (info.state, info.snapshot_id) == ("published", NEW_ID) and len(published) == 1
    return "new"


@pytest.mark.parametrize(
    ("point", "expected"), [("staged", "old"), ("renamed", "new"), ("flushed", "new"), ("end", "new")]
)
def test_a_publisher_killed_at_any_point_leaves_the_old_state_or_the_new(db, database_url, tmp_path, point, expected):
    root = tmp_path / "snapshots"
    root.mkdir()
    submission = submitted(db)
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.upload.publish_worker", database_url, str(root), submission, point],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = worker.stdout.readline().strip()
    assert line == f"AT {point}", worker.stderr.read()
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    assert state_after(db, root, submission) == expected
    if expected == "new":  # a second publisher finds it done, and nothing is published twice
        with pytest.raises(AccessDenied, match="no longer waiting"):
            publish(db, root, ANALYST_PUBLISHER, submission, snapshot_id="2026-11-30-twice")
    else:  # the old state is a clean one: the publication can simply be done again
        publish(db, root, PUBLISHER, submission)
        assert state_after(db, root, submission) == "new"
