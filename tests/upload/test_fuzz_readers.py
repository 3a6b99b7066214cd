"""Fuzzing the readers (issue #23): random bytes, and real CSV / .xlsx / .xls files mutated byte by
byte (an .xlsx also with its sheet's XML mutated and zipped again), fed to ``read_table``. The only
outcomes allowed are a table or a ``ReadError`` whose message reads in both languages — never
another exception. ``make test`` runs a few dozen examples each; ``make fuzz`` (FUZZ_EXAMPLES=…)
runs thousands."""

import io
import os
import shutil
import subprocess
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.upload.reader import Limits, ReadError, Table, read_table
from tests.upload.hostile_files import long_field_csv, many_cells_xlsx, wide_header_csv
from tests.upload_fixtures import FIXTURES, xlsx_with_title_and_notes

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
LIMIT = Limits(max_seconds=60)  # a busy machine must not turn a slow read into a refusal here
CSV_SEEDS = [data for name, data in FIXTURES.items() if name.endswith((".csv", ".tsv"))] + [
    long_field_csv(),  # hostile seeds: one cell over the csv module's limit, a header far too wide
    wide_header_csv(5_000),
]
XLSX_SEEDS = [xlsx_with_title_and_notes(), many_cells_xlsx(30, 5, merged="A1:C1")]


def read_or_refuse(name: str, data: bytes) -> None:
    try:
        table = read_table(name, data, limit=LIMIT)
    except ReadError as error:
        assert error.text("zh") and error.text("en") and "{" not in error.text("zh")
        return
    assert isinstance(table, Table)


mutation = st.tuples(
    st.sampled_from(("flip", "insert", "delete", "truncate", "repeat")),
    st.integers(min_value=0, max_value=1 << 30),
    st.binary(min_size=1, max_size=16),
)


def mutated(data: bytes, steps: list[tuple[str, int, bytes]]) -> bytes:
    buffer = bytearray(data)
    for kind, where, piece in steps:
        at = where % (len(buffer) + 1)
        if kind == "flip" and buffer:
            buffer[at % len(buffer)] ^= piece[0] or 1
        elif kind == "insert":
            buffer[at:at] = piece
        elif kind == "delete":
            del buffer[at : at + len(piece)]
        elif kind == "truncate":
            del buffer[at:]
        elif kind == "repeat":
            buffer[at:at] = bytes(buffer[at : at + len(piece) * 8]) * (piece[0] % 50 + 1)
    return bytes(buffer)


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_are_a_table_or_a_clear_refusal(data):
    for name in ("x.csv", "x.xlsx", "x.xls"):
        read_or_refuse(name, data)


@FUZZ
@given(st.sampled_from(CSV_SEEDS), st.lists(mutation, min_size=1, max_size=6))
def test_mutated_csv_files(seed, steps):
    read_or_refuse("mutated.csv", mutated(seed, steps))


@FUZZ
@given(st.sampled_from(XLSX_SEEDS), st.lists(mutation, min_size=1, max_size=4))
def test_mutated_xlsx_bytes(seed, steps):
    read_or_refuse("mutated.xlsx", mutated(seed, steps))


def with_mutated_parts(data: bytes, steps) -> bytes:
    """The .xlsx zipped again with every XML part inside mutated (the zip itself stays valid)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            part = source.read(info)
            archive.writestr(info.filename, mutated(part, steps) if info.filename.endswith(".xml") else part)
    return out.getvalue()


@FUZZ
@given(st.sampled_from(XLSX_SEEDS), st.lists(mutation, min_size=1, max_size=4))
def test_mutated_xlsx_xml(seed, steps):
    read_or_refuse("mutated.xlsx", with_mutated_parts(seed, steps))


@pytest.fixture(scope="module")
def xls_seed(tmp_path_factory) -> bytes:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (make test installs it)")
    folder = tmp_path_factory.mktemp("xls")
    (folder / "sheet.xlsx").write_bytes(xlsx_with_title_and_notes())
    subprocess.run(
        [office, "--headless", "--convert-to", "xls", "--outdir", str(folder), str(folder / "sheet.xlsx")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (folder / "sheet.xls").read_bytes()


def test_mutated_xls_files(xls_seed):
    @FUZZ
    @given(st.lists(mutation, min_size=1, max_size=6))
    def check(steps):
        read_or_refuse("mutated.xls", mutated(xls_seed, steps))

    check()
