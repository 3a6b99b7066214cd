"""ui — imports every stage, the only one importing Streamlit; its face is exactly what pages/ and app.py use."""

from lib.core.roles import AccessDenied
from lib.store.database import StoreUnavailable
from lib.ui import keys
from lib.ui.annotations import notes_on, notes_panel
from lib.ui.compare import compare_panel
from lib.ui.context import (
    bound,
    comparison_of,
    context,
    finish_run,
    page_state,
    pick,
    remember_in_session,
    snapshot_data,
    start_run,
    view_model,
    widget_drawn,
)
from lib.ui.controls import shared_controls
from lib.ui.document import document_setup, reveal_linked
from lib.ui.followups import (
    active_followups,
    alert_triage,
    check_recoveries,
    followup_card,
    last_followup_message,
    newest_alerts,
    report_panel,
)
from lib.ui.identity import allowed, page_denied, roles, scope_name, whoami
from lib.ui.own import own_targets_panel, session_catalogue_of
from lib.ui.persistence import database, keeps_work, needing_database
from lib.ui.present import presentation, sidebar_panel
from lib.ui.records import close_records, warehouse_picker
from lib.ui.review import publish_form
from lib.ui.subscriptions import last_subscription_message, subscription_form, subscription_list
from lib.ui.tables import dataframe
from lib.ui.upload import mapping_editor, units_panel
from lib.ui.upload_page import (
    checked_upload,
    chosen_file,
    clean_downloads,
    confirm_checked,
    confirmed_notice,
    file_description,
    guessed_mapping,
    read_upload,
    upload_summary,
    upload_templates,
)
from lib.ui.widgets import (
    copy_link,
    csv_download,
    evidence,
    figure,
    headline_card,
    hover,
    measure_columns,
    new_map_click,
    own_target_groups,
    own_targets_block,
    page_header,
    provincial_data_or_notice,
    status_badge,
)
from lib.ui.workspace import item_actions, last_action_message
from lib.views.markdown import md_escape

__all__ = [
    "AccessDenied",
    "StoreUnavailable",
    "active_followups",
    "alert_triage",
    "allowed",
    "bound",
    "check_recoveries",
    "checked_upload",
    "chosen_file",
    "clean_downloads",
    "close_records",
    "compare_panel",
    "comparison_of",
    "confirm_checked",
    "confirmed_notice",
    "context",
    "copy_link",
    "csv_download",
    "database",
    "dataframe",
    "document_setup",
    "evidence",
    "figure",
    "file_description",
    "finish_run",
    "followup_card",
    "guessed_mapping",
    "headline_card",
    "hover",
    "item_actions",
    "keeps_work",
    "keys",
    "last_action_message",
    "last_followup_message",
    "last_subscription_message",
    "mapping_editor",
    "md_escape",
    "measure_columns",
    "needing_database",
    "new_map_click",
    "newest_alerts",
    "notes_on",
    "notes_panel",
    "own_target_groups",
    "own_targets_block",
    "own_targets_panel",
    "page_denied",
    "page_header",
    "page_state",
    "pick",
    "presentation",
    "provincial_data_or_notice",
    "publish_form",
    "read_upload",
    "remember_in_session",
    "report_panel",
    "reveal_linked",
    "roles",
    "scope_name",
    "session_catalogue_of",
    "shared_controls",
    "sidebar_panel",
    "snapshot_data",
    "start_run",
    "status_badge",
    "subscription_form",
    "subscription_list",
    "units_panel",
    "upload_summary",
    "upload_templates",
    "view_model",
    "warehouse_picker",
    "whoami",
    "widget_drawn",
]
