"""``python -m lib.cli snapshot from-records`` as a data maintainer's scheduled job runs it: from a
CSV, a Parquet file, a PostgreSQL table named in secrets.toml and a MariaDB URL, each snapshot the
same as the Upload page's pandas path makes of the same records; wrong input says what to fix and
writes nothing."""

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from lib.cli.main import main
from lib.core.settings import DEFAULT_DATA_DIR, REPO_ROOT
from lib.store.snapshots import open_snapshot, read_observations
from lib.upload.session import tidy
from tests.upload.test_records_sql import as_rows, load_table, pandas_result, record_set

AS_OF = date(2026, 11, 22)  # the day the pandas path is run as of in tests/upload/test_records_sql.py


@pytest.fixture(scope="module")
def records():
    from lib.store.folder import open_data_folder

    data = record_set(12_000)
    _, result = pandas_result(open_data_folder(DEFAULT_DATA_DIR), data)
    return data, tidy(result)


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(DEFAULT_DATA_DIR / "regions.csv", folder / "regions.csv")
    shutil.copytree(DEFAULT_DATA_DIR / "catalogue", folder / "catalogue")
    return folder


def build(out: Path, *options: str) -> int:
    return main(
        [
            "snapshot",
            "from-records",
            "--as-of",
            AS_OF.isoformat(),
            "--title",
            "实名制培训记录",
            "--out",
            str(out),
            *options,
        ]
    )


def snapshot_frame(out: Path):
    (folder,) = (out / "snapshots").iterdir()
    ref, _ = open_snapshot(folder)
    return ref, read_observations(ref)


def assert_same_rows(got, expected) -> None:
    columns = ["indicator_id", "region_code", "period", "training_type"]
    got = got.sort_values(columns, na_position="first").reset_index(drop=True)
    expected = expected.sort_values(columns, na_position="first").reset_index(drop=True)
    assert (
        got[[*columns, "value"]].astype(str).values.tolist()
        == expected[[*columns, "value"]].astype(str).values.tolist()
    )


def test_help_explains_every_option_in_chinese_and_english():
    shown = subprocess.run(
        [sys.executable, "-m", "lib.cli", "snapshot", "from-records", "--help"],
        cwd=REPO_ROOT,
        env={**os.environ, "COLUMNS": "400"},  # one line per option, as a wide terminal shows it
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for option, zh, en in [
        ("--source", "Parquet 文件路径", "a SQLAlchemy URL"),
        ("--table", "表名", "the table of a database source"),
        ("--id-column", "身份证号列", "the ID number column"),
        ("--indicator", "默认 subsidised_training", "default subsidised_training"),
        ("--as-of", "快照日期", "the snapshot's date"),
        ("--out", "数据目录", "the data folder"),
    ]:
        assert option in shown and zh in shown and en in shown, option
    assert "用法 · usage" in shown and "选项 · options" in shown


def test_a_csv_file_becomes_a_snapshot_with_its_source_and_query(records, out, tmp_path, capsys):
    data, expected = records
    source = tmp_path / "records.csv"
    source.write_bytes(data)
    problems = tmp_path / "problems.csv"
    assert build(out, "--source", str(source), "--publisher", "人社部", "--problems", str(problems)) == 0
    ref, frame = snapshot_frame(out)
    assert_same_rows(frame, expected)
    manifest = json.loads((ref.path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source"] == str(source) and manifest["publisher"] == "人社部" and manifest["demo"] is False
    assert "GROUP BY" in manifest["query"] and "row_number() OVER" in manifest["query"]
    assert "rule_more_than_three" in manifest["notes"] and "12000 rows read" in manifest["notes"]
    written = problems.read_text(encoding="utf-8-sig")
    assert "440" in written and not any(
        len(word) == 18 and word.isdigit() for word in written.replace(",", " ").split()
    )
    said = capsys.readouterr().err
    assert "读取 12,000 行" in said and "规则提示" in said and "已生成快照" in said


def problem_rows(path: Path) -> list[list[str]]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))[1:]


def test_a_problems_file_that_stops_short_says_of_how_many(records, out, tmp_path, capsys, monkeypatch):
    """Past the listing cap the problems file holds the first rows in line order, and the command
    says so with the total (decision 0080) — not a bare row count that reads as all of them."""
    import lib.upload.records_sql as records_sql_module

    monkeypatch.setattr(records_sql_module, "PROBLEM_ROWS", 50)
    data, _ = records
    source = tmp_path / "records.csv"
    source.write_bytes(data)
    problems = tmp_path / "problems.csv"
    assert build(out, "--source", str(source), "--problems", str(problems), "--lang", "en") == 0
    said = capsys.readouterr().err
    found = re.search(r"the first ([\d,]+) of ([\d,]+) rows, in line order", said)
    listed, total = (int(number.replace(",", "")) for number in found.groups())
    counted = sum(int(number.replace(",", "")) for number in re.findall(r"([\d,]+) rows (?:not counted|flagged)", said))
    assert listed == len(problem_rows(problems)) < total == counted


def test_a_parquet_file_gives_the_same_snapshot(records, out, tmp_path):
    data, expected = records
    source = tmp_path / "records.parquet"
    pq.write_table(pa.Table.from_pandas(as_rows(data).drop(columns="line"), preserve_index=False), source)
    assert build(out, "--source", str(source), "--id", "parquet-run") == 0
    ref, frame = snapshot_frame(out)
    assert ref.id == "parquet-run"
    assert_same_rows(frame, expected)


def test_a_postgresql_table_named_in_secrets_toml(records, out, tmp_path, postgresql_server):
    data, expected = records
    engine = sa.create_engine(postgresql_server.url)
    try:
        load_table(engine, data, "training_records", order="record_no")
    finally:
        engine.dispose()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        "[connections.national]\n"
        f'dialect = "postgresql"\ndriver = "psycopg"\nhost = "127.0.0.1"\nport = {postgresql_server.port}\n'
        f'database = "{postgresql_server.database}"\nusername = "{postgresql_server.user}"\npassword = "not-needed"\n',
        encoding="utf-8",
    )
    assert (
        build(
            out,
            "--source",
            "national",
            "--secrets",
            str(secrets),
            "--table",
            "training_records",
            "--order-column",
            "record_no",
        )
        == 0
    )
    ref, frame = snapshot_frame(out)
    assert_same_rows(frame, expected)
    assert ref.manifest.source.startswith("postgresql+psycopg://postgres:***@127.0.0.1")
    assert "not-needed" not in (ref.path / "manifest.json").read_text(encoding="utf-8")
    assert "PARTITION BY" in ref.manifest.query


