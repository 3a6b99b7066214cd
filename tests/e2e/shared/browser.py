"""A Streamlit server on a free port and Debian's Chromium driven by Playwright.

Shared by the end-to-end tests and the benchmarks. Follows Streamlit's own e2e tests: wait on
``/_stcore/health``, then on the app's connected / not-running state. Every request a page makes
to a host other than the app's own is recorded (and refused), so a test can fail on it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from deploy.cluster import free_port, streamlit_command

REPO = Path(__file__).resolve().parents[3]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Officials' intranet desktops often have no colour-emoji font: the tests' browser has none either
# (fontconfig rejects any installed), so an emoji anywhere would show as an empty box here too.
NO_EMOJI_FONTS = ("*Emoji*", "*emoji*", "*Symbola*")


def no_emoji_fontconfig(folder: Path) -> Path:
    """A fontconfig file: the system's fonts without any colour-emoji font."""
    folder.mkdir(parents=True, exist_ok=True)
    rejected = "".join(f"<glob>{pattern}</glob>" for pattern in NO_EMOJI_FONTS)
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <selectfont><rejectfont>{rejected}</rejectfont></selectfont>\n"
        f"  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return config


def chromium_path() -> str | None:
    """Debian's Chromium (Playwright cannot download its own browser here)."""
    configured = os.environ.get("CHROMIUM_PATH") or os.environ.get("BROWSER_PATH")
    if configured and Path(configured).exists():
        return configured
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_server(
    script: str = "app.py", *, env: dict | None = None, log_dir: Path | None = None, cwd: Path = REPO
) -> Server:
    port = free_port()
    log = (log_dir or Path(os.environ.get("TMPDIR", "/tmp"))) / f"streamlit-{port}.log"
    command = streamlit_command(script, port)
    process = subprocess.Popen(
        command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.read().decode() == "ok":
                    return Server(url, process, log)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"streamlit did not become healthy:\n{log.read_text()}")


@dataclass
class RequestGuard:
    """Records (and aborts) every request to a host that is not the app's own."""

    foreign: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        def handle(route):
            host = urlparse(route.request.url).hostname
            if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
                route.continue_()
            else:
                self.foreign.append(route.request.url)
                route.abort()

        context.route("**/*", handle)


@contextmanager
def guarded_page(browser, width: int = 1366, height: int = 768, **options):
    """A page in a fresh zh-CN context of that size; on leaving, fails if it asked another host for anything."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN", **options)
    guard = RequestGuard()
    guard.attach(context)
    try:
        yield context.new_page()
    finally:
        context.close()
    assert guard.foreign == [], f"requests to other hosts: {guard.foreign}"


@contextmanager
def browser_session():
    """Debian's Chromium, headless, seeing no colour-emoji font."""
    import tempfile

    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError("no chromium found")
    with tempfile.TemporaryDirectory(prefix="e2e-fonts-") as folder, sync_playwright() as playwright:
        env = {**os.environ, "FONTCONFIG_FILE": str(no_emoji_fontconfig(Path(folder)))}
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS, env=env)
        try:
            yield browser
        finally:
            browser.close()


def wait_for_app(page, timeout: int = 30000) -> None:
    """Connected and not running: the script has finished; then no HTTP request for 500 ms, so
    lazily loaded element code (selectboxes, tables) and font slices have arrived and drawn."""
    page.wait_for_timeout(150)
    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(
        state="attached", timeout=timeout
    )
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=timeout
    )
    page.wait_for_load_state("networkidle", timeout=timeout)


def wait_for_charts(page, expected: int | None = None, timeout: int = 30000) -> int:
    """Every plotly chart on the page (at least ``expected`` of them) has drawn its traces."""
    page.wait_for_function(
        """(expected) => {
            const charts = Array.from(document.querySelectorAll("[data-testid='stPlotlyChart']"));
            return charts.length >= (expected || 0) && charts.every(c => c.querySelector('svg.main-svg g.trace'));
        }""",
        arg=expected,
        timeout=timeout,
    )
    return page.locator("[data-testid='stPlotlyChart']").count()


def open_page(page, url: str, charts: int = 0) -> None:
    """Go to ``url`` and wait until the app is idle and ``charts`` plotly charts are drawn."""
    page.goto(url)
    wait_for_app(page)
    if charts:
        wait_for_charts(page, charts)


def choose_option(page, key: str, text: str, attempts: int = 3) -> None:
    """Pick the option holding ``text`` in the selectbox ``key`` by typing it, as a person does in a
    long list. The app is let settle first; if a rerun closed the list before the option showed
    (seen on a loaded CI machine), the list is closed and the typing done again — the option
    itself must still appear, or the last attempt fails."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    picker = page.locator(f".st-key-{key} input")
    option = page.get_by_role("option").filter(has_text=text).first
    for attempt in range(attempts):
        wait_for_app(page, timeout=120000)
        picker.click()
        picker.fill(text)
        try:
            option.wait_for(timeout=20000 if attempt < attempts - 1 else 60000)
        except PlaywrightTimeout:  # the last attempt raises it
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")
            continue
        option.click()
        wait_for_app(page, timeout=120000)
        return
