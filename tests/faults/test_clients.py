"""Clients that misbehave: 1,000 reruns in a row from one tab, and a tab that reads its socket
slowly. Other people's pages keep coming, the server's memory stays bounded, and the busy tab
ends on the page it asked for with its choices intact."""

from __future__ import annotations

import asyncio
import base64
import os
import time
import urllib.parse

import pytest

from bench.server_stats import rss_mb
from bench.streamlit_client import BackMsg, Session, WidgetState
from tests.faults.driving import run

RERUNS = 1000


async def other_people(url: str, seconds: float) -> list[float]:
    """Fresh sessions one after another while the fault goes on: how long each view took."""
    times, deadline = [], time.perf_counter() + seconds
    while not times or time.perf_counter() < deadline:
        session = Session(url)
        started = time.perf_counter()
        await session.connect("provinces", "")
        result = await session.run()
        times.append(time.perf_counter() - started)
        assert not result.exceptions, result.exceptions
        await session.close()
    return times


def test_a_thousand_reruns_in_a_row_end_on_the_page_asked_for_and_others_are_served(live_app):
    async def scenario():
        storm = Session(live_app.url)
        await storm.connect("provinces", "")
        await storm.run()
        region = storm.widgets["region"]
        guangdong = next(option for option in region.options if option.startswith("广东"))
        await storm.choose("region", guangdong)
        memory_before = rss_mb(live_app.process.pid)
        message = BackMsg()
        message.rerun_script.page_name = "provinces"
        message.rerun_script.page_script_hash = storm.pages["provinces"]
        message.rerun_script.widget_states.widgets.append(WidgetState(id=region.id, string_value=guangdong))
        payload = message.SerializeToString()
        others = asyncio.create_task(other_people(live_app.url, 6))
        for _ in range(RERUNS):  # as fast as the socket takes them, without waiting for any run
            await storm.socket.send(payload)
        last = await storm.read_until_finished()  # the runs in between were cut short
        while True:  # nothing more: the storm is over
            try:
                more = await asyncio.wait_for(storm.read_until_finished(), timeout=3)
                last = more
            except TimeoutError:
                break
        times = await others
        assert not last.exceptions
        assert any(text.startswith("广东省 · 详情") for text in last.texts)  # the choice survived
        assert times and max(times) < 15, times  # other people were served all along
        assert rss_mb(live_app.process.pid) - memory_before < 150
        final = await storm.run()
        assert not final.exceptions
        await storm.close()

    run(scenario())


class SlowTab:
    """A WebSocket client written by hand, so it can stop reading: TCP's window fills and the
    server's writes back up, as with a phone on a bad line."""

    def __init__(self, url: str) -> None:
        self.url = urllib.parse.urlparse(url)
        self.reader = self.writer = None

    async def connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.url.hostname, self.url.port)
        key = base64.b64encode(os.urandom(16)).decode()
        self.writer.write(
            (
                "GET /_stcore/stream HTTP/1.1\r\n"
                f"Host: {self.url.netloc}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                "Sec-WebSocket-Protocol: streamlit, none\r\n\r\n"
            ).encode()
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        assert b" 101 " in head.split(b"\r\n")[0], head

    def send(self, payload: bytes) -> None:
        mask = os.urandom(4)
        length = len(payload)
        header = bytes([0x82]) + (
            bytes([0x80 | length]) if length < 126 else bytes([0x80 | 126]) + length.to_bytes(2, "big")
        )
        self.writer.write(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    async def read_slowly(self, seconds: float, chunk: int = 2048) -> int:
        """Read ``chunk`` bytes every 50 ms for ``seconds``; how much arrived (0 after a close)."""
        received, deadline = 0, time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            data = await self.reader.read(chunk)
            if not data:
                break
            received += len(data)
            await asyncio.sleep(0.05)
        return received


@pytest.mark.long
def test_a_slow_client_does_not_hold_up_others_or_grow_the_server_without_bound(live_app):
    async def scenario():
        await other_people(live_app.url, 0.1)  # the server's shared caches filled first
        slow = SlowTab(live_app.url)
        await slow.connect()
        message = BackMsg()
        message.rerun_script.page_name = "provinces"
        message.rerun_script.query_string = "region=440000"
        memory_before = rss_mb(live_app.process.pid)
        for _ in range(60):  # each finished run sends ~0.2 MB the slow tab does not read
            slow.send(message.SerializeToString())
            await slow.writer.drain()
            await asyncio.sleep(0.05)
        times = await other_people(live_app.url, 6)
        grown = rss_mb(live_app.process.pid) - memory_before
        received = await slow.read_slowly(3)
        slow.writer.close()
        assert times and max(times) < 15, times
        assert grown < 50, f"the server grew {grown:.0f} MB for one slow tab"
        assert received > 0  # it is still being served, at its own pace
        healthy = Session(live_app.url)
        await healthy.connect("", "")
        assert not (await healthy.run()).exceptions
        await healthy.close()

    run(scenario())
