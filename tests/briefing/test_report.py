"""进度通报: the standard wording reproduced from the demo data, per target and per province, in both
languages; the .docx opened by python-docx and by LibreOffice as an official would open it."""

import io
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from docx import Document

from lib.briefing.report import build_report, gap_words
from lib.briefing.report_docx import report_docx
from lib.progress.changes import comparison
from lib.progress.dataview import snapshot_view
from lib.store.annotations import Note
from lib.store.folder import open_data_folder
from tests.apptest import add_earlier_snapshot, data_folder

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "exports"
EXAMPLE = (
    "截至2026年10月底，全国新培育高技能领军人才1.21万人次，完成目标任务的80.4%，慢于时间进度14.0个百分点；"
    "进度较快的是兵团、吉林、江西，进度滞后的是重庆、山东、江苏。"
)
EXAMPLE_EN = (
    "As of the end of October 2026: New high-skilled leading talents (national) reached 12,059 person-times, "
    "80.4% of the target, 14.0 percentage points behind time; fastest: XPCC, Jilin, Jiangxi; "
    "lagging: Chongqing, Shandong, Jiangsu."
)


@pytest.fixture(scope="module")
def reports(demo_view):
    compared = comparison(demo_view, None)
    return {lang: build_report(demo_view, lang=lang, comparison=compared) for lang in ("zh", "en")} | {
        "gd": build_report(demo_view, lang="zh", region="440000", comparison=compared)
    }


def test_the_issue_example_is_reproduced_from_the_demo_data(reports):
    paragraphs = reports["zh"].paragraphs()
    assert any(p.startswith(EXAMPLE) for p in paragraphs), paragraphs[0]
    assert any(p.startswith(EXAMPLE_EN) for p in reports["en"].paragraphs())


def test_every_national_target_with_data_has_one_sentence_and_group_targets_a_count(demo_view, reports):
    progress = demo_view.progress()
    national = [
        t
        for t in demo_view.catalogue.targets
        if t.scope.kind == "national" and progress[t.id].status not in ("no_data", "not_started")
    ]
    sentences = [p for p in reports["zh"].sections[0][1] if p.startswith("截至")]
    assert len(sentences) == len(national)
    assert any(p.startswith("东部省份高技能人才占技能人才比例：11个省份中") for p in reports["zh"].paragraphs())
    assert not re.search(r"[\u4e00-\u9fff]", " ".join(reports["en"].sections[0][1]))


def test_gap_is_the_difference_of_the_two_figures_shown_and_level_when_it_rounds_to_zero(demo_view):
    """80.4% done against 94.4% of the time reads 慢于时间进度14.0个百分点 — the difference a reader
    computes from the figures printed beside it, not 14.1 from the unrounded ones (issue #21)."""
    progress = demo_view.progress()["leading_talent"]
    assert progress.gap_points == pytest.approx(-14.0511, abs=1e-3)
    assert f"{100 * progress.completion:.1f}" == "80.4" and f"{100 * progress.time_elapsed:.1f}" == "94.4"
    assert gap_words(progress, "zh") == "慢于时间进度14.0个百分点"
    from dataclasses import replace

    assert gap_words(replace(progress, completion=progress.time_elapsed + 0.00001), "zh") == "与时间进度持平"
    assert gap_words(replace(progress, completion=progress.time_elapsed + 0.05), "en").startswith("5.0 percentage")


def test_a_province_report_has_its_targets_ranks_and_alerts(reports):
    report = reports["gd"]
    assert report.title == "技能政策目标任务进度通报（广东省）"
    sentences = report.sections[0][1]
    assert sentences and all(s.startswith("截至2026年10月底，广东") for s in sentences)
    leading = next(s for s in sentences if "新培育高技能领军人才" in s)
    assert "参考目标任务" in leading and re.search(r"在32个省级单位中居第\d+位", leading)
    assert report.sections[1][1][0].startswith("按进度比评价，6项任务中")


def test_the_data_note_carries_the_demo_label_source_method_colours_and_comparison(reports):
    notes = reports["zh"].notes
    assert notes[0].startswith("本通报所用数据为示例数据（非官方统计）")
    assert any("2026-10-31-demo" in n for n in notes)
    assert any("≥100%为绿色，≥90%为黄色" in n and "补齐差距" in n for n in notes)
    assert notes[-1].startswith("变化与排名的比较基期：本快照数据截至2026年9月底")


