"""The tables, one schema for SQLite and PostgreSQL. Alembic migrations (``migrations/versions``) create and
change them; this module is what the queries are written against.

No table holds a Telegram user or chat id: users are keyed by a keyed hash (``bot/privacy.py``), messages by a
keyed hash of chat and message id, and the question logs carry no user at all.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Float, Index, Integer, MetaData, SmallInteger, String, Table, Text

KEY = 64
"""A hex HMAC-SHA256."""
ENTRY_ID = 128
QUESTION_MEMORY_CHARS = 1_000

metadata = MetaData()

language_choice = Table(
    "language_choice",
    metadata,
    Column("user_key", String(KEY), primary_key=True),
    Column("lang", String(8), nullable=False),
    Column("updated", DateTime(timezone=True), nullable=False),
)

question_log = Table(
    "question_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("asked", DateTime(timezone=True), nullable=False, index=True),
    Column("lang", String(8), nullable=False),
    Column("status", String(16), nullable=False),
    Column("entry_id", String(ENTRY_ID), nullable=True),
)
"""Every question and how it went, for /stats: no text, no user."""

inbox = Table(
    "inbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("asked", DateTime(timezone=True), nullable=False, index=True),
    Column("lang", String(8), nullable=False),
    Column("status", String(16), nullable=False),
    Column("question", Text, nullable=False),
    Column("guess", String(ENTRY_ID), nullable=True),
    Column("score", Float, nullable=True),
    Column("candidates", Text, nullable=False, default=""),
    Column("message_key", String(KEY), nullable=True, index=True),
)
"""The curators' inbox: questions not answered confidently, masked, without a user."""

votes = Table(
    "votes",
    metadata,
    Column("user_key", String(KEY), primary_key=True),
    Column("message_key", String(KEY), primary_key=True),
    Column("entry_id", String(ENTRY_ID), nullable=False),
    Column("lang", String(8), nullable=False),
    Column("vote", SmallInteger, nullable=False),
    Column("updated", DateTime(timezone=True), nullable=False, index=True),
)
"""👍 (+1) / 👎 (-1), one per user and answer message, changeable."""

memory = Table(
    "message_memory",
    metadata,
    Column("key", String(KEY + 2), primary_key=True),
    Column("owner", String(KEY), nullable=True),
    Column("payload", Text, nullable=False),
    Column("expires", DateTime(timezone=True), nullable=False),
    Index("ix_message_memory_owner", "owner"),
    Index("ix_message_memory_expires", "expires"),
)
"""What a reply needs later (the answer to edit, the question behind a button), shared by every replica and
forgotten after its time-to-live."""
