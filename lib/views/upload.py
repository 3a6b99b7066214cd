"""What the Upload page shows besides the widgets: what was read (``build``: the file's description,
its preview with IDs masked, the pipeline's result — counts, totals, problems — and the modes a
confirmation offers), each value column's unit and where it was read, the accepted totals with their
unit, the likely unit errors, every problem as a row a person can act on (in the UI language), and
the templates offered for download."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.core.formatting import format_exact, format_quantity, unit_text
from lib.core.i18n import t
from lib.progress.dataview import DataView
from lib.reference.catalogue import Catalogue
from lib.reference.regions import RegionRegistry
from lib.store.exports import to_csv_bytes, to_parquet_bytes
from lib.upload.common import Mapping, Result
from lib.upload.interpret import value_columns_of
from lib.upload.pipeline import CheckedUpload, check_upload
from lib.upload.reader import Table
from lib.upload.records import mask_id
from lib.upload.session import MODES

FILE_TYPES = ("csv", "tsv", "txt", "xlsx", "xls", "parquet")  # what the file uploader takes
DELIMITERS = {"\t": "Tab", ",": ",", ";": ";", "|": "|", "，": "，"}


@dataclass(frozen=True)
class FileView:
    """A read file in words: how it was read, the title and notes rows, the empty columns dropped,
    and its first rows (IDs masked) — shown before the rows are counted."""

    name: str
    detected: dict  # the description's values: file (data text, escaped where shown), kind, encoding …
    titles: str | None  # the title lines above the header, joined (data text)
    notes: int  # notes rows under the table
    dropped: str | None  # empty columns dropped, joined (data text)
    ids_masked: bool
    preview: pd.DataFrame


def describe(table: Table, mapping: Mapping, *, name: str, lang: str) -> FileView:
    """The file as read (the sample an engine read, for a source counted where it lives)."""
    detected = dict(
        name=name,
        kind=table.kind,
        encoding=table.encoding or "—",
        delimiter=DELIMITERS.get(table.delimiter or "", "—"),
        line=table.header_line,
        rows=len(table.frame),
        shape=t(f"upload.shape_{mapping.shape}", lang),
    )
    preview = table.frame.head(20).drop(columns=["__line__"])
    if mapping.person_id and mapping.person_id in preview:
        preview[mapping.person_id] = preview[mapping.person_id].map(mask_id)
    return FileView(
        name=name,
        detected=detected,
        titles=" | ".join(table.title_lines) if table.title_lines else None,
        notes=len(table.notes),
        dropped="、".join(table.dropped_columns) if table.dropped_columns else None,
        ids_masked=bool(mapping.person_id),
        preview=preview,
    )


@dataclass(frozen=True)
class UploadView:
    """The Upload page's view of a read file with a mapping: the file in words, what the pipeline
    accepted and found, and the confirmation's modes."""

    file: FileView
    checked: CheckedUpload
    metrics: tuple[tuple[str, str], ...]  # (label, number) of rows read, accepted, rejected, missing
    totals: pd.DataFrame | None  # accepted sums beside the file's 合计 rows (None: nothing accepted)
    problems: pd.DataFrame  # the problems listed one by one (at most PROBLEM_ROWS of each kind)
    problem_total: int  # every problem row found, listed or not
    problem_counts: pd.DataFrame | None  # rows per reason, exact — when the list stops short (else None)
    modes: tuple[str, ...]
    default_mode: int  # own series merge beside the snapshot's
    stem: str  # the file's name without its extension (download names)

    @property
    def observations(self) -> pd.DataFrame:
        return self.checked.observations

    def clean_csv(self) -> bytes:
        return to_csv_bytes(self.observations)

    def clean_parquet(self) -> bytes:
        return to_parquet_bytes(self.observations)

    def problems_csv(self) -> bytes:
        return to_csv_bytes(self.problems)