def test_a_mariadb_url(records, out, mariadb_server):
    data, expected = records
    engine = sa.create_engine(mariadb_server.url)
    try:
        load_table(engine, data, "training_records", order="record_no")
    finally:
        engine.dispose()
    # no order column named (and none of the usual names): the counts need none
    assert build(out, "--source", mariadb_server.url, "--table", "training_records") == 0
    ref, frame = snapshot_frame(out)
    assert_same_rows(frame, expected)
    assert ref.manifest.source.startswith("mysql+pymysql://root@127.0.0.1")


def test_wrong_input_says_what_to_fix_and_writes_nothing(records, out, tmp_path, capsys):
    data, _ = records
    source = tmp_path / "records.csv"
    source.write_bytes(data)

    def said(code: int, *options: str) -> str:
        assert build(out, "--source", *options) == code
        return capsys.readouterr().err

    wrong_column = said(1, str(source), "--id-column", "证件号码")
    assert "没有列“证件号码”" in wrong_column and "身份证号, 培训日期" in wrong_column
    assert "no indicator “no_such_indicator”" in said(
        1, str(source), "--indicator", "no_such_indicator", "--lang", "en"
    )
    assert "missing.csv" in said(1, str(tmp_path / "missing.csv"))
    assert "--table" in said(1, "sqlite:///" + str(tmp_path / "empty.db"))
    assert "“nightly”" in said(1, "nightly", "--table", "records")  # no connection of that name configured
    assert not (out / "snapshots").exists() or not any((out / "snapshots").iterdir())
    said(0, str(source), "--id", "once")
    before = (out / "snapshots" / "once" / "manifest.json").read_bytes()
    assert "once" in said(1, str(source), "--id", "once")  # never over an existing snapshot
    assert (out / "snapshots" / "once" / "manifest.json").read_bytes() == before


def test_a_big_input_shows_progress_with_time_left_and_ctrl_c_leaves_nothing(out, tmp_path):
    """Ctrl-C while the engine works: the statement is interrupted, exit 130, no snapshot, no
    problems file, no staged copy or spill files left in the temporary folder."""
    import signal
    import time

    from bench.bench_records import generate

    files = tmp_path / "files"
    files.mkdir()
    csv_path = generate(files, 1_000_000)["csv"]
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    problems = tmp_path / "problems.csv"
    command = [sys.executable, "-m", "lib.cli", "snapshot", "from-records", "--lang", "en", "--source", str(csv_path)]
    command += ["--as-of", "2026-12-07", "--title", "big", "--out", str(out), "--problems", str(problems)]
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env={**os.environ, "TMPDIR": str(scratch)},
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = []
    for line in process.stderr:  # the first progress lines, then Ctrl-C
        lines.append(line)
        if "% (" in line and "left" in line and len(lines) >= 3:
            break
    assert any(list(scratch.iterdir())), "the source stages its copy in the temporary folder"
    process.send_signal(signal.SIGINT)
    rest = process.stderr.read()
    assert process.wait(timeout=120) == 130, rest
    assert "Cancelled" in rest
    assert not (out / "snapshots").exists() or not list((out / "snapshots").iterdir())
    assert not problems.exists() and not list(tmp_path.glob(".problems*"))
    time.sleep(0.1)
    assert list(scratch.iterdir()) == []
