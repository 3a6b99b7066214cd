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


AUTH_MODES = ("none", "proxy", "oidc")


def auth_mode() -> str:
    """Who is looking: ``none`` (single user, the default), ``proxy`` (identity headers from a trusted
    single-sign-on proxy) or ``oidc`` (``st.login``) — ``$DASHBOARD_AUTH``."""
    mode = os.environ.get("DASHBOARD_AUTH", "").strip().lower() or "none"
    if mode not in AUTH_MODES:
        raise ValueError(f"DASHBOARD_AUTH={mode!r}: expected one of {', '.join(AUTH_MODES)}")
    return mode


def roles_file() -> Path | None:
    """The TOML file mapping users and groups to a role and scope (``$DASHBOARD_ROLES_FILE``)."""
    configured = os.environ.get("DASHBOARD_ROLES_FILE", "").strip()
    return Path(configured).expanduser().resolve() if configured else None


def proxy_secret() -> str:
    """The shared secret the proxy adds to every request (``$DASHBOARD_PROXY_SECRET``); empty = not checked."""
    return os.environ.get("DASHBOARD_PROXY_SECRET", "")


@dataclass(frozen=True)
class IdentityHeaders:
    """The request headers a trusted proxy sets (``$DASHBOARD_USER_HEADER`` … to rename them)."""

    user: str = "X-Remote-User"
    name: str = "X-Remote-Name"
    groups: str = "X-Remote-Groups"  # comma-separated
    secret: str = "X-Proxy-Secret"


def identity_headers() -> IdentityHeaders:
    default = IdentityHeaders()
    return IdentityHeaders(
        user=os.environ.get("DASHBOARD_USER_HEADER", "").strip() or default.user,
        name=os.environ.get("DASHBOARD_NAME_HEADER", "").strip() or default.name,
        groups=os.environ.get("DASHBOARD_GROUPS_HEADER", "").strip() or default.groups,
        secret=os.environ.get("DASHBOARD_SECRET_HEADER", "").strip() or default.secret,
    )


def state_dir() -> Path:
    """Where the embedded database lives: ``$DASHBOARD_STATE_DIR``, else ``state/`` beside ``data/``."""
    configured = os.environ.get("DASHBOARD_STATE_DIR", "").strip()
    return Path(configured).expanduser().resolve() if configured else REPO_ROOT / "state"


def database_url() -> str:
    """The database of what people create: ``$DASHBOARD_DATABASE_URL`` (e.g.
    ``postgresql+psycopg://dashboard@db/dashboard``), else a SQLite file in the state folder."""
    configured = os.environ.get("DASHBOARD_DATABASE_URL", "").strip()
    return configured or f"sqlite:///{state_dir() / 'dashboard.db'}"


def browser_path() -> str | None:
    """The Chromium that renders charts and prints PDFs: ``$BROWSER_PATH``, else the first of
    chromium, chromium-browser, google-chrome on ``PATH``; None when there is none."""
    configured = os.environ.get("BROWSER_PATH", "").strip()
    return configured or shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


DEFAULT_DUCKDB_MEMORY = "2GB"


def duckdb_memory_limit() -> str:
    """How much memory the embedded DuckDB may use for a record-level file before it spills to disk
    (``$DASHBOARD_DUCKDB_MEMORY``, e.g. ``2GB``, ``500MB``; default 2GB)."""
    return os.environ.get("DASHBOARD_DUCKDB_MEMORY", "").strip() or DEFAULT_DUCKDB_MEMORY


def secrets_files() -> list[Path]:
    """Where warehouse connections (``[connections.<name>]``) are configured, in the order Streamlit
    reads them: the user's ``~/.streamlit/secrets.toml``, then ``.streamlit/secrets.toml`` in the
    working folder (its entries win)."""
    return [Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml"]
