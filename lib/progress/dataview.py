"""The observations in force (a snapshot, or an upload over it) and the progress of every target.

A ``DataView`` is what every page and briefing reads: its provenance, its observation store, and
the engine's results, computed once per pace method and kept (they are deterministic). No
Streamlit here; ``lib.ui`` caches snapshot views in the process, upload views in the session —
so whatever is kept on a view (``memo``, ``recent``) is shared exactly as far as its data are.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import pandas as pd

from lib.core.settings import ProgressSettings, progress_settings
from lib.progress.engine import Engine, Progress
from lib.reference.catalogue import Catalogue
from lib.store.folder import DataFolder, Provenance
from lib.store.observations import ObservationStore
from lib.store.snapshots import SnapshotRef, read_citations, read_observations

RECENT_KEPT = 192  # figures and tables kept per data view (a tile map is ~0.1 MB: at most ~20 MB per view)


@dataclass
class DataView:
    """Observations in force (a snapshot, or an upload over it) and the progress of targets."""

    provenance: Provenance
    store: ObservationStore
    settings: ProgressSettings = field(default_factory=progress_settings)
    _memo: dict = field(default_factory=dict, repr=False)
    _recent: OrderedDict = field(default_factory=OrderedDict, repr=False)
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

    def recent(self, key: tuple, compute, *, keep: int = RECENT_KEPT):
        """``compute()`` once per key, keeping only the ``keep`` most recently used results.

        For what pages draw from these data (figures, tables, images): there are many more
        possible views than results, and a result must never be changed after it is kept.
        """
        with self._lock:
            if key in self._recent:
                self._recent.move_to_end(key)
                return self._recent[key]
            value = self._recent[key] = compute()
            while len(self._recent) > keep:
                self._recent.popitem(last=False)
            return value

    def progress(self, pace_method: str = "linear") -> dict[str, Progress]:
        """Progress of every catalogue target (computed once per pace method)."""
        return self.memo(
            ("progress", pace_method), lambda: self.engine(pace_method).evaluate_all(self.catalogue.targets)
        )


def snapshot_view(folder: DataFolder, ref: SnapshotRef) -> DataView:
    frame = read_observations(ref)
    citations = read_citations(ref) if ref.manifest.has_citations else None
    return DataView(Provenance.of(ref), ObservationStore(frame, folder.catalogue, folder.regions, citations))


def frame_view(
    folder: DataFolder,
    frame: pd.DataFrame,
    provenance: Provenance,
    catalogue: Catalogue | None = None,
    citations: pd.DataFrame | None = None,
) -> DataView:
    return DataView(provenance, ObservationStore(frame, catalogue or folder.catalogue, folder.regions, citations))
