"""deploy/nginx/dashboard.conf in a real nginx in front of a real app: sticky route cookie, the replica the
WebSocket names (listed replicas only), the WebSocket through, uploads as big as the app takes, hashed bundles
cached for a year, text gzipped."""

from __future__ import annotations

import re
import urllib.request

import pytest

from bench.streamlit_client import Session, http_request
from deploy.cluster import SITE_CONF, Nginx, free_port
from lib.core.settings import DEFAULT_MAX_UPLOAD_MB
from tests.e2e.shared.browser import start_server
from tests.faults.driving import run


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    app = start_server(log_dir=tmp_path_factory.mktemp("logs"))
    port = int(app.url.rsplit(":", 1)[1])
    front = Nginx(tmp_path_factory.mktemp("nginx"), free_port(), [port])
    front.start()
    yield front
    front.stop()
    app.stop()


@pytest.fixture(scope="module")
def proxied(nginx):
    return nginx.url


def headers(url: str, **sent) -> dict[str, list[str]]:
    request = urllib.request.Request(url, headers=sent)
    with urllib.request.urlopen(request, timeout=30) as response:
        found: dict[str, list[str]] = {}
        for name, value in response.headers.items():
            found.setdefault(name.lower(), []).append(value)
        return found


def test_a_new_browser_gets_a_route_cookie_once(proxied):
    first = headers(proxied + "/")
    route = next(c for c in first["set-cookie"] if c.startswith("dashboard_route="))
    assert "HttpOnly" in route and "Path=/" in route
    again = headers(proxied + "/", Cookie=route.split(";")[0])
    assert not any(c.startswith("dashboard_route=") for c in again.get("set-cookie", []))


def test_the_websocket_names_its_replica_and_a_forged_name_goes_by_the_route(nginx):
    async def scenario():
        session = Session(nginx.url)
        await session.connect("", "")
        assert not (await session.run()).exceptions
        await session.close()
        return session.cookies["dashboard_replica"]

    assert run(scenario()) == f"127.0.0.1:{nginx.replicas[0]}"  # the one replica behind this nginx
    for forged in ("127.0.0.1:9", "example.org:80"):  # not listed in the pins: the upstream group answers
        assert headers(nginx.url + "/_stcore/health", Cookie=f"dashboard_replica={forged}")
    errors = (nginx.folder / "error.log").read_text()
    assert "127.0.0.1:9" not in errors and "example.org" not in errors  # never even tried


def test_hashed_bundles_are_cached_for_a_year_and_text_is_gzipped(proxied):
    with urllib.request.urlopen(proxied + "/", timeout=30) as response:
        page = response.read().decode()
    bundle = re.search(r"static/js/index\.[A-Za-z0-9_-]{8}\.js", page)[0]
    found = headers(f"{proxied}/{bundle}", **{"Accept-Encoding": "gzip"})
    assert found["cache-control"] == ["public, max-age=31536000, immutable"]
    assert found.get("content-encoding") == ["gzip"]
    font = headers(proxied + "/app/static/fonts/noto-sans-sc/noto-sans-sc-core-400-normal.woff2")
    assert found["cache-control"] != font["cache-control"] == ["public, max-age=86400"]
    assert headers(proxied + "/_stcore/health")["cache-control"] == ["no-cache"]  # the app's own, passed through


def test_the_session_and_a_big_upload_go_through(proxied):
    limit = re.search(r"client_max_body_size (\d+)m;", SITE_CONF.read_text())
    assert int(limit[1]) > DEFAULT_MAX_UPLOAD_MB  # the multipart envelope fits too

    async def scenario():
        session = Session(proxied)
        await session.connect("upload", "")
        assert not (await session.run()).exceptions
        rows = "".join(f"广东,2026-{m:02d},新培育高技能领军人才,{i}\n" for i in range(20000) for m in (9, 10))
        data = ("省份,月份,指标,人数\n" + rows).encode()
        assert len(data) > 1 << 20  # nginx's default limit is 1 MB
        result = await session.upload("upload-file", "big.csv", data)
        assert not result.exceptions and "upload-confirm" in session.widgets
        assert await http_request(proxied + "/_stcore/health", session.cookies) == 200
        await session.close()

    run(scenario())
