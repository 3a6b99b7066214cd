"""Dated, immutable releases of observations: ``<data>/snapshots/<id>/``.

Each snapshot is ``observations.parquet`` plus ``manifest.json`` (DESIGN.md §4, docs/data-format.md). Like
OWID's etl snapshots they are never edited in place: new data is a new folder, written atomically
(temp folder, fsync, rename). A snapshot whose manifest, checksum or schema is wrong is refused
with a clear message while the others keep working.

Schema version 2 adds ``citations.parquet`` (publisher, date, title, verbatim quote, 二手来源 flag)
and three columns to the observations: ``citation_id`` (every row names its citation),
``period_end`` (a value published for several months at once, e.g. 2021-01 to 2025-09, is stored
as that one period, never spread over months) and ``bound`` (``at_least`` for 超过/多/以上 figures,
``about`` for 约 figures). Version 1 snapshots (no citations) still open; a snapshot is written as
version 2 exactly when it has citations.
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

from lib.core.i18n import LocalizedError, t
from lib.core.totals import TOTAL_WORDS

SCHEMA_VERSION = 2
READABLE_VERSIONS = (1, 2)
OBSERVATIONS_FILE = "observations.parquet"
CITATIONS_FILE = "citations.parquet"
MANIFEST_FILE = "manifest.json"
KEY_COLUMNS = ("indicator_id", "region_code", "period")
BASE_SCHEMA = pa.schema(
    [("indicator_id", pa.string()), ("region_code", pa.string()), ("period", pa.date32()), ("value", pa.float64())]
)
# Version 2: what an observation says about itself (not breakdowns). Reserved names in every version.
ANNOTATION_SCHEMA = pa.schema([("citation_id", pa.string()), ("period_end", pa.date32()), ("bound", pa.string())])
BOUNDS = ("at_least", "about")  # blank = the value as published, exactly
CITATION_SCHEMA = pa.schema(
    [
        ("citation_id", pa.string()),
        ("publisher", pa.string()),  # who first published the figure (人力资源社会保障部, 国家统计局 …)
        ("occasion", pa.string()),  # a press conference, a bulletin
        ("date", pa.date32()),  # when the original publisher said it (blank: not recorded)
        ("title", pa.string()),
        ("url", pa.string()),
        ("quote", pa.string()),  # verbatim
        ("outlet", pa.string()),  # where it was read, when not at the original (人民日报 2025-09-28 第1版)
        ("outlet_date", pa.date32()),
        ("secondary", pa.bool_()),  # 二手来源: read through a reprint, the original not seen
        ("note", pa.string()),
        # provincial figures: where it was read (government_site | outlet | reprint) and, for a reprint,
        # the page it was read on (a mirror: where it was read, never the source)
        ("read_at", pa.string()),
        ("read_url", pa.string()),
    ]
)
# A date is not required: where the record gives none, the citation says so rather than guess one.
CITATION_REQUIRED = ("citation_id", "publisher", "title", "quote", "secondary")
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
# Optional in any version: the title and source in English (the UI shows the reader's language), and
# the statements a snapshot was computed with (python -m lib.cli snapshot from-records).
OPTIONAL_MANIFEST_FIELDS = {"title_en": str, "source_en": str, "query": str}
V2_MANIFEST_FIELDS = {"citations_sha256": str, "citations_rows": int}
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
    title_en: str = ""
    source_en: str = ""
    citations_sha256: str = ""
    citations_rows: int = 0
    query: str = ""  # optional: the SQL that computed the rows from record-level data

    @property
    def as_of_date(self) -> date:
        return date.fromisoformat(self.as_of)

    @property
    def has_citations(self) -> bool:
        return self.schema_version >= 2

    def title_in(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    def source_in(self, lang: str) -> str:
        """The source line; a demo snapshot's in words (never the generator's module path, issue #21)."""
        if self.demo:
            return t("measure.words.demo_source", lang)
        return self.source_en if lang == "en" and self.source_en else self.source

    def publisher_in(self, lang: str) -> str:
        """Who published it, as a reader is told: a demo in words; a file path the builder noted in
        brackets (``（data/sources/…toml）``) left to the manifest file itself."""
        if self.demo:
            return t("measure.words.demo_publisher", lang)
        return re.sub(r"\s*[（(][^（()）]*/[^（()）]*[)）]", "", self.publisher)

    def as_json(self) -> dict:
        """The manifest as written: optional fields only when they say something."""
        raw = asdict(self)
        for name in OPTIONAL_MANIFEST_FIELDS:
            if not raw[name]:
                del raw[name]
        if not self.has_citations:
            for name in V2_MANIFEST_FIELDS:
                del raw[name]
        return raw


