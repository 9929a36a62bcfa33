"""What a question asks for: a time, a person, a reason, a number, a place, a thing.

Many entries share their subject and differ only in what they tell about it (the meeting's date, its
participants, its goal, its chairs). In a question those differ by one word ("*who* chaired the meeting on
24 March" against "*when* was the meeting"), which the subject's words easily outweigh. Each entry's own
question variants show what it answers; an entry whose variants (almost) never ask what the question asks is
less likely to be its answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import pairwise

from knowledge.text.fold import kyrgyz_fold
from knowledge.text.lexicon import KIND_NOUNS, QUESTION_KINDS, QUESTION_WORDS, THING_WORDS

_WORDS: Mapping[str, frozenset[str]] = {kind: QUESTION_WORDS[kind] for kind in QUESTION_KINDS}
"""The question words of each kind, from the language files (``question_words``)."""

_KINDS_OF_WORD: Mapping[str, frozenset[str]] = {
    word: frozenset(kind for kind, markers in _WORDS.items() if word in markers)
    for word in set().union(*_WORDS.values())
}
"""Each question word with a kind, and its kinds: one lookup per word of a question."""
_KINDS_OF_NOUN: Mapping[str, frozenset[str]] = {
    noun: frozenset(kind for kind, nouns in KIND_NOUNS.items() if noun in nouns)
    for noun in set().union(*KIND_NOUNS.values())
}
"""Each kind noun ("year", "году", "жылдан"), and the kinds it gives the question word before it."""
_KINDLESS = QUESTION_WORDS["other"]
"""Question words that ask without a kind ("what", "какой", "кайсы") unless a kind noun follows them."""

TIME = "time"
"""The kind of "when" and "what year"."""
THING = "thing"
"""The kind of "what", "что", "эмне" with no kind noun after them (``thing_words`` in the language files): "*What*
did the meeting approve?" asks for a thing, which the entry on its date, whose variants all ask "when" or "what
date", never answers. Other kindless words ("how", "какой", "кайсы") ask for too many kinds to be one."""

OF_A_KIND = 0.2
"""The share of its variants asking one kind (a time, a person…) that makes an entry one answering that kind."""

Profile = Mapping[str, float]
"""For each kind of question, the share of an entry's variants that ask it."""


def kinds_of(words: Iterable[str], nouns_alone: bool = True) -> frozenset[str]:
    """The kinds of question the words ask, in their order: a question word without a kind followed by a kind
    noun asks that kind ("what *year*", "к какому *году*": a time, like "when"). Words with no question word at
    all ("meeting *date*", "консультации *участники*") ask the kind of their kind nouns, unless ``nouns_alone`` is
    False: then they ask yes or no, of no kind (``knowledge/engine/decide.py`` tells a guess at a year so)."""
    folded = [kyrgyz_fold(word) for word in words]
    kinds = {kind for word in folded for kind in _KINDS_OF_WORD.get(word, ())}
    if nouns_alone and not kinds and _KINDLESS.isdisjoint(folded):
        # no question word at all ("meeting date", "консультации участники"): a kind noun says what is asked
        return frozenset(kind for word in folded for kind in _KINDS_OF_NOUN.get(word, ()))
    if not _KINDLESS.isdisjoint(folded):
        for word, following in pairwise([*folded, ""]):
            if word in _KINDLESS:
                nouns = _KINDS_OF_NOUN.get(following, frozenset())
                kinds.update(nouns or ((THING,) if word in THING_WORDS else ()))
    return frozenset(kinds)


def profile(variants: Iterable[Iterable[str]]) -> Profile:
    """The share of the variants asking each kind of question."""
    counts: dict[str, int] = dict.fromkeys((*_WORDS, THING), 0)
    total = 0
    for words in variants:
        total += 1
        for kind in kinds_of(words):
            counts[kind] += 1
    return {kind: count / total for kind, count in counts.items()} if total else {}


def fits(entry_profile: Profile, asked: frozenset[str], rare: float) -> bool:
    """False when the question asks only what the entry's variants (almost) never ask; a thing, only of an entry
    that answers another kind (at least ``OF_A_KIND`` of its variants ask a time, a person…): "What are you?" fits
    the bot's "who are you", whose variants ask no kind as often."""
    if not asked or any(entry_profile.get(kind, 0.0) >= rare for kind in asked):
        return True
    return asked == {THING} and max((entry_profile.get(kind, 0.0) for kind in _WORDS), default=0.0) < OF_A_KIND
