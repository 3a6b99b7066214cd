"""One record set through every engine: today's pandas path (lib.upload.records), DuckDB on the CSV
and on a Parquet copy, and real PostgreSQL and MariaDB servers (tests/servers.py) — the same
counts, the same rejected rows and the same flagged rows with the same masked IDs, exactly."""

import csv
import dataclasses
import io
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from lib.core.settings import DEFAULT_DATA_DIR
from lib.store.folder import open_data_folder
from lib.upload.interpret import guess_mapping, to_observations
from lib.upload.reader import LINE, ReadError, read_table
from lib.upload.records import mask_id
from lib.upload.records_sql import count_records
from lib.upload.sources import KEPT, ORDER, SourceError, connection_url, file_source, table_source
from tests.upload.test_big_files import records_file, reference

TODAY = date(2026, 11, 22)
HEADER = ["身份证号", "培训日期", "省份", "职业（工种）", "技能等级", "培训类型", "培训机构"]
PROVINCES = ["广东", "四川", "北京", "新疆兵团", "广东省", "  四川省 ", "Guangdong"]
OCCUPATIONS = [
    "电工",
    "焊工",
    "电 工",
    "育婴员",
    "ＥＬＥＣ",
]  # "电 工" is 电工 written loosely; full-width letters fold
LEVELS = ["初级工", "中级工", "高级工", "技师", "专项能力", " 高级工", "四级"]  # 专项能力 has no rank; 四级 = 中级工
TYPES = ["就业技能培训", "岗位技能提升培训", "", "创业培训 "]


@pytest.fixture(scope="module")
def folder():
    return open_data_folder(DEFAULT_DATA_DIR)


