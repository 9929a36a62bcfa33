"""Near misses: questions close to an entry's that its answer does not answer (``near_misses`` in the YAML). A
question matching one as well as the entry is not answered with it; the entries rank as they did without them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.curation.confusables import confusable_pairs
from knowledge.engine.pipeline import Engine
from knowledge.kb.load import load_knowledge_base
from knowledge.kb.model import KnowledgeBase
from knowledge.matching.index import Match, NearMiss

ORIGIN = {"en": ("Which country does Antje Grawe come from?",), "ru": ("Из какой страны родом Антье Граве?",)}


def _with_near_misses(kb: KnowledgeBase, entry_id: str, near: dict[str, tuple[str, ...]]) -> KnowledgeBase:
    entries = tuple(replace(entry, near_misses=near if entry.id == entry_id else {}) for entry in kb.entries)
    return replace(kb, entries=entries)


@pytest.fixture(scope="module")
def plain() -> Engine:
    """The shipped knowledge base without its near misses."""
    kb = load_knowledge_base()
    return Engine(replace(kb, entries=tuple(replace(entry, near_misses={}) for entry in kb.entries)))


@pytest.fixture(scope="module")
def guarded(plain: Engine) -> Engine:
    return Engine(_with_near_misses(plain.kb, "grawe_role", ORIGIN))


@pytest.mark.parametrize("question", ["Which country is Antje Grawe from?", "Из какой страны Антье Граве?"])
def test_a_question_as_close_to_a_near_miss_is_not_answered_with_its_entry(
    plain: Engine, guarded: Engine, question: str
) -> None:
    before = plain.ask(question)
    assert (before.status, before.entry and before.entry.id) == ("answer", "grawe_role"), before.reason
    after = guarded.ask(question)
    assert after.status != "answer", after.reason
    assert "what it does not answer" in after.reason and ORIGIN[after.lang][0] in after.reason


@pytest.mark.parametrize("question", ["Who is Antje Grawe?", "Кто такая Антье Граве?", "What is Grawe's role?"])
def test_the_entry_still_answers_its_own_questions(guarded: Engine, question: str) -> None:
    reply = guarded.ask(question)
    assert (reply.status, reply.entry and reply.entry.id) == ("answer", "grawe_role"), reply.reason


@pytest.mark.parametrize(
    "question", ["Where is Antje Grawe from?", "Who is IOM?", "When was the meeting?", "Что такое МОМ?", "ЭМУ эмне?"]
)
def test_near_misses_leave_the_ranking_of_entries_as_it_was(plain: Engine, guarded: Engine, question: str) -> None:
    """They add nothing to the vocabulary nor to the weights of words."""
    words = plain._index.analyse(question, "en")
    assert guarded._index.analyse(question, "en") == words
    assert guarded._index.rank(words) == plain._index.rank(words)


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("What is IOM doing in the climate group exactly?", "iom_other_groups"),
        # another entry's near miss counts as well: her languages are beside what she said as much as who she is
        ("Граве говорит по-русски?", "grawe_remarks"),
    ],
)
def test_the_shipped_near_misses_hold_back_what_the_page_does_not_say(
    shipped_engine: Engine, plain: Engine, question: str, entry_id: str
) -> None:
    before = plain.ask(question)
    assert (before.status, before.entry and before.entry.id) == ("answer", entry_id), before.reason
    reply = shipped_engine.ask(question)
    assert reply.status != "answer" and "what it does not answer" in reply.reason, reply.reason


@pytest.mark.parametrize(("below", "answered"), [(0.0, False), (0.001, True)])
def test_a_near_miss_holds_back_from_the_entry_s_own_score(
    shipped_engine: Engine, below: float, answered: bool
) -> None:
    """As close as the entry itself is close enough: the question may as well be the one the page does not answer."""
    question = "Who is Antje Grawe?"
    matches = [Match("grawe_role", 0.9, 6.0), Match("grawe_remarks", 0.5, 4.0)]
    near = NearMiss(0.9 - below, "Where is Antje Grawe from?", "grawe_role")
    reply = shipped_engine._decider.decide(question, matches, "en", near=near)
    assert (reply.status == "answer") is answered, reply.reason


def test_validate_names_the_near_miss_that_holds_back_an_entry_s_own_question(plain: Engine) -> None:
    """A near miss too close to a question an entry answers is what `validate` lists, with the near miss."""
    near = {"en": ("Antje Grawe: who is she?",)}
    guarded = _with_near_misses(plain.kb, "grawe_remarks", near)
    people = ("grawe_role", "grawe_remarks", "japarov_role")  # three entries are enough, and quick to ask through
    found = confusable_pairs(Engine(replace(guarded, entries=tuple(e for e in guarded.entries if e.id in people))))
    held = [pair for pair in found if pair.question == "Who is Antje Grawe?"]
    assert held and "Antje Grawe: who is she?" in str(held[0]), found
