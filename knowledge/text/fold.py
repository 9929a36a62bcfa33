"""Text normalisation shared by the index and the queries, so both sides meet in the same form.

Users type without a Kyrgyz keyboard (ө/ү/ң as о/у/н, or Latin look-alikes), mix scripts and chat ("скока", the
language files' ``spellings``); all of that is folded here into tokens before matching (Russian typed in Latin
letters is read back by ``translit.py``, words are stemmed by ``stem.py``, and the knowledge base's full names,
synonyms and abbreviations are read by ``synonyms.py``).

The memories (``lru_cache``) of these functions are module-wide on purpose: each is a pure function of its text and
of tables fixed in this module and in the language files, which a reload of the knowledge base does not change.
What a knowledge base brings (its synonyms, cue words and names) is remembered on its own objects instead
(``knowledge/text/synonyms.py``, ``knowledge/text/cues.py``, ``knowledge/text/names.py``), so a reload starts
afresh.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from knowledge.text.lexicon import KYRGYZ_FOLD, SPELLINGS, STOP_WORDS

_LATIN_LOOKALIKES = str.maketrans(
    {
        "a": "а",
        "e": "е",
        "o": "о",
        "p": "р",
        "c": "с",
        "y": "у",
        "x": "х",
        "k": "к",
        "m": "м",
        "t": "т",
        "h": "н",
        "b": "в",
        "i": "і",
    }
)
"""Latin letters that look like Cyrillic ones, for words typed in a mix of both scripts."""

_CO_PREFIX = re.compile(r"\b(co|со)[-\s]+(?=chair|председат)", re.IGNORECASE)
"""Prefixes written joined, hyphenated or apart ("co-chair", "cochair", "co chair"): always joined."""

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*", re.UNICODE)
_CYRILLIC = re.compile(r"[а-яёәөүңһі]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)
_KYRGYZ_LETTERS = re.compile(r"[өүң]", re.IGNORECASE)


def fold(text: str) -> str:
    """NFKC, casefold and ё→е: the form every comparison starts from."""
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def kyrgyz_fold_phrase(text: str) -> str:
    """Kyrgyz letters folded in a whole phrase, not cached: phrases seldom repeat."""
    return text.translate(KYRGYZ_FOLD)


@lru_cache(maxsize=65536)
def kyrgyz_fold(token: str) -> str:
    return kyrgyz_fold_phrase(token)


@lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    """Words and numbers of a folded text; punctuation, emoji and symbols dropped.

    An apostrophe inside a word stays (it is the soft sign of Russian typed in Latin letters:
    "nacional'nye"), except the English possessive "'s" ("IOM's" is "iom")."""
    folded = fold(text)
    if "’" in folded or "ʼ" in folded:
        folded = folded.replace("’", "'").replace("ʼ", "'")
    if "chair" in folded or "председат" in folded:  # the test costs a tenth of the substitution
        folded = _CO_PREFIX.sub(r"\1", folded)
    words = _TOKEN.findall(folded)
    if "'" in folded:
        words = [word.removesuffix("'s") for word in words]
    words = [SPELLINGS.get(word, word) for word in words]
    if not folded.isascii() and _CYRILLIC.search(folded) and _LATIN.search(folded):  # only then can words mix
        return tuple(_fix_mixed_script(word) for word in words)
    return tuple(words)


def _fix_mixed_script(word: str) -> str:
    """A Cyrillic word with Latin look-alike letters inside ("прогрaмма") becomes all Cyrillic."""
    if _CYRILLIC.search(word) and _LATIN.search(word):
        return word.translate(_LATIN_LOOKALIKES).replace("і", "и")
    return word


def is_cyrillic(word: str) -> bool:
    return bool(_CYRILLIC.search(word))


def is_latin(word: str) -> bool:
    return bool(_LATIN.search(word))


def has_kyrgyz_letters(text: str) -> bool:
    return bool(_KYRGYZ_LETTERS.search(text))


def is_stop_word(word: str) -> bool:
    return word in STOP_WORDS
