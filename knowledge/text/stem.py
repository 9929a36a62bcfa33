"""Stems: Snowball for Russian and English, a suffix stripper for Kyrgyz, and the index terms a word may stand for
(both Cyrillic stems, since Kyrgyz typed without ө/ү/ң is easily taken for Russian)."""

from __future__ import annotations

from functools import lru_cache

import Stemmer

from knowledge.text.fold import is_cyrillic, kyrgyz_fold

_KYRGYZ_SUFFIXES = frozenset(
    {
        # plural
        *("лар", "лер", "лор", "тар", "тер", "тор", "дар", "дер", "дор"),
        # genitive, accusative
        *("нын", "нин", "нун", "дын", "дин", "дун", "тын", "тин", "тун"),
        *("ны", "ни", "ну", "ды", "ди", "ду", "ты", "ти", "ту"),
        # dative, locative, ablative
        *("га", "ге", "го", "ка", "ке", "ко", "на", "не", "но", "ына", "ине", "уна"),
        *("да", "де", "до", "та", "те", "то", "нда", "нде", "ндо"),
        *("дан", "ден", "дон", "тан", "тен", "тон", "нан", "нен", "нон"),
        # "-ки" adjectives: Кыргызстандагы, мартындагы
        *("дагы", "деги", "догу", "тагы", "теги", "тогу", "нагы", "неги"),
        # possessive
        *("ым", "им", "ум", "ын", "ин", "ун", "сы", "си", "су", "ы", "и", "у"),
        *("быз", "биз", "буз", "сыз", "сиз", "суз", "ыбыз", "ибиз"),
        # verb forms and the question particle
        *("ган", "ген", "гон", "кан", "кен", "кон", "ат", "ет", "от", "йт", "ойт", "ейт", "айт"),
        *("бы", "би", "бу", "чы", "чи", "чу", "ды", "ди"),
        *("ышат", "ишет", "ушат", "ылган", "илген", "улган", "лган", "лген", "лгон"),
        *("дык", "дик", "дук", "тык", "тик", "тук", "лык", "лик", "лук"),
    }
)

_MIN_KYRGYZ_STEM = 3
_KYRGYZ_SUFFIX_SETS = tuple(
    (size, frozenset(suffix for suffix in _KYRGYZ_SUFFIXES if len(suffix) == size))
    for size in sorted({len(suffix) for suffix in _KYRGYZ_SUFFIXES}, reverse=True)
)
"""The suffixes by length, longest first: a set lookup per length instead of an endswith per suffix."""


@lru_cache(maxsize=65536)
def kyrgyz_stem(word: str) -> str:
    """Strip Kyrgyz case, plural, possessive and common verb endings (agglutinative: up to three layers)."""
    stem = kyrgyz_fold(word)
    for _ in range(3):
        for size, suffixes in _KYRGYZ_SUFFIX_SETS:
            if len(stem) - size >= _MIN_KYRGYZ_STEM and stem[-size:] in suffixes:
                stem = stem[:-size]
                break
        else:
            break
    return stem


_RUSSIAN = Stemmer.Stemmer("russian")
_ENGLISH = Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def russian_stem(word: str) -> str:
    return kyrgyz_fold(str(_RUSSIAN.stemWord(word)))


@lru_cache(maxsize=65536)
def english_stem(word: str) -> str:
    return str(_ENGLISH.stemWord(word))


@lru_cache(maxsize=65536)
def stems_of(word: str, lang: str) -> tuple[str, ...]:
    """The stems a word may stand for (the index reads a stem that abbreviates a notion as its one term,
    ``Synonyms.canonical``); a Cyrillic word gets both its Russian and Kyrgyz stems because Kyrgyz typed without
    ө/ү/ң is easily taken for Russian, and both sides are stemmed alike."""
    if word.isdigit():
        return (word,)
    if is_cyrillic(word):
        if lang == "ky":
            return _unique(kyrgyz_stem(word), russian_stem(word))
        return _unique(russian_stem(word), kyrgyz_stem(word))
    return (english_stem(word),)


def _unique(first: str, second: str) -> tuple[str, ...]:
    return (first,) if first == second else (first, second)
