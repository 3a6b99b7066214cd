"""An analyst's own indicator and target as the views show them: the Provinces map by value, the
monthly table by year, the Data page's labelled download, the Targets page's list, and briefings."""

from pathlib import Path

import numpy as np
import pytest

from lib.briefing.views import parse_brief, view_content, view_title
from lib.core.i18n import t
from lib.core.settings import DEFAULT_DATA_DIR
from lib.progress.dataview import snapshot_view
from lib.reference.own import session_catalogue
from lib.store.folder import open_data_folder
from lib.upload.interpret import guess_mapping, to_observations
from lib.upload.own_targets import check_target
from lib.upload.reader import read_table
from lib.upload.session import tidy, upload_view
from lib.views.data import labelled_frame, own_indicator_table
from lib.views.overview import status_table
from lib.views.provinces import indicator_map, mappable_indicators, monthly_table
from lib.views.targets import own_target_rows

NBS = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "nbs_province_urban_unit_employment_2006_2025_gbk.csv"


@pytest.fixture(scope="module")
def session():
    """The NBS export confirmed over the demo snapshot, with an own target on it (广东, 2024)."""
    folder = open_data_folder(DEFAULT_DATA_DIR)
    table = read_table(NBS.name, NBS.read_bytes())
    mapping = guess_mapping(table, folder.catalogue, folder.regions)
    result = to_observations(table, mapping, folder.catalogue, folder.regions)
    own = mapping.own[mapping.indicator]
    draft = {"name_zh": "广东城镇单位就业人员", "indicator": own.id, "scope": "广东", "kind": "达到水平"}
    draft |= {"value": "2000万", "start": "2024", "end": "2024", "document": "内部目标"}
    catalogue = session_catalogue(folder.catalogue, [own], [])
    target, problems = check_target(draft, catalogue, folder.regions)
    assert problems == []
    catalogue = session_catalogue(folder.catalogue, [own], [target])
    base = snapshot_view(folder, folder.snapshot(None))
    view, _ = upload_view(folder, base, tidy(result), mode="merge", name=NBS.name, lang="zh", catalogue=catalogue)
    return view, own, target


def test_the_own_indicator_is_mapped_by_its_latest_values(session):
    view, own, _ = session
    assert [i.id for i in mappable_indicators(view)] == [own.id]
    values = indicator_map(view, own.id, "zh")
    assert values.period.year == 2024 and values.period_text("zh") == "2024年"
    guangdong = next(row for row in values.rows if row["code"] == "440000")
    assert guangdong["value"] == 1.0 and guangdong["label"] == "2,049万"  # the largest; the unit is on the colour bar
    assert values.ranking["code"].iloc[0] == "440000" and values.ranking["label"].iloc[0] == "2,049万人"
    assert values.national == pytest.approx(values.ranking["value"].sum())  # no national row: the provinces' sum
    assert next(row for row in values.rows if row["code"] == "660000")["label"] == "—"  # 兵团 not in the file


def test_a_yearly_own_indicator_alone_is_tabled_by_year(session):
    view, own, _ = session
    table = monthly_table(view, "440000", [own.id], "zh")
    value, yoy = "城镇单位就业人员（上传·非官方）（人）", "城镇单位就业人员（上传·非官方） 同比（%）"
    assert table.columns.tolist() == ["年度", value, yoy]  # a yearly series has no 环比
    assert table.iloc[0][["年度", value]].tolist() == ["2024", 2049.4 * 1e4] and len(table) == 17
    expected = round(100 * (table[value].iloc[0] / table[value].iloc[1] - 1), 1)
    assert table[yoy].iloc[0] == expected and np.isnan(table[yoy].iloc[-1])  # the first year has none


def test_the_download_marks_uploaded_rows_and_the_own_list_counts_them(session):
    view, own, _ = session
    frame = labelled_frame(view, "zh")
    marks = frame.groupby("indicator_origin")["indicator_id"].unique()
    assert list(marks["上传·非官方"]) == [own.id] and own.id not in marks["目录指标"]
    table = own_indicator_table(view, "en")
    assert table.iloc[0].tolist()[1:] == [
        "城镇单位就业人员 (uploaded, not official)",
        "persons",
        "stock (a level at a date, e.g. employed persons)",
        "Y",
        NBS.name,
        527,
    ]


def test_the_own_target_is_on_the_overview_and_the_targets_list(session):
    view, _, target = session
    progress = view.progress()[target.id]
    assert progress.actual == 2049.4 * 1e4 and progress.status == "achieved"
    overview = status_table(view, view.progress(), "zh")
    row = overview[overview["目标"] == "广东城镇单位就业人员（分析人员自定·非官方）"].iloc[0]
    assert row[t("col.status", "zh")].endswith("已完成") and row[t("col.document", "zh")] == "内部目标"
    listed = own_target_rows(view.catalogue, view.store.regions, view.progress(), "zh")
    assert listed["_target_id"].tolist() == [target.id]


def test_briefings_show_the_own_indicator_and_target_labelled(session):
    view, own, target = session
    views, ignored = parse_brief(f"provinces.{own.id}.440000,programs.{target.id}", view.catalogue, view.store.regions)
    assert ignored == [] and len(views) == 2
    assert parse_brief(f"provinces.{own.id}", open_data_folder(DEFAULT_DATA_DIR).catalogue, view.store.regions)[1]
    map_view = view_content(view, views[0], "linear", "zh")
    assert view_title(view, views[0], "zh") == "城镇单位就业人员（上传·非官方）：分省数值"
    assert ("广东", "2,049万人") in map_view.numbers and "含上传数据" in map_view.filters
    assert "上传·非官方" in map_view.source
    program_view = view_content(view, views[1], "linear", "en")
    assert program_view.title.endswith("(analyst's own, not official)") and "internal target" in program_view.source
    assert np.isfinite(program_view.figures[0].data[0].y[-1])
