"""Database faults never cost a user their reply: each store call that fails is logged — once per minute per
kind of failure, not once per message — and answered with a harmless default; the next call simply tries the
database again, so writes resume by themselves when it comes back.

A database that cannot be reached at all (refused, timed out, connection lost) is not tried again for
``UNREACHABLE_PAUSE`` seconds: every call would otherwise wait for its own connection timeout, and a user's reply
with it."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

from sqlalchemy.exc import SQLAlchemyError

P = ParamSpec("P")
T = TypeVar("T")

LOG_EVERY_SECONDS = 60.0
UNREACHABLE_PAUSE = 5.0

logger = logging.getLogger("bot.storage")

FAULTS = (SQLAlchemyError, OSError, TimeoutError, ConnectionError)
"""What a database or its disk can throw at us (asyncpg's own errors arrive wrapped in SQLAlchemy's)."""


class FaultLog:
    """Remembers when each kind of failure was last logged."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last: dict[str, float] = {}
        self._paused_until = float("-inf")
        self.failures = 0

    @property
    def paused(self) -> bool:
        """Whether calls skip the database for now: it was unreachable a moment ago."""
        return self._clock() < self._paused_until

    def report(self, operation: str, error: BaseException) -> None:
        self.failures += 1
        kind = f"{operation}:{type(error).__name__}"
        now = self._clock()
        if _unreachable(error):
            self._paused_until = now + UNREACHABLE_PAUSE
        if now - self._last.get(kind, -LOG_EVERY_SECONDS) >= LOG_EVERY_SECONDS:
            self._last[kind] = now
            # The error's text, not a traceback; SQLAlchemy's message never holds the password.
            logger.error("storage unavailable (%s): %s: %s", operation, type(error).__name__, _first_line(error))


def tolerant(default: Any) -> Callable[[Callable[P, Coroutine[Any, Any, T]]], Callable[P, Coroutine[Any, Any, T]]]:
    """Makes a store method return ``default`` (None, False, 0: immutable) when the database fails, after
    reporting it to the store's ``faults`` (the method's first argument)."""

    def decorate(method: Callable[P, Coroutine[Any, Any, T]]) -> Callable[P, Coroutine[Any, Any, T]]:
        @functools.wraps(method)
        async def guarded(*args: P.args, **kwargs: P.kwargs) -> T:
            faults: FaultLog = getattr(args[0], "faults")  # noqa: B009 - the store, typed by the protocol above
            if faults.paused:
                return default  # type: ignore[no-any-return]
            try:
                return await method(*args, **kwargs)
            except FAULTS as error:
                faults.report(method.__name__, error)
                return default  # type: ignore[no-any-return]

        return guarded

    return decorate


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [""])[0][:300]


def _unreachable(error: BaseException) -> bool:
    """A connection that could not be made or was lost (not a full disk or a refused statement)."""
    return isinstance(error, OSError | TimeoutError) or bool(getattr(error, "connection_invalidated", False))
