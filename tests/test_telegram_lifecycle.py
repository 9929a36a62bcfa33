"""Start-up, webhook mode, administrator commands and the error handler, end to end."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import shutil
import signal
import socket
import threading
import traceback
from importlib import resources
from pathlib import Path

import aiohttp
import pytest

from bot import webhook
from bot.app import build_application
from bot.logging_setup import configure_logging
from bot.privacy import SALT_FILE
from bot.runner import BotStartError, RunningBot, run_bot, watch_signals
from bot.settings import Settings
from bot.storage.database import DATABASE_FILE
from bot.webhook import SECRET_HEADER, WebhookServer
from knowledge.engine.pipeline import Engine
from knowledge.kb.commands import MENU_COMMANDS
from tests.fake_bot_api.harness import (
    ADMIN_ID,
    TOKEN,
    WEBHOOK_SECRET,
    WEBHOOK_URL,
    BotHarness,
    launch,
    person,
)
from tests.fake_bot_api.server import FakeBotApi


async def test_start_up_publishes_the_menu_and_descriptions_in_each_language(
    bot: BotHarness, shipped_engine: Engine
) -> None:
    fake = bot.fake
    assert set(fake.commands) == {"", "en", "ru", "ky"}
    for code in ("ru", "ky"):
        assert [c["command"] for c in fake.commands[code]] == list(MENU_COMMANDS)
        assert fake.commands[code][0]["description"] == shipped_engine.text("cmd_start", code)
        assert fake.descriptions[code] == shipped_engine.text("bot_description", code)
        assert fake.short_descriptions[code] == shipped_engine.text("bot_short_description", code)
    assert fake.descriptions[""] == shipped_engine.text("bot_description", "en")
    await bot.say(person(3999, "en"), "/help")
    polls = fake.calls_of("getUpdates")
    assert polls and set(polls[-1].params["allowed_updates"]) == {
        "message",
        "edited_message",
        "callback_query",
        "inline_query",
    }


async def test_a_restart_does_not_set_an_unchanged_profile_again(
    fake_api: FakeBotApi, shipped_engine: Engine, tmp_path: Path
) -> None:
    async with launch(fake_api, shipped_engine, tmp_path):
        pass
    fake_api.calls.clear()
    async with launch(fake_api, shipped_engine, tmp_path):
        pass
    assert not [call for call in fake_api.calls if call.method.startswith("setMy")]


USER_ID = 987_654_321


async def test_loads_the_knowledge_base_and_storage_from_settings(fake_api: FakeBotApi, tmp_path: Path) -> None:
    kb_copy = tmp_path / "kb"
    with resources.as_file(resources.files("knowledge") / "data") as shipped:
        shutil.copytree(shipped, kb_copy)
    data_dir = tmp_path / "data"
    env = {"KNOWLEDGE_BASE_PATH": str(kb_copy), "USER_ID_SALT": ""}
    async with launch(fake_api, None, data_dir, environ=env) as bot:
        assert bot.app.bot_data.ready
        [reply] = await bot.say(person(USER_ID, "ru"), "/lang ky")
        assert "кыргыз" in reply.text.lower()
    assert (data_dir / DATABASE_FILE).exists() and (data_dir / SALT_FILE).exists()
    assert len(list((data_dir / "cache").glob("engine-*.pickle"))) == 1  # the next start reads it
    # Only the salted hash of the user id is stored. (A short id such as 4000 could turn up inside a hex
    # digest by chance; nine distinct digits cannot, nor inside a timestamp.)
    assert str(USER_ID).encode() not in (data_dir / DATABASE_FILE).read_bytes()
    assert bot.app.bot_data.engine is None  # cleared by post_shutdown


async def test_the_token_never_reaches_the_logs(fake_api: FakeBotApi, shipped_engine: Engine, tmp_path: Path) -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        configure_logging("DEBUG", [TOKEN], stream)
        logging.getLogger("httpx").setLevel(logging.DEBUG)  # even if someone turns URL logging back on
        async with launch(fake_api, shipped_engine, tmp_path) as bot:
            await bot.say(person(4001, "en"), "When was IOM founded?")
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
        logging.getLogger("httpx").setLevel(logging.WARNING)
    output = stream.getvalue()
    assert "sendMessage" in output
    assert TOKEN not in output and TOKEN.split(":")[1] not in output


async def test_webhook_accepts_only_the_right_secret(webhook_bot: BotHarness, shipped_engine: Engine) -> None:
    fake = webhook_bot.fake
    [set_webhook] = fake.calls_of("setWebhook")
    assert set_webhook.params["url"] == WEBHOOK_URL
    assert set_webhook.params["secret_token"] == WEBHOOK_SECRET
    assert not fake.calls_of("getUpdates")

    user = person(4100, "ru")
    for secret in (None, "wrong-secret"):
        update = fake.message_update(user, "/help")
        status, _ = await webhook_bot.post_webhook(update, secret)
        assert status == 403
    for body in ("not json", "[]", "{}", '{"update_id": 1, "message": "x"}', "null"):
        headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        status, _ = await webhook_bot.http("POST", "/telegram", body, headers)
        assert status == 400, body
    assert not fake.calls_of("sendMessage")

    [reply] = await webhook_bot.say(user, "Когда основана МОМ?")
    entry = shipped_engine.kb.entry("iom_founded")
    assert entry is not None and reply.html.startswith(entry.answer["ru"])
    [answered] = webhook_bot.shown(await webhook_bot.press(user, reply, reply.buttons[0][0]))
    assert answered.html


async def test_webhook_ignores_channel_posts(webhook_bot: BotHarness) -> None:
    channel = webhook_bot.fake.chat(-100200, "channel", "News")
    post = webhook_bot.fake.message_update(person(4101), "When was IOM founded?", channel, kind="channel_post")
    assert await webhook_bot.deliver(post) == []


async def test_healthz_reports_readiness(webhook_bot: BotHarness) -> None:
    status, body = await webhook_bot.http("GET", "/healthz")
    assert (status, body) == (200, '{"status": "ok"}')
    server = WebhookServer(webhook_bot.app, "/telegram", WEBHOOK_SECRET, lambda: False)
    port = server.start("127.0.0.1", 0)
    try:
        import aiohttp

        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}/healthz") as response,
        ):
            assert response.status == 503
    finally:
        await server.stop()


async def test_admin_reload_swaps_only_a_valid_knowledge_base(
    fake_api: FakeBotApi, shipped_engine: Engine, tmp_path: Path
) -> None:
    kb_copy = tmp_path / "kb"
    with resources.as_file(resources.files("knowledge") / "data") as shipped:
        shutil.copytree(shipped, kb_copy)
    admin = person(ADMIN_ID, "en")
    async with launch(fake_api, shipped_engine, tmp_path, environ={"KNOWLEDGE_BASE_PATH": str(kb_copy)}) as bot:
        ui = kb_copy / "ui.yaml"
        described = "  ru: Как задать вопрос и список команд\n"
        ui.write_text(ui.read_text(encoding="utf-8").replace(described, "  ru: Помощь\n"), encoding="utf-8")
        [done] = await bot.say(admin, "/reload")
        assert str(len(shipped_engine.kb.entries)) in done.text
        reloaded = bot.app.bot_data.engine
        assert reloaded is not shipped_engine
        # the menu's descriptions are interface texts: the reload published them again
        assert {c["command"]: c["description"] for c in bot.fake.commands["ru"]}["help"] == "Помощь"
        assert len(list((tmp_path / "cache").glob("engine-*.pickle"))) == 1  # kept for the next start

        entries = sorted((kb_copy / "entries").glob("*.yaml"))[0]
        entries.write_text(entries.read_text(encoding="utf-8").replace("answer:", "anwser:", 1), encoding="utf-8")
        [refused] = await bot.say(admin, "/reload")
        assert "anwser" in refused.text
        assert bot.app.bot_data.engine is reloaded


async def test_reload_problems_are_shown_escaped(fake_api: FakeBotApi, shipped_engine: Engine, tmp_path: Path) -> None:
    kb_copy = tmp_path / "kb"
    with resources.as_file(resources.files("knowledge") / "data") as shipped:
        shutil.copytree(shipped, kb_copy)
    entries = sorted((kb_copy / "entries").glob("*.yaml"))[0]
    text = entries.read_text(encoding="utf-8").replace("answer:", "<b>answer</b>&:", 1)
    entries.write_text(text, encoding="utf-8")
    async with launch(fake_api, shipped_engine, tmp_path, environ={"KNOWLEDGE_BASE_PATH": str(kb_copy)}) as bot:
        [refused] = await bot.say(person(ADMIN_ID, "en"), "/reload")
        assert "<b>answer</b>&" in refused.text  # the problem's words shown as written, not as markup


async def test_sighup_reloads_the_knowledge_base(
    fake_api: FakeBotApi, shipped_engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    kb_copy = tmp_path / "kb"
    with resources.as_file(resources.files("knowledge") / "data") as shipped:
        shutil.copytree(shipped, kb_copy)
    caplog.set_level(logging.INFO, logger="handlers.admin")
    async with launch(fake_api, shipped_engine, tmp_path, environ={"KNOWLEDGE_BASE_PATH": str(kb_copy)}) as bot:
        watch_signals(asyncio.Event(), bot.app)

        async def hang_up() -> Engine | None:
            before = len(caplog.records)
            os.kill(os.getpid(), signal.SIGHUP)
            for _ in range(200):
                await asyncio.sleep(0.05)
                if len(caplog.records) > before:
                    break
            return bot.app.bot_data.engine

        reloaded = await hang_up()
        assert reloaded is not shipped_engine and "reloaded (on SIGHUP)" in caplog.records[-1].getMessage()
        entries = sorted((kb_copy / "entries").glob("*.yaml"))[0]
        entries.write_text(entries.read_text(encoding="utf-8").replace("answer:", "anwser:", 1), encoding="utf-8")
        assert await hang_up() is reloaded  # a broken knowledge base is refused: the bot keeps its own
        assert "refused" in caplog.records[-1].getMessage()
        [answer] = await bot.say(person(4100, "en"), "When was IOM founded?")
        assert answer.text


async def test_admin_sees_unanswered_questions_escaped(bot: BotHarness) -> None:
    admin = person(ADMIN_ID, "en")
    [empty] = await bot.say(admin, "/unanswered")
    assert empty.text
    weird = "Is <b>this</b> & <script>x</script> known?"
    await bot.say(person(4200, "en"), weird)
    [listing] = await bot.say(admin, "/unanswered")
    assert weird in listing.text  # shown literally: the markup was escaped


async def test_errors_are_reported_to_the_user_without_internals(
    bot: BotHarness, shipped_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internal detail")

    engine = bot.app.bot_data.engine
    assert engine is not None
    monkeypatch.setattr(engine, "ask", broken)
    bot.expected_errors = 1
    [reply] = await bot.say(person(4300, "ky"), "When was IOM founded?")
    assert reply.html == shipped_engine.text("error", "ky")
    assert "secret" not in reply.text
    monkeypatch.undo()  # commands are asked too: /start must work again

    [answer] = await bot.say(person(4301, "en"), "/start iom_founded")
    monkeypatch.setattr(engine, "entry_reply", broken)
    bot.expected_errors = 2
    calls = await bot.press(person(4301, "en"), answer, answer.buttons[0][0])
    assert [call.params.get("text") for call in calls if call.method == "answerCallbackQuery"] == [
        shipped_engine.text("error", "en")
    ]


async def test_a_rejected_token_is_reported_without_the_token(fake_api: FakeBotApi, tmp_path: Path) -> None:
    wrong = "999999:wrong-token-that-telegram-rejects"
    config = Settings.from_env(
        {"TELEGRAM_BOT_TOKEN": wrong, "TELEGRAM_API_BASE_URL": fake_api.base_url, "DATA_DIR": str(tmp_path)}
    )
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        with pytest.raises(BotStartError) as error:
            await asyncio.to_thread(run_bot, config)
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    assert "rejected TELEGRAM_BOT_TOKEN" in str(error.value)
    rendered = "".join(traceback.format_exception(error.value))
    assert wrong not in rendered and "wrong-token" not in rendered
    assert wrong not in repr(RunningBot(build_application(config)))


async def test_webhook_refuses_a_stranger_before_reading_the_body(webhook_bot: BotHarness) -> None:
    """Headers without the secret and a promise of a megabyte: answered 403 at once, the body never awaited."""
    reader, writer = await asyncio.open_connection("127.0.0.1", webhook_bot.bot.webhook_port)
    try:
        writer.write(
            b"POST /telegram HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n"
        )
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), 5)
    finally:
        writer.close()
    assert status_line.startswith(b"HTTP/1.1 403")


async def test_webhook_refuses_absurd_bodies_without_a_traceback(webhook_bot: BotHarness) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
    status, _ = await webhook_bot.http("POST", "/telegram", "[" * 100_000 + "]" * 100_000, headers)
    assert status == 400  # JSON nested 100,000 deep: not a 500
    status, _ = await webhook_bot.http("POST", "/telegram", '{"update_id": 1, "x": "' + "a" * (2 << 20) + '"}', headers)
    assert 400 <= status < 500  # over the 1 MB body limit
    assert not webhook_bot.fake.calls_of("sendMessage")


async def test_the_webhook_server_caps_open_connections(webhook_bot: BotHarness) -> None:
    server = WebhookServer(webhook_bot.app, "/telegram", WEBHOOK_SECRET, lambda: True, max_connections=3)
    port = server.start("127.0.0.1", 0)
    held: list[asyncio.StreamWriter] = []
    try:
        for _ in range(3):  # stalled clients: connected, sending nothing
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            held.append(writer)
        await asyncio.sleep(0.1)
        reader, extra = await asyncio.open_connection("127.0.0.1", port)
        extra.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert await asyncio.wait_for(reader.read(), 5) == b""  # closed at once, unanswered
        held.pop().close()
        await asyncio.sleep(0.1)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert (await asyncio.wait_for(reader.read(), 5)).startswith(b"HTTP/1.1 200")  # room again: served
        writer.close()
    finally:
        for writer in held:
            writer.close()
        await server.stop()


async def test_the_webhook_server_cuts_idle_and_stalled_connections(
    webhook_bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client that sends nothing, or stops halfway through a body, is cut after its timeout: stalled
    connections cannot pile up until the cap turns Telegram away."""
    monkeypatch.setattr(webhook, "IDLE_TIMEOUT_SECONDS", 0.3)
    monkeypatch.setattr(webhook, "BODY_TIMEOUT_SECONDS", 0.3)
    server = WebhookServer(webhook_bot.app, "/telegram", WEBHOOK_SECRET, lambda: True)
    port = server.start("127.0.0.1", 0)
    try:
        reader, silent = await asyncio.open_connection("127.0.0.1", port)
        assert await asyncio.wait_for(reader.read(), 5) == b""  # sent nothing: closed
        silent.close()
        reader, halfway = await asyncio.open_connection("127.0.0.1", port)
        halfway.write(
            f"POST /telegram HTTP/1.1\r\nHost: x\r\n{SECRET_HEADER}: {WEBHOOK_SECRET}\r\n"
            'Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{"update_id": '.encode()
        )
        assert not (await asyncio.wait_for(reader.read(), 5)).startswith(b"HTTP/1.1 200")  # cut, not answered
        halfway.close()
    finally:
        await server.stop()
    assert not webhook_bot.fake.calls_of("sendMessage")


async def test_healthz_says_503_while_the_knowledge_base_loads(
    fake_api: FakeBotApi, shipped_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = threading.Event()
    monkeypatch.setattr(Engine, "load", classmethod(lambda cls, *args, **kwargs: loaded.wait(10) and shipped_engine))
    with socket.socket() as probe:  # a free port, known before the bot starts
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    starting = launch(fake_api, None, tmp_path, mode="webhook", environ={"WEBHOOK_PORT": str(port)})
    entered = asyncio.ensure_future(starting.__aenter__())
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(200):
                try:
                    async with session.get(f"{base}/healthz") as response:
                        health = response.status
                    break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.05)
            assert health == 503  # listening, still loading
            update = fake_api.message_update(person(4500, "en"), "When was IOM founded?")
            headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
            async with session.post(f"{base}/telegram", json=update, headers=headers) as response:
                assert response.status == 503  # not taken: Telegram delivers it again later
            loaded.set()
            await entered
            async with session.get(f"{base}/healthz") as response:
                assert response.status == 200
    finally:
        loaded.set()
        if not entered.done():
            await entered
        await starting.__aexit__(None, None, None)
