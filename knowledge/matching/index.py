"""Ranks knowledge-base entries for a question.

Two kinds of evidence are combined. Token evidence: each content word of the question is matched (exactly or
fuzzily, so typos survive) against the knowledge base's vocabulary of stems and weighted by how informative it
is (a word found in many entries counts for less; a word the knowledge base has never seen counts fully against
every entry, so near-miss questions lose confidence). Phrase evidence: rapidfuzz similarity between the question
and the entry's closest question variant. An inverted index keeps the work proportional to the entries that
share a word with the question, not to the size of the knowledge base.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from knowledge.kb.model import LANGUAGES, Entry
from knowledge.matching import kinds
from knowledge.matching.variant_scores import TermMatches, VariantScores
from knowledge.text.clauses import is_asking_word, without_conjunctions
from knowledge.text.fold import is_cyrillic, is_latin, is_stop_word, kyrgyz_fold, kyrgyz_fold_phrase, tokens
from knowledge.text.lexicon import STOP_WORDS
from knowledge.text.memory import Remembering
from knowledge.text.stem import english_stem, russian_stem, stems_of
from knowledge.text.synonyms import NO_SYNONYMS, Synonyms
from knowledge.text.translit import translit_candidates

UNKNOWN_WORD_WEIGHT = 0.9
"""How much a word the knowledge base has never seen counts, relative to the rarest known word."""

KIND_MISMATCH = 0.8
"""Score factor for an entry whose variants (almost) never ask what the question asks (who, when, why…)."""

RARE_KIND = 0.05
"""Below this share of an entry's variants, a kind of question counts as one the entry does not answer."""

IDF_FLOOR = 0.3
"""Added to every known word's idf: a word in every entry (the organisation, the country) still tells
entries about one subject apart ("IOM founded" against "IOM in Kyrgyzstan since")."""

PHRASE_WEIGHT = 0.2
"""Share of the phrase-level similarity in the final score; the rest is token evidence."""
PHRASE_CUTOFF_SLACK = 0.01
"""Below the phrase similarity an entry needs to make the top of a ranking (0–100), so rounding never leaves out
an entry that would tie: one let in needlessly only costs a comparison."""

MIN_DERIVED_STEM = 5
MAX_DERIVED_SUFFIX = 3
DERIVED_SIMILARITY = 0.9
"""A Russian word whose stem is unknown matches a known stem it starts with (at least MIN_DERIVED_STEM letters,
at most MAX_DERIVED_SUFFIX fewer than its own), trusted like one slip: another derivation of the same word."""

POOLED_COVERAGE = 0.75
"""What the share of the question that an entry's variants hold together counts for, against its best single
variant's match: a paraphrase mixes the words of several variants ("Is migration *covered* across the *whole*
framework?"). Calibrated on tests/eval/eval.yaml and the held-out check (0.7–0.8 alike; 0.9 answers near
misses)."""

POOLED_FLOOR = 0.6
"""Pooled coverage counts only for a question the entry's variants mostly hold; below, it would only lift weak
partial matches ("What is the weather today?") into "did you mean"."""

POOLED_LIFT = 0.15
"""How far pooled coverage may lift an entry above its best single variant: entries whose variants between
them mention a question's words ("What does the *green priority* of the framework *involve*?": IOM's part in
the other groups) but never ask it whole stay behind the entry one of whose variants does (0.1–0.2 alike on
tests/eval/eval.yaml and the held-out check)."""

SHORT_TYPO_SIMILARITY = 0.85
"""Similarity given to a word of 3–4 letters one slip away from a known term ("hwo" → "how")."""

SWAP_SIMILARITY = 0.9
"""Similarity given to a word of 5 letters or more that is a known word with two neighbouring letters swapped:
one slip, fully trusted like one slip in a long word."""

