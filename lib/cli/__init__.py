"""cli — the data maintainers' command (python -m lib.cli), for scheduled jobs; imports every stage below it (core … briefing), never Streamlit."""