def record_set(rows: int = 30_000) -> bytes:
    """People trained about three times each so every rule fires; IDs written with a lowercase x or
    a trailing space now and then (the same person), dates in many forms, rows that must be rejected
    (an unknown province, a total row, an impossible date, a date out of range), blank lines and a
    closing note."""
    rng = np.random.default_rng(13)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for i in range(rows):
        person = int(rng.integers(0, rows // 3))
        day = date.fromordinal(date(2023, 6, 1).toordinal() + int(rng.integers(0, 1200)))
        identity = f"{440100 + person % 50:06d}1990{person // 1000:04d}{person % 1000:03d}" + (
            "X" if person % 7 else "5"
        )
        if identity.endswith("X") and i % 9 == 0:
            identity = identity[:-1] + "x"  # the same person, check letter in lower case
        elif i % 11 == 0:
            identity += " "
        when = [day.isoformat(), f"{day.year}年{day.month}月{day.day}日", f"{day.year}/{day.month}/{day.day}"][i % 3]
        if i % 1301 == 7:
            when = "2025-02-30"
        if i % 1703 == 9:
            when = "2031-01-05"
        province = PROVINCES[person % len(PROVINCES)]
        if i % 997 == 5:
            province = "火星"
        if i % 2003 == 11:
            province = "合计"
        writer.writerow(
            [
                identity,
                when,
                province,
                OCCUPATIONS[int(rng.integers(0, len(OCCUPATIONS)))],
                LEVELS[int(rng.integers(0, len(LEVELS)))],
                TYPES[int(rng.integers(0, len(TYPES)))],
                f"第{i % 40}职业培训学校",
            ]
        )
        if i in (100, 20_000):
            out.write("\n")
    out.write("注：数据来源于实名制培训系统\n")
    return out.getvalue().encode("utf-8")


def as_rows(data: bytes) -> pd.DataFrame:
    """The data rows of the file as a warehouse would hold them: text columns and the line number."""
    rows = []
    for line, cells in enumerate(csv.reader(io.StringIO(data.decode("utf-8-sig"))), start=1):
        if line == 1 or len(cells) != len(HEADER):
            continue
        rows.append([line, *cells])
    return pd.DataFrame(rows, columns=["line", *HEADER])


def load_table(engine: sa.Engine, data: bytes, name: str, order: str = "line") -> None:
    """The data rows of the file as a warehouse table ``name`` (replaced), its record number in ``order``."""
    columns = [sa.Column(order, sa.BigInteger, primary_key=True, autoincrement=False)]
    columns += [sa.Column(column, sa.String(64)) for column in HEADER]
    table = sa.Table(name, sa.MetaData(), *columns)
    with engine.begin() as connection:
        table.drop(connection, checkfirst=True)
        table.create(connection)
        connection.execute(table.insert(), as_rows(data).rename(columns={"line": order}).to_dict("records"))


def pandas_result(folder, data: bytes):
    table = read_table("records.csv", data)
    mapping = guess_mapping(table, folder.catalogue, folder.regions)
    return mapping, to_observations(table, mapping, folder.catalogue, folder.regions, TODAY)


def comparable(result) -> tuple[pd.DataFrame, set]:
    observations = result.observations.drop(columns=[LINE]).copy()
    observations = observations.sort_values(list(observations.columns[:3]) + list(observations.columns[4:]))
    observations = observations.astype({"value": "float64"}).reset_index(drop=True)
    problems = {(int(p.line), p.column, p.value, p.code, p.kind) for p in result.problems.itertuples()}
    return observations, problems


def assert_same(expected, got) -> None:
    expected_observations, expected_problems = comparable(expected)
    got_observations, got_problems = comparable(got)
    pd.testing.assert_frame_equal(got_observations, expected_observations, check_dtype=False)
    assert got_problems == expected_problems, (
        sorted(got_problems - expected_problems)[:5],
        sorted(expected_problems - got_problems)[:5],
    )
    assert got.rows_read == expected.rows_read


@pytest.fixture(scope="module")
def records(folder):
    data = record_set()
    mapping, expected = pandas_result(folder, data)
    assert mapping.shape == "records" and mapping.breakdowns == {"培训类型": "training_type"}
    codes = set(expected.problems["code"])
    assert {
        "rule_more_than_three",
        "rule_same_level",
        "rule_lower_level",
        "region_unknown",
        "total_in_records",
    } <= codes
    assert {"date_bad_month", "date_out_of_range"} & codes
    for rule in ("rule_more_than_three", "rule_same_level", "rule_lower_level"):
        assert (expected.problems["code"] == rule).sum() > 100, rule
    return data, mapping, expected


@pytest.mark.parametrize("lean", [False, True], ids=["command", "upload-page"])
def test_duckdb_on_the_csv_gives_what_pandas_gives(folder, records, tmp_path, lean):
    """As the command reads a file, and as the Upload page does: staged whole at once, with a small
    CSV buffer and an allocator that hands memory back (``lean``, decision 0085)."""
    data, mapping, expected = records
    path = tmp_path / "records.csv"
    path.write_bytes(data)
    with file_source(path, scratch_root=tmp_path, stage=lean, lean=lean) as source:
        assert guess_mapping(source.sample, folder.catalogue, folder.regions) == mapping
        assert source.notes == ["注：数据来源于实名制培训系统"]
        run = count_records(source, mapping, folder.regions, TODAY)
    assert_same(expected, run.result)
    assert run.dialect == "duckdb" and run.flagged["rule_more_than_three"] > 100
    errors = expected.problems[expected.problems["kind"] == "error"]
    assert run.rejected == errors["code"].value_counts().to_dict()


def test_duckdb_on_parquet_gives_what_pandas_gives(folder, records, tmp_path):
    data, mapping, expected = records
    rows = as_rows(data)
    path = tmp_path / "records.parquet"
    pq.write_table(pa.Table.from_pandas(rows.drop(columns="line"), preserve_index=False), path)
    with file_source(path, scratch_root=tmp_path) as source:
        assert guess_mapping(source.sample, folder.catalogue, folder.regions) == mapping
        run = count_records(source, mapping, folder.regions, TODAY)
    # a Parquet file has rows, not lines: row n is line n + 1 of the CSV (one header line, no blank ones)
    line_of_row = dict(enumerate(rows["line"], start=1))
    got = run.result
    got.problems["line"] = got.problems["line"].map(line_of_row)
    assert_same(expected, got)


@pytest.mark.parametrize("server", ["postgresql_server", "mariadb_server"])
def test_a_warehouse_table_gives_what_pandas_gives(folder, records, server, request):
    data, mapping, expected = records
    url = request.getfixturevalue(server).url
    engine = sa.create_engine(url)
    try:
        load_table(engine, data, "training_records")
        source = table_source(engine, "training_records", order="line")
        assert guess_mapping(source.sample, folder.catalogue, folder.regions) == mapping
        run = count_records(source, mapping, folder.regions, TODAY)
        assert run.dialect == engine.dialect.name
        assert_same(expected, run.result)
    finally:
        engine.dispose()


@pytest.mark.parametrize("lean", [False, True], ids=["command", "upload-page"])
def test_the_big_file_reference_holds_for_duckdb_too(folder, tmp_path, lean):
    """The plain-Python reading of the rules of test_big_files, on the DuckDB path."""
    data = records_file(70_000, bom=True, oddities=True)
    path = tmp_path / "records.csv"
    path.write_bytes(data)
    with file_source(path, scratch_root=tmp_path, stage=lean, lean=lean) as source:
        mapping = guess_mapping(source.sample, folder.catalogue, folder.regions)
        result = count_records(source, mapping, folder.regions, TODAY).result
    expected_counts, expected_flags = reference(data, folder)
    got = {
        (row.region_code, row.period.year * 12 + row.period.month - 1): row.value
        for row in result.observations.itertuples()
    }
    assert got == expected_counts
    for code, lines in expected_flags.items():
        assert set(result.problems.loc[result.problems["code"] == code, "line"]) == lines, code
    raw_lines = data.decode("utf-8-sig").split("\n")
    warnings = result.problems[result.problems["kind"] == "warning"]
    for line, value in zip(warnings["line"], warnings["value"], strict=True):
        assert value == mask_id(raw_lines[line - 1].split(",")[0]), (line, value)


@pytest.mark.parametrize("length", [1_900_000, 3_000_000])
def test_the_upload_pages_small_csv_buffer_keeps_duckdbs_longest_line(folder, tmp_path, length):
    """The Upload page's 4 MB CSV buffer (decision 0085) reads what DuckDB's default reads and refuses
    what it refuses: a line of 1.9 MB is read, one of 3 MB is not, with either buffer — refused as
    the reader refuses a line, naming the file and the line (below an empty one), never with
    DuckDB's text, which quotes the line."""
    data = "身份证号,培训日期,省份\n" + "440102199001011234,2025-03-01,广东\n" * 50 + f"\n4401,{'9' * length},广东\n"
    path = tmp_path / "long.csv"
    path.write_text(data, encoding="utf-8")
    outcomes = []
    for lean in (False, True):
        try:
            with file_source(path, scratch_root=tmp_path, stage=True, lean=lean) as source:
                outcomes.append(source.engine.connect().exec_driver_sql("SELECT count(*) FROM records").scalar())
        except ReadError as error:
            outcomes.append((error.key, error.params["line"]))
            assert "第 53 行" in error.text("zh") and "long.csv" in error.text("zh") and "9999" not in str(error)
            assert error.__cause__ is None and error.__suppress_context__
    refused = ("read.limit.line", 53)
    assert outcomes == [51, 51] if length < 2_000_000 else outcomes == [refused, refused]
    assert not list(tmp_path.glob("records-*"))  # the scratch folder went with the refusal


@pytest.mark.parametrize("stage", [False, True], ids=["command", "page"])
def test_a_line_not_in_utf8_deep_in_a_big_file_is_named(folder, tmp_path, stage):
    """A byte that is not UTF-8 past the first megabyte (the head said UTF-8) is refused naming its
    line, on the page and in the command alike."""
    line = "440102199001011234,2025-03-01,广东,电工,初级工\n"
    rows = (1 << 20) // len(line.encode()) + 100
    data = ("身份证号,培训日期,省份,职业（工种）,技能等级\n" + line * rows).encode() + b"4401,\xff\xfe,x,y,z\n"
    path = tmp_path / "records.csv"
    path.write_bytes(data)
    with pytest.raises(ReadError) as refused, file_source(path, scratch_root=tmp_path, stage=stage) as source:
        mapping = guess_mapping(source.sample, folder.catalogue, folder.regions)
        count_records(source, mapping, folder.regions, TODAY)
    assert refused.value.key == "read.error.encoding_line" and refused.value.params["line"] == rows + 2
    assert f"第 {rows + 2} 行" in refused.value.text("zh") and f"Line {rows + 2}" in refused.value.text("en")


def test_a_gb18030_file_is_read_and_a_bad_byte_named(folder, tmp_path):
    data = "身份证号,培训日期,省份\n440102199001011234,2025-03-01,广东\n".encode("gb18030")
    path = tmp_path / "gbk.csv"
    path.write_bytes(data)
    with file_source(path, scratch_root=tmp_path) as source:
        mapping = guess_mapping(source.sample, folder.catalogue, folder.regions)
        result = count_records(source, mapping, folder.regions, TODAY).result
    assert result.observations[["region_code", "value"]].values.tolist() == [["440000", 1.0]]
    assert not (tmp_path / "gbk.csv").with_name("utf8.csv").exists()


def test_missing_files_and_tables_say_so(tmp_path):
    with pytest.raises(SourceError) as error:
        file_source(tmp_path / "nowhere.csv")
    assert "nowhere.csv" in error.value.text("zh")
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(SourceError) as error:
        table_source(engine, "records")
    assert "records" in error.value.text("en")


def test_a_connection_is_configured_as_streamlit_configures_it():
    assert connection_url({"url": "postgresql+psycopg://u:p@db:5432/stats"}).database == "stats"
    url = connection_url(
        {
            "dialect": "mysql",
            "driver": "pymysql",
            "host": "doris",
            "port": 9030,
            "database": "dw",
            "username": "reader",
            "password": "s3cret",
        }
    )
    assert url.render_as_string(hide_password=True) == "mysql+pymysql://reader:***@doris:9030/dw"
    with pytest.raises(SourceError):
        connection_url({"host": "somewhere"})


def test_the_order_column_is_the_files_own_order(folder, tmp_path):
    """Ties in a month go by file order: the first of two same-month trainings is the legitimate one."""
    lines = ["身份证号,培训日期,省份,职业（工种）,技能等级"]
    lines += [f"440102199001011234,2025-03-0{day},广东,电工,{level}" for day, level in ((5, "高级工"), (1, "中级工"))]
    path = tmp_path / "tie.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with file_source(path, scratch_root=tmp_path) as source:
        assert source.order == ORDER
        mapping = guess_mapping(source.sample, folder.catalogue, folder.regions)
        problems = count_records(source, mapping, folder.regions, TODAY).result.problems
    # same month: file order decides, so the second row (中级工 after 高级工) is the lower level
    assert problems[["line", "code"]].values.tolist() == [[3, "rule_lower_level"]]


def test_progress_has_the_time_left_and_a_raising_callback_stops_the_engine(folder, records, tmp_path):
    """The Upload page's Cancel and the command's Ctrl-C: the callback raises, the statement stops,
    the exception goes on and the source is still usable (nothing half-done is returned)."""
    data, mapping, _ = records
    path = tmp_path / "records.csv"
    path.write_bytes(data)
    heard = []

    def progress(fraction, step, seconds_left):
        heard.append((fraction, step, seconds_left))
        if step == "rules":
            raise KeyboardInterrupt

    with file_source(path, scratch_root=tmp_path) as source:
        with pytest.raises(KeyboardInterrupt):
            count_records(source, mapping, folder.regions, TODAY, progress=progress)
        steps = [step for _, step, _ in heard]  # the CSV's columns staged first, on the same bar
        assert steps[0] == "stage" and "count" in steps and steps[-1] == "rules"
        assert any(left is not None for _, _, left in heard)  # a time left once a twentieth is done
        assert sorted(fraction for fraction, _, _ in heard) == [fraction for fraction, _, _ in heard]
        again = count_records(source, mapping, folder.regions, TODAY)  # the engine is not left busy
    assert again.flagged["rule_more_than_three"] > 100


def test_staging_past_its_time_limit_is_refused_and_leaves_nothing(folder, records, tmp_path):
    """The Upload page's reader clock on the DuckDB path (issue #23): a CSV whose staging takes
    longer than ``time_limit`` is refused with the reader's kind of error, naming the file, and
    its scratch folder is removed; without a limit (the command line) the same file is staged."""
    data, _, _ = records
    path = tmp_path / "records.csv"
    path.write_bytes(data)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    with pytest.raises(ReadError) as refused:
        file_source(path, name="各地记录.csv", scratch_root=scratch, time_limit=0.0, stage=True)
    assert refused.value.key == "read.limit.too_slow_engine" and refused.value.params["name"] == "各地记录.csv"
    assert not any(scratch.iterdir())
    with file_source(path, scratch_root=scratch, time_limit=None, stage=True) as source:
        assert source.columns and list(scratch.rglob("staged-*.parquet"))


def test_a_parquet_file_with_more_rows_than_allowed_is_refused_from_its_footer(tmp_path):
    """A few megabytes of repeated rows can hold a billion records: the Upload page's bound is
    checked from the file's footer, before a row is read."""
    path = tmp_path / "records.parquet"
    pq.write_table(pa.table({name: ["x"] * 50 for name in HEADER}), path)
    with pytest.raises(ReadError) as refused:
        file_source(path, scratch_root=tmp_path, max_rows=49)
    assert refused.value.key == "read.error.rows" and refused.value.params["rows"] == "50"
    with file_source(path, scratch_root=tmp_path, max_rows=50) as source:
        assert source.columns == HEADER


@pytest.mark.parametrize("last", ["", "end"], ids=["", "no-final-newline"])
@pytest.mark.parametrize("empty", [True, False], ids=["empty-lines", "none"])
@pytest.mark.parametrize("ending", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_a_row_just_below_empty_lines_keeps_its_own_line_number(folder, tmp_path, ending, empty, last):
    """DuckDB passes over empty lines, so the line numbers are rebuilt from where they are: a
    rejected row straight below one, two or three empty lines must name its own line, in LF and
    CRLF files alike (the row right after an empty line was once numbered one too low)."""
    rows = [",".join(HEADER)]
    places = {}
    for i in range(40):
        province = "火星" if i in (3, 10, 21, 30) else "广东"
        rows.append(f"44010019900101{i:04d},2025-0{1 + i % 9}-05,{province},电工,初级工,就业技能培训,第1学校")
        if empty and i in (2, 9, 20):
            rows.extend([""] * {2: 1, 9: 2, 20: 3}[i])  # empty lines right above a rejected row
        if i == 25:
            rows.append("   ")  # a line of spaces is a (blank) row to DuckDB, not an empty line
    data = ending.join(rows) + ("" if last else ending)  # a last line with no newline, or not
    for number, line in enumerate(data.split(ending), start=1):
        if "火星" in line:
            places[line.split(",")[0]] = number
    path = tmp_path / "records.csv"
    path.write_bytes(data.encode("utf-8"))
    mapping, expected = pandas_result(folder, data.encode("utf-8"))
    with file_source(path, scratch_root=tmp_path) as source:
        run = count_records(source, mapping, folder.regions, TODAY)
    rejected = run.result.problems[run.result.problems["code"] == "region_unknown"]
    assert sorted(rejected["line"].tolist()) == sorted(places.values()) and len(places) == 4
    assert_same(expected, run.result)


@pytest.mark.parametrize("stage", [False, True], ids=["command", "page"])
def test_blank_and_note_rows_are_set_aside_as_the_reader_sets_them_aside(folder, tmp_path, stage):
    """A row of empty or space-only cells is passed over and a closing note set aside, while a row
    whose only text is in a column the mapping does not read, or that starts like a note but is not
    one, is a record (rejected for what it lacks) — whether the command stages its mapped columns
    or the page the whole file, and as the reader does for a small file."""
    rows = [",".join(HEADER)]
    for i in range(30):
        rows.append(f"44010019900101{i:04d},2025-0{1 + i % 9}-05,广东,电工,初级工,就业技能培训,第1学校")
        rows += {
            3: [",,,,,,"],  # every cell empty
            7: [" ,  ,   ,,, ,"],  # spaces only
            11: [",,,,,,第2学校"],  # text only in a column no rule reads
            15: ["   ,2025-03-05,广东,电工,初级工,就业技能培训,第1学校"],  # no ID, the rest there
            19: ["注：不是备注,2025-03-05,广东,电工,初级工,就业技能培训,第1学校"],  # starts as the note does
        }.get(i, [])
    rows += ["注：数据来源于实名制培训系统", " , ,"]
    data = ("\n".join(rows) + "\n").encode("utf-8")
    path = tmp_path / "records.csv"
    path.write_bytes(data)
    mapping, expected = pandas_result(folder, data)
    assert expected.rows_read == 33
    with file_source(path, scratch_root=tmp_path, stage=stage) as source:
        assert source.notes == ["注：数据来源于实名制培训系统"]
        run = count_records(source, mapping, folder.regions, TODAY)
    assert_same(expected, run.result)


def test_the_command_stages_only_the_columns_its_mapping_counts(folder, records, tmp_path):
    """A CSV the command counts is staged when the count starts, and only the columns the mapping
    uses (parsing is the same work either way; writing the columns no rule reads is not); a count
    with other columns stages again and is as right as the first."""
    data, mapping, expected = records
    path = tmp_path / "records.csv"
    path.write_bytes(data)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    with file_source(path, scratch_root=scratch) as source:
        assert not list(scratch.rglob("staged-*.parquet"))  # nothing staged before a count
        without = dataclasses.replace(mapping, breakdowns={})
        count_records(source, without, folder.regions, TODAY)
        (staged,) = scratch.rglob("staged-*.parquet")
        assert pq.read_schema(staged).names == ["身份证号", "培训日期", "省份", "职业（工种）", "技能等级", KEPT]
        run = count_records(source, mapping, folder.regions, TODAY)  # 培训类型 as a breakdown now
        (staged,) = scratch.rglob("staged-*.parquet")
        assert "培训类型" in pq.read_schema(staged).names and "培训机构" not in pq.read_schema(staged).names
    assert_same(expected, run.result)


def counts_of(result) -> dict[tuple[str, str], int]:
    counts = result.problem_counts()
    return {(row.code, row.kind): int(row.rows) for row in counts.itertuples()}


def capped(monkeypatch, rows: int) -> None:
    """The problem list cut at ``rows`` on both paths (the pandas one and the engines')."""
    import lib.upload.records as records_module
    import lib.upload.records_sql as records_sql_module

    monkeypatch.setattr(records_module, "PROBLEM_ROWS", rows, raising=False)
    monkeypatch.setattr(records_sql_module, "PROBLEM_ROWS", rows)


@pytest.mark.parametrize("engine", ["pandas", "duckdb", "postgresql_server", "mariadb_server"])
def test_warnings_past_the_cap_are_counted_exactly_not_listed(folder, records, engine, request, monkeypatch, tmp_path):
    """A big file can flag half a million rows (issue #23): the first PROBLEM_ROWS flagged rows are
    listed, in line order, the same on every engine; each rule's count stays exact."""
    data, mapping, full = records
    full_warnings = full.problems[full.problems["kind"] == "warning"]
    cap = 700
    assert full_warnings["line"].nunique() > 3 * cap  # the cap bites
    capped(monkeypatch, cap)
    if engine == "pandas":
        result = pandas_result(folder, data)[1]
    elif engine == "duckdb":
        path = tmp_path / "records.csv"
        path.write_bytes(data)
        with file_source(path, scratch_root=tmp_path) as source:
            run = count_records(source, mapping, folder.regions, TODAY)
        result = run.result
    else:
        sql_engine = sa.create_engine(request.getfixturevalue(engine).url)
        try:
            load_table(sql_engine, data, "capped_records")
            run = count_records(
                table_source(sql_engine, "capped_records", order="line"), mapping, folder.regions, TODAY
            )
        finally:
            sql_engine.dispose()
        result = run.result
    warnings = result.problems[result.problems["kind"] == "warning"]
    first_lines = sorted(set(full_warnings["line"]))[:cap]
    assert sorted(set(warnings["line"])) == first_lines  # the first flagged lines, and only they
    expected = full.problems[(full.problems["kind"] == "error") | full.problems["line"].isin(first_lines)]
    assert comparable(result)[1] == {(int(p.line), p.column, p.value, p.code, p.kind) for p in expected.itertuples()}
    assert counts_of(result) == counts_of(full)  # each rule's count exact, listed or not
    assert result.problem_rows == len(full.problems) and result.rejected_lines == full.rejected_lines
    if engine != "pandas":
        assert run.flagged == full_warnings["code"].value_counts().to_dict()


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_rejected_rows_past_the_cap_are_counted_exactly_not_listed(folder, records, engine, monkeypatch, tmp_path):
    """The first PROBLEM_ROWS rejected lines are listed (every problem of each), the same on both
    paths; the count per reason and the rejected lines shown on the Upload page stay exact."""
    data, mapping, full = records
    full_errors = full.problems[full.problems["kind"] == "error"]
    cap = 20
    assert full_errors["line"].nunique() > 2 * cap
    capped(monkeypatch, cap)
    if engine == "pandas":
        result = pandas_result(folder, data)[1]
    else:
        path = tmp_path / "records.csv"
        path.write_bytes(data)
        with file_source(path, scratch_root=tmp_path) as source:
            result = count_records(source, mapping, folder.regions, TODAY).result
    errors = result.problems[result.problems["kind"] == "error"]
    first_lines = sorted(set(full_errors["line"]))[:cap]
    assert sorted(set(errors["line"])) == first_lines
    expected = full_errors[full_errors["line"].isin(first_lines)]
    assert {(int(p.line), p.column, p.value, p.code) for p in errors.itertuples()} == {
        (int(p.line), p.column, p.value, p.code) for p in expected.itertuples()
    }
    assert counts_of(result) == counts_of(full)
    assert result.rejected_lines == full.rejected_lines and result.problem_rows == len(full.problems)
