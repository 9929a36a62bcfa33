"""Each language's own words, which matching reads the same whatever the knowledge base says: stop words,
question words by what they ask for, requests, and (English) the words around a question word that tell whether
a clause asks. Data in ``knowledge/data/languages/<lang>.yaml``, one file per language, read once at import; the
tests check it (tests/test_lexicon.py). The domain's words (details, names, list words…) are the knowledge
base's own, in ``vocabulary.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources

import yaml

LANGUAGES: tuple[str, ...] = ("en", "ru", "ky")
"""The languages of the bot, each with its file in ``knowledge/data/languages``; English is the default."""
QUESTION_KINDS = ("time", "person", "reason", "number", "place")
"""The kinds of question told apart (knowledge/matching/kinds.py); "other" question words ask without a kind."""

KYRGYZ_FOLD = str.maketrans({"ө": "о", "ү": "у", "ң": "н", "ё": "е"})
"""Kyrgyz letters folded to the Russian ones people type instead (and ё to е); applied to index and query alike,
here and in ``knowledge/text/fold.py``."""


@dataclass(frozen=True)
class LanguageWords:
    stop_words: frozenset[str]
    question_words: Mapping[str, frozenset[str]]
    """Kind ("time", "person"… or "other") → words."""
    requests: frozenset[str]
    pronouns: frozenset[str] = frozenset()
    """Words that point back to what was named before ("it", "оно", "ал")."""
    yes_no_openers: frozenset[str] = frozenset()
    asks_after: frozenset[str] = frozenset()
    kind_nouns: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Kind → nouns that give a kindless question word that kind when they follow it ("what *year*")."""
    thing_words: frozenset[str] = frozenset()
    """Kindless question words that, with no kind noun after them, ask for a thing ("*what* did it approve")."""
    spellings: Mapping[str, str] = field(default_factory=dict)
    """Chat spelling → the word it stands for ("abt" → "about", "скока" → "сколько")."""
    number_words: frozenset[str] = frozenset()
    """Numbers and ordinals ("four", "первый", "төртүнчү"), which name or count the items of a list."""


def _words(raw: object, where: str) -> frozenset[str]:
    if not isinstance(raw, list) or not all(isinstance(word, str) and word.strip() for word in raw):
        raise ValueError(f"{where} should be a list of words")
    return frozenset(word.strip().casefold() for word in raw)


def read_language(text: str, lang: str) -> LanguageWords:
    """One language file's words; a malformed file raises ValueError naming the field."""
    data = yaml.load(text, Loader=yaml.BaseLoader) or {}  # noqa: S506 — BaseLoader builds only str, list, dict: "no" stays a word
    if not isinstance(data, dict):
        raise ValueError(f"languages/{lang}.yaml should be a mapping of word lists")
    kinds = data.get("question_words") or {}
    if not isinstance(kinds, dict) or set(kinds) - {*QUESTION_KINDS, "other"}:
        raise ValueError(f"languages/{lang}.yaml: question_words has kinds {sorted(kinds)}")
    nouns = data.get("kind_nouns") or {}
    spellings = data.get("spellings") or {}
    if not isinstance(spellings, dict):
        raise ValueError(f"languages/{lang}.yaml: spellings should map each word to its spellings")
    if not isinstance(nouns, dict) or set(nouns) - set(QUESTION_KINDS):
        raise ValueError(f"languages/{lang}.yaml: kind_nouns has kinds {sorted(nouns)}")
    return LanguageWords(
        stop_words=_words(data.get("stop_words", []), f"{lang}: stop_words"),
        question_words={kind: _words(words, f"{lang}: question_words.{kind}") for kind, words in kinds.items()},
        requests=_words(data.get("requests", []), f"{lang}: requests"),
        pronouns=_words(data.get("pronouns", []), f"{lang}: pronouns"),
        yes_no_openers=_words(data.get("yes_no_openers", []), f"{lang}: yes_no_openers"),
        asks_after=_words(data.get("asks_after", []), f"{lang}: asks_after"),
        kind_nouns={kind: _words(words, f"{lang}: kind_nouns.{kind}") for kind, words in nouns.items()},
        thing_words=_words(data.get("thing_words", []), f"{lang}: thing_words"),
        number_words=_words(data.get("number_words", []), f"{lang}: number_words"),
        spellings={
            spelling: word.casefold()
            for word, forms in spellings.items()
            for spelling in _words(forms, f"{lang}: spellings.{word}")
        },
    )


def _load() -> dict[str, LanguageWords]:
    folder = resources.files("knowledge") / "data" / "languages"
    return {lang: read_language((folder / f"{lang}.yaml").read_text(encoding="utf-8"), lang) for lang in LANGUAGES}


LEXICON = _load()

STOP_WORDS_BY_LANGUAGE: dict[str, frozenset[str]] = {lang: words.stop_words for lang, words in LEXICON.items()}
STOP_WORDS: frozenset[str] = frozenset().union(
    *STOP_WORDS_BY_LANGUAGE.values(), (word.translate(KYRGYZ_FOLD) for word in STOP_WORDS_BY_LANGUAGE["ky"])
)
"""As written, plus the Kyrgyz ones as typed without ө/ү/ң ("учун" for "үчүн")."""

QUESTION_WORDS: dict[str, frozenset[str]] = {
    kind: frozenset(
        word.translate(KYRGYZ_FOLD) for words in LEXICON.values() for word in words.question_words.get(kind, ())
    )
    for kind in (*QUESTION_KINDS, "other")
}
"""Kind → the question words of every language (Kyrgyz letters folded)."""

KIND_NOUNS: dict[str, frozenset[str]] = {
    kind: frozenset(
        word.translate(KYRGYZ_FOLD) for words in LEXICON.values() for word in words.kind_nouns.get(kind, ())
    )
    for kind in QUESTION_KINDS
}
"""Kind → the nouns of every language that give a kindless question word that kind (Kyrgyz letters folded)."""

THING_WORDS: frozenset[str] = frozenset(
    word.translate(KYRGYZ_FOLD) for words in LEXICON.values() for word in words.thing_words
)
"""The thing words of every language ("what", "что", "эмне"; Kyrgyz letters folded)."""

NUMBER_WORDS: frozenset[str] = frozenset(
    word.translate(KYRGYZ_FOLD) for words in LEXICON.values() for word in words.number_words
)
"""The numbers and ordinals of every language (Kyrgyz letters folded)."""

REQUESTS: frozenset[str] = frozenset(
    word.translate(KYRGYZ_FOLD) for words in LEXICON.values() for word in words.requests
)
"""The requests of every language ("tell", "перечислите", "айтып"; Kyrgyz letters folded)."""
PRONOUNS: frozenset[str] = frozenset(
    word.translate(KYRGYZ_FOLD) for words in LEXICON.values() for word in words.pronouns
)
"""The pronouns of every language, which point back to what was named before (Kyrgyz letters folded)."""
ASKING_WORDS: frozenset[str] = frozenset().union(*QUESTION_WORDS.values(), REQUESTS)
"""Every question word and request: a clause holding one asks."""

SPELLINGS: dict[str, str] = {spelling: word for words in LEXICON.values() for spelling, word in words.spellings.items()}
"""Chat spelling → word, of every language (a chat spelling means the same whatever the question's language)."""

ENGLISH_QUESTION_WORDS: frozenset[str] = frozenset().union(*LEXICON["en"].question_words.values())
ENGLISH_YES_NO_OPENERS = LEXICON["en"].yes_no_openers
ENGLISH_ASKS_AFTER = LEXICON["en"].asks_after
