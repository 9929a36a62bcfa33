"""Words that ask about another time or another one ("the *next* meeting", "*before* 1951", "the *other*
co-chair"). The knowledge base holds one page's facts; a short question with such a word that the matched
entry's own phrasings never use asks for something beside that fact, so the bot asks rather than answers."""

from __future__ import annotations

from knowledge.marks import MarkWords

CONTRAST = MarkWords(
    prefixes=(
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
    ),
    words=frozenset(
        {
            "до",  # before; not "new", which the page itself says of the Framework 2023–2027
            # someone or something beside the one the page names ("who co-chairs it *besides* IOM?")
            *("besides", "except", "кроме", "помимо", "тышкары"),
            # the future: the page tells what was, not what will be
            *("will", "будет", "будут", "планируется", "планируют", "предстоит"),
            # "прошлый" (last), not "прошло" (took place)
            *("прошлый", "прошлая", "прошлое", "прошлые", "прошлого", "прошлой", "прошлом", "прошлых", "прошлую"),
        }
    ),
)
