"""Skills Policy Progress Dashboard — everything that is not a page.

Plain Python, importable and testable without a browser; only ``lib.ui`` touches Streamlit.
"""

__version__ = "0.1.0"
