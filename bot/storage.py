"""The bot's only persistent state, in one SQLite file (the standard library's sqlite3 is all we need).

Two tables: each user's language choice, keyed by a salted hash of the user id (never the id itself), and the
questions the bot could not answer — text, language and time only, no user — so curators can grow the
knowledge base. Both stay small: the unanswered log keeps the newest ``MAX_UNANSWERED`` rows.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from bot.privacy import UserHasher, load_or_create_salt

DATABASE_FILE = "bot.sqlite3"
MAX_UNANSWERED = 10_000
MAX_QUESTION_CHARS = 1_000
MAX_CACHED_LANGUAGES = 100_000
"""Users whose language choice is kept in memory; beyond that the cache starts over."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS language_choice (
    user_key TEXT PRIMARY KEY,
    lang TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS unanswered (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    asked TEXT NOT NULL,
    lang TEXT NOT NULL,
    question TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Unanswered:
    """A question the bot had no answer for."""

    asked: dt.datetime
    lang: str
    question: str


class Storage:
    """Language choices and the unanswered-questions log; user ids are hashed by ``user_key`` before use."""

    def __init__(self, path: Path | str, user_key: Callable[[int], str]) -> None:
        if isinstance(path, Path):
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._user_key = user_key
        self._languages: dict[str, str | None] = {}

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Storage:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def language(self, user_id: int) -> str | None:
        """The language the user chose with /lang, or None if they never chose.

        Asked on every update, so answers are kept in memory (by the hashed key; this process is the
        database's only writer)."""
        key = self._user_key(user_id)
        if key not in self._languages:
            if len(self._languages) >= MAX_CACHED_LANGUAGES:
                self._languages.clear()
            row = self._db.execute("SELECT lang FROM language_choice WHERE user_key = ?", (key,)).fetchone()
            self._languages[key] = str(row[0]) if row else None
        return self._languages[key]

    def set_language(self, user_id: int, lang: str) -> None:
        key = self._user_key(user_id)
        with self._db:
            self._db.execute(
                "INSERT INTO language_choice (user_key, lang, updated) VALUES (?, ?, ?) "
                "ON CONFLICT(user_key) DO UPDATE SET lang = excluded.lang, updated = excluded.updated",
                (key, lang, _now().isoformat()),
            )
        self._languages[key] = lang

    def log_unanswered(self, question: str, lang: str, when: dt.datetime | None = None) -> None:
        """Records a question without an answer (no user id); trims the log to its newest rows."""
        question = question.strip()[:MAX_QUESTION_CHARS]
        if not question:
            return
        with self._db:
            cursor = self._db.execute(
                "INSERT INTO unanswered (asked, lang, question) VALUES (?, ?, ?)",
                ((when or _now()).isoformat(), lang, question),
            )
            if cursor.lastrowid and cursor.lastrowid % 100 == 0:
                self._db.execute("DELETE FROM unanswered WHERE id <= ?", (cursor.lastrowid - MAX_UNANSWERED,))

    def unanswered(self, limit: int = 20) -> list[Unanswered]:
        """The newest unanswered questions, newest first."""
        rows = self._db.execute(
            "SELECT asked, lang, question FROM unanswered ORDER BY id DESC LIMIT ?", (max(limit, 0),)
        ).fetchall()
        return [Unanswered(dt.datetime.fromisoformat(when), lang, text) for when, lang, text in rows]


def open_storage(data_dir: Path, salt: str = "") -> Storage:
    """The storage of a bot whose data lives in ``data_dir`` (creating it and its salt if needed)."""
    return Storage(data_dir / DATABASE_FILE, UserHasher(load_or_create_salt(data_dir, salt)))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
