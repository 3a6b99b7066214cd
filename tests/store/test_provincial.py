"""The bundled snapshot of published provincial figures: what its source file says, every figure traceable
to its quote on its row of the team's reference list, where each was read, bounds and dates as printed,
and no province's figure ever summed into a national one."""

import re
import tomllib

import numpy as np
import pytest

from lib.core.settings import DEFAULT_DATA_DIR
from lib.progress.dataview import snapshot_view
from lib.store.folder import open_data_folder
from lib.store.provincial import REFERENCE, SOURCE
from lib.store.published import QUOTE_PARTS, SourceError, read_source
from tests.store.cited_snapshots import assert_snapshot_is_its_source, git_blob

SNAPSHOT_ID = "2026-02-26-provincial"


@pytest.fixture(scope="module")
def folder():
    return open_data_folder(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def source():
    return read_source(SOURCE)


@pytest.fixture(scope="module")
def raw():
    with SOURCE.open("rb") as handle:
        return tomllib.load(handle)


def reference_rows() -> dict[int, str]:
    """The reference list's table rows by their number (# column)."""
    rows = {}
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| (\d+) \|", line)
        if match:
            rows[int(match.group(1))] = line
    return rows


def test_the_bundled_snapshot_is_its_source_file(folder, source):
    assert_snapshot_is_its_source(folder, SNAPSHOT_ID, source)


def test_the_reference_copy_is_the_teams_file_byte_for_byte():
    assert git_blob(REFERENCE) == "93d27261d8be27702bf47107ded7bf4401437cd2"


def test_every_figure_is_traceable_to_its_quote_on_its_row(raw):
    rows = reference_rows()
    figures = 0
    for citation in raw["citation"]:
        line = rows[citation["row"]]
        for part in citation["quote"].split(QUOTE_PARTS):
            assert part in line or any(part in other for other in rows.values()), (citation["id"], part)
        assert citation["quote"].split(QUOTE_PARTS)[0] in line, citation["id"]  # the first part is on its own row
        for figure in citation["figure"]:
            assert figure["written"] in citation["quote"], (citation["id"], figure["written"])
            number = re.search(r"[\d.]+", figure["written"]).group()
            assert float(number) == figure["value"], (citation["id"], figure["written"])
            figures += 1
    assert figures == 84


def test_no_summary_or_unusable_row_is_a_source(raw):
    rows = reference_rows()
    used = {citation["row"] for citation in raw["citation"]}
    for row in used:
        where = rows[row].rstrip(" |").rsplit("|", 1)[-1]
        assert "SUMMARY" not in where and "unreliable" not in where and "SECONDARY, unverified" not in where, row
    assert not used & {10, 13, 25, 30, 32, 37, 106, 111, 112, 113}  # undated, 人次 for persons, self-contradicting


def test_where_each_figure_was_read_and_mirrors_never_the_source(raw, source):
    rows = reference_rows()
    for citation in raw["citation"]:
        where = rows[citation["row"]].rstrip(" |").rsplit("|", 1)[-1]
        kind = {"GOV": "government_site", "MEDIA": "outlet", "REPRINT": "reprint"}[where.split()[0]]
        assert citation["read_at"] == kind, citation["id"]
        if kind == "reprint":
            assert "url" not in citation, citation["id"]  # the mirror is where it was read, never the source
            assert not citation["original_found"], citation["id"]
            if "no URL recorded" not in rows[citation["row"]]:
                assert citation["read_url"] in rows[citation["row"]], citation["id"]
    frame = source.citations
    assert frame.loc[frame["read_at"] == "reprint", "secondary"].all()


def test_a_reprint_given_as_its_source_is_refused(tmp_path):
    text = SOURCE.read_text(encoding="utf-8").replace(
        'read_url = "http://szonline.cn/gn/2023/0428/282204.html"',
        'url = "http://szonline.cn/gn/2023/0428/282204.html"',
    )
    (tmp_path / "source.toml").write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match="reprint"):
        read_source(tmp_path / "source.toml")


def test_lower_bounds_are_kept_as_bounds_and_nothing_else_is(raw):
    for citation in raw["citation"]:
        for figure in citation["figure"]:
            lower = bool(re.search(r"超|多|余|以上|突破", figure["written"]))
            assert (figure.get("bound") == "at_least") == lower, figure["written"]


def test_dates_are_as_the_text_dates_them(raw):
    rows = reference_rows()
    for citation in raw["citation"]:
        line = rows[citation["row"]]
        for key in ("date", "outlet_date"):
            if key in citation:
                day = citation[key]
                dateline = f"{day.month}月{day.day}日" in line and str(day.year) in line
                assert day.isoformat() in line or dateline, (citation["id"], key)


def test_provinces_are_never_summed_into_a_national_figure(folder):
    store = snapshot_view(folder, folder.snapshot(SNAPSHOT_ID)).store
    for indicator in ("skilled_workers_total", "high_skilled_total", "high_skilled_share_printed"):
        assert np.isnan(store.national(indicator).values).all(), indicator
    # each province keeps its own figure at its own date
    assert store.as_frame("skilled_workers_total", "410000")["period"].dt.strftime("%Y-%m").tolist() == [
        "2023-12",
        "2024-05",
    ]
