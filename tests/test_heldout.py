"""The held-out check: each variant answered by a knowledge base without it."""

from __future__ import annotations

from dataclasses import replace

from bot.heldout import held_out
from knowledge.engine import Engine


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
