"""progress — the progress engine and what derives from it (data views, trajectories, reference targets, drill-down, statuses); imports core, reference, store."""
