"""Choosing the answer threshold per language: the most accurate within the out-of-scope ceiling, then fewer
out-of-scope answers, then the threshold in use."""

from __future__ import annotations

from bot.curation.calibration import Point, best_per_language
from bot.curation.evaluation import Tally
from knowledge.engine.bands import Thresholds


def used(answer: float) -> Thresholds:
    """One threshold in use for every language."""
    return Thresholds(answer=answer, answer_by_language=())


def point(threshold: float, lang: str, passed: int, out_of_scope_answered: int) -> Point:
    return Point(threshold, lang, Tally(passed, 10), Tally(out_of_scope_answered, 40))


def test_the_most_accurate_threshold_wins() -> None:
    points = [point(0.5, "en", 8, 2), point(0.6, "en", 9, 1), point(0.7, "en", 7, 0)]
    assert best_per_language(points, used(0.5))["en"].threshold == 0.6


def test_a_tie_goes_to_fewer_out_of_scope_answers_then_to_the_threshold_in_use() -> None:
    points = [point(0.55, "ky", 9, 1), point(0.6, "ky", 9, 0), point(0.65, "ky", 9, 0), point(0.7, "ky", 8, 0)]
    assert best_per_language(points, used(0.6))["ky"].threshold == 0.6
    assert best_per_language(points, used(0.7))["ky"].threshold == 0.65


def test_a_threshold_answering_too_many_out_of_scope_questions_is_passed_over() -> None:
    points = [point(0.5, "en", 10, 3), point(0.6, "en", 9, 2)]  # 7.5 % and 5 % of out-of-scope questions
    assert best_per_language(points, used(0.6))["en"].threshold == 0.6
    over = [point(0.5, "en", 10, 3), point(0.6, "en", 9, 3)]  # none within: the most accurate still
    assert best_per_language(over, used(0.6))["en"].threshold == 0.5


def test_each_language_is_chosen_on_its_own() -> None:
    points = [point(0.5, "en", 9, 0), point(0.6, "en", 8, 0), point(0.5, "ru", 7, 2), point(0.6, "ru", 9, 0)]
    best = best_per_language(points, used(0.6))
    assert (best["en"].threshold, best["ru"].threshold) == (0.5, 0.6)


def test_a_language_with_its_own_threshold_keeps_it_on_ties() -> None:
    points = [point(0.55, "ky", 9, 0), point(0.6, "ky", 9, 0)]
    in_use = Thresholds(answer=0.6, answer_by_language=(("ky", 0.55),))
    assert best_per_language(points, in_use)["ky"].threshold == 0.55
