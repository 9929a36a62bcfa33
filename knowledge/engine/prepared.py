"""What an engine derives from its knowledge base before it can answer: the index, the lists, the language
profiles and what each entry's own phrasings say (``owned.py``) — most of a start (0.4–1 s on the development
machine, growing with the variants), built once per knowledge base and what the on-disk cache (``cache.py``)
keeps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from knowledge.engine.owned import Owned, owned_by_entries
from knowledge.kb.model import LANGUAGES, KnowledgeBase
from knowledge.matching.index import Index
from knowledge.matching.lists import Lists
from knowledge.text.detect import LanguageDetector


@dataclass(frozen=True)
class Prepared:
    kb: KnowledgeBase
    index: Index
    lists: Lists
    detector: LanguageDetector
    owned: Mapping[str, Owned]

    @classmethod
    def of(cls, kb: KnowledgeBase) -> Prepared:
        vocabulary = kb.vocabulary
        return cls(
            kb,
            Index(kb.entries, vocabulary.synonyms),
            Lists(
                ((entry.id, entry.lists) for entry in kb.entries if entry.lists),
                vocabulary.list_words,
                vocabulary.synonyms,
            ),
            LanguageDetector(
                {lang: [q for entry in kb.entries for q in entry.questions.get(lang, ())] for lang in LANGUAGES}
            ),
            owned_by_entries(kb),
        )
