"""The held-out check: each variant answered by a knowledge base without it."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from rapidfuzz.distance import OSA

from bot.curation.heldout import format_held_out, held_out, with_typo
from knowledge.engine.pipeline import Engine


def test_every_variant_is_asked_once_and_a_lone_wording_is_missed(shipped_engine: Engine) -> None:
    kb = shipped_engine.kb
    founded = kb.entry("iom_founded")
    assert founded is not None
    # A wording no other variant shares: held out, nothing in the entry is left to find it by.
    lone = "Zanzibar xylophone quartz"
    odd = replace(founded, questions={**founded.questions, "en": (*founded.questions["en"], lone)})
    kb = replace(kb, entries=tuple(odd if entry.id == "iom_founded" else entry for entry in kb.entries))
    report = held_out(kb, folds=3, entry_ids=["iom_founded"])
    assert report.total == sum(len(questions) for questions in odd.questions.values())
    assert set(report.asked) == {"iom_founded"}
    missed = {miss.question: miss for miss in report.misses}
    assert lone in missed and missed[lone].status != "answer"
    assert report.found("iom_founded") == report.found() > 50.0


@pytest.mark.parametrize("seed", range(20))
def test_a_typo_is_one_slip_in_one_longer_word(seed: int) -> None:
    question = "Когда была основана Международная организация по миграции?"
    typed = with_typo(question, random.Random(seed))
    changed = [(a, b) for a, b in zip(question.split(" "), typed.split(" "), strict=True) if a != b]
    assert len(changed) == 1
    written, slipped = changed[0]
    assert len(written.strip("?")) >= 5 and slipped[0] == written[0]
    assert OSA.distance(written, slipped) == 1


def test_a_question_of_short_words_keeps_them() -> None:
    assert with_typo("Who is IOM?", random.Random(1)) == "Who is IOM?"


def test_held_out_with_typos_asks_the_slipped_wordings(shipped_engine: Engine) -> None:
    kb = shipped_engine.kb
    founded = kb.entry("iom_founded")
    assert founded is not None
    report = held_out(kb, folds=3, entry_ids=["iom_founded"], typos=True)
    assert report.total == sum(len(questions) for questions in founded.questions.values())
    written = {question for questions in founded.questions.values() for question in questions}
    slipped = [miss.question for miss in report.misses if miss.question not in written]
    assert slipped  # misses are reported as they were asked, slip included
    again = held_out(kb, folds=3, entry_ids=["iom_founded"], typos=True)
    assert [miss.question for miss in again.misses] == [miss.question for miss in report.misses]  # seeded
    assert format_held_out(report, show_missed=False).startswith(
        f"{report.total} question variants held out with one slip each: "
    )
