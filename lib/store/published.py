"""The snapshot of published national figures, built from a reviewable source file.

``data/sources/published-figures.toml`` lists each published statement (publisher, date, title,
verbatim quote, the reprint it was read in, whether the original was seen) and the figures it
gives. ``python -m lib.store.published`` (``make published``) turns it into a schema-version-2
snapshot with ``demo: false``: one observation per figure, each naming its citation; totals
published for a run of months keep that run (``period_end``); 超过 figures are lower bounds.
Nothing is computed here but unit conversion (万 → ×10⁴, 亿 → ×10⁸), so a reviewer reads the
source file and the snapshot is that file. The test compares the bundled copy with a fresh build.
"""

from __future__ import annotations

import argparse
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pandas as pd

from lib.core import settings
from lib.core.periods import parse_month
from lib.reference.catalogue import Catalogue, load_catalogue
from lib.reference.regions import NATIONAL_CODE, default_registry
from lib.store.snapshots import BOUNDS, KEY_COLUMNS, SnapshotRef, write_snapshot

SOURCE = settings.DEFAULT_DATA_DIR / "sources" / "published-figures.toml"
SCALES = {"万": 10**4, "亿": 10**8}
# Where a figure was read (provincial figures): on a government site, at the outlet's own site, or in a
# reprint on another site (whose address is kept as ``read_url``, never as the source's ``url``).
READ_AT = ("government_site", "outlet", "reprint")
QUOTE_PARTS = " … "  # a quote of several sentences: each part verbatim, in order


class SourceError(ValueError):
    """The source file says something the snapshot cannot hold (names the citation at fault)."""


@dataclass(frozen=True)
class Published:
    """What the source file gives: the snapshot's manifest fields, its rows and its citations."""

    manifest: dict
    observations: pd.DataFrame
    citations: pd.DataFrame


def scaled(value: float, unit: str, indicator_unit: str) -> float:
    """``9200`` in ``万人次`` for an indicator in ``人次`` → 92,000,000 (``亿元`` stays ``亿元``);
    any other unit is refused (persons are never filed as person-times)."""
    if unit == indicator_unit:
        return float(value)
    factor, rest = (SCALES[unit[0]], unit[1:]) if unit[:1] in SCALES and unit[1:] else (1, unit)
    if rest != indicator_unit:
        raise SourceError(f"unit {unit!r} does not fit the indicator's {indicator_unit!r}")
    return float(Decimal(str(value)) * factor)  # 2.2亿 is 220,000,000 exactly, not 220,000,000.00000003


def read_source(path: Path = SOURCE, catalogue: Catalogue | None = None) -> Published:
    """Read and check the source file against the catalogue (indicators and their units)."""
    catalogue = catalogue or default_catalogue()
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    rows, citations = [], []
    for citation in raw["citation"]:
        cid = citation["id"]
        figures = citation.get("figure", [])
        if not figures:
            raise SourceError(f"citation {cid!r} gives no figure")
        read_at = citation.get("read_at")
        if read_at is not None and read_at not in READ_AT:
            raise SourceError(f"citation {cid!r}: read_at {read_at!r}")
        if read_at == "reprint" and citation.get("url"):
            raise SourceError(f"citation {cid!r}: a reprint's page is where it was read (read_url), not its source")
        for figure in figures:
            if figure["written"] not in citation["quote"]:
                raise SourceError(f"citation {cid!r}: {figure['written']!r} is not in its quote")
            bound = figure.get("bound")
            if bound is not None and bound not in BOUNDS:
                raise SourceError(f"citation {cid!r}: bound {bound!r}")
            indicator = catalogue.indicators.get(figure["indicator"])
            if indicator is None:
                raise SourceError(f"citation {cid!r}: unknown indicator {figure['indicator']!r}")
            rows.append(
                {
                    "indicator_id": figure["indicator"],
                    "region_code": figure.get("region", NATIONAL_CODE),
                    "period": pd.Timestamp(parse_month(figure["period"])),
                    "value": scaled(figure["value"], figure["unit"], indicator.unit),
                    "citation_id": cid,
                    "period_end": pd.Timestamp(parse_month(figure["period_end"])) if "period_end" in figure else pd.NaT,
                    "bound": bound,
                    **figure.get("breakdown", {}),
                }
            )
        citations.append(
            {
                "citation_id": cid,
                "publisher": citation["publisher"],
                "occasion": citation.get("occasion"),
                "date": citation.get("date"),
                "title": citation["title"],
                "url": citation.get("url"),
                "quote": citation["quote"],
                "outlet": citation.get("outlet"),
                "outlet_date": citation.get("outlet_date"),
                "secondary": not citation["original_found"],
                "note": citation.get("note") or None,
                **{key: citation.get(key) for key in ("read_at", "read_url") if key in citation},
            }
        )
    observations = pd.DataFrame(rows)
    citations = pd.DataFrame(citations)
    for key in ("read_at", "read_url"):  # every citation says where it was read, or none does
        if key in citations.columns:
            citations[key] = citations[key].astype(object).where(citations[key].notna(), None)
    breakdowns = [
        c for c in observations.columns if c not in (*KEY_COLUMNS, "value", "citation_id", "period_end", "bound")
    ]
    observations = observations[[*KEY_COLUMNS, "value", "citation_id", "period_end", "bound", *breakdowns]]
    observations = observations.sort_values([*KEY_COLUMNS, "period_end"], kind="stable").reset_index(drop=True)
    return Published(raw["snapshot"], observations, citations)


def write_published_snapshot(root: Path, source: Path = SOURCE) -> SnapshotRef:
    published = read_source(source)
    meta = published.manifest
    return write_snapshot(
        root,
        published.observations,
        snapshot_id=meta["id"],
        as_of=date.fromisoformat(meta["as_of"]),
        title=meta["title"],
        title_en=meta.get("title_en", ""),
        publisher=meta["publisher"],
        source=meta["source"],
        source_en=meta.get("source_en", ""),
        license=meta["license"],
        demo=False,
        notes=meta.get("notes", ""),
        created_at=datetime.fromisoformat(meta["created_at"]),
        citations=published.citations,
    )


def default_catalogue() -> Catalogue:
    """The repo's catalogue (the source file names its indicators)."""
    return load_catalogue(settings.DEFAULT_DATA_DIR / "catalogue", default_registry())


def main(
    argv: list[str] | None = None,
    *,
    source: Path = SOURCE,
    description: str = "Write the snapshot of published figures from its source file.",
) -> None:
    """The command that writes a published snapshot from its source file (national by default; the
    provincial one, ``lib.store.provincial``, names its own source)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--root", type=Path, default=settings.data_dir() / "snapshots", help="snapshots folder")
    parser.add_argument("--source", type=Path, default=source, help="the source file (TOML)")
    args = parser.parse_args(argv)
    ref = write_published_snapshot(args.root, args.source)
    print(f"wrote {ref.path} ({ref.manifest.rows} rows, {ref.manifest.citations_rows} citations)")


if __name__ == "__main__":
    main()
