"""Signed-in people for AppTest. AppTest cannot send request headers, so the one function that
reads them (``lib.ui.identity.request_headers``) is replaced by one returning the headers of the
person chosen with ``people.be(...)`` before each run; everything after it — the proxy mode, the
secret, the roles file, the role checks — is the app's own code. The browser tests send real headers."""

import pytest

ROLES = """
[users."gd.analyst"]
role = "analyst"
scope = "440000"

[users."js.analyst"]
role = "analyst"
scope = "320000"

[users."nat.analyst"]
role = "analyst"

[users."gd.viewer"]
role = "viewer"
scope = "440000"

[users."admin"]
role = "admin"

[groups."mohrss-publishers"]
role = "publisher"
scope = "national"
"""
SECRET = "s3cret-from-the-proxy"


class People:
    def __init__(self) -> None:
        self.headers: dict[str, str] = {}

    def be(self, user: str | None, *, groups: str = "", name: str = "", secret: str = SECRET) -> None:
        """Requests from now on come through the proxy as ``user`` (None: no identity headers)."""
        self.headers = {"X-Proxy-Secret": secret} if secret else {}
        if user:
            self.headers |= {"X-Remote-User": user, "X-Remote-Name": name or user, "X-Remote-Groups": groups}

    def __call__(self) -> dict[str, str]:
        return dict(self.headers)


@pytest.fixture
def people(monkeypatch, tmp_path):
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_AUTH", "proxy")
    monkeypatch.setenv("DASHBOARD_ROLES_FILE", str(roles))
    monkeypatch.setenv("DASHBOARD_PROXY_SECRET", SECRET)
    who = People()
    monkeypatch.setattr("lib.ui.identity.request_headers", who)
    return who
