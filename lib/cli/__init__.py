"""cli — the data maintainers' command (python -m lib.cli), for scheduled jobs; imports every stage below it (core … briefing), never Streamlit."""

from lib.cli.main import COMMANDS, main, parser
from lib.cli.options import BilingualHelp, add_common, bilingual, both, say
from lib.cli.snapshot import from_records, open_source, register

__all__ = [
    "COMMANDS",
    "BilingualHelp",
    "add_common",
    "bilingual",
    "both",
    "from_records",
    "main",
    "open_source",
    "parser",
    "register",
    "say",
]
