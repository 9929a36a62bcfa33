"""Operators' logs: one line per update (id, kind, status, entry, language, latency — never the text or the
user), as plain text or JSON, with secrets redacted either way."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.logging_setup import REDACTED, configure_logging
from bot.settings import Settings, SettingsError
from tests.fake_bot_api.harness import BotHarness, person


async def test_each_update_gets_one_line_without_its_text_or_user(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    user = person(4300, "en")
    with caplog.at_level(logging.INFO, logger="bot.updates"):
        await bot.say(user, "When was IOM founded? My passport is AB1234567")
        await bot.say(user, "What is the weather on Mars?")
    lines = [record for record in caplog.records if record.name == "bot.updates"]
    assert len(lines) == 2
    first, second = lines
    assert (first.status, first.entry, first.lang, first.kind) == ("answer", "iom_founded", "en", "message")  # type: ignore[attr-defined]
    assert second.status in ("fallback", "clarify") and second.entry == "-"  # type: ignore[attr-defined]
    for record in lines:
        text = record.getMessage()
        assert "passport" not in text and "AB1234567" not in text and "Mars" not in text
        assert str(user["id"]) not in text
        assert record.latency_ms >= 0  # type: ignore[attr-defined]


def test_json_lines_carry_the_fields_and_stay_redacted() -> None:
    stream = io.StringIO()
    try:
        configure_logging("INFO", ["123456:SECRET-token"], stream, log_format="json")
        logging.getLogger("bot.updates").info(
            "update 7 message status=answer", extra={"update_id": 7, "status": "answer", "latency_ms": 1.5}
        )
        logging.getLogger("bot.test").warning("token 123456:SECRET-token leaked?")
    finally:
        logging.getLogger().handlers.clear()
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert (first["logger"], first["level"], first["update_id"], first["status"], first["latency_ms"]) == (
        "bot.updates",
        "INFO",
        7,
        "answer",
        1.5,
    )
    assert "SECRET" not in second["message"] and REDACTED in second["message"]


def test_log_format_is_plain_or_json() -> None:
    assert Settings.from_env({}).log_format == "plain"
    assert Settings.from_env({"LOG_FORMAT": "JSON"}).log_format == "json"
    with pytest.raises(SettingsError, match="LOG_FORMAT"):
        Settings.from_env({"LOG_FORMAT": "xml"})
