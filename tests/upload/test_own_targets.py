"""Analysts' own indicators and targets: plain records that round-trip through JSON, a session
catalogue that leaves the folder's alone, the engine on own targets, and every validation message."""

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.core.settings import DEFAULT_DATA_DIR
from lib.progress.dataview import snapshot_view
from lib.reference.own import OwnIndicator, OwnTarget, session_catalogue
from lib.store.folder import open_data_folder
from lib.upload.own_targets import check_target, read_targets_file, targets_toml, template_csv, template_toml
from lib.upload.session import session_view

TODAY = date(2026, 11, 22)
GUANGDONG_2025 = {
    "name_zh": "广东省2025年补贴性职业技能培训",
    "indicator": "补贴性职业技能培训",
    "scope": "广东",
    "kind": "累计",
    "comparator": "不低于",
    "value": "150万",
    "start": "2025-01",
    "end": "2025-12",
    "document": "内部目标",
}


@pytest.fixture(scope="module")
def folder():
    return open_data_folder(DEFAULT_DATA_DIR)


def codes(problems) -> list[tuple[str, str]]:
    return [(p.field, p.code) for p in problems]


def test_a_provincial_target_is_checked_and_made(folder):
    target, problems = check_target(GUANGDONG_2025, folder.catalogue, folder.regions, today=TODAY)
    assert problems == [] and target.scope == "region:440000" and target.value == 1.5e6
    assert (target.kind, target.comparator, target.start, target.end, target.internal) == (
        "cumulative",
        ">=",
        "2025-01",
        "2025-12",
        True,
    )
    made = target.target()
    assert made.origin == "analyst" and made.name("zh").endswith("（分析人员自定·非官方）")
    assert target.program().document("zh") == "内部目标" and target.program().document("en") == "internal target"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"start": "2025-12", "end": "2025-01"}, [("end", "end_before_start")]),
        ({"scope": "广栋"}, [("scope", "region_unknown")]),
        ({"scope": "台湾"}, [("scope", "region_out_of_scope")]),
        ({"scope": "group:martian"}, [("scope", "group_unknown")]),
        ({"value": "60%"}, [("value", "ratio_on_count")]),
        ({"indicator": "就业人员", "value": "7000万"}, [("kind", "sum_of_level")]),
        ({"indicator": "没有的指标"}, [("indicator", "indicator_unknown")]),
        ({"value": "很多"}, [("value", "value_not_number")]),
        ({"value": "0"}, [("value", "value_not_positive")]),
        ({"kind": "每天"}, [("kind", "kind_unknown")]),
        ({"comparator": "大约吧"}, [("comparator", "comparator_unknown")]),
        ({"start": "明年"}, [("start", "period_invalid")]),
        ({"document": ""}, [("document", "source_missing")]),
        ({"document": "粤人社发〔2025〕1号"}, [("quote", "quote_missing")]),
        ({"kind": "增加", "value": "5"}, [("baseline_period", "baseline_missing")]),
        ({"name_zh": ""}, [("name_zh", "name_missing")]),
    ],
)
def test_every_mistake_gets_its_message(folder, change, expected):
    target, problems = check_target({**GUANGDONG_2025, **change}, folder.catalogue, folder.regions, today=TODAY)
    assert target is None and codes(problems) == expected
    for lang in ("zh", "en"):
        assert all(p.text(lang) and "{" not in p.text(lang) for p in problems)


def test_messages_say_what_to_do(folder):
    _, problems = check_target({**GUANGDONG_2025, "scope": "广栋"}, folder.catalogue, folder.regions, today=TODAY)
    assert problems[0].text("zh") == "范围：没有“广栋”这个省级单位（是否指：广西壮族自治区、广东省）"
    _, problems = check_target({**GUANGDONG_2025, "value": "60%"}, folder.catalogue, folder.regions, today=TODAY)
    assert "补贴性职业技能培训" in problems[0].text("zh") and "Subsidised" in problems[0].text("en")


def test_all_problems_are_listed_at_once(folder):
    draft = {**GUANGDONG_2025, "start": "2025-12", "end": "2025-01", "scope": "火星", "value": "abc"}
    _, problems = check_target(draft, folder.catalogue, folder.regions, today=TODAY)
    assert set(codes(problems)) == {
        ("end", "end_before_start"),
        ("scope", "region_unknown"),
        ("value", "value_not_number"),
    }


def test_a_year_or_quarter_names_its_months(folder):
    draft = {**GUANGDONG_2025, "start": "2025Q2", "end": "2025年三季度"}
    target, _ = check_target(draft, folder.catalogue, folder.regions, today=TODAY)
    assert (target.start, target.end) == ("2025-04", "2025-09")


def test_the_same_target_twice_is_a_duplicate(folder):
    target, _ = check_target(GUANGDONG_2025, folder.catalogue, folder.regions, today=TODAY)
    catalogue = session_catalogue(folder.catalogue, (), [target])
    again, problems = check_target(GUANGDONG_2025, catalogue, folder.regions, today=TODAY)
    assert again is None and codes(problems) == [("name_zh", "duplicate")]


IDS = st.text(alphabet="abcdef0123", min_size=4, max_size=10)


