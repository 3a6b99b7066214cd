"""core — settings (every DASHBOARD_* read), words and numbers in both languages, months, Chinese text; imports nothing of lib."""

from lib.core import settings
from lib.core.allocator import MMAP_THRESHOLD_BYTES, TOP_PAD_BYTES, keep_freed_memory
from lib.core.chinese import clean_policy_text, match_key, to_simplified
from lib.core.formatting import (
    base_unit,
    format_exact,
    format_number,
    format_percent,
    format_percent_value,
    format_points,
    format_quantity,
    unit_label,
    unit_text,
)
from lib.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, LocalizedError, normalize_language, pick, strings, t
from lib.core.periods import (
    add_months,
    format_month,
    last_complete_month,
    month_end,
    month_range,
    month_start,
    months_between,
    parse_month,
)
from lib.core.settings import (
    DEFAULT_DATA_DIR,
    DEFAULT_MAX_UPLOAD_MB,
    REPO_ROOT,
    ProgressSettings,
    browser_path,
    data_dir,
    max_upload_mb,
    progress_settings,
    snapshot_saving_allowed,
)
from lib.core.totals import TOTAL_WORDS

__all__ = [
    "DEFAULT_DATA_DIR",
    "DEFAULT_LANGUAGE",
    "DEFAULT_MAX_UPLOAD_MB",
    "LANGUAGES",
    "MMAP_THRESHOLD_BYTES",
    "REPO_ROOT",
    "TOP_PAD_BYTES",
    "TOTAL_WORDS",
    "LocalizedError",
    "ProgressSettings",
    "add_months",
    "base_unit",
    "browser_path",
    "clean_policy_text",
    "data_dir",
    "format_exact",
    "format_month",
    "format_number",
    "format_percent",
    "format_percent_value",
    "format_points",
    "format_quantity",
    "keep_freed_memory",
    "last_complete_month",
    "match_key",
    "max_upload_mb",
    "month_end",
    "month_range",
    "month_start",
    "months_between",
    "normalize_language",
    "parse_month",
    "pick",
    "progress_settings",
    "settings",
    "snapshot_saving_allowed",
    "strings",
    "t",
    "to_simplified",
    "unit_label",
    "unit_text",
]
