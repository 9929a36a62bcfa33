"""What the handlers need from storage, as a protocol and plain records, so they never import the bot layer.

The bot layer implements it (``bot/storage/store.py``) on SQLite or PostgreSQL. Every method may be slow or
fail inside; the implementation never raises for a database fault (it logs and carries on), so a user always
gets their reply.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, Protocol

InboxStatus = Literal["fallback", "clarify", "none_of_these", "downvote", "didnt_help"]
"""Why a question is in the curators' inbox: no answer; a "did you mean"; the user rejected its options; the user
voted 👎 on its answer; the user said the fallback did not help."""


@dataclass(frozen=True)
class SentReply:
    """The bot's messages answering one user message, and a fingerprint of each (to skip no-op edits)."""

    message_ids: tuple[int, ...]
    fingerprints: tuple[str, ...]


@dataclass(frozen=True)
class Asked:
    """A question and how the bot replied to it, as recorded for the statistics and the inbox."""

    question: str
    lang: str
    status: str
    """The engine's: answer, clarify or fallback."""
    entry_id: str | None = None
    score: float = 0.0
    candidates: tuple[tuple[str, float], ...] = ()
    """The best entries and their scores (the inbox shows the bot's guess)."""


@dataclass(frozen=True)
class Exchange:
    """One user message and the bot's reply to it, remembered for what comes later: an edit of the message
    edits ``sent``; the buttons under the reply's last message find ``asked`` (None for a command or notice)."""

    chat_id: int
    user_id: int | None
    message_id: int
    sent: SentReply
    asked: Asked | None = None


@dataclass(frozen=True)
class MessageContext:
    """What the buttons of one bot message need: the question behind it and where it stands in the inbox."""

    lang: str
    question: str = ""
    entry_id: str | None = None
    inbox_id: int | None = None


@dataclass(frozen=True)
class InboxGroup:
    """Questions of the inbox asked in similar words: how many, one example, the bot's usual guess."""

    count: int
    example: str
    lang: str
    last_asked: dt.datetime
    guess: str | None
    statuses: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Stats:
    """What happened over the last ``days``: questions by status and language, top entries, votes by entry."""

    days: int
    questions: int
    by_status: tuple[tuple[str, int], ...]
    by_language: tuple[tuple[str, int], ...]
    top_entries: tuple[tuple[str, int], ...]
    votes: tuple[tuple[str, int, int], ...]
    """(entry id, 👍, 👎); the fallback's "This didn't help" has the entry id ``""``."""

    @property
    def answered_share(self) -> float:
        answered = dict(self.by_status).get("answer", 0)
        return answered / self.questions if self.questions else 0.0


class Store(Protocol):
    """Language choices, the memory of replies, votes, the inbox and statistics; users are hashed inside."""

    async def language(self, user_id: int) -> str | None: ...
    async def set_language(self, user_id: int, lang: str) -> None: ...
    async def forget(self, user_id: int) -> bool:
        """Deletes everything kept about the user; False if the database could not be reached."""
        ...

    async def previous_reply(self, chat_id: int, message_id: int) -> SentReply | None: ...
    async def record(self, exchange: Exchange) -> None: ...
    async def message_context(self, chat_id: int, message_id: int) -> MessageContext | None: ...
    async def mark(self, context: MessageContext, status: InboxStatus) -> None:
        """Moves the question behind a message to ``status`` in the inbox ("none of these", "didn't help")."""
        ...

    async def vote(self, user_id: int, chat_id: int, message_id: int, entry_id: str, lang: str, value: int) -> None:
        """Records 👍 (+1) or 👎 (-1) for one answer message, replacing the user's earlier vote on it."""
        ...

    async def stats(self, days: int) -> Stats: ...
    async def inbox(self, days: int) -> list[InboxGroup]: ...
