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

MAX_REMEMBERED = 65536
"""Texts whose reading a ``Synonyms`` remembers: questions repeat ("hello", "/help"), variants are read often."""

_EITHER_SPELLING = {"о": "[оө]", "у": "[уү]", "н": "[нң]"}
"""A Kyrgyz letter or the Russian one people type for it: either matches."""


class Synonyms:
    """Rewrites texts with one knowledge base's phrases and abbreviations; remembers on the instance, so a
    reloaded knowledge base starts afresh."""

    def __init__(self, phrases: Mapping[str, Sequence[str]], abbreviations: Mapping[str, Sequence[str]]) -> None:
        self.phrases = {target: tuple(forms) for target, forms in phrases.items()}
        """Word(s) of the knowledge base → the phrases read as them, in the order they are applied."""
        self.abbreviations = {form: term for term, forms in abbreviations.items() for form in forms}
        """A word's stem → the one term of its notion ("мом", "эму" → "iom")."""
        self._rules = tuple(
            (_needle(forms), _pattern(forms), target) for target, forms in self.phrases.items() if forms
        )
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
        rewritten = self._read(folded, [])
        return text if rewritten == folded else rewritten

    def readings(self, text: str) -> tuple[str, ...]:
        """What was read as what in a text ("'focus areas' as 'priorities'"), for ``ask --explain``."""
        found: list[str] = []
        self._read(fold(text), found)
        return tuple(found)

    def _read(self, folded: str, found: list[str]) -> str:
        rewritten, plain = folded, folded.translate(KYRGYZ_FOLD)
        for needles, pattern, target in self._rules:
            if any(needle in plain for needle in needles):  # the test costs a tenth of the substitution
                found.extend(f"'{match.group()}' as '{target}'" for match in pattern.finditer(rewritten))
                rewritten = pattern.sub(target, rewritten)
                plain = rewritten.translate(KYRGYZ_FOLD)
        return rewritten

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
    return r"\b" + r"\s+".join(words)


def _needle(phrases: Sequence[str]) -> tuple[str, ...]:
    """Words one of which every text holding one of the phrases holds (the first of each, Kyrgyz letters folded):
    texts without any skip the pattern."""
    firsts = (next((word.rstrip("*") for word in fold(phrase).split() if word != "*"), "") for phrase in phrases)
    return tuple(sorted({first.translate(KYRGYZ_FOLD) for first in firsts} - {""}))
