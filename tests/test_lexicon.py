"""The language files (knowledge/data/languages/<lang>.yaml): well formed, one list of question words that
both the question kinds and the asking clauses read, and no question word hidden as a stop word."""

from __future__ import annotations

import pytest

from knowledge.kb.model import LANGUAGES
from knowledge.matching import kinds
from knowledge.text import clauses
from knowledge.text.lexicon import (
    ASKING_WORDS,
    KIND_NOUNS,
    LEXICON,
    QUESTION_KINDS,
    QUESTION_WORDS,
    STOP_WORDS,
    read_language,
)


def test_every_language_has_its_file() -> None:
    assert set(LEXICON) == set(LANGUAGES)
    for lang, words in LEXICON.items():
        assert words.stop_words and words.requests and words.pronouns, lang
        assert set(words.question_words) == {*QUESTION_KINDS, "other"}, lang


def test_a_word_of_a_question_kind_is_never_a_stop_word() -> None:
    """Stop words are dropped before the kinds are read: a kind's word among them would never count."""
    for kind in QUESTION_KINDS:
        assert not QUESTION_WORDS[kind] & STOP_WORDS, kind
        assert not KIND_NOUNS[kind] & STOP_WORDS, kind
    assert KIND_NOUNS["time"] >= {"year", "году", "жылдан", "куну"}  # every language, Kyrgyz folded


def test_one_list_of_question_words_serves_kinds_and_clauses() -> None:
    assert kinds.kinds_of(["когда"]) == {"time"} and kinds.kinds_of(["кимдер"]) == {"person"}
    assert all(QUESTION_WORDS[kind] <= ASKING_WORDS for kind in QUESTION_WORDS)
    assert clauses.is_asking_word("качан") and clauses.is_asking_word("расскажите")


def test_yes_and_no_stay_words() -> None:
    """YAML would read a bare "no" as false: the files are read as plain text."""
    assert {"yes", "no"} <= LEXICON["en"].stop_words


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("stop_words: a b c", "en: stop_words should be a list of words"),
        ("question_words: {when: [when]}", "question_words has kinds ['when']"),
        ("- a list", "should be a mapping of word lists"),
        ("kind_nouns: {other: [thing]}", "kind_nouns has kinds ['other']"),
        ("kind_nouns: {time: year}", "en: kind_nouns.time should be a list of words"),
        ("spellings: [abt]", "spellings should map each word to its spellings"),
        ("spellings: {about: abt}", "en: spellings.about should be a list of words"),
    ],
)
def test_a_malformed_language_file_is_named(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        read_language(text, "en")


def test_chat_spellings_are_read_as_their_words() -> None:
    assert read_language("spellings: {About: [ABT, bout]}", "en").spellings == {"abt": "about", "bout": "about"}
