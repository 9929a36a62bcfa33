"""Pytest fixtures of the Telegram end-to-end tests (imported by tests/conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from knowledge.engine.pipeline import Engine
from tests.fake_bot_api.harness import TOKEN, BotHarness, launch
from tests.fake_bot_api.server import FakeBotApi


@pytest.fixture(scope="session")
def shipped_engine() -> Engine:
    """The shipped knowledge base, loaded once for the whole session."""
    return Engine.load()


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    """The fake Telegram; a test fails if any call was refused or a query left unanswered."""
    fake = FakeBotApi(TOKEN)
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()
    refused = [(call.method, call.description) for call in fake.rejected()]
    assert not refused, f"the fake Telegram refused calls: {refused}"
    assert not fake.unanswered_queries(), f"queries never answered: {fake.unanswered_queries()}"


@pytest.fixture
async def bot(fake_api: FakeBotApi, shipped_engine: Engine, tmp_path: Path) -> AsyncIterator[BotHarness]:
    """The bot in polling mode on the shipped knowledge base."""
    async with launch(fake_api, shipped_engine, tmp_path) as harness:
        yield harness


@pytest.fixture
async def webhook_bot(fake_api: FakeBotApi, shipped_engine: Engine, tmp_path: Path) -> AsyncIterator[BotHarness]:
    """The bot in webhook mode on the shipped knowledge base."""
    async with launch(fake_api, shipped_engine, tmp_path, mode="webhook") as harness:
        yield harness
