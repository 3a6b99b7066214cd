"""Personal data never lingers (issue #23, finding 4), on a real server: the copy of a big
record-level file (full ID numbers) lives in a private folder, its raw file goes once DuckDB has
staged it, the folder goes when the session ends — and, when the server was killed with -9, when
the next server starts."""

import asyncio
import concurrent.futures
import os
import signal
import stat
import tempfile
import time
from pathlib import Path

import pytest

from bench.streamlit_client import Session
from lib.upload import private_files
from tests.e2e.shared.browser import start_server
from tests.upload.test_big_files import records_file


@pytest.fixture
def own_tmp(monkeypatch, tmp_path):
    """A temporary folder of the test's own for the servers and this process (others share /tmp)."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def copies() -> list[Path]:
    return sorted(private_files.records_root().glob(f"{private_files.PREFIX}*"))


async def wait_for(condition, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.5)
    return condition()


def server(tmp: Path):
    return start_server(
        "app.py",
        env={
            "TMPDIR": str(tmp),
            "DASHBOARD_STATE_DIR": str(tmp / "state"),
            "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": "1",  # a closed tab's session is let go at once
        },
        log_dir=tmp,
    )


async def upload_records(url: str, data: bytes) -> Session:
    session = Session(url, read_timeout=300)
    await session.connect("upload", "")
    await session.run(page="upload", query="")
    result = await session.upload("upload-file", "records.csv", data)
    assert not result.exceptions, result.exceptions
    return session


def test_the_copy_is_private_and_gone_after_the_session_and_after_kill_9(own_tmp):
    # in a thread of its own: the browser tests' Playwright keeps an event loop running in this one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, copy_gone_after_the_session_and_after_kill_9(own_tmp)).result()


async def copy_gone_after_the_session_and_after_kill_9(own_tmp: Path) -> None:
    data = records_file(210_000)
    assert len(data) > 16 * 1024 * 1024  # counted by DuckDB from a copy on disk
    first = server(own_tmp)
    try:
        session = await upload_records(first.url, data)
        (folder,) = copies()
        assert stat.S_IMODE(private_files.records_root().stat().st_mode) == 0o700
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        kept = [path.name for path in folder.rglob("*") if path.is_file()]
        assert kept and "records.csv" not in kept and "utf8.csv" not in kept  # only DuckDB's staged columns
        await session.close()  # the tab is closed: the session ends
        assert await wait_for(lambda: copies() == []), [p.name for p in copies()]

        await upload_records(first.url, data)
        assert len(copies()) == 1
        os.kill(first.process.pid, signal.SIGKILL)
        first.process.wait(timeout=30)
        assert len(copies()) == 1  # what kill -9 leaves behind
    finally:
        first.stop()
    mine = private_files.private_folder()  # a live process's copy (another replica's) is never swept
    second = server(own_tmp)
    try:
        visitor = Session(second.url)
        await visitor.connect("", "")
        await visitor.run()
        assert await wait_for(lambda: copies() == [mine], 60), [p.name for p in copies()]
        await visitor.close()
    finally:
        second.stop()
        private_files.remove(mine)
