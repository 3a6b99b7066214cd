"""charts — plotly figures and the overview's SVG sparklines; imports core, reference, store, progress."""
