"""The curators' loop end to end, through the real Application and the fake Telegram: votes, "this didn't
help", the inbox, /stats, /unanswered, /export, /privacy, /forget, a choice surviving a restart, a full disk,
and two replicas on one PostgreSQL behaving as one bot."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import os
import signal
import socket
import sys
from asyncio.subprocess import PIPE
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import event

from knowledge.engine.pipeline import Engine
from tests.databases import every_cell, no_room_left
from tests.fake_bot_api.harness import ADMIN_ID, TOKEN, WEBHOOK_SECRET, WEBHOOK_URL, BotHarness, launch, person
from tests.fake_bot_api.server import FakeBotApi
from tests.fake_bot_api.world import StoredMessage
from tests.test_telegram_conversation import query_in_band

USER = 731_952_846
OTHER = 642_813_579


def toast(bot: BotHarness) -> str:
    return str(bot.fake.calls_of("answerCallbackQuery")[-1].params.get("text", ""))


async def press(bot: BotHarness, user: dict[str, Any], message: StoredMessage, label: str) -> list[StoredMessage]:
    return bot.shown(await bot.press(user, message, label))


async def test_votes_are_confirmed_with_a_toast_and_can_be_changed(bot: BotHarness, shipped_engine: Engine) -> None:
    user = person(USER, "en")
    [answer] = await bot.say(user, "When was IOM founded?")
    assert await press(bot, user, answer, "👍") == []  # no new message
    assert toast(bot) == shipped_engine.text("vote_thanks", "en")
    assert (await bot.store.stats(1)).votes == (("iom_founded", 1, 0),)
    assert await bot.store.inbox_rows(1) == []
    assert await press(bot, user, answer, "👎") == []
    assert (await bot.store.stats(1)).votes == (("iom_founded", 0, 1),)
    [row] = await bot.store.inbox_rows(1)  # a 👎 puts the question in front of the curators
    assert (row.question, row.status, row.guess) == ("When was IOM founded?", "downvote", "iom_founded")


async def test_this_did_not_help_marks_the_fallback_question(bot: BotHarness, shipped_engine: Engine) -> None:
    user = person(USER, "ru")
    [fallback] = await bot.say(user, "Какая погода завтра в Оше?")
    assert await press(bot, user, fallback, shipped_engine.text("didnt_help", "ru")) == []
    assert toast(bot) == shipped_engine.text("didnt_help_thanks", "ru")
    [row] = await bot.store.inbox_rows(1)
    assert (row.question, row.status) == ("Какая погода завтра в Оше?", "didnt_help")


async def test_admin_sees_stats_and_the_grouped_inbox(bot: BotHarness, shipped_engine: Engine) -> None:
    user, admin = person(USER, "en"), person(ADMIN_ID, "en")
    for question in (
        "vacancies at IOM",
        "Vacancies at IOM?",
        "vacancies at <b>IOM</b>",
        "When was IOM founded?",
    ):
        await bot.say(user, question)
    [stats] = await bot.say(admin, "/stats")
    assert "4 questions, 25% answered" in stats.text
    founded = shipped_engine.kb.entry("iom_founded")
    assert founded is not None and f"{founded.title['en']} 1" in stats.text
    [inbox] = await bot.say(admin, "/unanswered 7")
    lines = inbox.text.splitlines()
    assert "last 7 days" in lines[0] and "3 questions in 1 groups" in lines[0]
    assert lines[1].startswith("3× [en] vacancies at <b>IOM</b>")  # the latest wording, escaped: shown literally


async def test_export_sends_the_inbox_and_statistics_as_csv(bot: BotHarness) -> None:
    await bot.say(person(USER, "en"), "=HYPERLINK(vacancies at IOM)")
    await bot.say(person(ADMIN_ID, "en"), "/export 3")
    documents = [message for message in bot.fake.messages.values() if message.document]
    assert [d.document[0].split("-")[0] for d in documents if d.document] == ["inbox", "stats"]
    assert documents[0].text == "Inbox and statistics, last 3 days"
    inbox = documents[0].document
    assert inbox is not None and inbox[0].endswith("-3d.csv")
    rows = list(csv.reader(io.StringIO(inbox[1].decode("utf-8-sig"))))
    assert rows[0][:4] == ["count", "language", "last_asked_utc", "example"]
    assert rows[1][0] == "1" and rows[1][3] == "'=HYPERLINK(vacancies at IOM)"  # never a live formula
    sheet = documents[1].document
    assert sheet is not None
    stats = {(row[0], row[1]): row[2] for row in csv.reader(io.StringIO(sheet[1].decode("utf-8-sig")))}
    assert stats[("questions", "total")] == "1"


async def test_privacy_and_forget(bot: BotHarness, shipped_engine: Engine) -> None:
    user = person(USER, "en")
    [privacy] = await bot.say(user, "/privacy")
    assert privacy.html == shipped_engine.text("privacy", "en").format(days=90)
    await bot.say(user, "/lang ky")
    [answer] = await bot.say(user, "When was IOM founded?")
    await press(bot, user, answer, "👍")
    [done] = await bot.say(user, "/forget")
    assert done.html == shipped_engine.text("forget_done", "en")  # the choice is gone: the app's language
    assert await bot.store.language(USER) is None and (await bot.store.stats(1)).votes == ()
    [help_] = await bot.say(user, "/help")
    assert help_.html == shipped_engine.text("help", "en")


async def test_a_language_choice_survives_a_restart(
    fake_api: FakeBotApi, shipped_engine: Engine, tmp_path: Path
) -> None:
    async with launch(fake_api, shipped_engine, tmp_path) as bot:
        await bot.say(person(USER, "en"), "/lang ru")
    async with launch(fake_api, shipped_engine, tmp_path) as bot:
        [reply] = await bot.say(person(USER, "en"), "/help")
        assert reply.html == shipped_engine.text("help", "ru")


async def test_a_full_disk_costs_no_answer(bot: BotHarness, shipped_engine: Engine) -> None:
    event.listen(bot.store.engine.sync_engine, "connect", no_room_left)
    await bot.store.engine.dispose()
    for number in range(12):  # long unanswerable questions fill the last pages of the file
        question = f"Tell me about the weather in Osh, day {number}: " + "rain, wind, snow and sun. " * 35
        [reply] = await bot.say(person(USER + number, "en"), question)
        assert reply.html == shipped_engine.ask(question, default_lang="en").html  # not answered: logged
    await bot.store.flush()
    assert bot.store.faults.failures > 0  # the disk did fill up meanwhile
    founded = shipped_engine.kb.entry("iom_founded")
    assert founded is not None
    [answer] = await bot.say(person(OTHER, "en"), "When was IOM founded?")
    assert answer.html.startswith(founded.answer["en"])


async def test_no_telegram_id_is_stored(bot: BotHarness, shipped_engine: Engine) -> None:
    user, group = person(USER, "ru"), bot.fake.chat(-100_864_209_753, "supergroup")
    await bot.say(user, "/lang ky")
    [answer] = await bot.say(user, "Когда основана МОМ?")
    await press(bot, user, answer, "👎")
    await bot.say(user, f"@{bot.fake.bot_username} где офис МОМ в Оше", group)
    await bot.say(person(OTHER, "en"), query_in_band(shipped_engine, "clarify", "en"))
    cells = await every_cell(bot.store)
    assert cells  # something was stored…
    for secret in (str(USER), str(OTHER), "864209753"):
        assert secret not in cells  # …but no user or chat id


async def test_two_replicas_on_one_postgresql_behave_as_one_bot(
    fake_api: FakeBotApi, shipped_engine: Engine, tmp_path: Path, postgres_url: str
) -> None:
    env = {"DATABASE_URL": postgres_url}
    async with (
        launch(fake_api, shipped_engine, tmp_path / "a", mode="webhook", environ=env) as first,
        launch(fake_api, shipped_engine, tmp_path / "b", mode="webhook", environ=env) as second,
    ):
        user, other = person(USER, "en"), person(OTHER, "en")
        await first.say(user, "/lang ru")  # chosen through one replica…
        [help_] = await second.say(user, "/help")  # …used by the other
        assert help_.html == shipped_engine.text("help", "ru")

        question = fake_api.message_update(user, "When was IOM founded?")
        [answer] = first.shown(await first.deliver(question))
        await first.store.flush()  # written behind: the other replica sees it within FLUSH_SECONDS; now
        edit = fake_api.edit_update(user, question["message"]["message_id"], "How many member states does IOM have?")
        calls = await second.deliver(edit)  # the edit reaches the other replica: it edits the first one's answer
        assert [call.method for call in calls] == ["editMessageText"]
        [edited] = second.shown(calls)
        members = shipped_engine.kb.entry("iom_members")
        assert members is not None
        assert edited.message_id == answer.message_id and edited.html.startswith(members.answer["ru"])

        await first.press(user, edited, "👎")
        await second.press(other, edited, "👍")
        await first.press(user, edited, "👍")  # a changed vote replaces the one given through the other replica
        for replica in (first, second):
            stats = await replica.store.stats(1)
            assert stats.votes == (("iom_members", 2, 0),)
            assert stats.questions == 2 and dict(stats.by_status) == {"answer": 2}
        unsure = query_in_band(shipped_engine, "clarify", "en")
        [clarify] = await second.say(other, unsure)
        await second.store.flush()
        await first.press(other, clarify, shipped_engine.text("none_of_these", "en"))
        [row] = await second.store.inbox_rows(1)  # "none of these" found its question through the other replica
        assert (row.question, row.status) == (unsure, "none_of_these")
        cells = await every_cell(first.store)
        assert str(USER) not in cells and str(OTHER) not in cells  # no Telegram id in PostgreSQL either


async def test_the_period_of_admin_commands(bot: BotHarness) -> None:
    admin = person(ADMIN_ID, "en")
    for argument, days in (("", 30), ("7", 7), ("0", 1), ("5000", 3650), ("soon", 30), ("²", 30), ("-3", 30)):
        [stats] = await bot.say(admin, f"/stats {argument}".strip())
        assert stats.text.startswith(f"Last {days} days:"), argument


async def test_a_second_bot_process_on_one_postgresql_shares_the_conversation(
    fake_api: FakeBotApi, shipped_engine: Engine, tmp_path: Path, postgres_url: str
) -> None:
    """The same as above with a real second process (``python -m bot run``), both starting together."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environ = {key: value for key, value in os.environ.items() if not key.startswith(("TELEGRAM", "WEBHOOK"))}
    environ |= {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": fake_api.base_url,
        "BOT_MODE": "webhook",
        "WEBHOOK_URL": WEBHOOK_URL,
        "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": str(port),
        "WEBHOOK_SECRET": WEBHOOK_SECRET,
        "DATABASE_URL": postgres_url,
        "USER_ID_SALT": "test-salt",
        "DATA_DIR": str(tmp_path / "second"),
        "RATE_LIMIT": "off",
    }
    second = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=environ, stdout=PIPE, stderr=PIPE, cwd=tmp_path
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with (
            launch(
                fake_api, shipped_engine, tmp_path / "first", mode="webhook", environ={"DATABASE_URL": postgres_url}
            ) as first,
            aiohttp.ClientSession() as session,
        ):
            for _ in range(300):  # the second process starting (and migrating alongside the first)
                with contextlib.suppress(aiohttp.ClientConnectionError):
                    async with session.get(f"{base}/healthz") as response:
                        if response.status == 200:
                            break
                await asyncio.sleep(0.1)

            async def via_second(update: dict[str, Any], method: str) -> None:
                count = len(fake_api.calls_of(method))
                headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
                async with session.post(f"{base}/telegram", json=update, headers=headers) as response:
                    assert response.status == 200
                await fake_api.wait_for_calls(method, count + 1, seconds=10)

            user = person(USER, "en")
            await via_second(fake_api.message_update(user, "/lang ky"), "sendMessage")
            [help_] = await first.say(user, "/help")  # chosen in the other process
            assert help_.html == shipped_engine.text("help", "ky")

            question = fake_api.message_update(user, "When was IOM founded?")
            [answer] = first.shown(await first.deliver(question))
            await first.store.flush()
            edit = fake_api.edit_update(
                user, question["message"]["message_id"], "How many member states does IOM have?"
            )
            await via_second(edit, "editMessageText")  # the other process edits this one's answer
            members = shipped_engine.kb.entry("iom_members")
            assert members is not None
            edited = fake_api.messages[(USER, answer.message_id)]
            assert edited.html.startswith(members.answer["ky"])

            await via_second(fake_api.press_update(user, edited, dict(edited.buttons)["👍"]), "answerCallbackQuery")
            assert (await first.store.stats(1)).votes == (("iom_members", 1, 0),)  # a vote given to the other
    finally:
        second.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(second.communicate(), 20)
    assert second.returncode == 0, err.decode()
    assert b"Traceback" not in err and TOKEN.encode() not in out + err