def build(
    table: Table,
    rows: Table | Result,
    mapping: Mapping,
    catalogue: Catalogue,
    regions: RegionRegistry,
    *,
    name: str,
    lang: str,
    base: DataView | None,
    scope: str | None,
) -> UploadView:
    """The page's view of ``table`` (as read) with ``mapping``: ``rows`` — the table itself, the
    whole file when ``table`` was an engine's sample, or what an engine counted — through the upload
    pipeline (``check_upload``), and everything the page says about them in ``lang``."""
    checked = check_upload(rows, mapping, catalogue, regions, base=base, scope=scope)
    result = checked.result
    metrics = (
        (t("upload.rows_read", lang), f"{result.rows_read:,}"),
        (t("upload.accepted", lang), f"{len(checked.observations):,}"),
        (t("upload.rejected", lang), f"{result.rejected_lines:,}"),
        (t("upload.missing", lang), f"{result.missing_cells:,}"),
    )
    modes = MODES if base is not None else ("alone",)
    return UploadView(
        file=describe(table, mapping, name=name, lang=lang),
        checked=checked,
        metrics=metrics,
        totals=totals_table(result, catalogue, mapping, lang) if result.accepted_totals() else None,
        problems=problem_table(result, regions, lang),
        problem_total=result.problem_rows,
        problem_counts=problem_counts_table(result, regions, lang)
        if result.problem_rows > len(result.problems)
        else None,
        modes=modes,
        default_mode=modes.index("merge") if checked.only_own and "merge" in modes else 0,
        stem=name.rsplit(".", 1)[0],
    )


def problem_table(result: Result, regions: RegionRegistry, lang: str) -> pd.DataFrame:
    """Every problem as a row a person can act on: line, column, raw value, reason (and kind).

    A reason's words depend only on the problem's code, kind and detail, so they are written once
    per distinct triple and shared by its rows: a national record-level file can flag half a
    million rows under three rules, and a sentence made per row cost seconds and ~1 GB."""
    names = [t(f"upload.col_{c}", lang) for c in ("line", "column", "value", "reason", "kind")]
    problems = result.problems
    if problems.empty:
        return pd.DataFrame(columns=names)
    keys = problems["code"].astype("str") + "\x00" + problems["kind"].astype("str") + "\x00"
    keys = keys + problems["detail"].map(repr)
    groups, _ = pd.factorize(keys)
    _, first = np.unique(groups, return_index=True)  # each distinct problem's first row, by group number
    reasons = np.empty(len(first), dtype=object)
    kinds = np.empty(len(first), dtype=object)
    for group, row in enumerate(first):
        code, kind, detail = problems["code"].iat[row], problems["kind"].iat[row], problems["detail"].iat[row]
        reasons[group] = reason_words(code, detail, regions, lang)
        kinds[group] = t(f"upload.kind_{kind}", lang)
    # the repeated texts (column, reason, kind) as categories: the page's table travels to the browser
    # as Arrow, where each then is a small dictionary and a code per row (100,000 rows: ~90 MB less
    # at the server's peak than a text per row)
    columns = (problems["line"].to_numpy(), pd.Categorical(problems["column"]), problems["value"].to_numpy())
    words = (pd.Categorical(reasons[groups]), pd.Categorical(kinds[groups]))
    return pd.DataFrame(dict(zip(names, (*columns, *words), strict=True)))


def problem_counts_table(result: Result, regions: RegionRegistry, lang: str) -> pd.DataFrame:
    """Rows per reason (its kind before it) — exact, listed or not — and how many of them the list
    shows: what a person reads when a big file's list stops at the first PROBLEM_ROWS rows. Three
    columns, so a phone shows the numbers beside the reason."""
    counts = result.problem_counts()
    names = [t(f"upload.col_{c}", lang) for c in ("reason", "rows", "listed")]
    rows = [
        (
            t(
                "upload.kind_reason",
                lang,
                kind=t(f"upload.kind_{row.kind}", lang),
                reason=reason_words(
                    row.code, {k: v for k, v in dict(row.detail or {}).items() if k != "candidates"}, regions, lang
                ),
            ),
            f"{int(row.rows):,}",
            f"{int(row.listed):,}",
        )
        for row in counts.itertuples()
    ]
    return pd.DataFrame(rows, columns=names)


