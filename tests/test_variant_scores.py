"""Each entry's best question-variant F-score: stems, repeated words and entries without shared words."""

from __future__ import annotations

import pytest

from knowledge.matching.variant_scores import VariantScores

# Snowball: "Кыргызстан" → "кыргызста", "Кыргызстане" → "кыргызстан"; the Kyrgyz stem "кыргызс" is shared.
KYRGYZSTAN_IN_VARIANT = (("кыргызстан", "кыргызс"), 2.0)
KYRGYZSTAN_ASKED = (("кыргызста", 1.0), ("кыргызс", 1.0))


def test_a_word_is_held_by_any_of_its_stems() -> None:
    scores = VariantScores([[[KYRGYZSTAN_IN_VARIANT, (("iom",), 1.0)]]])
    best = scores.best([(0.5, KYRGYZSTAN_ASKED), (0.5, (("iom", 1.0),))])
    assert best.tolist() == pytest.approx([1.0])


def test_the_best_variant_of_each_entry_counts() -> None:
    scores = VariantScores(
        [
            [[(("found",), 1.0), (("year",), 1.0)], [(("found",), 1.0)]],  # one variant is exactly the question
            [[(("member",), 1.0), (("state",), 1.0)]],  # shares no word
            [],  # no variants at all
        ]
    )
    assert scores.best([(1.0, (("found", 1.0),))]).tolist() == pytest.approx([1.0, 0.0, 0.0])


def test_a_repeated_question_word_does_not_hold_more_of_the_variant() -> None:
    scores = VariantScores([[[(("iom",), 1.0), (("member",), 1.0)]]])
    once = scores.best([(1.0, (("iom", 1.0),))])
    twice = scores.best([(0.5, (("iom", 1.0),)), (0.5, (("iom", 1.0),))])
    # precision 1/2 either way, recall 1: F = 2/3
    assert once.tolist() == pytest.approx([2 / 3])
    assert twice.tolist() == pytest.approx([2 / 3])


def test_a_half_trusted_typo_counts_half() -> None:
    scores = VariantScores([[[(("meeting",), 1.0)]]])
    # precision 0.5, recall 0.5: F = 0.5
    assert scores.best([(1.0, (("meeting", 0.5),))]).tolist() == pytest.approx([0.5])


def test_entries_without_any_variant_score_nothing() -> None:
    assert VariantScores([[], []]).best([(1.0, (("iom", 1.0),))]).tolist() == [0.0, 0.0]
