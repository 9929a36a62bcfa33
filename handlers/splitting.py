"""Splitting an HTML message into pieces Telegram accepts (at most 4096 characters each).

Cuts prefer paragraph boundaries, then line breaks, then spaces; a cut never falls inside a tag or an entity,
and tags open at a cut are closed at the end of one piece and reopened at the start of the next, so every
piece is valid HTML on its own. Lengths are counted in UTF-16 code units of the markup, which is never less
than what Telegram counts (the text after parsing), so a piece can never be refused as too long.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from knowledge.kb.telegram_html import html_to_text

TELEGRAM_LIMIT = 4096
MIN_LIMIT = 16

_ATOM = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>|&#?\w+;|[\s\S]""")
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][\w-]*)")

_PARAGRAPH_AT_TOP, _PARAGRAPH, _LINE, _WORD, _ANYWHERE = 4, 3, 2, 1, 0


@dataclass(frozen=True)
class _Cut:
    position: int
    open_tags: tuple[tuple[str, str], ...]  # (name, opening tag as written), outermost first


def utf16_length(text: str) -> int:
    """Length as Telegram measures it (characters outside the BMP count twice)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def split_html(markup: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """``markup`` in pieces of at most ``limit`` UTF-16 units, each well-formed; [] for blank input.

    Formatting is dropped only where tags alone would not fit in ``limit`` (at least MIN_LIMIT).
    """
    if limit < MIN_LIMIT:
        raise ValueError(f"limit must be at least {MIN_LIMIT}")
    pieces: list[str] = []
    rest = markup.strip()
    while utf16_length(rest) > limit:
        cut = _best_cut(rest, limit)
        if cut is None:  # the tags alone leave no room: keep the words, drop the formatting
            rest = html.escape(html_to_text(rest), quote=False)
            continue
        closing = "".join(f"</{name}>" for name, _ in reversed(cut.open_tags))
        reopening = "".join(tag for _, tag in cut.open_tags)
        pieces.append(rest[: cut.position].rstrip() + closing)
        rest = reopening + rest[cut.position :].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _best_cut(markup: str, limit: int) -> _Cut | None:
    """The latest cut of the best kind (paragraph > line > word > anywhere) whose piece fits ``limit``."""
    best: dict[int, _Cut] = {}
    stack: list[tuple[str, str]] = []
    size = 0
    seen_text = False
    previous_is_text = False
    for atom in _ATOM.finditer(markup):
        if seen_text and previous_is_text:
            closing = sum(len(name) + 3 for name, _ in stack)
            if size + closing > limit:
                break
            best[_kind(markup, atom.start(), bool(stack))] = _Cut(atom.start(), tuple(stack))
        token = atom.group()
        size += utf16_length(token)
        previous_is_text = not _is_tag(token)
        if previous_is_text:
            seen_text = seen_text or not token.isspace()
        else:
            _track(token, stack)
    return best[max(best)] if best else None


def _kind(markup: str, position: int, nested: bool) -> int:
    before = markup[max(position - 2, 0) : position]
    if before == "\n\n":
        return _PARAGRAPH if nested else _PARAGRAPH_AT_TOP
    if before.endswith("\n"):
        return _LINE
    return _WORD if before[-1:].isspace() else _ANYWHERE


def _is_tag(token: str) -> bool:
    return len(token) > 1 and token.startswith("<")


def _track(tag: str, stack: list[tuple[str, str]]) -> None:
    """Push an opening tag, pop its closing one (markup is assumed well-nested, as html_problems checks)."""
    match = _TAG_NAME.match(tag)
    if match is None:
        return
    name = match.group(1).lower()
    if tag.startswith("</"):
        for index in range(len(stack) - 1, -1, -1):
            if stack[index][0] == name:
                del stack[index:]
                break
    else:
        stack.append((name, tag))
