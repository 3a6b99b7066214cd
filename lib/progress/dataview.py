"""The observations in force (a snapshot, or an upload over it) and the progress of every target.

A ``DataView`` is what every page and briefing reads: its provenance, its observation store, and
the engine's results, computed once per pace method and kept (they are deterministic). No
Streamlit here.

Two things keep results of a view, with one API (``lib.core.memo``):

- ``view.remember(fn, *args)`` keeps the engine's results (progress, provinces' results,
  apportionments, alerts) *on the view*, unbounded: they are few (targets × pace methods), every
  page needs them, and they must live exactly as long as the view does — a snapshot's for the
  process (computed once at load), an upload's until the upload ends — rather than compete for
  room with figures in the shared table, where evicting them would recompute the engine on a page
  view. They are keyed without the view (it is theirs).
- what pages draw (view models, figures, tables) goes through the process-wide
  ``lib.core.memo.remember`` with the view as an argument: ``memo_key`` is what the view's results
  depend on — the observations' content (a snapshot's verified checksum is not enough: an upload
  merged over it keeps the snapshot's provenance), the citations, the catalogue it is read with (a
  session reads with the analyst's own targets), the as-of date and the progress settings.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pandas as pd

from lib.core.memo import Memo, function_key, key_of
from lib.core.settings import ProgressSettings, progress_settings
from lib.progress.engine import Engine, Progress
from lib.reference.catalogue import Catalogue
from lib.store.folder import DataFolder, Provenance
from lib.store.observations import ObservationStore
from lib.store.snapshots import SnapshotRef, read_citations, read_observations

T = TypeVar("T")


@dataclass
class DataView:
    """Observations in force (a snapshot, or an upload over it) and the progress of targets."""

    provenance: Provenance
    store: ObservationStore
    settings: ProgressSettings = field(default_factory=progress_settings)
    data_digest: str = ""  # of the observations and citations; computed on first use when not given
    _memo: Memo = field(default_factory=lambda: Memo(max_entries=None), repr=False, compare=False)
    _key: tuple | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def catalogue(self) -> Catalogue:
        return self.store.catalogue

    def engine(self, pace_method: str = "linear") -> Engine:
        return Engine(self.store, self.provenance.as_of, self.settings, pace_method)

    @property
    def memo_key(self) -> tuple:
        """Everything a result drawn from this view can depend on (``lib.core.memo.key_of``)."""
        if self._key is None:
            if not self.data_digest:
                self.data_digest = frame_digest(self.store.frame, self.store.citations)
            self._key = (key_of(self.provenance), self.data_digest, self.catalogue.memo_key, key_of(self.settings))
        return self._key

    def remember(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``fn(self, *args, **kwargs)`` once per distinct arguments for this view, kept with it."""
        key = (function_key(fn), key_of(args), key_of(kwargs))
        return self._memo.remember_keyed(key, fn, (self, *args), kwargs)

    def progress(self, pace_method: str = "linear") -> dict[str, Progress]:
        """Progress of every catalogue target (computed once per pace method)."""
        return self.remember(evaluate_all, pace_method)


def evaluate_all(view: DataView, pace_method: str) -> dict[str, Progress]:
    return view.engine(pace_method).evaluate_all(view.catalogue.targets)


def frame_digest(frame: pd.DataFrame, citations: pd.DataFrame | None = None) -> str:
    """A digest of a frame's content (column names, types and every value): equal data, equal digest."""
    digest = hashlib.sha256()
    for part in (frame, citations):
        if part is None:
            digest.update(b"-")
            continue
        digest.update(repr([(str(name), str(kind)) for name, kind in part.dtypes.items()]).encode())
        digest.update(pd.util.hash_pandas_object(part, index=False).to_numpy().tobytes())
    return digest.hexdigest()


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
