"""Dated, immutable releases of observations: ``<data>/snapshots/<id>/``.

Each snapshot is ``observations.parquet`` plus ``manifest.json`` (DESIGN.md §4, README). Like
OWID's etl snapshots they are never edited in place: new data is a new folder, written atomically
(temp folder, fsync, rename). A snapshot whose manifest, checksum or schema is wrong is refused
with a clear message while the others keep working.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from lib.core.i18n import LocalizedError
from lib.core.totals import TOTAL_WORDS

SCHEMA_VERSION = 1
OBSERVATIONS_FILE = "observations.parquet"
MANIFEST_FILE = "manifest.json"
KEY_COLUMNS = ("indicator_id", "region_code", "period")
BASE_SCHEMA = pa.schema(
    [("indicator_id", pa.string()), ("region_code", pa.string()), ("period", pa.date32()), ("value", pa.float64())]
)
MANIFEST_FIELDS = {
    "id": str,
    "as_of": str,
    "title": str,
    "publisher": str,
    "source": str,
    "license": str,
    "created_at": str,
    "rows": int,
    "sha256": str,
    "schema_version": int,
    "demo": bool,
    "notes": str,
}
_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,80}$")


class SnapshotError(LocalizedError):
    """A snapshot that cannot be trusted; ``folder`` names it in the message."""


@dataclass(frozen=True)
class Manifest:
    id: str
    as_of: str
    title: str
    publisher: str
    source: str
    license: str
    created_at: str
    rows: int
    sha256: str
    schema_version: int
    demo: bool
    notes: str

    @property
    def as_of_date(self) -> date:
        return date.fromisoformat(self.as_of)


@dataclass(frozen=True)
class SnapshotRef:
    """A snapshot folder whose manifest, checksum and schema were checked."""

    path: Path
    manifest: Manifest

    @property
    def id(self) -> str:
        return self.manifest.id


@dataclass(frozen=True)
class SnapshotProblem:
    folder: str
    error: SnapshotError


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_manifest(raw: dict, folder: str) -> Manifest:
    """Check types and values of a manifest dict; raise ``SnapshotError`` naming the bad field."""
    for name, kind in MANIFEST_FIELDS.items():
        if name not in raw:
            raise SnapshotError("snapshot.error.manifest_field", folder=folder, field=name)
        value = raw[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise SnapshotError("snapshot.error.manifest_type", folder=folder, field=name, expected=kind.__name__)
    manifest = Manifest(**{name: raw[name] for name in MANIFEST_FIELDS})
    try:
        date.fromisoformat(manifest.as_of)
    except ValueError:
        raise SnapshotError(
            "snapshot.error.manifest_type", folder=folder, field="as_of", expected="YYYY-MM-DD"
        ) from None
    if manifest.id != folder:
        raise SnapshotError("snapshot.error.id_mismatch", folder=folder, id=manifest.id)
    if manifest.schema_version != SCHEMA_VERSION:
        raise SnapshotError(
            "snapshot.error.schema_version", folder=folder, found=manifest.schema_version, expected=SCHEMA_VERSION
        )
    return manifest


def check_schema(schema: pa.Schema, folder: str) -> list[str]:
    """Validate the Parquet schema; returns the breakdown column names."""
    for wanted in BASE_SCHEMA:
        if wanted.name not in schema.names:
            raise SnapshotError("snapshot.error.column_missing", folder=folder, column=wanted.name)
        found = schema.field(wanted.name).type
        acceptable = {wanted.type} | ({pa.large_string()} if wanted.type == pa.string() else set())
        if found not in acceptable:
            raise SnapshotError(
                "snapshot.error.column_type",
                folder=folder,
                column=wanted.name,
                found=str(found),
                expected=str(wanted.type),
            )
    breakdowns = [name for name in schema.names if name not in BASE_SCHEMA.names]
    for name in breakdowns:
        if schema.field(name).type not in (pa.string(), pa.large_string(), pa.null()):
            raise SnapshotError(
                "snapshot.error.column_type",
                folder=folder,
                column=name,
                found=str(schema.field(name).type),
                expected="string",
            )
    return breakdowns


def validate_observations(frame: pd.DataFrame, folder: str) -> None:
    """Content checks a snapshot must pass (on write, and again on read)."""
    codes = frame["region_code"].astype("str")
    bad = ~codes.str.fullmatch(r"\d{6}")
    if bad.any():
        raise SnapshotError(
            "snapshot.error.region_code",
            folder=folder,
            value=codes[bad].iloc[0],
            row=int(bad.to_numpy().nonzero()[0][0]) + 1,
        )
    periods = pd.to_datetime(frame["period"])
    not_first = periods.dt.day != 1
    if not_first.any():
        raise SnapshotError(
            "snapshot.error.period",
            folder=folder,
            value=str(frame["period"][not_first].iloc[0]),
            row=int(not_first.to_numpy().nonzero()[0][0]) + 1,
        )
    values = frame["value"].to_numpy(dtype="float64")
    if not np.isfinite(values).all():
        row = int((~np.isfinite(values)).nonzero()[0][0]) + 1
        raise SnapshotError("snapshot.error.value", folder=folder, row=row)
    breakdowns = [name for name in frame.columns if name not in BASE_SCHEMA.names]
    for name in breakdowns:
        words = frame[name].dropna().astype("str").str.strip().str.casefold()
        if words.isin(TOTAL_WORDS).any():
            raise SnapshotError("snapshot.error.total_row", folder=folder, column=name)
    duplicated = frame.duplicated(subset=[*KEY_COLUMNS, *breakdowns])
    if duplicated.any():
        raise SnapshotError(
            "snapshot.error.duplicate", folder=folder, row=int(duplicated.to_numpy().nonzero()[0][0]) + 1
        )


def to_table(frame: pd.DataFrame) -> pa.Table:
    """Observations frame -> Arrow table with the snapshot schema (breakdowns as strings)."""
    breakdowns = [name for name in frame.columns if name not in BASE_SCHEMA.names]
    columns = {
        "indicator_id": pa.array(frame["indicator_id"].astype("str").tolist(), pa.string()),
        "region_code": pa.array(frame["region_code"].astype("str").tolist(), pa.string()),
        "period": pa.array(pd.to_datetime(frame["period"]).dt.date.tolist(), pa.date32()),
        "value": pa.array(frame["value"].to_numpy(dtype="float64"), pa.float64()),
    }
    for name in breakdowns:
        columns[name] = pa.array([None if pd.isna(v) else str(v) for v in frame[name]], pa.string())
    return pa.table(columns)


def parquet_bytes(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def _write_synced(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def write_snapshot(
    root: Path,
    frame: pd.DataFrame,
    *,
    snapshot_id: str,
    as_of: date,
    title: str,
    publisher: str,
    source: str,
    license: str,
    demo: bool,
    notes: str = "",
    created_at: datetime | None = None,
    extra_files: dict[str, bytes] | None = None,
) -> SnapshotRef:
    """Write a new snapshot folder atomically; never over an existing one. ``extra_files`` (e.g. a
    publication record) are written inside it, so they appear with the snapshot or not at all."""
    if not _ID.match(snapshot_id):
        raise SnapshotError("snapshot.error.bad_id", folder=snapshot_id)
    final = root / snapshot_id
    if final.exists():
        raise SnapshotError("snapshot.error.exists", folder=snapshot_id)
    validate_observations(frame, snapshot_id)
    for name in extra_files or {}:
        if name in (OBSERVATIONS_FILE, MANIFEST_FILE) or "/" in name or name.startswith("."):
            raise ValueError(f"not an extra file name: {name!r}")
    data = parquet_bytes(to_table(frame))
    manifest = Manifest(
        id=snapshot_id,
        as_of=as_of.isoformat(),
        title=title,
        publisher=publisher,
        source=source,
        license=license,
        created_at=(created_at or datetime.now(UTC)).isoformat(timespec="seconds"),
        rows=len(frame),
        sha256=sha256_of(data),
        schema_version=SCHEMA_VERSION,
        demo=demo,
        notes=notes,
    )
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".tmp-{snapshot_id}-", dir=root))
    except OSError as error:
        raise storage_error(error, root, snapshot_id) from error
    try:
        staging.chmod(0o755)
        _write_synced(staging / OBSERVATIONS_FILE, data)
        _write_synced(
            staging / MANIFEST_FILE, (json.dumps(asdict(manifest), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        )
        for name, content in (extra_files or {}).items():
            _write_synced(staging / name, content)
        os.rename(staging, final)  # atomic on one filesystem; fails if `final` appeared meanwhile
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)  # removing needs no free space
        if final.exists():
            raise SnapshotError("snapshot.error.exists", folder=snapshot_id) from None
        raise storage_error(error, root, snapshot_id) from error
    directory = os.open(root, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return SnapshotRef(final, manifest)


def storage_error(error: OSError, root: Path, snapshot_id: str) -> SnapshotError:
    """What a failed write means for the person saving: a read-only folder, a full disk, or else."""
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return SnapshotError("snapshot.error.read_only", folder=snapshot_id, path=str(root))
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return SnapshotError("snapshot.error.no_space", folder=snapshot_id, path=str(root))
    return SnapshotError("snapshot.error.write_failed", folder=snapshot_id, detail=error.strerror or str(error))


def open_snapshot(folder: Path) -> tuple[SnapshotRef, bytes]:
    """Check one folder (manifest, checksum, schema, row count); returns the ref and the Parquet bytes."""
    name = folder.name
    manifest_path = folder / MANIFEST_FILE
    if not manifest_path.is_file():
        raise SnapshotError("snapshot.error.no_manifest", folder=name)
    try:
        raw = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise SnapshotError("snapshot.error.manifest_json", folder=name, detail=str(error)) from None
    if not isinstance(raw, dict):
        raise SnapshotError("snapshot.error.manifest_json", folder=name, detail="not an object")
    manifest = parse_manifest(raw, name)
    data_path = folder / OBSERVATIONS_FILE
    if not data_path.is_file():
        raise SnapshotError("snapshot.error.no_data", folder=name)
    try:
        data = data_path.read_bytes()
    except OSError as error:  # removed or replaced while being read: refused until it is whole again
        raise SnapshotError("snapshot.error.unreadable", folder=name, detail=error.strerror or str(error)) from None
    if sha256_of(data) != manifest.sha256:
        raise SnapshotError("snapshot.error.checksum", folder=name)
    try:
        metadata = pq.read_metadata(io.BytesIO(data))
    except (pa.ArrowException, OSError) as error:
        raise SnapshotError("snapshot.error.parquet", folder=name, detail=str(error)) from None
    check_schema(metadata.schema.to_arrow_schema(), name)
    if metadata.num_rows != manifest.rows:
        raise SnapshotError("snapshot.error.rows", folder=name, found=metadata.num_rows, expected=manifest.rows)
    return SnapshotRef(folder, manifest), data


def scan_snapshots(root: Path) -> tuple[list[SnapshotRef], list[SnapshotProblem]]:
    """All good snapshots under ``root`` (newest as-of first) and the problems of the others."""
    refs, problems = [], []
    if not root.is_dir():
        return refs, problems
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or folder.name.startswith("."):
            continue
        try:
            refs.append(open_snapshot(folder)[0])
        except SnapshotError as error:
            problems.append(SnapshotProblem(folder.name, error))
    refs.sort(key=lambda ref: (ref.manifest.as_of, ref.manifest.created_at), reverse=True)
    return refs, problems


def read_observations(ref: SnapshotRef) -> pd.DataFrame:
    """The observations of a checked snapshot, verified again (the file may have changed since)."""
    _, data = open_snapshot(ref.path)
    try:
        frame = pq.read_table(io.BytesIO(data)).to_pandas()
    except (pa.ArrowException, OSError) as error:  # a footer that reads but pages that do not
        raise SnapshotError("snapshot.error.parquet", folder=ref.id, detail=str(error)) from None
    frame["period"] = pd.to_datetime(frame["period"])
    validate_observations(frame, ref.id)
    return frame
