"""Every command, in English, Russian and Kyrgyz, through the real Application and the fake Telegram."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest

from bot.cli import main
from bot.curation.console import ConsoleChat
from knowledge.engine.pipeline import Engine
from knowledge.kb.commands import ADMIN_COMMANDS, parse_command
from knowledge.kb.telegram_html import html_to_text
from tests.fake_bot_api.harness import ADMIN_ID, BotHarness, launch, person
from tests.fake_bot_api.server import FakeBotApi

LANGUAGES = ("en", "ru", "ky")
ADMIN = tuple(f"/{name}" for name in ADMIN_COMMANDS)
"""The administrators' commands of the table: a new one is tested here without a change."""


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_start_greets_in_the_app_language_with_the_topics_menu(
    bot: BotHarness, shipped_engine: Engine, lang: str
) -> None:
    [reply] = await bot.say(person(1000, lang), "/start")
    greeting = shipped_engine.command("start", lang=lang)
    assert reply.html == greeting.html
    assert [label for label, _ in reply.buttons] == [topic.title for topic in greeting.topics]
    assert all(data.startswith("1|t|") and data.endswith(f"|{lang}") for _, data in reply.buttons)
    assert reply.link_preview_disabled


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["help", "topics", "priorities", "about", "framework"])
async def test_each_command_in_each_language(bot: BotHarness, shipped_engine: Engine, lang: str, name: str) -> None:
    [reply] = await bot.say(person(1001, lang), f"/{name}")
    assert reply.html.startswith(shipped_engine.command(name, lang=lang).html)


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_lang_command_offers_the_three_languages(bot: BotHarness, shipped_engine: Engine, lang: str) -> None:
    [reply] = await bot.say(person(1002, lang), "/lang")
    assert reply.html == shipped_engine.text("lang_prompt", lang)
    assert reply.buttons == [(shipped_engine.text("lang_name", code), f"1|l|{code}") for code in LANGUAGES]


async def test_unsupported_app_language_falls_back_to_the_default(bot: BotHarness, shipped_engine: Engine) -> None:
    [reply] = await bot.say(person(1003, "de"), "/help")
    assert reply.html == shipped_engine.text("help", "en")


async def test_command_with_bot_name_suffix(bot: BotHarness, shipped_engine: Engine) -> None:
    [reply] = await bot.say(person(1004, "ru"), f"/help@{bot.fake.bot_username}")
    assert reply.html == shipped_engine.text("help", "ru")


async def test_command_with_arguments_works_like_asking(bot: BotHarness, shipped_engine: Engine) -> None:
    [reply] = await bot.say(person(1005, "en"), "/about Когда основана МОМ?")
    expected = shipped_engine.ask("Когда основана МОМ?")
    assert expected.status == "answer" and expected.lang == "ru"
    assert reply.html.startswith(expected.html)


async def test_deep_link_opens_the_entry(bot: BotHarness, shipped_engine: Engine) -> None:
    [reply] = await bot.say(person(1006, "ky"), "/start iom_founded")
    entry = shipped_engine.kb.entry("iom_founded")
    assert entry is not None
    assert reply.html.startswith(entry.answer["ky"])


async def test_deep_link_to_an_unknown_entry_greets(bot: BotHarness, shipped_engine: Engine) -> None:
    [reply] = await bot.say(person(1007, "en"), "/start no_such_entry")
    assert reply.html == shipped_engine.text("greeting", "en")


async def test_unknown_command_points_to_help(bot: BotHarness, shipped_engine: Engine) -> None:
    [reply] = await bot.say(person(1008, "ky"), "/weather")
    assert reply.html == shipped_engine.text("unknown_command", "ky")
    [reply] = await bot.say(person(1008, "ky"), "/weather tomorrow in Bishkek")  # its words are English
    assert reply.html == shipped_engine.text("unknown_command", "en")


