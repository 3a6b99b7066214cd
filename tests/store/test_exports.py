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


def test_texts_held_as_categories_are_neutralised_too():
    """The Upload page's problem list holds its column names and reasons as categories (issue #23):
    a header a person wrote, such as =HYPERLINK(...), must not reach a spreadsheet as a formula
    (pandas counts a category of texts as a string dtype: a guard on that, not a change)."""
    data = pd.DataFrame({"列": pd.Categorical(['=HYPERLINK("http://x")', "省份", '=HYPERLINK("http://x")'])})
    text = to_csv_bytes(data).decode("utf-8-sig")
    assert text.count("'=HYPERLINK") == 2 and "\n=HYPERLINK" not in text
