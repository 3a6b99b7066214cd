"""A whole deployment on loopback, for tests, benchmarks and demos: PostgreSQL, N app replicas and
nginx in front of them, all from Debian's packages, in one state folder on free ports.

    python -m deploy.cluster start [--state DIR] [--replicas 2] [--port N] [--script app.py]
    python -m deploy.cluster stop  [--state DIR]

``start`` returns once nginx answers and every replica is healthy, prints the address and leaves
the processes running (their ids in ``DIR/cluster.json``); ``stop`` ends exactly those. nginx runs
``deploy/nginx/dashboard.conf`` — the file a deployment installs — with these ports put in its two
marked places. Every replica reads the same data folder and gets ``DASHBOARD_DATABASE_URL`` for
the shared database (the store of issue #11). Tests use ``Cluster`` directly.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SITE_CONF = REPO / "deploy" / "nginx" / "dashboard.conf"
DATABASE = "dashboard"
DATABASE_USER = "dashboard"
NGINX_FAIL_TIMEOUT = 5  # seconds; `fail_timeout` of the replicas in site_config


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, timeout: float, what: str) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {timeout:.0f} s")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


# --- PostgreSQL ------------------------------------------------------------------------------------
def postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise RuntimeError("Debian's postgresql is not installed (packages/debian/cluster.txt; make system)")
    return Path(found[-1]).parent


def as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as Debian's ``postgres`` account."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Postgres:
    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{DATABASE_USER}@127.0.0.1:{self.port}/{DATABASE}"

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        command = [str(postgres_bin() / "initdb"), "-D", str(self.data), "-U", DATABASE_USER, "-A", "trust"]
        done = subprocess.run(as_server_user([*command, "-E", "UTF8", "--locale=C"]), capture_output=True, text=True)
        if done.returncode:  # e.g. the postgres account cannot reach the folder (keep it under a 0755 path)
            raise RuntimeError(f"initdb failed in {self.folder}: {done.stderr.strip()}")

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.folder} -c max_connections=300"
        command = [str(postgres_bin() / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "server.log")]
        started = subprocess.run(
            as_server_user([*command, "-o", options, "-w", "start"]), capture_output=True, text=True
        )
        if started.returncode:
            raise RuntimeError(f"pg_ctl start failed: {started.stderr}")
        if not self.ready():
            raise RuntimeError("PostgreSQL started but does not answer")
        created = subprocess.run(
            [str(postgres_bin() / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", DATABASE_USER, DATABASE],
            capture_output=True,
            text=True,
        )
        if created.returncode and "already exists" not in created.stderr:
            raise RuntimeError(f"createdb failed: {created.stderr}")

    def ready(self) -> bool:
        command = [str(postgres_bin() / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-t", "20"]
        return subprocess.run(command, capture_output=True).returncode == 0

    def stop(self, mode: str = "fast") -> None:
        command = [str(postgres_bin() / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]
        subprocess.run(as_server_user(command), capture_output=True)

    def restart(self) -> None:
        self.stop()
        self.start()


# --- the app's replicas ----------------------------------------------------------------------------
@dataclass
class Replica:
    port: int
    log: Path
    process: subprocess.Popen | None = None
    pid: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, script: str, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            streamlit_command(script, self.port),
            cwd=REPO,
            env={**os.environ, **env},
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # make cluster returns; the replica stays
        )
        self.pid = self.process.pid

    def healthy(self) -> bool:
        return answers(f"{self.url}/_stcore/health")

    def alive(self) -> bool:
        return process_alive(self.pid)

    def kill(self) -> None:
        """The fault test's crash: SIGKILL, no clean shutdown."""
        end_process(self.pid, signal.SIGKILL)


def streamlit_command(script: str, port: int) -> list[str]:
    """``streamlit run`` on loopback, as every replica, test server and benchmark server runs."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]


def process_alive(pid: int) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie child of ours is not alive
        waited, _ = os.waitpid(pid, os.WNOHANG)
        return waited == 0
    except ChildProcessError:
        return True


def end_process(pid: int, sig: int = signal.SIGTERM, timeout: float = 10) -> None:
    if not process_alive(pid):
        return
    os.kill(pid, sig)
    deadline = time.time() + timeout
    while process_alive(pid) and time.time() < deadline:
        time.sleep(0.1)
    if process_alive(pid):
        os.kill(pid, signal.SIGKILL)


# --- nginx -----------------------------------------------------------------------------------------
def site_config(listen: int, replicas: list[int]) -> str:
    """deploy/nginx/dashboard.conf with this cluster's listen port and replicas."""
    text = SITE_CONF.read_text(encoding="utf-8")
    servers = "".join(
        f"    server 127.0.0.1:{port} max_fails=1 fail_timeout={NGINX_FAIL_TIMEOUT}s;\n" for port in replicas
    )
    pins = "".join(f'    "127.0.0.1:{port}" 127.0.0.1:{port};\n' for port in replicas)
    text, count = re.subn(
        r"(    # replicas: begin[^\n]*\n).*?(    # replicas: end)", lambda m: m[1] + servers + m[2], text, flags=re.S
    )
    text, pinned = re.subn(
        r"(    # pins: begin[^\n]*\n).*?(    # pins: end)", lambda m: m[1] + pins + m[2], text, flags=re.S
    )
    text, listens = re.subn(r"listen \d+;  # listen", f"listen 127.0.0.1:{listen};", text)
    if count != 1 or pinned != 1 or listens != 1:
        raise RuntimeError(f"{SITE_CONF} lost its marked replicas, pins or listen line")
    return text


