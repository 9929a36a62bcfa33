"""Private chats: the three confidence bands, every kind of button, /lang, edits and odd input."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.engine.pipeline import Engine
from knowledge.engine.reply import Reply, Status
from tests.fake_bot_api.harness import BotHarness, person
from tests.fake_bot_api.world import StoredMessage

LANGUAGES = ("en", "ru", "ky")
QUERIES: dict[Status, dict[str, tuple[str, ...]]] = {
    "answer": {
        "en": ("When was IOM founded?", "How many member states does IOM have?"),
        "ru": ("Когда основана МОМ?", "Сколько государств-членов у МОМ?"),
        "ky": ("ЭМУ качан түзүлгөн?", "ЭМУнун канча мүчө мамлекети бар?"),
    },
    "clarify": {
        "en": ("committee", "Japarov Grawe", "co-chairs", "consultations"),
        "ru": ("заседание", "комитет", "сопредседатели", "консультации"),
        "ky": ("жыйын", "комитеттин жыйыны", "тең төрагалар", "консультациялар", "тең төрага", "өкүлчүлүк", "кеңеш"),
    },
    "fallback": {
        "en": ("What is the weather today?", "Recommend a good pizza place"),
        "ru": ("Какая погода сегодня?", "Посоветуйте хорошую пиццерию"),
        "ky": ("Бүгүн аба ырайы кандай?", "Жакшы пицца жайын сунуштаңыз"),
    },
}


def query_in_band(engine: Engine, status: Status, lang: str) -> str:
    """A query the shipped knowledge base puts in ``status`` for ``lang`` (robust to matcher tuning)."""
    for query in QUERIES[status][lang]:
        reply = engine.ask(query)
        if reply.status == status and reply.lang == lang:
            return query
    raise AssertionError(f"none of the {lang} queries gives {status} any more: update QUERIES")


def labels(message: StoredMessage) -> list[str]:
    return [label for label, _ in message.buttons]


async def ask_in_band(bot: BotHarness, engine: Engine, status: Status, lang: str) -> tuple[Reply, StoredMessage]:
    """A user with an English app asks a question of ``status`` in ``lang``: the engine's reply, the bot's."""
    query = query_in_band(engine, status, lang)
    [reply] = await bot.say(person(2000, "en"), query)
    return engine.ask(query), reply


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_answer_band_shows_the_answer_related_questions_and_topics(
    bot: BotHarness, shipped_engine: Engine, lang: str
) -> None:
    expected, reply = await ask_in_band(bot, shipped_engine, "answer", lang)
    assert reply.html.startswith(expected.html)
    assert shipped_engine.text("related", lang) in reply.text
    related = [c.title for c in expected.offered[:3]]
    assert labels(reply) == [*related, shipped_engine.text("topics_button", lang), "👍", "👎"]
    entry = expected.entry
    assert entry is not None
    assert reply.markup is not None
    assert [b["callback_data"] for b in reply.markup["inline_keyboard"][-1]] == [
        f"1|u|{entry.id}|{lang}",
        f"1|d|{entry.id}|{lang}",
    ]  # side by side in the last row


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_clarify_band_offers_candidates_and_none_of_these(
    bot: BotHarness, shipped_engine: Engine, lang: str
) -> None:
    expected, reply = await ask_in_band(bot, shipped_engine, "clarify", lang)
    assert reply.html == shipped_engine.text("clarify", lang)
    candidates = [c.title for c in expected.offered]
    assert labels(reply) == [*candidates, shipped_engine.text("none_of_these", lang)]
    assert reply.buttons[-1][1] == f"1|n|{lang}"


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_fallback_band_is_honest_and_offers_topics(bot: BotHarness, shipped_engine: Engine, lang: str) -> None:
    query = query_in_band(shipped_engine, "fallback", lang)
    [reply] = await bot.say(person(2002, "en"), query)
    assert reply.html == shipped_engine.text("fallback", lang)
    topics = [topic.title[lang] for topic in shipped_engine.kb.topics]
    assert labels(reply) == [*topics, shipped_engine.text("didnt_help", lang)]
    [row] = await bot.store.inbox_rows(1)
    assert (row.question, row.lang, row.status) == (query, lang, "fallback")


async def test_pressing_a_candidate_answers_it(bot: BotHarness, shipped_engine: Engine) -> None:
    user = person(2003, "ru")
    query = query_in_band(shipped_engine, "clarify", "ru")
    [clarify] = await bot.say(user, query)
    label, data = clarify.buttons[0]
    entry_id = data.split("|")[2]
    [answer] = bot.shown(await bot.press(user, clarify, label))
    entry = shipped_engine.kb.entry(entry_id)
    assert entry is not None
    assert answer.html.startswith(entry.answer["ru"])
    assert bot.fake.callback_queries and all(bot.fake.callback_queries.values())


async def test_none_of_these_leads_to_the_fallback_and_logs_the_question(
    bot: BotHarness, shipped_engine: Engine
) -> None:
    user = person(2004, "ky")
    query = query_in_band(shipped_engine, "clarify", "ky")
    [clarify] = await bot.say(user, query)
    [fallback] = bot.shown(await bot.press(user, clarify, shipped_engine.text("none_of_these", "ky")))
    assert fallback.html == shipped_engine.text("fallback", "ky")
    topics = [topic.title["ky"] for topic in shipped_engine.kb.topics]
    assert labels(fallback) == [*topics, shipped_engine.text("didnt_help", "ky")]
    [row] = await bot.store.inbox_rows(1)  # the "did you mean" was in the inbox already: now it is rejected
    assert (row.question, row.status) == (query, "none_of_these")


async def test_related_topic_and_menu_buttons(bot: BotHarness, shipped_engine: Engine) -> None:
    user = person(2005, "en")
    [answer] = await bot.say(user, "When was IOM founded?")
    related_label, related_data = answer.buttons[0]
    [related] = bot.shown(await bot.press(user, answer, related_label))
    related_entry = shipped_engine.kb.entry(related_data.split("|")[2])
    assert related_entry is not None and related.html.startswith(related_entry.answer["en"])

    [menu] = bot.shown(await bot.press(user, answer, shipped_engine.text("topics_button", "en")))
    assert menu.html == shipped_engine.command("topics", "", "en").html  # the menu, its topics named in its text
    topic = shipped_engine.kb.topics[0]
    [questions] = bot.shown(await bot.press(user, menu, topic.title["en"]))
    assert topic.title["en"] in questions.text
    assert [data for _, data in questions.buttons] == [f"1|e|{entry_id}|en" for entry_id in topic.entry_ids]


async def test_a_button_on_a_message_older_than_48_hours_still_works(bot: BotHarness, shipped_engine: Engine) -> None:
    user = person(2020, "ru")
    [answer] = await bot.say(user, "Когда основана МОМ?")
    _, data = answer.buttons[0]
    calls = await bot.deliver(bot.fake.press_update(user, answer, data, inaccessible=True))
    [related] = bot.shown(calls)
    entry = shipped_engine.kb.entry(data.split("|")[2])
    assert entry is not None and related.html.startswith(entry.answer["ru"])


@pytest.mark.parametrize(
    "data", ["0|e|iom_founded|en", "1|e|no_such_entry|en", "1|t|no_such_topic|ru", "junk", "1|e|x|xx"]
)
async def test_an_old_or_unknown_button_says_it_expired(bot: BotHarness, shipped_engine: Engine, data: str) -> None:
    user = person(2006, "en")
    [answer] = await bot.say(user, "When was IOM founded?")
    calls = await bot.press(user, answer, data)
    [answered] = [call for call in calls if call.method == "answerCallbackQuery"]
    assert answered.params["text"] == shipped_engine.text("expired", "en")
    assert not bot.shown(calls)


async def test_lang_switch_sticks_for_the_user(bot: BotHarness, shipped_engine: Engine) -> None:
    user = person(2008, "en")
    entry = shipped_engine.kb.entry("iom_founded")
    assert entry is not None
    [prompt] = await bot.say(user, "/lang")
    [confirmation] = bot.shown(await bot.press(user, prompt, shipped_engine.text("lang_name", "ru")))
    assert confirmation.html == shipped_engine.text("lang_set", "ru")
    [answer] = await bot.say(user, "When was IOM founded?")
    assert answer.html.startswith(entry.answer["ru"])
    [menu] = await bot.say(user, "/help")
    assert menu.html == shipped_engine.text("help", "ru")
    [direct] = await bot.say(user, "/lang ky")
    assert direct.html == shipped_engine.text("lang_set", "ky")
    [answer] = await bot.say(user, "Когда основана МОМ?")
    assert answer.html.startswith(entry.answer["ky"])
    [other] = await bot.say(person(2009, "en"), "When was IOM founded?")
    assert other.html.startswith(entry.answer["en"])


async def test_edited_question_edits_the_earlier_answer(bot: BotHarness, shipped_engine: Engine) -> None:
    user = person(2010, "en")
    update = bot.fake.message_update(user, "When was IOM founded?")
    [first] = bot.shown(await bot.deliver(update))
    question_id = update["message"]["message_id"]
    calls = await bot.deliver(bot.fake.edit_update(user, question_id, "How many member states does IOM have?"))
    assert [call.method for call in calls] == ["editMessageText"]
    [edited] = bot.shown(calls)
    assert edited.message_id == first.message_id
    members = shipped_engine.kb.entry("iom_members")
    assert members is not None and edited.html.startswith(members.answer["en"])
    # An edit that changes nothing the bot would say sends nothing (Telegram refuses a no-op edit).
    calls = await bot.deliver(bot.fake.edit_update(user, question_id, "How many member states does IOM have?"))
    assert calls == []


@pytest.mark.parametrize(
    "extra",
    [
        {
            "sticker": {
                "file_id": "s1",
                "file_unique_id": "u1",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            }
        },
        {"photo": [{"file_id": "p1", "file_unique_id": "u2", "width": 90, "height": 90}]},
        {"voice": {"file_id": "v1", "file_unique_id": "u3", "duration": 2}},
        {"document": {"file_id": "d1", "file_unique_id": "u4"}},
    ],
)
async def test_non_text_messages_get_a_hint(bot: BotHarness, shipped_engine: Engine, extra: dict[str, object]) -> None:
    update = bot.fake.message_update(person(2011, "ru"), None, extra=extra)
    [hint] = bot.shown(await bot.deliver(update))
    assert hint.html == shipped_engine.text("non_text", "ru")


async def test_a_4000_character_message_is_read_from_its_beginning(bot: BotHarness, shipped_engine: Engine) -> None:
    text = ("Please tell me about the weather and many other things. " * 80)[:3990] + " When was IOM founded?"
    assert len(text) >= 4000
    [reply] = await bot.say(person(2012, "en"), text)
    # the question past the first 1,000 characters is not read; the repeated story is no question to answer
    assert reply.text.startswith(shipped_engine.text("shortened", "en"))
    assert shipped_engine.text("clarify", "en") in reply.text and "1951" not in reply.text
    asked_first = "When was IOM founded? " + ("Please tell me about many other things. " * 100)
    [reply] = await bot.say(person(2012, "en"), asked_first)
    founded = shipped_engine.kb.entry("iom_founded")
    assert founded is not None and founded.answer["en"] in reply.html


async def test_html_looking_text_is_handled_safely(bot: BotHarness, shipped_engine: Engine) -> None:
    for text in ("<b>IOM</b> founded?", "Tom & Jerry <script>alert(1)</script>", "&amp; <i", "</b>"):
        replies = await bot.say(person(2013, "en"), text)
        assert len(replies) == 1  # the fake Telegram refuses invalid HTML, so sending proves it was escaped


async def test_a_mention_alone_in_private_greets(bot: BotHarness, shipped_engine: Engine) -> None:
    [reply] = await bot.say(person(2014, "ru"), f"@{bot.fake.bot_username}")
    assert reply.html == shipped_engine.text("greeting", "ru")


async def test_messages_from_bots_and_channel_posts_are_ignored(bot: BotHarness) -> None:
    other_bot = person(2015, "en", is_bot=True)
    assert await bot.say(other_bot, "When was IOM founded?") == []
    channel = bot.fake.chat(-100500, "channel", "News")
    post = bot.fake.message_update(person(2016), "When was IOM founded?", channel, kind="channel_post")
    bot.fake.enqueue(post)
    assert await bot.say(person(2017, "en"), "/help")  # handled after the post would have been
    assert "channel_post" not in bot.fake.calls_of("getUpdates")[-1].params.get("allowed_updates", [])


@pytest.mark.parametrize(
    "text",
    ["😀", "\u0000\u200b", "/", "@", "?" * 50, "Когда\u00a0основана\u202eМОМ", "ЭМУ " * 1500, "& < > \" '"],
)
async def test_odd_text_always_gets_one_valid_reply(bot: BotHarness, text: str) -> None:
    replies = await bot.say(person(2030, "ky"), text)
    assert len(replies) >= 1


_FRESH_USERS = itertools.count(3_000_000)
_PIECES = st.sampled_from(
    ["/", "/help", "/about", "@IomFaqTestBot", "IOM", "МОМ", "ЭМУ", "priorities", "?", "&", "<b>", "</i>", "\n", " "]
)
_MESSAGE_TEXT = (
    st.text(min_size=1, max_size=600) | st.lists(_PIECES | st.text(max_size=8), max_size=40).map("".join)
).filter(
    lambda text: text.strip() != ""  # Telegram delivers no message of blanks only
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_MESSAGE_TEXT, app_lang=st.sampled_from(["en", "ru", "ky", None, "de"]))
async def test_any_text_gets_a_reply_telegram_accepts(bot: BotHarness, text: str, app_lang: str | None) -> None:
    """Whatever a user types, the real handlers answer it without an error and Telegram accepts every message."""
    replies = await bot.say(person(next(_FRESH_USERS), app_lang), text)  # a fresh user: no flood limit
    assert replies, "no reply"
    assert bot.fake.rejected() == []
    assert bot.errors == 0


async def test_an_edit_after_the_answer_was_deleted_sends_a_new_answer(bot: BotHarness, shipped_engine: Engine) -> None:
    user = person(2032, "en")
    update = bot.fake.message_update(user, "When was IOM founded?")
    [first] = bot.shown(await bot.deliver(update))
    del bot.fake.messages[(first.chat_id, first.message_id)]  # the user deleted the bot's answer
    calls = await bot.deliver(bot.fake.edit_update(user, update["message"]["message_id"], "How many member states?"))
    assert [call.description for call in bot.fake.take_rejected()] == ["Bad Request: message to edit not found"]
    assert [call.method for call in calls if call.ok] == ["sendMessage"]
    [fresh] = bot.shown(calls)
    members = shipped_engine.kb.entry("iom_members")
    assert members is not None and fresh.html.startswith(members.answer["en"])


async def test_a_message_sent_via_a_bot_is_not_answered(bot: BotHarness) -> None:
    """A user posting one of our inline answers (or another bot's) into the chat is not asking a question."""
    user = person(2033, "en")
    via = {"via_bot": bot.fake.bot_user}
    assert bot.shown(await bot.deliver(bot.fake.message_update(user, "When was IOM founded?", extra=via))) == []
    assert await bot.say(user, "When was IOM founded?")  # the same words typed by the user are answered
