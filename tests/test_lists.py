"""A list and its items: a question asking for the list gets the list entry, one naming an item gets the item."""

from __future__ import annotations

import pytest

from knowledge.engine.pipeline import Engine
from knowledge.matching.index import Match
from knowledge.matching.lists import ListChoice, Lists, is_plural


@pytest.mark.parametrize(
    "question",
    [
        "What are the priorities?",
        "What are the four priorities?",
        "list all priorities",
        "Какие приоритеты?",
        "Каковы приоритеты?",
        "Кандай артыкчылыктар бар?",
        "бардык артыкчылыктар",
        "What is the priority?",  # no word of any item's own, nor a number to say which
    ],
)
def test_a_question_for_the_list_gets_the_list(shipped_engine: Engine, question: str) -> None:
    reply = shipped_engine.ask(question)
    assert (reply.status, reply.entry and reply.entry.id) == ("answer", "priorities"), reply.reason


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("Is green growth among the priorities?", "p_green"),
        ("What is the first priority?", "p_social"),
        ("What is priority four about?", "p_governance"),
        ("What is priority one about?", "p_social"),  # "one" is a stop word, but a number
        ("Is governance one of the four priority areas?", "p_governance"),
        ("Является ли климат одним из приоритетов?", "p_climate"),
    ],
)
def test_a_question_naming_an_item_gets_the_item(shipped_engine: Engine, question: str, item: str) -> None:
    reply = shipped_engine.ask(question)
    assert (reply.status, reply.entry and reply.entry.id) == ("answer", item), reply.reason


def test_the_reply_says_the_list_was_preferred(shipped_engine: Engine) -> None:
    reason = shipped_engine.ask("What are the priorities?").reason
    assert reason.startswith("answer: 'priorities'")
    assert "asks for a list ('priorities')" in reason and "p_social" in reason


@pytest.mark.parametrize(
    ("word", "lang", "plural"),
    [
        ("priorities", "en", True),
        ("areas", "en", True),
        ("priority", "en", False),
        ("process", "en", False),
        ("status", "en", False),
        ("приоритеты", "ru", True),
        ("направлениях", "ru", True),
        ("приоритет", "ru", False),
        ("багыттары", "ky", True),
        ("артыкчылыктар", "ky", True),
        ("багыты", "ky", False),
    ],
)
def test_plural_nouns_in_each_language(word: str, lang: str, plural: bool) -> None:
    assert is_plural(word, lang) is plural


def _choose(
    terms: dict[str, frozenset[str]], best: str, question: list[str], words: list[tuple[str, frozenset[str]]]
) -> ListChoice | None:
    """``Lists.choose`` for a list "all" of the other entries of ``terms`` (each entry's vocabulary terms)."""
    lists = Lists([("all", tuple(entry for entry in terms if entry != "all"))])
    return lists.choose(best, question, words, "en", terms.__getitem__)


def test_an_item_word_shared_by_more_than_half_of_the_items_is_not_its_own() -> None:
    terms = {
        "all": frozenset({"prioriti", "four"}),
        "a": frozenset({"prioriti", "four", "green"}),
        "b": frozenset({"prioriti", "four", "social"}),
        "c": frozenset({"prioriti", "four"}),
    }
    question = ["what", "are", "the", "four", "priorities"]
    words = [("four", frozenset({"four"})), ("priorities", frozenset({"prioriti"}))]
    choice = _choose(terms, "a", question, words)
    assert choice is not None and (choice.list_id, choice.cue) == ("all", "priorities")
    named = [*words, ("green", frozenset({"green"}))]
    assert _choose(terms, "a", question, named) is None  # green is a's own
    singular = ["what", "is", "priority", "four"]
    assert _choose(terms, "a", singular, [("priority", frozenset({"prioriti"}))]) is None
    assert _choose(terms, "all", question, words) is None  # not an item


def test_a_list_that_comes_first_has_no_rival_in_its_own_items() -> None:
    lists = Lists([("all", ("a", "b"))])
    matches = [Match("all", 0.77, 3.0), Match("a", 0.76, 3.0), Match("x", 0.5, 2.0), Match("b", 0.4, 2.0)]
    preferred, note = lists.prefer(matches, [], "priority areas", "en", lambda entry_id: frozenset())
    assert [match.entry_id for match in preferred] == ["all", "x"] and note is None


