"""What the 三色预警 costs: every target × region's colour with its months held (the engine re-run
back along the snapshot's monthly history, per item until its run is settled), next to the floor
measured alternately in the same run — one evaluation of every target and every mapped province
as of one date, which is what a page already does. Also the report (text and .docx) once the
alerts are known. Medians of --runs on fresh data views (nothing memoised), and the ratio.

    python -m bench.bench_alerts [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(task) -> float:
    started = time.perf_counter()
    task()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from lib.briefing.report import build_report
    from lib.briefing.report_docx import report_docx
    from lib.core.settings import DEFAULT_DATA_DIR
    from lib.progress.alerts import alerts
    from lib.progress.changes import comparison
    from lib.progress.dataview import DataView
    from lib.progress.drilldown import mappable_targets, province_results
    from lib.store.folder import Provenance, open_data_folder
    from lib.store.observations import ObservationStore
    from lib.store.snapshots import read_observations

    folder = open_data_folder(DEFAULT_DATA_DIR)
    ref = folder.snapshot(None)
    frame = read_observations(ref)
    store = ObservationStore(frame, folder.catalogue, folder.regions)
    provenance = Provenance.of(ref)

    def fresh() -> DataView:
        return DataView(provenance, store)

    def one_date() -> None:
        view = fresh()
        view.progress()
        for target in mappable_targets(view):
            province_results(view, target, "linear")

    def with_alerts() -> None:
        alerts(fresh())

    def report_files() -> None:
        view = fresh()
        compared = comparison(view, None)
        alerts(view), alerts(compared.view)
        started = time.perf_counter()
        report_docx(build_report(view, comparison=compared))
        times["report text + .docx (alerts known)"].append(time.perf_counter() - started)

    tasks = {"floor: every target and province, one date": one_date, "alerts with months held": with_alerts}
    times: dict[str, list[float]] = {name: [] for name in [*tasks, "report text + .docx (alerts known)"]}
    for round_number in range(args.runs + 1):
        for name, task in tasks.items():
            elapsed = timed(task)
            if round_number:
                times[name].append(elapsed)
        if round_number:
            report_files()
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:45s} median {1000 * value:8.1f} ms  (runs: {', '.join(f'{1000 * v:.0f}' for v in times[name])})")
    floor = medians["floor: every target and province, one date"]
    print(f"alerts / floor: {medians['alerts with months held'] / floor:.1f}x (the months walked back, per item)")


if __name__ == "__main__":
    main()
