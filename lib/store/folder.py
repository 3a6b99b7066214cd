"""One data folder opened for the app: regions, catalogue and the list of snapshots (broken ones
refused with their reason), the snapshot it opens on, and the provenance line every page shows.

The folder chooses the snapshot a first visit opens: ``snapshots/DEFAULT`` (one snapshot id) when it
names a good snapshot, else the newest ``as_of``. The repo's folder names its demo snapshot there,
so ``make run`` opens the demo while the published figures are one pick away.

No Streamlit here; ``lib.ui`` caches the opened folder per process, keyed on its signature.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from lib.core.i18n import LocalizedError, t
from lib.reference.catalogue import Catalogue, CatalogueError, load_catalogue
from lib.reference.provincial_targets import ProvincialTargetError, load_provincial_targets
from lib.reference.regions import RegionRegistry
from lib.store.snapshots import SnapshotProblem, SnapshotRef, scan_snapshots

DEFAULT_FILE = "DEFAULT"  # in snapshots/: the id of the snapshot a first visit opens


class DataFolderError(LocalizedError):
    """The data folder cannot be used at all (no regions or catalogue)."""


@dataclass(frozen=True)
class DataFolder:
    path: Path
    regions: RegionRegistry
    catalogue: Catalogue
    snapshots: tuple[SnapshotRef, ...]
    problems: tuple[SnapshotProblem, ...]
    default_id: str | None = None  # named in snapshots/DEFAULT (may be missing or refused)

    @property
    def memo_key(self) -> tuple:
        """Its place, regions, catalogue and snapshots (``lib.core.memo``): a folder changed on disk is opened
        again as another object with another key."""
        snapshots = tuple((ref.id, ref.manifest.sha256) for ref in self.snapshots)
        return (str(self.path), self.regions.memo_key, self.catalogue.memo_key, snapshots, self.default_id)

    @property
    def default_snapshot(self) -> SnapshotRef | None:
        """The snapshot a first visit opens: the one named in snapshots/DEFAULT, else the newest."""
        named = next((ref for ref in self.snapshots if ref.id == self.default_id), None)
        return named or (self.snapshots[0] if self.snapshots else None)

    def snapshot(self, snapshot_id: str | None) -> SnapshotRef | None:
        """The snapshot with this id, or the default one when ``snapshot_id`` is None."""
        if snapshot_id is None:
            return self.default_snapshot
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
        provincial = load_provincial_targets(path / "catalogue", regions, catalogue.indicators)
    except CatalogueError as error:
        raise DataFolderError("data.error.catalogue", detail=error) from error
    except ProvincialTargetError as error:
        raise DataFolderError("data.error.catalogue", detail=str(error)) from error
    clash = sorted({item.target.id for item in provincial} & set(catalogue.by_target))
    if clash:
        raise DataFolderError("data.error.catalogue", detail=f"{clash[0]}: duplicate target id")
    catalogue = replace(catalogue, provincial=provincial)
    refs, problems = scan_snapshots(path / "snapshots")
    return DataFolder(path, regions, catalogue, tuple(refs), tuple(problems), read_default_id(path / "snapshots"))


def read_default_id(snapshots: Path) -> str | None:
    """The id in ``snapshots/DEFAULT`` (first line that is not blank or a # comment), if any."""
    path = snapshots / DEFAULT_FILE
    if not path.is_file():
        return None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return line
    return None


def folder_signature(path: Path) -> tuple:
    """Changes whenever a file the folder's contents depend on changes (cache key)."""
    parts = []
    for pattern in (
        "regions.csv",
        "catalogue/*.toml",
        f"snapshots/{DEFAULT_FILE}",
        "snapshots/*/manifest.json",
        "snapshots/*/*.parquet",
    ):
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
    title_en: str = ""
    source_en: str = ""
    cited: bool = False  # every figure carries its citation (schema version 2)

    @classmethod
    def of(cls, ref: SnapshotRef) -> Provenance:
        m = ref.manifest
        return cls(
            m.id,
            m.as_of_date,
            m.title,
            m.source,
            m.publisher,
            m.license,
            m.demo,
            m.sha256,
            title_en=m.title_en,
            source_en=m.source_en,
            cited=m.has_citations,
        )

    def title_in(self, lang: str) -> str:
        """The title in the reader's language (a manifest may carry ``title_en``)."""
        return self.title_en if lang == "en" and self.title_en else self.title

    def source_in(self, lang: str) -> str:
        """The source line every page shows; a demo snapshot's in words (程序生成的示例数据)."""
        if self.demo:
            return t("measure.words.demo_source", lang)
        return self.source_en if lang == "en" and self.source_en else self.source