@given(
    st.text(min_size=1, max_size=20).filter(str.strip),
    st.sampled_from(["人", "人次", "元", "%", ""]),
    st.sampled_from(["flow", "stock", "rate"]),
    st.sampled_from(["M", "Q", "Y"]),
)
def test_own_indicators_round_trip_through_json(name, unit, kind, frequency):
    own = OwnIndicator.new(name, unit, kind, frequency=frequency, source="文件.csv")
    assert OwnIndicator.from_dict(json.loads(json.dumps(own.to_dict()))) == own
    assert own.id.startswith("own-i-") and "." not in own.id


@given(st.floats(min_value=0.5, max_value=1e12), st.sampled_from(["national", "region:440000", "group:fund_east"]))
def test_own_targets_round_trip_through_json(value, scope):
    target = OwnTarget.new(
        indicator_id="subsidised_training",
        name_zh="目标",
        name_en="target",
        kind="annual",
        comparator=">=",
        value=value,
        start="2025-01",
        end="2026-12",
        scope=scope,
        document="X〔2025〕1号",
        quote="原文",
        created="2026-11-22",
    )
    assert OwnTarget.from_dict(json.loads(json.dumps(target.to_dict()))) == target
    assert target.target().value == value


def test_the_session_catalogue_leaves_the_folders_alone(folder):
    own = OwnIndicator.new("城镇单位就业人员", "人", "stock", frequency="Y")
    target, _ = check_target(GUANGDONG_2025, folder.catalogue, folder.regions, today=TODAY)
    before = (len(folder.catalogue.targets), len(folder.catalogue.indicators), len(folder.catalogue.programs))
    catalogue = session_catalogue(folder.catalogue, [own], [target])
    assert (len(folder.catalogue.targets), len(folder.catalogue.indicators), len(folder.catalogue.programs)) == before
    assert catalogue.indicators[own.id].name("zh") == "城镇单位就业人员（上传·非官方）"
    assert catalogue.by_target[target.id].program_id in catalogue.programs
    orphan = OwnTarget.from_dict({**target.to_dict(), "id": "own-t-x", "indicator_id": "own-i-gone"})
    assert "own-t-x" not in session_catalogue(folder.catalogue, [], [orphan]).by_target  # never half-added


def test_the_engine_evaluates_an_own_target_like_a_catalogue_one(folder):
    base = snapshot_view(folder, folder.snapshot(None))
    target, _ = check_target(GUANGDONG_2025, folder.catalogue, folder.regions, today=TODAY)
    view = session_view(base, session_catalogue(folder.catalogue, [], [target]))
    progress = view.progress()[target.id]
    series = base.store.stored_series("subsidised_training", "440000")
    months = base.store.months()
    actual = series[(months >= 2025 * 12) & (months <= 2025 * 12 + 11)].sum()
    assert progress.actual == actual and progress.target_value == 1.5e6
    assert progress.status == ("achieved" if actual >= 1.5e6 else "missed")
    assert set(view.progress()) - {target.id} == set(base.progress())  # the snapshot's own results unchanged


def test_the_templates_read_back_as_two_valid_targets(folder):
    for name, data in (("t.csv", template_csv()), ("t.toml", template_toml())):
        targets, problems = read_targets_file(name, data, folder.catalogue, folder.regions, today=TODAY)
        assert problems == [] and [t.scope for t in targets] == ["region:440000", "group:belt:east"], name


def test_a_sessions_targets_download_and_read_back(folder):
    targets, _ = read_targets_file("t.csv", template_csv(), folder.catalogue, folder.regions, today=TODAY)
    again, problems = read_targets_file(
        "mine.toml", targets_toml(targets), folder.catalogue, folder.regions, today=TODAY
    )
    assert problems == [] and [t.to_dict() for t in again] == [t.to_dict() for t in targets]


def test_a_template_with_mistakes_lists_each_line(folder):
    data = template_csv().decode("utf-8-sig").replace("广东", "广栋").replace("2025,2025", "2025,2024").encode()
    targets, problems = read_targets_file("bad.csv", data, folder.catalogue, folder.regions, today=TODAY)
    assert targets == [] and [(p.line, p.code) for p in problems] == [(2, "region_unknown"), (3, "end_before_start")]
    assert problems[0].text("zh").startswith("第 2 行 · 范围：")
    _, problems = read_targets_file("empty.csv", b"", folder.catalogue, folder.regions, today=TODAY)
    assert [p.code for p in problems] == ["file_unreadable"]


def test_an_analysts_text_cannot_become_markup_in_a_chart(folder):
    draft = {
        **GUANGDONG_2025,
        "name_zh": '<a href="http://example.com">点我</a>',
        "document": "<b>X</b>号",
        "quote": "原文",
    }
    target, _ = check_target(draft, folder.catalogue, folder.regions, today=TODAY)
    made = target.target()
    assert "<" not in made.name("zh") + target.program().document("zh") and made.name("zh").startswith("＜a href")
    own = OwnIndicator.new("GDP<br>", "元", "stock")
    assert own.indicator().name("en") == "GDP＜br＞ (uploaded, not official)"
