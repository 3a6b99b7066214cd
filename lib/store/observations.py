"""Tidy observations -> fast series by indicator, region and month.

The store keeps one matrix per stored indicator (regions x months, NaN = not reported) built
from the *total* rows (all breakdown columns blank). The national series is the directly
reported national row where there is one, else the sum of the provinces; the difference between
a reported national figure and the provinces' sum is kept as 未分省 (unallocated), never dropped.
Ratio indicators are never summed: they are recomputed from their numerator and denominator; a
rate (a percentage uploaded as such) is never summed either: its national value is the reported one.

A province's *published* figure (one naming a citation) is never added into a national value: provinces
announce at their own dates and by their own counts, so their sum is no national figure (the national
value of such a month is the reported one, or none).

Published figures (schema version 2) may cover several months at once (2021-01 to 2025-09): such a
*span* is kept as one value for its whole period (``spans_of``), never spread over months. Each
observation's citation and bound (超过 = at least, 约 = about) are kept beside the matrices.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from lib.reference.catalogue import Catalogue
from lib.reference.regions import NATIONAL_CODE, RegionRegistry
from lib.store.snapshots import KEY_COLUMNS, breakdown_columns


def month_index(day: date | pd.Timestamp) -> int:
    return day.year * 12 + day.month - 1


def index_month(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class NationalSeries:
    """National values per month with where each came from."""

    values: np.ndarray  # NaN where nothing is known
    reported: np.ndarray  # bool: a national row was reported for that month
    provinces_sum: np.ndarray  # sum of the provinces (NaN where none reported)
    provinces_reporting: np.ndarray  # how many provinces reported

    @property
    def unallocated(self) -> np.ndarray:
        """未分省: reported national minus the provinces' sum, where both exist (else NaN)."""
        both = self.reported & ~np.isnan(self.provinces_sum)
        return np.where(both, self.values - np.nan_to_num(self.provinces_sum), np.nan)


@dataclass(frozen=True)
class Span:
    """One value published for a run of months (a period total, not a monthly figure)."""

    start: date
    end: date  # first day of the last month covered
    value: float
    bound: str | None = None  # at_least | about | None (as published)
    citation_id: str | None = None


