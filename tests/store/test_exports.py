"""Downloads: CSV that Excel opens, neutralised against formula injection; Parquet keeps values."""

import pandas as pd
import pytest

from lib.store.exports import neutralise_cell, to_csv_bytes, to_parquet_bytes


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("广东", "广东"),
        (-5.0, -5.0),
        ("", ""),
    ],
)
def test_formula_injection_is_neutralised(cell, safe):
    assert neutralise_cell(cell) == safe


def test_csv_has_a_bom_and_safe_cells_and_parquet_keeps_values():
    data = pd.DataFrame({"名称": ['=HYPERLINK("http://x")', "广东"], "value": [-1.5, 2.0]})
    raw = to_csv_bytes(data)
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "-1.5" in text and "'-1.5" not in text
    back = pd.read_parquet(__import__("io").BytesIO(to_parquet_bytes(data)))
    assert back["名称"].tolist() == data["名称"].tolist()