def test_with_an_earlier_snapshot_ranks_and_changes_compare_with_it(tmp_path):
    folder_path = data_folder(tmp_path)
    add_earlier_snapshot(folder_path)
    folder = open_data_folder(folder_path)
    now = snapshot_view(folder, folder.snapshot(None))
    before = snapshot_view(folder, folder.snapshot("2026-09-30-demo"))
    by_snapshot = build_report(now, comparison=comparison(now, before))
    by_month = build_report(now, comparison=comparison(now, None))
    assert by_snapshot.notes[-1] == "变化与排名的比较基期：上一期快照 2026-09-30-demo（截至 2026-09-30）。"
    # the earlier snapshot is this one's data cut at September, so both comparisons agree
    assert by_snapshot.paragraphs() == by_month.paragraphs()
    assert by_snapshot.tables[0].rows == by_month.tables[0].rows
    assert any("↑" in row[-1] or "↓" in row[-1] for row in by_snapshot.tables[0].rows)


def test_the_docx_is_a4_with_title_fonts_page_numbers_note_and_demo_label(reports):
    data = report_docx(reports["zh"])
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    texts = [p.text for p in document.paragraphs]
    assert (
        texts[0] == "技能政策目标任务进度通报" and texts[1] == "（2026年10月）" and texts[2] == "示例数据 · 非官方统计"
    )
    assert any(t.startswith(EXAMPLE) for t in texts)
    assert "数据说明" in texts and any(t.startswith("本通报所用数据为示例数据") for t in texts)
    body = next(p for p in document.paragraphs if p.text.startswith(EXAMPLE))
    fonts = body.runs[0]._element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋"
    assert body.runs[0].font.size.pt == 16
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "示例数据 · 非官方统计" in footer_xml
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        font_table = package.read("word/fontTable.xml").decode()
    assert re.search(r'w:name="仿宋"><w:altName w:val="FangSong"/>', font_table)
    assert document.core_properties.title == "技能政策目标任务进度通报"
    assert len(document.tables) == len(reports["zh"].tables) and document.tables[0].rows[0].cells[0].text == "排名"


def _office() -> str:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice Writer and poppler are needed (make test installs them)")
    return office


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_docx_opens_in_libreoffice_as_a4_pages_with_numbers(reports, tmp_path, lang):
    office = _office()
    source = tmp_path / f"report-{lang}.docx"
    source.write_bytes(report_docx(reports[lang]))
    result = subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    pdf = tmp_path / f"report-{lang}.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])
    assert pages >= 2
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", EXAMPLE if lang == "zh" else EXAMPLE_EN) in flat
    assert "—1—" in flat and f"—{pages}—" in flat
    assert ("示例数据·非官方统计" if lang == "zh" else "Demodata·notofficialstatistics") in flat
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(pdf), str(ARTIFACTS / f"report-{lang}")],
        check=True,
        timeout=120,
    )


def _note(region: str, month: date, text: str, target: str = "leading_talent") -> Note:
    return Note(
        id=f"{region}-{month:%Y%m}",
        target_id=target,
        indicator_id="leading_talent_new",
        region_code=region,
        period=month,
        text=text,
        author="gd.analyst",
        author_name="广东分析员",
        private=False,
        created_at=datetime(2026, 11, 2, 8, 0, tzinfo=UTC),
    )


def test_notes_of_the_reports_year_and_scope_are_carried_into_the_text_and_the_docx(demo_view):
    notes = [
        _note("440000", date(2026, 3, 1), "3月受春节因素影响"),
        _note("320000", date(2026, 5, 1), "江苏5月系统切换，数据晚报"),
        _note("440000", date(2025, 6, 1), "去年的备注，不在本期通报中"),  # more than 12 months before October 2026
    ]
    national = build_report(demo_view, lang="zh", notes=notes)
    section = dict(national.sections)["三、数据备注"]
    assert section == [
        "2026年5月 · 江苏：江苏5月系统切换，数据晚报（广东分析员，2026-11-02）",
        "2026年3月 · 广东：3月受春节因素影响（广东分析员，2026-11-02）",
    ]
    province = build_report(demo_view, lang="zh", region="440000", notes=notes)
    assert dict(province.sections)["三、数据备注"] == [section[1]]  # a province's report: its own notes
    texts = [p.text for p in Document(io.BytesIO(report_docx(province))).paragraphs]
    assert "三、数据备注" in texts and section[1] in texts
    english = build_report(demo_view, lang="en", region="440000", notes=notes)
    assert dict(english.sections)["3. Notes on the data"] == [
        "Mar 2026 · Guangdong: 3月受春节因素影响 (广东分析员, 2026-11-02)"
    ]
    assert "三、数据备注" not in dict(build_report(demo_view, lang="zh", region="320000", notes=notes[:1]).sections)
