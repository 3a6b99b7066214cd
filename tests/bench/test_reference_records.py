"""The benchmark's yardstick (bench/reference_records.py, a hand-written DuckDB query) gives exactly
what ``records_sql`` gives — counts, rejected rows, flagged rows with masked IDs — on the test
record sets and on a million generated records, so the ratio bench_records prints compares equals."""

from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from bench.bench_records import generate
from bench.reference_records import columns_of, duckdb_reference, ours_as_output
from lib.core.settings import DEFAULT_DATA_DIR
from lib.store.folder import open_data_folder
from lib.upload.interpret import guess_mapping
from lib.upload.records_sql import count_records
from lib.upload.sources import file_source
from tests.upload.test_big_files import records_file
from tests.upload.test_records_sql import TODAY, as_rows, record_set


@pytest.fixture(scope="module")
def folder():
    return open_data_folder(DEFAULT_DATA_DIR)


def both(path, folder, scratch, today=TODAY):
    with file_source(path, scratch_root=scratch) as source:
        mapping = guess_mapping(source.sample, folder.catalogue, folder.regions)
        ours = ours_as_output(count_records(source, mapping, folder.regions, today).result, mapping)
    return ours, duckdb_reference(path, columns_of(mapping), folder.regions, today, scratch=scratch)


def assert_equal(ours, reference) -> None:
    assert reference.counts == ours.counts
    assert reference.rejected == ours.rejected
    assert sorted(reference.flagged - ours.flagged)[:5] == sorted(ours.flagged - reference.flagged)[:5] == []
    assert reference.flagged_counts == ours.flagged_counts


@pytest.mark.parametrize("make", [record_set, lambda: records_file(70_000, bom=True, oddities=True)])
def test_the_yardstick_equals_ours_on_the_test_sets(folder, tmp_path, make):
    rows = as_rows(make()) if make is record_set else None
    if rows is None:
        import io

        import pandas as pd

        rows = pd.read_csv(io.BytesIO(make()), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    path = tmp_path / "records.parquet"
    pq.write_table(pa.Table.from_pandas(rows.drop(columns="line", errors="ignore"), preserve_index=False), path)
    ours, reference = both(path, folder, tmp_path)
    assert len(ours.flagged) > 100 and ours.rejected and ours.counts
    assert {code for _, code, _ in ours.flagged} >= {"rule_more_than_three", "rule_same_level"}
    assert_equal(ours, reference)


@pytest.mark.parametrize("kind", ["parquet", "csv"])
def test_the_yardstick_equals_ours_on_a_million_generated_records(folder, tmp_path_factory, kind):
    scratch = tmp_path_factory.mktemp("million")
    paths = generate(scratch, 1_000_000)
    ours, reference = both(paths[kind], folder, scratch, date(2026, 12, 7))
    assert sum(value for key, value in ours.counts.items() if len(key) == 2) == 1_000_000
    assert len(ours.flagged) > 10_000
    assert_equal(ours, reference)


def test_the_yardstick_lists_the_same_first_rows_when_the_list_stops_short(folder, tmp_path, monkeypatch):
    """Past the listing cap both list the first flagged rows in line order and count the rest."""
    import bench.reference_records as reference_module
    import lib.upload.records_sql as records_sql_module

    for module in (reference_module, records_sql_module):
        monkeypatch.setattr(module, "PROBLEM_ROWS", 500)
    path = tmp_path / "records.parquet"
    pq.write_table(pa.Table.from_pandas(as_rows(record_set()).drop(columns="line"), preserve_index=False), path)
    ours, reference = both(path, folder, tmp_path)
    assert len({line for line, _, _ in ours.flagged}) == 500 and sum(ours.flagged_counts.values()) > 1000
    assert_equal(ours, reference)
