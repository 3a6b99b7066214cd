import csv

import pytest

from lib.core.settings import DEFAULT_DATA_DIR
from lib.reference.regions import (
    NATIONAL_CODE,
    XPCC_CODE,
    RegionError,
    RegionRegistry,
    default_registry,
    normalize_region,
    registry_for,
)


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("广东", "440000"),
        ("广东省", "440000"),
        ("廣東", "440000"),
        ("廣東省", "440000"),
        ("粤", "440000"),
        ("Guangdong", "440000"),
        ("GUANGDONG", "440000"),
        (" 广东省 ", "440000"),
        ("\u3000广东\u3000", "440000"),
        ("guang_dong", "440000"),
        ("440000", "440000"),
        ("44", "440000"),
        ("Guangdong Province", "440000"),
        ("内蒙古自治区", "150000"),
        ("內蒙古自治區", "150000"),
        ("内蒙古", "150000"),
        ("nei_meng_gu", "150000"),
        ("Inner Mongolia", "150000"),
        ("新疆维吾尔自治区", "650000"),
        ("新疆維吾爾自治區", "650000"),
        ("兵团", XPCC_CODE),
        ("新疆生产建设兵团", XPCC_CODE),
        ("新疆生產建設兵團", XPCC_CODE),
        ("XPCC", XPCC_CODE),
        ("广西壮族自治区", "450000"),
        ("宁夏回族自治区", "640000"),
        ("西藏自治区", "540000"),
        ("Tibet", "540000"),
        ("Xizang", "540000"),
        ("Shanxi", "140000"),
        ("Shaanxi", "610000"),
        ("陕西", "610000"),
        ("山西", "140000"),
        ("北京市", "110000"),
        ("京", "110000"),
        ("沪", "310000"),
        ("滬", "310000"),
        ("渝", "500000"),
        ("黑龙江省", "230000"),
        ("黑龍江", "230000"),
        ("hei_long_jiang", "230000"),
        ("Chongqing", "500000"),
        ("全国", NATIONAL_CODE),
    ],
)
def test_every_spelling_maps_to_its_code(spelling, code):
    assert normalize_region(spelling) == code


def test_unknown_name_fails_with_a_suggestion():
    with pytest.raises(RegionError) as caught:
        normalize_region("广栋省")
    assert caught.value.reason == "unknown" and "440000" in caught.value.candidates
    assert "是否指" in caught.value.text("zh") and "Did you mean" in caught.value.text("en")


def test_ambiguous_pinyin_is_refused_with_both_candidates():
    with pytest.raises(RegionError) as caught:
        normalize_region("shan_xi_1")
    assert caught.value.reason == "ambiguous" and set(caught.value.candidates) == {"140000", "610000"}


@pytest.mark.parametrize("place", ["香港", "澳門", "台湾省", "Hong Kong", "xiang_gang", "tai_wan"])
def test_places_outside_the_32_units_say_so(place):
    with pytest.raises(RegionError) as caught:
        normalize_region(place)
    assert caught.value.reason == "out_of_scope"


@pytest.mark.parametrize("empty", ["", "  ", None])
def test_empty_name(empty):
    with pytest.raises(RegionError) as caught:
        normalize_region(empty)
    assert caught.value.reason == "empty"


def test_the_32_units_and_their_groupings():
    registry = default_registry()
    assert len(registry.units) == 32 and registry.by_code[XPCC_CODE].short_zh == "兵团"
    assert all(len(unit.abbr) == 1 for unit in registry.units)
    assert [len(registry.members(f"belt:{belt}")) for belt in ("east", "central", "west")] == [11, 8, 13]
    assert [len(registry.members(f"nbs:{r}")) for r in ("east", "central", "west", "northeast")] == [10, 6, 13, 3]
    assert {u.short_zh for u in registry.members("fund_east")} == {
        "北京",
        "上海",
        "江苏",
        "浙江",
        "福建",
        "山东",
        "广东",
    }
    assert len(registry.members("belt_midwest")) == 21
    tiles = [(unit.tile_x, unit.tile_y) for unit in registry.units]
    assert None not in sum(tiles, ()) and len(set(tiles)) == 32


def test_a_tiles_short_name_is_the_iso_code_in_english(tmp_path):
    """ISO 3166-2:CN for the 31 provinces (unique, unlike pinyin initials: 河北/湖北, 河南/湖南); the
    Corps, which has none, keeps "XPCC"; a data folder's regions.csv without the column still loads."""
    registry = default_registry()
    shorts = {unit.tile_name("en") for unit in registry.units}
    assert len(shorts) == 32 and all(len(short) <= 4 for short in shorts)
    assert registry.by_code["440000"].tile_name("en") == "GD" and registry.by_code["440000"].tile_name("zh") == "广东"
    assert registry.by_code[XPCC_CODE].tile_name("en") == "XPCC"
    old = tmp_path / "regions.csv"
    with (
        (DEFAULT_DATA_DIR / "regions.csv").open(encoding="utf-8", newline="") as source,
        old.open("w", encoding="utf-8", newline="") as copy,
    ):
        rows = list(csv.DictReader(source))
        writer = csv.DictWriter(copy, [name for name in rows[0] if name != "iso_3166_2"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    assert RegionRegistry.from_csv(old).by_code["440000"].tile_name("en") == "Guangdong"


def test_a_regions_file_changed_on_disk_is_read_again(tmp_path):
    """Failed with ``registry_for`` an ``lru_cache`` keyed by the path alone: a running server kept
    serving the regions file as it was when first read."""
    path = tmp_path / "regions.csv"
    text = (DEFAULT_DATA_DIR / "regions.csv").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    first = registry_for(path)
    assert first.by_code["440000"].name_en == "Guangdong"
    assert registry_for(path) is first  # unchanged: parsed once
    path.write_text(text.replace(",Guangdong,", ",Kwangtung,"), encoding="utf-8")
    assert registry_for(path).by_code["440000"].name_en == "Kwangtung"
    assert registry_for(path).normalize("Kwangtung") == "440000"
