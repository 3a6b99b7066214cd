"""Where copies of record-level files (full ID numbers) may lie on disk, and for how long.

A big record-level file is counted by DuckDB from a copy on disk (``lib.upload.sources``). Such a
copy holds personal data, so it lives only in a folder of its own under one private root
(``<tmp>/dashboard-records-<uid>``, mode 0700, the files 0600), named after the process that made it
(its pid and start time). The caller removes the raw copy as soon as DuckDB has staged it, and the
folder when the file is left, when the session ends and when the process exits; what a killed
process left behind is removed by ``sweep_leftovers`` when the next server starts — only folders
whose process is gone, so replicas sharing /tmp never delete each other's."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from pathlib import Path

PREFIX = "upload-records-"
_log = logging.getLogger(__name__)


def records_root() -> Path:
    """The private root (created 0700; an existing one is made 0700 again)."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    root = Path(tempfile.gettempdir()) / f"dashboard-records-{uid}"
    root.mkdir(mode=0o700, exist_ok=True)
    os.chmod(root, 0o700)
    return root


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), so a reused pid is not taken for
    the process that made a folder; "" where /proc is not there."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def private_folder() -> Path:
    """A new folder for one copy, owned by this process (mode 0700)."""
    pid = os.getpid()
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{pid}-{_start_time(pid) or 0}-", dir=records_root()))


def write_private(path: Path, data: bytes) -> None:
    """``data`` to a new file only its owner may read (0600)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def remove(folder: str | Path | None) -> None:
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def _owner_alive(name: str) -> bool:
    parts = name[len(PREFIX) :].split("-")
    if len(parts) < 3 or not parts[0].isdigit():
        return False  # not a name this module makes: a leftover of an older version
    pid, started = int(parts[0]), parts[1]
    if pid == os.getpid():
        return started == (_start_time(pid) or "0")
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, someone else's
    current = _start_time(pid)
    return not current or current == started


def sweep_leftovers() -> list[Path]:
    """Remove the folders whose process is gone (killed, crashed); returns what was removed."""
    removed = []
    root = records_root()
    for folder in root.iterdir():
        if folder.name.startswith(PREFIX) and not _owner_alive(folder.name):
            with contextlib.suppress(OSError):
                shutil.rmtree(folder)
                removed.append(folder)
    if removed:
        _log.warning("removed %d record-level copies left by a process that ended without cleaning up", len(removed))
    return removed
