"""A list and its items: "What are the priorities?" asks for the list, "Is green growth a priority?" for an item.

An entry that lists others declares it in the knowledge base (``lists: [p_social, p_green, …]``). Item entries
share the list's subject words ("priority", "приоритет", "артыкчылык"), so a question made only of those words
matches an item's short variant ("What is priority one about?" reduces to "what priority") as well as the list.
The rule: when the best entry is an item, the question asks for a list (a subject word in the plural, or a
word such as "all", "все", "бардык": ``list_words`` in ``knowledge/data/vocabulary.yaml``), and none of the
question's words is the item's own (a word of its phrasings that at most half of the items use: "green",
"first", "социальные" — not "priority" or "four", and never a list word), the list entry answers instead. Only
the question's words count, not the story's before it (``Engine.ask``). With the subject in the
plural, the number of the items counts them ("the *4* priorities"), though "priority 4" is the fourth's own. A
question of words every item shares ("What is the *priority*?") tells no item from another and gets the list too,
unless a number or ordinal says which ("priority *one*"; ``number_words`` in the language files).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from knowledge.matching.index import Match, QueryWord
from knowledge.text.fold import is_latin, kyrgyz_fold, tokens
from knowledge.text.lexicon import ASKING_WORDS, NUMBER_WORDS
from knowledge.text.stem import english_stem, russian_stem
from knowledge.text.synonyms import NO_SYNONYMS, Synonyms

TermsOf = Callable[[str], frozenset[str]]
"""An entry's vocabulary terms by id (``Index.terms_of``)."""

_RUSSIAN_PLURAL_ENDINGS = ("ы", "и", "ов", "ев", "ей", "ам", "ям", "ами", "ями", "ах", "ях", "ий", "иям", "иями", "иях")
"""What follows the stem of a Russian noun in the plural ("приоритет|ы", "направлени|ях")."""

_KYRGYZ_PLURAL = re.compile(r"\w{3,}(?:лар|лер|лор|дар|дер|дор|тар|тер|тор)(?:\w{0,4})$")
"""A Kyrgyz word with the plural suffix, maybe followed by a case or possessive ending ("багыттары")."""

_ENGLISH_NON_PLURAL_ENDS = ("ss", "us", "is")


def is_plural(word: str, lang: str) -> bool:
    """Whether a word (lower case, Kyrgyz letters folded) of a question in ``lang`` is a noun in the plural."""
    if is_latin(word):
        if not word.endswith("s") or word.endswith(_ENGLISH_NON_PLURAL_ENDS) or len(word) < 4:
            return False
        singular = word[:-3] + "y" if word.endswith("ies") else word[:-1]
        return english_stem(word) == english_stem(singular)
    if lang == "ky":
        return bool(_KYRGYZ_PLURAL.match(word))
    stem = russian_stem(word)
    return stem != word and word.startswith(stem) and word[len(stem) :] in _RUSSIAN_PLURAL_ENDINGS


@dataclass(frozen=True)
class ListChoice:
    """The list entry that answers instead of one of its items, and the words that made the question a list."""

    list_id: str
    item_id: str
    cue: str


class Lists:
    """Which entry lists which, and the decision whether a question asks for a list or for one of its items."""

    def __init__(
        self,
        lists: Iterable[tuple[str, Sequence[str]]],
        list_words: frozenset[str] = frozenset(),
        synonyms: Synonyms = NO_SYNONYMS,
    ) -> None:
        self._list_words = list_words
        self._synonyms = synonyms
        self._items = {list_id: tuple(items) for list_id, items in lists}
        self._list_of = {item: list_id for list_id, items in self._items.items() for item in items}

    def choose(
        self,
        best_id: str,
        question: Sequence[str],
        words: Sequence[tuple[str, frozenset[str]]],
        lang: str,
        terms_of: TermsOf,
    ) -> ListChoice | None:
        """The list to answer instead of ``best_id``, or None.

        ``question`` is the asking part's words (lower case, Kyrgyz letters folded); ``words`` its content words
        with the vocabulary terms each matched; ``lang`` the language they are in; ``terms_of`` gives an entry's
        vocabulary terms by id."""
        list_id = self._list_of.get(best_id)
        if list_id is None:
            return None
        items = [terms_of(item) for item in self._items[list_id]]
        item_terms, shared_by = terms_of(best_id), len(items) // 2
        list_terms = terms_of(list_id)
        plurals = [text for text, matched in words if (matched & list_terms) - ASKING_WORDS and is_plural(text, lang)]
        # with the subject in the plural, the number of the items counts them ("the *4* priorities"); else it may
        # be an item's own number ("priority *4*")
        counted = frozenset({str(len(items))}) if plurals else frozenset()
        for text, matched in words:
            if text in self._list_words:
                continue  # "list" asks for the list, whichever items' phrasings use it ("Is green on the list?")
            if any(sum(term in terms for terms in items) <= shared_by for term in (matched & item_terms) - counted):
                return None  # the question names something of the item's own
        cues = [word for word in question if word in self._list_words] + plurals
        if cues:
            return ListChoice(list_id, best_id, cues[0])
        # "What is the priority?": only words every item shares, and no number to say which ("priority four")
        shared = [text for text, matched in words if (matched & item_terms) - ASKING_WORDS]
        every = all(all(term in terms for terms in items) for _, matched in words for term in matched & item_terms)
        numbered = any(word.isdigit() or word in NUMBER_WORDS for word in question)
        return ListChoice(list_id, best_id, shared[0]) if shared and every and not numbered else None

    def prefer(
        self, matches: list[Match], words: Sequence[QueryWord], question: str, lang: str, terms_of: TermsOf
    ) -> tuple[list[Match], str | None]:
        """``matches`` with the list entry first when the question asks for the list its best item belongs to,
        and a note saying so; the list's items are then parts of the answer, not rivals to it (nor are they when
        the list comes first by itself: "framework priority areas" is not unsure between the list and an item)."""
        if not matches:
            return matches, None
        best = matches[0]
        if best.entry_id in self._items:  # the list itself comes first: its items are parts of its answer
            listed = self._items[best.entry_id]
            return [best, *(m for m in matches[1:] if m.entry_id not in listed)], None
        analysed = [(kyrgyz_fold(word.text), frozenset(term for term, _ in word.matches)) for word in words]
        asked = [kyrgyz_fold(word) for word in tokens(self._synonyms.rewrite(question))]
        choice = self.choose(best.entry_id, asked, analysed, lang, terms_of)
        if choice is None:
            return matches, None
        chosen = Match(choice.list_id, best.score, best.weight)
        note = f"the question asks for a list ('{choice.cue}') and names nothing of '{choice.item_id}' alone"
        items = {choice.list_id, *self._items[choice.list_id]}
        return [chosen, *(m for m in matches if m.entry_id not in items)], note
