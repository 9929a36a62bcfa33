"""Shared pytest configuration. The Telegram end-to-end fixtures live in tests/fake_bot_api/fixtures.py."""

import shutil
from pathlib import Path

import pytest

from tests.databases import database_url, postgres_url
from tests.fake_bot_api.fixtures import bot, fake_api, shipped_engine, webhook_bot

__all__ = ["bot", "database_url", "fake_api", "kb", "postgres_url", "shipped_engine", "webhook_bot"]

VALID_KB = Path(__file__).parent / "fixtures" / "kb" / "valid"


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the valid fixture knowledge base; problems then name files as 'kb/…'."""
    root = tmp_path / "kb"
    shutil.copytree(VALID_KB, root)
    monkeypatch.chdir(tmp_path)
    return root
