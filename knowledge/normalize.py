"""Text normalisation shared by the index and the queries, so both sides meet in the same form.

Users type without a Kyrgyz keyboard (ө/ү/ң as о/у/н, or Latin look-alikes), write Russian in Latin letters, and
use abbreviations in three languages; all of that is folded here before matching.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

from knowledge.lexicon import STOP_WORDS

_KYRGYZ_FOLD = str.maketrans({"ө": "о", "ү": "у", "ң": "н", "ё": "е"})
"""Kyrgyz letters folded to the Russian ones people type instead; applied to index and query alike."""

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

_TRANSLIT_MULTI: tuple[tuple[str, str], ...] = (
    ("tsya", "тся"),  # "polzovatsya": the reflexive ending, soft sign dropped as people type it
    ("shch", "щ"),
    ("sch", "щ"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("yu", "ю"),
    ("ya", "я"),
    ("yo", "е"),
    ("ye", "е"),
    ("ju", "ю"),
    ("ja", "я"),
)
_TRANSLIT_SINGLE = {
    "a": "а",
    "b": "б",
    "v": "в",
    "w": "в",
    "g": "г",
    "d": "д",
    "e": "е",
    "z": "з",
    "i": "и",
    "j": "й",
    "k": "к",
    "q": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "f": "ф",
    "h": "х",
    "c": "ц",
    "x": "кс",
    "'": "ь",
}
_VOWELS = set("aeiouy")


def fold(text: str) -> str:
    """NFKC, casefold and ё→е: the form every comparison starts from."""
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def kyrgyz_fold_phrase(text: str) -> str:
    """Kyrgyz letters folded in a whole phrase, not cached: phrases seldom repeat."""
    return text.translate(_KYRGYZ_FOLD)


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


def translit_candidates(word: str) -> tuple[str, str]:
    """Two readings of a Latin word typed for Russian: "j" as "й"/"я" ("moja"), and as "ж" ("Japarov",
    "jenshchiny"); the caller keeps the one its vocabulary knows."""
    return translit_to_cyrillic(word), translit_to_cyrillic(word.replace("dj", "zh").replace("j", "zh"))


@lru_cache(maxsize=65536)
def translit_to_cyrillic(word: str) -> str:
    """Russian typed in Latin letters ("prioritety", "kogda") back to Cyrillic, the way people type it."""
    out: list[str] = []
    i = 0
    while i < len(word):
        for latin, cyrillic in _TRANSLIT_MULTI:
            if word.startswith(latin, i):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            char = word[i]
            if char == "y":
                out.append("й" if i > 0 and word[i - 1] in _VOWELS else "ы")
            elif char == "e" and i == 0:
                out.append("э")
            else:
                out.append(_TRANSLIT_SINGLE.get(char, char))
            i += 1
    return "".join(out)


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


def canonical(stem: str) -> str:
    """Abbreviations of one notion in three languages become one term."""
    return ABBREVIATIONS.get(stem, stem)


def is_stop_word(word: str) -> bool:
    return word in STOP_WORDS


@lru_cache(maxsize=65536)
def stems_of(word: str, lang: str) -> tuple[str, ...]:
    """The index terms a word may stand for; a Cyrillic word gets both its Russian and Kyrgyz stems because
    Kyrgyz typed without ө/ү/ң is easily taken for Russian, and both sides are stemmed alike."""
    if word.isdigit():
        return (word,)
    if is_cyrillic(word):
        if lang == "ky":
            return _unique(canonical(kyrgyz_stem(word)), canonical(russian_stem(word)))
        return _unique(canonical(russian_stem(word)), canonical(kyrgyz_stem(word)))
    return (canonical(english_stem(word)),)


def _unique(first: str, second: str) -> tuple[str, ...]:
    return (first,) if first == second else (first, second)
