"""The offline console chat: the engine and commands of the Telegram bot, numbered options for its buttons.

At a terminal, lines are read with ``readline`` (arrow keys edit the line and walk the history) where Python has
it; piped input is read as it comes."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import TextIO

from knowledge.engine.pipeline import Engine
from knowledge.engine.reply import Reply
from knowledge.engine.view import Button, view_of
from knowledge.kb.commands import parse_command
from knowledge.kb.telegram_html import html_to_text

Choice = Callable[[], Reply | None]


class ConsoleChat:
    def __init__(self, engine: Engine, lang: str | None = None) -> None:
        self._engine = engine
        self._lang = lang
        self._choices: list[Choice] = []
        self._choosing_language = False
        """The language prompt was shown: a bare "ru" picks Russian (there are no buttons to press)."""

    def run(self, stdin: TextIO, stdout: TextIO) -> None:
        """Chats until /quit, /exit, end of input or Ctrl-C."""
        stdout.write(self._engine.text("console_intro", self._lang or "en") + "\n")
        read = _terminal_reader() if stdin is sys.stdin and stdin.isatty() and stdout is sys.stdout else None
        try:
            while True:
                if read is not None:
                    try:
                        line = read("> ") + "\n"
                    except EOFError:
                        line = ""
                else:
                    line = stdin.readline()
                text = line.strip()
                if not line or text in ("/quit", "/exit"):
                    break
                if text:
                    stdout.write(self.respond(text) + "\n\n")
        except KeyboardInterrupt:
            stdout.write("\n")
        stdout.flush()

    def respond(self, text: str) -> str:
        """The rendered reply to one line: a number picks one of the options last shown (the buttons)."""
        lang = self._lang or "en"
        choosing, self._choosing_language = self._choosing_language, False
        if choosing and text.lower() in self._engine.languages:
            return self._set_language(text.lower())
        if text.isdecimal() and 1 <= int(text) <= len(self._choices):
            reply = self._choices[int(text) - 1]()
            return self._render(reply) if reply else self._engine.text("expired", lang)
        command = parse_command(text)
        if command is not None and self._engine.resolve_command(command.name) == "lang":  # no buttons: a list
            return self._set_language(command.args.lower())
        # commands too: their words set the reply's language as in Telegram ("/help помогите")
        return self._render(self._engine.ask(text, self._lang))

    def _set_language(self, lang: str) -> str:
        if lang not in self._engine.languages:
            self._choosing_language = True
            prompt = self._engine.text("lang_prompt", self._lang or "en")
            return f"{prompt} {' '.join(self._engine.languages)}"
        self._lang = lang
        return self._engine.text("lang_set", lang)

    def _render(self, reply: Reply) -> str:
        """The reply's view (``knowledge/engine/view.py``) as text, its buttons as numbered options; the console
        keeps no feedback for the curators, so the votes and "This didn't help" are left out."""
        view = view_of(reply, self._engine.kb)
        lines = [html_to_text(view.html)]
        self._choices = []
        for button in view.buttons:
            choice = self._choice(button, reply)
            if choice is not None:
                self._choices.append(choice)
                lines.append(f"  [{len(self._choices)}] {button.label}")
        return "\n".join(lines)

    def _choice(self, button: Button, reply: Reply) -> Choice | None:
        engine, lang = self._engine, reply.lang
        if button.does == "entry":
            return partial(engine.entry_reply, button.target, lang)
        if button.does == "topic":
            return partial(engine.topic_reply, button.target, lang)
        if button.does == "topics":
            return partial(engine.command, "topics", "", lang)
        if button.does == "none_of_these":
            return partial(engine.fallback_reply, lang, reply.query)
        return None


def _terminal_reader() -> Callable[[str], str]:
    """``input`` with line editing and history when the ``readline`` module exists (not on Windows)."""
    with suppress(ImportError):
        import readline  # noqa: F401 - importing it is what gives input() editing and history
    return input
