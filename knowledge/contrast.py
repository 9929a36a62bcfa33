"""Words that ask about another time or another one ("the *next* meeting", "*before* 1951", "the *other*
co-chair"). The knowledge base holds one page's facts; a short question with such a word that the matched
entry's own phrasings never use asks for something beside that fact, so the bot asks rather than answers."""

from __future__ import annotations

from collections.abc import Iterable

from knowledge.normalize import kyrgyz_fold, tokens

_CONTRAST_PREFIXES: tuple[str, ...] = (
    # English
    "next",
    "following",
    "upcoming",
    "previous",
    "before",
    "after",
    "other",
    "another",
    "second",
    "future",
    # Russian
    "следующ",
    "предыдущ",
    "после",
    "друг",
    "втор",
    "будущ",
    "прошлогод",
    # Kyrgyz (ө/ү/ң folded)
    "кийин",  # "кийин" (after), "кийинки" (next)
    "мурунку",
    "чейин",
    "башка",
    "экинчи",
    "келерки",
)
_CONTRAST_WORDS = frozenset(
    {
        *("до", "new", "новый", "новая", "новое", "новые", "жаңы", "жаны"),
        # someone or something beside the one the page names ("who co-chairs it *besides* IOM?")
        *("besides", "except", "кроме", "помимо", "тышкары"),
        # the future: the page tells what was, not what will be
        *("will", "будет", "будут", "планируется", "планируют", "предстоит"),
        # "прошлый" (last), not "прошло" (took place)
        *("прошлый", "прошлая", "прошлое", "прошлые", "прошлого", "прошлой", "прошлом", "прошлых", "прошлую"),
    }
)


def contrast_words(text: str) -> frozenset[str]:
    """The contrast words of a text, each as its prefix or word (so "второй" and "вторым" are one)."""
    return contrast_in(kyrgyz_fold(token) for token in tokens(text))


def contrast_in(words: Iterable[str]) -> frozenset[str]:
    """The contrast words among folded words, each as its prefix or word."""
    return frozenset(key for key in map(_contrast_key, words) if key)


def _contrast_key(word: str) -> str:
    if word in _CONTRAST_WORDS:
        return word
    return next((prefix for prefix in _CONTRAST_PREFIXES if word.startswith(prefix)), "")


def phrasing_words(texts: Iterable[str]) -> frozenset[str]:
    """Every folded token of an entry's phrasings, to tell which places and contrast words the entry uses."""
    return frozenset(kyrgyz_fold(token) for text in texts for token in tokens(text))
