"""Which language a message is in, so the reply comes back in it.

Kyrgyz is told from Russian by its letters (ө, ү, ң) and, when typed without them, by its words; Latin text is
English unless it reads as Russian typed in Latin letters. The vocabularies come from the knowledge base itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from knowledge.text.fold import has_kyrgyz_letters, is_cyrillic, is_latin, kyrgyz_fold, tokens
from knowledge.text.lexicon import STOP_WORDS_BY_LANGUAGE
from knowledge.text.translit import translit_to_cyrillic


class LanguageDetector:
    def __init__(self, texts_by_language: Mapping[str, Iterable[str]]) -> None:
        vocab = {lang: {kyrgyz_fold(word) for word in words} for lang, words in STOP_WORDS_BY_LANGUAGE.items()}
        for lang, texts in texts_by_language.items():
            vocab[lang].update(kyrgyz_fold(word) for text in texts for word in tokens(text))
        # A word both Russian and Kyrgyz use ("программа", "2023") tells nothing: keep only distinctive ones.
        self._russian = vocab["ru"] - vocab["ky"]
        self._kyrgyz = vocab["ky"] - vocab["ru"]
        self._english = vocab["en"]
        self._russian_all = vocab["ru"]

    def detect(self, text: str) -> str | None:
        """The language of ``text``; None when it has no letters to tell (digits, emoji)."""
        words = tokens(text)
        cyrillic = [word for word in words if is_cyrillic(word)]
        latin = [word for word in words if is_latin(word) and not is_cyrillic(word)]
        if not cyrillic and not latin:
            return None
        if len(cyrillic) >= len(latin):
            if has_kyrgyz_letters(text):
                return "ky"
            folded = [kyrgyz_fold(word) for word in cyrillic]
            kyrgyz = sum(word in self._kyrgyz for word in folded)
            russian = sum(word in self._russian for word in folded)
            return "ky" if kyrgyz > russian else "ru"
        return "ru" if self.reads_as_translit(latin) else "en"

    def reads_as_translit(self, latin_words: list[str]) -> bool:
        """True when more words make sense as Russian in Latin letters than as English."""
        english = sum(word in self._english for word in latin_words)
        russian = sum(kyrgyz_fold(translit_to_cyrillic(word)) in self._russian_all for word in latin_words)
        return russian > english
