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


@dataclass(frozen=True)
class AlertThresholds:
    """三色预警: green when pace >= ``green``, yellow when pace >= ``yellow``, red below (docs/method.md)."""

    green: float = 1.0
    yellow: float = 0.9


def alert_thresholds() -> AlertThresholds:
    """``$DASHBOARD_ALERT_GREEN_PACE`` / ``$DASHBOARD_ALERT_YELLOW_PACE``; yellow defaults to the
    engine's at-risk pace, so one setting moves both the status word and the colour."""
    yellow = os.environ.get("DASHBOARD_ALERT_YELLOW_PACE", "").strip() or progress_settings().at_risk_pace
    green = os.environ.get("DASHBOARD_ALERT_GREEN_PACE", "").strip() or AlertThresholds.green
    thresholds = AlertThresholds(green=float(green), yellow=float(yellow))
    if not 0 < thresholds.yellow <= thresholds.green:
        raise ValueError(f"alert thresholds must satisfy 0 < yellow <= green, got {thresholds}")
    return thresholds


@dataclass(frozen=True)
class SmtpSettings:
    """Where report e-mails go out: a relay of the intranet (docs/deployment.md)."""

    host: str
    port: int
    security: str  # none | starttls | ssl
    user: str
    password: str
    sender: str
    timeout: float


def smtp_settings() -> SmtpSettings | None:
    """``$DASHBOARD_SMTP_*``; None when no host is configured (e-mail delivery is then refused)."""
    host = os.environ.get("DASHBOARD_SMTP_HOST", "").strip()
    if not host:
        return None
    security = os.environ.get("DASHBOARD_SMTP_SECURITY", "starttls").strip().lower()
    if security not in ("none", "starttls", "ssl"):
        raise ValueError(f"DASHBOARD_SMTP_SECURITY must be none, starttls or ssl, not {security!r}")
    default_port = {"none": 25, "starttls": 587, "ssl": 465}[security]
    return SmtpSettings(
        host=host,
        port=int(os.environ.get("DASHBOARD_SMTP_PORT", "").strip() or default_port),
        security=security,
        user=os.environ.get("DASHBOARD_SMTP_USER", ""),
        password=os.environ.get("DASHBOARD_SMTP_PASSWORD", ""),
        sender=os.environ.get("DASHBOARD_SMTP_FROM", "").strip() or f"dashboard@{host}",
        timeout=float(os.environ.get("DASHBOARD_SMTP_TIMEOUT", "").strip() or 30),
    )


@dataclass(frozen=True)
class DeliverySettings:
    """How hard a report delivery is tried before it is reported as failed."""

    attempts: int = 3
    backoff_seconds: float = 2.0  # doubled after each failed attempt
    webhook_timeout: float = 15.0


def delivery_settings() -> DeliverySettings:
    """``$DASHBOARD_DELIVERY_ATTEMPTS``, ``$DASHBOARD_DELIVERY_BACKOFF``, ``$DASHBOARD_WEBHOOK_TIMEOUT``."""
    return DeliverySettings(
        attempts=max(1, int(os.environ.get("DASHBOARD_DELIVERY_ATTEMPTS", "").strip() or DeliverySettings.attempts)),
        backoff_seconds=float(
            os.environ.get("DASHBOARD_DELIVERY_BACKOFF", "").strip() or DeliverySettings.backoff_seconds
        ),
        webhook_timeout=float(
            os.environ.get("DASHBOARD_WEBHOOK_TIMEOUT", "").strip() or DeliverySettings.webhook_timeout
        ),
    )


def robots_file() -> Path | None:
    """The TOML file naming the WeCom/DingTalk group robots (``$DASHBOARD_ROBOTS_FILE``), if any."""
    configured = os.environ.get("DASHBOARD_ROBOTS_FILE", "").strip()
    return Path(configured).expanduser() if configured else None


def mail_domains() -> tuple[str, ...]:
    """The e-mail domains an admin allows report subscriptions to (``$DASHBOARD_MAIL_DOMAINS``,
    comma-separated, e.g. ``mohrss.gov.cn,hrss.gd.gov.cn``; a domain's subdomains too). Unset: a
    signed-in person may subscribe only their own address (their user id, when it is one)."""
    raw = os.environ.get("DASHBOARD_MAIL_DOMAINS", "")
    return tuple(part.strip().lower().lstrip("@") for part in raw.split(",") if part.strip())


def mail_limit() -> int:
    """How many different e-mail addresses one person may have reports sent to
    (``$DASHBOARD_MAIL_LIMIT``, default 5)."""
    return max(1, int(os.environ.get("DASHBOARD_MAIL_LIMIT", "").strip() or 5))


def public_url() -> str:
    """The dashboard's address as readers open it (``$DASHBOARD_PUBLIC_URL``), for links in reports."""
    return os.environ.get("DASHBOARD_PUBLIC_URL", "").strip()


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


DEFAULT_UPLOAD_DUCKDB_MEMORY = "128MB"


def upload_duckdb_memory_limit() -> str:
    """The same for a file uploaded on the Upload page (``$DASHBOARD_UPLOAD_DUCKDB_MEMORY``; default
    128MB): the server is shared, and an upload may take at most ~500 MB of it in all (issue #23) —
    Streamlit holds the uploaded bytes already, so DuckDB spills early rather than crowd the others
    (bench_hostile's 110 MB record file: 556 MB extra at 256MB, 476 MB at 128MB; decision 0080)."""
    return os.environ.get("DASHBOARD_UPLOAD_DUCKDB_MEMORY", "").strip() or DEFAULT_UPLOAD_DUCKDB_MEMORY


def secrets_files() -> list[Path]:
    """Where warehouse connections (``[connections.<name>]``) are configured, in the order Streamlit
    reads them: the user's ``~/.streamlit/secrets.toml``, then ``.streamlit/secrets.toml`` in the
    working folder (its entries win)."""
    return [Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml"]
