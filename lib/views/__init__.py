"""views — one module per page (named as the page) building its tables and figures, and the URL state; imports every stage below it (core … upload)."""
