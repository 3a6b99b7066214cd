"""What an analyst's upload becomes: a report in the UI language, a data view (alone or merged
over the chosen snapshot), downloads and templates. No Streamlit; the page keeps the results in
that browser session only."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import pandas as pd

from lib.dataset import DataFolder, DataView, Provenance, frame_view
from lib.i18n import t
from lib.interpret import Result
from lib.periods import month_end
from lib.reader import LINE
from lib.regions import RegionRegistry
from lib.snapshots import BASE_SCHEMA

MODES = ("alone", "merge")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def problem_table(result: Result, regions: RegionRegistry, lang: str) -> pd.DataFrame:
    """Every problem as a row a person can act on: line, column, raw value, reason (and kind)."""
    rows = []
    for problem in result.problems.itertuples(index=False):
        detail = dict(problem.detail or {})
        candidates = detail.pop("candidates", [])
        suggest = ""
        if candidates:
            names = t("list.sep", lang).join(regions.by_code[code].name(lang) for code in candidates if code in regions.by_code)
            suggest = t("problem.suggest", lang, names=names) if names else ""
        params = {key: (f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else value) for key, value in detail.items()}
        if "{suggest}" in t(f"problem.{problem.code}", "zh"):
            params["suggest"] = suggest
        rows.append(
            {
                t("upload.col_line", lang): problem.line,
                t("upload.col_column", lang): problem.column,
                t("upload.col_value", lang): problem.value,
                t("upload.col_reason", lang): t(f"problem.{problem.code}", lang, **params),
                t("upload.col_kind", lang): t(f"upload.kind_{problem.kind}", lang),
            }
        )
    return pd.DataFrame(rows, columns=[t(f"upload.col_{c}", lang) for c in ("line", "column", "value", "reason", "kind")])


def tidy(result: Result) -> pd.DataFrame:
    """The accepted observations in the snapshot schema (no line numbers, no IDs)."""
    return result.observations.drop(columns=[LINE], errors="ignore").reset_index(drop=True)


@dataclass(frozen=True)
class Merged:
    frame: pd.DataFrame
    replaced: int  # snapshot rows replaced
    added: int  # uploaded rows


def merge_over(snapshot: pd.DataFrame, upload: pd.DataFrame) -> Merged:
    """Uploaded rows replace the snapshot's rows of the same indicator × region × period (its total
    and breakdown rows together, so parts never disagree with totals); the rest is kept."""
    keys = ["indicator_id", "region_code", "period"]
    upload = upload.copy()
    upload["period"] = pd.to_datetime(upload["period"])
    covered = pd.MultiIndex.from_frame(upload[keys].drop_duplicates())
    hit = pd.MultiIndex.from_frame(snapshot[keys]).isin(covered)
    kept = snapshot[~hit]
    frame = pd.concat([kept, upload], ignore_index=True)
    for column in frame.columns:
        if column not in BASE_SCHEMA.names:
            frame[column] = frame[column].astype("str").where(frame[column].notna(), None)
    return Merged(frame.reset_index(drop=True), int(hit.sum()), len(upload))


def upload_view(
    folder: DataFolder, base: DataView | None, upload: pd.DataFrame, *, mode: str, name: str, lang: str
) -> tuple[DataView, Merged | None]:
    """The data every page shows while an upload is in force."""
    if mode == "merge" and base is not None:
        merged = merge_over(base.store.frame, upload)
        provenance = Provenance(**{**base.provenance.__dict__, "includes_upload": True, "upload_note": name})
        return frame_view(folder, merged.frame, provenance), merged
    latest = pd.to_datetime(upload["period"]).max()
    as_of = month_end(date(latest.year, latest.month, 1)) if pd.notna(latest) else date.today()
    provenance = Provenance(
        snapshot_id=f"upload:{name}", as_of=as_of, title=t("upload.alone_title", lang, name=name), source=t("upload.alone_source", lang, name=name),
        publisher="", license="", demo=False, sha256="", includes_upload=True, upload_note=name,
    )  # fmt: skip
    return frame_view(folder, upload, provenance), None


TEMPLATES = {
    "long": pd.DataFrame(
        {
            "省份": ["广东省", "广东省", "四川省"],
            "月份": ["2026-09", "2026-10", "2026-10"],
            "指标": ["新增技能人才"] * 3,
            "人数": [61234, 65890, 40211],
        }
    ),
    "wide": pd.DataFrame({"地区": ["北京市", "广东省", "合计"], "2026年9月": [1200, 5300, 6500], "2026年10月": [1350, 5600, 6950]}),
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
    from lib.exports import to_csv_bytes

    instructions = t(f"upload.template_{kind}_help", lang)
    body = to_csv_bytes(TEMPLATES[kind]).decode("utf-8-sig")
    lines = [f"说明：{line}" if lang == "zh" else f"Note: {line}" for line in instructions.split("\n")]
    return ("\ufeff" + "\n".join(lines) + "\n" + body).encode("utf-8")
