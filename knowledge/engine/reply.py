"""What the engine hands to a front end (Telegram, console, CLI): everything needed to render one reply, and
the replies that need no matching (an entry chosen by a button, a topic, the menus, the fallback)."""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from typing import Literal

from knowledge.kb.model import LANGUAGES, Entry, KnowledgeBase

Status = Literal["answer", "clarify", "fallback"]

MAX_RELATED = 3
"""Related questions offered under an answer."""


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

    ``query`` is the text it replies to ("" when an entry or a topic was chosen by a button or a deep link).
    ``html`` is ready to send in Telegram's HTML mode. ``offered`` are the entries offered under it: the related
    questions after an answer, the "did you mean" options when clarifying, a topic's questions; ``topics`` the
    topics offered (after a fallback, on /start and /topics). Which buttons a front end shows is the reply's
    view (``knowledge/engine/view.py``).
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
    offered: tuple[Candidate, ...] = ()
    topics: tuple[TopicChoice, ...] = ()
    reason: str = ""
    second: Entry | None = None
    """For a message asking two things at once, the entry answering the other one ("What is IOM, and since
    when is it in Kyrgyzstan?"): ``html`` then holds both answers, each under its title."""


class Replies:
    """The replies built from the knowledge base alone, in a language it has (English otherwise)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.languages: tuple[str, ...] = LANGUAGES

    def language(self, lang: str) -> str:
        return lang if lang in self.languages else "en"

    def text(self, key: str, lang: str) -> str:
        return self.kb.text(key, lang)

    def candidate(self, entry_id: str, lang: str, score: float = 0.0) -> Candidate:
        entry = self.kb.entry(entry_id)
        title = entry.title[lang] if entry is not None else entry_id
        return Candidate(entry_id=entry_id, title=title, score=round(score, 4))

    def answer(self, query: str, entry: Entry, lang: str, score: float, candidates: tuple[Candidate, ...]) -> Reply:
        related = tuple(self.candidate(entry_id, lang) for entry_id in entry.related[:MAX_RELATED])
        return Reply(
            query=query,
            status="answer",
            lang=lang,
            html=entry.answer[lang],
            entry=entry,
            score=score,
            candidates=candidates,
            offered=related,
        )

    def entry(self, entry_id: str, lang: str) -> Reply | None:
        """The answer of an entry chosen by id (a button, a deep link), or None when there is no such entry."""
        entry = self.kb.entry(entry_id)
        if entry is None:
            return None
        return replace(self.answer("", entry, self.language(lang), 1.0, ()), reason=f"answer: '{entry_id}' chosen")

    def topic(self, topic_id: str, lang: str) -> Reply | None:
        """A topic's questions as buttons, or None when there is no such topic."""
        lang = self.language(lang)
        topic = next((topic for topic in self.kb.topics if topic.id == topic_id), None)
        if topic is None:
            return None
        header = f"<b>{html.escape(topic.title[lang])}</b>\n{self.text('topic_questions', lang)}"
        offered = tuple(self.candidate(entry_id, lang) for entry_id in topic.entry_ids)
        why = f"answer: the topic '{topic_id}'"
        return Reply(query="", status="answer", lang=lang, html=header, offered=offered, reason=why)

    def menu(self, query: str, key: str, lang: str, listed: bool = False) -> Reply:
        """The interface text ``key`` with the topics as buttons (the greeting, /topics, the fallback); ``listed``
        names them in the text too (/topics: the message says what the bot knows even where buttons do not show,
        as in a notification)."""
        topics = tuple(TopicChoice(topic.id, topic.title[lang]) for topic in self.kb.topics)
        text = self.text(key, lang)
        if listed:
            text += "".join(f"\n• {html.escape(topic.title, quote=False)}" for topic in topics)
        why = f"answer: the {key} menu"
        return Reply(query=query, status="answer", lang=lang, html=text, topics=topics, reason=why)

    def fallback(
        self, lang: str, query: str = "", candidates: tuple[Candidate, ...] = (), reason: str = "fallback"
    ) -> Reply:
        """The honest "I don't know" with the topics the bot does know."""
        lang = self.language(lang)
        return replace(self.menu(query, "fallback", lang), status="fallback", candidates=candidates, reason=reason)
