"""The bundled snapshot of published figures: what its source file says, each figure cited, lower
bounds kept as such, and what it can (and cannot) judge."""

import re
import tomllib
from datetime import date

import pytest

from lib.core.settings import DEFAULT_DATA_DIR
from lib.progress.dataview import snapshot_view
from lib.store.folder import open_data_folder
from lib.store.published import SOURCE, SourceError, read_source, scaled
from tests.store.cited_snapshots import assert_snapshot_is_its_source, git_blob

SNAPSHOT_ID = "2026-02-06-published"
REFERENCE = DEFAULT_DATA_DIR / "sources" / "published-figures.md"  # the team's reference list, byte for byte


@pytest.fixture(scope="module")
def folder():
    return open_data_folder(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def source():
    return read_source()


def test_the_bundled_snapshot_is_its_source_file(folder, source):
    assert_snapshot_is_its_source(folder, SNAPSHOT_ID, source)
    assert folder.snapshot(SNAPSHOT_ID).manifest.as_of_date == date(2026, 2, 6)


def test_the_reference_copy_is_the_teams_file_byte_for_byte():
    assert git_blob(REFERENCE) == "6fafdff4dfe64a4aaccb17dfb4f8a7cd2db9530a"


def test_every_quote_is_verbatim_in_the_reference(source):
    reference = REFERENCE.read_text(encoding="utf-8")
    for quote in source.citations["quote"]:
        assert quote in reference, quote


def test_every_figure_names_a_citation_and_every_citation_is_complete(source):
    ids = set(source.citations["citation_id"])
    assert source.observations["citation_id"].isin(ids).all()
    assert ids == set(source.observations["citation_id"])
    for column in ("publisher", "title", "quote"):
        assert source.citations[column].str.strip().ne("").all(), column
    # nothing was checked against the original publisher: every figure is flagged 二手来源
    assert source.citations["secondary"].all()


def test_more_than_figures_are_lower_bounds_and_nothing_else_is():
    with SOURCE.open("rb") as handle:
        raw = tomllib.load(handle)
    for citation in raw["citation"]:
        for figure in citation["figure"]:
            lower = bool(re.search(r"超|多|以上", figure["written"]))
            assert (figure.get("bound") == "at_least") == lower, figure["written"]


def test_units_are_converted_exactly_and_wrong_units_refused():
    assert scaled(2.2, "亿人", "人") == 220_000_000
    assert scaled(1174.2, "万人次", "人次") == 11_742_000
    assert scaled(51.3, "亿元", "亿元") == 51.3
    with pytest.raises(SourceError):
        scaled(5, "万人", "人次")  # persons are never filed as person-times


def test_a_figure_not_in_its_quote_is_refused(tmp_path):
    text = SOURCE.read_text(encoding="utf-8").replace('written = "9200万人次"', 'written = "9300万人次"')
    (tmp_path / "source.toml").write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match="9300"):
        read_source(tmp_path / "source.toml")


def test_what_the_figures_can_and_cannot_judge(folder):
    progress = snapshot_view(folder, folder.snapshot(SNAPSHOT_ID)).progress()
    # no published progress figure: 暂无数据, never a guess
    for target_id in ("leading_talent", "private_enterprise_training", "high_skilled_driven", "sc_subsidised_training"):
        assert progress[target_id].status == "no_data" and progress[target_id].actual is None, target_id
    # 新增技能人才: only through the named proxy (skill-level certificates, person-times)
    skilled = progress["new_skilled_workers"]
    assert skilled.proxy_indicator == "skill_level_certificates" and skilled.bound == "at_least"
    assert skilled.actual == 44_000_000 and skilled.window_end == date(2025, 9, 1)
    assert skilled.time_elapsed == pytest.approx(57 / 60) and skilled.status == "achieved"
    # 30 %: an estimate from two published totals of different dates, shown with both, not judged
    share = progress["skilled_share_of_employed"]
    assert share.status == "no_data" and share.actual == pytest.approx(29.957, abs=1e-3)
    assert [p.period for p in share.estimate_inputs] == [date(2025, 9, 1), date(2024, 12, 1)]
    judged = {tid for tid, p in progress.items() if p.status != "no_data"}
    assert judged == {"new_skilled_workers"}


def test_the_demo_stays_the_default(folder):
    assert folder.default_snapshot.id == "2026-10-31-demo" and folder.snapshot(None).manifest.demo
    assert {ref.id for ref in folder.snapshots} >= {"2026-10-31-demo", SNAPSHOT_ID}