def test_a_bare_keyword_query_for_the_list_is_answered(shipped_engine: Engine) -> None:
    reply = shipped_engine.ask("cooperation framework 2023-2027 priority areas")
    assert (reply.status, reply.entry and reply.entry.id) == ("answer", "priorities"), reply.reason


def test_the_number_of_the_items_with_the_subject_in_the_plural_counts_them() -> None:
    """ "the 4 priorities" asks for the list of four, though "priority 4" is the fourth item's own number."""
    terms = {
        "all": frozenset({"prioriti", "what", "4"}),
        "a": frozenset({"prioriti", "social"}),
        "b": frozenset({"prioriti", "green"}),
        "c": frozenset({"prioriti", "climat"}),
        "d": frozenset({"prioriti", "4"}),
    }
    counted = [("4", frozenset({"4"})), ("priorities", frozenset({"prioriti"}))]
    choice = _choose(terms, "d", ["what", "are", "the", "4", "priorities"], counted)
    assert choice is not None and (choice.list_id, choice.cue) == ("all", "priorities")
    numbered = [("priority", frozenset({"prioriti"})), ("4", frozenset({"4"}))]
    assert _choose(terms, "d", ["what", "is", "priority", "4"], numbered) is None
    # "whats" ends like a plural, but a question word is no subject of the list: "4" stays the fourth's own
    asked = [("whats", frozenset({"what"})), ("priority", frozenset({"prioriti"})), ("4", frozenset({"4"}))]
    assert _choose(terms, "d", ["whats", "the", "priority", "4"], asked) is None


def test_a_question_of_the_words_every_item_shares_asks_for_the_list_unless_a_number_says_which() -> None:
    """ "What is the priority?" tells no item from another; "What is priority one about?" does, though "one" is a
    stop word (``number_words`` in the language files)."""
    terms = {
        "all": frozenset({"prioriti", "area"}),
        "a": frozenset({"prioriti", "area", "social"}),
        "b": frozenset({"prioriti", "area", "green"}),
        "c": frozenset({"prioriti", "green"}),
    }
    subject = [("priority", frozenset({"prioriti"}))]
    choice = _choose(terms, "a", ["what", "is", "the", "priority"], subject)
    assert choice is not None and (choice.list_id, choice.cue) == ("all", "priority")
    for numbered in (["what", "is", "priority", "one", "about"], ["первый", "приоритет"], ["priority", "1"]):
        assert _choose(terms, "a", numbered, subject) is None, numbered
    # "area" is a word of two items in three, not of every one: it may say which
    some = [("priority", frozenset({"prioriti"})), ("area", frozenset({"area"}))]
    assert _choose(terms, "a", ["what", "is", "the", "priority", "area"], some) is None


def test_a_list_word_is_no_items_own_whichever_items_use_it() -> None:
    """ "list" asks for the list even when an item's phrasings use it ("Is green on the list?")."""
    terms = {
        "all": frozenset({"prioriti", "list"}),
        "a": frozenset({"prioriti", "list", "green"}),
        "b": frozenset({"prioriti", "social"}),
        "c": frozenset({"prioriti", "climat"}),
    }
    words = [("list", frozenset({"list"})), ("priority", frozenset({"prioriti"}))]
    lists = Lists([("all", ("a", "b", "c"))], list_words=frozenset({"list"}))
    choice = lists.choose("a", ["list", "the", "priority"], words, "en", terms.__getitem__)
    assert choice is not None and (choice.list_id, choice.cue) == ("all", "list")


def test_only_the_questions_words_say_which_item_it_asks_for(shipped_engine: Engine) -> None:
    """The story before the question may use an item's word ("report": "For a report: what does the social
    services priority mean?" is one of its variants); the question that asks for the list gets the list."""
    reply = shipped_engine.ask("I need the UN's priority areas for Kyrgyzstan for a report. Could you list them?")
    assert (reply.status, reply.entry and reply.entry.id) == ("answer", "priorities"), reply.reason
