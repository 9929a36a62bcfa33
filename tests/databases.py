"""Fixtures for the storage tests: a fresh database of each kind.

SQLite is a file in the test's folder. PostgreSQL is a new database created for the test on the server of
``TEST_DATABASE_URL`` (default: the local one, ``postgresql://postgres@127.0.0.1:5432/test``) and dropped after it.
When that server cannot be reached the PostgreSQL tests skip with the reason — except where
``TEST_SERVICES_REQUIRED`` is set (``.ci/run`` sets it, as does ``CI``): there they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.storage import schema
from bot.storage.store import SqlStore

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/test"


def services_required() -> bool:
    return bool(os.environ.get("TEST_SERVICES_REQUIRED") or os.environ.get("CI"))


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    """``postgresql://…`` of an empty database that exists for this test only."""
    server = os.environ.get("TEST_DATABASE_URL", DEFAULT_SERVER)
    shown = make_url(server).render_as_string(hide_password=True)
    try:
        admin = await asyncpg.connect(server, timeout=5)
    except (OSError, asyncpg.PostgresError) as error:
        reason = f"PostgreSQL at {shown} is unreachable ({type(error).__name__}: {error}); set TEST_DATABASE_URL"
        if services_required():
            pytest.fail(reason)
        pytest.skip(reason)
    name = f"faqbot_test_{uuid.uuid4().hex[:12]}"
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each storage test runs twice: on SQLite (a file) and on PostgreSQL (a fresh database)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


async def every_cell(store: SqlStore) -> str:
    """All the database holds, as one text (to look for ids that must not be there)."""
    cells: list[str] = []
    async with store.engine.connect() as connection:
        for table in schema.metadata.sorted_tables:
            for row in await connection.execute(select(table)):
                cells += [str(value) for value in row]
    return " ".join(cells)


def no_room_left(dbapi_connection: Any, _: object) -> None:
    """A ``connect`` listener that caps a SQLite file at its current size: a write needing one page more fails
    as on a full disk ("database or disk is full")."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA page_count")
    pages = cursor.fetchone()[0]
    cursor.execute(f"PRAGMA max_page_count = {pages}")
    cursor.close()
