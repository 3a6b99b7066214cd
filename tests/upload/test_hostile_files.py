"""Hostile files (issue #23, findings 1 and 5): every reader is bounded while it streams and
refuses with a message naming the file and the limit — never a crash, never a sheet of millions
of cells materialised. The time and memory budget is bench/bench_hostile.py's."""

import pytest

from lib.upload.reader import Limits, ReadError, read_table
from tests.apptest import block, run_app
from tests.pages.test_upload_page import upload
from tests.upload.hostile_files import long_field_csv, many_cells_xlsx, wide_header_csv


def refusal(name: str, data: bytes, **options) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_table(name, data, **options)
    return caught.value


def test_a_small_xlsx_of_very_many_cells_is_refused_before_openpyxl_reads_it(monkeypatch):
    data = many_cells_xlsx(4_000)  # 600,000 one-digit cells in ~30 KB
    assert len(data) < 200_000

    def never(*args, **kwargs):
        raise AssertionError("openpyxl opened a workbook that should have been refused first")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    error = refusal("细胞.xlsx", data)
    assert error.key == "read.limit.cells_sheet"
    assert "细胞.xlsx" in error.text("zh") and "500000" in error.text("zh") and "CSV" in error.text("zh")
    assert "细胞.xlsx" in error.text("en") and "cells" in error.text("en")


def test_an_xlsx_within_the_limit_is_still_read_streaming_with_its_merged_header():
    table = read_table("ok.xlsx", many_cells_xlsx(300, 6, merged="A1:B1"))
    assert table.rows == 300 and table.header[:3] == ["c0", "c0_2", "c2"]


def test_a_sparse_sheet_padded_by_its_far_cells_is_stopped_while_it_streams():
    error = refusal("sparse.xlsx", many_cells_xlsx(2_000, 10), limit=Limits(max_cells=5_000))
    assert error.key == "read.limit.cells" and "sparse.xlsx" in error.text("en")


def test_a_field_over_131072_characters_is_a_message_with_file_row_and_what_to_do():
    error = refusal("长字段.csv", long_field_csv())
    assert error.key == "read.limit.field"
    zh = error.text("zh")
    assert "长字段.csv" in zh and "第 3 行" in zh and "131072" in zh and "引号" in zh
    assert "Row 3" in error.text("en")
    big = refusal("long-big.csv", long_field_csv(rows=1_000_000))  # the Arrow path's head
    assert big.key == "read.limit.field" and "long-big.csv" in big.text("en")


def test_a_field_longer_than_arrows_block_deep_in_a_big_file_names_the_field_not_the_encoding():
    head = "省份,人数\n" + "广东,1\n" * 300_000
    data = (head + '江苏,"' + "x" * (3 << 20) + '"\n' + "广东,1\n" * 10).encode()
    error = refusal("deep.csv", data)
    assert error.key == "read.limit.field_big" and "deep.csv" in error.text("zh")


def test_a_million_column_header_is_refused_as_it_streams():
    error = refusal("wide.csv", wide_header_csv())
    assert error.key == "read.error.columns" and "wide.csv" in error.text("zh") and "200" in error.text("zh")


def test_reading_stops_past_its_time_limit_for_csv_and_xlsx():
    rows = ("省份,人数\n" + "广东,1\n" * 5_000).encode()
    assert refusal("slow.csv", rows, limit=Limits(max_seconds=0)).key == "read.limit.too_slow"
    assert refusal("slow.xlsx", many_cells_xlsx(50, 5), limit=Limits(max_seconds=0)).key == "read.limit.too_slow_open"


def test_the_upload_page_shows_the_long_field_message_in_chinese():
    at = upload(run_app("upload"), "长字段.csv", long_field_csv())
    assert not at.exception
    error = " ".join(e.value for e in block(at, "upload-errors").get("error"))
    assert "第 3 行" in error and "131072" in error
