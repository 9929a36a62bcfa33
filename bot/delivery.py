"""How a reply keeps being sent when Telegram or the network fails for a moment.

A reply is sent until Telegram accepts it or the failure is permanent: a 429 ("Too Many Requests") waits the
``retry_after`` Telegram gives; a 5xx or a connection that failed or dropped before an answer is tried again with
a growing pause; all within a deadline, so a handler never hangs. A call that timed out is never sent again: it
may have been delivered, and a second copy is worse than none. Only the calls that carry a reply are retried
(``METHODS``), and the calls of start-up, which a moment's outage must not turn into an exit; PTB retries
getUpdates itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

METHODS = frozenset(
    {
        *("sendMessage", "editMessageText", "answerCallbackQuery", "answerInlineQuery", "deleteMessage"),
        "sendDocument",
        # start-up: each may be repeated safely
        *("getMe", "deleteWebhook", "setWebhook", "setMyCommands", "setMyDescription", "setMyShortDescription"),
    }
)


@dataclass(frozen=True)
class DeliveryPolicy:
    deadline: float = 30.0
    """Seconds from the first try after which a failed call is given up (and its error raised)."""
    first_pause: float = 0.5
    """Seconds before the second try after a 5xx or a connection failure; each later pause doubles."""
    max_pause: float = 8.0
    """The longest pause between tries (but a 429's ``retry_after`` is always honoured in full)."""
    max_retry_after: float = 20.0
    """A flood wait longer than this is not waited out: the reply is given up at once."""

    def pause(self, attempt: int) -> float:
        """The pause before try ``attempt + 2`` after a 5xx or a connection failure."""
        return min(self.max_pause, self.first_pause * 2.0**attempt)

    def wait_after(self, status: int, payload: bytes, attempt: int) -> float | None:
        """How long to wait before trying again after this answer, or None when it stands (a success, or a
        refusal that a second try would only repeat)."""
        if status == 429:
            retry_after = _retry_after(payload)
            return retry_after if retry_after <= self.max_retry_after else None
        if status >= 500:
            return self.pause(attempt)
        return None


def _retry_after(payload: bytes) -> float:
    """The seconds a 429 asks for (``parameters.retry_after``), 1 when it does not say."""
    try:
        parameters = json.loads(payload).get("parameters") or {}
        seconds = float(parameters.get("retry_after", 1.0))
    except (ValueError, AttributeError, TypeError):
        seconds = 1.0
    return seconds
