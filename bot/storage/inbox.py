"""The curators' inbox, before and after the database: masking what people type about themselves before a
question is stored, and grouping questions asked in similar words so one need shows as one line with a count.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from handlers.store import InboxGroup
from knowledge.text.fold import tokens

MAX_QUESTION_CHARS = 1_000
SIMILAR = 80.0
"""rapidfuzz ``token_sort_ratio`` (0–100) from which two normalised questions join one group: "vacancies at IOM"
and "any vacancies at IOM?" do, "IOM office address" and "IOM vacancies" do not. (``token_set_ratio`` would
put a one-word question in every group containing that word.)"""
MAX_GROUPED = 5_000
"""The newest inbox rows grouped for one listing; older ones still count in /stats."""

_LONG_NUMBER = re.compile(r"\+?\d(?:[\s\-./]?\d){5,}")
"""Six or more digits, also written in groups ("AN 1234 567", "+996 555 123 456"): passports, phones, ids."""
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
NUMBER_MASK = "[number]"
EMAIL_MASK = "[e-mail]"


def mask(question: str) -> str:
    """The question as stored: e-mail addresses and digit runs of 6 or more replaced, whitespace tidied,
    cut to ``MAX_QUESTION_CHARS``."""
    text = _EMAIL.sub(EMAIL_MASK, question)
    text = _LONG_NUMBER.sub(NUMBER_MASK, text)
    return " ".join(text.split())[:MAX_QUESTION_CHARS]


@dataclass(frozen=True)
class InboxRow:
    asked: dt.datetime
    lang: str
    status: str
    question: str
    guess: str | None


def group(rows: Iterable[InboxRow]) -> list[InboxGroup]:
    """Rows grouped by similar normalised text, biggest groups first (then the most recently asked).

    Greedy: each question joins the first group whose first question it resembles (``SIMILAR``), newest rows
    first, so each group's example is its latest wording."""
    anchors: list[str] = []
    groups: list[list[InboxRow]] = []
    for row in sorted(rows, key=lambda r: r.asked, reverse=True)[:MAX_GROUPED]:
        key = " ".join(tokens(row.question))
        found = process.extractOne(key, anchors, scorer=fuzz.token_sort_ratio, score_cutoff=SIMILAR)
        if found is None:
            anchors.append(key)
            groups.append([row])
        else:
            groups[found[2]].append(row)
    result = [_summary(members) for members in groups]
    return sorted(result, key=lambda g: (-g.count, -g.last_asked.timestamp()))


def _summary(members: list[InboxRow]) -> InboxGroup:
    latest = members[0]
    guesses = Counter(row.guess for row in members if row.guess)
    statuses = Counter(row.status for row in members)
    return InboxGroup(
        count=len(members),
        example=latest.question,
        lang=latest.lang,
        last_asked=latest.asked,
        guess=guesses.most_common(1)[0][0] if guesses else None,
        statuses=tuple(sorted(statuses.items(), key=lambda item: (-item[1], item[0]))),
    )