def main_config(folder: Path, site: Path) -> str:
    user = "user root root;\n" if os.geteuid() == 0 else ""  # workers must reach the state folder
    temp = "\n".join(
        f"    {name}_temp_path {folder / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder / "access.log"};
{temp}
    include {site};
}}
"""


@dataclass
class Nginx:
    folder: Path
    port: int
    replicas: list[int]
    pid: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
            raise RuntimeError("Debian's nginx is not installed (packages/debian/cluster.txt; make system)")
        self.folder.mkdir(parents=True, exist_ok=True)
        site = self.folder / "dashboard.conf"
        site.write_text(site_config(self.port, self.replicas), encoding="utf-8")
        conf = self.folder / "nginx.conf"
        conf.write_text(main_config(self.folder, site), encoding="utf-8")
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        checked = subprocess.run(
            [binary, "-t", "-p", str(self.folder), "-c", str(conf)], capture_output=True, text=True
        )
        if checked.returncode:
            raise RuntimeError(f"nginx -t failed:\n{checked.stderr}")
        subprocess.run([binary, "-p", str(self.folder), "-c", str(conf)], check=True, capture_output=True)
        wait_until(lambda: (self.folder / "nginx.pid").exists(), 10, "nginx")
        self.pid = int((self.folder / "nginx.pid").read_text().strip())

    def stop(self) -> None:
        end_process(self.pid, signal.SIGQUIT)


# --- the whole of it -----------------------------------------------------------------------------------
@dataclass
class Cluster:
    folder: Path
    replicas: list[Replica]
    nginx: Nginx
    postgres: Postgres | None
    script: str = "app.py"
    env: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.nginx.url

    @classmethod
    def start(
        cls,
        folder: Path | None = None,
        *,
        replicas: int = 2,
        script: str = "app.py",
        port: int | None = None,
        database: bool = True,
        env: dict[str, str] | None = None,
    ) -> Cluster:
        folder = Path(folder or tempfile.mkdtemp(prefix="dashboard-cluster-"))
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o755)
        postgres = Postgres(folder / "postgres", free_port()) if database else None
        ports = [free_port() for _ in range(replicas)]
        cluster = cls(
            folder,
            [Replica(p, folder / f"replica-{p}.log") for p in ports],
            Nginx(folder / "nginx", port or free_port(), ports),
            postgres,
            script,
            dict(env or {}),
        )
        try:
            if postgres:
                postgres.init()
                postgres.start()
                cluster.env.setdefault("DASHBOARD_DATABASE_URL", postgres.url)
            for replica in cluster.replicas:
                replica.start(script, cluster.env)
            for replica in cluster.replicas:
                wait_until(replica.healthy, 90, f"replica on port {replica.port}")
            cluster.nginx.start()
            wait_until(lambda: answers(f"{cluster.url}/_stcore/health"), 20, "nginx")
        except BaseException:
            cluster.stop()
            raise
        cluster.save()
        return cluster

    def restart_replica(self, replica: Replica) -> None:
        """Start a killed replica again; returns once nginx routes to it again: nginx counts a
        failed server out for ``fail_timeout`` (5 s in the site file) after its last failure."""
        replica.start(self.script, self.env)
        wait_until(replica.healthy, 90, f"replica on port {replica.port}")
        time.sleep(NGINX_FAIL_TIMEOUT + 1)

    def save(self) -> None:
        state = {
            "url": self.url,
            "script": self.script,
            "replicas": [{"port": r.port, "pid": r.pid, "log": str(r.log)} for r in self.replicas],
            "nginx": {"port": self.nginx.port, "pid": self.nginx.pid},
            "postgres": {"port": self.postgres.port, "folder": str(self.postgres.folder)} if self.postgres else None,
            "env": self.env,
        }
        (self.folder / "cluster.json").write_text(json.dumps(state, indent=2), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Cluster:
        state = json.loads((folder / "cluster.json").read_text(encoding="utf-8"))
        replicas = [Replica(r["port"], Path(r["log"]), pid=r["pid"]) for r in state["replicas"]]
        nginx = Nginx(folder / "nginx", state["nginx"]["port"], [r.port for r in replicas], state["nginx"]["pid"])
        pg = state["postgres"]
        postgres = Postgres(Path(pg["folder"]), pg["port"]) if pg else None
        return cls(folder, replicas, nginx, postgres, state["script"], state["env"])

    def stop(self) -> None:
        self.nginx.stop()
        for replica in self.replicas:
            end_process(replica.pid)
        if self.postgres and (self.postgres.data / "postmaster.pid").exists():
            self.postgres.stop()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


DEFAULT_STATE = Path(tempfile.gettempdir()) / f"dashboard-cluster-{os.getuid()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("start", "stop"))
    parser.add_argument("--state", type=Path, default=DEFAULT_STATE, help=f"state folder (default {DEFAULT_STATE})")
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=None, help="nginx's port (default: a free one)")
    parser.add_argument("--script", default="app.py")
    args = parser.parse_args()
    if args.action == "start":
        if (args.state / "cluster.json").exists():
            sys.exit(f"a cluster is already recorded in {args.state}: make cluster-stop first")
        cluster = Cluster.start(args.state, replicas=args.replicas, script=args.script, port=args.port)
        print(f"dashboard: {cluster.url}  (nginx → {len(cluster.replicas)} replicas; state in {cluster.folder})")
        for replica in cluster.replicas:
            print(f"  replica {replica.url} pid {replica.pid}")
        if cluster.postgres:
            print(f"  PostgreSQL {cluster.postgres.url}")
        print("stop with: make cluster-stop")
    else:
        if not (args.state / "cluster.json").exists():
            sys.exit(f"no cluster recorded in {args.state}")
        Cluster.load(args.state).remove()
        print(f"stopped; removed {args.state}")


if __name__ == "__main__":
    main()
