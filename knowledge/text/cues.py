"""Cue words found by prefix or whole word, for the rules that hold an answer back when a question asks beside
what its best entry says (another time or one, a detail the page never gives): ``knowledge/engine/decide.py``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.text.fold import kyrgyz_fold, tokens
from knowledge.text.synonyms import NO_SYNONYMS, Synonyms

MAX_REMEMBERED = 65536
"""Words whose cue (or name) a finder remembers before it starts afresh: questions bring endless new words."""


class CueWords:
    """Cue words of one group (``details``, ``contrast`` in ``vocabulary.yaml``), found by prefix or whole word.

    Each word's cue is remembered once looked up (every entry's phrasings are looked through), on the instance: a
    reloaded knowledge base brings new cue words and a new, empty memory."""

    def __init__(self, prefixes: Iterable[str], words: Iterable[str], synonyms: Synonyms = NO_SYNONYMS) -> None:
        self.prefixes = tuple(prefixes)
        self.words = frozenset(words)
        """Whole words, where a prefix would catch unrelated words ("прошлый" but not "прошло")."""
        self._prefix_set = frozenset(self.prefixes)
        self._prefix_lengths = tuple(sorted({len(prefix) for prefix in self.prefixes}))
        self._keys: dict[str, str] = {}
        self._synonyms = synonyms

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CueWords) and (self.prefixes, self.words) == (other.prefixes, other.words)

    def __hash__(self) -> int:
        return hash((self.prefixes, self.words))

    def __repr__(self) -> str:
        return f"CueWords({self.prefixes!r}, {sorted(self.words)!r})"

    def in_text(self, text: str) -> frozenset[str]:
        """The cues of a text, each as its prefix or word (so "второй" and "вторым" are one); read with the
        synonyms first, as the phrasings are ("the migration *agency*" is IOM, not an agency asked about)."""
        return self.in_words(kyrgyz_fold(token) for token in tokens(self._synonyms.rewrite(text)))

    def in_words(self, words: Iterable[str]) -> frozenset[str]:
        """The cues among folded words, each as its prefix or word."""
        return frozenset(key for key in map(self._key, words) if key)

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
    """Every folded token of some texts (an entry's phrasings: which cue words and names the entry uses)."""
    return frozenset(kyrgyz_fold(token) for text in texts for token in tokens(text))


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def years_in(text: str) -> frozenset[str]:
    """The years a text names ("2025", "1997"): a year the best entry never states is another time."""
    return frozenset(_YEAR.findall(text))
