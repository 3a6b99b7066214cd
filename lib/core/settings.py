"""Where the data live and the few numbers a deployment may tune: every ``DASHBOARD_*`` variable
(and ``BROWSER_PATH``) is read here and nowhere else.

Read from the environment on each call, so an intranet deployment can point the app at its own
data folder without editing code, and a test can set a variable for one run.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = REPO_ROOT / "data"
DEFAULT_MAX_UPLOAD_MB = 120  # the same as server.maxUploadSize in .streamlit/config.toml


def data_dir() -> Path:
    """The data folder: ``$DASHBOARD_DATA_DIR`` if set, else the repo's ``data/``."""
    configured = os.environ.get("DASHBOARD_DATA_DIR", "").strip()
    return Path(configured).expanduser().resolve() if configured else DEFAULT_DATA_DIR


@dataclass(frozen=True)
class ProgressSettings:
    """Thresholds of the progress method (DESIGN.md §5); shown on the About page."""

    at_risk_pace: float = 0.9  # pace >= this (but < 1) is 'at_risk'
    approx_tolerance: float = 0.05  # '左右' targets count as achieved within 5 % below T


def progress_settings() -> ProgressSettings:
    return ProgressSettings(
        at_risk_pace=float(os.environ.get("DASHBOARD_AT_RISK_PACE", ProgressSettings.at_risk_pace)),
        approx_tolerance=float(os.environ.get("DASHBOARD_APPROX_TOLERANCE", ProgressSettings.approx_tolerance)),
    )


def max_upload_mb() -> int:
    """The largest upload accepted, in MB (``$DASHBOARD_MAX_UPLOAD_MB``)."""
    return int(os.environ.get("DASHBOARD_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB))


def snapshot_saving_allowed() -> bool:
    """Whether the Upload page may write an upload as a new snapshot (``DASHBOARD_ALLOW_SAVE=1``)."""
    return os.environ.get("DASHBOARD_ALLOW_SAVE", "") == "1"


def browser_path() -> str | None:
    """The Chromium that renders charts and prints PDFs: ``$BROWSER_PATH``, else the first of
    chromium, chromium-browser, google-chrome on ``PATH``; None when there is none."""
    configured = os.environ.get("BROWSER_PATH", "").strip()
    return configured or shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
