"""An analyst's own targets, as typed into the form or written in a small CSV or TOML file: checked
field by field with messages that say what is wrong and what to do, then made into ``OwnTarget``
records that the progress engine evaluates like catalogue targets.

Checks: a name; an indicator that exists (catalogue or own); a kind and comparator; a number
(万/亿 allowed); a period that ends after it starts; a province or group that exists; no ratio
(a %) on a count; no cumulative or annual target on a level (a stock or a rate is never summed
over months); a change target's baseline; a source — a document number and its words, or 内部目标.
"""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass, field
from datetime import date

from lib.core.i18n import pick, t
from lib.core.periods import add_months, format_month
from lib.reference.catalogue import COMPARATORS, TARGET_KINDS, Catalogue
from lib.reference.labels import GROUP_KEYS
from lib.reference.own import OwnTarget
from lib.reference.regions import RegionError, RegionRegistry
from lib.upload.cell_values import ParseProblem, is_missing, parse_period, read_number
from lib.upload.common import fold_header
from lib.upload.reader import LINE, read_table

FIELDS = (
    "name_zh",
    "name_en",
    "indicator",
    "scope",
    "kind",
    "comparator",
    "value",
    "start",
    "end",
    "baseline_period",
    "baseline_value",
    "document",
    "quote",
)
# Column headers a template may use for each field (Chinese first: the template is in Chinese).
HEADERS = {
    "name_zh": ("目标名称", "名称", "name_zh", "name"),
    "name_en": ("英文名称", "name_en"),
    "indicator": ("指标", "indicator"),
    "scope": ("范围", "地区", "scope"),
    "kind": ("类型", "目标类型", "kind"),
    "comparator": ("比较", "比较方式", "comparator"),
    "value": ("目标值", "value"),
    "start": ("开始", "起始", "start"),
    "end": ("结束", "截止", "end"),
    "baseline_period": ("基期", "baseline_period"),
    "baseline_value": ("基期值", "baseline_value"),
    "document": ("文件文号", "文号", "来源", "document"),
    "quote": ("原文", "quote"),
}
KIND_WORDS = {
    "累计": "cumulative",
    "期间累计": "cumulative",
    "每年": "annual",
    "年度": "annual",
    "逐年": "annual",
    "达到": "level",
    "水平": "level",
    "达到水平": "level",
    "增加": "change",
    "提高": "change",
    "比基期增加": "change",
}
COMPARATOR_WORDS = {
    "≥": ">=",
    "不低于": ">=",
    "以上": ">=",
    "至少": ">=",
    "左右": "approx",
    "约": "approx",
    "≤": "<=",
    "不超过": "<=",
    "以下": "<=",
    "以内": "<=",
}
INTERNAL_WORDS = {fold_header(word) for word in ("内部目标", "内部", "internal", "internal target")}
SUMMED_KINDS = ("cumulative", "annual")  # the engine adds the indicator up over months


@dataclass(frozen=True)
class TargetProblem:
    """One thing wrong with a target: the field, a reason (``own.error.<code>``), and the line of
    the template file it is on (None for the form)."""

    field: str
    code: str
    params: dict = field(default_factory=dict)
    line: int | None = None

    def text(self, lang: str) -> str:
        params = dict(self.params)
        if "kind" in params:
            params["kind"] = t(f"kind.{params['kind']}", lang)
        if "indicator_zh" in params:
            params["indicator"] = pick(params.pop("indicator_zh"), params.pop("indicator_en"), lang)
        label = t(f"own.field.{self.field}", lang)
        reason = t(f"own.error.{self.code}", lang, **params)
        where = t("own.on_line", lang, line=self.line) if self.line else ""
        return f"{where}{label}：{reason}" if lang == "zh" else f"{where}{label}: {reason}"


def _text(value: object) -> str:
    return "" if value is None or is_missing(value) else str(value).strip()


def resolve_indicator(text: str, catalogue: Catalogue) -> str | None:
    """An indicator by id or by name (zh/en, own ones included); None when there is none."""
    if text in catalogue.indicators:
        return text
    folded = fold_header(text)
    for indicator in catalogue.indicators.values():
        if folded in (fold_header(indicator.name_zh), fold_header(indicator.name_en), fold_header(indicator.id)):
            return indicator.id
    return None


def _groups() -> dict[str, str]:
    names = {fold_header(key): key for key in GROUP_KEYS}
    for key, label in GROUP_KEYS.items():
        for lang in ("zh", "en"):
            names[fold_header(t(label, lang))] = key
    return names


def resolve_scope(text: str, regions: RegionRegistry) -> tuple[str | None, TargetProblem | None]:
    """``national`` / 全国, ``region:440000`` or any spelling of a province, ``group:<key>`` or a
    group's name (东部省份) -> the scope code, or the problem."""
    folded = fold_header(text)
    if folded in ("national", "全国", "nationwide", "china", "中国"):
        return "national", None
    group = _groups().get(fold_header(text.removeprefix("group:")))
    if group:
        return f"group:{group}", None
    if text.startswith("group:"):
        return None, TargetProblem("scope", "group_unknown", {"value": text})
    try:
        return f"region:{regions.normalize(text.removeprefix('region:'))}", None
    except RegionError as error:
        names = "、".join(regions.by_code[code].name_zh for code in error.candidates if code in regions.by_code)
        code = "region_out_of_scope" if error.reason == "out_of_scope" else "region_unknown"
        return None, TargetProblem("scope", code, {"value": text, "suggest": names or "—"})


