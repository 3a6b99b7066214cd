"""A small real filesystem for the storage faults: a tmpfs mounted on a temporary folder (needs
root, as CI runs), filled to the last byte or remounted read-only, unmounted after."""

from __future__ import annotations

import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def small_filesystem(folder: Path, size_mb: int = 8):
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root (make test and CI run as root)")
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m,mode=0755", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> None:
    """Write until the filesystem has no byte left."""
    with open(folder / "filler", "wb", buffering=0) as handle:
        for size in (1 << 20, 4096, 1):  # big steps, then down to the last byte
            try:
                while True:
                    handle.write(b"\0" * size)
            except OSError:
                pass


def read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, dirs_exist_ok=True)
