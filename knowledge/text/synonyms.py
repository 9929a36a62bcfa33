"""Phrases read as the knowledge base's own words, and abbreviations of one notion in three languages.

"The International Organization for Migration" is one notion (IOM), not three words that outweigh the rest of the
question; "focus areas" are the priorities, "floods" the page's disasters, "our country" Kyrgyzstan. The phrases
and abbreviations are the knowledge base's data (``synonyms`` and ``abbreviations`` in
``knowledge/data/vocabulary.yaml``, checked by ``validate``, picked up by ``/reload``); this module reads texts
with them. Questions, question variants and cue words all go through the same ``Synonyms``, so both sides of a
comparison meet in the same words.

A phrase is words separated by spaces; ``word*`` stands for every word beginning with ``word``, a lone ``*`` for
any one word. Kyrgyz ө ү ң match о у н and the other way round, as people type them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from knowledge.text.fold import fold
from knowledge.text.lexicon import KYRGYZ_FOLD
from knowledge.text.memory import Remembering

MAX_REMEMBERED = 65536
"""Texts whose reading a ``Synonyms`` remembers: questions repeat ("hello", "/help"), variants are read often."""

_WORD = re.compile(r"\w+")
_KYRGYZ_LETTERS = re.compile("[өүң]")
_EITHER_SPELLING = {"о": "[оө]", "у": "[уү]", "н": "[нң]"}
"""A Kyrgyz letter or the Russian one people type for it: either matches."""


class Synonyms(Remembering):
    """Rewrites texts with one knowledge base's phrases and abbreviations; remembers on the instance, so a
    reloaded knowledge base starts afresh."""

    _memories = ("rewrite",)

    def __init__(self, phrases: Mapping[str, Sequence[str]], abbreviations: Mapping[str, Sequence[str]]) -> None:
        self.phrases = {target: tuple(forms) for target, forms in phrases.items()}
        """Word(s) of the knowledge base → the phrases read as them, in the order they are applied."""
        self.abbreviations = {form: term for term, forms in abbreviations.items() for form in forms}
        """A word's stem → the one term of its notion ("мом", "эму" → "iom")."""
        self._rules = tuple((_pattern(forms), target) for target, forms in self.phrases.items() if forms)
        self._by_word: dict[str, set[int]] = {}
        """A whole word → the rules one of whose phrases holds it."""
        self._by_prefix: list[tuple[str, int]] = []
        """A word's beginning ("word*") → the rule one of whose phrases holds it."""
        for number, forms in enumerate(forms for forms in self.phrases.values() if forms):
            for needle, is_prefix in _needles(forms):
                if is_prefix:
                    self._by_prefix.append((needle, number))
                else:
                    self._by_word.setdefault(needle, set()).add(number)
        self._remember()

    def _remember(self) -> None:
        self.rewrite = lru_cache(maxsize=MAX_REMEMBERED)(self._rewrite)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Synonyms) and (self.phrases, self.abbreviations) == (
            other.phrases,
            other.abbreviations,
        )

    def __hash__(self) -> int:
        return hash(tuple(self.phrases))

    def __repr__(self) -> str:
        return f"Synonyms({len(self.phrases)} phrase targets, {len(self.abbreviations)} abbreviations)"

    def _rewrite(self, text: str) -> str:
        """The text with its phrases replaced (folded then; as given when it has none)."""
        folded = fold(text)
        rewritten = self._read(folded, None)
        return text if rewritten == folded else rewritten

    def readings(self, text: str) -> tuple[str, ...]:
        """What was read as what in a text ("'focus areas' as 'priorities'"), for ``ask --explain``."""
        found: list[str] = []
        self._read(fold(text), found)
        return tuple(found)

    def _read(self, folded: str, found: list[str] | None) -> str:
        rewritten = folded
        hits = self._hits(folded)
        for number, (pattern, target) in enumerate(self._rules):
            if number in hits:
                if found is not None:
                    found.extend(f"'{match.group()}' as '{target}'" for match in pattern.finditer(rewritten))
                read = pattern.sub(target, rewritten)
                if read != rewritten:  # what it wrote may hold a later rule's word ("un" of "united nations")
                    rewritten, hits = read, self._hits(read)
        return rewritten

    def _hits(self, text: str) -> set[int]:
        """The rules one of whose words the text holds: a text holding none skips a rule's pattern (its cost
        tenfold)."""
        if _KYRGYZ_LETTERS.search(text):
            text = text.translate(KYRGYZ_FOLD)
        hits = {number for needle, number in self._by_prefix if needle in text}
        for word in self._by_word.keys() & _WORD.findall(text):
            hits |= self._by_word[word]
        return hits

    def canonical(self, stem: str) -> str:
        """Abbreviations of one notion in three languages become one term."""
        return self.abbreviations.get(stem, stem)


NO_SYNONYMS = Synonyms({}, {})
"""For a knowledge base without ``synonyms`` and ``abbreviations``: every text read as written."""


def _pattern(phrases: Sequence[str]) -> re.Pattern[str]:
    """One pattern for a target's phrases, longest first, so "un migration agency" wins over "migration agency"."""
    ordered = sorted(phrases, key=lambda phrase: len(phrase.split()), reverse=True)
    return re.compile("|".join(_phrase_pattern(phrase) for phrase in ordered))


@lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> str:
    words = []
    for word in fold(phrase).split():
        if word == "*":
            words.append(r"\w+")
            continue
        stem = word.rstrip("*").translate(KYRGYZ_FOLD)
        spelled = "".join(_EITHER_SPELLING.get(letter, re.escape(letter)) for letter in stem)
        words.append(spelled + (r"\w*" if word.endswith("*") else r"\b"))
    # "координатор-резидент" is "координатор резидент"; "the UN's top official", "the UN top official"
    return r"\b" + r"(?:['’]s)?[\s-]+".join(words)


def _needles(phrases: Sequence[str]) -> set[tuple[str, bool]]:
    """The longest word of each phrase ("country" of "the country", not "the"), Kyrgyz letters folded, and whether
    it is a word's beginning ("word*")."""
    needles = set()
    for phrase in phrases:
        longest = max((word for word in fold(phrase).split() if word != "*"), key=lambda word: len(word.rstrip("*")))
        needles.add((longest.rstrip("*").translate(KYRGYZ_FOLD), longest.endswith("*")))
    return needles
