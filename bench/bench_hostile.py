"""Hostile uploads against the running app (issue #23): each file within the upload limit must be
read or refused within 15 s and 500 MB of extra server memory, and while it is read another
session's Overview must stay within 2× its idle time — the idle Overview is the baseline, measured
in the same run.

The app is started as the browser benchmarks start it (bench/app_server.py: demo data, its own empty
database, no sign-in, so the visitor is the analyst who may upload). For every file: a session
opens the Upload page and uploads it as a browser does (bench/streamlit_client.py); the time is from
sending the file to the end of that run (read, or refused with its message). Meanwhile another
client opens the Overview in a fresh session again and again, and the server's resident memory is
sampled every 50 ms. Medians over --runs uploads of each file.

    python -m bench.bench_hostile [--runs 3] [--only TEXT]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.app_server import start_dashboard  # noqa: E402
from bench.server_stats import rss_mb  # noqa: E402
from bench.streamlit_client import Session, page_view  # noqa: E402
from tests.upload.hostile_files import long_field_csv, many_cells_xlsx, wide_header_csv  # noqa: E402
from tests.upload.test_big_files import records_file  # noqa: E402

BUDGET_SECONDS, BUDGET_EXTRA_MB, BUDGET_OVERVIEW_RATIO = 15.0, 500.0, 2.0


def files() -> dict[str, bytes]:
    legit = "省份,月份,指标,人数\n" + "".join(
        f"广东,2026-{m:02d},新培育高技能领军人才,{50 + m}\n" for m in range(1, 11)
    )
    deep = "省份,人数\n" + "广东,1\n" * 300_000 + '江苏,"' + "x" * (3 << 20) + '"\n'
    return {
        "baseline: a small real table (.csv)": legit.encode(),
        "9 million one-digit cells (.xlsx, 0.3 MB)": many_cells_xlsx(60_000),
        "just under the cell limit: 495,000 cells (.xlsx as Excel writes it)": many_cells_xlsx(3_300, dimension=True),
        "247,500 cells without <dimension> (.xlsx)": many_cells_xlsx(1_650),
        "a header of a million columns (.csv, 2 MB)": wide_header_csv(),
        "one cell of 140 KB (.csv)": long_field_csv(),
        "one cell of 3 MB deep in a 5 MB file (.csv)": deep.encode(),
        # bigger than 16 MB: staged by DuckDB (the engine path), bounded by the same clock
        "1.35 million records, 110 MB (.csv, staged and counted by DuckDB)": records_file(1_350_000),
        "12 million two-cell rows, 108 MB (.csv)": ("省份,人数\n" + "广东,1\n" * 12_000_000).encode(),
    }


async def overview_loop(url: str, stop: asyncio.Event, times: list[float]) -> None:
    while not stop.is_set():
        session, result = await page_view(url, read_timeout=120)
        times.append(result.seconds)
        await session.close()


async def sample_rss(pid: int, stop: asyncio.Event, peak: list[float]) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], rss_mb(pid))
        await asyncio.sleep(0.05)


async def idle_overview(url: str, runs: int) -> float:
    times = []
    for _ in range(runs + 2):
        session, result = await page_view(url, read_timeout=120)
        times.append(result.seconds)
        await session.close()
    return statistics.median(times[2:])


async def one_upload(url: str, pid: int, name: str, data: bytes) -> tuple[float, float, list[float], str]:
    uploader = Session(url, read_timeout=300)
    await uploader.connect("upload", "")
    await uploader.run(page="upload", query="")
    await asyncio.sleep(1.0)
    before = rss_mb(pid)
    stop, times, peak = asyncio.Event(), [], [before]
    tasks = [asyncio.create_task(overview_loop(url, stop, times)), asyncio.create_task(sample_rss(pid, stop, peak))]
    started = time.perf_counter()
    result = await uploader.upload("upload-file", name, data)
    seconds = time.perf_counter() - started
    stop.set()
    await asyncio.gather(*tasks)  # the Overview in flight when the upload ended counts too
    outcome = "refused" if any("拒绝" in text or "无法作为表格读取" in text for text in result.texts) else "read"
    if result.exceptions:
        outcome = "EXCEPTION " + result.exceptions[0][:80]
    await uploader.close()
    return seconds, peak[0] - before, times, outcome


async def main(runs: int, only: str = "") -> int:
    server = start_dashboard()
    pid = server.process.pid
    failed = False
    try:
        idle = await idle_overview(server.url, 7)
        print(f"Overview, idle (baseline): median {idle * 1000:.0f} ms over 7 fresh sessions")
        print(f"{'file':52} {'outcome':8} {'seconds':>8} {'extra MB':>9} {'Overview ×idle':>15}")
        for name, data in files().items():
            if only not in name:
                continue
            seconds, extra, ratios = [], [], []
            outcome = ""
            for run in range(runs):
                took, grew, times, outcome = await one_upload(server.url, pid, f"hostile-{run}{_suffix(name)}", data)
                seconds.append(took)
                extra.append(grew)
                ratios.append(statistics.median(times) / idle if times else float("nan"))
                await asyncio.sleep(1.0)
            row = (statistics.median(seconds), max(extra), statistics.median(ratios))
            over = (
                row[0] > BUDGET_SECONDS
                or row[1] > BUDGET_EXTRA_MB
                or row[2] > BUDGET_OVERVIEW_RATIO
                or outcome.startswith("EXCEPTION")
            )
            failed |= over
            print(
                f"{name:52} {outcome:8} {row[0]:8.1f} {row[1]:9.0f} {row[2]:15.2f}" + ("  OVER BUDGET" if over else "")
            )
        print(
            f"budget: ≤ {BUDGET_SECONDS:g} s, ≤ {BUDGET_EXTRA_MB:g} MB extra (the worst of the runs), "
            f"Overview ≤ {BUDGET_OVERVIEW_RATIO:g}× idle (median of each run's median)"
        )
    finally:
        server.stop()
    return 1 if failed else 0


def _suffix(name: str) -> str:
    return ".xlsx" if ".xlsx" in name else ".csv"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="only the files whose description holds this text")
    arguments = parser.parse_args()
    sys.exit(asyncio.run(main(arguments.runs, arguments.only)))