MIN_JOINED = 6
MAX_JOINED = 60
MIN_JOINED_PART = 4
MIN_JOINED_CYRILLIC_PART = 3
MIN_JOINED_ABBREVIATION = 3
"""An unknown word of MIN_JOINED to MAX_JOINED letters may be words typed together: function or question words
(of two letters or more in English; Russian has one-letter prepositions: "договор*о*миграции"), known words of at
least MIN_JOINED_PART letters (MIN_JOINED_CYRILLIC_PART in Cyrillic: "*тең*төрагалык", "*гос*управления"), or
abbreviations of the vocabulary of at least MIN_JOINED_ABBREVIATION ("*iom*works": not "un" of "*un*sure")."""

ONE_SLIP = 0.9
"""A close spelling at least this similar is the word with a typo, not two words run together."""

FUZZY_LIMIT = 4
"""At most this many close spellings are kept for a word."""

CLOSE_SPELLING = 0.85
"""A word whose stem is known but which the knowledge base never wrote also gets known words this close."""

SHORTLIST = 12
"""Entries, ranked by word coverage, that get the finer (and dearer) variant and phrase scoring."""

MAX_SHORTLIST = 40
"""With entries tied on coverage, at most this many are scored finely."""

EVIDENCE_SCALE = 3.0
"""Matched word weight at which a match counts as well supported (about one rare word): a long message's
best clause must carry evidence, not just one common word that happens to match perfectly."""


@dataclass(frozen=True)
class Match:
    entry_id: str
    score: float
    weight: float
    """Total informative weight of the question's words that this entry matched: breaks ties between segments."""


@dataclass(frozen=True)
class NearMiss:
    """How closely a question matches a question the knowledge base does not answer, and which one."""

    score: float
    closest: str
    entry_id: str
    """The entry whose near miss it is."""


@dataclass(frozen=True)
class _Variant:
    words: tuple[tuple[str, ...], ...]
    """Each content word's stems, the first its own language's (the word's weight is that stem's idf)."""
    phrase: str


@dataclass(frozen=True)
class QueryWord:
    """A content word of the question and the vocabulary terms it may stand for, with their similarity."""

    text: str
    matches: tuple[tuple[str, float], ...]


