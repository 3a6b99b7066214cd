"""``python -m lib.cli report``: the month's 进度通报 written for a scheduled job, with clear errors."""

import io
import subprocess
import sys

from docx import Document

from lib.cli.main import main
from lib.core.settings import REPO_ROOT
from tests.apptest import add_earlier_snapshot, data_folder


def test_report_writes_the_docx_of_a_month_and_region(tmp_path, capsys):
    assert main(["report", "--month", "2026-10", "--region", "440000", "--format", "docx", "--out", str(tmp_path)]) == 0
    path = tmp_path / "report-2026-10-440000-zh.docx"
    assert str(path) in capsys.readouterr().out
    texts = [p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs]
    assert texts[0] == "技能政策目标任务进度通报（广东省）"
    assert any(t.startswith("截至2026年10月底，广东新培育高技能领军人才") for t in texts)
    assert not list(tmp_path.glob(".*.part"))  # written through a temporary file, renamed


def test_report_text_and_markdown_in_english_with_a_region_name(tmp_path):
    assert main(["report", "--region", "广东", "--format", "txt", "--lang", "en", "--out", str(tmp_path)]) == 0
    text = (tmp_path / "report-2026-10-440000-en.txt").read_text(encoding="utf-8")
    assert text.startswith("Progress report on the skills-policy targets: Guangdong")
    assert main(["report", "--format", "md", "--out", str(tmp_path)]) == 0
    markdown = (tmp_path / "report-2026-10-national-zh.md").read_text(encoding="utf-8")
    assert "| 排名 | 地区 |" in markdown and "> **示例数据 · 非官方统计**" in markdown


def test_report_picks_the_snapshot_of_the_month_asked(tmp_path):
    folder = data_folder(tmp_path)
    add_earlier_snapshot(folder)
    out = tmp_path / "out"
    assert main(["report", "--month", "2026-09", "--format", "txt", "--data", str(folder), "--out", str(out)]) == 0
    text = (out / "report-2026-09-national-zh.txt").read_text(encoding="utf-8")
    assert "截至2026年9月底" in text and "快照 2026-09-30-demo" in text


def test_wrong_arguments_say_what_to_change_and_exit_2(tmp_path, capsys):
    assert main(["report", "--month", "2026-13", "--out", str(tmp_path)]) == 2
    assert "YYYY-MM" in capsys.readouterr().err
    assert main(["report", "--month", "2025-01", "--out", str(tmp_path)]) == 2
    assert "可用的月份：" in capsys.readouterr().err
    assert main(["report", "--region", "火星", "--lang", "en", "--out", str(tmp_path)]) == 2
    assert "Unknown region “火星”" in capsys.readouterr().err
    empty = data_folder(tmp_path, snapshots=False)
    assert main(["report", "--data", str(empty), "--out", str(tmp_path)]) == 2
    assert list(tmp_path.glob("report-*")) == []


def test_the_module_runs_as_a_command(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "lib.cli", "report", "--format", "txt", "--out", str(tmp_path)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "RuntimeWarning" not in result.stderr
    assert (tmp_path / "report-2026-10-national-zh.txt").exists()
