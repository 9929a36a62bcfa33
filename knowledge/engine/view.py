"""What a user sees of a reply, whatever the front end: its HTML and its buttons, in order.

Telegram renders a view as a message with an inline keyboard (``handlers/render.py``), the console chat as text
with numbered options (``bot/curation/console.py``): the buttons a reply calls for are decided here once. A front
end that cannot do what a button does leaves it out (the console stores no votes). ``python -m bot ask`` prints
the reply's text only (its JSON has the ranked candidates).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.engine.reply import Reply
from knowledge.kb.model import KnowledgeBase

Does = Literal["entry", "topic", "topics", "none_of_these", "didnt_help", "vote_up", "vote_down"]
"""What pressing a button does: show an entry's answer or a topic's questions (``target`` is its id); show the
topics menu; say that none of the "did you mean" options fits, or that a fallback did not help (both reach the
curators' inbox in Telegram); vote on an answer (``target`` is the entry's id)."""

VOTE_UP = "👍"
VOTE_DOWN = "👎"


@dataclass(frozen=True)
class Button:
    label: str
    does: Does
    target: str = ""


@dataclass(frozen=True)
class View:
    html: str
    buttons: tuple[Button, ...] = ()
    """One under the other."""
    footer: tuple[Button, ...] = ()
    """Side by side in a last row (the votes)."""


def view_of(reply: Reply, kb: KnowledgeBase) -> View:
    """The buttons a reply's status calls for: after an answer, its related questions (``reply.MAX_RELATED``),
    "Topics" and the votes (not after small talk); when clarifying, the candidates and "none of these"; a topic's
    questions; the topics after a fallback or on /start and /topics, and "This didn't help" after the honest
    "I don't know" (not after an unknown command's pointer to /help)."""
    lang = reply.lang
    buttons: list[Button] = []
    footer: tuple[Button, ...] = ()
    if reply.status == "clarify":
        buttons += [Button(c.title, "entry", c.entry_id) for c in reply.offered]
        buttons.append(Button(kb.text("none_of_these", lang), "none_of_these"))
    elif reply.entry is not None:
        buttons += [Button(c.title, "entry", c.entry_id) for c in reply.offered]
        if not reply.entry.is_smalltalk:
            buttons.append(Button(kb.text("topics_button", lang), "topics"))
            footer = (Button(VOTE_UP, "vote_up", reply.entry.id), Button(VOTE_DOWN, "vote_down", reply.entry.id))
    else:
        buttons += [Button(c.title, "entry", c.entry_id) for c in reply.offered]
    buttons += [Button(t.title, "topic", t.topic_id) for t in reply.topics]
    if reply.status == "fallback" and reply.topics:
        buttons.append(Button(kb.text("didnt_help", lang), "didnt_help"))
    html = reply.html
    if reply.entry is not None and reply.offered and reply.status == "answer":
        html = f"{html}\n\n<i>{kb.text('related', lang)}</i>"
    return View(html, tuple(buttons), footer)
