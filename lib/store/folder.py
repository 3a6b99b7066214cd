"""One data folder opened for the app: regions, catalogue and the list of snapshots (broken ones
refused with their reason), and the provenance line every page shows.

No Streamlit here; ``lib.ui`` caches the opened folder per process, keyed on its signature.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lib.core.i18n import LocalizedError
from lib.reference.catalogue import Catalogue, CatalogueError, load_catalogue
from lib.reference.regions import RegionRegistry
from lib.store.snapshots import SnapshotProblem, SnapshotRef, scan_snapshots


class DataFolderError(LocalizedError):
    """The data folder cannot be used at all (no regions or catalogue)."""


@dataclass(frozen=True)
class DataFolder:
    path: Path
    regions: RegionRegistry
    catalogue: Catalogue
    snapshots: tuple[SnapshotRef, ...]
    problems: tuple[SnapshotProblem, ...]

    def snapshot(self, snapshot_id: str | None) -> SnapshotRef | None:
        """The snapshot with this id, or the newest when ``snapshot_id`` is None."""
        if snapshot_id is None:
            return self.snapshots[0] if self.snapshots else None
        return next((ref for ref in self.snapshots if ref.id == snapshot_id), None)


def open_data_folder(path: Path) -> DataFolder:
    """Read regions and catalogue strictly, and list the snapshots (refusing broken ones)."""
    if not path.is_dir():
        raise DataFolderError("data.error.no_folder", path=str(path))
    regions_path = path / "regions.csv"
    if not regions_path.is_file():
        raise DataFolderError("data.error.no_regions", path=str(regions_path))
    try:
        regions = RegionRegistry.from_csv(regions_path)
    except (KeyError, ValueError, OSError) as error:
        raise DataFolderError("data.error.bad_regions", path=str(regions_path), detail=str(error)) from error
    try:
        catalogue = load_catalogue(path / "catalogue", regions)
    except CatalogueError as error:
        raise DataFolderError("data.error.catalogue", detail=error) from error
    refs, problems = scan_snapshots(path / "snapshots")
    return DataFolder(path, regions, catalogue, tuple(refs), tuple(problems))


def folder_signature(path: Path) -> tuple:
    """Changes whenever a file the folder's contents depend on changes (cache key)."""
    parts = []
    for pattern in ("regions.csv", "catalogue/*.toml", "snapshots/*/manifest.json", "snapshots/*/observations.parquet"):
        for item in sorted(path.glob(pattern)):
            try:
                stat = item.stat()
            except FileNotFoundError:  # removed between listing and looking: not part of the folder now
                continue
            parts.append((str(item.relative_to(path)), stat.st_mtime_ns, stat.st_size))
    return (str(path), tuple(parts))


@dataclass(frozen=True)
class Provenance:
    """Where the numbers on screen come from: shown on every page."""

    snapshot_id: str
    as_of: date
    title: str
    source: str
    publisher: str
    license: str
    demo: bool
    sha256: str
    includes_upload: bool = False
    upload_note: str = ""

    @classmethod
    def of(cls, ref: SnapshotRef) -> Provenance:
        m = ref.manifest
        return cls(m.id, m.as_of_date, m.title, m.source, m.publisher, m.license, m.demo, m.sha256)
