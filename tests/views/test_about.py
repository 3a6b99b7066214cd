"""说明's view model, built without Streamlit."""

from lib.core.settings import DEFAULT_DATA_DIR
from lib.store.folder import open_data_folder
from lib.views import about


def test_the_about_model_has_the_inputs_the_manifest_and_the_versions(demo_view):
    folder = open_data_folder(DEFAULT_DATA_DIR)
    page = about.build(folder, demo_view, demo_view, "zh", "linear")
    assert page.tolerance == "5%" and page.at_risk == "0.9"
    assert len(page.inputs) >= len(demo_view.catalogue.targets) and page.inputs_csv.startswith(b"\xef\xbb\xbf")
    assert page.manifest is not None and demo_view.provenance.snapshot_id in set(page.manifest.iloc[:, 1])
    assert page.citations is None and page.in_use == ""  # the demo snapshot cites nothing
    assert set(page.versions) == {"version", "plotly", "pandas"}


def test_without_a_snapshot_the_about_model_has_the_method_but_no_inputs():
    folder = open_data_folder(DEFAULT_DATA_DIR)
    page = about.build(folder, None, None, "en", "linear")
    assert page.inputs is None and page.manifest is None and not page.legend.empty
