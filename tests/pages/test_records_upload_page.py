"""The Upload page with record-level data where it lives (AppTest): a big record-level CSV and a Parquet
file counted by DuckDB, and a PostgreSQL table an admin configured in secrets.toml read through
st.connection — each giving the numbers the pandas path gives, with progress, and confirmable."""

from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from lib.core.settings import DEFAULT_DATA_DIR
from lib.store.folder import open_data_folder
from lib.ui import upload_page
from lib.upload.interpret import guess_mapping, to_observations
from lib.upload.reader import read_table
from lib.upload.session import tidy
from tests.apptest import APP, block, run_app, texts
from tests.pages.test_upload_page import metrics, upload
from tests.upload.test_big_files import records_file
from tests.upload.test_records_sql import as_rows, load_table, record_set


@pytest.fixture(autouse=True)
def small_threshold(monkeypatch):
    """Files above 1 MB go to DuckDB here (16 MB on a server), so the tests stay small."""
    monkeypatch.setattr("lib.ui.records.BIG_RECORDS_BYTES", 1 << 20)


def expected_metrics(data: bytes) -> dict:
    folder = open_data_folder(DEFAULT_DATA_DIR)
    table = read_table("records.csv", data)
    result = to_observations(
        table, guess_mapping(table, folder.catalogue, folder.regions), folder.catalogue, folder.regions, date.today()
    )
    return {
        "读取的数据行": f"{result.rows_read:,}",
        "接受的观测值": f"{len(tidy(result)):,}",
        "被拒绝的行": f"{result.rejected_lines:,}",
        "空值（未计入）": "0",
    }, result


def page(secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if secrets:
        at.secrets["connections"] = secrets
    at.switch_page("pages/upload.py")
    return at.run()


def test_a_big_record_file_is_counted_by_duckdb_with_progress_and_confirmed():
    data = records_file(70_000, oddities=True)
    expected, result = expected_metrics(data)
    at = upload(page(), "records.csv", data)
    assert not at.exception
    assert metrics(at) == expected
    staging, counting = at.get("status")  # st.status: the engine's steps, then what it did
    assert staging.state == "complete" and staging.label.replace("\\", "") == "已读取 records.csv"  # escaped markdown
    assert counting.state == "complete" and "已统计 records" in counting.label and "duckdb" in counting.label
    problems = block(at, "upload-errors").get("dataframe")[0].value
    assert len(problems) == len(result.problems)
    assert sorted(zip(problems["行号"], problems["原始值"], strict=True)) == sorted(
        zip(result.problems["line"], result.problems["value"], strict=True)
    )  # the same lines and masked IDs, region and date texts as the pandas path
    at.button(key="upload-confirm").click().run()
    assert not at.exception and any(s.value.startswith("已确认") for s in at.success)


def test_a_csv_slower_to_stage_than_the_readers_clock_is_refused_and_its_copy_removed(monkeypatch, tmp_path):
    """The DuckDB path is bounded like every reader (issue #23): past the clock, staging stops with
    a message naming the file and the limit, and the session's private copy is gone."""
    from lib.upload.reader import Limits

    monkeypatch.setattr("lib.ui.records.limits", lambda: Limits(max_seconds=0.0))
    monkeypatch.setattr("lib.upload.private_files.records_root", lambda: tmp_path)
    at = upload(page(), "records.csv", records_file(70_000, oddities=True))
    assert not at.exception
    (error,) = at.error
    message = error.value.replace("\\", "")  # escaped markdown
    assert "读取并整理文件“records.csv”超过 0 秒" in message and "请拆分" in message
    (status,) = at.get("status")
    assert status.state == "error"
    assert not at.get("metric")  # nothing counted, nothing to confirm
    assert not list(tmp_path.rglob("records.csv")) and not list(tmp_path.rglob("staged*.parquet"))


def test_a_big_csv_of_another_shape_over_the_row_limit_is_refused_with_a_message(monkeypatch):
    """A CSV over the engine's threshold whose columns are not records (a province and a number) is
    read whole after all; past the reader's row limit that is a message, not Streamlit's error page
    (found by bench_hostile: 12 million two-cell rows)."""
    from lib.upload.reader import Limits

    monkeypatch.setattr("lib.upload.reader.limits", lambda: Limits(max_rows=50_000))
    data = ("省份,人数\n" + "广东,1\n" * 200_000).encode()  # 1.6 MB: past the test's 1 MB threshold
    at = upload(page(), "各省人数.csv", data)
    assert not at.exception
    (error,) = at.error
    message = error.value.replace("\\", "")
    assert "各省人数.csv" in message and "超过上限 50000 行" in message, message


def test_a_parquet_record_file_is_counted_by_duckdb():
    data = record_set(8_000)
    rows = as_rows(data).drop(columns="line")
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pandas(rows, preserve_index=False), sink)
    at = page()
    at.file_uploader(key="upload-file").set_value(
        ("records.parquet", sink.getvalue().to_pybytes(), "application/octet-stream")
    ).run()
    assert not at.exception
    got = metrics(at)
    expected, _ = expected_metrics(data)
    assert got["读取的数据行"] == expected["读取的数据行"] and got["接受的观测值"] == expected["接受的观测值"]


