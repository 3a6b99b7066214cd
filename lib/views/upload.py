"""What the Upload page shows besides the widgets: every problem as a row a person can act on, in
the UI language, and the templates offered for download."""

from __future__ import annotations

import pandas as pd

from lib.core.i18n import t
from lib.reference.regions import RegionRegistry
from lib.store.exports import to_csv_bytes
from lib.upload.common import Result


def problem_table(result: Result, regions: RegionRegistry, lang: str) -> pd.DataFrame:
    """Every problem as a row a person can act on: line, column, raw value, reason (and kind)."""
    rows = []
    for problem in result.problems.itertuples(index=False):
        detail = dict(problem.detail or {})
        candidates = detail.pop("candidates", [])
        suggest = ""
        if candidates:
            names = t("list.sep", lang).join(
                regions.by_code[code].name(lang) for code in candidates if code in regions.by_code
            )
            suggest = t("problem.suggest", lang, names=names) if names else ""
        params = {
            key: (f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else value)
            for key, value in detail.items()
        }
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
    return pd.DataFrame(
        rows, columns=[t(f"upload.col_{c}", lang) for c in ("line", "column", "value", "reason", "kind")]
    )


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
