"""Ranks knowledge-base entries for a question.

Two kinds of evidence are combined. Token evidence: each content word of the question is matched (exactly or
fuzzily, so typos survive) against the knowledge base's vocabulary of stems and weighted by how informative it
is (a word found in many entries counts for less; a word the knowledge base has never seen counts fully against
every entry, so near-miss questions lose confidence). Phrase evidence: rapidfuzz similarity between the question
and the entry's closest question variant. An inverted index keeps the work proportional to the entries that
share a word with the question, not to the size of the knowledge base.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from knowledge.normalize import is_latin, is_stop_word, stems_of, tokens, translit_to_cyrillic
from knowledge.schema import LANGUAGES, Entry

UNKNOWN_WORD_WEIGHT = 0.9
"""How much a word the knowledge base has never seen counts, relative to the rarest known word."""

PHRASE_WEIGHT = 0.2
"""Share of the phrase-level similarity in the final score; the rest is token evidence."""

SHORTLIST = 40
"""Entries, ranked by word coverage, that get the finer (and dearer) variant and phrase scoring."""


@dataclass(frozen=True)
class Match:
    entry_id: str
    score: float
    weight: float
    """Total informative weight of the question's words that this entry matched: breaks ties between segments."""


@dataclass(frozen=True)
class _Variant:
    terms: tuple[str, ...]
    phrase: str


@dataclass(frozen=True)
class QueryWord:
    """A content word of the question and the vocabulary terms it may stand for, with their similarity."""

    text: str
    matches: tuple[tuple[str, float], ...]


