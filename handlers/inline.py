"""Inline mode (``@bot question`` in any chat): up to 10 answers as articles; with no query, the topics."""

from __future__ import annotations

import hashlib
import html

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode

from handlers.conversation import ask
from handlers.language import interface_language
from handlers.observe import note_reply
from handlers.render import NO_PREVIEWS
from handlers.splitting import split_html
from handlers.state import Context
from knowledge.engine.pipeline import Engine
from knowledge.engine.reply import Reply
from knowledge.kb.telegram_html import html_to_text

MAX_RESULTS = 10
MAX_ID_BYTES = 64
DESCRIPTION_CHARS = 120
CACHE_SECONDS = 60
START = "inline"


async def on_inline_query(update: Update, context: Context) -> None:
    query = update.inline_query
    if query is None or query.from_user.is_bot:
        return
    state = context.bot_data
    engine, _ = state.require()
    user = query.from_user
    text = query.query.strip()
    results: list[InlineQueryResultArticle] = []
    if text:
        reply = await ask(state, text, user)
        note_reply(reply)
        results = _answers(engine, reply)
        lang = reply.lang
    else:
        lang = await interface_language(state, user)
    if not results:
        results = _topics(engine, lang)
    await query.answer(
        results[:MAX_RESULTS],
        cache_time=CACHE_SECONDS,
        is_personal=True,
        button=InlineQueryResultsButton(engine.text("inline_empty_hint", lang), start_parameter=START),
    )


def _answers(engine: Engine, reply: Reply) -> list[InlineQueryResultArticle]:
    """The entries the engine finds good enough (the confident answer first), as shareable articles; none
    for a fallback, where the topics are offered instead."""
    if reply.status == "fallback":
        return []
    ranked = [reply.entry.id] if reply.status == "answer" and reply.entry else []
    floor = engine.thresholds.clarify
    ranked += [candidate.entry_id for candidate in reply.candidates if candidate.score >= floor]
    articles: list[InlineQueryResultArticle] = []
    for entry_id in dict.fromkeys(ranked):
        answer = engine.entry_reply(entry_id, reply.lang)
        if answer is None or answer.entry is None or answer.entry.is_smalltalk:
            continue
        title = answer.entry.title[reply.lang]
        articles.append(_article(entry_id, title, answer.html, html_to_text(answer.html)))
    return articles[:MAX_RESULTS]


def _topics(engine: Engine, lang: str) -> list[InlineQueryResultArticle]:
    """Each topic as an article listing its questions (shared messages cannot carry our buttons)."""
    articles = []
    for topic in engine.kb.topics:
        reply = engine.topic_reply(topic.id, lang)
        if reply is None:
            continue
        titles = [candidate.title for candidate in reply.offered]
        body = reply.html + "".join(f"\n• {html.escape(title)}" for title in titles)
        articles.append(_article(f"topic:{topic.id}", topic.title[lang], body, " · ".join(titles)))
    return articles[:MAX_RESULTS]


def _article(result_id: str, title: str, body: str, description: str) -> InlineQueryResultArticle:
    """An article whose message is ``body`` (HTML, one message at most) previewed as ``description``."""
    description = " ".join(description.split())
    if len(description) > DESCRIPTION_CHARS:
        description = description[: DESCRIPTION_CHARS - 1] + "…"
    if len(result_id.encode()) > MAX_ID_BYTES:
        result_id = hashlib.sha256(result_id.encode()).hexdigest()[:MAX_ID_BYTES]
    return InlineQueryResultArticle(
        id=result_id,
        title=title,
        description=description,
        input_message_content=InputTextMessageContent(
            split_html(body)[0], parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEWS
        ),
    )
