"""The inbox's masking, grouping and the curators' reports, without a database."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from bot.storage.inbox import MAX_GROUPED, MAX_QUESTION_CHARS, InboxRow, group, mask
from handlers.reports import GROUPS_SHOWN, inbox_csv, inbox_html, unknown_words
from handlers.store import InboxGroup
from knowledge.engine.pipeline import Engine

NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("question", "stored"),
    [
        ("passport 123456", "passport [number]"),  # six digits: masked
        ("office 12345", "office 12345"),  # five: a number people ask about, kept
        ("call +996 555 123 456 please", "call [number] please"),
        ("ID 1234-5678", "ID [number]"),
        ("the year 2023 and 2027", "the year 2023 and 2027"),
        ("mail me: a.b-c+d@mail.example.kg!", "mail me: [e-mail]!"),
        ("  two\n\nlines\t here ", "two lines here"),
    ],
)
def test_masking(question: str, stored: str) -> None:
    assert mask(question) == stored


def test_masking_cuts_long_questions() -> None:
    assert len(mask("word " * 1000)) == MAX_QUESTION_CHARS


def rows(*questions: str) -> list[InboxRow]:
    return [InboxRow(NOW - dt.timedelta(minutes=n), "en", "fallback", text, None) for n, text in enumerate(questions)]


def test_a_one_word_question_does_not_swallow_every_group() -> None:
    groups = group(rows("IOM", "IOM vacancies", "IOM office address", "IOM budget 2025"))
    assert [g.count for g in groups] == [1, 1, 1, 1]


def test_groups_are_biggest_first_then_latest() -> None:
    groups = group(rows("budget of IOM", "vacancies at IOM", "Vacancies at IOM?", "IOM budget?"))
    assert [(g.count, g.example) for g in groups] == [(2, "budget of IOM"), (2, "vacancies at IOM")]


def test_grouping_reads_only_the_newest_rows() -> None:
    many = rows(*(f"question number {n} about something else entirely {n * 7919}" for n in range(MAX_GROUPED + 5)))
    assert sum(g.count for g in group(many)) == MAX_GROUPED


def test_the_listing_shows_the_biggest_groups_and_counts_the_rest(shipped_engine: Engine) -> None:
    groups = [InboxGroup(1, f"q{n} <x>", "en", NOW, None, (("fallback", 1),)) for n in range(GROUPS_SHOWN + 4)]
    text = inbox_html(groups, shipped_engine, "en", 30)
    assert text.count("1×") == GROUPS_SHOWN and "\n… +4\n" in text
    assert "q0 &lt;x&gt;" in text


def test_the_listing_ends_with_the_words_the_knowledge_base_does_not_know(shipped_engine: Engine) -> None:
    """Each counted as often as its group was asked; what the inbox masked is no word of the user's."""
    groups = [
        InboxGroup(3, "Vacancies at IOM?", "en", NOW, None, (("fallback", 3),)),
        InboxGroup(1, "What is the exact budget of the JWP? Vacancies?", "en", NOW, "jwp", (("clarify", 1),)),
        InboxGroup(2, "Мой телефон [number], вакансии?", "ru", NOW, None, (("fallback", 2),)),
    ]
    expected = [("vacancies", 4), ("вакансии", 2), ("телефон", 2), ("budget", 1)]
    assert unknown_words(groups, shipped_engine) == expected
    last = inbox_html(groups, shipped_engine, "en", 30).splitlines()[-1]
    assert last == (
        "<b>Words the knowledge base does not know</b> (a variant's or a synonym's to add?): "
        "vacancies 4, вакансии 2, телефон 2, budget 1"
    )


def test_csv_cells_never_start_a_formula() -> None:
    risky = ["=1+1", "+cmd", "-2", "@SUM(A1)", "plain"]
    groups = [InboxGroup(1, text, "en", NOW, None, ()) for text in risky]
    examples = [row[3] for row in csv.reader(io.StringIO(inbox_csv(groups)))][1:]
    assert examples == ["'=1+1", "'+cmd", "'-2", "'@SUM(A1)", "plain"]
