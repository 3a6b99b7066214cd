"""数据's view model, built without Streamlit."""

from lib.core.settings import DEFAULT_DATA_DIR
from lib.store.folder import open_data_folder
from lib.views import data


def test_the_data_model_lists_the_snapshots_pairs_two_and_offers_the_data_in_force(demo_view):
    folder = open_data_folder(DEFAULT_DATA_DIR)
    page = data.build(folder, demo_view, None, "zh")
    assert page.snapshot_ids == tuple(ref.id for ref in folder.snapshots) and page.current == page.snapshot_ids[0]
    assert len(page.manifests) == len(folder.snapshots)
    assert page.older is None and "示例" in page.no_same_kind  # the only demo: never set against published
    assert page.own is None and page.figures is None  # the demo snapshot: no own indicators, no citations
    assert page.name == demo_view.provenance.snapshot_id and len(page.frame) == len(demo_view.store.frame)
    assert page.full_csv().startswith(b"\xef\xbb\xbf") and page.full_parquet()[:4] == b"PAR1"


def test_the_data_model_of_published_figures_carries_their_citations():
    from lib.progress.dataview import snapshot_view

    folder = open_data_folder(DEFAULT_DATA_DIR)
    published = next(ref for ref in folder.snapshots if ref.manifest.has_citations)
    page = data.build(folder, snapshot_view(folder, published), published.id, "en")
    assert page.current == published.id and page.figures is not None and not page.citations.frame.empty
    assert page.figures.filename == f"{published.id}-figures.csv" and page.citations.csv
