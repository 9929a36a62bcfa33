"""The store on SQLite and on PostgreSQL: every test runs on both (``tests/databases.py``)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import re
import sqlite3
import sys
from asyncio.subprocess import PIPE
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import event, select, text, update

from bot.app import maintain
from bot.privacy import UserHasher
from bot.storage import database as db
from bot.storage import schema
from bot.storage.database import DatabaseError, create_engine, revision
from bot.storage.faults import UNREACHABLE_PAUSE, FaultLog
from bot.storage.store import FLUSH_SECONDS, MAX_BATCH, SqlStore, open_store
from handlers.store import Asked, Exchange, SentReply
from tests.databases import every_cell, no_room_left

USER = 987_654_321
OTHER = 123_456_789
CHAT = 555_000_111


@pytest.fixture
async def store(database_url: str, tmp_path: Path) -> SqlStore:
    opened = await open_store(database_url, tmp_path, "pepper")
    yield opened  # type: ignore[misc]
    await opened.close()


def exchange(message_id: int, asked: Asked | None, user: int = USER, chat: int = CHAT) -> Exchange:
    return Exchange(chat, user, message_id, SentReply((message_id + 1,), ("print",)), asked)


async def test_language_choice_is_kept_under_a_keyed_hash(store: SqlStore) -> None:
    assert await store.language(USER) is None
    await store.set_language(USER, "ru")
    await store.set_language(USER, "ky")
    await store.set_language(OTHER, "en")
    assert (await store.language(USER), await store.language(OTHER)) == ("ky", "en")
    async with store.engine.connect() as connection:
        keys = list((await connection.execute(select(schema.language_choice.c.user_key))).scalars())
    assert all(re.fullmatch(r"[0-9a-f]{64}", key) for key in keys)
    assert str(USER) not in await every_cell(store)


async def test_a_reply_is_remembered_for_edits_and_its_question_for_buttons(store: SqlStore) -> None:
    await store.record(exchange(10, Asked("When was IOM founded?", "en", "answer", "iom_founded", 0.9)))
    assert await store.previous_reply(CHAT, 10) == SentReply((11,), ("print",))
    assert await store.previous_reply(CHAT, 12) is None
    assert await store.previous_reply(CHAT + 1, 10) is None  # another chat's message 10
    context = await store.message_context(CHAT, 11)
    assert context is not None and context.question == "When was IOM founded?" and context.entry_id == "iom_founded"


async def test_remembered_replies_expire(store: SqlStore) -> None:
    await store.record(exchange(10, Asked("What is IOM?", "en", "answer", "iom_what")))
    await store.flush()  # written behind: on disk now
    async with store.engine.begin() as connection:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        await connection.execute(update(schema.memory).values(expires=past))
    assert await store.previous_reply(CHAT, 10) is None
    assert await store.message_context(CHAT, 11) is None
    assert await store.purge() == 2  # both memory rows deleted


async def test_only_questions_not_answered_confidently_reach_the_inbox_masked(store: SqlStore) -> None:
    await store.record(exchange(10, Asked("When was IOM founded?", "en", "answer", "iom_founded", 0.93)))
    question = "My passport AN 1234567, write to me at ivan.petrov@mail.kg — where is the office?"
    await store.record(exchange(20, Asked(question, "en", "fallback", None, 0.1, (("iom_offices", 0.2),))))
    await store.record(exchange(30, Asked("iom what", "en", "clarify", None, 0.5, (("iom_what", 0.5),))))
    rows = await store.inbox_rows(1)
    assert [(row.status, row.guess) for row in rows] == [("clarify", "iom_what"), ("fallback", "iom_offices")]
    stored = rows[1].question
    assert stored == "My passport AN [number], write to me at [e-mail] — where is the office?"
    assert "1234567" not in await every_cell(store) and "ivan.petrov" not in await every_cell(store)
    stats = await store.stats(1)
    assert stats.questions == 3
    assert dict(stats.by_status) == {"answer": 1, "fallback": 1, "clarify": 1}
    assert stats.top_entries == (("iom_founded", 1),)
    assert stats.answered_share == pytest.approx(1 / 3)


async def test_none_of_these_moves_the_question_in_the_inbox(store: SqlStore) -> None:
    await store.record(exchange(30, Asked("iom what", "en", "clarify", None, 0.5, (("iom_what", 0.5),))))
    context = await store.message_context(CHAT, 31)
    assert context is not None and context.inbox_id is not None
    await store.mark(context, "none_of_these")
    [row] = await store.inbox_rows(1)
    assert (row.question, row.status) == ("iom what", "none_of_these")


async def test_one_vote_per_user_and_message_and_a_downvote_lists_the_question(store: SqlStore) -> None:
    await store.record(exchange(10, Asked("When was IOM founded?", "en", "answer", "iom_founded", 0.9)))
    await store.vote(USER, CHAT, 11, "iom_founded", "en", -1)
    await store.vote(USER, CHAT, 11, "iom_founded", "en", -1)  # pressed twice: still one vote
    await store.vote(OTHER, CHAT, 11, "iom_founded", "en", -1)
    assert (await store.stats(1)).votes == (("iom_founded", 0, 2),)
    [row] = await store.inbox_rows(1)  # listed once, however many 👎
    assert (row.question, row.status, row.guess) == ("When was IOM founded?", "downvote", "iom_founded")
    await store.vote(USER, CHAT, 11, "iom_founded", "en", 1)  # changed their mind
    assert (await store.stats(1)).votes == (("iom_founded", 1, 1),)
    assert len(await store.inbox_rows(1)) == 1
    await store.vote(OTHER, CHAT, 11, "iom_founded", "en", 1)
    assert await store.inbox_rows(1) == []  # no 👎 left: no longer in the inbox
    assert (await store.stats(1)).votes == (("iom_founded", 2, 0),)


async def test_forget_deletes_everything_keyed_by_the_user(store: SqlStore) -> None:
    await store.set_language(USER, "ru")
    await store.record(exchange(10, Asked("When was IOM founded?", "en", "answer", "iom_founded", 0.9)))
    await store.vote(USER, CHAT, 11, "iom_founded", "en", 1)
    await store.set_language(OTHER, "ky")
    assert await store.forget(USER) is True
    assert await store.language(USER) is None and await store.previous_reply(CHAT, 10) is None
    assert (await store.stats(1)).votes == ()
    assert await store.language(OTHER) == "ky"  # nobody else's data


async def test_retention_deletes_old_questions_and_votes(store: SqlStore) -> None:
    await store.record(exchange(20, Asked("Where is the office?", "en", "fallback")))
    await store.flush()
    await store.vote(USER, CHAT, 99, "iom_founded", "en", 1)
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=store.retention_days, minutes=1)
    async with store.engine.begin() as connection:
        for table, column in ((schema.inbox, "asked"), (schema.question_log, "asked"), (schema.votes, "updated")):
            await connection.execute(update(table).values({column: old}))
    assert await store.purge() == 3
    assert await store.inbox_rows(3650) == [] and (await store.stats(3650)).questions == 0


async def test_the_inbox_groups_similar_wordings(store: SqlStore) -> None:
    for number, question in enumerate(
        ["vacancies at IOM", "Vacancies at IOM?", "any vacancies at IOM", "IOM office address", "vacancies at iom!"]
    ):
        await store.record(exchange(number * 10, Asked(question, "en", "fallback")))
    groups = await store.inbox(1)
    assert [(group.count, group.example) for group in groups] == [(4, "vacancies at iom!"), (1, "IOM office address")]


async def test_migrations_run_once_when_two_processes_start_together(database_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "DATA_DIR": str(tmp_path), "USER_ID_SALT": "pepper"}
    starts = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "db", "upgrade", env=env, stdout=PIPE, stderr=PIPE, cwd=tmp_path
        )
        for _ in range(2)
    ]
    results = [await start.communicate() for start in starts]
    assert [start.returncode for start in starts] == [0, 0], results
    assert all(b"is at schema revision 0001" in out for out, _ in results)
    engine = create_engine(db.database_url(database_url, tmp_path))
    try:
        async with engine.connect() as connection:
            versions = list((await connection.execute(text("SELECT version_num FROM alembic_version"))).scalars())
        assert versions == ["0001"]
        assert await revision(engine) == ("0001", "0001")
    finally:
        await engine.dispose()


async def test_a_database_is_never_named_with_its_password() -> None:
    url = db.database_url("postgresql://bot:s3cret-pw@db.example.org/faq", Path("var"))
    assert url.drivername == "postgresql+asyncpg"
    assert "s3cret-pw" not in db.describe(url)
    with pytest.raises(DatabaseError, match="postgresql://… or sqlite:///…"):
        db.database_url("mysql://bot:s3cret-pw@db/faq", Path("var"))


async def test_a_corrupt_sqlite_file_stops_with_a_plain_message(tmp_path: Path) -> None:
    broken = tmp_path / "bot.sqlite3"
    broken.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseError) as stopped:
        await open_store("", tmp_path, "pepper")
    message = str(stopped.value)
    assert str(broken) in message and "Move it aside" in message and "fresh one" in message


async def test_a_new_sqlite_file_is_private(tmp_path: Path) -> None:
    store = await open_store("", tmp_path / "data", "pepper")
    await store.close()
    assert (tmp_path / "data" / "bot.sqlite3").stat().st_mode & 0o777 == 0o600


async def test_a_database_from_before_migrations_is_carried_over(tmp_path: Path) -> None:
    legacy = tmp_path / "bot.sqlite3"
    with closing(sqlite3.connect(legacy)) as connection, connection:
        connection.executescript(
            "CREATE TABLE language_choice (user_key TEXT PRIMARY KEY, lang TEXT NOT NULL, updated TEXT NOT NULL);"
            "CREATE TABLE unanswered (id INTEGER PRIMARY KEY AUTOINCREMENT, asked TEXT NOT NULL, lang TEXT NOT NULL,"
            " question TEXT NOT NULL);"
        )
        key = UserHasher("pepper")(USER)
        connection.execute("INSERT INTO language_choice VALUES (?, 'ky', '2026-01-01T00:00:00+00:00')", (key,))
        connection.execute(
            "INSERT INTO unanswered (asked, lang, question) VALUES (?, 'ru', 'Где офис?')",
            (dt.datetime.now(dt.UTC).isoformat(),),
        )
    store = await open_store("", tmp_path, "pepper")
    try:
        assert await store.language(USER) == "ky"
        [row] = await store.inbox_rows(1)
        assert (row.question, row.lang, row.status) == ("Где офис?", "ru", "fallback")
    finally:
        await store.close()


async def test_a_failing_database_costs_no_reply_and_is_logged_once_a_minute(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = await open_store("", tmp_path, "pepper")
    await store.set_language(USER, "ru")
    event.listen(store.engine.sync_engine, "connect", no_room_left)
    await store.engine.dispose()  # new connections see a full disk
    caplog.set_level(logging.ERROR, logger="bot.storage")
    number = 0
    while not store.faults.failures:  # the pages left fill up
        number += 1
        await store.record(exchange(number * 10, Asked(f"question {number} " * 90, "en", "fallback")))
        await store.flush()
    for later in range(5):
        await store.record(exchange(1000 + later * 10, Asked(f"question {later} " * 90, "en", "fallback")))
        await store.flush()
    assert store.faults.failures == 6
    logged = [
        record.getMessage()
        for record in caplog.records
        if record.name == "bot.storage" and record.levelno >= logging.ERROR
    ]
    assert len(logged) == 1 and "database or disk is full" in logged[0]  # once, not once per message
    assert await store.language(USER) == "ru"  # reads still work on a full disk
    event.remove(store.engine.sync_engine, "connect", no_room_left)
    await store.engine.dispose()  # the disk has room again: writes resume by themselves
    await store.record(exchange(100, Asked("where is the office?", "en", "fallback")))
    assert (await store.inbox_rows(1))[0].question == "where is the office?"
    await store.close()


async def test_an_unreachable_database_answers_at_once_with_defaults(tmp_path: Path) -> None:
    engine = create_engine(db.database_url("postgresql://nobody@127.0.0.1:9/none", tmp_path))
    store = SqlStore(engine, UserHasher("pepper"))
    now = [1000.0]
    store.faults = FaultLog(clock=lambda: now[0])
    assert await store.language(USER) is None
    assert store.faults.failures == 1 and store.faults.paused
    assert await store.previous_reply(CHAT, 1) is None
    assert await store.forget(USER) is False  # /forget must not claim a deletion that did not happen
    await store.record(exchange(10, Asked("where?", "en", "fallback")))
    assert store.faults.failures == 1  # paused: not tried again, so no reply waits for a timeout
    now[0] += UNREACHABLE_PAUSE
    assert await store.language(USER) is None
    assert store.faults.failures == 2  # tried again after the pause
    await store.close()


async def test_a_database_file_deleted_under_the_running_bot_is_noticed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = await open_store("", tmp_path, "pepper")
    caplog.set_level(logging.ERROR, logger="bot.storage")
    checking = asyncio.create_task(maintain(store, every=0.01, purge_every=1000))
    try:
        await asyncio.sleep(0.05)
        assert not [
            record for record in caplog.records if record.name == "bot.storage" and record.levelno >= logging.ERROR
        ]  # the file is there
        (tmp_path / "bot.sqlite3").unlink()
        await asyncio.sleep(0.05)
    finally:
        checking.cancel()
        await store.close()
    messages = [
        record.getMessage()
        for record in caplog.records
        if record.name == "bot.storage" and record.levelno >= logging.ERROR
    ]
    assert messages and "bot.sqlite3 was deleted or replaced while the bot runs" in messages[0]


async def test_exchanges_are_written_behind_in_batches(store: SqlStore) -> None:
    async def rows_on_disk() -> int:
        async with store.engine.connect() as connection:
            return len((await connection.execute(select(schema.question_log))).all())

    await store.record(exchange(10, Asked("What is IOM?", "en", "answer", "iom_what")))
    assert await rows_on_disk() == 0  # gathered, not yet written…
    await asyncio.sleep(FLUSH_SECONDS * 4)
    assert await rows_on_disk() == 1  # …written within FLUSH_SECONDS
    for number in range(MAX_BATCH):
        await store.record(exchange(100 + number, Asked("What is IOM?", "en", "answer", "iom_what")))
    assert await rows_on_disk() == 1 + MAX_BATCH  # a full batch is written at once
    await store.record(exchange(9_999, Asked("When was IOM founded?", "en", "answer", "iom_founded")))
    assert await store.previous_reply(CHAT, 9_999) is not None  # a read sees this process's writes at once


async def test_closing_writes_what_is_gathered(tmp_path: Path) -> None:
    store = await open_store("", tmp_path, "pepper")
    await store.record(exchange(10, Asked("Where is the office?", "en", "fallback")))
    await store.close()
    reopened = await open_store("", tmp_path, "pepper")
    try:
        assert [row.question for row in await reopened.inbox_rows(1)] == ["Where is the office?"]
    finally:
        await reopened.close()


async def test_with_postgresql_a_choice_made_by_another_replica_is_seen_at_once(
    postgres_url: str, tmp_path: Path
) -> None:
    first = await open_store(postgres_url, tmp_path, "pepper")
    second = await open_store(postgres_url, tmp_path, "pepper")
    try:
        assert await second.language(USER) is None
        await first.set_language(USER, "ky")
        assert await second.language(USER) == "ky"  # not an answer kept from before
    finally:
        await first.close()
        await second.close()


async def test_on_sqlite_no_update_waits_for_the_database_to_learn_its_language(tmp_path: Path) -> None:
    first = await open_store("", tmp_path, "pepper")
    await first.set_language(USER, "ru")
    await first.close()
    store = await open_store("", tmp_path, "pepper")  # a restart: the choices are read once, at start
    statements: list[str] = []
    event.listen(store.engine.sync_engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    try:
        assert await store.language(USER) == "ru"
        assert [await store.language(OTHER + n) for n in range(100)] == [None] * 100
        assert statements == []
    finally:
        await store.close()


async def test_a_burst_of_exchanges_loses_none(store: SqlStore) -> None:
    async def one_chat(chat: int) -> None:
        for number in range(60):
            await store.record(exchange(number, Asked("Where is the office?", "en", "fallback"), chat=chat))
            if number % 7 == 0:
                await store.flush()  # flushes from many chats at once, as a burst makes them

    await asyncio.gather(*(one_chat(CHAT + n) for n in range(20)))
    assert (await store.stats(1)).questions == 20 * 60
    assert store.faults.failures == 0