@pytest.mark.parametrize(
    ("command", "key", "lang"),
    [
        ("/help помогите пожалуйста", "help", "ru"),
        ("/topics темалар кайсы", "topics", "ky"),
        ("/help please", "help", "en"),
    ],
)
async def test_words_after_a_command_set_the_reply_language(
    bot: BotHarness, shipped_engine: Engine, command: str, key: str, lang: str
) -> None:
    app_language = "en" if lang != "en" else "ru"
    [reply] = await bot.say(person(1014, app_language), command)
    assert reply.html.startswith(shipped_engine.text(key, lang))
    assert shipped_engine.ask(command).lang == lang  # the console and the CLI say the same


async def test_a_question_after_help_or_topics_gets_its_answer(bot: BotHarness, shipped_engine: Engine) -> None:
    """A question the bot can answer after /help ("/help is green development one of the priorities") gets the
    answer, where "/help жардам" asks nothing and gets the help."""
    green = shipped_engine.kb.entry("p_green")
    assert green is not None
    [reply] = await bot.say(person(1016, "en"), "/help is green development one of the priorities")
    assert reply.html.startswith(green.answer["en"])
    [reply] = await bot.say(person(1016, "en"), "/topics зелёное развитие это приоритет?")
    assert reply.html.startswith(green.answer["ru"])
    [reply] = await bot.say(person(1016, "en"), "/help жардам")  # "help" (or "aid") asks nothing
    assert reply.html == shipped_engine.text("help", "ky")


async def test_a_chosen_language_beats_the_words_after_a_command(bot: BotHarness, shipped_engine: Engine) -> None:
    user = person(1015, "en")
    await bot.say(user, "/lang ky")
    [reply] = await bot.say(user, "/help помогите")
    assert reply.html == shipped_engine.text("help", "ky")


async def test_a_command_the_bot_does_not_have_is_read_as_a_question(bot: BotHarness, shipped_engine: Engine) -> None:
    priorities = shipped_engine.kb.entry("priorities")
    assert priorities is not None
    [reply] = await bot.say(person(1012, "ru"), "/приоритеты")
    assert reply.html.startswith(priorities.answer["ru"])
    [reply] = await bot.say(person(1013, "ky"), "/жардам")
    assert reply.html == shipped_engine.text("help", "ky")


async def test_admin_commands_are_hidden_from_other_users(bot: BotHarness, shipped_engine: Engine) -> None:
    for command in ADMIN:
        [reply] = await bot.say(person(1009, "en"), command)
        assert reply.html == shipped_engine.text("unknown_command", "en")


async def test_admin_commands_work_only_in_a_private_chat(bot: BotHarness, shipped_engine: Engine) -> None:
    group = bot.fake.chat(-1011, "supergroup")
    admin = person(ADMIN_ID, "en")
    for command in ADMIN:
        [reply] = await bot.say(admin, f"{command}@{bot.fake.bot_username}", group)
        assert reply.html == shipped_engine.text("unknown_command", "en")
    [private] = await bot.say(admin, "/unanswered")
    assert private.html != shipped_engine.text("unknown_command", "en")


async def test_admin_commands_in_a_group_look_like_any_unknown_command(bot: BotHarness, shipped_engine: Engine) -> None:
    group = bot.fake.chat(-1010, "supergroup")
    user = person(1010, "ru")
    for command in (*ADMIN, "/weather"):
        assert await bot.say(user, command, group) == []
        [reply] = await bot.say(user, f"{command}@{bot.fake.bot_username}", group)
        assert reply.html == shipped_engine.text("unknown_command", "ru")


async def test_titles_with_markup_characters_are_shown_as_written(fake_api: FakeBotApi, tmp_path: Path) -> None:
    """A curator's title may hold ``&`` or ``<``: every place that shows a title escapes it (the fake Telegram
    refuses invalid HTML) and users read it exactly as written."""
    kb_copy = tmp_path / "kb"
    with resources.as_file(resources.files("knowledge") / "data") as shipped:
        shutil.copytree(shipped, kb_copy)
    topic_title, entry_title = "About IOM & <partners>", "IOM's work <since> 1951 & on"
    for name, old, new in (
        ("topics.yaml", "en: About IOM\n", f'en: "{topic_title}"\n'),
        ("entries/10_iom.yaml", "en: IOM's work since 1951\n", f'en: "{entry_title}"\n'),
    ):
        path = kb_copy / name
        assert old in path.read_text(encoding="utf-8")
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    user = person(1200, "en")
    async with launch(fake_api, None, tmp_path, environ={"KNOWLEDGE_BASE_PATH": str(kb_copy)}) as bot:
        [menu] = await bot.say(user, "/topics")
        assert topic_title in [label for label, _ in menu.buttons]
        [topic] = bot.shown(await bot.press(user, menu, topic_title))
        assert topic.text.startswith(topic_title) and entry_title in [label for label, _ in topic.buttons]
        [both] = await bot.say(user, "When was IOM founded and how many member states does it have?")
        assert both.text.startswith(entry_title)  # two answers, each under its title
        await bot.deliver(bot.fake.inline_update(user, ""))
        [answer] = bot.fake.calls_of("answerInlineQuery")
        assert answer.ok and topic_title in [result["title"] for result in answer.params["results"]]


SAME_EVERYWHERE = (
    "/about weather in Bishkek",  # the command's words ask nothing it knows: the command's own entry
    "/help помогите",  # the words set the reply's language
    "/приоритеты какие",  # no such command: read as a question
    "/мом когда основана",  # ... with its words: "/мом" alone is what IOM is
    "/topics темалар кайсы",
    "/start iom_founded",  # a deep link's payload is an id, not words: the app's language
    "/weather",
)


@pytest.mark.parametrize("text", SAME_EVERYWHERE)
async def test_a_command_gets_the_same_reply_in_telegram_the_console_and_ask(
    bot: BotHarness, shipped_engine: Engine, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """One table and one reading of a command (knowledge/kb/commands.py), one rule for the reply's language
    (Engine.reply_language): the front ends cannot drift apart again."""
    expected = shipped_engine.ask(text, default_lang="en")
    [reply] = await bot.say(person(1010, "en"), text)
    assert reply.html.startswith(expected.html)
    assert ConsoleChat(shipped_engine).respond(text).startswith(html_to_text(expected.html))
    capsys.readouterr()
    assert main(["ask", "--json", text]) == 0
    assert json.loads(capsys.readouterr().out)["text"] == html_to_text(expected.html)


def test_a_command_s_words_may_follow_a_new_line_or_a_tab() -> None:
    for text in ("/help\nпомогите", "/help\tпомогите", "/help@IomBot   помогите "):
        command = parse_command(text)
        assert command is not None and (command.name, command.args) == ("help", "помогите"), text
    assert parse_command("/about@IomBot") == parse_command("/about@IomBot ")
    assert parse_command("what is /about?") is None


async def test_a_command_with_its_words_on_the_next_line_is_answered_in_their_language(
    bot: BotHarness, shipped_engine: Engine
) -> None:
    [reply] = await bot.say(person(1020, "en"), "/help\nпомогите")
    assert reply.html == shipped_engine.text("help", "ru")


async def test_a_command_alias_for_the_language_shows_the_language_buttons(
    bot: BotHarness, shipped_engine: Engine
) -> None:
    [reply] = await bot.say(person(1021, "ru"), "/язык")
    assert reply.html == shipped_engine.text("lang_prompt", "ru")
    assert [data for _, data in reply.buttons] == [f"1|l|{code}" for code in LANGUAGES]


@pytest.mark.parametrize("command", [*ADMIN, "/privacy", "/forget"])
def test_outside_telegram_the_commands_of_the_store_are_unknown_not_questions(
    shipped_engine: Engine, command: str
) -> None:
    """The console and `ask` keep nothing: /stats must not be read as the question "stats" (it was answered
    with the consultations' participants), and an administrator's command is never revealed."""
    reply = shipped_engine.ask(command)
    assert (reply.status, reply.html) == ("fallback", shipped_engine.text("unknown_command", "en"))
    assert ConsoleChat(shipped_engine).respond(command) == html_to_text(reply.html)