class ObservationStore:
    """Observations of one snapshot (or upload), indexed for the progress engine and charts."""

    def __init__(
        self,
        frame: pd.DataFrame,
        catalogue: Catalogue,
        regions: RegionRegistry,
        citations: pd.DataFrame | None = None,
    ) -> None:
        self.frame = frame
        self.catalogue = catalogue
        self.regions = regions
        self.citations = citations if citations is not None else pd.DataFrame(columns=["citation_id"])
        self._citation_rows = {row["citation_id"]: row for row in self.citations.to_dict("records")}
        self.breakdown_columns = breakdown_columns(frame.columns)
        self.region_codes = [NATIONAL_CODE] + [unit.code for unit in regions.units]
        self.row_of = {code: row for row, code in enumerate(self.region_codes)}
        spanning = frame["period_end"].notna() if "period_end" in frame.columns else None
        self._spans: dict[tuple[str, str], list[Span]] = {}
        if spanning is not None and spanning.any():
            blank = frame[self.breakdown_columns].isna().all(axis=1) if self.breakdown_columns else True
            for row in frame[spanning & blank].itertuples(index=False):
                start, end = pd.Timestamp(row.period).date(), pd.Timestamp(row.period_end).date()
                span = Span(
                    start,
                    end,
                    float(row.value),
                    _text_or_none(getattr(row, "bound", None)),
                    _text_or_none(getattr(row, "citation_id", None)),
                )
                self._spans.setdefault((row.indicator_id, row.region_code), []).append(span)
            frame = frame[~spanning]
        totals = _total_rows(frame, self.breakdown_columns)
        totals = totals[totals["region_code"].isin(self.row_of)]
        months = totals["period"].dt.year.to_numpy() * 12 + totals["period"].dt.month.to_numpy() - 1
        self.first_month = int(months.min()) if len(months) else 0
        self.last_month = int(months.max()) if len(months) else -1
        width = self.last_month - self.first_month + 1
        self._matrices: dict[str, np.ndarray] = {}
        rows = totals["region_code"].map(self.row_of).to_numpy()
        columns = months - self.first_month
        values = totals["value"].to_numpy(dtype="float64")
        for indicator, positions in totals.groupby("indicator_id", sort=False).indices.items():
            matrix = np.full((len(self.region_codes), width), np.nan)
            matrix[rows[positions], columns[positions]] = values[positions]
            self._matrices[str(indicator)] = matrix
        # (indicator, row, column) -> (bound, citation id), for the rows that carry either
        self._notes: dict[tuple[str, int, int], tuple[str | None, str | None]] = {}
        self._cited: dict[str, np.ndarray] = {}  # indicator -> regions x months: the value names a citation
        noted = [name for name in ("bound", "citation_id") if name in totals.columns]
        if noted:
            marks = totals[noted].notna().any(axis=1).to_numpy()
            for index in np.flatnonzero(marks):
                row = totals.iloc[index]
                key = (str(row["indicator_id"]), int(rows[index]), int(columns[index]))
                self._notes[key] = (_text_or_none(row.get("bound")), _text_or_none(row.get("citation_id")))
                if self._notes[key][1] is not None:
                    cited = self._cited.setdefault(key[0], np.zeros((len(self.region_codes), width), dtype=bool))
                    cited[key[1], key[2]] = True
        self.unknown_regions = sorted(set(self.frame["region_code"]) - set(self.row_of))

    def with_catalogue(self, catalogue: Catalogue) -> ObservationStore:
        """The same observations read with another catalogue (a session's, with an analyst's own
        indicators and targets): the matrices are shared, read-only, not rebuilt."""
        other = copy.copy(self)
        other.catalogue = catalogue
        return other

    # --- raw access -------------------------------------------------------------------------
    def has(self, indicator_id: str) -> bool:
        return all(
            part in self._matrices or any(key[0] == part for key in self._spans)
            for part in self.catalogue.parts_of(indicator_id)
        )

    def spans_of(self, indicator_id: str, region_code: str) -> list[Span]:
        """Values published for a run of months (directly reported; provinces are not summed)."""
        return sorted(self._spans.get((indicator_id, region_code), []), key=lambda span: (span.start, span.end))

    def note_at(self, indicator_id: str, region_code: str, month: int) -> tuple[str | None, str | None]:
        """(bound, citation id) of a stored indicator's value for one region and month."""
        row = self.row_of.get(region_code)
        return (
            self._notes.get((indicator_id, row, month - self.first_month), (None, None))
            if row is not None
            else (None, None)
        )

    def citation(self, citation_id: str | None) -> dict | None:
        """The citation row (publisher, date, title, quote, secondary …) of a snapshot's figure."""
        return self._citation_rows.get(citation_id) if citation_id else None

    def has_published_provinces(self, indicator_id: str) -> bool:
        """Whether any province's value of this stored indicator is a published (cited) figure."""
        cited = self._cited.get(indicator_id)
        return cited is not None and bool(cited[1:].any())

    @property
    def has_notes(self) -> bool:
        """Whether any stored value carries a bound or a citation (schema version 2)."""
        return bool(self._notes)

    @property
    def has_citations(self) -> bool:
        return bool(self._citation_rows)

    def column(self, month: int) -> int:
        return month - self.first_month

    def months(self) -> np.ndarray:
        return np.arange(self.first_month, self.last_month + 1)

    def matrix(self, indicator_id: str) -> np.ndarray | None:
        """Stored indicator: regions x months (row 0 = directly reported national row)."""
        return self._matrices.get(indicator_id)

    # --- series -----------------------------------------------------------------------------
    def national(self, indicator_id: str) -> NationalSeries | None:
        matrix = self._matrices.get(indicator_id)
        if matrix is None:
            return None
        provinces = matrix[1:]
        cited = self._cited.get(indicator_id)
        if cited is not None:  # a province's published figure is never part of a national sum
            provinces = np.where(cited[1:], np.nan, provinces)
        reporting = (~np.isnan(provinces)).sum(axis=0)
        provinces_sum = np.where(reporting > 0, np.nansum(provinces, axis=0), np.nan)
        reported = ~np.isnan(matrix[0])
        indicator = self.catalogue.indicators.get(indicator_id)
        if indicator is not None and indicator.kind == "rate":  # a rate is never summed: national only where reported
            return NationalSeries(matrix[0].copy(), reported, np.full(len(reported), np.nan), reporting)
        values = np.where(reported, matrix[0], provinces_sum)
        return NationalSeries(values, reported, provinces_sum, reporting)

    def stored_series(self, indicator_id: str, region_code: str) -> np.ndarray | None:
        """Values of a stored (non-ratio) indicator for one region, per month (NaN = none)."""
        if region_code == NATIONAL_CODE:
            national = self.national(indicator_id)
            return None if national is None else national.values
        matrix = self._matrices.get(indicator_id)
        return None if matrix is None or region_code not in self.row_of else matrix[self.row_of[region_code]]

    def series(self, indicator_id: str, region_code: str) -> np.ndarray | None:
        """Per-month values of any indicator for one region; ratios recomputed (in %) from parts."""
        indicator = self.catalogue.indicators[indicator_id]
        if indicator.kind != "ratio":
            return self.stored_series(indicator_id, region_code)
        numerator = self.stored_series(indicator.numerator, region_code)
        denominator = self.stored_series(indicator.denominator, region_code)
        if numerator is None or denominator is None:
            return None
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(denominator > 0, 100.0 * numerator / denominator, np.nan)

    def as_frame(self, indicator_id: str, region_code: str) -> pd.DataFrame:
        """A region's series as a tidy frame (period, value) without gaps' NaNs."""
        values = self.series(indicator_id, region_code)
        if values is None:
            return pd.DataFrame({"period": pd.Series(dtype="datetime64[s]"), "value": pd.Series(dtype="float64")})
        keep = ~np.isnan(values)
        months = self.months()[keep]
        return pd.DataFrame({"period": pd.to_datetime([index_month(int(m)) for m in months]), "value": values[keep]})


def _text_or_none(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _total_rows(frame: pd.DataFrame, breakdowns: list[str]) -> pd.DataFrame:
    """Rows with every breakdown blank; where a key has only rows of one breakdown, their sum.

    Snapshots store the total row beside the breakdown rows (as Open SDG's headline row); an
    upload may bring only the parts, which are then added up — once, along one dimension.
    """
    base = [*KEY_COLUMNS, "value", *(name for name in ("bound", "citation_id") if name in frame.columns)]
    if not breakdowns:
        return frame[base]
    blank = frame[breakdowns].isna()
    totals = frame.loc[blank.all(axis=1), base]
    keys = list(KEY_COLUMNS)
    have = pd.MultiIndex.from_frame(totals[keys])
    extra = []
    for column in breakdowns:
        others = [name for name in breakdowns if name != column]
        only = frame[~blank[column] & (blank[others].all(axis=1) if others else True)]
        if only.empty:
            continue
        summed = only.groupby(keys, as_index=False, sort=False)["value"].sum()
        summed = summed[~pd.MultiIndex.from_frame(summed[keys]).isin(have)]
        have = have.append(pd.MultiIndex.from_frame(summed[keys]))
        extra.append(summed)
    return pd.concat([totals, *extra], ignore_index=True) if extra else totals
