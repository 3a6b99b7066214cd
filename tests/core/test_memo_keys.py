"""The memo keys of what the Upload and Review pages keep (lib.core.memo.key_of): a mapping by every
field, a file by its content, a read by everything it was made from, a catalogue with the provinces'
own targets, the regions, a database without its password — so a key cannot leave out a part a
result depends on."""

from dataclasses import fields, replace

import pytest

from lib.core.memo import Memo, key_of
from lib.core.settings import DEFAULT_DATA_DIR
from lib.reference.own import OwnIndicator
from lib.reference.regions import RegionRegistry
from lib.store.folder import open_data_folder
from lib.ui.upload_page import UploadedFile, UploadRead
from lib.upload.common import NO_UNIT, ColumnUnit, Mapping
from lib.upload.reader import read_table

# a value for each field of Mapping other than its default: changing any one must change the key
CHANGED = {
    "shape": "records",
    "region": "省份",
    "period": "月份",
    "value": "人数",
    "indicator_column": "指标",
    "indicator": "leading_talent",
    "value_columns": ["1月"],
    "breakdowns": {"类别": "talent_type"},
    "person_id": "身份证号",
    "occupation": "职业",
    "skill_level": "等级",
    "fixed_period": "2026-10",
    "units": {"人数": ColumnUnit("万人", 1e4, "人", "header")},
    "unit_column": "单位",
    "indicators": {"人数": "leading_talent"},
    "own": {"own-1": OwnIndicator.new("城乡就业培训人数", "人", "flow")},
    "indicator_source": "title",
    "indicator_text": "各省领军人才",
    "title_year": 2025,
    "year_to_date": ["1—3月累计"],
    "skipped": {"同比": "change"},
}


def test_every_field_of_a_mapping_is_in_its_key():
    """Fails when Mapping.memo_key leaves a field out (tried: without ``units``, a mapping whose unit
    changed from 人 to 万人 was served the result checked with 人)."""
    base = Mapping()
    assert sorted(CHANGED) == sorted(part.name for part in fields(Mapping)), "a new Mapping field: add it here"
    unchanged = []
    for name, value in CHANGED.items():
        if key_of(replace(base, **{name: value})) == key_of(base):
            unchanged.append(name)
    assert unchanged == []
    assert key_of(Mapping(units={"人数": NO_UNIT})) != key_of(
        Mapping(units={"人数": ColumnUnit("万人", 1e4, "人", "header")})
    )


def test_a_mapping_edited_after_keying_keys_as_it_is_now():
    memo, mapping = Memo(), Mapping(region="省份")
    first = memo.remember(echo, mapping)
    mapping.region = "地区"  # edited in the widgets on the next run
    assert memo.remember(echo, mapping) is not first
    assert memo.remember(echo, Mapping(region="省份")) is first


def echo(*args):
    return list(args)


def test_a_file_is_keyed_by_its_name_and_content_and_a_read_by_all_it_was_made_from():
    data = "省份,月份,指标,人数\n广东,2026-10,新培育高技能领军人才,50\n".encode()
    other = data.replace(b"50", b"51")
    assert key_of(UploadedFile("报表.csv", data)) == key_of(UploadedFile("报表.csv", bytes(data)))
    assert key_of(UploadedFile("报表.csv", data)) != key_of(UploadedFile("报表.csv", other))  # same name
    assert key_of(UploadedFile("报表.csv", data)) != key_of(UploadedFile("报表2.csv", data))
    table = read_table("报表.csv", data)
    read = UploadRead(UploadedFile("报表.csv", data), "", None, 0, None, False, table)
    assert key_of(read) == key_of(replace(read, table=read_table("报表.csv", data)))  # the table is what they read into
    for changed in (
        {"file": UploadedFile("报表.csv", other)},
        {"encoding": "gb18030"},
        {"sheet": "Sheet2"},
        {"header_line": 2},
        {"warehouse": True},
    ):
        assert key_of(replace(read, **changed)) != key_of(read), changed


def test_a_catalogue_keys_with_the_provinces_own_targets():
    """Failed before: the catalogue's digest left out ``provincial``, so a folder whose provincial
    targets file was edited kept its key (and every view over it its kept results)."""
    catalogue = open_data_folder(DEFAULT_DATA_DIR).catalogue
    assert catalogue.provincial
    fewer = replace(catalogue, provincial=catalogue.provincial[1:])
    assert fewer.memo_key != catalogue.memo_key


def test_the_regions_are_in_their_own_key_and_in_the_folders(tmp_path):
    """Failed before: RegionRegistry had no key, and a data folder's key left its regions out."""
    folder = open_data_folder(DEFAULT_DATA_DIR)
    text = (DEFAULT_DATA_DIR / "regions.csv").read_text(encoding="utf-8")
    (tmp_path / "same.csv").write_text(text, encoding="utf-8")
    (tmp_path / "renamed.csv").write_text(text.replace(",广东省,", ",广东,", 1), encoding="utf-8")
    renamed = RegionRegistry.from_csv(tmp_path / "renamed.csv")
    assert renamed.by_code["440000"].name_zh != folder.regions.by_code["440000"].name_zh
    assert key_of(renamed) != key_of(folder.regions)
    assert key_of(RegionRegistry.from_csv(tmp_path / "same.csv")) == key_of(folder.regions)
    assert key_of(replace(folder, regions=renamed)) != key_of(folder)


def test_a_database_is_keyed_without_its_password():
    from sqlalchemy.orm import sessionmaker

    from lib.store.database import Database, make_engine

    url = "postgresql+psycopg://reader:geheim@127.0.0.1:1/dashboard"
    engine = make_engine(url)  # nothing is connected until used
    try:
        key = repr(key_of(Database(url, engine, sessionmaker(engine))))
        assert "geheim" not in key and "reader:***@127.0.0.1:1/dashboard" in key
    finally:
        engine.dispose()


def test_an_unkeyable_table_is_refused_not_left_out():
    table = read_table("报表.csv", "省份,人数\n广东,1\n".encode())
    with pytest.raises(TypeError):
        key_of(table)
