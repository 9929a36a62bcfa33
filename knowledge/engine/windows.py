"""Which clause window of a message holds its question (``knowledge/text/clauses.py`` cuts the windows).

Windows overlapping an asking clause come first; the story around them is searched only when they match nothing
plausible. Small talk wins only when no asking window holds a plausible question, and in a long message the
windows that agree on one entry are evidence of their own (``Thresholds.agreeing_windows``).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence

from knowledge.engine.decide import Decider
from knowledge.matching.index import EVIDENCE_SCALE, Index, Match, QueryWord
from knowledge.text.clauses import Window

LONG_MESSAGE_UNKNOWN_SCALE = 0.5
"""In a message of several clauses, unknown words are mostly the story around the question: they count half."""

MAX_RANKED_WINDOWS = 6
"""A long message's clause windows fully ranked, out of those with the best word coverage."""

Ranked = tuple[list[Match], int, Sequence[QueryWord]]
"""The best window's ranked matches, how many windows put the same entry first, and that window's words."""


def best_matches(
    index: Index,
    decider: Decider,
    windows: Sequence[Window],
    lang: str,
    translit: bool,
    few_clauses: bool = True,
    told: bool = False,
) -> Ranked:
    """Ranked matches of the clause window that matches best, how many windows put the same entry first
    (in a long message, agreement is evidence too), and that window's words. Windows overlapping an asking
    clause come first; the story around them is searched only when they match nothing plausible, or when
    ``told`` (a story sentence precedes the question: ``Segments.lead_in``) and they match only small talk."""
    scale = 1.0 if len(windows) == 1 else LONG_MESSAGE_UNKNOWN_SCALE
    analysed = [(index.analyse(window.text, lang, translit), window.asks) for window in windows]
    asking = [pair for pair in analysed if pair[1]]
    if asking and len(asking) < len(windows):
        best, votes, words = _best_window(index, decider, asking, scale, few_clauses)
        if (
            best
            and best[0].score >= decider.thresholds.clarify
            and not (told and decider.is_smalltalk(best[0].entry_id))
        ):
            return best, votes, words
    return _best_window(index, decider, analysed, scale, few_clauses, told)


def _best_window(
    index: Index,
    decider: Decider,
    analysed: Sequence[tuple[Sequence[QueryWord], bool]],
    scale: float,
    few_clauses: bool = True,
    told: bool = False,
) -> Ranked:
    """The best-ranked of the windows (each with whether it asks). Small talk wins only if no window that
    asks holds a plausible question ("Hi, what are the priorities?" asks, "Thanks, that was useful" not);
    in a short message, one small talk would answer ("Hello, who's here?" is a greeting; a story's thanks
    is not its point). After a story (``told``), any window holding a plausible question beats small talk."""
    floor = decider.thresholds.smalltalk if few_clauses else decider.thresholds.clarify
    if len(analysed) > MAX_RANKED_WINDOWS:
        # Full ranking is the dear part: keep the windows whose word coverage promises most.
        analysed = heapq.nlargest(MAX_RANKED_WINDOWS, analysed, key=lambda pair: index.coverage_bound(pair[0], scale))
    ranked = [(index.rank(words, unknown_scale=scale), words, asks) for words, asks in analysed]
    best, words, _ = max(ranked, key=lambda window: _strength(window[0]))
    if len(ranked) > 1 and best and decider.is_smalltalk(best[0].entry_id):
        # small talk closing a story ("…My editor wants the date of the meeting. Can you help me out?") asks what
        # the story told, not what the bot can do: any window of the story may hold the question
        if told:
            floor = decider.thresholds.clarify
        questions = [
            window
            for window in ranked
            if window[0]
            and (window[2] or told)
            and not decider.is_smalltalk(window[0][0].entry_id)
            and window[0][0].score >= floor
        ]
        if questions:
            best, words, _ = max(questions, key=lambda window: _strength(window[0]))
    votes = sum(1 for matches, _, _ in ranked if matches and best and matches[0].entry_id == best[0].entry_id)
    return best, votes, words


def _strength(matches: Sequence[Match]) -> float:
    """How convincing a window's best match is: its score, discounted when few informative words carry it."""
    if not matches:
        return 0.0
    best = matches[0]
    return best.score * (1 - math.exp(-best.weight / EVIDENCE_SCALE))
