"""briefing — briefing views and their .pptx / .html / .pdf; imports every stage below it (core … views)."""
