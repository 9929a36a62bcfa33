"""One log line per update, and its counts in the metrics, for operators: its id, kind, what the bot made of it
(status, entry, language) and how long it took — never its text, its user or the token.

A handler in the first group notes the start; the handlers that reply note the outcome (``note_reply``); a handler
in a late group writes the line. The outcome travels in a context variable: PTB handles each update, all its
groups, in one task.
"""

from __future__ import annotations

import contextvars
import logging
import time
from dataclasses import dataclass

from telegram import Update

from handlers.state import Context
from knowledge.engine.reply import Reply

logger = logging.getLogger("bot.updates")

FIRST_GROUP = -1_000
LAST_GROUP = 900
"""After every handler that answers (group 0); tests mark an update handled later still."""


@dataclass
class _Outcome:
    started: float
    status: str = "-"
    entry: str = "-"
    lang: str = "-"


_outcome: contextvars.ContextVar[_Outcome | None] = contextvars.ContextVar("update_outcome", default=None)


def note_reply(reply: Reply) -> None:
    """What the engine made of the update being handled (for its log line)."""
    outcome = _outcome.get()
    if outcome is not None:
        outcome.status, outcome.lang = reply.status, reply.lang
        outcome.entry = reply.entry.id if reply.entry is not None and reply.status == "answer" else "-"


async def on_update_started(update: object, context: Context) -> None:
    _outcome.set(_Outcome(time.perf_counter()))


async def on_update_done(update: object, context: Context) -> None:
    outcome = _outcome.get()
    if outcome is None or not isinstance(update, Update):
        return
    seconds = time.perf_counter() - outcome.started
    milliseconds = 1000 * seconds
    kind = update_kind(update)
    if context.bot_data.metrics is not None:
        context.bot_data.metrics.update_handled(kind, outcome.status, outcome.lang, seconds)
    logger.info(
        "update %s %s status=%s entry=%s lang=%s %.1f ms",
        update.update_id,
        kind,
        outcome.status,
        outcome.entry,
        outcome.lang,
        milliseconds,
        extra={
            "update_id": update.update_id,
            "kind": kind,
            "status": outcome.status,
            "entry": outcome.entry,
            "lang": outcome.lang,
            "latency_ms": round(milliseconds, 1),
        },
    )


def update_kind(update: Update) -> str:
    """The update's type (message, callback_query…), for log lines."""
    for name in ("message", "edited_message", "callback_query", "inline_query", "channel_post"):
        if getattr(update, name) is not None:
            return name
    return "other"
