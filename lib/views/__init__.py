"""views — one module per page (named as the page) building its tables and figures, and the URL state; imports every stage below it (core … upload)."""

from lib.views.about import indicator_table, inputs_table, program_table, status_legend
from lib.views.admin import audit_table, role_source, rules_table, users_table
from lib.views.data import default_pair, manifest_table, status_moves
from lib.views.overview import actual_text, status_table
from lib.views.programs import (
    annual_years,
    breakdown_frame,
    breakdown_table,
    category_label,
    contributions,
    contributions_table,
    members_table,
    path_figure,
    years_figure,
)
from lib.views.provinces import (
    BASIS_KEYS,
    ProvinceTarget,
    hover_text,
    metric_label,
    monthly_table,
    province_target_table,
    province_targets,
    reference_note,
    tile_rows,
)
from lib.views.review import default_snapshot_id, publication_as_of, scope_label, submission_option
from lib.views.targets import filter_rows, programs_without_targets, target_rows
from lib.views.upload import TEMPLATES, problem_table, template_csv
from lib.views.url_state import PARAMS, Notice, encode, parse
from lib.views.workspace import format_time, item_detail, submission_state

__all__ = [
    "BASIS_KEYS",
    "PARAMS",
    "TEMPLATES",
    "Notice",
    "ProvinceTarget",
    "actual_text",
    "annual_years",
    "audit_table",
    "breakdown_frame",
    "breakdown_table",
    "category_label",
    "contributions",
    "contributions_table",
    "default_pair",
    "default_snapshot_id",
    "encode",
    "filter_rows",
    "format_time",
    "hover_text",
    "indicator_table",
    "inputs_table",
    "item_detail",
    "manifest_table",
    "members_table",
    "metric_label",
    "monthly_table",
    "parse",
    "path_figure",
    "problem_table",
    "program_table",
    "programs_without_targets",
    "province_target_table",
    "province_targets",
    "publication_as_of",
    "reference_note",
    "role_source",
    "rules_table",
    "scope_label",
    "status_legend",
    "status_moves",
    "status_table",
    "submission_option",
    "submission_state",
    "target_rows",
    "template_csv",
    "tile_rows",
    "users_table",
    "years_figure",
]
