"""The data folder read-only or full while a snapshot is written: a clear message naming the
folder and what to do, no half-written snapshot left, the existing ones intact, and in the app the
upload still in force."""

from __future__ import annotations

from datetime import date

import pytest

from lib.store.snapshots import SnapshotError, read_observations, scan_snapshots, write_snapshot
from tests.apptest import block, data_folder, run_app, texts
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


@pytest.mark.parametrize("fault", ["full", "read_only"])
def test_saving_an_upload_on_a_broken_folder_keeps_the_upload_and_says_what_to_do(mounted, monkeypatch, fault):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(mounted))
    monkeypatch.setenv("DASHBOARD_ALLOW_SAVE", "1")
    at = run_app("upload")
    at.file_uploader(key="upload-file").set_value(("leading.csv", LEADING, "text/csv")).run()
    at.button(key="upload-confirm").click().run()
    (fill if fault == "full" else read_only)(mounted.parent)
    form = at.get("form")[0]
    for field, value in zip(form.get("text_input"), ("快报", "人社厅", "人社厅", "2026-10-31-gd"), strict=True):
        field.set_value(value)
    form.get("button")[0].click()
    at.run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert ("磁盘已满" if fault == "full" else "只读") in errors and "2026-10-31-gd" in errors
    assert "leading" in texts(block(at, "upload-notice"))  # the confirmed upload is still in force
    at.switch_page("pages/overview.py").run()
    assert not at.exception and "leading" in texts(block(at, "upload-notice"))
    existing_intact(mounted)
