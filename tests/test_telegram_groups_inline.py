"""Groups (the bot speaks only when spoken to) and inline mode."""

from __future__ import annotations

import pytest

from knowledge.engine.pipeline import Engine
from tests.fake_bot_api.harness import BotHarness, person

QUESTION = "When was IOM founded?"


def founded(engine: Engine, lang: str) -> str:
    entry = engine.kb.entry("iom_founded")
    assert entry is not None
    return entry.answer[lang]


@pytest.mark.parametrize("kind", ["group", "supergroup"])
async def test_group_answers_only_mentions_replies_and_commands(
    bot: BotHarness, shipped_engine: Engine, kind: str
) -> None:
    group = bot.fake.chat(-3000, kind)
    user = person(3001, "en")
    assert await bot.say(user, QUESTION, group) == []

    update = bot.fake.message_update(user, f"@{bot.fake.bot_username} {QUESTION}", group)
    [answer] = bot.shown(await bot.deliver(update))
    assert answer.html.startswith(founded(shipped_engine, "en"))
    assert answer.reply_to == update["message"]["message_id"]  # quotes whom it answers

    [follow_up] = await bot.say(user, "How many member states does IOM have?", group, reply_to=answer.message_id)
    members = shipped_engine.kb.entry("iom_members")
    assert members is not None and follow_up.html.startswith(members.answer["en"])

    [help_reply] = await bot.say(user, "/help", group)
    assert help_reply.html == shipped_engine.text("help", "en")
    [suffixed] = await bot.say(user, f"/help@{bot.fake.bot_username}", group)
    assert suffixed.html == shipped_engine.text("help", "en")


async def test_group_ignores_what_is_not_for_the_bot(bot: BotHarness) -> None:
    group = bot.fake.chat(-3002, "supergroup")
    user = person(3003, "en")
    assert await bot.say(user, "/help@SomeOtherBot", group) == []
    assert await bot.say(user, "/weather", group) == []
    assert await bot.say(user, f"@SomeOtherBot {QUESTION}", group) == []
    assert await bot.say(person(3004, is_bot=True), f"@{bot.fake.bot_username} {QUESTION}", group) == []
    sticker = {
        "sticker": {
            "file_id": "s",
            "file_unique_id": "u",
            "type": "regular",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
        }
    }
    assert bot.shown(await bot.deliver(bot.fake.message_update(user, None, group, extra=sticker))) == []
    other = bot.fake.message_update(user, "hi all", group)
    await bot.deliver(other)
    assert await bot.say(user, QUESTION, group, reply_to=other["message"]["message_id"]) == []


async def test_group_edit_that_adds_a_mention_gets_an_answer(bot: BotHarness, shipped_engine: Engine) -> None:
    group = bot.fake.chat(-3005, "group")
    user = person(3006, "ru")
    update = bot.fake.message_update(user, "Когда основана МОМ?", group)
    assert bot.shown(await bot.deliver(update)) == []
    edit = bot.fake.edit_update(
        user, update["message"]["message_id"], f"@{bot.fake.bot_username} Когда основана МОМ?", -3005
    )
    [answer] = bot.shown(await bot.deliver(edit))
    assert answer.html.startswith(founded(shipped_engine, "ru"))


async def test_unknown_command_addressed_to_the_bot_in_a_group(bot: BotHarness, shipped_engine: Engine) -> None:
    group = bot.fake.chat(-3007, "group")
    [reply] = await bot.say(person(3008, "ky"), f"/weather@{bot.fake.bot_username}", group)
    assert reply.html == shipped_engine.text("unknown_command", "ky")


def _inline_answer(bot: BotHarness) -> dict[str, object]:
    [(query_id, params)] = list(bot.fake.inline_answers.items())[-1:]
    assert bot.fake.inline_queries[query_id]
    return params


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
async def test_inline_empty_query_offers_the_topics(bot: BotHarness, shipped_engine: Engine, lang: str) -> None:
    await bot.deliver(bot.fake.inline_update(person(3010, lang), ""))
    params = _inline_answer(bot)
    results = params["results"]
    assert isinstance(results, list)
    assert [r["title"] for r in results] == [topic.title[lang] for topic in shipped_engine.kb.topics][:10]
    assert params["is_personal"] is True
    button = params["button"]
    assert isinstance(button, dict) and button["text"] == shipped_engine.text("inline_empty_hint", lang)


async def test_inline_query_offers_matching_answers(bot: BotHarness, shipped_engine: Engine) -> None:
    await bot.deliver(bot.fake.inline_update(person(3011, "en"), "Когда основана МОМ"))
    results = _inline_answer(bot)["results"]
    assert isinstance(results, list) and 1 <= len(results) <= 10
    first = results[0]
    assert first["id"] == "iom_founded"
    content = first["input_message_content"]
    assert content["parse_mode"] == "HTML" and content["link_preview_options"] == {"is_disabled": True}
    assert content["message_text"] == founded(shipped_engine, "ru")
    assert len({r["id"] for r in results}) == len(results)


async def test_inline_query_without_a_match_offers_the_topics(bot: BotHarness, shipped_engine: Engine) -> None:
    await bot.deliver(bot.fake.inline_update(person(3012, "en"), "What is the weather today?"))
    results = _inline_answer(bot)["results"]
    assert isinstance(results, list)
    assert [r["id"] for r in results] == [f"topic:{topic.id}" for topic in shipped_engine.kb.topics][:10]
