"""Helpers for Streamlit AppTest page tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from lib.core.settings import DEFAULT_DATA_DIR, REPO_ROOT
from lib.store.demo import AS_OF, SNAPSHOT_ID
from lib.store.snapshots import read_observations, scan_snapshots, write_snapshot

APP = str(REPO_ROOT / "app.py")


def _server_like_pages_manager() -> None:
    """AppTest rebuilds Streamlit's PagesManager before every run, which switches the legacy
    ``pages/`` folder mode back on (a running server leaves it after app.py's first st.navigation
    call). Our pages redirect such runs through app.py with a rerun — and a rerun swallows a button
    click. Keep the mode off, as on a server, so clicks reach the page."""
    from streamlit.runtime.pages_manager import PagesManager

    if getattr(PagesManager.__init__, "_server_like", False):
        return
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    init._server_like = True
    PagesManager.__init__ = init


_server_like_pages_manager()


def run_app(page: str | None = None, timeout: float = 60, **query: str) -> AppTest:
    """Run app.py (optionally switch to ``pages/<page>.py``) with the given URL parameters."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for name, value in query.items():
        at.query_params[name] = value
    if page:  # open the page's URL directly, as a link would
        at.switch_page(f"pages/{page}.py")
    return at.run()


def blocks(node, prefix: str = "") -> list:
    """Every keyed container under ``node`` whose key starts with ``prefix`` (depth first)."""
    found = []
    for child in getattr(node, "children", {}).values():
        key = getattr(child, "key", None)
        if key and key.startswith(prefix) and getattr(child, "type", None) == "flex_container":
            found.append(child)
        found.extend(blocks(child, prefix))
    return found


def block(at: AppTest, key: str):
    matches = [b for b in blocks(at.main, key) if b.key == key]
    assert len(matches) == 1, f"{key}: {len(matches)} containers"
    return matches[0]


def warnings(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


def texts(node) -> str:
    """All text under a node as a reader sees it (headings, markdown with its escapes and invisible
    word joiners removed, captions, alerts, metrics)."""
    parts = []
    for kind in ("header", "subheader", "markdown", "caption", "warning", "info", "error", "success"):
        parts.extend(str(element.value).replace("\\", "").replace("\u2060", "") for element in node.get(kind))
    for metric in node.get("metric"):
        parts.append(f"{metric.label} {metric.value}")
    return "\n".join(parts)


def data_folder(tmp_path: Path, *, snapshots: bool = True) -> Path:
    """A copy of the repo's data folder (catalogue, regions, policy docs; the demo snapshot if asked)."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(DEFAULT_DATA_DIR / "regions.csv", folder / "regions.csv")
    shutil.copytree(DEFAULT_DATA_DIR / "catalogue", folder / "catalogue")
    shutil.copytree(DEFAULT_DATA_DIR / "policy-docs", folder / "policy-docs")
    (folder / "snapshots").mkdir()
    if snapshots:
        shutil.copytree(DEFAULT_DATA_DIR / "snapshots" / SNAPSHOT_ID, folder / "snapshots" / SNAPSHOT_ID)
    return folder


def add_earlier_snapshot(folder: Path, snapshot_id: str = "2026-09-30-demo", as_of=None, demo: bool = True) -> None:
    """A second snapshot: the demo data cut at the end of September 2026."""
    ref = scan_snapshots(DEFAULT_DATA_DIR / "snapshots")[0][0]
    frame = read_observations(ref)
    frame = frame[frame["period"] < pd.Timestamp("2026-10-01")]
    write_snapshot(
        folder / "snapshots",
        frame,
        snapshot_id=snapshot_id,
        as_of=as_of or AS_OF.replace(month=9, day=30),
        title="示例数据（九月）",
        publisher="test",
        source="test",
        license="CC0",
        demo=demo,
    )
