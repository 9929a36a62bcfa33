"""Marker words found by prefix or whole word, for the rules that hold an answer back when a question asks
beside what its best entry says (another time or one, a detail the page never gives)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from knowledge.text.fold import abbreviate, kyrgyz_fold, tokens

MAX_REMEMBERED = 65536


@dataclass(frozen=True)
class MarkWords:
    prefixes: tuple[str, ...]
    words: frozenset[str]
    """Whole words, where a prefix would catch unrelated words ("прошлый" but not "прошло")."""
    _keys: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Each word's mark once looked up: every entry's phrasings are looked through at start-up."""

    def in_text(self, text: str) -> frozenset[str]:
        """The marks of a text, each as its prefix or word (so "второй" and "вторым" are one); full names
        abbreviated first, as in the phrasings ("the migration *agency*" is IOM, not an agency asked about)."""
        return self.in_words(kyrgyz_fold(token) for token in tokens(abbreviate(text)))

    def in_words(self, words: Iterable[str]) -> frozenset[str]:
        """The marks among folded words, each as its prefix or word."""
        return frozenset(key for key in map(self._key, words) if key)

    @cached_property
    def _prefix_lengths(self) -> tuple[int, ...]:
        return tuple(sorted({len(prefix) for prefix in self.prefixes}))

    @cached_property
    def _prefix_set(self) -> frozenset[str]:
        return frozenset(self.prefixes)

    def _key(self, word: str) -> str:
        key = self._keys.get(word)
        if key is None:
            if word in self.words:
                key = word
            else:
                key = next((word[:size] for size in self._prefix_lengths if word[:size] in self._prefix_set), "")
            if len(self._keys) >= MAX_REMEMBERED:  # questions bring endless new words: stay bounded
                self._keys.clear()
            self._keys[word] = key
        return key


def folded_words(texts: Iterable[str]) -> frozenset[str]:
    """Every folded token of some texts (an entry's phrasings: which marks and names the entry uses)."""
    return frozenset(kyrgyz_fold(token) for text in texts for token in tokens(text))
