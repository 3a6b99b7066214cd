"""A Streamlit client without a browser: Streamlit's own WebSocket protocol, with the BackMsg and
ForwardMsg protobufs of the installed ``streamlit`` package, as its frontend speaks it.

A session is what a browser tab does on a first visit with its cache warm: GET the page (nginx
sets its sticky-route cookie there; Streamlit its XSRF cookie), ``/_stcore/health`` and
``/_stcore/host-config``, open ``/_stcore/stream`` with the ``streamlit`` subprotocol carrying the
XSRF token (and, on a reconnect, the old session id), send a ``rerun_script`` BackMsg with the
query string and page, and read ForwardMsgs until ``script_finished``. Images the page shows are
fetched from ``/media`` as a browser fetches them. Widgets are found by their user key in the
deltas; choosing an option, pressing a button and uploading a file (``file_urls_request`` →
PUT ``/_stcore/upload_file`` → the uploader's widget state) send what the frontend sends.

Used by bench/bench_views.py, bench/bench_load.py and the fault tests; no Streamlit server code is
imported, only the protobuf classes.
"""

from __future__ import annotations

import asyncio
import http.cookies
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
WIDGETS = ("selectbox", "radio", "button", "file_uploader", "checkbox", "text_input", "number_input")


class ProtocolError(RuntimeError):
    """The server did something a browser would show as a failure (an exception, no finish)."""


@dataclass
class Widget:
    kind: str
    id: str
    options: list[str] = field(default_factory=list)
    disabled: bool = False


@dataclass
class RunResult:
    seconds: float  # from sending the rerun to script_finished
    elements: int
    exceptions: list[str]
    texts: list[str]  # markdown / heading / alert bodies, to check what the page says
    bytes_received: int


async def http_request(
    url: str, cookies: dict[str, str], *, method: str = "GET", headers: dict | None = None, body: bytes = b""
) -> int:
    """One HTTP/1.1 request on its own connection (as many at once as there are users, no thread
    pool in the way); Set-Cookie headers go into ``cookies``. Returns the status."""
    parsed = urllib.parse.urlparse(url)
    reader, writer = await asyncio.open_connection(parsed.hostname, parsed.port or 80)
    try:
        target = parsed.path or "/"
        if parsed.query:
            target += "?" + parsed.query
        lines = [f"{method} {target} HTTP/1.1", f"Host: {parsed.netloc}", "Connection: close"]
        if cookies:
            lines.append(f"Cookie: {cookie_header(cookies)}")
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        if body or method in ("PUT", "POST"):
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        for line in header_lines:
            name, _, value = line.partition(":")
            if name.strip().lower() == "set-cookie":
                keep_cookie(cookies, value)
        await reader.read()  # the body, to the end (Connection: close)
        return int(status_line.split()[1])
    finally:
        writer.close()


def keep_cookie(cookies: dict[str, str], set_cookie: str) -> None:
    """A ``Set-Cookie`` value into the jar (name and value; its attributes are not needed here)."""
    jar = http.cookies.SimpleCookie()
    jar.load(set_cookie.strip())
    cookies.update({key: morsel.value for key, morsel in jar.items()})


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


