"""core — settings (every DASHBOARD_* read), words and numbers in both languages, months, Chinese text, roles and who is looking; imports nothing of lib."""