def period_bound(text: str, *, end: bool) -> date:
    """The first (or, for ``end``, the last) month a period names: 2025 -> 2025-01 / 2025-12,
    2025Q2 -> 2025-04 / 2025-06, 2025-06 -> 2025-06. ParseProblem when unreadable."""
    first, kind = parse_period(text)
    if not end:
        return first
    return add_months(first, {"Y": 11, "Q": 2}.get(kind, 0))


def check_target(
    draft: dict, catalogue: Catalogue, regions: RegionRegistry, *, today: date | None = None, line: int | None = None
) -> tuple[OwnTarget | None, list[TargetProblem]]:
    """A draft (strings as typed) -> the target, or every problem found (all of them at once)."""
    today = today or date.today()
    values = {name: _text(draft.get(name)) for name in FIELDS}
    problems: list[TargetProblem] = []

    def problem(field_name: str, code: str, **params: object) -> None:
        problems.append(TargetProblem(field_name, code, params, line))

    name_zh = values["name_zh"] or values["name_en"]
    if not name_zh:
        problem("name_zh", "name_missing")
    indicator_id = resolve_indicator(values["indicator"], catalogue) if values["indicator"] else None
    if not values["indicator"]:
        problem("indicator", "indicator_missing")
    elif indicator_id is None:
        problem("indicator", "indicator_unknown", value=values["indicator"])
    kind = KIND_WORDS.get(values["kind"], values["kind"])
    if kind not in TARGET_KINDS:
        problem("kind", "kind_unknown", value=values["kind"] or "—")
    comparator = COMPARATOR_WORDS.get(values["comparator"] or ">=", values["comparator"] or ">=")
    if comparator not in COMPARATORS:
        problem("comparator", "comparator_unknown", value=values["comparator"])
    number, percent = None, False
    try:
        reading = read_number(values["value"])
        number, percent = reading.value, reading.percent
    except ParseProblem:
        pass
    if number is None:
        problem("value", "value_not_number", value=values["value"] or "—")
    elif kind in SUMMED_KINDS and number <= 0:
        problem("value", "value_not_positive")
    indicator = catalogue.indicators.get(indicator_id) if indicator_id else None
    if indicator is not None and number is not None:
        if percent and indicator.unit != "%":
            names = {"indicator_zh": indicator.name("zh"), "indicator_en": indicator.name("en")}
            problem("value", "ratio_on_count", unit=indicator.unit or "—", **names)
        if kind in SUMMED_KINDS and (indicator.kind in ("stock", "rate", "ratio") or indicator.unit == "%"):
            names = {"indicator_zh": indicator.name("zh"), "indicator_en": indicator.name("en")}
            problem("kind", "sum_of_level", kind=kind, **names)
    start = end = None
    for bound in ("start", "end"):
        try:
            parsed = period_bound(values[bound], end=bound == "end")
        except ParseProblem:
            problem(bound, "period_invalid", value=values[bound] or "—")
            continue
        start, end = (parsed, end) if bound == "start" else (start, parsed)
    if start and end and end < start:
        problem("end", "end_before_start", start=format_month(start), end=format_month(end))
    scope, scope_problem = resolve_scope(values["scope"] or "national", regions)
    if scope_problem:
        problems.append(TargetProblem(scope_problem.field, scope_problem.code, scope_problem.params, line))
    baseline_period = baseline_value = None
    if values["baseline_period"]:
        try:
            baseline_period = format_month(period_bound(values["baseline_period"], end=True))
        except ParseProblem:
            problem("baseline_period", "period_invalid", value=values["baseline_period"])
    if values["baseline_value"]:
        try:
            baseline_value = read_number(values["baseline_value"]).value
        except ParseProblem:
            problem("baseline_value", "value_not_number", value=values["baseline_value"])
    if kind == "change" and baseline_period is None and baseline_value is None:
        problem("baseline_period", "baseline_missing")
    internal = fold_header(values["document"]) in INTERNAL_WORDS
    if not values["document"]:
        problem("document", "source_missing")
    elif not internal and not values["quote"]:
        problem("quote", "quote_missing")
    if problems:
        return None, problems
    target = OwnTarget.new(
        indicator_id=indicator_id,
        name_zh=name_zh,
        name_en=values["name_en"] or name_zh,
        kind=kind,
        comparator=comparator,
        value=float(number),
        start=format_month(start),
        end=format_month(end),
        scope=scope,
        document="" if internal else values["document"],
        quote=values["quote"],
        baseline_period=baseline_period,
        baseline_value=baseline_value,
        created=today.isoformat(),
    )
    if target.id in catalogue.by_target:
        return None, [TargetProblem("name_zh", "duplicate", {"name": name_zh}, line)]
    return target, []


