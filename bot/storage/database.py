"""Opening the database: which one (``DATABASE_URL``, else SQLite in ``DATA_DIR``), with which async driver, and
bringing its schema up to date with Alembic — once, even when several processes start together.

SQLite is the zero-install default: one file created readable by its owner only. PostgreSQL
(``postgresql://user@host/db``) is for several replicas sharing one state.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import sqlite3
from contextlib import closing, suppress
from importlib import resources
from pathlib import Path
from typing import IO

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

logger = logging.getLogger("bot.storage")

DATABASE_FILE = "bot.sqlite3"
MIGRATION_LOCK = 7_041_953
"""The PostgreSQL advisory lock held while migrating (any number, the same in every process)."""
PG_CONNECT_SECONDS = 3.0
PG_STATEMENT_SECONDS = 5.0
SQLITE_BUSY_SECONDS = 5.0
"""How long a SQLite write waits for another writer before failing (and being logged, not fatal)."""


class DatabaseError(Exception):
    """The database cannot be used at start-up; the message says which one and what to do, never a password."""


def database_url(configured: str, data_dir: Path) -> URL:
    """The async SQLAlchemy URL: ``configured`` (``postgresql://…`` or ``sqlite:///file``) or SQLite in
    ``data_dir``."""
    if not configured:
        return make_url(f"sqlite+aiosqlite:///{data_dir / DATABASE_FILE}")
    try:
        url = make_url(configured)
    except ArgumentError as error:
        raise DatabaseError("DATABASE_URL is not a database URL (postgresql://… or sqlite:///…)") from error
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+asyncpg")
    if backend == "sqlite":
        return url.set(drivername="sqlite+aiosqlite")
    raise DatabaseError(f"DATABASE_URL must be postgresql://… or sqlite:///… (got {backend}://…)")


def describe(url: URL) -> str:
    """The URL for messages and logs, with any password hidden."""
    return url.render_as_string(hide_password=True)


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL and for an in-memory SQLite)."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(str(url.database))


def create_engine(url: URL) -> AsyncEngine:
    """The engine for ``url``. A SQLite file is created mode 0600 before the driver opens it, and every
    connection waits for a busy writer and uses write-ahead logging."""
    path = sqlite_path(url)
    if path is None:
        # Seconds, not asyncpg's default minute: a user's reply must not wait long for a database that is away.
        connect_args = {"timeout": PG_CONNECT_SECONDS, "command_timeout": PG_STATEMENT_SECONDS}
        return create_async_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, connect_args=connect_args)
    _create_private(path)
    engine = create_async_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS})

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


async def upgrade(engine: AsyncEngine) -> None:
    """Applies every migration not yet applied. PostgreSQL: under an advisory lock in the same transaction, so
    a second process waits and then finds nothing to do. SQLite: under a lock file beside the database."""
    path = sqlite_path(engine.url)
    if path is None:
        async with engine.begin() as connection:
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            before, after = await connection.run_sync(_upgrade)
    else:
        await asyncio.to_thread(_check_sqlite_file, path)
        lock = await asyncio.to_thread(_lock_file, path.with_name(path.name + ".lock"))
        try:
            async with engine.begin() as connection:
                before, after = await connection.run_sync(_upgrade)
        finally:
            lock.close()  # closing the file releases the lock
    if before != after:
        logger.info("database %s: schema upgraded from %s to %s", describe(engine.url), before or "nothing", after)


async def revision(engine: AsyncEngine) -> tuple[str | None, str]:
    """(the database's schema revision, the newest one this code knows)."""
    async with engine.connect() as connection:
        current = await connection.run_sync(lambda sync: MigrationContext.configure(sync).get_current_revision())
    return current, _scripts().get_current_head() or ""


def _upgrade(connection: Connection) -> tuple[str | None, str | None]:
    """(the revision before, the revision after)."""
    before = MigrationContext.configure(connection).get_current_revision()
    config = _config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
    return before, MigrationContext.configure(connection).get_current_revision()


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("bot.storage") / "migrations"))
    return config


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def _create_private(path: Path) -> None:
    """The SQLite file, created readable and writable by its owner only (before SQLite would create it 0644)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _check_sqlite_file(path: Path) -> None:
    """Stops with a plain message when the file is not a readable SQLite database."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            verdict = connection.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise DatabaseError(_corrupt(path, str(error))) from error
    if verdict is None or verdict[0] != "ok":
        raise DatabaseError(_corrupt(path, str(verdict[0] if verdict else "no answer")))


def _corrupt(path: Path, why: str) -> str:
    return (
        f"The database file {path} cannot be used ({why}). Move it aside (for example to {path.name}.broken) and "
        "start again: the bot creates a fresh one. Language choices, votes and the inbox in the old file are "
        "then no longer used."
    )


def _lock_file(path: Path) -> IO[str]:
    """An open lock file held exclusively (waits for another process holding it)."""
    handle = open(path, "a")  # noqa: SIM115 - held past this function, closed by the caller
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle
