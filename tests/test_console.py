"""The offline console chat: ``python -m bot`` without a token, driven through stdin like a user would.

The whole-process test runs the real command; the others drive ``ConsoleChat`` in memory for the paths a
scripted session cannot reach cheaply. Expected texts come from the shipped knowledge base.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.curation.console import ConsoleChat
from knowledge.engine.bands import Thresholds
from knowledge.engine.pipeline import Engine
from knowledge.kb.telegram_html import html_to_text

TIMEOUT = 60


def console_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "TELEGRAM_BOT_TOKEN"}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def assert_in_order(output: str, *parts: str) -> None:
    """Each part occurs in ``output``, after the previous one."""
    position = 0
    for part in parts:
        found = output.find(part, position)
        assert found >= 0, f"{part!r} not found after position {position} in:\n{output}"
        position = found + len(part)


def text(engine: Engine, entry_id: str, lang: str) -> str:
    entry = engine.kb.entry(entry_id)
    assert entry is not None
    return html_to_text(entry.answer[lang])


def test_a_console_session_through_stdin(shipped_engine: Engine, tmp_path: Path) -> None:
    engine = shipped_engine
    founded = engine.kb.entry("iom_founded")
    assert founded is not None and founded.related, "the session picks the first related question"
    first_related = engine.kb.entry(founded.related[0])
    assert first_related is not None
    members = engine.kb.entry("iom_members")
    assert members is not None
    session = "\n".join(
        [
            "When was IOM founded?",
            "1",
            "/lang ru",
            "How many member states does IOM have?",
            "/help",
            "/quit",
            "When was IOM founded?",  # after /quit: never read
        ]
    )
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        input=session + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=console_env(),
        cwd=tmp_path,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout
    assert_in_order(
        out,
        engine.text("console_intro", "en"),
        # the question: its answer, then the related questions as numbered options
        text(engine, "iom_founded", "en"),
        f"  [1] {first_related.title['en']}",
        # "1" presses the first option
        text(engine, first_related.id, "en"),
        # /lang ru: confirmed in Russian; from now on answers are in Russian, whatever the question's language
        engine.text("lang_set", "ru"),
        text(engine, "iom_members", "ru"),
        f"  [1] {engine.kb.entry(members.related[0]).title['ru']}",  # type: ignore[union-attr]
        html_to_text(engine.text("help", "ru")),
    )
    assert "1951" in out and "175" in out
    assert out.count(text(engine, "iom_founded", "en")) == 1, "nothing after /quit is answered"
    assert "<b>" not in out and "</" not in out, "markup is removed in the console"


def run(chat: ConsoleChat, *lines: str) -> str:
    out = io.StringIO()
    chat.run(io.StringIO("".join(line + "\n" for line in lines)), out)
    return out.getvalue()


def test_topics_and_their_questions_are_numbered_options(shipped_engine: Engine) -> None:
    engine = shipped_engine
    topic = engine.kb.topics[0]
    entry_id = topic.entry_ids[0]
    out = run(ConsoleChat(engine), "/start", "1", "1")
    assert_in_order(
        out,
        html_to_text(engine.text("greeting", "en")),
        f"  [1] {topic.title['en']}",
        f"  [{len(engine.kb.topics)}] {engine.kb.topics[-1].title['en']}",
        topic.title["en"],  # the topic's own listing
        f"  [1] {engine.kb.entry(entry_id).title['en']}",  # type: ignore[union-attr]
        text(engine, entry_id, "en"),
    )


def test_did_you_mean_offers_the_candidates_and_none_of_these(shipped_engine: Engine) -> None:
    unsure = Engine(shipped_engine.kb, Thresholds(answer=2.0, margin=0.0, clarify=0.0, clear_lead=0.0))
    chat = ConsoleChat(unsure)
    shown = chat.respond("When was IOM founded?")
    options = [line for line in shown.splitlines() if line.startswith("  [")]
    assert shown.startswith(unsure.text("clarify", "en"))
    assert options[-1] == f"  [{len(options)}] {unsure.text('none_of_these', 'en')}"
    assert options[0] == f"  [1] {unsure.kb.entry('iom_founded').title['en']}"  # type: ignore[union-attr]
    assert chat.respond("1").startswith(text(unsure, "iom_founded", "en"))
    chat.respond("When was IOM founded?")
    assert chat.respond(str(len(options))).startswith(unsure.text("fallback", "en"))


def test_lang_commands(shipped_engine: Engine) -> None:
    chat = ConsoleChat(shipped_engine)
    prompt = shipped_engine.text("lang_prompt", "en")
    assert chat.respond("/lang") == f"{prompt} en ru ky"
    assert chat.respond("/lang de") == f"{prompt} en ru ky"
    assert chat.respond("/lang KY") == shipped_engine.text("lang_set", "ky")
    assert chat.respond("/help@IomFaqBot") == html_to_text(shipped_engine.text("help", "ky"))
    assert chat.respond("Когда была основана МОМ?").startswith(text(shipped_engine, "iom_founded", "ky"))


def test_after_the_language_prompt_a_bare_code_picks_the_language(shipped_engine: Engine) -> None:
    chat = ConsoleChat(shipped_engine)
    assert chat.respond("ru") != shipped_engine.text("lang_set", "ru")  # without the prompt it is a question
    chat.respond("/lang")
    assert chat.respond("ru") == shipped_engine.text("lang_set", "ru")
    assert chat.respond("ky") != shipped_engine.text("lang_set", "ky")  # only right after the prompt


def test_words_after_a_command_set_its_language_as_in_telegram(shipped_engine: Engine) -> None:
    chat = ConsoleChat(shipped_engine)
    assert chat.respond("/help помогите") == html_to_text(shipped_engine.text("help", "ru"))
    assert chat.respond("/help") == html_to_text(shipped_engine.text("help", "en"))
    chat.respond("/lang ky")
    assert chat.respond("/help помогите") == html_to_text(shipped_engine.text("help", "ky"))


@pytest.mark.parametrize("line", ["7", "0", "²", "99999999999999999999"])
def test_a_number_that_is_no_option_is_just_a_message(shipped_engine: Engine, line: str) -> None:
    chat = ConsoleChat(shipped_engine)
    shown = chat.respond("When was IOM founded?")
    assert "  [1] " in shown and "  [7] " not in shown
    assert chat.respond(line) == ConsoleChat(shipped_engine).respond(line)


def test_the_session_ends_at_the_end_of_input_and_skips_blank_lines(shipped_engine: Engine) -> None:
    out = run(ConsoleChat(shipped_engine), "", "   ", "/topics")
    assert out.count(shipped_engine.text("topics", "en")) == 1
    assert out.startswith(shipped_engine.text("console_intro", "en") + "\n")


def test_the_console_shows_the_buttons_telegram_shows_but_the_feedback(shipped_engine: Engine) -> None:
    """Both render one view (knowledge/engine/view.py): an answer's related questions under the "related" line,
    then "Topics"; the votes and "This didn't help" only reach the curators from Telegram, so not here."""
    chat = ConsoleChat(shipped_engine)
    entry = shipped_engine.kb.entry("iom_founded")
    assert entry is not None
    lines = chat.respond("When was IOM founded?").splitlines()
    titles = [shipped_engine.replies.candidate(entry_id, "en").title for entry_id in entry.related[:3]]
    related = [f"  [{n}] {title}" for n, title in enumerate(titles, 1)]
    topics_button = f"  [{len(related) + 1}] {shipped_engine.text('topics_button', 'en')}"
    assert lines[-len(related) - 2 :] == [html_to_text(shipped_engine.text("related", "en")), *related, topics_button]
    assert chat.respond(str(len(related) + 1)).startswith(html_to_text(shipped_engine.text("topics", "en")))
    fallback = chat.respond("What is the weather in Paris?")
    assert shipped_engine.text("didnt_help", "en") not in fallback and "👍" not in fallback


def test_a_command_alias_for_the_language_sets_it_in_the_console(shipped_engine: Engine) -> None:
    chat = ConsoleChat(shipped_engine)
    assert chat.respond("/язык ru") == shipped_engine.text("lang_set", "ru")
