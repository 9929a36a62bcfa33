"""The curators' held-out check: would the bot find an entry for wordings its curators did not write?

Every question variant is answered once by a knowledge base that lacks it (k-fold: the variants are dealt into
``folds`` groups, and the engine is rebuilt without each group in turn). A held-out variant the bot does not
answer with its own entry shows a wording the entry does not cover yet, or a neighbour that is too close —
without touching any evaluation set, so it can guide which variants to add. With ``typos``, each held-out
variant is asked with one slip in one of its longer words, as people type: how well typos are survived.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from knowledge.engine.pipeline import Engine
from knowledge.kb.model import Entry, KnowledgeBase

DEFAULT_FOLDS = 5
TYPO_SEED = 1
"""The slips are drawn from a fixed seed, so two runs on one knowledge base compare."""


@dataclass(frozen=True)
class Miss:
    entry_id: str
    lang: str
    question: str
    status: str
    got: str
    """The entry the bot answered or proposed first instead ("" for none)."""
    score: float


@dataclass
class HeldOutReport:
    asked: Counter[str] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)
    with_typos: bool = False

    @property
    def total(self) -> int:
        return sum(self.asked.values())

    def found(self, entry_id: str | None = None) -> float:
        """Percent of held-out variants answered with their own entry (of one entry, or of all)."""
        asked = self.asked[entry_id] if entry_id else self.total
        missed = sum(1 for miss in self.misses if entry_id in (None, miss.entry_id))
        return 100.0 * (asked - missed) / asked if asked else 100.0


def held_out(
    kb: KnowledgeBase, folds: int = DEFAULT_FOLDS, entry_ids: Iterable[str] = (), typos: bool = False
) -> HeldOutReport:
    """Holds out the variants of ``entry_ids`` (all entries if empty) fold by fold."""
    chosen = set(entry_ids) or {entry.id for entry in kb.entries}
    variants = [
        (entry.id, lang, question)
        for entry in kb.entries
        if entry.id in chosen
        for lang, questions in entry.questions.items()
        for question in questions
    ]
    report = HeldOutReport(with_typos=typos)
    slips = random.Random(TYPO_SEED)  # noqa: S311 — slips for a quality check, not a secret
    for fold in range(folds):
        out = set(variants[fold::folds])
        engine = Engine(replace(kb, entries=tuple(_without(entry, out) for entry in kb.entries)))
        for entry_id, lang, written in variants[fold::folds]:
            report.asked[entry_id] += 1
            question = with_typo(written, slips) if typos else written
            reply = engine.ask(question)
            if reply.status != "answer" or reply.entry is None or reply.entry.id != entry_id:
                got = reply.entry.id if reply.entry is not None else ""
                report.misses.append(Miss(entry_id, lang, question, reply.status, got, reply.score))
    return report


def format_held_out(report: HeldOutReport, show_missed: bool) -> str:
    lines = [
        f"{report.total} question variants held out{' with one slip each' if report.with_typos else ''}: "
        f"{report.found():.1f} % answered with their own entry",
        "weakest entries:",
    ]
    weakest = sorted(report.asked, key=report.found)[:10]
    lines += [f"  {entry_id:<24} {report.found(entry_id):5.1f} %  of {report.asked[entry_id]}" for entry_id in weakest]
    if show_missed:
        lines += [
            f"MISS {m.entry_id} [{m.lang}] {m.question!r} -> {m.status} {m.got or '-'} ({m.score:.2f})"
            for m in report.misses
        ]
    return "\n".join(lines)


def with_typo(question: str, rng: random.Random) -> str:
    """The question with one slip in one of its words of five letters or more (the first letter kept, as in
    most typos): two neighbouring letters swapped, one dropped, doubled, or replaced by another of the word's."""
    words = question.split(" ")
    long_words = [number for number, word in enumerate(words) if sum(char.isalpha() for char in word) >= 5]
    if not long_words:
        return question
    number = rng.choice(long_words)
    word = words[number]
    letters = [position for position, char in enumerate(word) if char.isalpha()][1:-1]
    at = rng.choice(letters)
    slip = rng.choice(("swap", "drop", "double", "replace"))
    if slip == "swap" and word[at + 1].isalpha() and word[at + 1] != word[at]:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    elif slip == "drop":
        word = word[:at] + word[at + 1 :]
    elif slip == "double":
        word = word[:at] + word[at] + word[at:]
    else:
        others = [char for char in word if char.isalpha() and char != word[at]]
        word = word[:at] + rng.choice(others or [word[at]]) + word[at + 1 :]
    words[number] = word
    return " ".join(words)


def _without(entry: Entry, out: set[tuple[str, str, str]]) -> Entry:
    questions = {
        lang: tuple(question for question in questions if (entry.id, lang, question) not in out)
        for lang, questions in entry.questions.items()
    }
    return replace(entry, questions=questions)
