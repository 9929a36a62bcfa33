"""The documented confidence bands and matching limits, pinned as the literals the README states: a change
to any of them is a decision to make on purpose (with `python -m bot calibrate` and the ratchet), not a slip."""

from __future__ import annotations

from dataclasses import replace

from knowledge.engine import parts, pipeline, reply, windows
from knowledge.engine.bands import Thresholds
from knowledge.engine.pipeline import Engine
from knowledge.kb import vocabulary
from knowledge.matching import index
from knowledge.text import clauses


def test_the_bands_are_the_documented_ones() -> None:
    assert Thresholds() == Thresholds(
        answer=0.6,
        answer_by_language=(("ky", 0.55), ("ru", 0.55)),
        margin=0.01,
        clear_lead=0.15,
        clear_lead_answer=0.5,
        clarify=0.3,
        max_candidates=3,
        agreed_answer=0.45,
        agreeing_windows=3,
        smalltalk=0.55,
        unknown_words=2,
    )
    assert Thresholds().answer_for("ky") == Thresholds().answer_for("ru") == 0.55
    assert Thresholds().answer_for("en") == 0.6


def test_the_matching_limits_are_the_documented_ones() -> None:
    assert (parts.PART_EVIDENCE, pipeline.ONE_QUESTION_CHARS, reply.MAX_RELATED, parts.THIN_PART) == (2.0, 100, 3, 2)
    assert (windows.MAX_RANKED_WINDOWS, windows.LONG_MESSAGE_UNKNOWN_SCALE) == (6, 0.5)
    assert (index.MIN_JOINED, index.MIN_JOINED_PART, index.ONE_SLIP) == (6, 4, 0.9)
    assert (index.POOLED_COVERAGE, index.POOLED_FLOOR, index.POOLED_LIFT) == (0.75, 0.6, 0.15)
    assert (clauses.MAX_QUERY_CHARS, clauses.MAX_WINDOW) == (1000, 3)
    assert vocabulary.MAX_INFLECTION == 4


def test_a_clear_lead_is_answered_below_the_answer_band(shipped_engine: Engine) -> None:
    """The rule on its own: the same question is answered when its best entry's lead reaches ``clear_lead`` and
    asked back ("did you mean") when it falls just short — and never below ``clear_lead_answer``."""
    question = "who governs the framework at the highest level"
    base = shipped_engine.thresholds

    def at(**bands: float) -> Engine:
        return shipped_engine.with_thresholds(replace(base, **bands))

    unsure = at(clear_lead=0.0).ask(question)
    assert unsure.status == "clarify"
    best, runner_up = unsure.candidates[0].score, unsure.candidates[1].score
    assert base.clear_lead_answer <= best < base.answer
    answered = at(clear_lead=best - runner_up - 0.005).ask(question)
    assert answered.status == "answer" and answered.entry is not None and answered.entry.id == "jssc"
    assert "clear lead" in answered.reason
    assert at(clear_lead=best - runner_up + 0.005).ask(question).status == "clarify"
    assert at(clear_lead=0.01, clear_lead_answer=best + 0.005).ask(question).status == "clarify"
    assert shipped_engine.thresholds is base  # the shared engine keeps its bands