class Index(Remembering):
    _memories = ("_lookup",)

    def __init__(self, entries: Sequence[Entry], synonyms: Synonyms = NO_SYNONYMS) -> None:
        self._entries = tuple(entries)
        self._synonyms = synonyms
        # each entry's near misses as a variant list of its own, scored like an entry's but never ranked, and
        # adding nothing to the vocabulary or the weights of words: the entries rank as they did without them
        near = [entry for entry in self._entries if entry.near_misses]
        self._near_entry = {len(self._entries) + n: entry.id for n, entry in enumerate(near)}
        self._near_texts: dict[int, list[str]] = {}
        near_postings: defaultdict[str, list[int]] = defaultdict(list)  # the near misses' own inverted index
        shadows = [replace(entry, questions=entry.near_misses, keywords={}) for entry in near]
        variants_by_entry: list[list[_Variant]] = []
        postings: defaultdict[str, list[int]] = defaultdict(list)
        surface: defaultdict[str, set[str]] = defaultdict(set)
        self._kind_profiles: list[kinds.Profile] = []
        self._terms: dict[str, frozenset[str]] = {}
        known_stems: dict[tuple[str, str], tuple[str, ...]] = {}  # the variants repeat their words: stem each once
        for position, entry in enumerate((*self._entries, *shadows)):
            shadow = position >= len(self._entries)
            entry_words: dict[str, tuple[str, ...]] = {}  # each word and its stems (the same in any language)
            variants: list[_Variant] = []
            questions: list[list[str]] = []
            for lang in LANGUAGES:
                asked = len(entry.questions.get(lang, ()))
                for number, text in enumerate(entry.phrasings(lang)):
                    # as read with the synonyms (a full name abbreviated), and as written (for a misspelt full name)
                    for written, form in enumerate(dict.fromkeys((synonyms.rewrite(text), text))):
                        words = content_words(without_conjunctions(form))
                        if number < asked and not written:  # a question (not a keyword), counted once
                            questions.append(words)
                        variant_words: dict[str, tuple[str, ...]] = {}
                        for word in words:
                            stems = known_stems.get((word, lang)) or known_stems.setdefault(
                                (word, lang), self._stems(word, lang)
                            )
                            variant_words.setdefault(stems[0], stems)
                            entry_words.setdefault(word, stems)
                        if variant_words:
                            variants.append(_Variant(tuple(variant_words.values()), _surface_phrase(words)))
                            if shadow:
                                self._near_texts.setdefault(position, []).append(text)
            variants_by_entry.append(variants)
            self._kind_profiles.append(kinds.profile(questions))
            if shadow:
                for term in {t for stems in entry_words.values() for t in stems}:
                    near_postings[term].append(position)
                continue
            terms: set[str] = set()
            for word, alternatives in entry_words.items():
                terms.update(alternatives)
                surface[kyrgyz_fold(word)].update(alternatives)
            for term in terms:
                postings[term].append(position)
            self._terms[entry.id] = frozenset(terms)
        count = len(self._entries)
        self._postings = {term: tuple(ids) for term, ids in postings.items()}
        self._near_postings = {term: tuple(ids) for term, ids in near_postings.items()}
        self._idf = {term: math.log(1 + count / len(ids)) + IDF_FLOOR for term, ids in self._postings.items()}
        rarest = math.log(1 + count) + IDF_FLOOR  # a near miss's word no entry uses: as rare as a word can be
        self._sorted_phrases = [
            [_sorted_words(variant.phrase) for variant in variants] for variants in variants_by_entry
        ]
        weighed = [
            [[(stems, self._idf.get(stems[0], rarest)) for stems in variant.words] for variant in variants]
            for variants in variants_by_entry
        ]
        self._variant_scores = VariantScores(weighed[:count])
        self._near_scores = VariantScores(weighed[count:])  # apart: the entries' arrays stay their size
        self._unknown_weight = UNKNOWN_WORD_WEIGHT * math.log(1 + count / 0.5)
        self._surface: dict[str, tuple[str, ...]] = {word: tuple(sorted(t)) for word, t in surface.items()}
        for stop_word in STOP_WORDS:
            self._surface.setdefault(stop_word, ())
        self._by_length: defaultdict[int, list[str]] = defaultdict(list)
        for word in sorted(self._surface):
            self._by_length[len(word)].append(word)
        self._remember()

    def _remember(self) -> None:
        self._lookup = lru_cache(maxsize=65536)(self._lookup_uncached)

    def terms_of(self, entry_id: str) -> frozenset[str]:
        """The vocabulary terms (stems) of an entry's phrasings."""
        return self._terms.get(entry_id, frozenset())

    def analyse(self, text: str, lang: str, translit: bool = False) -> list[QueryWord]:
        """The question's content words, each with the vocabulary terms it matches."""
        words: list[QueryWord] = []
        for token in tokens(self._synonyms.rewrite(text)):
            word, word_lang = (self._read_translit(token), "ru") if translit and is_latin(token) else (token, lang)
            for part in self._unjoin(word, word_lang):
                if is_stop_word(part):
                    continue
                matches = self._lookup(part, word_lang)
                if matches is not None:
                    words.append(QueryWord(part, matches))
        return words

    def _unjoin(self, word: str, lang: str) -> tuple[str, ...]:
        """Words typed without the spaces between them ("howmany", "whowere", "whatwasthemeetingfor") as the
        words, when the word is unknown or only loosely like a known one ("whowere" is not "where") and it splits
        wholly into words the knowledge base (or the stop-word list) holds as written, or numbers: the split
        into the fewest such words, not all of them function words."""
        if len(word) < MIN_JOINED or len(word) > MAX_JOINED or word in self._surface:
            return (word,)
        matches = self._lookup(word, lang)
        if matches is None or any(similarity >= ONE_SLIP for _, similarity in matches):
            return (word,)
        # fewest[i]: the fewest joinable words that make up word[:i], as the cut before the last of them (a part
        # may be one letter long, but not at either end: "с|то|лица" is no split)
        fewest: list[tuple[int, int] | None] = [(0, 0), *([None] * len(word))]
        for end in range(1, len(word) + 1):
            options = [
                (found[0] + 1, start)
                for start in range(end)
                if (found := fewest[start]) is not None and self._joinable(word[start:end])
            ]
            fewest[end] = min(options) if options else None
        last = fewest[len(word)]
        if last is None or last[0] < 2:
            return (word,)
        parts: list[str] = []
        end = len(word)
        while end:
            step = fewest[end]
            assert step is not None  # every cut on the path back was reached
            parts.append(word[step[1] : end])
            end = step[1]
        if all(is_stop_word(part) and not is_asking_word(part) for part in parts):
            return (word,)  # words typed together ask or name something: "weather" is not "we at her"
        if min(len(parts[0]), len(parts[-1])) == 1:
            return (word,)
        return tuple(reversed(parts))

    def _joinable(self, part: str) -> bool:
        """A part of words run together: a function or question word ("how", "was", "о"), a number ("24"), a
        known word long enough (not "led" of "handled") or an abbreviation ("iom")."""
        latin = part.isascii()
        if (len(part) >= 2 or not latin) and (is_stop_word(part) or is_asking_word(part) or part.isdigit()):
            return True
        if len(part) >= MIN_JOINED_ABBREVIATION and part in self._synonyms.abbreviations:
            return True
        shortest = MIN_JOINED_PART if latin else MIN_JOINED_CYRILLIC_PART
        return len(part) >= shortest and kyrgyz_fold(part) in self._surface

    def _read_translit(self, token: str) -> str:
        """The reading of a Latin word the knowledge base (or the stop-word list) knows, else the plain one;
        people drop a word's final soft sign ("est" is "есть", "rabotat" "работать")."""
        first, second = translit_candidates(token)
        if second != first and kyrgyz_fold(second) in self._surface:
            return second
        soft = ("е" + first[1:] if first.startswith("э") else first) + "ь"
        return soft if kyrgyz_fold(first) not in self._surface and kyrgyz_fold(soft) in self._surface else first

    def rank(self, words: Sequence[QueryWord], limit: int = 5, unknown_scale: float = 1.0) -> list[Match]:
        """Entries by score, best first; empty when no word of the question is known.

        ``unknown_scale`` below 1 makes unknown words count less, for clauses of a long message, whose
        story around the question is mostly words the knowledge base has no reason to know."""
        weights = [self._word_weight(word, unknown_scale) for word in words]
        total = sum(weights)
        coverage = self._coverage(words, weights)
        if total == 0 or not coverage:
            return []
        evidence = _QueryEvidence(
            words, [self._known_weight(w, weight) / total for w, weight in zip(words, weights, strict=True)]
        )
        asked = kinds.kinds_of(word.text for word in words)
        best_f: list[float] = self._variant_scores.best(evidence.word_matches).tolist()
        pooled = POOLED_COVERAGE if len(words) > 1 else 0.0  # one word is no mix of variants
        bounds = {
            position: combine(coverage[position] / total, best_f[position], 1.0, pooled)
            for position in _shortlist(coverage)
        }
        results: list[Match] = []
        for position in sorted(bounds, key=bounds.__getitem__, reverse=True):
            if len(results) >= limit and bounds[position] < results[limit - 1].score:
                break  # in falling bound order: no later entry can make the top `limit`
            to_beat = results[limit - 1].score if len(results) >= limit else 0.0
            share = coverage[position] / total
            score = self._score(position, evidence, share, best_f[position], asked, pooled, to_beat)
            if score is None:
                continue
            results.append(Match(self._entries[position].id, score, coverage[position]))
            results.sort(key=lambda match: match.score, reverse=True)
        return results[:limit]

    def _score(
        self,
        position: int,
        evidence: _QueryEvidence,
        share: float,
        variant_f: float,
        asked: frozenset[str],
        pooled: float,
        to_beat: float = 0.0,
    ) -> float | None:
        """An entry's score from the share of the question's weight it holds and its best variant's F-score, with
        the phrase similarity and whether it answers what is asked; None when it cannot reach ``to_beat``."""
        kind = 1.0 if kinds.fits(self._kind_profiles[position], asked, RARE_KIND) else KIND_MISMATCH
        phrase = 0.0
        if variant_f:
            # the phrase similarity below which it cannot beat ``to_beat``: rapidfuzz stops early there
            base = combine(share, variant_f, 0.0, pooled)
            needed = (to_beat / kind - base) / (PHRASE_WEIGHT * share) if share else 0.0
            found = self._phrase(position, evidence, needed)
            if found is None:
                return None
            phrase = found
        return combine(share, variant_f, phrase, pooled) * kind

    def near_miss(self, words: Sequence[QueryWord], at_least: float, unknown_scale: float = 1.0) -> NearMiss | None:
        """The question the knowledge base does not answer (an entry's ``near_misses``) that the question matches
        best, when it matches it ``at_least`` so well, scored as an entry is; else None. The bar lets most near
        misses be passed over on their words alone, before any phrase is compared."""
        weights = [self._word_weight(word, unknown_scale) for word in words]
        total = sum(weights)
        if not self._near_entry or not total:
            return None
        held = self._coverage(words, weights, self._near_postings)
        if not held:
            return None
        known = [self._known_weight(word, weight) for word, weight in zip(words, weights, strict=True)]
        evidence = _QueryEvidence(words, [weight / total for weight in known])
        variant_f = self._near_scores.best(evidence.word_matches).tolist()
        first = len(self._entries)
        pooled = POOLED_COVERAGE if len(words) > 1 else 0.0
        bar = at_least - 1e-9  # as close as the entry is close enough
        asked = kinds.kinds_of(word.text for word in words)
        best: NearMiss | None = None
        for position, weight in held.items():
            shadow_f = variant_f[position - first]
            if combine(weight / total, shadow_f, 1.0, pooled) < bar:
                continue  # even a perfect phrase would leave it below the bar
            to_beat = best.score if best else bar
            score = self._score(position, evidence, weight / total, shadow_f, asked, pooled, to_beat)
            if score is not None and score >= to_beat:
                closest = process.extractOne(evidence.sorted_phrase, self._sorted_phrases[position], scorer=fuzz.ratio)
                text = self._near_texts[position][closest[2]] if closest else ""
                best = NearMiss(score, text, self._near_entry[position])
        return best

    def coverage_bound(self, words: Sequence[QueryWord], unknown_scale: float = 1.0) -> float:
        """A cheap promise of how well the words can match: the best entry's share of their weight, damped
        when little weight is matched at all (a lone common word)."""
        weights = [self._word_weight(word, unknown_scale) for word in words]
        coverage = self._coverage(words, weights)
        if not coverage:
            return 0.0
        best = max(coverage.values())
        return best / sum(weights) * (1 - math.exp(-best / EVIDENCE_SCALE))

    def _word_weight(self, word: QueryWord, unknown_scale: float = 1.0) -> float:
        """A word's weight; a word known only through a fuzzy match counts partly as unknown."""
        unknown = self._unknown_weight * unknown_scale
        if not word.matches:
            return unknown
        best_term, similarity = word.matches[0]
        trust = _trust(similarity)
        return trust * self._idf[best_term] + (1 - trust) * unknown

    def _known_weight(self, word: QueryWord, weight: float) -> float:
        return min(weight, self._idf[word.matches[0][0]]) if word.matches else 0.0

    def _coverage(
        self,
        words: Sequence[QueryWord],
        weights: Sequence[float],
        postings: Mapping[str, tuple[int, ...]] | None = None,
    ) -> dict[int, float]:
        """For each entry sharing a word with the question: the weight of the question words it holds (of the
        entries' near misses with their ``postings``)."""
        postings = self._postings if postings is None else postings
        coverage: defaultdict[int, float] = defaultdict(float)
        for word, weight in zip(words, weights, strict=True):
            best: dict[int, float] = {}
            for term, similarity in word.matches:
                for position in postings.get(term, ()):
                    if similarity > best.get(position, 0.0):
                        best[position] = similarity
            known = self._known_weight(word, weight)
            for position, similarity in best.items():
                coverage[position] += known * _trust(similarity)
        return coverage

    def _phrase(self, position: int, query: _QueryEvidence, needed: float = 0.0) -> float | None:
        """The best phrase similarity to the entry's variants, in one C-level pass (their words were sorted
        once at start-up, so plain ratio gives token_sort_ratio); None when it is below ``needed``, which lets
        rapidfuzz skip variants it can tell fall short."""
        if needed > 1:
            return None
        cutoff = max(0.0, needed * 100 - PHRASE_CUTOFF_SLACK)
        best = process.extractOne(
            query.sorted_phrase, self._sorted_phrases[position], scorer=fuzz.ratio, score_cutoff=cutoff
        )
        return None if best is None else float(best[1]) / 100

    def _stems(self, word: str, lang: str) -> tuple[str, ...]:
        """A word's index terms: its stems, an abbreviation's as its notion's one term ("мому" → "iom")."""
        return tuple(dict.fromkeys(map(self._synonyms.canonical, stems_of(word, lang))))

    def _lookup_uncached(self, word: str, lang: str) -> tuple[tuple[str, float], ...] | None:
        """Vocabulary terms a word may stand for, best first: its stems, and the terms of the knowledge base's
        words closest in spelling (typos are corrected on whole words, before stemming). A word the knowledge
        base never wrote keeps its close spellings even when its stem is known: the stem of "metting" is "met",
        but it is "meeting" misspelt. None when the word is a misspelt stop word ("dose" for "does")."""
        exact = {stem: 1.0 for stem in self._stems(word, lang) if stem in self._postings}
        if not exact and is_cyrillic(word):
            exact = self._derived(word)
        folded = kyrgyz_fold(word)
        if word.isdigit() or (exact and folded in self._surface):
            return tuple(exact.items())
        found = dict(exact)
        for known, similarity in self._close_words(folded):
            if exact and similarity < CLOSE_SPELLING:
                break
            if not self._surface[known]:
                if not found:
                    return None
                continue
            if _another_english_word(word, known):
                continue
            for term in self._surface[known]:
                found[term] = max(similarity, found.get(term, 0.0))
        return tuple(sorted(found.items(), key=lambda item: (-item[1], item[0]))[:FUZZY_LIMIT])

    def _derived(self, word: str) -> dict[str, float]:
        """The known stem a Russian word of another derivation starts with ("утвержден" of "утверждение"
        starts "утверд" of "утвердили", once the alternation жд/д is undone), as good as one slip."""
        stem = russian_stem(word).replace("жд", "д")
        for size in range(len(stem), max(MIN_DERIVED_STEM, len(stem) - MAX_DERIVED_SUFFIX) - 1, -1):
            if stem[:size] in self._postings:
                return {stem[:size]: DERIVED_SIMILARITY}
        return {}

    def _close_words(self, word: str) -> list[tuple[str, float]]:
        """Known words of similar length and spelling, closest first; short words allow one swap or slip."""
        if len(word) < 3:
            return []
        if len(word) <= 4:
            candidates = [
                known for size in (len(word) - 1, len(word), len(word) + 1) for known in self._by_length[size]
            ]
            slips = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=1, limit=None)
            near = sorted((known for known, _, _ in slips), key=lambda known: -fuzz.ratio(word, known))
            return [(known, SHORT_TYPO_SIMILARITY) for known in near[:FUZZY_LIMIT]]
        cutoff = 80.0 if len(word) <= 5 else 75.0
        # Longer words keep their first letter: typos rarely hit it, while a lost first syllable makes
        # another word ("погода", weather, is not "года", years). Russian writes Kyrgyz "ж" as "дж"
        # ("Джапаров" is "Жапаров").
        firsts = (word[0], "ж") if word.startswith("дж") else (word[0],)
        candidates = [
            known
            for size in range(len(word) - 3, len(word) + 4)
            for known in self._by_length[size]
            if known[0] in firsts
        ]
        hits = {
            known: score / 100
            for known, score, _ in process.extract(
                word, candidates, scorer=fuzz.ratio, score_cutoff=cutoff, limit=FUZZY_LIMIT
            )
        }
        # two letters swapped is one slip, though ratio counts it as two ("когад" 0.8 from "когда")
        same_length = [known for known in candidates if len(known) == len(word)]
        for known, _, _ in process.extract(word, same_length, scorer=OSA.distance, score_cutoff=1, limit=None):
            if Levenshtein.distance(word, known) == 2:
                hits[known] = max(hits.get(known, 0.0), SWAP_SIMILARITY)
        return sorted(hits.items(), key=lambda hit: -hit[1])[:FUZZY_LIMIT]


