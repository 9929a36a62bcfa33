"""The rules of the knowledge base, as small checks that report problems in a curator's words.

Reading (``read_entry``, ``read_topic``, ``read_ui``) turns YAML into drafts and reports wrong shapes; the
checks then look at one draft or at all of them. A draft keeps whatever could be read of a broken entry, so
one run finds every problem, including those between entries (duplicates, unknown related ids).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

import yaml

from knowledge.glossary import Glossary, misnamed, unsourced_quotes
from knowledge.normalize import abbreviate, fold, is_stop_word, tokens
from knowledge.problems import Problem, Sink
from knowledge.schema import LANGUAGES, SMALLTALK_TOPIC, Entry, Topic
from knowledge.telegram_html import html_problems, html_to_text
from knowledge.yaml_fields import (
    Field,
    Reader,
    Text,
    did_you_mean,
    read_date,
    read_mapping,
    read_per_language,
    read_text,
    read_texts,
    report_unknown,
    suggestion,
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
    "cmd_start",
    "cmd_help",
    "cmd_topics",
    "cmd_priorities",
    "cmd_about",
    "cmd_framework",
    "cmd_lang",
    "cmd_privacy",
    "console_intro",
    "admin_reloaded",
    "admin_reload_failed",
    "admin_unanswered",
    "admin_unanswered_none",
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

MIN_QUESTIONS = 6
"""Question variants needed per language: fewer and real users' phrasings go unmatched."""
MAX_ANSWER_CHARS = 600
"""Longest answer a user sees (markup not counted): longer ones read badly on a phone."""
MAX_TITLE_CHARS = 40
"""Longest button label Telegram shows without cutting it."""

REQUIRED_FIELDS = ("id", "topic", "title", "questions", "answer", "source", "reviewed")
OPTIONAL_FIELDS = ("keywords", "related", "commands", "lists", "needs_review")
TOPIC_FIELDS = ("id", "title")

_ID = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")  # what Telegram's setMyCommands accepts

K = TypeVar("K", bound=Hashable)
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
        topic_id = _present(self.id).value
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
            id=_present(self.id).value,
            topic=_present(self.topic).value,
            title=_values(self.title),
            questions=_lists(self.questions),
            answer=_values(self.answer),
            source=_present(self.source).value,
            reviewed=_present(self.reviewed),
            keywords=_lists(self.keywords),
            related=tuple(text.value for text in self.related),
            commands=tuple(text.value for text in self.commands),
            lists=tuple(text.value for text in self.lists),
            needs_review=tuple(text.value for text in self.needs_review),
            line=self.line,
            file=self.file,
        )


def _present(value: T | None) -> T:
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
    return {key: _values(per_language) for key, per_language in texts.items()}


def check_names_and_quotes(drafts: Sequence[EntryDraft], glossary: Glossary) -> Iterator[Problem]:
    """Titles and answers name bodies as the glossary does; an English answer quotes only its source."""
    for draft in drafts:
        for part, texts in (("title", draft.title), ("answer", draft.answer)):
            for lang, text in texts.items():
                for message in misnamed(glossary, lang, text.value):
                    yield draft.problem(text.line, f"{part} ({lang}) {message}")
        english = draft.answer.get("en")
        if english is not None and draft.source is not None:
            for message in unsourced_quotes(english.value, draft.source.value):
                yield draft.problem(english.line, f"answer (en) {message}")


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


# Checks of one draft


class _Draft(Protocol):
    @property
    def id(self) -> Text | None: ...
    @property
    def title(self) -> dict[str, Text]: ...
    def problem(self, line: int, message: str) -> Problem: ...


def check_id_format(draft: _Draft) -> Iterator[Problem]:
    """Ids go into buttons and deep links, so they must stay simple."""
    if draft.id and not _ID.fullmatch(draft.id.value):
        yield draft.problem(draft.id.line, f"id '{draft.id.value}' is not lower_snake_case (like iom_founded)")


def check_title_lengths(draft: _Draft) -> Iterator[Problem]:
    for lang, title in draft.title.items():
        if len(title.value) > MAX_TITLE_CHARS:
            message = f"title ({lang}) is {len(title.value)} characters; the limit is {MAX_TITLE_CHARS}"
            yield draft.problem(title.line, message)


