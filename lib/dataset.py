"""One data folder opened for the app: regions, catalogue, the list of snapshots, and — for the
chosen snapshot (or an analyst's upload) — the observation store and the progress of every target.

No Streamlit here; ``lib.ui`` caches these objects (they are immutable apart from the lazily
filled progress memo, whose entries are deterministic).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from lib.catalogue import Catalogue, CatalogueError, load_catalogue
from lib.i18n import LocalizedError
from lib.observations import ObservationStore
from lib.progress import Engine, Progress
from lib.regions import RegionRegistry
from lib.settings import ProgressSettings, progress_settings
from lib.snapshots import SnapshotProblem, SnapshotRef, read_observations, scan_snapshots


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
            stat = item.stat()
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


@dataclass
class DataView:
    """Observations in force (a snapshot, or an upload over it) and the progress of targets."""

    provenance: Provenance
    store: ObservationStore
    settings: ProgressSettings = field(default_factory=progress_settings)
    _memo: dict = field(default_factory=dict, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    @property
    def catalogue(self) -> Catalogue:
        return self.store.catalogue

    def engine(self, pace_method: str = "linear") -> Engine:
        return Engine(self.store, self.provenance.as_of, self.settings, pace_method)

    def memo(self, key: tuple, compute):
        """``compute()`` once per key for this data view (results are deterministic)."""
        with self._lock:
            if key not in self._memo:
                self._memo[key] = compute()
            return self._memo[key]

    def progress(self, pace_method: str = "linear") -> dict[str, Progress]:
        """Progress of every catalogue target (computed once per pace method)."""
        return self.memo(("progress", pace_method), lambda: self.engine(pace_method).evaluate_all(self.catalogue.targets))


def snapshot_view(folder: DataFolder, ref: SnapshotRef) -> DataView:
    frame = read_observations(ref)
    return DataView(Provenance.of(ref), ObservationStore(frame, folder.catalogue, folder.regions))


def frame_view(folder: DataFolder, frame: pd.DataFrame, provenance: Provenance) -> DataView:
    return DataView(provenance, ObservationStore(frame, folder.catalogue, folder.regions))
