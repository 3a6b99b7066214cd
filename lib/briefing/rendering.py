"""Plotly figures -> PNG on the server, with kaleido driving Debian's Chromium (``BROWSER_PATH``).

Offline on purpose: MathJax (which kaleido would fetch from a CDN) is off, plotly.js comes from the
installed plotly package, and the browser gets a fontconfig file that adds the bundled Noto Sans SC
Core font, so Chinese renders the same as on screen even on a server without CJK fonts.
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import plotly.graph_objects as go

from lib.core import settings
from lib.core.settings import REPO_ROOT

FONT_DIR = REPO_ROOT / "static" / "fonts" / "noto-sans-sc"


class RenderError(RuntimeError):
    """No browser to render with, or the browser failed."""


def browser_path() -> str:
    """The configured Chromium (``lib.core.settings.browser_path``), or a RenderError saying what to install."""
    path = settings.browser_path()
    if not path:
        raise RenderError("no Chromium found: install Debian's chromium or set BROWSER_PATH")
    return path


@functools.cache
def fontconfig_file() -> str:
    """A fontconfig file: the system's fonts plus the bundled one. Made once per process in a
    private new folder (``/tmp`` may be shared, and another checkout's file would name its fonts),
    removed when the process ends."""
    folder = Path(tempfile.mkdtemp(prefix="skills-dashboard-fontconfig-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{FONT_DIR}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return str(config)


def render_png(figures: list[tuple[go.Figure, int, int]], scale: float = 2.0) -> list[bytes]:
    """PNG bytes of each (figure, width, height), rendered in one browser session."""
    if not figures:
        return []
    import kaleido  # heavy optional dependency (~0.1 s to import): loaded only when a PNG is rendered

    os.environ["FONTCONFIG_FILE"] = fontconfig_file()
    path = browser_path()

    async def run() -> list[bytes]:
        async with kaleido.Kaleido(n=1, mathjax=False, path=path, timeout=60) as renderer:
            images = []
            for figure, width, height in figures:
                images.append(
                    await renderer.calc_fig(
                        figure, opts={"format": "png", "width": width, "height": height, "scale": scale}
                    )
                )
            return images

    try:  # in a thread of its own: the caller's thread may already run an event loop (Playwright, Tornado)
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(lambda: asyncio.run(run())).result()
    except Exception as error:  # kaleido and choreographer raise many kinds
        raise RenderError(f"chart rendering failed: {type(error).__name__}: {error}") from error
