"""The offline console chat: the same engine and commands as the Telegram bot, with numbered options for buttons."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from knowledge.engine import Engine
from knowledge.reply import Reply
from knowledge.telegram_html import html_to_text

Choice = Callable[[], Reply | None]


class ConsoleChat:
    def __init__(self, engine: Engine, lang: str | None = None) -> None:
        self._engine = engine
        self._lang = lang
        self._choices: list[Choice] = []

    def run(self, stdin: TextIO, stdout: TextIO) -> None:
        stdout.write(self._engine.text("console_intro", self._lang or "en") + "\n")
        for line in stdin:
            text = line.strip()
            if text in ("/quit", "/exit"):
                break
            if text:
                stdout.write(self.respond(text) + "\n\n")
                stdout.flush()

    def respond(self, text: str) -> str:
        """The rendered reply to one line: a number picks one of the options last shown."""
        if text.isdigit() and 1 <= int(text) <= len(self._choices):
            reply = self._choices[int(text) - 1]()
            return self._render(reply) if reply else self._engine.text("expired", self._lang or "en")
        if text.startswith("/lang "):
            return self._set_language(text.removeprefix("/lang ").strip())
        if text.startswith("/"):
            name, _, args = text[1:].partition(" ")
            return self._render(self._engine.command(name.lower(), args.strip(), self._lang or "en"))
        return self._render(self._engine.ask(text, self._lang))

    def _set_language(self, lang: str) -> str:
        if lang not in self._engine.languages:
            return self._engine.text("lang_prompt", self._lang or "en") + " " + " ".join(self._engine.languages)
        self._lang = lang
        return self._engine.text("lang_set", lang)

    def _render(self, reply: Reply) -> str:
        lang = reply.lang
        lines = [html_to_text(reply.html)]
        self._choices = []
        for candidate in reply.suggestions:
            self._choices.append(lambda entry_id=candidate.entry_id: self._engine.entry_reply(entry_id, lang))
            lines.append(f"  [{len(self._choices)}] {candidate.title}")
        if reply.status == "clarify":
            self._choices.append(lambda: self._engine.fallback_reply(lang, reply.query))
            lines.append(f"  [{len(self._choices)}] {self._engine.text('none_of_these', lang)}")
        for topic in reply.topics:
            self._choices.append(lambda topic_id=topic.topic_id: self._engine.topic_reply(topic_id, lang))
            lines.append(f"  [{len(self._choices)}] {topic.title}")
        return "\n".join(lines)
