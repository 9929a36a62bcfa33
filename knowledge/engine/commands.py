"""How the engine answers a command (the table is ``knowledge/kb/commands.py``): the same reply in Telegram,
the console and ``python -m bot ask``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from knowledge.engine.reply import Replies, Reply
from knowledge.kb.commands import BY_NAME
from knowledge.text.clauses import asking_parts

Ask = Callable[[str, str], Reply]
"""The engine's answer to a question in a language."""


class Commands:
    def __init__(self, replies: Replies, ask: Ask) -> None:
        self._replies = replies
        self._ask = ask

    def resolve(self, name: str) -> str:
        """The command an alias of ``vocabulary.yaml`` stands for ("помощь" is help), or ``name`` itself."""
        return self._replies.kb.vocabulary.command_aliases.get(name, name)

    def answer(self, name: str, args: str, lang: str) -> Reply:
        """A bot command; an unknown one is read as a question, and gets a pointer to /help rather than an error
        when it is none the bot can answer, and so are the words after /help or /topics when they ask what the
        bot can answer. A command that needs the Telegram bot's store (/privacy, /forget, an administrator's) is
        one this front end does not have: never read as a question, never revealed."""
        replies = self._replies
        lang = replies.language(lang)
        query = f"/{name} {args}".strip()
        name = self.resolve(name)
        command = BY_NAME.get(name)
        answered_by = command.answered_by if command is not None else None
        if answered_by == "greeting":
            deep_link = replies.entry(args, lang) if args else None
            return deep_link or replies.menu(query, "greeting", lang)
        if answered_by == "entry":
            # the command names the subject its words ask about: "/framework info", "/about МОМ"
            asked = self._ask(f"{name} {args}", lang) if args else None
            if asked is not None and asked.status == "answer":
                return asked
            entry = replies.kb.entry_for_command(name)
            if entry is not None:
                return replace(replies.answer(query, entry, lang, 1.0, ()), reason=f"answer: the command /{name}")
        if answered_by in ("text", "topics") and asking_parts(args):
            # "/help is green development one of the priorities" asks a question: its answer, when the bot has
            # one (not "/help жардам", which asks nothing, nor small talk: "/help what can you do")
            asked = self._ask(args, lang)
            if asked.status == "answer" and asked.entry is not None and not asked.entry.is_smalltalk:
                return asked
        if answered_by in ("text", "language"):
            key = name if answered_by == "text" else "lang_prompt"  # /help shows the interface text "help"
            why = f"answer: the command /{name}"
            return Reply(query=query, status="answer", lang=lang, html=replies.text(key, lang), reason=why)
        if answered_by == "topics":
            return replies.menu(query, "topics", lang, listed=True)
        if answered_by in ("store", "admin"):
            why = f"fallback: /{name} is the Telegram bot's only"
        else:
            # "/приоритеты", "/about_iom": a command the bot does not have may still name what it knows; read as a
            # question, never as another command ("/ / / …" would recurse)
            asked = self._ask(f"{name.replace('_', ' ')} {args}".lstrip("/ \t\n"), lang)
            if asked.status == "answer":
                return asked
            why = f"fallback: no command /{name[:32]}, nor a question the bot can answer"
        return Reply(query=query, status="fallback", lang=lang, html=replies.text("unknown_command", lang), reason=why)
