"""The sidebar's snapshot picker shows its whole label (issue #22: it read "2026-10-31-demo · 示例（默认…"
at 1366×768): the picker's one line names the snapshot, the words it has no room for are a caption under it."""

import pytest

from lib.core.settings import DEFAULT_DATA_DIR
from lib.store.folder import open_data_folder
from lib.ui.controls import snapshot_label, snapshot_words
from tests.apptest import blocks, run_app, texts

# The longest label that fits the sidebar's picker at 0.8 rem (measured in Chromium at 1366×768: the
# input is 206 px, a Latin character ~7.1 px, a CJK one 12.8 px — counted as two).
FITS = 28


def width(text: str) -> int:
    return sum(1 if ord(character) < 0x2E80 else 2 for character in text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_snapshot_label_is_short_and_demo_data_are_labelled(lang):
    folder = open_data_folder(DEFAULT_DATA_DIR)
    labels = {ref.id: snapshot_label(folder, ref.id, lang) for ref in folder.snapshots}
    assert all(width(label) <= FITS for label in labels.values()), labels
    assert labels["2026-10-31-demo"] == ("2026-10-31-demo · 示例" if lang == "zh" else "2026-10-31-demo")
    assert labels["2026-02-06-published"] == ("2026-02-06-published · 公开" if lang == "zh" else "2026-02-06-published")


def test_the_words_under_the_picker_say_what_the_label_leaves_out():
    folder = open_data_folder(DEFAULT_DATA_DIR)
    assert snapshot_words(folder, "2026-10-31-demo", "zh") == "示例数据（演示用，非官方统计） · 默认打开 · 最新"
    assert (
        snapshot_words(folder, "2026-10-31-demo", "en")
        == "Demo data (not official statistics) · opens by default · newest"
    )
    published = snapshot_words(folder, "2026-02-06-published", "zh")
    assert published.startswith("公开发布的全国数据") and published.endswith(" · 每个数字注明出处")
    assert "默认" not in published


def test_the_sidebar_shows_the_chosen_snapshot_in_words():
    at = run_app()
    assert "示例数据（演示用，非官方统计） · 默认打开 · 最新" in texts(blocks(at.sidebar, "snapshot-words")[0])
    (picker,) = [box for box in at.sidebar.selectbox if box.key == "snap"]
    assert picker.format_func(picker.value) == "2026-10-31-demo · 示例"
