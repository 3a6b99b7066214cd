"""The URL state: valid codes accepted, the rest reported, defaults left out."""

from lib.views.url_state import Notice, encode, parse


def test_url_state_accepts_valid_codes_and_reports_the_rest():
    accepted, notices = parse(
        {"lang": "en", "region": "440000", "snap": "gone", "x": "1"},
        {"lang": ("zh", "en"), "region": {"440000"}, "snap": set()},
    )
    assert accepted == {"lang": "en", "region": "440000"}
    assert notices == [Notice("snap", "gone"), Notice("x", "1")]
    assert encode(
        {"lang": "zh", "region": "440000", "pace": "linear", "snap": None}, {"lang": "zh", "pace": "linear"}
    ) == {"region": "440000"}
    assert list(encode({"pace": "seasonal", "lang": "en", "region": "1", "target": "t"}, {})) == [
        "lang",
        "target",
        "region",
        "pace",
    ]