def _rows_of_csv(name: str, data: bytes) -> list[tuple[int, dict]]:
    table = read_table(name, data)
    columns = {}
    for column in table.header:
        folded = fold_header(column)
        for field_name, words in HEADERS.items():
            if folded in {fold_header(word) for word in words}:
                columns[column] = field_name
    return [
        (int(row[LINE]), {columns[c]: row[c] for c in columns})
        for row in table.frame.to_dict("records")
        if any(_text(row[c]) for c in columns)
    ]


def _rows_of_toml(data: bytes) -> list[tuple[int, dict]]:
    entries = tomllib.load(io.BytesIO(data)).get("target", [])
    rows = []
    for number, entry in enumerate(entries, start=1):
        row = {}
        for key, value in entry.items():
            field_name = next((f for f, words in HEADERS.items() if fold_header(key) in map(fold_header, words)), None)
            if field_name:
                row[field_name] = str(value)
        rows.append((number, row))
    return rows


def read_targets_file(
    name: str, data: bytes, catalogue: Catalogue, regions: RegionRegistry, *, today: date | None = None
) -> tuple[list[OwnTarget], list[TargetProblem]]:
    """Every target of a template file (CSV like the template, or TOML with [[target]] tables),
    each checked; a row with problems is listed (line, field, reason) and not added."""
    try:
        is_toml = name.lower().endswith(".toml") or data.lstrip().startswith(b"[[target]]")
        rows = _rows_of_toml(data) if is_toml else _rows_of_csv(name, data)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return [], [TargetProblem("file", "file_unreadable", {"detail": str(error)[:200]})]
    except Exception as error:  # a ReadError (empty, binary, no header …) says why in its own words
        detail = error.text("zh") if hasattr(error, "text") else type(error).__name__
        return [], [TargetProblem("file", "file_unreadable", {"detail": detail})]
    targets, problems = [], []
    if not rows:
        return [], [TargetProblem("file", "file_empty")]
    seen = set(catalogue.by_target)
    for line, row in rows:
        target, found = check_target(row, catalogue, regions, today=today, line=line)
        if target is not None and target.id in seen:
            found = [TargetProblem("name_zh", "duplicate", {"name": target.name_zh}, line)]
            target = None
        problems.extend(found)
        if target is not None:
            targets.append(target)
            seen.add(target.id)
    return targets, problems


TEMPLATE_ROWS = [
    {
        "name_zh": "广东省2025年补贴性职业技能培训",
        "name_en": "Guangdong 2025 subsidised training",
        "indicator": "补贴性职业技能培训",
        "scope": "广东",
        "kind": "累计",
        "comparator": "不低于",
        "value": "150万",
        "start": "2025-01",
        "end": "2025-12",
        "document": "内部目标",
        "quote": "",
    },
    {
        "name_zh": "东部省份2025年新增技能人才",
        "name_en": "Eastern provinces, new skilled workers 2025",
        "indicator": "新增技能人才",
        "scope": "东部省份",
        "kind": "每年",
        "comparator": "不低于",
        "value": "30万",
        "start": "2025",
        "end": "2025",
        "document": "X人社发〔2025〕1号",
        "quote": "2025年各省新增技能人才30万人以上",
    },
]


def template_csv() -> bytes:
    """The CSV template: Chinese headers, two example rows (a province's own target, a group's)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    fields = [f for f in FIELDS if f not in ("baseline_period", "baseline_value")] + [
        "baseline_period",
        "baseline_value",
    ]
    writer.writerow([HEADERS[f][0] for f in fields])
    for row in TEMPLATE_ROWS:
        writer.writerow([row.get(f, "") for f in fields])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_toml() -> bytes:
    """The same two targets as TOML ([[target]] tables, the catalogue's own format)."""
    lines = [
        "# 自定目标：每个 [[target]] 一项；类型 累计/每年/达到/增加，比较 不低于/左右/不超过，",
        "# 范围 全国、省份名称或省份组（东部省份等），文件文号填“内部目标”或文号并附原文。",
    ]
    for row in TEMPLATE_ROWS:
        lines.append("\n[[target]]")
        lines.extend(f'{key} = "{value}"' for key, value in row.items())
    return ("\n".join(lines) + "\n").encode("utf-8")


def targets_toml(targets: list[OwnTarget]) -> bytes:
    """A session's own targets as a TOML file that reads back with ``read_targets_file``."""
    lines = ["# 分析人员自定目标（非官方）· analysts' own targets (not official)"]
    for target in targets:
        lines.append("\n[[target]]")
        row = {
            "name_zh": target.name_zh,
            "name_en": target.name_en,
            "indicator": target.indicator_id,
            "scope": target.scope,
            "kind": target.kind,
            "comparator": target.comparator,
            "value": repr(target.value),
            "start": target.start,
            "end": target.end,
            "baseline_period": target.baseline_period or "",
            "baseline_value": "" if target.baseline_value is None else repr(target.baseline_value),
            "document": target.document or "内部目标",
            "quote": target.quote,
        }
        lines.extend(f"{key} = {_toml_string(value)}" for key, value in row.items() if value != "")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _toml_string(value: str) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
