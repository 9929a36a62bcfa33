"""The knowledge base's synonyms and abbreviations, the cue words of the rules that hold an answer back, the words
that ask for a list, and the commands' aliases: data in ``knowledge/data/vocabulary.yaml``, read and checked with
the rest of the knowledge base (so curators see and change them, and ``/reload`` picks them up).

A cue is one lower-case word; ``word*`` matches every word starting with ``word``, a cue without ``*`` only that
word. Kyrgyz ө ү ң are folded to о у н, as everywhere in matching.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from knowledge.kb.commands import ALIASED_COMMANDS
from knowledge.kb.problems import Sink
from knowledge.kb.yaml_fields import Field, Text, read_mapping, read_texts, report_unknown
from knowledge.text.cues import CueWords, folded_words
from knowledge.text.fold import fold, kyrgyz_fold
from knowledge.text.names import Names
from knowledge.text.synonyms import NO_SYNONYMS, Synonyms

CUE_GROUPS = ("details", "contrast", "list_words")
SECTIONS = ("synonyms", "abbreviations", *CUE_GROUPS, "names", "command_aliases")

MAX_INFLECTION = 4
"""A word the knowledge base uses that continues a ``word*`` cue by more than this many letters is probably
another word ("долго*" in "долгосрочные"), not a form of the cue's: ``validate`` warns about it."""


@dataclass(frozen=True)
class Vocabulary:
    synonyms: Synonyms = NO_SYNONYMS
    """Phrases read as the knowledge base's words, and abbreviations of one notion (``knowledge/text/synonyms.py``)."""
    details: CueWords = field(default_factory=lambda: CueWords((), frozenset()))
    """Details a page like this never gives (age, budget, staff…)."""
    contrast: CueWords = field(default_factory=lambda: CueWords((), frozenset()))
    """Another time or another one (next, before, other, will…)."""
    names: Names = field(default_factory=lambda: Names({}))
    """Places, agencies and people, by name."""
    list_words: frozenset[str] = frozenset()
    """Words that ask for a whole list (all, все, бардык…)."""
    command_aliases: Mapping[str, str] = field(default_factory=dict)
    """Alias → command ("помощь" → "help")."""

    def prefix_cues(self) -> Iterable[tuple[str, str, frozenset[str]]]:
        """(group, prefix, the group's whole-word cues) of every ``word*`` cue."""
        yield from (("details", prefix, self.details.words) for prefix in self.details.prefixes)
        yield from (("contrast", prefix, self.contrast.words) for prefix in self.contrast.prefixes)
        yield from ((f"names: {name}", prefix, self.names.forms()) for name, prefix in self.names.prefixes())


def read_vocabulary(document: Field, sink: Sink) -> Vocabulary:
    """vocabulary.yaml: the sections above, each cue one lower-case word, each given once."""
    fields = read_mapping(document, sink, "a mapping of word lists (lines like 'details: [...]')") or {}
    report_unknown(fields, SECTIONS, "section", sink)
    phrases = _phrases(fields.get("synonyms"), sink)
    abbreviations = _grouped(fields.get("abbreviations"), sink)
    synonyms = Synonyms(
        {target: [phrase.value for phrase in group] for target, group in phrases},
        {term: [cue.value for cue in group] for term, (group, _) in abbreviations.items()},
    )
    cues = {group: _cues(fields[group], sink) if group in fields else [] for group in CUE_GROUPS}
    names = _grouped(fields.get("names"), sink)
    aliases = _grouped(fields.get("command_aliases"), sink)
    for command, (_, line) in aliases.items():
        if command not in ALIASED_COMMANDS:
            sink.add(line, f"command_aliases: '{command}' is not a command (one of {', '.join(ALIASED_COMMANDS)})")
    return Vocabulary(
        synonyms=synonyms,
        details=_cue_words(cues["details"], synonyms),
        contrast=_cue_words(cues["contrast"], synonyms),
        names=Names({name: [cue.value for cue in group] for name, (group, _) in names.items()}, synonyms),
        list_words=frozenset(cue.value for cue in cues["list_words"]),
        command_aliases={cue.value: command for command, (group, _) in aliases.items() for cue in group},
    )


