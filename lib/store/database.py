"""The database of what people create: one engine per URL, migrated to the newest schema on first
open (Alembic, under a lock, so replicas starting together migrate once), and write transactions.

SQLite (the embedded default) runs every transaction as ``BEGIN IMMEDIATE`` in WAL mode, so two
processes never interleave a read-then-write; PostgreSQL takes row locks where it matters
(``lib.store.workspace``). A process killed inside a transaction leaves nothing of it behind.
"""

from __future__ import annotations

import fcntl
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from lib.core.i18n import LocalizedError

MIGRATIONS = Path(__file__).with_name("migrations")
_MIGRATION_LOCK = 0x5EED_0011  # PostgreSQL advisory lock id held while migrating


class StoreUnavailable(LocalizedError):
    """The database cannot be reached: nothing was saved (the caller says so and keeps what it has)."""


def now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    """A random id that is safe in a URL, a widget key and a CSS class."""
    return secrets.token_hex(6)


@dataclass
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self.sessions.begin() as session:
            yield session

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def memo_key(self) -> str:
        """Which database this is (``lib.core.memo``), its password left out. What a result reads from
        it must be keyed as well — a submission by its id and the digest of its rows."""
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_engine(url) -> Engine:
    path = Path(url.database)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def configure(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we begin transactions ourselves (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise ValueError("the database must be a file (sqlite:///path/to/file.db) so it survives a restart")
        return _sqlite_engine(parsed)
    connect_args = {"connect_timeout": 5} if parsed.get_backend_name() == "postgresql" else {}
    return create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=5, connect_args=connect_args)


@contextmanager
def _migration_lock(engine: Engine, connection) -> Iterator[None]:
    if engine.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _MIGRATION_LOCK})
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _MIGRATION_LOCK})
            connection.commit()
    else:
        lock_path = Path(engine.url.database + ".migrate.lock")
        with lock_path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def schema_revision(engine: Engine) -> str | None:
    # alembic is heavy (~0.3 s to import): loaded only when a database is opened and its schema checked
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    from alembic.script import ScriptDirectory  # heavy (~0.3 s): only when a schema is checked

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (a fresh database is created here)."""
    # alembic is heavy (~0.3 s to import): loaded only when a database is opened and migrated
    from alembic import command
    from alembic.config import Config

    if schema_revision(engine) == head_revision():
        return
    with engine.connect() as connection, _migration_lock(engine, connection):
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()


def open_database(url: str) -> Database:
    """The database at ``url``, migrated; the caller keeps it (one per process and URL)."""
    engine = make_engine(url)
    migrate(engine)
    return Database(url, engine, sessionmaker(engine, expire_on_commit=False))
