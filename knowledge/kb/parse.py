"""Reading the knowledge base's YAML into drafts (``read_entry``, ``read_topic``, ``read_ui``), reporting wrong
shapes with their lines. A draft keeps whatever could be read of a broken entry, so the checks
(``knowledge/kb/checks.py``) still find every other problem in the same run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from string import Formatter
from typing import TypeVar

import yaml

from knowledge.kb.commands import DESCRIBED
from knowledge.kb.glossary import Glossary, misnamed
from knowledge.kb.model import LANGUAGES, PLACEHOLDERS, Entry, Topic
from knowledge.kb.problems import Problem, Sink
from knowledge.kb.telegram_html import html_problems
from knowledge.kb.yaml_fields import (
    Field,
    Reader,
    Text,
    read_date,
    read_mapping,
    read_per_language,
    read_text,
    read_texts,
    report_unknown,
)

REQUIRED_UI_KEYS: tuple[str, ...] = (
    "greeting",
    "help",
    "fallback",
    "clarify",
    "none_of_these",
    "related",
    "topics",
    "topic_questions",
    "lang_prompt",
    "lang_set",
    "lang_name",
    "non_text",
    "slow_down",
    "error",
    "expired",
    "shortened",
    "unknown_command",
    "topics_button",
    "inline_empty_hint",
    "bot_description",
    "bot_short_description",
    *DESCRIBED,
    "console_intro",
    "admin_reloaded",
    "admin_reload_failed",
    "admin_unanswered",
    "admin_unanswered_none",
    "admin_unknown_words",
    "admin_stats",
    "admin_export",
    "vote_thanks",
    "didnt_help",
    "didnt_help_thanks",
    "privacy",
    "forget_done",
    "forget_failed",
)
"""Every interface text the code asks for; ui.yaml must have each in every language, and nothing else."""


REQUIRED_FIELDS = ("id", "topic", "title", "questions", "answer", "source", "reviewed")
OPTIONAL_FIELDS = ("keywords", "related", "commands", "lists", "needs_review", "near_misses")
TOPIC_FIELDS = ("id", "title")

T = TypeVar("T")


@dataclass
class TopicDraft:
    """What could be read of one topic of topics.yaml."""

    file: str
    line: int
    id: Text | None = None
    title: dict[str, Text] = field(default_factory=dict)

    def problem(self, line: int, message: str) -> Problem:
        return Problem(self.file, line, None, message)

    def to_topic(self, entries: Sequence[Entry]) -> Topic:
        topic_id = present(self.id).value
        entry_ids = tuple(entry.id for entry in entries if entry.topic == topic_id)
        return Topic(topic_id, _values(self.title), entry_ids)


@dataclass
class EntryDraft:
    """What could be read of one entry: enough for the checks between entries even when a field is broken."""

    file: str
    line: int
    id: Text | None = None
    topic: Text | None = None
    title: dict[str, Text] = field(default_factory=dict)
    questions: dict[str, list[Text]] = field(default_factory=dict)
    keywords: dict[str, list[Text]] = field(default_factory=dict)
    answer: dict[str, Text] = field(default_factory=dict)
    related: list[Text] = field(default_factory=list)
    commands: list[Text] = field(default_factory=list)
    lists: list[Text] = field(default_factory=list)
    source: Text | None = None
    reviewed: dt.date | None = None
    needs_review: list[Text] = field(default_factory=list)
    near_misses: dict[str, list[Text]] = field(default_factory=dict)

    @property
    def entry_id(self) -> str | None:
        return self.id.value if self.id else None

    def problem(self, line: int, message: str) -> Problem:
        return Problem(self.file, line, self.entry_id, message)

    def place(self, line: int) -> str:
        return f"entry '{self.entry_id}' ({self.file}:{line})"

    def to_entry(self) -> Entry:
        """The finished entry; only called once no problem was found, so every required field is there."""
        return Entry(
            id=present(self.id).value,
            topic=present(self.topic).value,
            title=_values(self.title),
            questions=_lists(self.questions),
            answer=_values(self.answer),
            source=present(self.source).value,
            reviewed=present(self.reviewed),
            keywords=_lists(self.keywords),
            related=tuple(text.value for text in self.related),
            commands=tuple(text.value for text in self.commands),
            lists=tuple(text.value for text in self.lists),
            needs_review=tuple(text.value for text in self.needs_review),
            near_misses={lang: texts for lang, texts in _lists(self.near_misses).items() if texts},
            line=self.line,
            file=self.file,
        )


def present(value: T | None) -> T:
    if value is None:
        raise ValueError("a draft with problems cannot be built")
    return value


def _values(texts: dict[str, Text]) -> dict[str, str]:
    return {lang: text.value for lang, text in texts.items()}


def _lists(texts: dict[str, list[Text]]) -> dict[str, tuple[str, ...]]:
    return {lang: tuple(text.value for text in texts.get(lang, ())) for lang in LANGUAGES}


# Reading


def read_entry(item: Field, sink: Sink) -> EntryDraft | None:
    """One entry of an entries file; wrong shapes, missing and unknown fields go to ``sink``."""
    sink = sink.for_entry(_peek_id(item.node))
    fields = read_mapping(item, sink, "an entry (lines like 'id: …', 'topic: …')")
    if fields is None:
        return None
    draft = EntryDraft(sink.file, item.line, id=_field(fields, "id", read_text, sink))
    report_unknown(fields, REQUIRED_FIELDS + OPTIONAL_FIELDS, "field", sink)
    _report_missing(fields, REQUIRED_FIELDS, item.line, sink)
    draft.topic = _field(fields, "topic", read_text, sink)
    draft.title = _languages(fields, "title", read_text, sink)
    draft.questions = _languages(fields, "questions", read_texts, sink)
    draft.keywords = _languages(fields, "keywords", read_texts, sink, required=False)
    draft.answer = _languages(fields, "answer", read_text, sink)
    draft.related = _field(fields, "related", read_texts, sink) or []
    draft.commands = _field(fields, "commands", read_texts, sink) or []
    draft.lists = _field(fields, "lists", read_texts, sink) or []
    draft.source = _field(fields, "source", read_text, sink)
    draft.reviewed = _field(fields, "reviewed", read_date, sink)
    draft.needs_review = _field(fields, "needs_review", read_texts, sink) or []
    draft.near_misses = _languages(fields, "near_misses", read_texts, sink, required=False)
    return draft


def _peek_id(node: yaml.Node) -> str | None:
    """The entry's id as written, so that every problem of the entry, even the first, can name it."""
    for key, value in node.value if isinstance(node, yaml.MappingNode) else []:
        if key.value == "id" and isinstance(value, yaml.ScalarNode):
            return str(value.value).strip() or None
    return None


