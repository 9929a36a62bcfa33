"""The bot's storage on SQLite or PostgreSQL (SQLAlchemy Core, async): language choices, the memory of replies,
votes, the question log and the curators' inbox.

Every user is a keyed hash; messages are keyed by a keyed hash of chat and message id, so no Telegram id is
stored anywhere. Question texts are kept only where curators need them (the inbox, masked) or a button may
still need them (the memory of an answer's question, for a 👎, forgotten after ``MEMORY_TTL``). Every method
survives a database fault (``faults.py``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import and_, case, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.privacy import UserHasher, load_or_create_salt
from bot.storage import schema
from bot.storage.database import create_engine, database_url, sqlite_path, upgrade
from bot.storage.faults import FaultLog, tolerant
from bot.storage.inbox import InboxRow, group, mask
from handlers.store import (
    Asked,
    Exchange,
    InboxGroup,
    InboxStatus,
    MessageContext,
    SentReply,
    Stats,
)

logger = logging.getLogger("bot.storage")

MEMORY_TTL = dt.timedelta(hours=48)
"""How long an answer can still be edited or voted on with its question known (Telegram lets users edit their
messages for longer, but a question two days old is no longer a conversation)."""
RETENTION_DAYS = 90
FLUSH_SECONDS = 0.05
"""How long exchanges are gathered before they are written together (another replica sees them this late)."""
MAX_BATCH = 200
MAX_CACHED_LANGUAGES = 100_000
"""Users whose language choice is kept in memory (SQLite); beyond that the cache starts over."""
TOP_ENTRIES = 10
INBOX_STATUSES: frozenset[str] = frozenset({"fallback", "clarify"})
"""Replies whose question goes to the inbox at once (an answer's goes there only on a 👎)."""


class SqlStore:
    """The ``handlers.store.Store`` of the running bot, and the queries of ``python -m bot stats/unanswered``."""

    def __init__(self, engine: AsyncEngine, hasher: Callable[[str], str], retention_days: int = RETENTION_DAYS):
        self._engine = engine
        self._hash = hasher
        self.retention_days = retention_days
        self.faults = FaultLog()
        self._upsert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        self._file = sqlite_path(engine.url)
        self._inode = _inode(self._file)
        self._pending: list[Exchange] = []
        self._writing = asyncio.Lock()
        self._languages: dict[str, str | None] = {}
        """SQLite only: each user's choice as last read or written (hashed keys)."""
        self._every_language_known = False
        """SQLite only: ``_languages`` holds every choice there is (``load_languages``)."""
        self._flushing: asyncio.Future[None] | None = None
        table = schema.memory
        upsert = self._upsert(table)
        self._remember_many = upsert.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "owner": upsert.excluded.owner,
                "payload": upsert.excluded.payload,
                "expires": upsert.excluded.expires,
            },
        )

    def file_lost(self) -> bool:
        """Whether the SQLite file was deleted or replaced while the bot runs (logged each time it is found so):
        SQLite keeps writing to the deleted file, and everything written is lost at the next start."""
        if self._file is None or self._inode is None or _inode(self._file) == self._inode:
            return False
        logger.error(
            "the database file %s was deleted or replaced while the bot runs: what is stored now is lost when it "
            "stops. Restart the bot (it creates a fresh file) or put the file back.",
            self._file,
        )
        return True

    @property
    def engine(self) -> AsyncEngine:
        return self._engine

    async def close(self) -> None:
        """Writes what is gathered and closes the connections. A write under way is awaited, never cancelled:
        a transaction cut off while its connection closes waits forever on aiosqlite's thread."""
        if self._flushing is not None and not self._flushing.done():
            await asyncio.wait([self._flushing])  # its short pause, then its write
        await self.flush()
        await self._engine.dispose()

    # --- users -------------------------------------------------------------------------------------------

    def _user(self, user_id: int) -> str:
        return self._hash(str(user_id))

    def _message(self, chat_id: int, message_id: int) -> str:
        return self._hash(f"message:{chat_id}:{message_id}")

    @tolerant(None)
    async def language(self, user_id: int) -> str | None:
        """Asked on every update. On SQLite, which only this process writes, answers are kept in memory; with
        PostgreSQL another replica may change a choice at any moment, so each is read."""
        key = self._user(user_id)
        if key in self._languages:
            return self._languages[key]
        if self._every_language_known:
            return None
        query = select(schema.language_choice.c.lang).where(schema.language_choice.c.user_key == key)
        async with self._engine.connect() as connection:
            lang = (await connection.execute(query)).scalar_one_or_none()
        if self._file is not None:
            if len(self._languages) >= MAX_CACHED_LANGUAGES:
                self._languages.clear()
                self._every_language_known = False
            self._languages[key] = lang
        return lang

    async def load_languages(self) -> None:
        """SQLite: reads every language choice into memory at start (when there are at most
        ``MAX_CACHED_LANGUAGES``), so that no update waits for the database to learn that its user never
        chose one — most never do."""
        if self._file is None:
            return
        table = schema.language_choice
        async with self._engine.connect() as connection:
            rows = (
                await connection.execute(select(table.c.user_key, table.c.lang).limit(MAX_CACHED_LANGUAGES + 1))
            ).all()
        if len(rows) <= MAX_CACHED_LANGUAGES:
            self._languages = {str(key): str(lang) for key, lang in rows}
            self._every_language_known = True

    @tolerant(None)
    async def set_language(self, user_id: int, lang: str) -> None:
        table = schema.language_choice
        statement = self._upsert(table).values(user_key=self._user(user_id), lang=lang, updated=_now())
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.user_key], set_={"lang": lang, "updated": _now()}
        )
        async with self._engine.begin() as connection:
            await connection.execute(statement)
        if self._file is not None:
            self._languages[self._user(user_id)] = lang

    @tolerant(False)
    async def forget(self, user_id: int) -> bool:
        key = self._user(user_id)
        await self.flush()
        async with self._engine.begin() as connection:
            await connection.execute(delete(schema.language_choice).where(schema.language_choice.c.user_key == key))
            await connection.execute(delete(schema.votes).where(schema.votes.c.user_key == key))
            await connection.execute(delete(schema.memory).where(schema.memory.c.owner == key))
        self._languages.pop(key, None)
        return True

    # --- the memory of replies ---------------------------------------------------------------------------

    @tolerant(None)
    async def previous_reply(self, chat_id: int, message_id: int) -> SentReply | None:
        payload = await self._recall("r" + self._message(chat_id, message_id))
        if payload is None:
            return None
        return SentReply(tuple(payload["ids"]), tuple(payload["prints"]))

    @tolerant(None)
    async def message_context(self, chat_id: int, message_id: int) -> MessageContext | None:
        payload = await self._recall("b" + self._message(chat_id, message_id))
        if payload is None:
            return None
        return MessageContext(payload["lang"], payload.get("q", ""), payload.get("entry"), payload.get("inbox"))

    async def record(self, exchange: Exchange) -> None:
        """Logs the question (statistics; the inbox when not answered confidently) and remembers the reply for
        an edit of the message and the question for the buttons under it.

        Written behind: exchanges are gathered for ``FLUSH_SECONDS`` (or ``MAX_BATCH`` of them) and written in one
        transaction, since a transaction per message costs more than answering it. Every read of what they
        write flushes first, so this process always reads its own writes; another replica sees them within
        ``FLUSH_SECONDS``."""
        self._pending.append(exchange)
        if len(self._pending) >= MAX_BATCH:
            await self.flush()
        elif self._flushing is None or self._flushing.done():
            self._flushing = asyncio.ensure_future(self._flush_soon())

    async def _flush_soon(self) -> None:
        await asyncio.sleep(FLUSH_SECONDS)
        await self.flush()

    async def flush(self) -> None:
        """Writes the exchanges gathered so far (a database fault loses them, logged, and costs no reply).

        One batch at a time: two transactions of this process writing together made SQLite answer "database is
        locked" under a burst, and the batch was lost (found by benchmarks/soak.py)."""
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        async with self._writing:
            await self._write(batch)

    @tolerant(None)
    async def _write(self, batch: list[Exchange]) -> None:
        now = _now()
        replies: list[dict[str, Any]] = []
        contexts: list[dict[str, Any]] = []
        logged: list[dict[str, Any]] = []
        async with self._engine.begin() as connection:
            for exchange in batch:
                owner = self._user(exchange.user_id) if exchange.user_id is not None else None
                sent, asked = exchange.sent, exchange.asked
                reply = {"ids": list(sent.message_ids), "prints": list(sent.fingerprints)}
                replies.append(
                    self._memory_row("r" + self._message(exchange.chat_id, exchange.message_id), owner, reply)
                )
                if asked is None or not sent.message_ids:
                    continue
                logged.append(
                    {"asked": now, "lang": asked.lang, "status": asked.status, "entry_id": _answered_entry(asked)}
                )
                inbox_id = None
                if asked.status in INBOX_STATUSES and asked.question.strip():
                    inbox_id = await self._add_to_inbox(connection, asked, asked.status)
                context: dict[str, Any] = {"lang": asked.lang, "entry": asked.entry_id, "inbox": inbox_id}
                if inbox_id is None and asked.entry_id:
                    context["q"] = asked.question[: schema.QUESTION_MEMORY_CHARS]  # for a 👎 on this answer
                key = "b" + self._message(exchange.chat_id, sent.message_ids[-1])
                contexts.append(self._memory_row(key, owner, context))
            if logged:
                await connection.execute(insert(schema.question_log), logged)
            for rows in (replies, contexts):
                if rows:
                    await connection.execute(self._remember_many, _last_per_key(rows))

    async def _add_to_inbox(
        self, connection: AsyncConnection, asked: Asked, status: str, message_key: str | None = None
    ) -> int:
        best = asked.candidates[0] if asked.candidates else (asked.entry_id, asked.score)
        result = await connection.execute(
            insert(schema.inbox)
            .values(
                asked=_now(),
                lang=asked.lang,
                status=status,
                question=mask(asked.question),
                guess=best[0],
                score=round(best[1], 3) if best[0] else None,
                candidates=json.dumps([[entry, round(score, 3)] for entry, score in asked.candidates]),
                message_key=message_key,
            )
            .returning(schema.inbox.c.id)
        )
        return int(result.scalar_one())

    def _memory_row(self, key: str, owner: str | None, payload: Any) -> dict[str, Any]:
        return {
            "key": key,
            "owner": owner,
            "payload": json.dumps(payload, ensure_ascii=False),
            "expires": _now() + MEMORY_TTL,
        }

    async def _recall(self, key: str) -> Any:
        await self.flush()
        table = schema.memory
        query = select(table.c.payload).where(and_(table.c.key == key, table.c.expires > _now()))
        async with self._engine.connect() as connection:
            text = (await connection.execute(query)).scalar_one_or_none()
        return json.loads(text) if text else None

    # --- polling across restarts -------------------------------------------------------------------------------

    @tolerant(frozenset())
    async def handled_updates(self) -> frozenset[int]:
        """Update ids the last run handled after its first unhandled one (``bot/polling.py``)."""
        table = schema.memory
        query = select(table.c.key).where(and_(table.c.key.like("u%"), table.c.expires > _now()))
        async with self._engine.connect() as connection:
            return frozenset(int(key[1:]) for key in (await connection.execute(query)).scalars())

    @tolerant(None)
    async def remember_handled_updates(self, update_ids: Sequence[int]) -> None:
        """Replaces the list of handled update ids the next start must skip (ids only: no user, no text)."""
        table = schema.memory
        async with self._engine.begin() as connection:
            await connection.execute(delete(table).where(table.c.key.like("u%")))
            if update_ids:
                await connection.execute(insert(table), [self._memory_row(f"u{i}", None, 1) for i in update_ids])

    # --- buttons -----------------------------------------------------------------------------------------

    @tolerant(None)
    async def mark(self, context: MessageContext, status: InboxStatus) -> None:
        if context.inbox_id is None:
            return
        statement = update(schema.inbox).where(schema.inbox.c.id == context.inbox_id).values(status=status)
        async with self._engine.begin() as connection:
            await connection.execute(statement)

    @tolerant(None)
    async def vote(self, user_id: int, chat_id: int, message_id: int, entry_id: str, lang: str, value: int) -> None:
        """The vote replaces the user's earlier one on this message. The answer's question is in the inbox (as
        "downvote", once per message) while at least one 👎 stands on it."""
        table = schema.votes
        user, message = self._user(user_id), self._message(chat_id, message_id)
        values = {"entry_id": entry_id, "lang": lang, "vote": 1 if value > 0 else -1, "updated": _now()}
        statement = self._upsert(table).values(user_key=user, message_key=message, **values)
        statement = statement.on_conflict_do_update(index_elements=[table.c.user_key, table.c.message_key], set_=values)
        context = await self.message_context(chat_id, message_id) if entry_id else None
        async with self._engine.begin() as connection:
            await connection.execute(statement)
            if context is not None and context.question:
                await self._sync_downvote(connection, message, context)

    async def _sync_downvote(self, connection: AsyncConnection, message: str, context: MessageContext) -> None:
        inbox, votes = schema.inbox, schema.votes
        downs = await connection.scalar(
            select(func.count()).where(and_(votes.c.message_key == message, votes.c.vote < 0))
        )
        listed = await connection.scalar(
            select(func.count()).where(and_(inbox.c.message_key == message, inbox.c.status == "downvote"))
        )
        if downs and not listed:
            asked = Asked(context.question, context.lang, "answer", context.entry_id)
            await self._add_to_inbox(connection, asked, "downvote", message)
        elif not downs and listed:
            await connection.execute(
                delete(inbox).where(and_(inbox.c.message_key == message, inbox.c.status == "downvote"))
            )

    # --- curators ----------------------------------------------------------------------------------------

    async def stats(self, days: int) -> Stats:
        await self.flush()
        since = _now() - dt.timedelta(days=days)
        log, votes = schema.question_log, schema.votes
        recent = log.c.asked >= since
        async with self._engine.connect() as connection:
            by_status = await _counts(connection, log.c.status, recent)
            by_language = await _counts(connection, log.c.lang, recent)
            top = await _counts(connection, log.c.entry_id, and_(recent, log.c.entry_id.is_not(None)), TOP_ENTRIES)
            up = func.sum(case((votes.c.vote > 0, 1), else_=0))
            down = func.sum(case((votes.c.vote < 0, 1), else_=0))
            rows = await connection.execute(
                select(votes.c.entry_id, up, down)
                .where(votes.c.updated >= since)
                .group_by(votes.c.entry_id)
                .order_by(down.desc(), votes.c.entry_id)
            )
            voted = tuple((str(entry), int(u or 0), int(d or 0)) for entry, u, d in rows)
        total = sum(count for _, count in by_status)
        return Stats(days, total, by_status, by_language, top, voted)

    async def inbox(self, days: int) -> list[InboxGroup]:
        return group(await self.inbox_rows(days))

    async def inbox_rows(self, days: int) -> list[InboxRow]:
        await self.flush()
        table = schema.inbox
        query = (
            select(table.c.asked, table.c.lang, table.c.status, table.c.question, table.c.guess)
            .where(table.c.asked >= _now() - dt.timedelta(days=days))
            .order_by(table.c.asked.desc())
        )
        async with self._engine.connect() as connection:
            rows = await connection.execute(query)
            return [InboxRow(_utc(a), lang, status, question, guess) for a, lang, status, question, guess in rows]

    @tolerant(0)
    async def purge(self) -> int:
        """Deletes what is past its time: inbox rows, question-log rows and votes older than the retention,
        memory past its time-to-live. Returns the rows deleted."""
        cutoff = _now() - dt.timedelta(days=self.retention_days)
        deleted = 0
        await self.flush()
        async with self._engine.begin() as connection:
            for table, column in (
                (schema.inbox, schema.inbox.c.asked),
                (schema.question_log, schema.question_log.c.asked),
                (schema.votes, schema.votes.c.updated),
            ):
                deleted += (await connection.execute(delete(table).where(column < cutoff))).rowcount
            expired = delete(schema.memory).where(schema.memory.c.expires <= _now())
            deleted += (await connection.execute(expired)).rowcount
        return deleted