class Index:
    def __init__(self, entries: Sequence[Entry]) -> None:
        self._entries = tuple(entries)
        self._entry_terms: list[frozenset[str]] = []
        self._variants: list[tuple[_Variant, ...]] = []
        postings: defaultdict[str, list[int]] = defaultdict(list)
        for position, entry in enumerate(self._entries):
            terms: set[str] = set()
            variants: list[_Variant] = []
            for lang in LANGUAGES:
                texts = (*entry.questions.get(lang, ()), *entry.keywords.get(lang, ()))
                for text in texts:
                    variant_terms: list[str] = []
                    for word in content_words(text):
                        alternatives = stems_of(word, lang)
                        terms.update(alternatives)
                        if alternatives[0] not in variant_terms:
                            variant_terms.append(alternatives[0])
                    if variant_terms:
                        variants.append(_Variant(tuple(variant_terms), " ".join(variant_terms)))
            for term in terms:
                postings[term].append(position)
            self._entry_terms.append(frozenset(terms))
            self._variants.append(tuple(variants))
        count = len(self._entries)
        self._postings = {term: tuple(ids) for term, ids in postings.items()}
        self._idf = {term: math.log(1 + count / len(ids)) for term, ids in self._postings.items()}
        self._unknown_weight = UNKNOWN_WORD_WEIGHT * math.log(1 + count / 0.5)
        self._vocabulary = sorted(self._postings)
        self._by_length: defaultdict[int, list[str]] = defaultdict(list)
        for term in self._vocabulary:
            self._by_length[len(term)].append(term)
        self._lookup = lru_cache(maxsize=65536)(self._lookup_uncached)

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self._entries

    def analyse(self, text: str, lang: str, translit: bool = False) -> list[QueryWord]:
        """The question's content words, each with the vocabulary terms it matches."""
        words: list[QueryWord] = []
        for word in content_words(text):
            if translit and is_latin(word):
                cyrillic = translit_to_cyrillic(word)
                words.append(QueryWord(cyrillic, self._lookup(cyrillic, "ru")))
            else:
                words.append(QueryWord(word, self._lookup(word, lang)))
        return words

    def rank(self, words: Sequence[QueryWord], limit: int = 5) -> list[Match]:
        """Entries by score, best first; empty when no word of the question is known."""
        weights = [self._word_weight(word) for word in words]
        total = sum(weights)
        if total == 0:
            return []
        coverage = self._coverage(words, weights)
        if not coverage:
            return []
        shortlist = sorted(coverage, key=coverage.__getitem__, reverse=True)[:SHORTLIST]
        matched_terms = self._matched_terms(words)
        phrase = " ".join(term for word in words for term, _ in word.matches[:1]) or " ".join(
            word.text for word in words
        )
        results: list[Match] = []
        for position in shortlist:
            query_coverage = coverage[position] / total
            variant_coverage, best_phrase = self._best_variant(position, matched_terms, phrase)
            token_score = _harmonic(query_coverage, variant_coverage)
            score = (1 - PHRASE_WEIGHT) * token_score + PHRASE_WEIGHT * best_phrase * query_coverage
            results.append(Match(self._entries[position].id, score, coverage[position]))
        results.sort(key=lambda match: match.score, reverse=True)
        return results[:limit]

    def _word_weight(self, word: QueryWord) -> float:
        if not word.matches:
            return self._unknown_weight
        best_term, _ = word.matches[0]
        return self._idf[best_term]

    def _coverage(self, words: Sequence[QueryWord], weights: Sequence[float]) -> dict[int, float]:
        """For each entry sharing a word with the question: the weight of the question words it holds."""
        coverage: defaultdict[int, float] = defaultdict(float)
        for word, weight in zip(words, weights, strict=True):
            best: dict[int, float] = {}
            for term, similarity in word.matches:
                for position in self._postings[term]:
                    if similarity > best.get(position, 0.0):
                        best[position] = similarity
            for position, similarity in best.items():
                coverage[position] += weight * similarity
        return coverage

    @staticmethod
    def _matched_terms(words: Sequence[QueryWord]) -> dict[str, float]:
        matched: dict[str, float] = {}
        for word in words:
            for term, similarity in word.matches:
                matched[term] = max(similarity, matched.get(term, 0.0))
        return matched

    def _best_variant(self, position: int, matched: dict[str, float], phrase: str) -> tuple[float, float]:
        """How much of the entry's closest question variant the question covers, and their phrase similarity."""
        best_coverage = 0.0
        best_phrase = 0.0
        for variant in self._variants[position]:
            weights = [self._idf[term] for term in variant.terms]
            covered = sum(w * matched.get(term, 0.0) for w, term in zip(weights, variant.terms, strict=True))
            variant_coverage = covered / sum(weights)
            if variant_coverage > best_coverage:
                best_coverage = variant_coverage
            if variant_coverage > 0:
                best_phrase = max(best_phrase, fuzz.token_sort_ratio(phrase, variant.phrase) / 100)
        return best_coverage, best_phrase

    def _lookup_uncached(self, word: str, lang: str) -> tuple[tuple[str, float], ...]:
        """Vocabulary terms a word may stand for, best first: its stems, else close spellings of them."""
        found: dict[str, float] = {}
        for stem in stems_of(word, lang):
            if stem in self._postings:
                found[stem] = 1.0
        if not found and not word.isdigit():
            for stem in stems_of(word, lang):
                for term, similarity in self._fuzzy(stem):
                    found[term] = max(similarity, found.get(term, 0.0))
        return tuple(sorted(found.items(), key=lambda item: (-item[1], item[0]))[:4])

    def _fuzzy(self, stem: str) -> list[tuple[str, float]]:
        """Close spellings among vocabulary terms of similar length; short words allow one swap or slip."""
        if len(stem) < 3:
            return []
        if len(stem) <= 4:
            candidates = self._by_length[len(stem)]
            return [(term, 0.8) for term in candidates if OSA.distance(stem, term, score_cutoff=1) <= 1]
        cutoff = 80.0 if len(stem) <= 5 else 75.0
        candidates = [term for size in range(len(stem) - 3, len(stem) + 4) for term in self._by_length[size]]
        hits = process.extract(stem, candidates, scorer=fuzz.ratio, score_cutoff=cutoff, limit=4)
        return [(term, score / 100) for term, score, _ in hits]


def content_words(text: str) -> list[str]:
    return [word for word in tokens(text) if not is_stop_word(word)]


def _harmonic(first: float, second: float) -> float:
    return 0.0 if first + second == 0 else 2 * first * second / (first + second)