def read_topic(item: Field, sink: Sink) -> TopicDraft | None:
    """One topic of topics.yaml: an id and a title in every language."""
    fields = read_mapping(item, sink, "a topic (lines 'id: …' and 'title: …')")
    if fields is None:
        return None
    report_unknown(fields, TOPIC_FIELDS, "field", sink)
    _report_missing(fields, TOPIC_FIELDS, item.line, sink)
    topic_id = _field(fields, "id", read_text, sink)
    return TopicDraft(sink.file, item.line, topic_id, _languages(fields, "title", read_text, sink))


def read_ui(document: Field, sink: Sink, glossary: Glossary | None = None) -> dict[str, dict[str, str]]:
    """ui.yaml: every required interface text in every language, as valid Telegram HTML, naming bodies as the
    glossary does; nothing unknown."""
    fields = read_mapping(document, sink, "a mapping of interface texts (lines like 'greeting:')") or {}
    report_unknown(fields, REQUIRED_UI_KEYS, "interface text", sink)
    for key in REQUIRED_UI_KEYS:
        if key not in fields:
            sink.add(0, f"interface text '{key}' is missing")
    texts = {key: _languages(fields, key, read_text, sink) for key in REQUIRED_UI_KEYS if key in fields}
    for key, per_language in texts.items():
        for lang, text in per_language.items():
            for message in html_problems(text.value):
                sink.add(text.line, f"{key} ({lang}): {message}")
            for message in misnamed(glossary or {}, lang, text.value):
                sink.add(text.line, f"{key} ({lang}) {message}")
            if key in PLACEHOLDERS:
                for message in _placeholder_problems(text.value, PLACEHOLDERS[key]):
                    sink.add(text.line, f"{key} ({lang}): {message}")
    return {key: _values(per_language) for key, per_language in texts.items()}


def _placeholder_problems(text: str, allowed: frozenset[str]) -> list[str]:
    """Why a text the bot fills in would fail: a placeholder it has no value for, or a brace that opens none."""
    try:
        names = {name for _, name, _, _ in Formatter().parse(text) if name is not None}
    except ValueError as error:
        return [f"a brace that opens no placeholder ({error}); write {{{{ or }}}} for a brace itself"]
    unknown = sorted(names - allowed)
    if not unknown:
        return []
    named = ", ".join(f"{{{name}}}" for name in unknown)
    return [f"unknown placeholder {named}; this text may use {', '.join(f'{{{n}}}' for n in sorted(allowed))}"]


def _field(fields: dict[str, Field], name: str, reader: Reader[T], sink: Sink) -> T | None:
    return reader(fields[name], sink) if name in fields else None


def _languages(
    fields: dict[str, Field], name: str, reader: Reader[T], sink: Sink, required: bool = True
) -> dict[str, T]:
    return read_per_language(fields[name], sink, reader, required) if name in fields else {}


def _report_missing(fields: dict[str, Field], required: Sequence[str], line: int, sink: Sink) -> None:
    for name in required:
        if name not in fields:
            sink.add(line, f"required field '{name}' is missing")
