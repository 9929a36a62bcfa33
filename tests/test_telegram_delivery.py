"""Delivery through Telegram's errors (bot/delivery.py): a flood wait is waited out, a 5xx or a dropped connection
is tried again, every user gets the answer exactly once, a call that timed out is never sent twice, and no
"something went wrong" follows a failed delivery."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from telegram.error import TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.app import build_application
from bot.concurrency import DEFAULT_MAX_CONCURRENT
from bot.delivery import DeliveryPolicy
from bot.polling import REFILL_BELOW
from bot.runner import running
from bot.settings import Settings
from bot.transport import AiohttpRequest
from knowledge.engine.pipeline import Engine
from tests.fake_bot_api.harness import TOKEN, WEBHOOK_SECRET, BotHarness, launch, person
from tests.fake_bot_api.server import FakeBotApi, Fault

QUESTION = "When was IOM founded?"


def answer_of(engine: Engine) -> str:
    founded = engine.kb.entry("iom_founded")
    assert founded is not None
    return founded.answer["en"]


@pytest.mark.parametrize(
    "faults",
    [
        (Fault(status=500),),
        (Fault(status=502), Fault(status=500)),
        (Fault(drop=True),),
        (Fault(status=429, retry_after=1),),
    ],
    ids=["500", "502 then 500", "dropped connection", "429 flood wait"],
)
async def test_a_failed_send_is_tried_again_until_the_user_has_the_answer_once(
    bot: BotHarness, shipped_engine: Engine, faults: tuple[Fault, ...]
) -> None:
    bot.fake.inject("sendMessage", *faults)
    calls = await bot.deliver(bot.fake.message_update(person(4100, "en"), QUESTION))
    sends = [call for call in calls if call.method == "sendMessage"]
    delivered = [call for call in sends if call.ok]
    assert len(sends) == len(faults) + 1 and len(delivered) == 1
    assert delivered[0].result["text"].startswith(answer_of(shipped_engine)[:20].replace("<b>", ""))
    assert bot.errors == 0
    if faults[0].retry_after:  # Telegram's wait is honoured in full
        assert sends[1].at - sends[0].at >= faults[0].retry_after


async def test_a_flood_wait_too_long_to_wait_gets_no_error_reply(bot: BotHarness) -> None:
    bot.expected_errors = 1  # the failed delivery is logged by the error handler, which sends nothing
    bot.fake.inject("sendMessage", Fault(status=429, retry_after=600))
    calls = await bot.deliver(bot.fake.message_update(person(4101, "en"), QUESTION))
    assert [call.method for call in calls if call.method == "sendMessage"] == ["sendMessage"]  # no "Sorry…"
    assert bot.errors == 1


async def test_a_user_who_blocked_the_bot_is_not_retried_nor_told(bot: BotHarness) -> None:
    bot.expected_errors = 1
    bot.fake.inject("sendMessage", Fault(status=403))
    calls = await bot.deliver(bot.fake.message_update(person(4102, "en"), QUESTION))
    assert [call.method for call in calls if call.method == "sendMessage"] == ["sendMessage"]
    assert bot.errors == 1


async def test_a_send_that_timed_out_is_never_sent_twice(fake_api: FakeBotApi) -> None:
    """It may have been delivered (here it was): a second copy is worse than none."""
    user = person(4103, "en")
    fake_api.message_update(user, "hello")  # the chat now exists
    known = len(fake_api.messages)
    request = AiohttpRequest(2, read_timeout=0.3, delivery=DeliveryPolicy())
    await request.initialize()
    try:
        fake_api.inject("sendMessage", Fault(delay=1.0))
        message = RequestData(
            [RequestParameter.from_input("chat_id", user["id"]), RequestParameter.from_input("text", "hello")]
        )
        with pytest.raises(TimedOut):
            await request.post(f"{fake_api.base_url}{fake_api.token}/sendMessage", message)
    finally:
        await request.shutdown()
    assert len(fake_api.calls_of("sendMessage")) == 1
    assert len(fake_api.messages) == known + 1  # delivered, once


def test_the_policy_waits_what_telegram_asks_and_backs_off_otherwise() -> None:
    policy = DeliveryPolicy()
    assert (policy.deadline, policy.first_pause, policy.max_pause, policy.max_retry_after) == (30.0, 0.5, 8.0, 20.0)
    assert [policy.pause(attempt) for attempt in range(6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert policy.wait_after(429, b'{"ok": false, "parameters": {"retry_after": 7}}', 0) == 7.0
    assert policy.wait_after(429, b'{"ok": false}', 0) == 1.0  # no retry_after given: a second
    assert policy.wait_after(429, b'{"parameters": {"retry_after": 21}}', 0) is None  # too long to hold a reply
    assert policy.wait_after(502, b"", 2) == 2.0
    assert policy.wait_after(400, b"", 0) is None and policy.wait_after(403, b"", 0) is None
    assert policy.wait_after(200, b"", 0) is None


async def test_a_moment_of_outage_at_start_up_is_waited_out(
    fake_api: FakeBotApi, shipped_engine: Engine, tmp_path: Path
) -> None:
    for method in ("getMe", "deleteWebhook", "setMyCommands"):
        fake_api.inject(method, Fault(status=502), Fault(drop=True))
    async with launch(fake_api, shipped_engine, tmp_path) as bot:
        [reply] = await bot.say(person(4104, "en"), QUESTION)
        assert reply.html.startswith(answer_of(shipped_engine))
    for method in ("getMe", "deleteWebhook", "setMyCommands"):
        assert [call.ok for call in fake_api.calls_of(method)][:3] == [False, False, True], method


async def test_a_second_instance_on_the_same_token_is_reported_once_then_this_one_stops(
    fake_api: FakeBotApi, shipped_engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake_api.inject("getUpdates", *[Fault(status=409)] * 50)
    settings = Settings.from_env(
        {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": fake_api.base_url, "DATA_DIR": str(tmp_path)}
    )
    application = build_application(settings, engine=shipped_engine)
    with caplog.at_level(logging.WARNING):
        async with running(application, settings, poll_timeout=0, conflict_grace=0.5) as bot:
            assert bot.watch is not None
            await asyncio.wait_for(bot.watch.failed.wait(), 20)
            assert "another instance of this bot is running" in bot.watch.reason
    conflicts = [record for record in caplog.records if "another instance" in record.getMessage()]
    assert len(conflicts) == 1  # once, in a sentence: not a traceback every two seconds
    assert not any("while polling" in record.getMessage() for record in caplog.records)


async def test_stopping_cuts_a_flood_wait_short(fake_api: FakeBotApi, shipped_engine: Engine, tmp_path: Path) -> None:
    """A reply waiting out a 15 s flood wait gives up when the bot stops: shutdown is not held for the wait."""
    fake_api.inject("sendMessage", Fault(status=429, retry_after=15))
    loop = asyncio.get_running_loop()
    async with launch(fake_api, shipped_engine, tmp_path):
        fake_api.enqueue(fake_api.message_update(person(4105, "en"), QUESTION))
        await fake_api.wait_for_calls("sendMessage", 1, seconds=10)
        stopping_at = loop.time()
    assert loop.time() - stopping_at < 10  # well before the 15 s the flood wait would have taken
    assert len(fake_api.calls_of("sendMessage")) == 1  # given up, not sent after the stop


async def test_a_stop_with_a_backlog_ends_in_time_and_a_restart_answers_the_rest_once(
    fake_api: FakeBotApi, shipped_engine: Engine, tmp_path: Path
) -> None:
    """A backlog on a slow API: the stop ends within its deadline (plus what is in flight), what was not answered
    stays with Telegram, and the next start answers it — every message exactly once, none lost."""
    busy, quick, other = (person(4200 + n, "en") for n in range(3))
    chats = [busy, quick, other]
    sent = {busy["id"]: 6, quick["id"]: 1, other["id"]: 1}
    fake_api.inject("sendMessage", *[Fault(delay=0.4)] * sum(sent.values()))  # each reply takes 0.4 s
    loop = asyncio.get_running_loop()
    environ = {"STOP_DEADLINE_SECONDS": "1"}
    async with launch(fake_api, shipped_engine, tmp_path, environ=environ):
        for n in range(sent[busy["id"]]):  # one chat's backlog first: answered one after another…
            fake_api.enqueue(fake_api.message_update(busy, f"{QUESTION} ({n})"))
        for user in (quick, other):  # …while two later updates of other chats are answered meanwhile
            fake_api.enqueue(fake_api.message_update(user, QUESTION))
        await fake_api.wait_for_calls("sendMessage", 3, seconds=10)
        stopping_at = loop.time()
    assert loop.time() - stopping_at < 1 + 2  # the deadline, then only what was in flight (one reply per chat)
    assert 0 < _replies(fake_api, busy["id"]) < sent[busy["id"]]  # a backlog was left…
    assert (_replies(fake_api, quick["id"]), _replies(fake_api, other["id"])) == (1, 1)  # …behind later ones done

    async with launch(fake_api, shipped_engine, tmp_path) as bot:  # the next start
        for _ in range(100):
            if _replies(fake_api, busy["id"]) >= sent[busy["id"]]:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.3)  # time enough for a duplicate to show
        assert bot.errors == 0
    assert {user["id"]: _replies(fake_api, user["id"]) for user in chats} == sent  # each message answered once


def _replies(fake_api: FakeBotApi, chat_id: int) -> int:
    return sum(1 for call in fake_api.calls_of("sendMessage") if call.ok and call.params.get("chat_id") == chat_id)


async def test_a_webhook_stop_refuses_the_backlog_with_503_and_it_is_answered_once_later(
    fake_api: FakeBotApi, shipped_engine: Engine, tmp_path: Path
) -> None:
    """Webhook: an update is acknowledged (200) only once handled; a stop past its deadline answers the updates
    not begun with 503, which Telegram sends again — to the next start here — and each is answered once."""
    busy, quick, other = (person(4300 + n, "en") for n in range(3))
    updates = [fake_api.message_update(busy, f"{QUESTION} ({n})") for n in range(6)]
    updates += [fake_api.message_update(user, QUESTION) for user in (quick, other)]
    fake_api.inject("sendMessage", *[Fault(delay=0.4)] * len(updates))
    loop = asyncio.get_running_loop()
    environ = {"STOP_DEADLINE_SECONDS": "1"}
    async with launch(fake_api, shipped_engine, tmp_path, mode="webhook", environ=environ) as bot:
        posts = []
        for update in updates:
            posts.append(asyncio.ensure_future(bot.post_webhook(update, WEBHOOK_SECRET)))
            await asyncio.sleep(0.01)  # in this order
        await fake_api.wait_for_calls("sendMessage", 3, seconds=10)
        stopping_at = loop.time()
    assert loop.time() - stopping_at < 1 + 2
    statuses = [status for status, _ in await asyncio.gather(*posts)]
    assert set(statuses) == {200, 503} and statuses[-2:] == [200, 200]  # the later chats were done meanwhile
    refused = [update for update, status in zip(updates, statuses, strict=True) if status == 503]

    async with launch(fake_api, shipped_engine, tmp_path, mode="webhook") as bot:  # Telegram sends them again
        for update in refused:
            assert (await bot.post_webhook(update, WEBHOOK_SECRET))[0] == 200
    sent = {busy["id"]: 6, quick["id"]: 1, other["id"]: 1}
    assert {chat: _replies(fake_api, chat) for chat in sent} == sent  # each message answered exactly once


async def test_an_update_that_cannot_be_read_is_passed_over_and_polling_goes_on(
    bot: BotHarness, shipped_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.polling")
    broken = bot.fake.update({"message": {"message_id": "x", "chat": 5, "date": "never"}})
    bot.fake.enqueue(broken)
    [reply] = await bot.say(person(4400, "en"), QUESTION)  # the next one is answered
    assert reply.html.startswith(answer_of(shipped_engine))
    assert any(f"update {broken['update_id']} could not be read" in r.getMessage() for r in caplog.records)


async def test_a_backlog_is_fetched_without_decoding_its_updates_again_and_again(
    fake_api: FakeBotApi, shipped_engine: Engine, tmp_path: Path
) -> None:
    """Every poll brings back each update still open (the offset confirms only what was handled): in a backlog the
    poller waits for it to drain below ``polling.REFILL_BELOW`` instead of polling on for a few new updates at a
    time (it decoded each update of a burst of 400 about ten times: benchmarks/telegram_throughput.py), and each
    update is answered once."""
    users = range(5000, 5300)
    async with launch(fake_api, shipped_engine, tmp_path, environ={"RATE_LIMIT": "off"}):
        for user in users:
            fake_api.enqueue(fake_api.message_update(person(user, "en"), QUESTION))
        await fake_api.wait_for_calls("sendMessage", len(users), seconds=60)
        polls = [call for call in fake_api.calls_of("getUpdates") if call.ok and isinstance(call.result, list)]
    fetched = sum(len(call.result) for call in polls)
    assert len(users) <= fetched <= 2 * len(users)
    assert {_replies(fake_api, user) for user in users} == {1}
    assert REFILL_BELOW > DEFAULT_MAX_CONCURRENT  # the queue never runs dry while the poller waits
