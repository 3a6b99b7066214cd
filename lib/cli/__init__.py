"""cli — the data maintainers' command (python -m lib.cli), for scheduled jobs; imports every stage below it (core … briefing), never Streamlit."""

from lib.cli.main import COMMANDS, main, parser
from lib.cli.monthly import (
    ReportJob,
    choose_snapshot,
    open_folder,
    prepare_report,
    write_atomically,
)
from lib.cli.options import BilingualHelp, add_common, bilingual, both, say
from lib.cli.snapshot import from_records, open_source, register

__all__ = [
    "COMMANDS",
    "BilingualHelp",
    "ReportJob",
    "add_common",
    "bilingual",
    "both",
    "choose_snapshot",
    "from_records",
    "main",
    "open_folder",
    "open_source",
    "parser",
    "prepare_report",
    "register",
    "say",
    "write_atomically",
]
