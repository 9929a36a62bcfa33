"""Text normalisation shared by the index and the queries, so both sides meet in the same form.

Users type without a Kyrgyz keyboard (ө/ү/ң as о/у/н, or Latin look-alikes), mix scripts, chat ("скока") and use
abbreviations and full names in three languages; all of that is folded here into tokens before matching (Russian
typed in Latin letters is read back by ``translit.py``, words are stemmed by ``stem.py``).

The memories (``lru_cache``) of these functions are module-wide on purpose: each is a pure function of its text and
of tables fixed in this module and in the language files, which a reload of the knowledge base does not change.
What a knowledge base brings (its cue words and names) is remembered on its own objects instead
(``knowledge/text/cues.py``, ``knowledge/text/names.py``), so a reload starts afresh.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from knowledge.text.lexicon import KYRGYZ_FOLD, STOP_WORDS

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

_FULL_NAMES: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (needle, re.compile(pattern), abbreviation)
    for needle, pattern, abbreviation in (
        ("migration", r"\binternational organi[sz]ations? (?:for|of) migration\b", "iom"),
        # IOM calls itself "the UN Migration Agency"
        ("agency", r"\b(?:un |united nations )?migration agency\b", "iom"),
        ("агентств", r"\bмиграционн\w* агентств\w*(?: оон)?|\bагентств\w* оон по миграции\b", "мом"),
        ("агенттиг", r"\b(?:буунун )?миграция (?:боюнча )?агенттиг\w*", "эму"),
        ("миграци", r"\bмеждународн\w* организаци\w* по миграци\w*", "мом"),
        ("миграция", r"\bэл аралык миграция уюм\w*", "эму"),
        ("nations", r"\bunited nations\b", "un"),
        ("наций", r"\bорганизаци\w* объединенн\w* наций\b", "оон"),
        ("улуттар", r"\bбириккен улуттар\w* уюм\w*", "буу"),
        ("goal", r"\bsustainable development goals?\b", "sdg"),
        ("развития", r"\bцел\w* устойчивого развития\b", "цур"),
        ("максат", r"\bтуруктуу [өо]н[үу]г[үу][үу] максат\w*", "төм"),
        # everyday English for the page's terms
        ("focus", r"\b(?:main |key )?focus areas?\b", "priorities"),
        ("theme", r"\b(?:main |key )?themes\b", "priorities"),
        ("pillar", r"\b(?:main |key )?(?:thematic )?pillars\b", "priorities"),
        ("соцуслуг", r"\bсоцуслуг\w*", "социальные услуги"),
        ("global", r"\bglobal goals\b", "sdg"),
        ("sign", r"\bsign(?:ed|ing)? off(?: on)?\b", "endorse"),
        ("talk", r"\btalk(?:ed)? (?:over|through)\b", "discussed"),
        ("hazard", r"\b(?:natural )?hazards?\b", "disasters"),
        ("women", r"\bequality (?:between|of) (?:women and men|men and women)\b", "gender equality"),
        ("равенств", r"\bравенств\w* (?:между )?(?:женщин\w* и мужчин|мужчин\w* и женщин)\w*", "гендерное равенство"),
        ("теңчилиг", r"\b(?:аялдар|эркектер)\w* (?:менен|жана) \w+ теңчилиг\w*", "гендердик теңчилик"),
        ("public", r"\bpublic services\b", "social services"),
        ("un ", r"\bun (?:plan|agreement|deal|strategy)\b", "cooperation framework"),
        ("cooperation ", r"\bcooperation (?:deal|agreement|plan)\b", "cooperation framework"),
        # the bot speaks for Kyrgyzstan: "our country", "the country" is Kyrgyzstan
        ("country", r"\b(?:our|the|this) country\b", "kyrgyzstan"),
        ("стран", r"\bнаш\w* стран\w*|\bв (?:этой )?стране\b", "кыргызстан"),
        ("лк", r"\bбиздин [өо]лк[өо]\w*", "кыргызстан"),
    )
)
"""Full names written out, in any case form, and the language's abbreviation for them; "our country", and
everyday English for the page's terms ("the global goals" are the SDGs, "focus areas" the priorities) too."""

