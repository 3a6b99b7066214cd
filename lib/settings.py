"""Where the data live and the few numbers a deployment may tune.

Everything is read from the environment so an intranet deployment can point the app at its
own data folder without editing code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / "data"


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
