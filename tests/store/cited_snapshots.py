"""Checks shared by the tests of the cited snapshots (national published, provincial): the bundled
snapshot is exactly what its source file builds, and the reference list is the team's file."""

import subprocess
from pathlib import Path

import pandas as pd

from lib.store.snapshots import read_citations, read_observations


def assert_snapshot_is_its_source(folder, snapshot_id: str, source) -> None:
    """The bundled snapshot's observations and citations are those ``source`` reads."""
    ref = folder.snapshot(snapshot_id)
    assert ref.manifest.schema_version == 2 and ref.manifest.demo is False
    pd.testing.assert_frame_equal(read_observations(ref).reset_index(drop=True), source.observations, check_dtype=False)

    def records(frame):
        return [{k: (None if pd.isna(v) else v) for k, v in row.items()} for row in frame.to_dict("records")]

    assert records(read_citations(ref)) == records(source.citations)


def git_blob(path: Path) -> str:
    """The file's git object id: a byte-for-byte identity that does not depend on a checkout's line endings."""
    return subprocess.run(["git", "hash-object", str(path)], capture_output=True, text=True, check=True).stdout.strip()
