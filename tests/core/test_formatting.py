import pytest

from lib.core.formatting import format_number, format_percent, format_points, format_quantity


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (15000, "1.5万", "15,000"),
        (1_000_000, "100万", "1 million"),
        (40_000_000, "4,000万", "40 million"),
        (12058, "1.21万", "12,058"),
        (42_110_289, "4,211万", "42.11 million"),
        (123_000_000, "1.23亿", "123 million"),
        (9, "9", "9"),
        (9900, "9,900", "9,900"),
        (0, "0", "0"),
        (2.5, "2.5", "2.5"),
        (1.5e9, "15亿", "1.5 billion"),
    ],
)
def test_numbers_read_the_chinese_way_and_the_english_way(value, zh, en):
    assert format_number(value, "zh") == zh and format_number(value, "en") == en


def test_units_and_scaled_units():
    assert format_quantity(15000, "人次", "zh") == "1.5万人次"
    assert format_quantity(15000, "人次", "en") == "15,000 person-times"
    assert format_quantity(1.8e7, "万元", "zh") == "1,800亿元"
    assert format_quantity(4530, "亿美元", "en") == "453 billion USD"
    assert format_quantity(29.64, "%", "zh") == "29.6%"
    assert format_quantity(None, "人", "zh") == "—"


def test_percent_and_points():
    assert format_percent(0.8523) == "85.2%" and format_percent(None) == "—"
    assert format_points(-14.06, "zh") == "−14.1 个百分点" and format_points(3.2, "en") == "+3.2 pp"


def test_counts_of_people_are_whole_numbers_even_when_projected():
    """Was: a projection read "12,768.35 person-times" (issue #22)."""
    assert format_quantity(12768.35, "人次", "en") == "12,768 person-times"
    assert format_quantity(9876.5, "人", "zh") == "9,877人"
    assert format_quantity(127683.5, "人次", "zh") == "12.77万人次"
    assert format_quantity(12.35, "元", "en") == "12.35 yuan"  # money keeps its decimals


@pytest.mark.parametrize(
    ("value", "unit", "en"),
    [
        (12059, "人次", "12.1k person-times"),
        (785393, "人次", "785.4k person-times"),
        (42_060_000, "人", "42.06 million persons"),
        (9900, "人次", "9,900 person-times"),
    ],
)
def test_headline_numbers_have_a_short_english_form(value, unit, en):
    """Was: "12,059 perso···" cut in a card; the short form is as long as the Chinese 1.21万人次."""
    assert format_quantity(value, unit, "en", compact=True) == en
    assert format_quantity(value, unit, "zh", compact=True) == format_quantity(value, unit, "zh")
