"""Each entry's best question-variant F-score, for every entry at once.

The F-score of a variant weighs how much of the question it covers against how much of itself the question
covers. Computed a variant at a time in Python it was most of the engine's time (a common word such as "IOM"
sits in hundreds of variants); as array arithmetic over a term → variants index it costs a few microseconds.

A variant's words are matched by any of their stems, not only the first: Snowball stems "Кыргызстан" to
"кыргызста" but "Кыргызстане" to "кыргызстан", and only their Kyrgyz stem "кыргызс" is shared.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Scores = npt.NDArray[np.float64]

_TINY = 1e-12

TermMatches = tuple[tuple[str, float], ...]
"""Vocabulary terms a question word stands for, each with how far the match is trusted (0–1)."""

VariantWord = tuple[tuple[str, ...], float]
"""A variant's word: the terms it may stand for, and its weight in the variant."""


class VariantScores:
    def __init__(self, variants_by_entry: Sequence[Sequence[Sequence[VariantWord]]]) -> None:
        """``variants_by_entry``: per entry, its variants as their words."""
        held_terms: list[str] = []  # three parallel columns: term, variant, the weight of its word there
        held_variants: list[int] = []
        held_weights: list[float] = []
        starts: list[int] = []
        totals: list[float] = []
        for variants in variants_by_entry:
            starts.append(len(totals))
            for words in variants:
                number, total = len(totals), 0.0
                for terms, weight in words:
                    held_terms += terms
                    held_variants += [number] * len(terms)
                    held_weights += [weight] * len(terms)
                    total += weight
                totals.append(total)
            totals.append(np.inf)  # a slot that scores 0, so an entry without variants still has one
        self._starts = np.array(starts, dtype=np.intp)
        self._inverse_totals = 1 / np.array(totals, dtype=np.float64)
        self._holders = _group_by_term(held_terms, held_variants, held_weights)

    def best(self, words: Sequence[tuple[float, TermMatches]]) -> Scores:
        """Per entry, the best F-score of its variants.

        ``words``: each question word's share of the question's weight and the terms it matches. Precision is
        the weight of the variant's words the question holds; recall the share of the question's words the
        variant holds; a word counts by its best-trusted term."""
        covered = np.zeros_like(self._inverse_totals)
        recall = np.zeros_like(self._inverse_totals)
        counted: set[str] = set()  # a term covers a variant once, however many question words stand for it
        for share, matches in words:
            fresh = tuple(match for match in matches if match[0] not in counted)
            counted.update(term for term, _ in matches)
            if len(matches) == 1:  # the common case: one term, no best-of to take
                term, trust = matches[0]
                if term in self._holders:
                    holders, weights = self._holders[term]
                    if fresh:
                        covered[holders] += trust * weights
                    recall[holders] += share * trust
            else:
                word_covered, word_trust = self._best_term(matches, fresh)
                covered += word_covered
                recall += share * word_trust
        precision = np.minimum(covered * self._inverse_totals, 1.0)  # two stems may each hold one of its words
        both = precision + recall
        both += _TINY  # 0 / tiny is 0: no variant shares a word
        precision *= recall
        precision /= both
        return 2 * np.maximum.reduceat(precision, self._starts)  # the harmonic mean 2pr / (p + r)

    def _best_term(self, matches: TermMatches, fresh: TermMatches) -> tuple[Scores, Scores]:
        """Per variant, the weight of the best of the word's ``fresh`` terms it holds (the others covered it for
        an earlier word) and the trust of the best of all its terms."""
        covered = np.zeros_like(self._inverse_totals)
        trust = np.zeros_like(self._inverse_totals)
        for term, term_trust in matches:
            if term in self._holders:
                holders, weights = self._holders[term]
                if (term, term_trust) in fresh:
                    covered[holders] = np.maximum(covered[holders], term_trust * weights)
                trust[holders] = np.maximum(trust[holders], term_trust)
        return covered, trust


def _group_by_term(
    terms: list[str], variants: list[int], weights: list[float]
) -> dict[str, tuple[npt.NDArray[np.intp], Scores]]:
    """Per term, the variants holding it and the weight of its word in each; a variant listed once per term
    (with its heaviest word holding the term), as fancy-index updates need. Sorted and split as arrays: the
    index is built at every start."""
    if not terms:
        return {}
    names = list(dict.fromkeys(terms))
    number_of = {term: number for number, term in enumerate(names)}
    term_column = np.fromiter(map(number_of.__getitem__, terms), dtype=np.intp, count=len(terms))
    variant_column = np.array(variants, dtype=np.intp)
    weight_column = np.array(weights, dtype=np.float64)
    order = np.lexsort((-weight_column, variant_column, term_column))
    term_column, variant_column, weight_column = term_column[order], variant_column[order], weight_column[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (term_column[1:] != term_column[:-1]) | (variant_column[1:] != variant_column[:-1])
    term_column, variant_column, weight_column = term_column[first], variant_column[first], weight_column[first]
    bounds = np.flatnonzero(np.diff(term_column)) + 1
    begins = [0, *bounds.tolist()]
    ends = [*bounds.tolist(), len(term_column)]
    return {
        term: (variant_column[begin:end], weight_column[begin:end])
        for term, begin, end in zip(names, begins, ends, strict=True)  # numbers follow the names' order
    }
