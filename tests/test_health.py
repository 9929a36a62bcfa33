"""`python -m bot run` never falls back to the console, and `python -m bot healthcheck` tells a container whether
the bot lives: its /healthz in webhook mode, its heartbeat file in polling mode."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from bot.cli import main
from bot.health import HEARTBEAT_FILE, STALE_AFTER_SECONDS, beat, check
from bot.settings import Settings
from tests.fake_bot_api.harness import BotHarness


def test_run_without_a_token_exits_2_with_a_plain_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["run"]) == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in capsys.readouterr().err


async def test_the_heartbeat_is_touched_until_cancelled(tmp_path: Path) -> None:
    task = asyncio.ensure_future(beat(tmp_path / "data", every=0.05))
    await asyncio.sleep(0.2)
    task.cancel()
    assert (tmp_path / "data" / HEARTBEAT_FILE).is_file()


def test_polling_health_follows_the_heartbeat(tmp_path: Path) -> None:
    settings = Settings.from_env({"DATA_DIR": str(tmp_path)})
    healthy, why = check(settings)
    assert not healthy and "no heartbeat" in why
    (tmp_path / HEARTBEAT_FILE).touch()
    stamp = (tmp_path / HEARTBEAT_FILE).stat().st_mtime
    assert check(settings, now=stamp + 1)[0]
    healthy, why = check(settings, now=stamp + STALE_AFTER_SECONDS + 1)
    assert not healthy and "stuck or stopped" in why


async def test_webhook_health_asks_the_bots_own_healthz(webhook_bot: BotHarness, tmp_path: Path) -> None:
    port = webhook_bot.bot.webhook_port
    assert port is not None
    settings = Settings.from_env(
        {"BOT_MODE": "webhook", "WEBHOOK_URL": "https://faq.example.org/telegram", "WEBHOOK_PORT": str(port)}
    )
    healthy, why = await asyncio.to_thread(check, settings)
    assert healthy and why == "/healthz answered 200"


def test_healthcheck_command_exit_codes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in [name for name in os.environ if name in ("BOT_MODE", "WEBHOOK_URL", "TELEGRAM_BOT_TOKEN")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    assert main(["healthcheck"]) == 1
    (tmp_path / HEARTBEAT_FILE).touch()
    assert main(["healthcheck"]) == 0
    assert "heartbeat" in capsys.readouterr().out
