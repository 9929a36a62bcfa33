"""Places, organisations and people a question may name. The knowledge base holds one page about IOM and the
UN in Kyrgyzstan: a short question naming a country, town, agency or person that the matched entry never names
("When did IOM start working in *Tajikistan*?", "What does *UNDP* do in Kyrgyzstan?", "Since when has *Antje
Grawe* worked in Kyrgyzstan?") asks about something else, however many of its other words fit, so the bot asks
rather than answers. The names and their words are data (``names`` in ``knowledge/data/vocabulary.yaml``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from knowledge.text.cues import MAX_REMEMBERED
from knowledge.text.fold import kyrgyz_fold, tokens
from knowledge.text.stem import kyrgyz_stem
from knowledge.text.synonyms import NO_SYNONYMS, Synonyms

AGENCIES_ABBREVIATED = frozenset({"iom", "un"})
"""The terms of the knowledge base's ``abbreviations`` that name an agency (they also hold the SDGs and
Kyrgyzstan)."""


class Names:
    """Each name's words: ``word*`` for every word starting with ``word``, else the word itself (folded)."""

    def __init__(self, names: Mapping[str, Sequence[str]], synonyms: Synonyms = NO_SYNONYMS) -> None:
        self._synonyms = synonyms
        self._by_form = {cue: name for name, cues in names.items() for cue in cues if not cue.endswith("*")}
        self._by_prefix = {cue[:-1]: name for name, cues in names.items() for cue in cues if cue.endswith("*")}
        self._prefix_lengths = sorted({len(prefix) for prefix in self._by_prefix})
        self._known: dict[str, str] = {}

    def prefixes(self) -> Iterator[tuple[str, str]]:
        """(name, prefix) of every ``word*`` cue."""
        return ((name, prefix) for prefix, name in self._by_prefix.items())

    def forms(self) -> frozenset[str]:
        """The whole-word cues of every name."""
        return frozenset(self._by_form)

    def in_text(self, text: str) -> frozenset[str]:
        """The places, organisations and people a text names, as "@name" (apart from any word)."""
        return self.in_words(kyrgyz_fold(token) for token in tokens(self._synonyms.rewrite(text)))

    def in_words(self, words: Iterable[str]) -> frozenset[str]:
        """The places, organisations and people among folded words (full names already abbreviated)."""
        return frozenset(f"@{name}" for name in map(self._name_of, words) if name)

    def _name_of(self, word: str) -> str:
        """What a word names, or "" (a dictionary lookup per prefix length, remembered)."""
        name = self._known.get(word)
        if name is None:
            name = self._by_form.get(word, "")
            abbreviated = self._synonyms.canonical(kyrgyz_stem(word))  # "ЭМУнун" is IOM, as the matcher reads it
            if not name and abbreviated in AGENCIES_ABBREVIATED:
                name = abbreviated
            if not name:
                sizes = (size for size in self._prefix_lengths if word[:size] in self._by_prefix)
                name = next((self._by_prefix[word[:size]] for size in sizes), "")
            if len(self._known) >= MAX_REMEMBERED:  # questions bring endless new words: stay bounded
                self._known.clear()
            self._known[word] = name
        return name