def check_question_counts(draft: EntryDraft) -> Iterator[Problem]:
    for lang, questions in draft.questions.items():
        if len(questions) < MIN_QUESTIONS:
            message = f"questions ({lang}) has {len(questions)}; at least {MIN_QUESTIONS} are needed"
            yield draft.problem(questions[0].line, message)


def check_questions_are_not_commands(draft: EntryDraft) -> Iterator[Problem]:
    """A message starting with "/" is a command, so such a question variant could never be asked."""
    for lang, questions in draft.questions.items():
        for question in questions:
            if question.value.startswith("/"):
                yield draft.problem(question.line, f"question '{question.value}' ({lang}) starts with '/': a command")


def check_questions_have_words(draft: EntryDraft) -> Iterator[Problem]:
    """A variant of function words only ("Расскажи о себе") leaves the matcher nothing to compare: no question
    could ever find its entry through it (the stop words are each language file's ``stop_words``)."""
    for lang, questions in draft.questions.items():
        for question in questions:
            words = tokens(abbreviate(fold(question.value)))
            if words and all(is_stop_word(word) for word in words):
                message = (
                    f"question '{question.value}' ({lang}) has only words the matcher ignores; add what it asks about"
                )
                yield draft.problem(question.line, message)


def check_answers(draft: EntryDraft) -> Iterator[Problem]:
    """Answers must be HTML that Telegram accepts, and short enough to read on a phone."""
    for lang, answer in draft.answer.items():
        shown = html_to_text(answer.value).strip()
        if not shown:
            yield draft.problem(answer.line, f"answer ({lang}) shows no text")
        elif len(shown) > MAX_ANSWER_CHARS:
            message = f"answer ({lang}) is {len(shown)} characters; the limit is {MAX_ANSWER_CHARS}"
            yield draft.problem(answer.line, message)
        for message in html_problems(answer.value):
            yield draft.problem(answer.line, f"answer ({lang}): {message}")


def check_needs_review(draft: EntryDraft) -> Iterator[Problem]:
    for lang in draft.needs_review:
        if lang.value not in LANGUAGES:
            message = f"needs_review names unknown language '{lang.value}'{suggestion(lang.value, LANGUAGES)}"
            yield draft.problem(lang.line, message)


def check_command_names(draft: EntryDraft) -> Iterator[Problem]:
    for command in draft.commands:
        if not _COMMAND.fullmatch(command.value):
            rule = "1–32 lowercase letters, digits or _, without '/'"
            yield draft.problem(command.line, f"command '{command.value}' is not a Telegram command ({rule})")


ENTRY_CHECKS: tuple[Callable[[EntryDraft], Iterator[Problem]], ...] = (
    check_id_format,
    check_title_lengths,
    check_question_counts,
    check_questions_are_not_commands,
    check_questions_have_words,
    check_answers,
    check_needs_review,
    check_command_names,
)
TOPIC_CHECKS: tuple[Callable[[TopicDraft], Iterator[Problem]], ...] = (check_id_format, check_title_lengths)


# Checks between drafts


def _repeats(items: Iterable[tuple[K, T]]) -> Iterator[tuple[T, T]]:
    """(first, later) for every item whose key was seen before."""
    first: dict[K, T] = {}
    for key, item in items:
        if key in first:
            yield first[key], item
        else:
            first[key] = item


def check_duplicate_ids(drafts: Sequence[EntryDraft]) -> Iterator[Problem]:
    for first, later in _repeats((draft.id.value, draft) for draft in drafts if draft.id):
        message = f"id '{later.entry_id}' is already used by the entry at {first.file}:{first.line}"
        yield later.problem(later.line, message)


def check_related(drafts: Sequence[EntryDraft]) -> Iterator[Problem]:
    """Related ids become buttons and listed ids answer for their list, so each must name another existing
    entry; an item belongs to one list at most (else a list question would have two answers)."""
    ids = [draft.id.value for draft in drafts if draft.id]
    for draft in drafts:
        for name, references in (("related", draft.related), ("lists", draft.lists)):
            for reference in references:
                if reference.value == draft.entry_id:
                    yield draft.problem(reference.line, f"{name} names the entry itself")
                elif reference.value not in ids:
                    hint = did_you_mean(reference.value, ids)
                    yield draft.problem(reference.line, f"{name} entry '{reference.value}' does not exist{hint}")
    listed = ((item.value, (draft, item)) for draft in drafts for item in draft.lists)
    for (first, _), (later, item) in _repeats(listed):
        yield later.problem(item.line, f"'{item.value}' is already an item of '{first.entry_id}'")


