"""Real local servers for delivery tests: an aiosmtpd SMTP server and an HTTP receiver standing in
for a WeCom/DingTalk robot endpoint (same request and answer format), each on a free loopback port."""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.e2e.shared.browser import free_port


class Mailbox:
    """An aiosmtpd handler keeping every message it accepts; it can refuse the first few, and
    refuse some recipients (``refuse``: addresses answered 550) for as long as they are listed."""

    def __init__(self, refuse_first: int = 0, refuse: set[str] | None = None) -> None:
        self.messages: list = []
        self.refuse_first = refuse_first
        self.refuse = set(refuse or ())
        self.tries = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.tries += 1
        if self.tries <= self.refuse_first:
            return "451 4.3.0 try again later"
        self.messages.append(envelope)
        return "250 OK"


def _authenticator(user: str, password: str):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == user
            and auth_data.password.decode() == password
        )
        return AuthResult(success=ok)

    return check


@contextmanager
def smtp_server(mailbox: Mailbox, *, user: str = "", password: str = ""):
    """A real SMTP server (aiosmtpd) on 127.0.0.1:<free port>; yields the port."""
    port = free_port()
    options = {"authenticator": _authenticator(user, password), "auth_require_tls": False} if user else {}
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@contextmanager
def robot_server(answers: list[dict] | None = None):
    """An HTTP receiver on 127.0.0.1:<free port> answering robot-style JSON (errcode 0 unless
    ``answers`` says otherwise, one per request, the last repeated; an answer ``{"redirect": path}``
    is a 302 to that path). Every request is recorded, GETs too. Yields (base URL, requests)."""
    requests: list[dict] = []
    replies = list(answers or [{"errcode": 0, "errmsg": "ok"}])

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append({"method": "GET", "path": self.path, "headers": dict(self.headers), "json": None})
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            requests.append(
                {"method": "POST", "path": self.path, "headers": dict(self.headers), "json": json.loads(body)}
            )
            answer = replies[min(len(requests), len(replies)) - 1]
            if "redirect" in answer:
                self.send_response(302)
                self.send_header("Location", answer["redirect"])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()
