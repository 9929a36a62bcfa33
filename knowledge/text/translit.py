"""Russian typed in Latin letters ("prioritety", "kogda") read back in Cyrillic, the way people type it."""

from __future__ import annotations

from functools import lru_cache

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
