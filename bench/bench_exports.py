"""Time to produce a five-view briefing's slides (.pptx) and PDF, as a presenter's click does.

Each file is made from scratch (charts rendered with kaleido in Debian's Chromium, then the deck
assembled or the page printed by headless Chromium). Next to each, in the same run and
alternately, the floor: the unavoidable browser work for one tiny chart (kaleido) or one tiny
page (print to PDF). Medians of --runs, their ratio, and the budget (≤ 10 s each) are printed.
The first round warms imports and the disk cache and is not counted.

    python -m bench.bench_exports [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BRIEF = "overview,provinces.leading_talent.440000,programs.private_enterprise_training,programs.new_skilled_workers,provinces.private_enterprise_training.510000"
BUDGET_S = 10.0


def timed(task) -> float:
    started = time.perf_counter()
    task()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import plotly.graph_objects as go

    from lib.briefing.build import build_briefing
    from lib.briefing.document import html_to_pdf
    from lib.briefing.rendering import render_png
    from lib.briefing.views import parse_brief
    from lib.core.settings import DEFAULT_DATA_DIR
    from lib.progress.dataview import snapshot_view
    from lib.store.folder import open_data_folder

    folder = open_data_folder(DEFAULT_DATA_DIR)
    view = snapshot_view(folder, folder.snapshot(None))
    specs, ignored = parse_brief(BRIEF, view.catalogue, view.store.regions)
    assert len(specs) == 5 and not ignored, ignored

    tasks = {
        "pptx": lambda: build_briefing(view, specs, "linear", "zh", kinds=("pptx",)),
        "pdf": lambda: build_briefing(view, specs, "linear", "zh", kinds=("pdf",)),
        "all three (the button)": lambda: build_briefing(view, specs, "linear", "zh"),
        "floor: one tiny chart": lambda: render_png([(go.Figure(go.Bar(x=[1], y=[1])), 200, 150)]),
        "floor: print one tiny page": lambda: html_to_pdf("<!DOCTYPE html><html><body>x</body></html>"),
    }
    times: dict[str, list[float]] = {name: [] for name in tasks}
    for round_number in range(args.runs + 1):
        for name, task in tasks.items():
            seconds = timed(task)
            if round_number:  # round 0 warms up
                times[name].append(seconds)
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"five-view briefing ({BRIEF}); medians of {args.runs} runs")
    for name, values in times.items():
        print(f"  {name:28s} median {median[name]:5.2f} s  (runs: {', '.join(f'{v:.2f}' for v in values)})")
    chart_floor, print_floor = median["floor: one tiny chart"], median["floor: print one tiny page"]
    for kind, floor in (("pptx", chart_floor), ("pdf", chart_floor + print_floor)):
        verdict = "OK" if median[kind] <= BUDGET_S else "OVER BUDGET"
        print(
            f"{kind}: median {median[kind]:.2f} s, ratio to the floor {median[kind] / floor:.1f}×, budget ≤ {BUDGET_S:.0f} s: {verdict}"
        )


if __name__ == "__main__":
    main()
