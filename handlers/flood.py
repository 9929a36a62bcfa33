"""One user sending dozens of messages a second: one polite notice, then silence for a while, so the bot's time
goes to everyone else. Counted per user in memory only (nothing is stored), within a sliding window."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Literal

from handlers.bounded import BoundedMap

MESSAGES = 8
"""At most this many messages of one user within WINDOW_SECONDS are answered…"""
WINDOW_SECONDS = 10.0
PAUSE_SECONDS = 30.0
"""…the next one gets the notice, and the user's messages are ignored for this long after it."""

Verdict = Literal["answer", "notice", "ignore"]


class FloodGuard:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._recent: BoundedMap[int, deque[float]] = BoundedMap(limit=20_000)
        self._paused_until: BoundedMap[int, float] = BoundedMap(limit=20_000)

    def admit(self, user_id: int) -> Verdict:
        """What to do with this user's message now."""
        now = self._clock()
        if self._paused_until.get(user_id, 0.0) > now:
            return "ignore"
        recent = self._recent.get(user_id) or deque()
        while recent and now - recent[0] > WINDOW_SECONDS:
            recent.popleft()
        recent.append(now)
        self._recent[user_id] = recent
        if len(recent) <= MESSAGES:
            return "answer"
        self._paused_until[user_id] = now + PAUSE_SECONDS
        recent.clear()
        return "notice"
