"""Every ``st.session_state`` key the app keeps between runs, named once.

Widgets' own keys (``map-shape``, ``upload-file`` …) stay beside their widgets; these are the slots
that code of one module writes and another reads.
"""

VIEW = "view"  # the view state a link reproduces (lang, snap, target, region …)
CONTEXT = "_ctx"  # the Context app.py built for this run
URL_NOTICES = "_url_notices"  # link parameters ignored on the first run, shown once
UPLOAD = "upload"  # the confirmed upload: frame, mode, name, digest
UPLOAD_MERGE = "_upload_merge"  # how the upload was merged over the snapshot
UPLOAD_GUESSED = "_upload_guessed"  # the file whose guessed mapping is in the widgets
RECORD_SOURCE = "_record_source"  # the record-level source in force on the Upload page (DuckDB file or warehouse table)
RECORD_FOLDER = "_record_folder"  # the folder of this session's copy of a big record-level file
RECORD_CANCELLED = "_record_cancelled"  # the key of the record-level source whose counting the person cancelled
RECORD_TOKEN = "_record_token"  # held only here: when the session's state goes, the copy goes (lib/ui/records.py)
RECORD_CHOICE = "_record_choice"  # (connection, table, order column) the person chose to read
UPLOAD_SHEET = "upload-sheet"  # the chosen sheet of a workbook (a widget's key, read before it is drawn)
OWN_INDICATORS = "own_indicators"  # an analyst's own indicators: a list of OwnIndicator.to_dict()
OWN_TARGETS = "own_targets"  # an analyst's own targets: a list of OwnTarget.to_dict()
OWN_FLASH = "_own_flash"  # a message about an own target, shown once after the rerun
OWN_FILES_READ = "_own_files_read"  # own-target files already read: digest -> (added, problems)
LAST_MAP_CLICK = "_last_tile_click"  # the map selection already acted on
PRESENT_TOGGLE = "present"  # the presentation-mode toggle (a widget's key, cleared on exit)
SESSION_MEMO = "_session_memo"  # results kept for this session only (lib.ui.context.remember_in_session)
SIGNED_IN_AS = "_signed_in_as"  # the person this session's saved work was put back for
BRIEF_SAVED = "_brief_saved"  # the briefing as last saved in the database
SHORT_LINK = "_short_link"  # (the view, its short id) made in the copy-link popover
WORKSPACE_DONE = "_workspace_done"  # the message of the workspace action just done, shown once
REVIEW_DONE = "_review_done"  # the message of the publication just done, shown once
STORE_PROBLEM = "_store_problem"  # the database could not be reached when this session started
FOLLOWUP_DRAFT = "_followup_draft"  # (target, region) of the alert whose 督办 form is open
FOLLOWUP_DONE = "_followup_done"  # the message of the follow-up action just done, shown once
RECOVERY_CHECKED = "_recovery_checked"  # the newest snapshot this session has checked for recoveries
SUBSCRIPTION_DONE = "_subscription_done"  # the message of the subscription change just made, shown once
NOTE_DONE = "_note_done"  # the message of the note just added or removed, shown once
