"""Turning an engine ``Reply`` into what Telegram shows: HTML pieces and the inline keyboard under the last one.

Which buttons a reply gets is its view's (``knowledge/engine/view.py``), the same in every front end. Button
labels are plain text (Telegram does not parse them), payloads are encoded by ``callback_data`` and any that
would not fit is left out rather than refused.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions

from handlers.callback_data import Action, Kind, encode
from handlers.splitting import split_html
from knowledge.engine.pipeline import Engine
from knowledge.engine.reply import Reply
from knowledge.engine.view import Button, Does, view_of

NO_PREVIEWS = LinkPreviewOptions(is_disabled=True)
"""Every message the bot sends or offers (inline) goes without link previews."""
MAX_BUTTONS = 60
"""Well under Telegram's limit of 100 buttons per message; a longer menu would not be usable anyway."""
MAX_LABEL = 64
KEYBOARDS_CACHED = 1_024
"""Distinct keyboards kept built: the menus, "did you mean" lists and related questions of each language."""

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outgoing:
    """One reply ready to send: HTML pieces (4096 characters at most each) and the last one's keyboard."""

    pieces: tuple[str, ...]
    markup: InlineKeyboardMarkup | None = None
    layout: str = ""
    """The buttons as plain text, to tell cheaply whether two replies look the same."""


def outgoing(
    html: str,
    buttons: Iterable[tuple[str, Action]] = (),
    columns: int = 1,
    footer: Iterable[tuple[str, Action]] = (),
) -> Outgoing:
    """HTML split to Telegram's limit, with ``(label, action)`` buttons laid out ``columns`` per row and the
    ``footer`` buttons side by side in a last row."""
    pieces = tuple(split_html(html)) or ("…",)
    valid = _valid(buttons, MAX_BUTTONS)
    rows = [tuple(valid[i : i + columns]) for i in range(0, len(valid), columns)]
    last = _valid(footer, MAX_BUTTONS - len(valid))
    if last:
        rows.append(tuple(last))
    if not rows:
        return Outgoing(pieces)
    layout = tuple(rows)
    return Outgoing(pieces, _keyboard(layout), repr(layout))


def _valid(buttons: Iterable[tuple[str, Action]], limit: int) -> list[tuple[str, str]]:
    """(label, payload) of each button whose payload fits, at most ``limit``."""
    valid: list[tuple[str, str]] = []
    for label, action in buttons:
        if len(valid) >= limit:
            break
        data = encode(action)
        if data is None:
            logger.warning("left out a button whose payload does not fit in 64 bytes: %s", action)
            continue
        valid.append((_label(label), data))
    return valid


KIND: dict[Does, Kind] = {
    "entry": "e",
    "topic": "t",
    "topics": "m",
    "none_of_these": "n",
    "didnt_help": "x",
    "vote_up": "u",
    "vote_down": "d",
}
"""The callback kind (``handlers/callback_data.py``) of what each button of a view does."""


def render(reply: Reply, engine: Engine) -> Outgoing:
    """The message for an engine reply: its view (``knowledge/engine/view.py``) with an inline keyboard."""
    view = view_of(reply, engine.kb)

    def button(one: Button) -> tuple[str, Action]:
        return one.label, Action(KIND[one.does], reply.lang, one.target)

    return outgoing(view.html, map(button, view.buttons), footer=map(button, view.footer))


def language_menu(engine: Engine, lang: str) -> Outgoing:
    """The /lang prompt with one button per language, each labelled in its own language."""
    choices = [(engine.text("lang_name", code), Action("l", code)) for code in engine.languages]
    return outgoing(engine.text("lang_prompt", lang), choices, columns=len(choices))


class _Keyboard(InlineKeyboardMarkup):
    """An inline keyboard serialised once: PTB serialises a reply's markup on every send (about 50 µs for six
    buttons, a twentieth of what the bot spends on an update), while replies repeat the same few keyboards. PTB's
    objects are immutable, so the serialised form never goes stale."""

    __slots__ = ("_serialised",)
    _serialised: dict[str, Any]

    def __init__(self, rows: list[list[InlineKeyboardButton]]) -> None:
        super().__init__(rows)
        object.__setattr__(self, "_serialised", super().to_dict())  # frozen by now: set past PTB's guard

    def to_dict(self, recursive: bool = True) -> dict[str, Any]:
        """The markup as Telegram takes it (shared, not to be changed), or PTB's own shallow form."""
        return self._serialised if recursive else super().to_dict(recursive=False)


@lru_cache(maxsize=KEYBOARDS_CACHED)
def _keyboard(rows: tuple[tuple[tuple[str, str], ...], ...]) -> InlineKeyboardMarkup:
    """The keyboard of ``(label, callback_data)`` rows, built once per layout: replies repeat the same few
    menus, and PTB's objects are immutable, so one keyboard can go under any number of messages."""
    return _Keyboard([[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows])


def _label(text: str) -> str:
    text = " ".join(text.split()) or "…"
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"
