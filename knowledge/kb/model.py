"""The knowledge base as the rest of the code sees it: plain, immutable values.

The YAML layout curators edit is described in ``knowledge/data/README.md``; the loader turns it into these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from knowledge.kb.telegram_html import html_to_text
from knowledge.text.lexicon import LANGUAGES as LANGUAGES  # every entry and interface text is in each

if TYPE_CHECKING:
    from knowledge.kb.vocabulary import Vocabulary

PLACEHOLDERS: dict[str, frozenset[str]] = {
    "admin_reloaded": frozenset({"entries"}),
    "admin_unanswered": frozenset({"days", "questions", "groups"}),
    "admin_unknown_words": frozenset({"words"}),
    "admin_stats": frozenset({"days", "questions", "answered", "statuses", "languages", "entries", "votes"}),
    "admin_export": frozenset({"days"}),
    "privacy": frozenset({"days"}),
}
"""The interface texts the bot fills in (``KnowledgeBase.filled``), and the names each may use ("{days}"): any
other name, or a lone brace, would fail when the text is shown, so ``validate`` and ``/reload`` refuse it."""

SMALLTALK_TOPIC = "smalltalk"
"""Entries of this topic are conversation (greeting, thanks…), not facts: never offered as topics."""

PerLanguage = dict[str, str]


@dataclass(frozen=True)
class Entry:
    """One answerable topic, with its phrasings and curated answer in every language."""

    id: str
    topic: str
    title: PerLanguage
    questions: dict[str, tuple[str, ...]]
    answer: PerLanguage
    source: str
    reviewed: dt.date
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)
    related: tuple[str, ...] = ()
    commands: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    """Entries this one lists the items of ("the four priorities" lists each priority): a question asking for
    the list and naming none of an item's own words is answered with this entry (``knowledge/matching/lists.py``)."""
    needs_review: tuple[str, ...] = ()
    near_misses: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Questions close to this entry's that its answer does not answer ("Where is Antje Grawe from?" beside who
    she is): a question matching one of them at least as well as its best entry is not answered with that entry
    (``knowledge/engine/decide.py``). Curators add them from the questions the bot answered wrongly."""
    line: int = 0
    file: str = ""

    def phrasings(self, lang: str) -> tuple[str, ...]:
        """Everything a user's question is matched against in one language: questions, then keywords."""
        return (*self.questions.get(lang, ()), *self.keywords.get(lang, ()))

    @property
    def is_smalltalk(self) -> bool:
        return self.topic == SMALLTALK_TOPIC


@dataclass(frozen=True)
class Topic:
    """A group of entries shown together in the topics menu."""

    id: str
    title: PerLanguage
    entry_ids: tuple[str, ...]


def _no_vocabulary() -> Vocabulary:
    from knowledge.kb.vocabulary import Vocabulary

    return Vocabulary()


@dataclass(frozen=True)
class KnowledgeBase:
    """Entries in file order, interface texts, the topics menu, and the words the matching rules look for."""

    entries: tuple[Entry, ...]
    ui: dict[str, PerLanguage]
    topics: tuple[Topic, ...]
    vocabulary: Vocabulary = field(default_factory=_no_vocabulary)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {entry.id: entry for entry in self.entries})
        object.__setattr__(self, "_by_command", {name: entry for entry in self.entries for name in entry.commands})

    def entry(self, entry_id: str) -> Entry | None:
        by_id: dict[str, Entry] = self._by_id  # type: ignore[attr-defined]
        return by_id.get(entry_id)

    def entry_for_command(self, command: str) -> Entry | None:
        by_command: dict[str, Entry] = self._by_command  # type: ignore[attr-defined]
        return by_command.get(command)

    def texts(self) -> list[str]:
        """Every phrasing and answer (as plain text) of every entry, in every language."""
        return [
            text
            for entry in self.entries
            for lang in LANGUAGES
            for text in (*entry.phrasings(lang), html_to_text(entry.answer[lang]))
        ]

    def text(self, key: str, lang: str) -> str:
        """An interface text; falls back to English so a missing translation never crashes a reply."""
        texts = self.ui[key]
        return texts.get(lang) or texts["en"]

    def filled(self, key: str, lang: str, **values: object) -> str:
        """An interface text with its placeholders filled in. The names must be the ones ``PLACEHOLDERS`` lets
        curators use: code passing others is a mistake the tests meet, not a text that fails for a curator."""
        if set(values) != PLACEHOLDERS[key]:
            raise ValueError(
                f"'{key}' is filled with {sorted(values)}, but its placeholders are {sorted(PLACEHOLDERS[key])}"
            )
        return self.text(key, lang).format(**values)
