"""The problems of an own-targets file read once are said in the language the person reads now: the
file is read once (a rerun must not add its targets twice), but its problems were kept as the
words of the language it was read in, and stayed Chinese after switching to English."""

from lib.upload.own_targets import template_csv
from tests.apptest import block, run_app, texts


def test_an_own_targets_files_problems_follow_the_language():
    at = run_app("targets")
    bad = template_csv().decode("utf-8-sig").replace("广东", "广栋").encode()
    at.file_uploader(key="own-targets-file").set_value(("bad.csv", bad, "text/csv")).run()
    assert "没有“广栋”这个省级单位" in texts(block(at, "own-targets-file-errors"))
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    errors = texts(block(at, "own-targets-file-errors"))
    assert "广栋" in errors and "没有" not in errors and "省级单位" not in errors, errors
