"""The confidence bands of the matcher, in one place so operators can tune them without touching code.

Scores are in [0, 1]. A reply is an ``answer`` when the best entry scores at least ``answer`` and leads the
runner-up by at least ``margin``; a ``clarify`` ("did you mean") when the best scores at least ``clarify``;
otherwise a ``fallback``. The defaults were calibrated on the project's evaluation set (see README).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    answer: float = 0.58
    margin: float = 0.03
    clarify: float = 0.3
    max_candidates: int = 3