def _grouped(document: Field | None, sink: Sink) -> dict[str, tuple[list[Text], int]]:
    """name: [cues] lines, each name with its cues and its line."""
    if document is None:
        return {}
    groups = read_mapping(document, sink, "a mapping of names to word lists", "{parent}: {key}") or {}
    return {name: (_cues(group, sink), group.line) for name, group in groups.items()}


def _cues(document: Field, sink: Sink) -> list[Text]:
    """The cues of a list, folded; a cue that is not one word, or given twice, is a problem."""
    return _checked(document, sink, lambda text: kyrgyz_fold(text.casefold()), _cue_problem, {})


def _cue_problem(cue: str) -> str:
    if not cue.rstrip("*").isalpha() or cue.count("*") > 1 or (cue.count("*") == 1 and not cue.endswith("*")):
        return "should be one word, or one word and '*'"
    return ""


def _phrase_problem(phrase: str) -> str:
    if not all(word == "*" or (word.rstrip("*").isalnum() and word.count("*") <= 1) for word in phrase.split()):
        return "should be words, each may end in '*'"
    return "needs a word besides '*'" if not phrase.replace("*", "").strip() else ""


def _checked(
    document: Field, sink: Sink, read: Callable[[str], str], problem: Callable[[str], str], seen: dict[str, int]
) -> list[Text]:
    """The texts of a list, each as ``read`` makes it; one with a ``problem``, or already ``seen`` (text → line),
    is reported instead."""
    kept: list[Text] = []
    for text in read_texts(document, sink) or []:
        value = read(text.value)
        wrong = problem(value)
        if wrong:
            sink.add(text.line, f"{document.label}: '{text.value}' {wrong}")
        elif value in seen:
            sink.add(text.line, f"{document.label}: '{text.value}' is given twice (also on line {seen[value]})")
        else:
            seen[value] = text.line
            kept.append(Text(value, text.line))
    return kept


def _cue_words(cues: Sequence[Text], synonyms: Synonyms) -> CueWords:
    prefixes = tuple(cue.value[:-1] for cue in cues if cue.value.endswith("*"))
    return CueWords(prefixes, frozenset(cue.value for cue in cues if not cue.value.endswith("*")), synonyms)


def _phrases(document: Field | None, sink: Sink) -> list[tuple[str, list[Text]]]:
    """``words: [phrases]`` lines in file order: the words (folded) and the phrases read as them. A phrase is
    words of letters and digits, each may end in "*", or a lone "*"; a phrase given twice is a problem."""
    if document is None:
        return []
    targets = read_mapping(document, sink, "a mapping of words to the phrases read as them", "{parent}: {key}") or {}
    seen: dict[str, int] = {}  # a phrase read as two things is a problem too
    found: list[tuple[str, list[Text]]] = []
    for target, field_ in targets.items():
        phrases = _checked(field_, sink, lambda text: " ".join(fold(text).split()), _phrase_problem, seen)
        found.append((" ".join(fold(target).split()), phrases))
    return found


def cue_collisions(vocabulary: Vocabulary, texts: Iterable[str]) -> list[str]:
    """Warnings for the ``word*`` cues that also begin a word of the knowledge base's own ``texts`` (its
    phrasings and answers) longer by more than MAX_INFLECTION letters: such a word in a question would count as
    the cue ("долго*", how long, catches "долгосрочные", long-term). A word listed in the same group as a cue of
    its own is a form the curator meant ("achiev*" with "achievement")."""
    words = folded_words(map(vocabulary.synonyms.rewrite, texts))
    warnings = []
    for group, prefix, meant in vocabulary.prefix_cues():
        longer = sorted(
            word
            for word in words
            if word.startswith(prefix) and len(word) - len(prefix) > MAX_INFLECTION and word not in meant
        )
        if longer:
            shown = ", ".join(longer[:4]) + (" …" if len(longer) > 4 else "")
            warnings.append(f"{group}: '{prefix}*' also begins {shown}: write the cue's own forms out instead")
    return warnings
