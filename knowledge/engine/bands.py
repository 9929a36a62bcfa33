"""The confidence bands of the matcher, in one place so operators can tune them without touching code.

Scores are in [0, 1]. A reply is an ``answer`` when the best entry scores at least ``answer`` and leads the
runner-up by at least ``margin``; a ``clarify`` ("did you mean") when the best scores at least ``clarify``;
otherwise a ``fallback``. In a long message, an entry that comes first in at least ``agreeing_windows`` of its
clause windows needs only ``agreed_answer``: the story around a question lowers every window's score, while
agreement between windows is evidence of its own. The defaults were calibrated per language on
tests/eval/eval.yaml with ``python -m bot calibrate``, trading answered questions against answered
out-of-scope ones; ``answer`` serves English, ``answer_by_language`` Kyrgyz and Russian (see README).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    answer: float = 0.6
    answer_by_language: tuple[tuple[str, float], ...] = (("ky", 0.55), ("ru", 0.55))
    """Languages whose questions are answered from another score than ``answer``. Kyrgyz: 0.55 answers more
    of our set and of the public sample, and no more of their out-of-scope questions. Russian: 0.55 answers 7 more
    of our set (2,611) and 8 more of the measure-only blind set (2,107), for 2 and 1 more out-of-scope questions
    answered (2.9 % of each set's) and no more answered wrongly (see README)."""
    margin: float = 0.01
    clear_lead: float = 0.15
    """Below the answer band, the best entry is still answered from ``clear_lead_answer`` when it leads the
    runner-up by at least this much: one entry standing far above every other is what a person means even
    when the wording is far from every variant. 0 turns the rule off."""
    clear_lead_answer: float = 0.5
    clarify: float = 0.3
    max_candidates: int = 3
    agreed_answer: float = 0.45
    agreeing_windows: int = 3
    smalltalk: float = 0.55
    """Small talk ("Салам, как дела?") is answered from this score, a little below ``answer``: a loose
    greeting answered costs nothing, and small talk is never offered as "did you mean"."""
    unknown_words: int = 2
    """A short question with this many words the knowledge base never wrote (and no close spelling of) is not
    answered outright, however well the rest fits: "What is the exact *budget* of the Joint Work Plans?" asks
    for what the page does not hold. One such word is often a typo or a filler; two rarely are."""

    def answer_for(self, lang: str) -> float:
        """The score from which a question in ``lang`` is answered directly."""
        return dict(self.answer_by_language).get(lang, self.answer)
