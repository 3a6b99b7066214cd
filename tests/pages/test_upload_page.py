"""The upload page through AppTest: the whole flow, the hooks, bad files, and session isolation."""

from pathlib import Path

import pytest

from lib.core.formatting import format_quantity
from lib.core.settings import DEFAULT_DATA_DIR
from lib.progress.dataview import snapshot_view
from lib.store.folder import open_data_folder
from tests.apptest import block, blocks, run_app, texts
from tests.english_scan import untranslated
from tests.pages.test_drilldown_pages import allowed_data_strings
from tests.upload_fixtures import FIXTURES

LEADING = (
    "省份,月份,指标,人数\n广东,2026-10,新培育高技能领军人才,50\n".encode()
)  # plausible: the magnitude check passes
PRIVATE = "省份,月份,指标,人次\n广东,2026-10,公共实训基地培训民营企业员工,50000\n".encode()


def upload(at, name: str, data: bytes):
    at.file_uploader(key="upload-file").set_value((name, data, "text/csv")).run()
    return at


def metrics(at) -> dict:
    return {m.label: m.value for m in block(at, "upload-summary").get("metric")}


def test_the_page_offers_templates_before_a_file():
    at = run_app("upload")
    assert not at.exception and {b.key for b in at.get("download_button")} == {
        "template-long",
        "template-wide",
        "template-records",
    }


def test_a_gbk_file_with_totals_is_previewed_validated_and_confirmed():
    at = upload(run_app("upload"), "gbk.csv", FIXTURES["gbk_wan_total.csv"])
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "编码：gb18030" in captions and "表头在第 2 行" in captions
    # the title names the indicator (补贴性职业技能培训) and the header the unit (万人次)
    assert at.selectbox(key="map-indicator").value == "subsidised_training"
    assert "指标取自标题" in captions
    assert metrics(at) == {"读取的数据行": "8", "接受的观测值": "6", "被拒绝的行": "0", "空值（未计入）": "0"}
    units = texts(block(at, "upload-units"))
    assert "人次(万人次)" in units and "万人次" in units and "列名" in units and "×10,000" in units
    summary = texts(block(at, "upload-summary"))
    assert "6.15万人次 / 61,500 人次" in summary and "6.5万人次 / 65,000 人次" in summary  # beside the file's 合计
    problems = block(at, "upload-errors").get("dataframe")[0].value
    assert problems.iloc[0].tolist()[:3] == [10, "省份", "合计"] and "不符" in problems.iloc[0]["原因"]
    at.button(key="upload-confirm").click().run()
    assert "已确认" in " ".join(s.value for s in at.success)
    assert "含上传数据" in texts(block(at, "upload-notice"))


def test_merging_an_upload_changes_the_overview_and_can_be_undone():
    folder = open_data_folder(DEFAULT_DATA_DIR)
    view = snapshot_view(folder, folder.snapshot(None))
    before = view.progress()["private_enterprise_training"].actual
    guangdong_october = view.store.stored_series("private_enterprise_trainees", "440000")[-1]
    at = upload(run_app("upload"), "private.csv", PRIVATE)
    at.radio(key="upload-mode").set_value("merge").run()
    at.button(key="upload-confirm").click().run()
    assert "替换快照中 3 行，加入上传的 1 行" in " ".join(
        s.value for s in at.success
    )  # the total and its 2 breakdown rows
    at.switch_page("pages/overview.py").run()
    expected = before - guangdong_october + 50000
    assert format_quantity(expected, "人次", "zh") in texts(block(at, "kpi-private_enterprise_training"))
    assert "示例数据 · 非官方统计" in texts(block(at, "demo-banner"))  # merged over demo data: still demo
    at.button(key="upload-clear").click().run()
    assert not blocks(at.main, "upload-notice")
    assert format_quantity(before, "人次", "zh") in texts(block(at, "kpi-private_enterprise_training"))


def test_a_reported_national_row_still_wins_after_a_provincial_upload():
    folder = open_data_folder(DEFAULT_DATA_DIR)
    before = snapshot_view(folder, folder.snapshot(None)).progress()["leading_talent"].actual
    at = upload(run_app("upload"), "leading.csv", LEADING)
    at.radio(key="upload-mode").set_value("merge").run()
    at.button(key="upload-confirm").click().run()
    at.switch_page("pages/overview.py").run()
    assert format_quantity(before, "人次", "zh") in texts(block(at, "kpi-leading_talent"))


@pytest.mark.parametrize(
    ("name", "message"),
    [("binary_junk.csv", "不是文本或 Excel 文件"), ("empty.csv", "文件是空的"), ("header_only.csv", "没有任何数据行")],
)
def test_a_bad_file_says_what_is_wrong_and_keeps_the_confirmed_upload(name, message):
    at = upload(run_app("upload"), "leading.csv", LEADING)
    at.button(key="upload-confirm").click().run()
    upload(at, name, FIXTURES[name])
    assert not at.exception
    error = " ".join(e.value for e in block(at, "upload-errors").get("error"))
    assert name.replace("_", "\\_").replace(".", "\\.") in error and message in error
    assert "leading" in texts(block(at, "upload-notice"))  # what was confirmed before is not lost


