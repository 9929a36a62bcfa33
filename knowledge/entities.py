"""Places, organisations and people a question may name. The knowledge base holds one page about IOM and the
UN in Kyrgyzstan: a short question naming a country, town, agency or person that the matched entry never names
("When did IOM start working in *Tajikistan*?", "What does *UNDP* do in Kyrgyzstan?", "Since when has *Antje
Grawe* worked in Kyrgyzstan?") asks about something else, however many of its other words fit, so the bot asks
rather than answers."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from knowledge.normalize import ABBREVIATIONS, abbreviate, kyrgyz_fold, kyrgyz_stem, tokens

_BY_PREFIX: dict[str, tuple[str, ...]] = {
    # other countries (Kyrgyz spellings folded: ө→о, ү→у, ң→н); Kyrgyzstan is what every entry is about
    "kazakhstan": ("kazakh", "казах", "казакстан"),
    "tajikistan": ("tajik", "таджик", "тажик"),
    "uzbekistan": ("uzbek", "узбек", "озбек"),
    "turkmenistan": ("turkmen", "туркм"),
    "russia": ("russia", "росси", "орусия"),
    "china": ("china", "chinese", "китай", "кытай"),
    "turkey": ("turkey", "turkiye", "турци", "туркия"),
    "korea": ("korea", "корея", "корей", "кореяг"),
    "usa": ("america", "америк"),
    "germany": ("german", "герман"),
    # towns of Kyrgyzstan
    "bishkek": ("bishkek", "бишкек"),
    "jalal-abad": ("jalal", "джалал", "жалал"),
    "naryn": ("naryn", "нарын"),
    "karakol": ("karakol", "каракол"),
    "talas": ("talas", "талас"),
    "batken": ("batken", "баткен"),
    "issyk-kul": ("issyk", "иссык", "ысык"),
    "tokmok": ("tokmok", "токмок"),
    "moscow": ("moscow", "москв", "москов"),
    # the people the page names
    "grawe": ("grawe", "граве", "antje", "антье"),
    "japarov": ("japarov", "zhaparov", "жапаров", "джапаров", "akylbek", "акылбек"),
    # organisations (abbreviate() has turned their full names into these)
    "undp": ("undp", "проон"),
    "unicef": ("unicef", "юнисеф"),
    "unhcr": ("unhcr", "увкб"),
    "unfpa": ("unfpa", "юнфпа"),
    "wfp": ("wfp",),
    "osce": ("osce", "обсе"),
    "world-bank": ("bank", "банк"),
    "eu": ("europe", "европ", "евросоюз"),
    "red-cross": ("cross", "красн", "кызыл"),
    "usaid": ("usaid",),
    "fao": ("fao", "фао"),
}
_EXACT: dict[str, frozenset[str]] = {
    "osh": frozenset({"osh", "ош", "оше", "оша", "ошем", "ошто", "оштогу", "ошко", "оштон"}),
    "usa": frozenset({"usa", "сша"}),  # not "us": "tell us"
    "who": frozenset({"воз"}),  # not "who", the question word
    "ilo": frozenset({"ilo", "мот"}),
    "eu": frozenset({"eu"}),
}
_AGENCIES_ABBREVIATED = frozenset({"iom", "un"})
"""The normaliser's abbreviations that name an agency (its table also holds the SDGs and Kyrgyzstan)."""


_NAME_BY_FORM = {form: name for name, forms in _EXACT.items() for form in forms}
_NAME_BY_PREFIX = {prefix: name for name, prefixes in _BY_PREFIX.items() for prefix in prefixes}
_PREFIX_LENGTHS = sorted({len(prefix) for prefix in _NAME_BY_PREFIX})


def named_entities(text: str) -> frozenset[str]:
    """The places and organisations a text names, as "@name" (apart from any word)."""
    return names_in(kyrgyz_fold(token) for token in tokens(abbreviate(text)))


def names_in(words: Iterable[str]) -> frozenset[str]:
    """The places and organisations among folded words (full names already abbreviated)."""
    return frozenset(f"@{name}" for name in map(_name_of, words) if name)


@lru_cache(maxsize=65536)
def _name_of(word: str) -> str:
    """The place or organisation a word names, or "" (a dictionary lookup per prefix length)."""
    if word in _NAME_BY_FORM:
        return _NAME_BY_FORM[word]
    abbreviated = ABBREVIATIONS.get(kyrgyz_stem(word), "")  # "ЭМУнун" is IOM, as the matcher reads it
    if abbreviated in _AGENCIES_ABBREVIATED:
        return abbreviated
    return next((_NAME_BY_PREFIX[word[:size]] for size in _PREFIX_LENGTHS if word[:size] in _NAME_BY_PREFIX), "")
