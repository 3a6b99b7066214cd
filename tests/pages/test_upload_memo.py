"""What the Upload page keeps between reruns (lib.ui.context.remember_in_session: a memo of the
session's own, keyed on every argument) is never another upload's: not another person's file of
the same name, not a guess made without (or with) someone's own indicators, not the result of the
mapping as it was before an edit."""

from lib.reference.own import OwnIndicator
from lib.ui import keys, upload_page
from lib.views import upload as upload_view
from tests.apptest import run_app
from tests.pages.test_upload_page import metrics, upload

NAME = "报表.csv"  # everyone's file has the same name
ONE_ROW = "省份,月份,指标,人数\n广东,2026-10,新培育高技能领军人才,50\n".encode()
TWO_ROWS = ONE_ROW + "江苏,2026-10,新培育高技能领军人才,60\n".encode()
OWN_SERIES = "省份,月份,城乡就业培训人数\n广东,2026-10,50\n江苏,2026-10,60\n".encode()


def rows_read(at) -> str:
    return metrics(at)["读取的数据行"]


def with_own_indicator(at):
    """This session has defined the own indicator 城乡就业培训人数 (as the 目标清单 page would)."""
    at.session_state[keys.OWN_INDICATORS] = [OwnIndicator.new("城乡就业培训人数", "人", "flow").to_dict()]
    return at


def test_two_sessions_with_a_file_of_the_same_name_never_get_each_others_result():
    """Failed with the file keyed by its name alone (``UploadedFile.memo_key`` without the digest):
    the second file of the session was shown the first one's rows — and, with the memo made
    process-wide as well, the second person was shown the first person's."""
    mine = upload(run_app("upload"), NAME, ONE_ROW)
    theirs = upload(run_app("upload"), NAME, TWO_ROWS)
    assert not mine.exception and not theirs.exception
    assert rows_read(mine) == "1" and rows_read(theirs) == "2"
    assert rows_read(mine.run()) == "1"  # after the other's upload, still one's own
    upload(mine, NAME, TWO_ROWS)  # the same name again, other content, in the same session
    assert rows_read(mine) == "2"
    upload(theirs, NAME, ONE_ROW)
    assert rows_read(theirs) == "1"


def test_two_sessions_with_different_own_indicators_never_get_each_others_guess():
    """Failed with the catalogue keyed without its indicators (``Catalogue.memo_key`` over the
    targets alone): the guess made before the own indicator was defined was put in the widgets after
    it — and, with the memo made process-wide as well, the other person's guess was."""
    plain = upload(run_app("upload"), NAME, OWN_SERIES)
    own = upload(with_own_indicator(run_app("upload")), NAME, OWN_SERIES)
    assert not plain.exception and not own.exception
    # without it the column is a new own indicator of the file (one series); with it, the defined one
    assert plain.selectbox(key="map-shape").value == "long"
    assert own.selectbox(key="map-shape").value == "wide_indicator"
    assert plain.run().selectbox(key="map-shape").value == "long"
    # the first person defines the indicator too, leaves the page and comes back with the same file
    with_own_indicator(plain).switch_page("pages/overview.py").run()
    plain.switch_page("pages/upload.py").run()
    upload(plain, NAME, OWN_SERIES)
    assert plain.selectbox(key="map-shape").value == "wide_indicator"


def test_a_changed_mapping_is_checked_again_not_served_the_old_result():
    """Failed with ``Mapping.memo_key`` leaving out ``region``: with the region column unset the page
    still showed the two rows accepted with it."""
    at = upload(run_app("upload"), NAME, TWO_ROWS)
    assert metrics(at)["接受的观测值"] == "2"
    at.selectbox(key="map-region").set_value("").run()
    assert not at.exception
    assert metrics(at)["接受的观测值"] == "0" and metrics(at)["被拒绝的行"] == "1"
    at.selectbox(key="map-region").set_value("省份").run()
    assert metrics(at)["接受的观测值"] == "2"


def test_a_confirmed_upload_replaced_by_another_file_of_the_same_name_is_the_one_every_page_shows():
    """The view over the confirmed rows is kept in the session keyed on their content: failed with
    ``ConfirmedRows.memo_key`` the file's name alone (the overview kept the first file's figure)."""
    from lib.core.formatting import format_quantity
    from lib.core.settings import DEFAULT_DATA_DIR
    from lib.progress.dataview import snapshot_view
    from lib.store.folder import open_data_folder
    from tests.apptest import block, texts

    folder = open_data_folder(DEFAULT_DATA_DIR)
    view = snapshot_view(folder, folder.snapshot(None))
    before = view.progress()["private_enterprise_training"].actual
    october = view.store.stored_series("private_enterprise_trainees", "440000")[-1]
    at = run_app("upload")
    for trainees in (50000, 60000):
        data = f"省份,月份,指标,人次\n广东,2026-10,公共实训基地培训民营企业员工,{trainees}\n".encode()
        upload(at, NAME, data)
        at.radio(key="upload-mode").set_value("merge").run()
        at.button(key="upload-confirm").click().run()
        at.switch_page("pages/overview.py").run()
        shown = format_quantity(before - october + trainees, "人次", "zh")
        assert shown in texts(block(at, "kpi-private_enterprise_training")), trainees
        at.switch_page("pages/upload.py").run()


def test_the_files_description_is_made_once_per_read_mapping_and_language_in_each_session(monkeypatch):
    """Failed with the page calling ``describe`` itself, outside the memo: every rerun (a click, a
    widget touched anywhere on the page) described the file again."""
    made = []
    describe = upload_view.describe

    def counted(table, mapping, *, name, lang):
        made.append(lang)
        return describe(table, mapping, name=name, lang=lang)

    monkeypatch.setattr(upload_view, "describe", counted)  # the page's and the checked view's
    monkeypatch.setattr(upload_page, "describe", counted, raising=False)  # the kept description's
    mine = upload(run_app("upload"), NAME, TWO_ROWS)
    assert not mine.exception and made
    once = len(made)  # the description, and the checked view's own (kept as well)
    mine.run().run()
    assert len(made) == once  # reruns with the same file, mapping and language: nothing described again
    theirs = upload(run_app("upload"), NAME, TWO_ROWS)  # another session, the same file and language
    assert not theirs.exception
    assert len(made) == 2 * once  # described again for that session: never shared
    theirs.run()
    assert len(made) == 2 * once
    theirs.radio(key="lang").set_value("en").run()  # another language: described in it
    assert not theirs.exception and made[2 * once :] == ["en"] * once
    mine.selectbox(key="map-region").set_value("").run()  # another mapping: described again
    assert not mine.exception and len(made) > 3 * once
    again = len(made)
    mine.run()
    assert len(made) == again
