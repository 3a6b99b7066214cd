"""Big record-level files (the Arrow path, > 4 MB) against a plain-Python reading of the documents'
rules: the same counts, the same flagged lines, the right line numbers around blank lines."""

import csv
import io
from collections import defaultdict
from datetime import date

import numpy as np
import pytest

from lib.core.settings import DEFAULT_DATA_DIR
from lib.reference.regions import RegionError
from lib.store.folder import open_data_folder
from lib.upload.common import LEVEL_RANK
from lib.upload.interpret import guess_mapping, to_observations
from lib.upload.reader import ARROW_THRESHOLD, read_table
from lib.upload.records import mask_id, rows_in_groups_larger_than

TODAY = date(2026, 11, 22)
HEADER = "身份证号,培训日期,省份,职业（工种）,技能等级,培训机构\n"
OCCUPATIONS = ["电工", "焊工", "电 工", "育婴员"]  # "电 工" is 电工 written loosely
LEVELS = ["初级工", "中级工", "高级工", "技师", "专项能力"]  # the last has no rank


@pytest.fixture(scope="module")
def folder():
    return open_data_folder(DEFAULT_DATA_DIR)


def records_file(rows: int, *, bom: bool = False, oddities: bool = False) -> bytes:
    """People trained about three times each, so every rule fires often; with ``oddities``, blank
    and whitespace-only lines, an unknown province, an impossible date and a closing note."""
    rng = np.random.default_rng(5)
    provinces = ["广东", "四川", "北京", "新疆兵团", "广东省"]
    lines = [HEADER]
    for i in range(rows):
        person = int(rng.integers(0, rows // 3))
        day = date.fromordinal(date(2024, 1, 1).toordinal() + int(rng.integers(0, 1000)))
        province = provinces[person % len(provinces)]
        if oddities and i % 997 == 5:
            province = "火星"
        text_day = "2025-02-30" if oddities and i % 1499 == 7 else day.isoformat()
        occupation, level = OCCUPATIONS[int(rng.integers(0, 4))], LEVELS[int(rng.integers(0, 5))]
        lines.append(
            f"{440100 + person % 50:06d}19900101{person:04d},{text_day},{province},{occupation},{level},第{i % 40}职业培训学校\n"
        )
        if oddities and i in (100, 20_000):
            lines.append("\n" if i == 100 else "   \r\n")
    if oddities:
        lines.append("注：数据来源于实名制培训系统\n")
    data = "".join(lines).encode("utf-8")
    assert len(data) > ARROW_THRESHOLD
    return (b"\xef\xbb\xbf" if bom else b"") + data


def reference(data: bytes, folder) -> tuple[dict, dict]:
    """Counts per (region, month) and the flagged lines per rule, computed row by row."""
    rows = []
    for line, cells in enumerate(csv.reader(io.StringIO(data.decode("utf-8-sig"))), start=1):
        if line == 1 or len(cells) != 6:
            continue
        person, day, province, occupation, level, _ = cells
        try:
            region, when = folder.regions.normalize(province), date.fromisoformat(day)
        except (ValueError, RegionError):
            continue
        rows.append(
            (line, person, when.year * 12 + when.month - 1, region, occupation.replace(" ", ""), LEVEL_RANK.get(level))
        )
    counts = defaultdict(int)
    for _, _, month, region, _, _ in rows:
        counts[(region, month)] += 1
    flagged = {"rule_more_than_three": set(), "rule_same_level": set(), "rule_lower_level": set()}
    by_person = defaultdict(list)
    for row in rows:
        by_person[row[1]].append(row)
    for trainings in by_person.values():
        trainings.sort(key=lambda row: (row[2], row[0]))  # date order, ties in file order
        flagged["rule_more_than_three"].update(row[0] for row in trainings[3:])
        seen, best = set(), defaultdict(lambda: -1)
        for line, _, _, _, occupation, rank in trainings:
            if rank is not None and (occupation, rank) in seen:
                flagged["rule_same_level"].add(line)
            elif rank is not None and rank < best[occupation]:
                flagged["rule_lower_level"].add(line)
            if rank is not None:
                seen.add((occupation, rank))
                best[occupation] = max(best[occupation], rank)
    return dict(counts), flagged


@pytest.mark.parametrize(("bom", "oddities"), [(False, False), (True, True)], ids=["plain", "bom-blank-lines-notes"])
def test_a_big_record_file_counts_and_flags_what_the_rules_say(folder, bom, oddities):
    data = records_file(70_000, bom=bom, oddities=oddities)
    table = read_table("records.csv", data)
    assert table.arrow is not None  # the big-file path
    mapping = guess_mapping(table, folder.catalogue, folder.regions)
    assert mapping.shape == "records" and mapping.person_id == "身份证号"
    result = to_observations(table, mapping, folder.catalogue, folder.regions, TODAY)
    expected_counts, expected_flags = reference(data, folder)
    totals = result.observations[result.observations[list(dict(mapping.breakdowns).values())].isna().all(axis=1)]
    got = {(row.region_code, row.period.year * 12 + row.period.month - 1): row.value for row in totals.itertuples()}
    assert got == expected_counts
    for code, lines in expected_flags.items():
        assert set(result.problems.loc[result.problems["code"] == code, "line"]) == lines, code
        assert len(lines) > 100, code  # the file exercises every rule
    raw_lines = data.decode("utf-8-sig").split("\n")
    warnings = result.problems[result.problems["kind"] == "warning"]
    for line, value in zip(
        warnings["line"], warnings["value"], strict=True
    ):  # each warning shows its own row's ID, masked
        assert value == mask_id(raw_lines[line - 1].split(",")[0]), (line, value)
    if oddities:
        errors = result.problems[result.problems["kind"] == "error"]
        for line, value in zip(errors["line"], errors["value"], strict=True):  # line numbers point at the right line
            assert value in raw_lines[line - 1], (line, value)
        assert table.notes == ["注：数据来源于实名制培训系统"]


@pytest.mark.parametrize("spread", [10, 10**12])  # small codes are counted with bincount, huge ones with value_counts
def test_only_rows_of_groups_above_the_size_are_kept(spread):
    groups = np.random.default_rng(3).integers(0, 50, 2_000) * spread
    sizes = {group: int((groups == group).sum()) for group in set(groups.tolist())}
    for size in (1, 3):
        expected = [row for row, group in enumerate(groups.tolist()) if sizes[group] > size]
        assert rows_in_groups_larger_than(groups, size).tolist() == expected
    assert rows_in_groups_larger_than(np.array([], dtype="int64"), 1).tolist() == []
