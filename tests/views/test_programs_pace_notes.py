"""A target whose figure is only an estimate opens on the Programs page: the engine's pace note
``estimate`` was looked up as a note on the pace method (``programs.estimate``, no such key) and the
page showed Streamlit's error instead (the 2026-02-06-published snapshot's share of skilled workers)."""

from lib.core.settings import DEFAULT_DATA_DIR
from lib.progress.dataview import snapshot_view
from lib.store.folder import open_data_folder
from lib.views import programs
from tests.apptest import run_app

SNAPSHOT, PROGRAM, TARGET = "2026-02-06-published", "skills_china_action", "skilled_share_of_employed"


def test_an_estimate_only_target_is_built_with_the_pace_it_used():
    folder = open_data_folder(DEFAULT_DATA_DIR)
    view = snapshot_view(folder, folder.snapshot(SNAPSHOT))
    assert view.progress("linear")[TARGET].pace_note == "estimate"
    state = {"program": PROGRAM, "target": TARGET, "year": None}
    assert programs.build(view, state, (), "zh", "linear").caption.endswith("判断依据：直线进度")
    assert programs.build(view, state, (), "en", "linear").caption.endswith("linear pace")


def test_the_programs_page_opens_on_an_estimate_only_target():
    at = run_app("programs", snap=SNAPSHOT, program=PROGRAM, target=TARGET)
    assert not at.exception
