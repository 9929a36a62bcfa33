"""The bot's commands, in one table, and the one way a command message is read.

Every front end (Telegram, the console, ``python -m bot ask``) and the knowledge base's checks take the commands
from here: Telegram's command menu (``in_menu``, described by the interface text ``cmd_<name>``), the
commands an entry may claim (``answered_by == "entry"``: the entry's ``commands:`` field), the commands an alias
in ``vocabulary.yaml`` may stand for, and the administrators' commands, which are never shown or read as
questions. How each is answered is ``knowledge/engine/commands.py`` (the engine's) or the Telegram handlers'
(the language buttons, and what needs the store: /privacy, /forget and the administrators' commands, which the
console and ``ask`` answer as commands they do not have).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Answerer = Literal["greeting", "text", "topics", "entry", "language", "store", "admin"]
"""How a command is answered: the greeting with the topics (and a deep link's entry); an interface text; the
topics menu; the entry that claims it (its words asked as a question first, "/about МОМ"); the language
choice; what the Telegram bot stores about the user (/privacy, /forget); an administrator's report."""


@dataclass(frozen=True)
class Command:
    name: str
    answered_by: Answerer
    in_menu: bool = False
    """Shown in Telegram's command menu, in this table's order, described by the interface text ``cmd_<name>``."""

    @property
    def description_key(self) -> str:
        return f"cmd_{self.name}"

    @property
    def takes_words(self) -> bool:
        """Whether the text after it is words, which set the reply's language ("/help помогите"), rather than a
        deep link's payload ("/start iom_what")."""
        return self.answered_by != "greeting"


COMMANDS: tuple[Command, ...] = (
    Command("start", "greeting", in_menu=True),
    Command("help", "text", in_menu=True),
    Command("topics", "topics", in_menu=True),
    Command("priorities", "entry", in_menu=True),
    Command("about", "entry", in_menu=True),
    Command("framework", "entry", in_menu=True),
    Command("lang", "language", in_menu=True),
    Command("privacy", "store", in_menu=True),
    Command("forget", "store"),
    Command("reload", "admin"),
    Command("stats", "admin"),
    Command("unanswered", "admin"),
    Command("export", "admin"),
)

BY_NAME = {command.name: command for command in COMMANDS}
MENU_COMMANDS = tuple(command.name for command in COMMANDS if command.in_menu)
"""The public command menu, in the order Telegram shows it."""
ENTRY_COMMANDS = tuple(command.name for command in COMMANDS if command.answered_by == "entry")
"""The commands an entry claims in the knowledge base (its ``commands`` field)."""
ALIASED_COMMANDS = tuple(command.name for command in COMMANDS if command.answered_by not in ("store", "admin"))
"""The commands an alias in ``vocabulary.yaml`` may stand for ("/помощь" is /help)."""
ADMIN_COMMANDS = tuple(command.name for command in COMMANDS if command.answered_by == "admin")
"""Only for the user ids in ADMIN_USER_IDS; to anyone else, and outside Telegram, an unknown command."""
DESCRIBED = tuple(BY_NAME[name].description_key for name in MENU_COMMANDS)
"""The interface texts that describe the menu's commands (ui.yaml must have each)."""


@dataclass(frozen=True)
class CommandText:
    """A message read as a command: ``/about@IomBot  МОМ`` is ``about`` with the words ``МОМ``."""

    name: str
    """Lower case, without the leading "/" and the "@botname"."""
    args: str
    """The words after the command, stripped ("" when none)."""
    addressed_to: str
    """The bot's user name after "@" as written ("" when none): in a group, a command for another bot."""


def parse_command(text: str) -> CommandText | None:
    """The command a message starts with, or None when it does not start with "/"."""
    text = text.strip()
    if not text.startswith("/"):
        return None
    head, *rest = text.split(maxsplit=1)  # the words may follow a space, a tab or a new line ("/help\nпомогите")
    name, _, addressed_to = head[1:].partition("@")
    return CommandText(name.lower(), rest[0].strip() if rest else "", addressed_to)