def reason_words(code: str, detail: dict | None, regions: RegionRegistry, lang: str) -> str:
    """One problem's reason in ``lang``, with the region names it suggests."""
    detail = dict(detail or {})
    candidates = detail.pop("candidates", [])
    suggest = ""
    if candidates:
        names = t("list.sep", lang).join(
            regions.by_code[candidate].name(lang) for candidate in candidates if candidate in regions.by_code
        )
        suggest = t("problem.suggest", lang, names=names) if names else ""
    params = {
        key: (f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else value)
        for key, value in detail.items()
    }
    if code.startswith("magnitude_"):
        params["unit_hint"] = t("problem.unit_hint", lang, unit=detail["unit"]) if detail.get("unit") else ""
    if "{suggest}" in t(f"problem.{code}", "zh"):
        params["suggest"] = suggest
    return t(f"problem.{code}", lang, **params)


TEMPLATES = {
    "long": pd.DataFrame(
        {
            "省份": ["广东省", "广东省", "四川省"],
            "月份": ["2026-09", "2026-10", "2026-10"],
            "指标": ["新增技能人才"] * 3,
            "人数": [61234, 65890, 40211],
        }
    ),
    "wide": pd.DataFrame(
        {"地区": ["北京市", "广东省", "合计"], "2026年9月": [1200, 5300, 6500], "2026年10月": [1350, 5600, 6950]}
    ),
    "records": pd.DataFrame(
        {
            "身份证号": ["440102********1234", "440102********1234", "510104********5678"],
            "培训日期": ["2026-09-03", "2026-10-12", "2026-10-20"],
            "省份": ["广东", "广东", "四川"],
            "职业（工种）": ["电工", "焊工", "育婴员"],
            "技能等级": ["中级工", "初级工", "高级工"],
        }
    ),
}


def template_csv(kind: str, lang: str) -> bytes:
    """A template file with instructions above the header (the reader skips title rows)."""
    instructions = t(f"upload.template_{kind}_help", lang)
    body = to_csv_bytes(TEMPLATES[kind]).decode("utf-8-sig")
    lines = [f"说明：{line}" if lang == "zh" else f"Note: {line}" for line in instructions.split("\n")]
    return ("\ufeff" + "\n".join(lines) + "\n" + body).encode("utf-8")


def indicator_name(indicator_id: str, catalogue: Catalogue, mapping: Mapping, lang: str) -> str:
    """A catalogue indicator's name, or the own one this mapping would create (labelled as such)."""
    if indicator_id in catalogue.indicators:
        return catalogue.indicators[indicator_id].name(lang)
    if indicator_id in mapping.own:
        return mapping.own[indicator_id].indicator().name(lang)
    return indicator_id or t("upload.none", lang)


def units_table(mapping: Mapping, catalogue: Catalogue, lang: str) -> pd.DataFrame:
    """Per value column (one row for all period columns): the indicator, the unit read, where it was
    read, the factor applied and the unit the values are stored in."""
    columns = value_columns_of(mapping)
    if mapping.shape == "wide_period" and columns:
        groups = [(t("upload.all_periods", lang, count=len(columns)), columns[0])]
    else:
        groups = [(column, column) for column in columns]
    rows = []
    for label, column in groups:
        unit = mapping.unit_of(column)
        indicator = mapping.indicators.get(column) or mapping.indicator or ""
        if unit.source == "cell":
            factor = t("upload.factor_per_cell", lang)
        elif unit.source == "unit_column":
            factor = t("upload.factor_per_row", lang)
        else:
            factor = "×" + format_exact(unit.factor)
        rows.append(
            {
                t("upload.col_value_column", lang): label,
                t("upload.col_indicator_of", lang): indicator_name(indicator, catalogue, mapping, lang)
                if indicator
                else "—",
                t("upload.col_unit_read", lang): unit.unit or t("upload.no_unit", lang),
                t("upload.col_unit_source", lang): t(f"upload.unit_source_{unit.source}", lang)
                + (f"（{unit.text}）" if unit.text and unit.text != label and lang == "zh" else "")
                + (f" ({unit.text})" if unit.text and unit.text != label and lang != "zh" else ""),
                t("upload.col_factor", lang): factor,
                t("upload.col_stored_unit", lang): unit_text(unit.base, lang) if unit.base else "—",
            }
        )
    return pd.DataFrame(rows)


