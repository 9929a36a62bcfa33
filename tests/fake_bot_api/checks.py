"""The rules the real Bot API enforces on what a bot sends, with Telegram's own error descriptions.

Each check returns None when Telegram would accept the value, else the ``description`` of its 400 answer.
"""

from __future__ import annotations

import re
from typing import Any

from knowledge.kb.telegram_html import html_problems, html_to_text

MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
MAX_BUTTONS = 100
MAX_INLINE_RESULTS = 50
MAX_RESULT_ID = 64
MAX_CALLBACK_ANSWER = 200
MAX_DESCRIPTION = 512
MAX_SHORT_DESCRIPTION = 120
MAX_COMMANDS = 100
COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
LANGUAGE_CODE = re.compile(r"[a-z]{2}")
START_PARAMETER = re.compile(r"[A-Za-z0-9_-]{1,64}")
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def visible_text(text: str, parse_mode: str | None) -> str:
    return html_to_text(text) if (parse_mode or "").upper() == "HTML" else text


def text_problem(text: Any, parse_mode: str | None, empty: str = "Bad Request: message text is empty") -> str | None:
    """Telegram's checks of a message text: parseable entities, not empty, at most 4096 characters."""
    if not isinstance(text, str):
        return empty
    if (parse_mode or "").upper() == "HTML":
        problems = html_problems(text)
        if problems:
            return f"Bad Request: can't parse entities: {problems[0]}"
    elif parse_mode:
        return f"Bad Request: unsupported parse_mode {parse_mode!r} in this fake server"
    shown = visible_text(text, parse_mode)
    if not shown.strip():
        return empty
    if utf16_length(shown) > MAX_TEXT:
        return "Bad Request: message is too long"
    return None


def markup_problem(markup: Any) -> str | None:
    """An inline keyboard: at most 100 buttons, each with a label and 1-64 bytes of callback_data or a URL."""
    if markup is None:
        return None
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        return "Bad Request: can't parse reply keyboard markup JSON object"
    buttons = [button for row in rows for button in row]
    if len(buttons) > MAX_BUTTONS:
        return "Bad Request: reply markup is too long"
    for button in buttons:
        if not isinstance(button, dict) or not str(button.get("text", "")).strip():
            return "Bad Request: text buttons are unallowed in the inline keyboard"
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
            return "Bad Request: BUTTON_DATA_INVALID"
        if data is None and not any(key in button for key in ("url", "switch_inline_query", "copy_text")):
            return 'Bad Request: can\'t find field "callback_data"'
    return None


def inline_results_problem(results: Any) -> str | None:
    """answerInlineQuery: at most 50 results, unique ids of 1-64 bytes, each message valid."""
    if not isinstance(results, list):
        return "Bad Request: can't parse inline query results JSON object"
    if len(results) > MAX_INLINE_RESULTS:
        return "Bad Request: RESULTS_TOO_MUCH"
    seen: set[str] = set()
    for result in results:
        result_id = str(result.get("id", ""))
        if not 1 <= len(result_id.encode()) <= MAX_RESULT_ID:
            return "Bad Request: RESULT_ID_INVALID"
        if result_id in seen:
            return "Bad Request: RESULT_ID_DUPLICATE"
        seen.add(result_id)
        if not str(result.get("title", "")).strip():
            return "Bad Request: RESULT_TITLE_EMPTY"
        content = result.get("input_message_content") or {}
        problem = text_problem(content.get("message_text"), content.get("parse_mode"), "Bad Request: MESSAGE_EMPTY")
        if problem:
            return problem
        problem = markup_problem(result.get("reply_markup"))
        if problem:
            return problem
    return None


def commands_problem(commands: Any, language_code: str | None) -> str | None:
    if language_code and not LANGUAGE_CODE.fullmatch(language_code):
        return "Bad Request: invalid language code specified"
    if not isinstance(commands, list) or len(commands) > MAX_COMMANDS:
        return "Bad Request: too many commands specified"
    for command in commands:
        if not COMMAND_NAME.fullmatch(str(command.get("command", ""))):
            return "Bad Request: BOT_COMMAND_INVALID"
        if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
            return "Bad Request: command description is empty or too long"
    return None


def description_problem(text: Any, limit: int, language_code: str | None) -> str | None:
    if language_code and not LANGUAGE_CODE.fullmatch(language_code):
        return "Bad Request: invalid language code specified"
    if not isinstance(text, str) or len(text) > limit:
        return "Bad Request: description is too long"
    return None
