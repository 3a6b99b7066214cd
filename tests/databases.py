"""A real PostgreSQL for the tests: Debian's ``initdb`` + ``pg_ctl`` in a temporary folder on a free
loopback port (as the ``postgres`` user when the tests run as root: the server refuses root), one
fresh database per test, stopped at the end. A missing server fails the run under REQUIRE_BROWSER=1."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.shared.browser import free_port


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


@dataclass
class Postgres:
    host: str
    port: int
    user: str
    folder: Path

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host=self.host, port=self.port, user=self.user, dbname="postgres", autocommit=True) as c:
            c.execute(sql)

    def create_database(self, name: str) -> str:
        self.admin(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextmanager
def postgres_server():
    """Start a throwaway cluster; yields a ``Postgres``; stops it and removes the folder after."""
    binaries = postgres_bin()
    if binaries is None:
        raise RuntimeError(
            "Debian's postgresql is not installed (packages/debian/databases.txt; make test installs it)"
        )
    folder = Path(tempfile.mkdtemp(prefix="dashboard-pg-"))
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(folder, account.pw_uid, account.pw_gid)
    data, log = folder / "data", folder / "server.log"
    port = free_port()
    user = "dashboard"
    subprocess.run(
        _as_server_user(
            [str(binaries / "initdb"), "-D", str(data), "-U", user, "-A", "trust", "-E", "UTF8", "--locale=C", "-N"]
        ),
        check=True,
        capture_output=True,
    )
    # fsync off: the tests kill clients, not the machine; a killed client's transaction is still rolled back.
    options = f"-h 127.0.0.1 -p {port} -k {folder} -F -c max_connections=200"
    started = subprocess.run(
        _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"]),
        capture_output=True,
        text=True,
    )
    if started.returncode:
        raise RuntimeError(f"pg_ctl start failed: {started.stderr}\n{log.read_text() if log.exists() else ''}")
    server = Postgres("127.0.0.1", port, user, folder)
    try:
        deadline = time.time() + 30
        while True:
            try:
                server.admin("SELECT 1")
                break
            except Exception:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        yield server
    finally:
        subprocess.run(
            _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
