"""Sending a reply and later editing it in place when the user edits their question.

Each message of a reply is fingerprinted, so an edit only touches messages whose content changes: Telegram
refuses an edit that changes nothing ("message is not modified").
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from telegram import InlineKeyboardMarkup, ReplyParameters
from telegram.error import BadRequest
from telegram.ext import ExtBot

from handlers.render import Outgoing
from handlers.store import SentReply

logger = logging.getLogger(__name__)


def _views(out: Outgoing) -> list[tuple[str, InlineKeyboardMarkup | None, str]]:
    """(html, keyboard, fingerprint) of each message of the reply; the keyboard goes under the last one."""
    views = []
    for index, piece in enumerate(out.pieces):
        last = index == len(out.pieces) - 1
        markup, layout = (out.markup, out.layout) if last else (None, "")
        views.append((piece, markup, hashlib.sha256(f"{piece}\x00{layout}".encode()).hexdigest()))
    return views


async def send(bot: ExtBot[Any], chat_id: int, out: Outgoing, reply_to: int | None = None) -> SentReply:
    """Sends the reply (quoting ``reply_to`` if given, as in groups) and returns what was sent."""
    ids: list[int] = []
    prints: list[str] = []
    for html, markup, fingerprint in _views(out):
        quote = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to and not ids else None
        message = await bot.send_message(chat_id, html, reply_markup=markup, reply_parameters=quote)
        ids.append(message.message_id)
        prints.append(fingerprint)
    return SentReply(tuple(ids), tuple(prints))


async def edit(bot: ExtBot[Any], chat_id: int, previous: SentReply, out: Outgoing) -> SentReply:
    """Turns a previously sent reply into ``out``: edits changed messages, sends or deletes the difference."""
    ids: list[int] = []
    prints: list[str] = []
    for index, (html, markup, fingerprint) in enumerate(_views(out)):
        if index < len(previous.message_ids):
            message_id = previous.message_ids[index]
            if previous.fingerprints[index] != fingerprint:
                try:
                    await bot.edit_message_text(html, chat_id, message_id, reply_markup=markup)
                except BadRequest as error:
                    if "not found" not in error.message.lower():
                        raise
                    message_id = (await bot.send_message(chat_id, html, reply_markup=markup)).message_id
        else:
            message_id = (await bot.send_message(chat_id, html, reply_markup=markup)).message_id
        ids.append(message_id)
        prints.append(fingerprint)
    for surplus in previous.message_ids[len(ids) :]:
        try:
            await bot.delete_message(chat_id, surplus)
        except BadRequest:
            logger.info("could not delete a surplus message of an edited reply")
    return SentReply(tuple(ids), tuple(prints))