@dataclass(frozen=True)
class SnapshotRef:
    """A snapshot folder whose manifest, checksum and schema were checked."""

    path: Path
    manifest: Manifest

    @property
    def memo_key(self) -> tuple:
        """Where it is and its verified checksum (``lib.core.memo``)."""
        return (str(self.path), self.manifest.id, self.manifest.sha256)

    @property
    def id(self) -> str:
        return self.manifest.id


@dataclass(frozen=True)
class SnapshotProblem:
    folder: str
    error: SnapshotError


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_fields(raw: dict, fields: dict, folder: str, *, required: bool) -> None:
    for name, kind in fields.items():
        if name not in raw:
            if required:
                raise SnapshotError("snapshot.error.manifest_field", folder=folder, field=name)
            continue
        value = raw[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise SnapshotError("snapshot.error.manifest_type", folder=folder, field=name, expected=kind.__name__)


def parse_manifest(raw: dict, folder: str) -> Manifest:
    """Check types and values of a manifest dict; raise ``SnapshotError`` naming the bad field."""
    _check_fields(raw, MANIFEST_FIELDS, folder, required=True)
    _check_fields(raw, OPTIONAL_MANIFEST_FIELDS, folder, required=False)
    if raw["schema_version"] not in READABLE_VERSIONS:
        raise SnapshotError(
            "snapshot.error.schema_version",
            folder=folder,
            found=raw["schema_version"],
            expected=", ".join(map(str, READABLE_VERSIONS)),
        )
    if raw["schema_version"] >= 2:
        _check_fields(raw, V2_MANIFEST_FIELDS, folder, required=True)
    fields = {**MANIFEST_FIELDS, **OPTIONAL_MANIFEST_FIELDS, **V2_MANIFEST_FIELDS}
    manifest = Manifest(**{name: raw[name] for name in fields if name in raw})
    try:
        date.fromisoformat(manifest.as_of)
    except ValueError:
        raise SnapshotError(
            "snapshot.error.manifest_type", folder=folder, field="as_of", expected="YYYY-MM-DD"
        ) from None
    if manifest.id != folder:
        raise SnapshotError("snapshot.error.id_mismatch", folder=folder, id=manifest.id)
    return manifest


def breakdown_columns(columns) -> list[str]:
    """The breakdown columns among a frame's or schema's columns (not the keys, value or annotations)."""
    return [name for name in columns if name not in BASE_SCHEMA.names and name not in ANNOTATION_SCHEMA.names]


def _check_types(schema: pa.Schema, wanted: pa.Schema, folder: str, *, required: tuple[str, ...]) -> None:
    for field_ in wanted:
        if field_.name not in schema.names:
            if field_.name in required:
                raise SnapshotError("snapshot.error.column_missing", folder=folder, column=field_.name)
            continue
        found = schema.field(field_.name).type
        acceptable = {field_.type} | ({pa.large_string(), pa.null()} if field_.type == pa.string() else set())
        if field_.name not in required:
            acceptable.add(pa.null())
        if found not in acceptable:
            raise SnapshotError(
                "snapshot.error.column_type",
                folder=folder,
                column=field_.name,
                found=str(found),
                expected=str(field_.type),
            )


def check_schema(schema: pa.Schema, folder: str, version: int = 1) -> list[str]:
    """Validate the Parquet schema; returns the breakdown column names."""
    _check_types(schema, BASE_SCHEMA, folder, required=tuple(BASE_SCHEMA.names))
    if version >= 2:
        _check_types(schema, ANNOTATION_SCHEMA, folder, required=("citation_id",))
    else:
        reserved = [name for name in schema.names if name in ANNOTATION_SCHEMA.names]
        if reserved:
            raise SnapshotError("snapshot.error.reserved_column", folder=folder, column=reserved[0])
    breakdowns = breakdown_columns(schema.names)
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
    breakdowns = breakdown_columns(frame.columns)
    for name in breakdowns:
        words = frame[name].dropna().astype("str").str.strip().str.casefold()
        if words.isin(TOTAL_WORDS).any():
            raise SnapshotError("snapshot.error.total_row", folder=folder, column=name)
    spans = ["period_end"] if "period_end" in frame.columns else []
    if spans:
        ends = pd.to_datetime(frame["period_end"])
        wrong = ends.notna() & ((ends.dt.day != 1) | (ends < periods))
        if wrong.any():
            raise SnapshotError(
                "snapshot.error.period_end",
                folder=folder,
                value=str(frame["period_end"][wrong].iloc[0]),
                row=int(wrong.to_numpy().nonzero()[0][0]) + 1,
            )
    if "bound" in frame.columns:
        wrong = frame["bound"].notna() & ~frame["bound"].isin(BOUNDS)
        if wrong.any():
            raise SnapshotError(
                "snapshot.error.bound",
                folder=folder,
                value=str(frame["bound"][wrong].iloc[0]),
                row=int(wrong.to_numpy().nonzero()[0][0]) + 1,
            )
    duplicated = frame.duplicated(subset=[*KEY_COLUMNS, *spans, *breakdowns])
    if duplicated.any():
        raise SnapshotError(
            "snapshot.error.duplicate", folder=folder, row=int(duplicated.to_numpy().nonzero()[0][0]) + 1
        )


def _texts(values) -> pa.Array:
    return pa.array([None if pd.isna(v) else str(v) for v in values], pa.string())


def _dates(values) -> pa.Array:
    return pa.array([None if pd.isna(v) else v.date() for v in pd.to_datetime(pd.Series(values))], pa.date32())


def to_table(frame: pd.DataFrame) -> pa.Table:
    """Observations frame -> Arrow table with the snapshot schema (breakdowns as strings)."""
    columns = {
        "indicator_id": pa.array(frame["indicator_id"].astype("str").tolist(), pa.string()),
        "region_code": pa.array(frame["region_code"].astype("str").tolist(), pa.string()),
        "period": pa.array(pd.to_datetime(frame["period"]).dt.date.tolist(), pa.date32()),
        "value": pa.array(frame["value"].to_numpy(dtype="float64"), pa.float64()),
    }
    for name in ANNOTATION_SCHEMA.names:
        if name in frame.columns:
            columns[name] = _dates(frame[name]) if name == "period_end" else _texts(frame[name])
    for name in breakdown_columns(frame.columns):
        columns[name] = _texts(frame[name])
    return pa.table(columns)


def citations_table(citations: pd.DataFrame) -> pa.Table:
    """Citations frame -> Arrow table with the citation schema (optional columns may be absent)."""
    columns = {}
    for field_ in CITATION_SCHEMA:
        values = citations[field_.name] if field_.name in citations.columns else [None] * len(citations)
        if field_.type == pa.date32():
            columns[field_.name] = _dates(values)
        elif field_.type == pa.bool_():
            columns[field_.name] = pa.array([bool(v) for v in values], pa.bool_())
        else:
            columns[field_.name] = _texts(values)
    return pa.table(columns, schema=CITATION_SCHEMA)


def validate_citations(frame: pd.DataFrame, citations: pd.DataFrame, folder: str) -> None:
    """Every citation complete and named once; every observation names one of them."""
    for name in CITATION_REQUIRED:
        if name not in citations.columns:
            raise SnapshotError("snapshot.error.citation_field", folder=folder, field=name, row=1)
        values = citations[name]
        blank = values.isna() | values.map(lambda v: isinstance(v, str) and not v.strip()).astype(bool)
        if blank.any():
            raise SnapshotError(
                "snapshot.error.citation_field",
                folder=folder,
                field=name,
                row=int(blank.to_numpy().nonzero()[0][0]) + 1,
            )
    repeated = citations["citation_id"].duplicated()
    if repeated.any():
        raise SnapshotError(
            "snapshot.error.citation_duplicate", folder=folder, id=citations["citation_id"][repeated].iloc[0]
        )
    if "citation_id" not in frame.columns:
        raise SnapshotError("snapshot.error.column_missing", folder=folder, column="citation_id")
    unknown = ~frame["citation_id"].isin(set(citations["citation_id"]))
    if unknown.any():
        row = int(unknown.to_numpy().nonzero()[0][0])
        raise SnapshotError(
            "snapshot.error.citation_unknown", folder=folder, id=str(frame["citation_id"].iloc[row]), row=row + 1
        )


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
    citations: pd.DataFrame | None = None,
    title_en: str = "",
    source_en: str = "",
    extra_files: dict[str, bytes] | None = None,
    query: str = "",
) -> SnapshotRef:
    """Write a new snapshot folder atomically; never over an existing one. ``extra_files`` (e.g. a
    publication record) are written inside it, so they appear with the snapshot or not at all;
    ``query`` (optional) records the statements that computed the rows — the manifest carries it
    only when given.

    With ``citations`` it is a version-2 snapshot: every row of ``frame`` names a ``citation_id``
    of that table. Without, version 1 (the annotation columns are then not allowed)."""
    if not _ID.match(snapshot_id):
        raise SnapshotError("snapshot.error.bad_id", folder=snapshot_id)
    final = root / snapshot_id
    if final.exists():
        raise SnapshotError("snapshot.error.exists", folder=snapshot_id)
    version = 2 if citations is not None else 1
    table = to_table(frame)
    check_schema(table.schema, snapshot_id, version)
    validate_observations(frame, snapshot_id)
    for name in extra_files or {}:
        if name in (OBSERVATIONS_FILE, MANIFEST_FILE, CITATIONS_FILE) or "/" in name or name.startswith("."):
            raise ValueError(f"not an extra file name: {name!r}")
    files = {}
    if citations is not None:
        validate_citations(frame, citations, snapshot_id)
        files[CITATIONS_FILE] = parquet_bytes(citations_table(citations))
    data = parquet_bytes(table)
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
        schema_version=version,
        demo=demo,
        notes=notes,
        query=query,
        title_en=title_en,
        source_en=source_en,
        citations_sha256=sha256_of(files[CITATIONS_FILE]) if citations is not None else "",
        citations_rows=len(citations) if citations is not None else 0,
    )
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".tmp-{snapshot_id}-", dir=root))
    except OSError as error:
        raise storage_error(error, root, snapshot_id) from error
    try:
        staging.chmod(0o755)
        _write_synced(staging / OBSERVATIONS_FILE, data)
        for name, content in files.items():
            _write_synced(staging / name, content)
        _write_synced(
            staging / MANIFEST_FILE,
            (json.dumps(manifest.as_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
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
    check_schema(metadata.schema.to_arrow_schema(), name, manifest.schema_version)
    if metadata.num_rows != manifest.rows:
        raise SnapshotError("snapshot.error.rows", folder=name, found=metadata.num_rows, expected=manifest.rows)
    if manifest.has_citations:
        _citation_bytes(folder, manifest)
    return SnapshotRef(folder, manifest), data


def _citation_bytes(folder: Path, manifest: Manifest) -> bytes:
    """The checked bytes of a version-2 snapshot's citations file."""
    name = folder.name
    path = folder / CITATIONS_FILE
    if not path.is_file():
        raise SnapshotError("snapshot.error.no_citations", folder=name)
    data = path.read_bytes()
    if sha256_of(data) != manifest.citations_sha256:
        raise SnapshotError("snapshot.error.checksum_citations", folder=name)
    try:
        table = pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError) as error:
        raise SnapshotError("snapshot.error.parquet", folder=name, detail=str(error)) from None
    _check_types(table.schema, CITATION_SCHEMA, name, required=CITATION_REQUIRED)
    if table.num_rows != manifest.citations_rows:
        raise SnapshotError("snapshot.error.rows", folder=name, found=table.num_rows, expected=manifest.citations_rows)
    return data


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
    checked, data = open_snapshot(ref.path)
    try:
        frame = pq.read_table(io.BytesIO(data)).to_pandas()
    except (pa.ArrowException, OSError) as error:  # a footer that reads but pages that do not
        raise SnapshotError("snapshot.error.parquet", folder=ref.id, detail=str(error)) from None
    frame["period"] = pd.to_datetime(frame["period"])
    if "period_end" in frame.columns:
        frame["period_end"] = pd.to_datetime(frame["period_end"])
    validate_observations(frame, ref.id)
    if checked.manifest.has_citations:
        validate_citations(frame, read_citations(checked), ref.id)
    return frame


def read_citations(ref: SnapshotRef) -> pd.DataFrame:
    """The citations of a version-2 snapshot (an empty table, with its columns, for version 1)."""
    if not ref.manifest.has_citations:
        return CITATION_SCHEMA.empty_table().to_pandas()
    return pq.read_table(io.BytesIO(_citation_bytes(ref.path, ref.manifest))).to_pandas(date_as_object=True)