def check_topics_known(drafts: Sequence[EntryDraft], topics: Sequence[TopicDraft]) -> Iterator[Problem]:
    known = [topic.id.value for topic in topics if topic.id]
    for draft in drafts:
        if draft.topic and draft.topic.value not in [*known, SMALLTALK_TOPIC]:
            hint = suggestion(draft.topic.value, [*known, SMALLTALK_TOPIC])
            yield draft.problem(draft.topic.line, f"topic '{draft.topic.value}' is not in topics.yaml{hint}")


class _PunctuationToSpace(dict[int, str]):
    """A str.translate table that learns each character once: punctuation becomes a space, the rest stays."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = " " if unicodedata.category(char).startswith("P") else char
        return self[code]


_PUNCTUATION_TO_SPACE = _PunctuationToSpace()


def fold_question(text: str) -> str:
    """The form in which two question variants count as one: case, width, spacing and punctuation aside."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_PUNCTUATION_TO_SPACE)
    return " ".join(folded.split())


def check_duplicate_questions(drafts: Sequence[EntryDraft]) -> Iterator[Problem]:
    """A question shared by two entries makes the bot guess; both places are reported."""
    variants = (
        (fold_question(question.value), (draft, lang, question))
        for draft in drafts
        for lang, questions in draft.questions.items()
        for question in questions
    )
    for (draft1, lang1, question1), (draft2, lang2, question2) in _repeats(variants):
        if draft1 is not draft2:
            yield draft2.problem(question2.line, _shared(question2, lang2, draft1.place(question1.line)))
            yield draft1.problem(question1.line, _shared(question1, lang1, draft2.place(question2.line)))
        elif lang1 == lang2:
            message = f"question '{question2.value}' ({lang2}) is listed twice (also on line {question1.line})"
            yield draft2.problem(question2.line, message)


def _shared(question: Text, lang: str, other: str) -> str:
    return f"question '{question.value}' ({lang}) is also a question of {other}"


def check_duplicate_commands(drafts: Sequence[EntryDraft]) -> Iterator[Problem]:
    commands = ((command.value, (draft, command)) for draft in drafts for command in draft.commands)
    for (first, first_command), (later, command) in _repeats(commands):
        owner = "this entry" if first is later else first.place(first_command.line)
        yield later.problem(command.line, f"command '{command.value}' is already claimed by {owner}")


def check_duplicate_topics(topics: Sequence[TopicDraft]) -> Iterator[Problem]:
    for first, later in _repeats((topic.id.value, topic) for topic in topics if topic.id):
        message = f"topic id '{_present(later.id).value}' is already used on line {first.line}"
        yield later.problem(later.line, message)


def check_empty_topics(drafts: Sequence[EntryDraft], topics: Sequence[TopicDraft]) -> Iterator[Problem]:
    """A menu topic without entries would open an empty list."""
    used = {draft.topic.value for draft in drafts if draft.topic}
    for topic in topics:
        if topic.id and topic.id.value not in used:
            yield topic.problem(topic.line, f"topic '{topic.id.value}' has no entries")


def check_all(
    drafts: Sequence[EntryDraft],
    topics: Sequence[TopicDraft],
    *,
    all_entries: bool = True,
    all_topics: bool = True,
) -> Iterator[Problem]:
    """Every check of single drafts and between drafts.

    When a file could not be read at all, the checks that need all of its kind are skipped: its syntax error
    is the problem, not a flood of "does not exist" for what it holds.
    """
    for draft in drafts:
        for check in ENTRY_CHECKS:
            yield from check(draft)
    for topic in topics:
        for topic_check in TOPIC_CHECKS:
            yield from topic_check(topic)
    yield from check_duplicate_ids(drafts)
    yield from check_duplicate_questions(drafts)
    yield from check_duplicate_commands(drafts)
    yield from check_duplicate_topics(topics)
    if all_entries:
        yield from check_related(drafts)
    if all_topics:
        yield from check_topics_known(drafts, topics)
    if all_entries and all_topics:
        yield from check_empty_topics(drafts, topics)
