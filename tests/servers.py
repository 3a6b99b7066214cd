"""Real database servers for the tests: Debian's PostgreSQL 15 and MariaDB, each started in a
temporary folder on a free loopback port, once per test session, and stopped after.

The API (the same for every server, so the app's own-database tests of issue #11 and the warehouse
tests of #13 can share it):

* ``start_postgresql(folder) -> Server`` and ``start_mariadb(folder) -> Server``;
* ``Server.url`` is a SQLAlchemy URL for the server's empty ``dashboard`` database, ``Server.stop()``;
* session-scoped fixtures ``postgresql_server`` and ``mariadb_server`` (registered for every test
  by tests/conftest.py). A server that is not installed skips the test — which fails the run under
  ``REQUIRE_BROWSER=1`` (CI, ``make test``), as a missing browser does.

Both servers refuse to run as root; as root they run as their Debian system users (``postgres``,
``mysql``) through ``runuser``.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")
DATABASE = "dashboard"
START_SECONDS = 60


@dataclass
class Server:
    """A running server: where to connect (``url``), and how to stop it."""

    name: str
    url: str
    host: str
    port: int
    user: str
    database: str
    folder: Path
    process: subprocess.Popen | None = None
    stop_command: list[str] | None = None

    def stop(self) -> None:
        if self.stop_command:
            subprocess.run(self.stop_command, capture_output=True, timeout=60, check=False)
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_user(user: str) -> list[str]:
    """Run a command as ``user`` when we are root (the servers refuse root), else as ourselves."""
    return ["runuser", "-u", user, "--"] if os.geteuid() == 0 else []


def _own(path: Path, user: str) -> None:
    if os.geteuid() == 0:
        entry = pwd.getpwnam(user)
        for folder in (path, *path.rglob("*")):
            os.chown(folder, entry.pw_uid, entry.pw_gid)


def _wait_for_port(port: int, process: subprocess.Popen | None, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}): {log.read_text(errors='replace')[-2000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.2)
    raise RuntimeError(
        f"server did not listen on port {port} in {START_SECONDS} s: {log.read_text(errors='replace')[-2000:]}"
    )


def start_postgresql(folder: Path) -> Server:
    """initdb + pg_ctl start of a throw-away cluster (trust authentication, loopback only)."""
    user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    data, log = folder / "data", folder / "server.log"
    folder.mkdir(parents=True, exist_ok=True)
    _own(folder, user)
    subprocess.run(
        [
            *_as_user(user),
            str(POSTGRES_BIN / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = free_port()
    options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off -c full_page_writes=off -c max_connections=50"
    subprocess.run(
        [
            *_as_user(user),
            str(POSTGRES_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(log),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        ],
        check=True,
        capture_output=True,
        timeout=90,
    )
    stop = [*_as_user(user), str(POSTGRES_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
    _wait_for_port(port, None, log)
    subprocess.run(
        [
            str(POSTGRES_BIN / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-c",
            f"CREATE DATABASE {DATABASE}",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/{DATABASE}"
    return Server("postgresql", url, "127.0.0.1", port, "postgres", DATABASE, folder, stop_command=stop)


def start_mariadb(folder: Path) -> Server:
    """mariadb-install-db + mariadbd on a loopback port, no grant tables (a test server only)."""
    user = "mysql" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    data, log = folder / "data", folder / "server.log"
    folder.mkdir(parents=True, exist_ok=True)
    _own(folder, user)
    subprocess.run(
        [
            *_as_user(user),
            "mariadb-install-db",
            "--no-defaults",
            f"--datadir={data}",
            f"--user={user}",
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                *_as_user(user),
                "mariadbd",
                "--no-defaults",
                f"--datadir={data}",
                f"--socket={folder / 'mysqld.sock'}",
                f"--port={port}",
                "--bind-address=127.0.0.1",
                "--skip-grant-tables",
                f"--pid-file={folder / 'mysqld.pid'}",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_general_ci",
                "--innodb-flush-log-at-trx-commit=0",
                "--innodb-buffer-pool-size=512M",
                f"--log-error={log}",
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server("mariadb", "", "127.0.0.1", port, "root", DATABASE, folder, process=process)
    try:
        _wait_for_port(port, process, log)
        subprocess.run(
            [
                "mariadb",
                "--no-defaults",
                "-h",
                "127.0.0.1",
                "-P",
                str(port),
                "-u",
                "root",
                "-e",
                f"CREATE DATABASE {DATABASE} CHARACTER SET utf8mb4",
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
    except BaseException:
        server.stop()
        raise
    server.url = f"mysql+pymysql://root@127.0.0.1:{port}/{DATABASE}?charset=utf8mb4"
    return server


def _missing(*programs: str) -> list[str]:
    return [program for program in programs if not (Path(program).exists() or shutil.which(program))]


@contextlib.contextmanager
def running(start, *programs: str):
    """A server for the length of the block, in a fresh temporary folder; skip when not installed."""
    missing = _missing(*programs)
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (packages/debian/warehouses.txt)")
    folder = Path(tempfile.mkdtemp(prefix="test-server-"))
    folder.chmod(0o755)
    server = start(folder / "server")
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgresql_server():
    with running(start_postgresql, str(POSTGRES_BIN / "initdb"), str(POSTGRES_BIN / "pg_ctl")) as server:
        yield server


@pytest.fixture(scope="session")
def mariadb_server():
    with running(start_mariadb, "mariadb-install-db", "mariadbd", "mariadb") as server:
        yield server
