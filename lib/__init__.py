"""Skills Policy Progress Dashboard — everything that is not a page.

``lib`` is stage packages, each importing only the stages before it in ``STAGES`` (the data flow of
docs/ARCHITECTURE.md: files → readers and validators → tidy frames → engine → figures and tables →
pages). Only ``lib.ui`` imports Streamlit. tests/test_architecture.py holds both rules.
"""

__version__ = "0.2.0"

STAGES = ("core", "reference", "store", "progress", "charts", "upload", "views", "briefing", "cli", "ui")
