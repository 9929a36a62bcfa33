"""The first versioned schema: language choices, the question log, the inbox, votes and the message memory.

A data folder from before migrations (a ``bot.sqlite3`` with ``language_choice`` and ``unanswered`` tables) is
carried over: the language choices are kept and the unanswered questions become fallback rows of the inbox.

Revision ID: 0001
Revises:
Create Date: 2026-12-07
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

KEY = 64
ENTRY_ID = 128


def upgrade() -> None:
    bind = op.get_bind()
    existing = set(sa.inspect(bind).get_table_names())
    legacy_languages: list[tuple[str, str]] = []
    legacy_questions: list[tuple[str, str, str]] = []
    if "language_choice" in existing:
        legacy_languages = [
            (str(k), str(v)) for k, v in bind.execute(sa.text("SELECT user_key, lang FROM language_choice"))
        ]
        op.drop_table("language_choice")
    if "unanswered" in existing:
        legacy_questions = [
            (str(a), str(b), str(c))
            for a, b, c in bind.execute(sa.text("SELECT asked, lang, question FROM unanswered"))
        ]
        op.drop_table("unanswered")

    languages = op.create_table(
        "language_choice",
        sa.Column("user_key", sa.String(KEY), primary_key=True),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "question_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("asked", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("entry_id", sa.String(ENTRY_ID), nullable=True),
    )
    op.create_index("ix_question_log_asked", "question_log", ["asked"])
    inbox = op.create_table(
        "inbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("asked", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("guess", sa.String(ENTRY_ID), nullable=True),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("candidates", sa.Text, nullable=False),
        sa.Column("message_key", sa.String(KEY), nullable=True),
    )
    op.create_index("ix_inbox_asked", "inbox", ["asked"])
    op.create_index("ix_inbox_message_key", "inbox", ["message_key"])
    op.create_table(
        "votes",
        sa.Column("user_key", sa.String(KEY), primary_key=True),
        sa.Column("message_key", sa.String(KEY), primary_key=True),
        sa.Column("entry_id", sa.String(ENTRY_ID), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("vote", sa.SmallInteger, nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_votes_updated", "votes", ["updated"])
    op.create_table(
        "message_memory",
        sa.Column("key", sa.String(KEY + 2), primary_key=True),
        sa.Column("owner", sa.String(KEY), nullable=True),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("expires", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_message_memory_owner", "message_memory", ["owner"])
    op.create_index("ix_message_memory_expires", "message_memory", ["expires"])

    now = dt.datetime.now(dt.UTC)
    if legacy_languages:
        op.bulk_insert(languages, [{"user_key": k, "lang": v, "updated": now} for k, v in legacy_languages])
    if legacy_questions:
        op.bulk_insert(
            inbox,
            [
                {"asked": _when(a, now), "lang": b, "status": "fallback", "question": c, "candidates": ""}
                for a, b, c in legacy_questions
            ],
        )


def downgrade() -> None:
    for table in ("message_memory", "votes", "inbox", "question_log", "language_choice"):
        op.drop_table(table)


def _when(text: str, default: dt.datetime) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        return default
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