class Session:
    """One simulated browser tab against ``base_url`` (a Streamlit server or nginx in front)."""

    def __init__(self, base_url: str, *, fetch_media: bool = True, read_timeout: float = 60) -> None:
        self.base_url = base_url.rstrip("/")
        self.cookies: dict[str, str] = {}
        self.headers: dict[str, str] = {}  # sent with every request, e.g. a sign-in proxy's identity headers
        self.session_id = ""
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.widgets: dict[str, Widget] = {}  # user key -> widget of the last run
        self.fetch_media = fetch_media
        self.read_timeout = read_timeout
        self.socket = None
        self.page = ""
        self.query = ""

    # --- connecting ----------------------------------------------------------------------------
    async def connect(self, page: str = "", query: str = "", *, reconnect: bool = False) -> None:
        """The HTTP requests a tab makes before its WebSocket, then the WebSocket itself."""
        self.page, self.query = page, query
        url = f"{self.base_url}/{page}" + (f"?{query}" if query else "")
        for address in (url, f"{self.base_url}/_stcore/health", f"{self.base_url}/_stcore/host-config"):
            status = await http_request(address, self.cookies, headers=self.headers)
            if status != 200:
                raise ProtocolError(f"GET {address} answered {status}")
        parsed = urllib.parse.urlparse(self.base_url)
        scheme = "wss" if parsed.scheme == "https" else "ws"
        protocols = ["streamlit", self.cookies.get("_streamlit_xsrf") or "none"]
        if reconnect and self.session_id:
            protocols.append(self.session_id)
        self.socket = await websockets.connect(
            f"{scheme}://{parsed.netloc}{parsed.path}/_stcore/stream",
            subprotocols=protocols,
            additional_headers={**self.headers, "Cookie": cookie_header(self.cookies)},
            origin=f"{parsed.scheme}://{parsed.netloc}",
            max_size=None,
            open_timeout=30,
            ping_interval=None,
        )
        for value in self.socket.response.headers.get_all("Set-Cookie"):  # browsers keep these too
            keep_cookie(self.cookies, value)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
            self.socket = None

    # --- running the script ------------------------------------------------------------------
    async def run(self, page: str | None = None, query: str | None = None, states: list[WidgetState] = ()) -> RunResult:
        """Send a rerun (a page view, a page switch or a widget change) and wait for its end."""
        if page is not None:
            self.page = page
        if query is not None:
            self.query = query
        message = BackMsg()
        client = message.rerun_script
        client.query_string = self.query
        client.page_name = self.page
        client.page_script_hash = self.pages.get(self.page, "")
        client.widget_states.widgets.extend(states)
        client.context_info.timezone = "Asia/Shanghai"
        client.context_info.timezone_offset = -480
        client.context_info.locale = "zh-CN"
        client.context_info.url = f"{self.base_url}/{self.page}" + (f"?{self.query}" if self.query else "")
        started = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        return await self.read_until_finished(started)

    async def read_until_finished(self, started: float | None = None) -> RunResult:
        started = started or time.perf_counter()
        elements, exceptions, texts, received, media = 0, [], [], 0, []
        self.widgets = {}
        while True:
            data = await asyncio.wait_for(self.socket.recv(), timeout=self.read_timeout)
            received += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.session_id = msg.new_session.initialize.session_id or self.session_id
                self.pages.update({p.url_pathname: p.page_script_hash for p in msg.new_session.app_pages})
            elif kind == "page_info_changed":  # the app wrote its view state into the URL
                self.query = msg.page_info_changed.query_string
            elif kind == "navigation":
                self.pages.update({p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages})
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                elements += 1
                self._note_element(msg.delta.new_element, exceptions, texts, media)
            elif kind == "script_finished":
                if msg.script_finished in FINISHED:
                    break
                if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise ProtocolError("script compile error")
                # FINISHED_EARLY_FOR_RERUN: another run follows (st.rerun, a newer rerun message)
        seconds = time.perf_counter() - started
        if self.fetch_media:
            for address in media:
                status = await http_request(self.base_url + address, self.cookies, headers=self.headers)
                if status != 200:
                    raise ProtocolError(f"GET {address} answered {status}")
        return RunResult(seconds, elements, exceptions, texts, received)

    def _note_element(self, element, exceptions: list, texts: list, media: list) -> None:
        which = element.WhichOneof("type")
        if which == "exception":
            exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif which in ("markdown", "heading", "alert"):
            texts.append(getattr(element, which).body)
        elif which == "imgs":
            media.extend(img.url for img in element.imgs.imgs if img.url.startswith("/"))
        elif which in WIDGETS:
            proto = getattr(element, which)
            self.widgets[_user_key(proto.id) or proto.id] = Widget(
                which, proto.id, list(getattr(proto, "options", [])), bool(getattr(proto, "disabled", False))
            )

    # --- acting like a person ----------------------------------------------------------------
    async def choose(self, key: str, option: str) -> RunResult:
        """Pick ``option`` (as displayed) in the selectbox or radio with user key ``key``."""
        widget = self.widgets[key]
        state = WidgetState(id=widget.id)
        if widget.kind == "radio":
            state.int_value = widget.options.index(option)
        else:
            state.string_value = option
        return await self.run(states=[state])

    async def press(self, key: str) -> RunResult:
        return await self.run(states=[WidgetState(id=self.widgets[key].id, trigger_value=True)])

    async def upload(self, key: str, name: str, data: bytes) -> RunResult:
        """Upload one file into the file uploader ``key`` as the frontend does."""
        widget = self.widgets[key]
        request = BackMsg()
        request.file_urls_request.request_id = uuid.uuid4().hex
        request.file_urls_request.file_names.append(name)
        request.file_urls_request.session_id = self.session_id
        await self.socket.send(request.SerializeToString())
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await asyncio.wait_for(self.socket.recv(), timeout=self.read_timeout))
            if msg.WhichOneof("type") == "file_urls_response":
                break
        response = msg.file_urls_response
        if response.error_msg:
            raise ProtocolError(f"upload refused: {response.error_msg}")
        urls = response.file_urls[0]
        await self._put_file(urls.upload_url, name, data)
        state = WidgetState(id=widget.id)
        info = state.file_uploader_state_value.uploaded_file_info.add()
        info.name, info.size, info.file_id = name, len(data), urls.file_id
        info.file_urls.CopyFrom(urls)
        return await self.run(states=[state])

    async def _put_file(self, upload_url: str, name: str, data: bytes) -> None:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        url = upload_url if upload_url.startswith("http") else self.base_url + upload_url
        headers = {
            **self.headers,
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Xsrftoken": self.cookies.get("_streamlit_xsrf", ""),
            "Origin": self.base_url,
        }
        status = await http_request(url, self.cookies, method="PUT", headers=headers, body=body)
        if status not in (200, 204):
            raise ProtocolError(f"upload PUT answered {status}")


def _user_key(widget_id: str) -> str:
    """The user key inside a widget id (``$$ID-<hash>-<key>``); empty for widgets without one."""
    parts = widget_id.split("-", 2)
    return parts[2] if len(parts) == 3 and parts[0] == "$$ID" and parts[2] != "None" else ""


async def page_view(base_url: str, page: str = "", query: str = "", **options) -> tuple[Session, RunResult]:
    """A fresh session's first view of ``page``; the session stays open (the caller closes it)."""
    session = Session(base_url, **options)
    await session.connect(page, query)
    result = await session.run()
    return session, result
