"""Time from navigation to "page fully rendered" in real Chromium, as a ratio to the floor page.

Fully rendered = app connected and not running, no HTTP request for 500 ms, and every plotly
chart drawn. Each load uses a fresh browser context (no cache). The dashboard and the floor
(bench/floor_app.py: one small plotly chart) are served side by side and measured alternately,
so machine noise hits both; medians and their ratio are printed. Also prints the warm script
run time of the overview (AppTest rerun, median).

Then the time from choosing another province (the province selectbox) to the updated detail
in the browser, median over several switches.

    python -m bench.bench_pages [--runs 9] [--pages overview provinces programs]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.app_server import start_dashboard
from tests.e2e.shared.browser import browser_session, start_server, wait_for_app, wait_for_charts

# page -> (url path, plotly charts it draws)
PAGES = {"overview": ("", 0), "provinces": ("provinces", 2), "programs": ("programs", 2)}
BUDGET_SWITCH_S = 1.0
BUDGET_RATIO = 1.3
BUDGET_WARM_MS = 150


def load_time(browser, url: str, charts: int) -> float:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    wait_for_app(page)
    wait_for_charts(page, charts)
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def province_switch_times(browser, url: str, count: int) -> list[float]:
    """Choose one province after another in the selectbox; time until the detail names it."""
    from lib.reference.regions import default_registry

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{url}/provinces?region=110000")
    wait_for_app(page)
    wait_for_charts(page, 3)
    times = []
    for unit in default_registry().units[1 : count + 1]:
        box = page.locator(".st-key-region input")
        started = time.perf_counter()
        box.click()
        box.fill(unit.short_zh)
        page.keyboard.press("Enter")
        page.wait_for_function(
            "name => { const d = document.querySelector('.st-key-province-detail h3'); return d && d.innerText.startsWith(name); }",
            arg=unit.name_zh,
            timeout=30000,
        )
        wait_for_app(page)
        wait_for_charts(page, 3)
        times.append(time.perf_counter() - started)
    context.close()
    return times


def warm_script_ms(runs: int) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60).run()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - started) * 1000)
    assert not at.exception
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=list(PAGES))
    args = parser.parse_args()
    app, floor = start_dashboard(), start_server("bench/floor_app.py")
    try:
        with browser_session() as browser:
            load_time(browser, floor.url, 1)  # one warm-up load each: server caches filled
            for name in args.pages:
                load_time(browser, f"{app.url}/{PAGES[name][0]}", PAGES[name][1])
            results = {name: [] for name in args.pages}
            floor_times = []
            for _ in range(args.runs):
                floor_times.append(load_time(browser, floor.url, 1))
                for name in args.pages:
                    path, charts = PAGES[name]
                    results[name].append(load_time(browser, f"{app.url}/{path}", charts))
            switches = province_switch_times(browser, app.url, args.runs) if "provinces" in args.pages else []
    finally:
        app.stop()
        floor.stop()
    floor_median = statistics.median(floor_times)
    print(f"floor page (one plotly chart): median {floor_median * 1000:.0f} ms over {args.runs} loads")
    failed = False
    for name, times in results.items():
        ratio = statistics.median(times) / floor_median
        failed |= ratio > BUDGET_RATIO
        print(
            f"{name:10s} median {statistics.median(times) * 1000:.0f} ms  ratio to floor {ratio:.2f} (budget ≤ {BUDGET_RATIO})"
        )
    if switches:
        switch = statistics.median(switches)
        failed |= switch > BUDGET_SWITCH_S
        print(
            f"choose another province -> updated detail: median {switch * 1000:.0f} ms over {len(switches)} switches (budget ≤ {BUDGET_SWITCH_S * 1000:.0f} ms)"
        )
    warm = warm_script_ms(args.runs)
    failed |= warm > BUDGET_WARM_MS
    print(
        f"overview warm script run (AppTest rerun, median of {args.runs}): {warm:.0f} ms (budget ≤ {BUDGET_WARM_MS} ms)"
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
