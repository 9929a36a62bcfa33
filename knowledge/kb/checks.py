"""The rules of the knowledge base, as small checks that report problems in a curator's words: checks of one
draft, then checks between drafts (duplicates, unknown related ids). A draft keeps whatever could be read of a
broken entry (``knowledge/kb/parse.py``), so one run finds every problem."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Protocol, TypeVar

from knowledge.kb.commands import ENTRY_COMMANDS
from knowledge.kb.glossary import Glossary, misnamed, unsourced_quotes
from knowledge.kb.model import LANGUAGES, SMALLTALK_TOPIC
from knowledge.kb.parse import EntryDraft, TopicDraft, present
from knowledge.kb.problems import Problem
from knowledge.kb.telegram_html import html_problems, html_to_text
from knowledge.kb.yaml_fields import (
    Text,
    did_you_mean,
    suggestion,
)
from knowledge.text.fold import is_stop_word, tokens

MIN_QUESTIONS = 6
"""Question variants needed per language: fewer and real users' phrasings go unmatched."""
MAX_ANSWER_CHARS = 600
"""Longest answer a user sees (markup not counted): longer ones read badly on a phone."""
MAX_TITLE_CHARS = 40
"""Longest button label Telegram shows without cutting it."""

_ID = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")  # what Telegram's setMyCommands accepts

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


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
            words = tokens(question.value)
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
    """An entry may claim only a command the bot answers with an entry (``knowledge/kb/commands.py``)."""
    for command in draft.commands:
        if not _COMMAND.fullmatch(command.value):
            rule = "1–32 lowercase letters, digits or _, without '/'"
            yield draft.problem(command.line, f"command '{command.value}' is not a Telegram command ({rule})")
        elif command.value not in ENTRY_COMMANDS:
            known = ", ".join(ENTRY_COMMANDS)
            yield draft.problem(command.line, f"command '{command.value}' is not one an entry answers ({known})")


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


@lru_cache(maxsize=65536)
def fold_question(text: str) -> str:
    """The form in which two question variants count as one: case, width, spacing and punctuation aside (each
    question is folded by more than one check: once is enough)."""
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


def check_near_misses(drafts: Sequence[EntryDraft]) -> Iterator[Problem]:
    """A near miss that is also a question of some entry would hold back the very question it answers."""
    questions = {
        fold_question(question.value): draft
        for draft in drafts
        for texts in draft.questions.values()
        for question in texts
    }
    for draft in drafts:
        for lang, texts in draft.near_misses.items():
            for text in texts:
                owner = questions.get(fold_question(text.value))
                if owner is not None:
                    where = "this entry" if owner is draft else owner.place(owner.line)
                    message = f"near miss '{text.value}' ({lang}) is a question of {where}, which answers it"
                    yield draft.problem(text.line, message)


def _shared(question: Text, lang: str, other: str) -> str:
    return f"question '{question.value}' ({lang}) is also a question of {other}"


def check_duplicate_commands(drafts: Sequence[EntryDraft]) -> Iterator[Problem]:
    commands = ((command.value, (draft, command)) for draft in drafts for command in draft.commands)
    for (first, first_command), (later, command) in _repeats(commands):
        owner = "this entry" if first is later else first.place(first_command.line)
        yield later.problem(command.line, f"command '{command.value}' is already claimed by {owner}")


def check_duplicate_topics(topics: Sequence[TopicDraft]) -> Iterator[Problem]:
    for first, later in _repeats((topic.id.value, topic) for topic in topics if topic.id):
        message = f"topic id '{present(later.id).value}' is already used on line {first.line}"
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
        yield from check_near_misses(drafts)
    if all_topics:
        yield from check_topics_known(drafts, topics)
    if all_entries and all_topics:
        yield from check_empty_topics(drafts, topics)