def _another_english_word(word: str, known: str) -> bool:
    """A known word whose stem starts a Latin word's longer stem is another word ("direct", "direction" for
    "director"), unless it is the word with letters it lacks ("sustainable" for "sustainble") or with two
    letters swapped ("development" for "developmnet"; "founded" for "founder" is another word)."""
    if not is_latin(word) or Levenshtein.distance(word, known) == len(known) - len(word):
        return False
    if OSA.distance(word, known) == 1 and Levenshtein.distance(word, known) == 2:  # one transposition
        return False
    stem, known_stem = english_stem(word), english_stem(known)
    return stem != known_stem and stem.startswith(known_stem) and len(stem) - len(known_stem) >= 2


def _shortlist(coverage: dict[int, float]) -> list[int]:
    """The SHORTLIST entries covering most of the question, and entries tied with the last of them up to
    MAX_SHORTLIST (a common word covers many entries equally: cutting among them would drop the right one
    at random, keeping them all would make a large knowledge base slow)."""
    if len(coverage) <= SHORTLIST:
        return list(coverage)
    floor = heapq.nlargest(SHORTLIST, coverage.values())[-1]
    above = [position for position, value in coverage.items() if value > floor]
    tied = [position for position, value in coverage.items() if value == floor]
    return above + tied[: MAX_SHORTLIST - len(above)]


