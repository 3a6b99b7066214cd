"""The upload pipeline as one function (lib.upload.pipeline.check_upload) and the Upload page's view
of it (lib.views.upload.build), without Streamlit: what a file gives with its guessed mapping, a
provincial analyst's rows kept to their province, a value 100× off flagged against the snapshot,
the record-level rows counted by the engine saying what the file read in pandas says, and the page's
words, preview (IDs masked), counts, modes and downloads."""

import pandas as pd
import pytest

from lib.core.settings import DEFAULT_DATA_DIR
from lib.progress.dataview import snapshot_view
from lib.store.folder import open_data_folder
from lib.upload.pipeline import CheckedUpload, check_upload, interpret
from lib.upload.reader import read_table
from lib.upload.records_sql import count_records
from lib.upload.sources import file_source
from lib.views import upload
from tests.upload_fixtures import GBK_WAN_TOTAL, RECORDS


@pytest.fixture(scope="module")
def folder():
    return open_data_folder(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def base(folder):
    return snapshot_view(folder, folder.snapshots[0])


def read(name: str, data: bytes):
    return read_table(name, data)


def test_a_file_with_its_guessed_mapping_is_accepted_and_its_total_rows_kept_apart(folder):
    table = read("补贴培训.csv", GBK_WAN_TOTAL)
    mapping = interpret(table, folder.catalogue, folder.regions)
    checked = check_upload(table, mapping, folder.catalogue, folder.regions)
    assert isinstance(checked, CheckedUpload)
    frame = checked.observations
    assert len(frame) == 6 and set(frame["region_code"]) == {"440000", "510000", "410000"}
    assert frame.loc[(frame["region_code"] == "440000") & (frame["period"] == "2026-09-01"), "value"].item() == 12500
    assert checked.own_used == () and not checked.only_own


def test_a_provincial_analysts_rows_outside_their_province_are_errors(folder):
    table = read("补贴培训.csv", GBK_WAN_TOTAL)
    mapping = interpret(table, folder.catalogue, folder.regions)
    checked = check_upload(table, mapping, folder.catalogue, folder.regions, scope="440000")
    assert set(checked.observations["region_code"]) == {"440000"}
    assert (checked.result.problems["code"] == "outside_scope").sum() == 4
    national = check_upload(table, mapping, folder.catalogue, folder.regions, scope="national")
    assert len(national.observations) == 6


def test_a_value_a_hundred_times_the_snapshots_is_flagged_before_confirming(folder, base):
    data = GBK_WAN_TOTAL.decode("gb18030").replace("（单位：万人次）", "").replace("人次(万人次)", "人次")
    table = read("补贴培训.csv", data.encode())  # 万 forgotten: 1.25 read as 1.25 person-times
    mapping = interpret(table, folder.catalogue, folder.regions)
    without = check_upload(table, mapping, folder.catalogue, folder.regions)
    flagged = check_upload(table, mapping, folder.catalogue, folder.regions, base=base)
    assert "magnitude_low" not in set(without.result.problems["code"])
    assert (flagged.result.problems["code"] == "magnitude_low").sum() == 6


def test_record_rows_counted_by_the_engine_say_what_the_file_read_in_pandas_says(folder, tmp_path):
    path = tmp_path / "records.csv"
    path.write_bytes(RECORDS)
    table = read("records.csv", RECORDS)
    mapping = interpret(table, folder.catalogue, folder.regions)
    in_pandas = check_upload(table, mapping, folder.catalogue, folder.regions)
    with file_source(path) as source:
        run = count_records(source, mapping, folder.regions)
    counted = check_upload(run.result, mapping, folder.catalogue, folder.regions)
    columns = ["indicator_id", "region_code", "period", "value"]

    def tidy(frame):
        return frame[columns].sort_values(columns[:3]).reset_index(drop=True)

    pd.testing.assert_frame_equal(tidy(counted.observations), tidy(in_pandas.observations), check_dtype=False)


def test_the_pages_view_says_what_was_read_and_offers_what_a_confirmation_may_do(folder, base):
    table = read("records.csv", RECORDS)
    mapping = interpret(table, folder.catalogue, folder.regions)
    model = upload.build(
        table,
        table,
        mapping,
        folder.catalogue,
        folder.regions,
        name="records.csv",
        lang="zh",
        base=base,
        scope="national",
    )
    assert model.file.detected["name"] == "records.csv" and model.file.detected["rows"] == len(table.frame)
    assert model.file.ids_masked and "********" in model.file.preview[mapping.person_id].iloc[0]
    assert [label for label, _ in model.metrics] == ["读取的数据行", "接受的观测值", "被拒绝的行", "空值（未计入）"]
    assert model.metrics[1][1] == f"{len(model.observations):,}"
    assert model.modes == ("alone", "merge") and model.default_mode == 0 and model.stem == "records"
    assert model.clean_csv().decode("utf-8-sig").splitlines()[0].startswith("indicator_id")
    alone = upload.build(
        table,
        table,
        mapping,
        folder.catalogue,
        folder.regions,
        name="records.csv",
        lang="en",
        base=None,
        scope="national",
    )
    assert alone.modes == ("alone",) and alone.metrics[0][0] == "Data rows read"
