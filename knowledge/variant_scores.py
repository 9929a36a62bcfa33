"""Each entry's best question-variant F-score, for every entry at once.

The F-score of a variant weighs how much of the question it covers against how much of itself the question
covers. Computed a variant at a time in Python it was most of the engine's time (a common word such as "IOM"
sits in hundreds of variants); as array arithmetic over a term → variants index it costs a few microseconds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

Scores = npt.NDArray[np.float64]

_TINY = 1e-12

TermMatches = tuple[tuple[str, float], ...]
"""Vocabulary terms a question word stands for, each with how far the match is trusted (0–1)."""


class VariantScores:
    def __init__(self, variants_by_entry: Sequence[Sequence[tuple[tuple[str, ...], float]]]) -> None:
        """``variants_by_entry``: per entry, its variants as (distinct terms, total term weight)."""
        holders: defaultdict[str, list[int]] = defaultdict(list)
        starts: list[int] = []
        totals: list[float] = []
        for variants in variants_by_entry:
            starts.append(len(totals))
            for terms, total_weight in variants:
                for term in terms:
                    holders[term].append(len(totals))
                totals.append(total_weight)
            totals.append(np.inf)  # a slot that scores 0, so an entry without variants still has one
        self._starts = np.array(starts, dtype=np.intp)
        self._totals = np.array(totals, dtype=np.float64)
        self._inverse_totals = 1 / self._totals
        self._holders = {term: np.array(numbers, dtype=np.intp) for term, numbers in holders.items()}

    def best(self, term_weights: Mapping[str, float], words: Sequence[tuple[float, TermMatches]]) -> Scores:
        """Per entry, the best F-score of its variants.

        ``term_weights``: each matched term's weight in the question (its idf times trust); ``words``: each
        question word's share of the question's weight and the terms it matches."""
        covered = np.zeros_like(self._totals)
        for term, weight in term_weights.items():
            holders = self._holders.get(term)
            if holders is not None:
                covered[holders] += weight  # a variant lists a term once, so no index repeats
        recall = np.zeros_like(self._totals)
        for share, matches in words:
            if len(matches) == 1:  # the common case: one term, no best-of to take
                term, trust = matches[0]
                holders = self._holders.get(term)
                if holders is not None:
                    recall[holders] += share * trust
            else:
                recall += share * self._word_trust(matches)
        precision = covered * self._inverse_totals
        both = precision + recall
        both += _TINY  # 0 / tiny is 0: no variant shares a word
        precision *= recall
        precision /= both
        return 2 * np.maximum.reduceat(precision, self._starts)  # the harmonic mean 2pr / (p + r)

    def _word_trust(self, matches: TermMatches) -> Scores:
        """Per variant, how far it holds the word: the trust of the best of the word's terms it contains."""
        trust = np.zeros_like(self._totals)
        for term, term_trust in matches:
            holders = self._holders.get(term)
            if holders is not None:
                trust[holders] = np.maximum(trust[holders], term_trust)
        return trust