def test_an_aggregated_parquet_file_is_refused_with_a_reason():
    sink = pa.BufferOutputStream()
    pq.write_table(pa.table({"省份": ["广东"], "月份": ["2026-10"], "人数": ["5"]}), sink)
    at = page()
    at.file_uploader(key="upload-file").set_value(
        ("table.parquet", sink.getvalue().to_pybytes(), "application/octet-stream")
    ).run()
    assert not at.exception
    assert any("只按逐条记录" in w.value for w in at.warning)


def test_a_configured_warehouse_table_is_counted_in_the_database(postgresql_server):
    data = record_set(8_000)
    engine = sa.create_engine(postgresql_server.url)
    try:
        load_table(engine, data, "page_records", order="record_no")
    finally:
        engine.dispose()
    expected, _ = expected_metrics(data)
    at = page({"national": {"url": postgresql_server.url}})
    assert not at.exception
    assert at.selectbox(key="records-connection").options == ["national"]
    at.text_input(key="records-table").set_value("page_records")
    at.text_input(key="records-order").set_value("record_no").run()
    at.button(key="records-read").click().run()
    assert not at.exception, at.exception
    assert metrics(at) == expected
    (status,) = at.get("status")
    assert "national\\:page\\_records" in status.label and "postgresql" in status.label


def test_without_configured_connections_there_is_no_warehouse_section():
    at = page()
    assert not at.exception and not [w for w in at.get("text_input") if w.key == "records-table"]


def test_a_table_that_does_not_exist_is_named_in_the_error(postgresql_server):
    at = page({"national": {"url": postgresql_server.url}})
    at.text_input(key="records-table").set_value("no_such_table").run()
    at.button(key="records-read").click().run()
    assert not at.exception
    assert any("没有表“no\\_such\\_table”" in e.value for e in at.error)  # Markdown-escaped, shown as written


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_file_with_more_problems_than_listed_says_so_with_exact_counts(monkeypatch, lang):
    """A big file's list stops at PROBLEM_ROWS rows (issue #23): the page says the list shows the
    first N of M, every reason's count is exact, and the download says how
    many of them it holds."""
    import lib.upload.records as records_module
    import lib.upload.records_sql as records_sql_module

    data = records_file(70_000, oddities=True)
    expected, result = expected_metrics(data)  # the whole list, uncapped
    cap = 500
    monkeypatch.setattr(records_module, "PROBLEM_ROWS", cap, raising=False)
    monkeypatch.setattr(records_sql_module, "PROBLEM_ROWS", cap)
    at = upload(run_app("upload", timeout=120, lang=lang), "records.csv", data)
    assert not at.exception
    if lang == "zh":
        assert metrics(at) == expected  # the rejected rows exact, though only some are listed
    errors = block(at, "upload-errors")
    listed = errors.get("dataframe")[0].value
    warnings_listed = listed[listed.iloc[:, 4] == ("提示" if lang == "zh" else "warning")]
    assert warnings_listed.iloc[:, 0].nunique() == cap
    total = f"{len(result.problems):,}"
    words = texts(errors)
    if lang == "zh":
        assert f"问题清单（{total} 条）" in words and f"只列出前 {len(listed):,} 条（共 {total} 条）" in words
    else:
        assert f"Problems ({total})" in words and f"the first {len(listed):,} of {total}" in words
        assert "the counts per reason below are exact" in words
    for code, count in result.problems["code"].value_counts().items():
        assert f"| {count:,} |" in words, code  # each reason's exact count in the table
    (download,) = [b for b in at.get("download_button") if b.key == "upload-problems-csv"]
    label = download.proto.label
    assert (
        f"前 {len(listed):,} 行，共 {total} 行" if lang == "zh" else f"first {len(listed):,} of {total} rows"
    ) in label


def test_the_page_reads_the_uploads_own_bytes_not_a_copy():
    """The Upload page's ``uploaded.getvalue()`` is the bytes object Streamlit holds, not a second
    copy of a 110 MB upload (issue #23's memory budget counts on it; decision 0080): a guard on
    Streamlit and CPython, whose ``BytesIO`` shares its initial bytes until written."""
    from streamlit.proto.Common_pb2 import FileURLs
    from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

    data = bytes(4 << 20)
    uploaded = UploadedFile(UploadedFileRec("id", "records.csv", "text/csv", data), FileURLs())
    assert uploaded.getvalue() is data
    uploaded.read(10)  # the page reads nothing else from it; reading does not copy either
    assert uploaded.getvalue() is data


def test_the_page_counts_the_bytes_streamlit_received_not_the_widgets_copy(monkeypatch):
    """``st.file_uploader`` returns a deep copy of the uploaded file — a second copy of its bytes,
    which the page's variables kept while a 110 MB record file was staged and counted (issue #23's
    memory budget; decision 0085): the page reads the bytes Streamlit received."""
    seen = []
    original = upload_page.staged_file

    def staged(ctx, name, data, *args, **kwargs):
        seen.append(data)
        return original(ctx, name, data, *args, **kwargs)

    monkeypatch.setattr("lib.ui.upload_page.staged_file", staged)
    data = records_file(70_000)
    at = upload(page(), "records.csv", data)
    assert not at.exception and seen
    assert all(read is data for read in seen)
