"""Long messages: cut to a sane length, then split into the clause windows where a question may hide."""

from __future__ import annotations

import re

MAX_QUERY_CHARS = 1000
"""Longer messages are cut here (at a word boundary) before matching, so a huge paste never slows the engine."""

MAX_WINDOW = 3
"""A question spans at most this many consecutive clauses."""

_CLAUSE_BREAK = re.compile(r"[.!?;:\n…—–]+|,\s+|\s-\s")


def cut(text: str) -> tuple[str, bool]:
    """The text limited to MAX_QUERY_CHARS, and whether anything was cut."""
    if len(text) <= MAX_QUERY_CHARS:
        return text, False
    head = text[:MAX_QUERY_CHARS]
    space = head.rfind(" ")
    return (head[:space] if space > MAX_QUERY_CHARS // 2 else head), True


def windows(text: str) -> list[str]:
    """The whole text when it is one clause; otherwise every run of up to MAX_WINDOW consecutive clauses."""
    clauses = [clause.strip() for clause in _CLAUSE_BREAK.split(text) if clause.strip()]
    if len(clauses) <= 1:
        return [text]
    runs = [
        " ".join(clauses[start : start + size])
        for size in range(1, MAX_WINDOW + 1)
        for start in range(len(clauses) - size + 1)
    ]
    if len(clauses) > MAX_WINDOW:
        runs.append(text)
    return runs
