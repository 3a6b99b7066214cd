"""数据 Data's view model: the snapshots' manifests, how each target's status moved between two
snapshots (the rows that changed come from ``lib.store.diff``), this session's own indicators, and
the data in force as downloaded (own rows marked as not official)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.core.formatting import format_exact, format_quantity, unit_text
from lib.core.i18n import strings, t
from lib.progress.dataview import DataView
from lib.progress.engine import Progress
from lib.store.citations import citation_short, citations_frame
from lib.store.exports import to_csv_bytes, to_parquet_bytes
from lib.store.folder import DataFolder
from lib.store.snapshots import SnapshotRef
from lib.views.about import created_text, licence_text
from lib.views.evidence import bounded
from lib.views.words import status_label


def manifest_table(snapshots: tuple[SnapshotRef, ...], lang: str) -> pd.DataFrame:
    """One row per snapshot of the folder: its manifest as a reader needs it (checksum shortened)."""
    return pd.DataFrame(
        [
            {
                t("data.col_id", lang): ref.id,
                t("data.col_as_of", lang): ref.manifest.as_of,
                t("data.col_title", lang): ref.manifest.title_in(lang),
                t("data.col_publisher", lang): ref.manifest.publisher_in(lang),
                t("data.col_source", lang): ref.manifest.source_in(lang),
                t("data.col_license", lang): licence_text(ref.manifest.license, lang),
                t("data.col_rows", lang): ref.manifest.rows,
                t("data.col_demo", lang): t("data.yes", lang) if ref.manifest.demo else t("data.no", lang),
                t("data.col_created", lang): created_text(ref.manifest.created_at),
                t("measure.words.sha256", lang): ref.manifest.sha256[:16] + "…",
            }
            for ref in snapshots
        ]
    )


def default_pair(snapshots: tuple[SnapshotRef, ...], current: str) -> str | None:
    """The snapshot to compare ``current`` with: the newest one of the same kind (demo with demo,
    published with published) not newer than it, else the nearest newer one of that kind; None when
    the folder has no other snapshot of its kind — a published snapshot is never set against the
    synthetic demo, nor national figures against provinces', by default (44,159 rows "added" say nothing to a
    reader)."""
    refs = {ref.id: ref.manifest for ref in snapshots}
    alike = [i for i in refs if i != current and series_of(i, refs[i].demo) == series_of(current, refs[current].demo)]
    older = sorted((i for i in alike if refs[i].as_of <= refs[current].as_of), key=lambda i: refs[i].as_of)
    newer = sorted((i for i in alike if refs[i].as_of > refs[current].as_of), key=lambda i: refs[i].as_of)
    return older[-1] if older else newer[0] if newer else None


def series_of(snapshot_id: str, demo: bool) -> tuple[bool, str]:
    """Which series a snapshot belongs to: demo or not, and the name its id gives after the date
    (``2026-02-06-published`` and ``2026-02-26-provincial`` are both published figures, but national ones
    and provinces' ones: setting one against the other would report every figure as added or removed)."""
    return demo, snapshot_id[11:] if snapshot_id[:4].isdigit() and snapshot_id[10:11] == "-" else snapshot_id


def compare_kind(snapshots: tuple[SnapshotRef, ...], current: str) -> str:
    """The locale key of ``current``'s kind, for saying what it has no earlier companion of."""
    demo = next(ref.manifest.demo for ref in snapshots if ref.id == current)
    return "measure.data.kind_demo" if demo else "measure.data.kind_published"


def period_text(start, end, frequency: str = "M") -> str:
    """``2021-01—2025-09`` for a run of months, ``2024-12`` for a month, ``2024`` for a yearly figure."""
    start = pd.Timestamp(start)
    if end is None or pd.isna(end) or pd.Timestamp(end) == start:
        return f"{start:%Y}" if frequency == "Y" else f"{start:%Y-%m}"
    return f"{start:%Y-%m}—{pd.Timestamp(end):%Y-%m}"


def published_figures(view: DataView, lang: str) -> pd.DataFrame:
    """Every observation of a cited snapshot with its citation, as a reader checks them."""
    frame = view.store.frame
    rows = []
    for row in frame.to_dict("records"):
        indicator = view.catalogue.indicators.get(row["indicator_id"])
        unit = indicator.unit if indicator else ""
        bound = row.get("bound") if isinstance(row.get("bound"), str) else None
        citation = view.store.citation(row.get("citation_id"))
        parts = [str(row[c]) for c in view.store.breakdown_columns if isinstance(row.get(c), str)]
        rows.append(
            {
                t("col.indicator", lang): (indicator.name(lang) if indicator else row["indicator_id"])
                + (f"（{'、'.join(parts)}）" if parts and lang == "zh" else f" ({', '.join(parts)})" if parts else ""),
                t("data.figure_period", lang): period_text(
                    row["period"], row.get("period_end"), indicator.frequency if indicator else "M"
                ),
                t("col.actual", lang): bounded(format_quantity(row["value"], unit, lang), bound, lang),
                t("col.exact", lang): bounded(format_exact(row["value"]), bound, lang),
                t("cite.heading", lang): citation_short(citation, lang),
                t("cite.col_quote", lang): citation["quote"] if citation else "",
                t("cite.col_id", lang): row.get("citation_id"),
            }
        )
    return pd.DataFrame(rows)


def status_moves(catalogue, old: dict[str, Progress], new: dict[str, Progress], lang: str) -> pd.DataFrame:
    """One row per target: status and actual in each snapshot, and whether the status moved."""
    rows = []
    for target in catalogue.targets:
        before, after = old.get(target.id), new.get(target.id)
        rows.append(
            {
                "target_id": target.id,
                t("col.target", lang): target.name(lang),
                t("data.status_old", lang): status_label(before.status, lang) if before else "—",
                t("data.status_new", lang): status_label(after.status, lang) if after else "—",
                t("data.actual_old", lang): before.actual if before else None,
                t("data.actual_new", lang): after.actual if after else None,
                t("data.moved", lang): bool(before and after and before.status != after.status),
            }
        )
    return pd.DataFrame(rows)


def labelled_frame(view: DataView, lang: str) -> pd.DataFrame:
    """The observations in force as downloaded: with an analyst's own indicators among them, a column
    says which rows are uploaded and not official (the snapshot's own rows are left as they are)."""
    frame = view.store.frame
    own = {indicator.id for indicator in view.catalogue.own_indicators}
    if not own or not frame["indicator_id"].isin(own).any():
        return frame
    origin = np.where(frame["indicator_id"].isin(own), t("own.origin_upload", lang), t("own.origin_catalogue", lang))
    return frame.assign(indicator_origin=origin)


def own_indicator_table(view: DataView, lang: str) -> pd.DataFrame:
    """This session's own indicators: what they are, where they came from, how many values."""
    counts = view.store.frame["indicator_id"].value_counts()
    return pd.DataFrame(
        [
            {
                t("col.id", lang): indicator.id,
                t("col.indicator", lang): indicator.name(lang),
                t("col.unit", lang): unit_text(indicator.unit, lang) or "—",
                t("col.kind", lang): t(f"own.kind_{indicator.kind}", lang),
                t("col.frequency", lang): indicator.frequency,
                t("own.col_source_file", lang): indicator.source,
                t("data.col_rows", lang): int(counts.get(indicator.id, 0)),
            }
            for indicator in view.catalogue.own_indicators
        ]
    )


def readable_changes(table: pd.DataFrame, view: DataView, lang: str) -> pd.DataFrame:
    """The revision table (``lib.store.diff``) as a reader checks it: the kind of change in words, the
    indicator and region by name, the month (no midnight timestamps), each breakdown under its name,
    blanks for a missing value (never ``None``) — the ids stay in the snapshot files, not on the page."""
    catalogue, regions = view.catalogue, view.store.regions
    out = pd.DataFrame(
        {
            t("measure.data.kind", lang): [t(f"measure.data.kind_{kind}", lang) for kind in table["change_kind"]],
            t("col.indicator", lang): [
                catalogue.indicators[i].name(lang) if i in catalogue.indicators else i for i in table["indicator_id"]
            ],
            t("alerts.col_region", lang): [
                regions.by_code[code].name(lang) if code in regions.by_code else code for code in table["region_code"]
            ],
            t("data.figure_period", lang): [
                period_text(start, end)
                for start, end in zip(table["period"], table.get("period_end", [None] * len(table)), strict=True)
            ],
        }
    )
    for column in table.columns:
        if column in (
            "change_kind",
            "indicator_id",
            "region_code",
            "period",
            "period_end",
            "old_value",
            "new_value",
            "change",
        ):
            continue
        name = (
            t(f"dimension.{column}", lang) if f"dimension.{column}" in strings() else t("measure.data.breakdown", lang)
        )
        out[name] = [value if isinstance(value, str) else "" for value in table[column]]
    for column, key in (
        ("old_value", "measure.data.old"),
        ("new_value", "measure.data.new"),
        ("change", "measure.data.change"),
    ):
        if column in table:
            out[t(key, lang)] = [format_exact(v) if v is not None and not pd.isna(v) else "" for v in table[column]]
    return out


# --- the page's view model (pages/data.py places it) ------------------------------------------------
@dataclass(frozen=True)
class Table:
    """A table shown with its download (formula-safe CSV, made now: these are small)."""

    frame: pd.DataFrame
    csv: bytes
    filename: str


def table(frame: pd.DataFrame, filename: str) -> Table:
    return Table(frame, to_csv_bytes(frame), filename)


@dataclass(frozen=True)
class DataPage:
    manifests: pd.DataFrame
    problems: tuple[str, ...]  # the snapshots refused, with their reason
    snapshot_ids: tuple[str, ...]  # newest first
    current: str  # the snapshot in force (the compare's newer one first)
    older: str | None  # the one compared with first: of the same kind (None: the folder has none)
    no_same_kind: str  # says so when there is none ("" otherwise)
    own: Table | None  # this session's own indicators
    figures: Table | None  # published figures, with their citations
    citations: Table | None
    frame: pd.DataFrame | None  # the data in force as downloaded (own rows marked as not official)
    name: str  # its snapshot id

    def full_csv(self) -> bytes:  # made when asked for: the whole data
        return to_csv_bytes(self.frame)

    def full_parquet(self) -> bytes:
        return to_parquet_bytes(self.frame)


def build(folder: DataFolder, view: DataView | None, snap: str | None, lang: str) -> DataPage:
    """``snap``: the snapshot chosen in the URL; the compare starts from the one in force (``view``)."""
    ids = tuple(ref.id for ref in folder.snapshots)
    in_force = view.provenance.snapshot_id if view is not None else None
    current = in_force if in_force in ids else snap if snap in ids else (ids[0] if ids else "")
    older = default_pair(folder.snapshots, current) if len(ids) > 1 else None  # same kind only: demo with demo
    no_same_kind = ""
    if len(ids) > 1 and older is None:
        no_same_kind = t("measure.data.no_same_kind", lang, kind=t(compare_kind(folder.snapshots, current), lang))
    own = figures = citations = None
    if view is not None and view.catalogue.own_indicators:
        own = table(own_indicator_table(view, lang), "own-indicators.csv")
    if view is not None and view.store.has_citations:
        name = view.provenance.snapshot_id
        figures = table(published_figures(view, lang), f"{name}-figures.csv")
        citations = table(citations_frame(view.store.citations, lang), f"{name}-citations.csv")
    return DataPage(
        manifest_table(folder.snapshots, lang),
        tuple(t("data.refused", lang, reason=problem.error.text(lang)) for problem in folder.problems),
        ids,
        current,
        older,
        no_same_kind,
        own,
        figures,
        citations,
        labelled_frame(view, lang) if view is not None else None,
        view.provenance.snapshot_id if view is not None else "",
    )
