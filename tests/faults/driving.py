"""Driving a live server as browser tabs do, over Streamlit's WebSocket protocol
(bench/streamlit_client.py), from tests that may also hold a Playwright browser."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor


def run(coroutine):
    """Run a client scenario in a thread of its own: the browser tests' Playwright keeps an event
    loop running in the main thread for the whole session."""
    with ThreadPoolExecutor(1) as worker:
        return worker.submit(asyncio.run, coroutine).result()
