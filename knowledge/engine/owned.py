"""What each entry's own phrasings and answers say, for the hedges of ``decide.py``: the cue words its phrasings
use and the kinds of question that use them, the names they or its answers use, the years they state, and
whether it answers when something happened. Read once per knowledge base, with the index (``prepared.py``), so
no question pays for it and the engine cache keeps it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from knowledge.kb.model import LANGUAGES, Entry, KnowledgeBase
from knowledge.kb.telegram_html import html_to_text
from knowledge.kb.vocabulary import Vocabulary
from knowledge.matching.kinds import OF_A_KIND, TIME, kinds_of
from knowledge.text.cues import folded_words, years_in
from knowledge.text.fold import is_stop_word, kyrgyz_fold, tokens
from knowledge.text.names import AGENCIES_ABBREVIATED

ANSWERS_NAME_IN_PASSING = frozenset(f"@{agency}" for agency in AGENCIES_ABBREVIATED)
"""IOM and the UN: every answer may name them, so an answer naming them is no sign it is about them."""

ANY = "*"
ANY_KIND = frozenset({ANY})
"""The kinds of a text asking no kind of question: it may ask any."""


@dataclass(frozen=True)
class Owned:
    cues: frozenset[str]
    """The contrast and detail words of its phrasings, and the names they or its answers use (``own_cues``)."""
    claims: Mapping[str, frozenset[str]]
    """Each contrast or detail word, and the kinds of question the phrasings using it ask."""
    years: frozenset[str]
    """The years its phrasings and answers state."""
    tells_time: bool
    """Whether it answers when something happened (``OF_A_KIND`` of its phrasings ask a time): a year a question
    asking yes or no puts to it is the asker's guess, which its answer confirms or corrects ("Was IOM founded in
    *1991*?"), not another time it never speaks of."""


def owned_by_entries(kb: KnowledgeBase) -> dict[str, Owned]:
    """What each entry says, by id; each distinct word of the knowledge base is looked up once."""
    cues_of: dict[str, frozenset[str]] = {}
    return {entry.id: owned_by(entry, kb.vocabulary, cues_of) for entry in kb.entries}


def owned_by(entry: Entry, vocabulary: Vocabulary, cues_of: dict[str, frozenset[str]]) -> Owned:
    """What one entry's phrasings and answers say; each distinct word is looked up once (``cues_of`` keeps the
    cue words of the words looked up before, shared by the entries), not once per phrasing."""
    read = vocabulary.synonyms.rewrite
    answers = [read(html_to_text(answer)) for answer in entry.answer.values()]
    named = vocabulary.names.in_words(folded_words(answers)) - ANSWERS_NAME_IN_PASSING
    phrasings = [read(text) for lang in LANGUAGES for text in entry.phrasings(lang)]
    years = years_in(" ".join([*answers, *phrasings]))
    worded = [tokens(text) for text in phrasings]
    folded = [frozenset(map(kyrgyz_fold, words)) for words in worded]
    every = frozenset().union(*folded)
    named |= vocabulary.names.in_words(every)
    for word in every - cues_of.keys():
        cues_of[word] = _cue_words(vocabulary, (word,))
    cued = {word: cues_of[word] for word in every if cues_of[word]}
    kinds_by_cue: dict[str, set[str]] = {}
    asking_time = 0
    for words, folded_words_of_text in zip(worded, folded, strict=True):
        asked = kinds_of(word for word in words if not is_stop_word(word)) or ANY_KIND
        asking_time += TIME in asked
        for word in folded_words_of_text & cued.keys():
            for cue in cued[word]:
                kinds_by_cue.setdefault(cue, set()).update(asked)
    claims = {cue: frozenset(kinds) for cue, kinds in kinds_by_cue.items()}
    tells_time = asking_time >= OF_A_KIND * len(phrasings) > 0
    return Owned(frozenset(claims) | named, claims, years, tells_time)


def _cue_words(vocabulary: Vocabulary, words: Iterable[str]) -> frozenset[str]:
    """The contrast and detail cues among folded words."""
    return vocabulary.contrast.in_words(words) | vocabulary.details.in_words(words)