def unit_of(indicator_id: str, catalogue: Catalogue, mapping: Mapping) -> str:
    if indicator_id in catalogue.indicators:
        return catalogue.indicators[indicator_id].unit
    return mapping.own[indicator_id].unit if indicator_id in mapping.own else ""


def kind_of(indicator_id: str, catalogue: Catalogue, mapping: Mapping) -> str:
    if indicator_id in catalogue.indicators:
        return catalogue.indicators[indicator_id].kind
    return mapping.own[indicator_id].kind if indicator_id in mapping.own else "flow"


def totals_table(result: Result, catalogue: Catalogue, mapping: Mapping, lang: str) -> pd.DataFrame:
    """Accepted sums with their unit — 2.5万人次 / 25,000 人次 — beside the file's own 合计 rows. A
    flow is summed over everything accepted; a stock over the regions of its latest period only
    (levels are never added over time); a rate is never summed."""
    accepted, claimed = result.accepted_totals(), result.claimed_totals
    frame = result.observations

    def both(value: float, unit: str) -> str:
        word = unit_text(unit, lang) if unit else ""
        return f"{format_quantity(value, unit, lang)} / {format_exact(value)} {word}".strip()

    shown = []
    for indicator_id, total in accepted.items():
        unit, kind = unit_of(indicator_id, catalogue, mapping), kind_of(indicator_id, catalogue, mapping)
        if kind == "flow":
            shown.append(both(total, unit))
            continue
        if kind != "stock":
            shown.append(t("upload.not_summed", lang))
            continue
        rows = frame[(frame["indicator_id"] == indicator_id) & (frame["region_code"] != "000000")]
        latest = rows["period"].max()
        parts = [c for c in rows.columns if c not in ("indicator_id", "region_code", "period", "value", "__line__")]
        latest_rows = rows[(rows["period"] == latest) & (rows[parts].isna().all(axis=1) if parts else True)]
        shown.append(
            both(float(latest_rows["value"].sum()), unit)
            + t("upload.latest_sum", lang, period=latest.strftime("%Y" if latest.month == 1 else "%Y-%m"))
        )
    return pd.DataFrame(
        {
            t("col.indicator", lang): [indicator_name(i, catalogue, mapping, lang) for i in accepted],
            t("upload.col_total_unit", lang): shown,
            t("upload.col_claimed", lang): [
                both(claimed[i], unit_of(i, catalogue, mapping)) if i in claimed else "—" for i in accepted
            ],
        }
    )


def magnitude_lines(problems: pd.DataFrame, catalogue: Catalogue, mapping: Mapping, lang: str) -> list[str]:
    """One line per indicator with values 100× away from the snapshot: how many, and the likely unit."""
    lines = []
    flagged = problems[problems["code"].astype("str").str.startswith("magnitude_")] if len(problems) else problems
    for indicator_id, group in (
        flagged.groupby(flagged["detail"].map(lambda d: d["indicator"]), sort=False) if len(flagged) else []
    ):
        units = [d["unit"] for d in group["detail"] if d.get("unit")]
        suggest = (
            t("upload.magnitude_suggest", lang, unit=max(set(units), key=units.count))
            if units
            else t("upload.magnitude_check", lang)
        )
        lines.append(
            t(
                "upload.magnitude_line",
                lang,
                indicator=indicator_name(indicator_id, catalogue, mapping, lang),
                count=len(group),
                suggest=suggest,
            )
        )
    return lines