class _QueryEvidence:
    """The question's words indexed by term, computed once per ranking rather than once per entry."""

    def __init__(self, words: Sequence[QueryWord], shares: Sequence[float]) -> None:
        self.word_matches: list[tuple[float, TermMatches]] = []
        for word, share in zip(words, shares, strict=True):
            trusted = tuple((term, trust) for term, similarity in word.matches if (trust := _trust(similarity)))
            if share and trusted:
                self.word_matches.append((share, trusted))
        self.sorted_phrase = _sorted_words(_surface_phrase([word.text for word in words]))


def _sorted_words(phrase: str) -> str:
    return " ".join(sorted(phrase.split()))


def _surface_phrase(words: Sequence[str]) -> str:
    """Words as written (Kyrgyz letters folded): phrase similarity then tells "ыраазымын" (thanks) from
    "ыраазычылык" (gratitude) where their stems coincide."""
    return kyrgyz_fold_phrase(" ".join(words))


def content_words(text: str) -> list[str]:
    return [word for word in tokens(text) if not is_stop_word(word)]


def combine(coverage: float, variant_f: float, phrase: float, pooled: float) -> float:
    """The entry's score: how well its closest question variant matches the question as a whole (F-score of
    the two coverages), or, ``pooled`` times as much, how much of the question its variants hold together;
    nudged by the phrase-level similarity where the entry explains much of the question."""
    token = max(variant_f, min(variant_f + POOLED_LIFT, pooled * coverage) if coverage >= POOLED_FLOOR else 0.0)
    return (1 - PHRASE_WEIGHT) * token + PHRASE_WEIGHT * phrase * coverage


def _trust(similarity: float) -> float:
    """How far a fuzzy match is believed: one slip in a long word (similarity ≥ 0.9) fully, the weakest accepted
    spelling about a half."""
    return min(1.0, max(0.0, (similarity - 0.6) / 0.3))
