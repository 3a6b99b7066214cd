"""The data folder read-only or full while a snapshot is written: a clear message naming the
folder and what to do, no half-written snapshot left, the existing ones intact, and in the app (a
publisher publishing an analyst's submission, the one path that writes a snapshot there) the
submission still waiting and the upload still in force."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from lib.core.settings import database_url
from lib.store import audit
from lib.store.database import open_database
from lib.store.snapshots import SnapshotError, read_observations, scan_snapshots, write_snapshot
from tests.apptest import block, blocks, data_folder, run_app, texts
from tests.faults.filesystems import copy_tree, fill, read_only, small_filesystem

LEADING = "省份,月份,指标,人数\n广东,2026-10,新培育高技能领军人才,50\n".encode()  # plausible: no magnitude hold


@pytest.fixture
def mounted(tmp_path):
    (tmp_path / "source").mkdir()
    source = data_folder(tmp_path / "source")
    with small_filesystem(tmp_path / "mnt") as mount:
        copy_tree(source, mount / "data")
        yield mount / "data"


def write(root, frame, snapshot_id="2026-11-30-new"):
    return write_snapshot(
        root / "snapshots",
        frame,
        snapshot_id=snapshot_id,
        as_of=date(2026, 11, 30),
        title="t",
        publisher="p",
        source="s",
        license="",
        demo=False,
    )


def existing_intact(folder) -> None:
    refs, problems = scan_snapshots(folder / "snapshots")
    assert [ref.id for ref in refs] == ["2026-10-31-demo"] and problems == []
    assert len(read_observations(refs[0])) == refs[0].manifest.rows
    assert sorted(p.name for p in (folder / "snapshots").iterdir()) == ["2026-10-31-demo"]  # no .tmp-* left


@pytest.mark.parametrize("fault", ["full", "read_only"])
def test_a_failed_write_says_why_and_leaves_the_folder_as_it_was(mounted, fault):
    frame = read_observations(scan_snapshots(mounted / "snapshots")[0][0])
    (fill if fault == "full" else read_only)(mounted.parent)
    with pytest.raises(SnapshotError) as raised:
        write(mounted, frame)
    assert raised.value.key == f"snapshot.error.{'no_space' if fault == 'full' else 'read_only'}"
    message = raised.value.text("zh")
    assert "2026-11-30-new" in message and str(mounted / "snapshots") in message
    assert ("磁盘已满" if fault == "full" else "只读") in message
    existing_intact(mounted)


def unbreak(folder, fault) -> None:
    """The operator's fix: space freed, or the folder made writable again."""
    if fault == "full":
        (folder / "filler").unlink()
    else:
        subprocess.run(["mount", "-o", "remount,rw", str(folder)], check=True)


def submitted_upload(people) -> str:
    """广东's analyst confirms an upload (kept in their workspace) and puts it forward for publication."""
    people.be("gd.analyst")
    at = run_app("upload")
    at.file_uploader(key="upload-file").set_value(("leading.csv", LEADING, "text/csv")).run()
    at.radio(key="upload-mode").set_value("merge").run()
    at.button(key="upload-confirm").click().run()
    ws = run_app("workspace")
    (item,) = [b.key.removeprefix("workspace-item-") for b in blocks(ws.main, "workspace-item-")]
    ws.button(key=f"ws-submit-{item}").click().run()
    assert "已提交" in " ".join(s.value for s in ws.success)
    return item


def press_publish(at, snapshot_id: str) -> None:
    form = at.get("form")[0]
    fields = form.get("text_input")
    fields[0].set_value(snapshot_id)
    fields[2].set_value("广东省人社厅")
    fields[3].set_value("人社部")
    form.get("button")[0].click()
    at.run()


@pytest.mark.parametrize("fault", ["full", "read_only"])
def test_publishing_onto_a_broken_folder_says_what_to_do_and_loses_nothing(mounted, monkeypatch, people, fault):
    """The publisher's 发布 on a full or read-only data folder: the reason and the folder in the
    message, no snapshot (whole or half) written, the submission still waiting and the analyst's
    upload still in force; once the folder is fixed the same publication goes through."""
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(mounted))
    submitted_upload(people)
    people.be("chen", groups="mohrss-publishers", name="陈发布")
    at = run_app("review")
    (fill if fault == "full" else read_only)(mounted.parent)
    press_publish(at, "2026-10-31-gd")
    assert not at.exception
    errors = " ".join(e.value for e in at.error).replace("\\", "")  # Markdown escapes
    assert ("磁盘已满" if fault == "full" else "只读") in errors and "2026-10-31-gd" in errors
    assert str(mounted / "snapshots") in errors
    assert "已发布为快照" not in " ".join(s.value for s in at.success)
    existing_intact(mounted)
    log = audit.audit_frame(open_database(database_url()))
    assert "publish" not in set(log["action"])  # the database side rolled back with the snapshot
    assert blocks(at.main, "review-compare")  # still waiting, still offered for review

    people.be("gd.analyst")  # the analyst's upload is still theirs and still in force
    analyst = run_app("overview")
    assert not analyst.exception and "leading" in texts(block(analyst, "upload-active"))

    unbreak(mounted.parent, fault)
    people.be("chen", groups="mohrss-publishers", name="陈发布")
    at = run_app("review")
    press_publish(at, "2026-10-31-gd")
    assert "已发布为快照" in " ".join(s.value for s in at.success), [e.value for e in at.error]
    refs, problems = scan_snapshots(mounted / "snapshots")
    assert sorted(ref.id for ref in refs) == ["2026-10-31-demo", "2026-10-31-gd"] and problems == []