_COLLOQUIAL = {
    **dict.fromkeys(("скока", "скоко", "скольк"), "сколько"),
    **dict.fromkeys(("спс", "пасиб", "пасибо", "спасиб"), "спасибо"),
    **dict.fromkeys(("пжлст", "пж", "плз"), "пожалуйста"),
    "щас": "сейчас",
    # going abroad "for earnings" is labour migration
    **dict.fromkeys(("заработки", "заработках", "заработок", "заработков"), "мигранты"),
    "ваще": "вообще",
    "thx": "thanks",
    # English texting shorthand
    **dict.fromkeys(("abt", "bout"), "about"),
    **dict.fromkeys(("cuz", "coz", "cos", "bcoz"), "because"),
    **dict.fromkeys(("wat", "wht", "wut"), "what"),
    **dict.fromkeys(("whn", "wen"), "when"),
    **dict.fromkeys(("hw",), "how"),
    "wanna": "want",
    "r": "are",
    "gonna": "going",
    "ur": "your",
    "info": "information",
    "грауэ": "граве",  # the other Russian spelling of Antje Grawe
    # the disasters people name when they mean disaster risk
    **dict.fromkeys(("flood", "floods", "flooding", "mudflow", "mudflows", "landslide", "earthquake"), "disaster"),
    **dict.fromkeys(("landslides", "earthquakes", "avalanches"), "disasters"),
    **dict.fromkeys(("наводнение", "наводнения", "наводнений", "сель", "селей", "оползни"), "бедствия"),
    **dict.fromkeys(("землетрясение", "землетрясения", "землетрясений"), "бедствия"),
    **dict.fromkeys(("селдер", "көчкү", "көчкүлөр", "кочку"), "кырсык"),  # not "сел": Russian "sat"
}
"""Words read as another: chat spellings and name spellings too far from the word for a typo ("скока" is
"сколько"), and the disasters people name for the page's disaster risk; not "u" or "ty", which are Russian
typed in Latin letters ("u OON", "kto ty")."""

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*", re.UNICODE)
_CYRILLIC = re.compile(r"[а-яёәөүңһі]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)
_KYRGYZ_LETTERS = re.compile(r"[өүң]", re.IGNORECASE)

ABBREVIATIONS: dict[str, str] = {
    "iom": "iom",
    "мом": "iom",
    "эму": "iom",
    "oim": "iom",
    "un": "un",
    "оон": "un",
    "буу": "un",
    "uno": "un",
    "sdg": "sdg",
    "sdgs": "sdg",
    "цур": "sdg",
    "том": "sdg",
    "кр": "кыргызстан",
}
"""Abbreviations of the same organisation or notion in en/ru/ky, mapped to one term (after stemming)."""


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
    words = [_COLLOQUIAL.get(word, word) for word in words]
    if not folded.isascii() and _CYRILLIC.search(folded) and _LATIN.search(folded):  # only then can words mix
        return tuple(_fix_mixed_script(word) for word in words)
    return tuple(words)


@lru_cache(maxsize=65536)
def abbreviate(text: str) -> str:
    """The text with full names abbreviated (folded then; as given when it has none): "Международная
    организация по миграции" is one notion (IOM), not three words that outweigh the rest of the question."""
    folded = fold(text)
    abbreviated = folded
    for needle, full_name, abbreviation in _FULL_NAMES:
        if needle in abbreviated:
            abbreviated = full_name.sub(abbreviation, abbreviated)
    return text if abbreviated == folded else abbreviated


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


def canonical(stem: str) -> str:
    """Abbreviations of one notion in three languages become one term."""
    return ABBREVIATIONS.get(stem, stem)


def is_stop_word(word: str) -> bool:
    return word in STOP_WORDS
