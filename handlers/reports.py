"""What curators read: the statistics and the grouped inbox as Telegram HTML (``/stats``, ``/unanswered``, and
as plain text from the shell) and as CSV (``/export``, ``python -m bot unanswered --csv``).

Questions are users' words: escaped before they go into HTML, and CSV cells that a spreadsheet would run as a
formula (starting with = + - @) are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from handlers.store import InboxGroup, Stats
from knowledge.engine.pipeline import Engine

QUESTION_CHARS_SHOWN = 200
GROUPS_SHOWN = 30
"""Inbox groups listed in a chat message (the CSV has them all)."""
UNKNOWN_WORDS_SHOWN = 15
"""The words the knowledge base never wrote listed under the inbox, most frequent first."""
_MASKED = re.compile(r"\[[^\]]*\]")
"""What the inbox masked before storing ("[number]", "[e-mail]"): no word of the user's."""
STATUS_NAMES = {
    "answer": "answered",
    "clarify": "did you mean",
    "fallback": "fallback",
    "none_of_these": "none of these",
    "downvote": "👎",
    "didnt_help": "didn't help",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def stats_html(stats: Stats, engine: Engine, lang: str) -> str:
    """The /stats message: questions by reply and language, the most asked entries, votes by entry."""
    votes = ", ".join(f"{html.escape(_title(engine, entry, lang))} {up}/{down}" for entry, up, down in stats.votes)
    return engine.kb.filled(
        "admin_stats",
        lang,
        days=stats.days,
        questions=stats.questions,
        answered=f"{stats.answered_share:.0%}",
        statuses=_pairs((STATUS_NAMES.get(key, key), n) for key, n in stats.by_status),
        languages=_pairs(stats.by_language),
        entries=_pairs((_title(engine, entry, lang), n) for entry, n in stats.top_entries),
        votes=votes or "—",
    )


def inbox_html(groups: Sequence[InboxGroup], engine: Engine, lang: str, days: int) -> str:
    """The /unanswered message: the biggest groups first, each with its count, example and the bot's guess."""
    head = engine.kb.filled(
        "admin_unanswered", lang, days=days, groups=len(groups), questions=sum(g.count for g in groups)
    )
    lines = [head]
    for group in groups[:GROUPS_SHOWN]:
        guess = f" → <i>{html.escape(_title(engine, group.guess, lang))}</i>" if group.guess else ""
        statuses = ", ".join(f"{STATUS_NAMES.get(s, s)} {n}" for s, n in group.statuses)
        example = html.escape(group.example[:QUESTION_CHARS_SHOWN])
        lines.append(f"<b>{group.count}×</b> [{group.lang}] {example}{guess} <code>{html.escape(statuses)}</code>")
    if len(groups) > GROUPS_SHOWN:
        lines.append(f"… +{len(groups) - GROUPS_SHOWN}")
    unknown = unknown_words(groups, engine)
    if unknown:
        words = ", ".join(f"{html.escape(word)} {n}" for word, n in unknown[:UNKNOWN_WORDS_SHOWN])
        lines.append(engine.kb.filled("admin_unknown_words", lang, words=words))
    return "\n".join(lines)


def unknown_words(groups: Sequence[InboxGroup], engine: Engine) -> list[tuple[str, int]]:
    """The words of the inbox's questions the knowledge base never wrote, each counted as often as its group was
    asked, most frequent first: a word many people use and the bot does not know is a variant's or a synonym's
    to add (``knowledge/data/vocabulary.yaml``)."""
    counts: Counter[str] = Counter()
    for group in groups:
        for word in set(engine.unknown_words(_MASKED.sub(" ", group.example))):
            counts[word] += group.count
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def inbox_csv(groups: Sequence[InboxGroup]) -> str:
    """One row per group: count, language, last asked (UTC), example, the bot's guess, statuses."""
    rows = [["count", "language", "last_asked_utc", "example", "guess", "statuses"]]
    for group in groups:
        statuses = "; ".join(f"{status} {n}" for status, n in group.statuses)
        when = f"{group.last_asked:%Y-%m-%d %H:%M}"
        rows.append([str(group.count), group.lang, when, group.example, group.guess or "", statuses])
    return _csv(rows)


def stats_csv(stats: Stats) -> str:
    """The statistics as rows of (section, key, value[, value])."""
    rows = [["section", "key", "value", "value2"], ["questions", "total", str(stats.questions), ""]]
    rows += [["status", key, str(n), ""] for key, n in stats.by_status]
    rows += [["language", key, str(n), ""] for key, n in stats.by_language]
    rows += [["entry", key, str(n), ""] for key, n in stats.top_entries]
    rows += [["votes", entry or "(fallback)", str(up), str(down)] for entry, up, down in stats.votes]
    return _csv(rows)


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return buffer.getvalue()


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _pairs(pairs: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{html.escape(key)} {n}" for key, n in pairs) or "—"


def _title(engine: Engine, entry_id: str | None, lang: str) -> str:
    """The entry's title in ``lang`` (its id if the entry no longer exists; "fallback" for the empty id)."""
    if not entry_id:
        return "fallback"
    entry = engine.kb.entry(entry_id)
    return entry.title[lang] if entry is not None else entry_id