async def open_store(
    configured_url: str, data_dir: Path, salt: str = "", retention_days: int = RETENTION_DAYS
) -> SqlStore:
    """The store of a bot: the database of ``configured_url`` (else SQLite in ``data_dir``), migrated to the
    newest schema, with users hashed by the salt (``salt``, else the one kept in ``data_dir``)."""
    engine = create_engine(database_url(configured_url, data_dir))
    try:
        await upgrade(engine)
    except BaseException:
        await engine.dispose()
        raise
    hasher = UserHasher(load_or_create_salt(data_dir, salt))
    store = SqlStore(engine, hasher, retention_days)
    await store.load_languages()
    return store


async def _counts(connection: AsyncConnection, column: Any, where: Any, limit: int | None = None) -> tuple[Any, ...]:
    count = func.count()
    query = select(column, count).where(where).group_by(column).order_by(count.desc(), column)
    if limit is not None:
        query = query.limit(limit)
    return tuple((str(key), int(n)) for key, n in await connection.execute(query))


def _inode(path: Path | None) -> int | None:
    try:
        return path.stat().st_ino if path is not None else None
    except OSError:
        return -1  # gone


def _answered_entry(asked: Asked) -> str | None:
    return asked.entry_id if asked.status == "answer" else None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(when: dt.datetime) -> dt.datetime:
    """SQLite hands datetimes back without a zone; every one stored is UTC."""
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _last_per_key(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per key, the latest (an upsert of many rows may not touch one row twice)."""
    return list({row["key"]: row for row in rows}.values())
