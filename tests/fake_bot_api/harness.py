"""Runs the real bot — built by ``bot.app.build_application`` and started by ``bot.runner.running`` — against
the fake Bot API server, and lets a test act as Telegram users and see what they would see.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from telegram import Update
from telegram.ext import TypeHandler

from bot.app import App, build_application
from bot.logging_setup import FORMAT, RedactingFilter
from bot.runner import RunningBot, running
from bot.settings import Settings
from bot.storage.store import SqlStore
from knowledge.engine.pipeline import Engine
from tests.fake_bot_api.server import Call, FakeBotApi
from tests.fake_bot_api.world import StoredMessage

TOKEN = "123456:TEST-token_for-the-fake-server"
"""Shaped like a bot token, but far too short to be a real one."""
WEBHOOK_SECRET = "webhook-secret_123"
WEBHOOK_URL = "https://bot.example.org/telegram"
ADMIN_ID = 900_001
PROCESS_TIMEOUT = 10.0


def person(user_id: int, language_code: str | None = "en", is_bot: bool = False, name: str = "") -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": is_bot, "first_name": name or f"User{user_id}"}
    if language_code:
        user["language_code"] = language_code
    return user


@dataclass
class BotHarness:
    fake: FakeBotApi
    bot: RunningBot
    mode: str
    processed: dict[int, asyncio.Event] = field(default_factory=dict)
    expected_errors: int = 0

    @property
    def app(self) -> App:
        return self.bot.application

    @property
    def errors(self) -> int:
        return self.app.bot_data.errors

    @property
    def store(self) -> SqlStore:
        """The running bot's storage (SQLite in the test's folder unless DATABASE_URL says otherwise)."""
        store = self.app.bot_data.store
        assert isinstance(store, SqlStore)
        return store

    async def deliver(self, update: dict[str, Any]) -> list[Call]:
        """Hands ``update`` to the bot (getUpdates or webhook POST) and waits until it is handled.

        Returns the calls the bot made meanwhile, polling aside."""
        start = len(self.fake.calls)
        event = self.processed.setdefault(update["update_id"], asyncio.Event())
        if self.mode == "polling":
            self.fake.enqueue(update)
        else:
            status, _ = await self.post_webhook(update, self.bot.webhook_secret)
            assert status == 200, status
        await asyncio.wait_for(event.wait(), PROCESS_TIMEOUT)
        return [call for call in self.fake.calls[start:] if call.method != "getUpdates"]

    async def post_webhook(self, update: dict[str, Any], secret: str | None) -> tuple[int, str]:
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        return await self.http("POST", "/telegram", json.dumps(update), headers)

    async def http(
        self, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        url = f"http://127.0.0.1:{self.bot.webhook_port}{path}"
        async with (
            aiohttp.ClientSession() as session,
            session.request(method, url, data=body.encode(), headers=headers) as response,
        ):
            return response.status, await response.text()

    def shown(self, calls: list[Call]) -> list[StoredMessage]:
        """The bot's messages sent or edited by ``calls``, as they now look in the chat."""
        messages = []
        for call in calls:
            if call.ok and call.method in ("sendMessage", "editMessageText", "sendDocument"):
                result = call.result
                messages.append(self.fake.messages[(result["chat"]["id"], result["message_id"])])
        return messages

    async def say(
        self,
        user: dict[str, Any],
        text: str,
        chat: dict[str, Any] | None = None,
        reply_to: int | None = None,
    ) -> list[StoredMessage]:
        """``user`` writes ``text``; returns the bot's messages in reply."""
        return self.shown(await self.deliver(self.fake.message_update(user, text, chat, reply_to)))

    async def press(self, user: dict[str, Any], message: StoredMessage, label_or_data: str) -> list[Call]:
        """``user`` presses the button with this label (or raw callback data) under ``message``."""
        data = dict(message.buttons).get(label_or_data, label_or_data)
        return await self.deliver(self.fake.press_update(user, message, data))

    def last_update_id(self) -> int:
        return max(self.processed, default=0)


@asynccontextmanager
async def launch(
    fake: FakeBotApi,
    engine: Engine | None,
    data_dir: Path,
    mode: str = "polling",
    environ: dict[str, str] | None = None,
) -> AsyncIterator[BotHarness]:
    """The bot running against ``fake`` for the ``with`` body; checks it never hit its error handler."""
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": fake.base_url,
        "DATA_DIR": str(data_dir),
        "USER_ID_SALT": "test-salt",
        "ADMIN_USER_IDS": str(ADMIN_ID),
        "BOT_MODE": mode,
        "WEBHOOK_URL": WEBHOOK_URL,
        "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": "0",
        "WEBHOOK_SECRET": WEBHOOK_SECRET,
        **(environ or {}),
    }
    settings = Settings.from_env(env)
    application = build_application(settings, engine=engine)
    processed: dict[int, asyncio.Event] = {}

    async def mark(update: Update, _: object) -> None:
        processed.setdefault(update.update_id, asyncio.Event()).set()

    application.add_handler(TypeHandler(Update, mark), group=1_000)
    with _logs_kept_secret(settings):
        async with running(application, settings) as bot:
            harness = BotHarness(fake, bot, mode, processed)
            yield harness
            assert harness.errors == harness.expected_errors, "the bot's error handler ran"


@contextmanager
def _logs_kept_secret(settings: Settings) -> Iterator[None]:
    """Every scenario's log lines, as the bot writes them (at INFO, through its redaction), hold neither the
    token, nor its secret half, nor the webhook secret: faults and tracebacks included."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RedactingFilter(settings.secrets))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(min(level, logging.INFO) if level else logging.INFO)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    written = stream.getvalue()
    for secret in (settings.token, settings.token.partition(":")[2], settings.webhook_secret):
        assert not secret or secret not in written, "a secret reached the logs"
