"""目标清单's view model, built without Streamlit."""

from lib.core.settings import DEFAULT_DATA_DIR
from lib.store.folder import open_data_folder
from lib.views import targets


def test_the_targets_model_lists_every_target_filters_them_and_finds_a_quote_in_its_text(demo_view):
    folder = open_data_folder(DEFAULT_DATA_DIR)
    catalogue = folder.catalogue
    page = targets.build(folder, catalogue, demo_view, "zh", "linear")
    assert len(page.rows) == len(catalogue.targets) and set(page.status_labels) >= {"on_track", "no_data"}
    program = next(iter(page.program_labels))
    shown = targets.build_list(folder, catalogue, demo_view, (program,), (), (), "zh", "linear")
    assert 0 < len(shown.table) == len(catalogue.targets_of(program)) and shown.csv.startswith(b"\xef\xbb\xbf")
    assert not [c for c in shown.table.columns if c.startswith("_")]
    assert set(shown.choices) == {t.id for t in catalogue.targets_of(program)}
    nothing = targets.build_list(folder, catalogue, demo_view, (program,), (), ("no_such_status",), "zh", "linear")
    assert nothing.table.empty and len(nothing.choices) == len(catalogue.targets)  # every quote still offered
    official = next(t for t in catalogue.targets if t.official)
    quote = targets.build_quote(folder, catalogue, official.id, "zh")
    assert quote.found is not None and quote.found.quote and quote.official


def test_without_a_snapshot_every_target_is_listed_without_data():
    folder = open_data_folder(DEFAULT_DATA_DIR)
    page = targets.build(folder, folder.catalogue, None, "en", "linear")
    assert set(page.rows["_status"]) == {"no_data"}
