"""What the engine hands to a front end (Telegram, console, CLI): everything needed to render one reply."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.kb.model import Entry

Status = Literal["answer", "clarify", "fallback"]


@dataclass(frozen=True)
class Candidate:
    """An entry offered to the user (a ranked match, a related question or a menu item)."""

    entry_id: str
    title: str
    score: float = 0.0


@dataclass(frozen=True)
class TopicChoice:
    """A topic of the menu, offered as a button after a fallback or on /topics."""

    topic_id: str
    title: str


@dataclass(frozen=True)
class Reply:
    """One reply of the bot.

    ``html`` is ready to send in Telegram's HTML mode; ``suggestions`` are the buttons to show under it:
    related questions after an answer, the "did you mean" options when clarifying, a topic's questions;
    ``topics`` are topic buttons (after a fallback, on /start and /topics).
    ``candidates`` are the ranked matches whatever the status, for logs, JSON output and evaluation.
    ``reason`` says in a sentence why the engine answered, clarified or fell back (``ask --explain``, JSON).
    """

    query: str
    status: Status
    lang: str
    html: str
    entry: Entry | None = None
    score: float = 0.0
    candidates: tuple[Candidate, ...] = ()
    suggestions: tuple[Candidate, ...] = ()
    topics: tuple[TopicChoice, ...] = ()
    reason: str = ""
    second: Entry | None = None
    """For a message asking two things at once, the entry answering the other one ("What is IOM, and since
    when is it in Kyrgyzstan?"): ``html`` then holds both answers, each under its title."""
