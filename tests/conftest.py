"""Shared pytest configuration. The Telegram end-to-end fixtures live in tests/fake_bot_api/fixtures.py."""

from tests.fake_bot_api.fixtures import bot, fake_api, shipped_engine, webhook_bot

__all__ = ["bot", "fake_api", "shipped_engine", "webhook_bot"]