def test_record_level_preview_masks_ids_and_lists_rule_violations():
    at = upload(run_app("upload"), "records.csv", FIXTURES["records_violations.csv"].replace(b"********", b"19900101"))
    preview = at.dataframe[0].value
    assert all("*" in value and "19900101" not in value for value in preview["身份证号"])
    problems = block(at, "upload-errors").get("dataframe")[0].value
    assert {
        "同一人员累计超过 3 次补贴性培训（财社〔2023〕181号）",
        "同一职业（工种）同一等级重复申领（人社部发〔2024〕5号）",
    } <= set(problems["原因"])
    assert not any("19900101" in str(v) for v in problems["原始值"])


def test_an_upload_is_never_visible_to_another_person(people):
    people.be("gd.analyst")
    first = upload(run_app("upload"), "leading.csv", LEADING)
    first.button(key="upload-confirm").click().run()
    assert blocks(first.main, "upload-notice")
    people.be("js.analyst")
    second = run_app()
    assert not blocks(second.main, "upload-notice") and "upload" not in second.session_state
    people.be("gd.analyst")
    first.switch_page("pages/overview.py").run()
    assert blocks(first.main, "upload-notice")


def test_upload_page_in_english_has_no_untranslated_text():
    at = upload(run_app("upload", lang="en"), "gbk.csv", FIXTURES["gbk_wan_total.csv"])
    at.selectbox(key="map-indicator").set_value("subsidised_training").run()
    allowed = [
        *allowed_data_strings(),
        "省份",
        "月份",
        "人次(万人次)",
        "合计",
        "广东省",
        "四川省",
        "河南省",
        "各省补贴性职业技能培训情况（单位：万人次）",
        "万人次",  # the unit as the file writes it
        "gbk.csv",
    ]
    assert untranslated(at, allowed) == []


def test_templates_are_readable_files():
    at = run_app("upload")
    for key in ("template-long", "template-wide", "template-records"):
        assert at.download_button(key=key).label
    assert Path(DEFAULT_DATA_DIR).exists()


def test_what_a_page_draws_from_an_upload_stays_in_that_session(people):
    """Figures and tables are kept on the data view they were drawn from: a snapshot's for every
    session, an upload's in its own session only — never the other way round. Two people signed in
    through the proxy (the single user of a deployment without sign-in gets their upload back in
    every session of theirs, by design)."""
    from lib.progress.drilldown import province_results

    folder = open_data_folder(DEFAULT_DATA_DIR)
    view = snapshot_view(folder, folder.snapshot(None))
    target = view.catalogue.by_target["leading_talent"]
    snapshot_actual = next(r for r in province_results(view, target, "linear") if r.region.code == "440000")
    shown = format_quantity(snapshot_actual.progress.actual, "人次", "zh")
    people.be("gd.analyst")
    first = upload(run_app("upload"), "leading.csv", LEADING)
    first.radio(key="upload-mode").set_value("merge").run()
    first.button(key="upload-confirm").click().run()
    first.switch_page("pages/provinces.py").run()
    first.selectbox(key="target").set_value("leading_talent").run()
    first.selectbox(key="region").set_value("440000").run()
    with_upload = texts(block(first, "province-detail"))
    assert shown not in with_upload  # the upload's October replaced the snapshot's
    people.be("nat.analyst")  # another analyst in another session of the same process
    second = run_app("provinces", target="leading_talent", region="440000")
    assert not second.exception
    assert shown in texts(block(second, "province-detail"))
    people.be("gd.analyst")  # and the first session still draws from its upload, not the other's snapshot
    assert shown not in texts(block(first.run(), "province-detail"))


def test_an_upload_shown_alone_without_the_breakdown_column_draws_every_page():
    """The leading-talents upload has no 人才类别 column: Programs draws no breakdown, not a crash."""
    at = upload(run_app("upload"), "leading.csv", LEADING)
    at.button(key="upload-confirm").click().run()
    for page in ("overview", "provinces", "programs", "targets", "data"):
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page


def test_a_year_to_date_report_shows_its_year_and_totals_and_converts_before_confirming():
    from tests.upload_fixtures import REPORT_SHAPES

    at = upload(run_app("upload"), "ytd.csv", REPORT_SHAPES["ytd_series_title_year.csv"])
    assert not at.exception
    assert at.number_input(key="map-title_year").value == 2025  # detected in the title, editable
    assert at.multiselect(key="map-year_to_date").value == ["1月", "2月", "3月"]
    problems = block(at, "upload-errors").get("dataframe")[0].value
    reasons = " ".join(problems["原因"])
    assert "已换算为当月数" in reasons and "缺少1—2月累计数" in reasons
    # the analyst changes the year: every month follows it
    at.number_input(key="map-title_year").set_value(2024).run()
    assert not at.exception and at.number_input(key="map-title_year").value == 2024


def test_a_report_with_the_months_own_figure_says_which_columns_are_not_read():
    from tests.upload_fixtures import REPORT_SHAPES

    at = upload(run_app("upload"), "beside.csv", REPORT_SHAPES["ytd_beside_month.csv"])
    assert not at.exception
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "未读取的列" in captions and "1—3月累计" in captions and "同比增长(%)" in captions
