"""GET /metrics: what the running bot counts, in Prometheus' text format, through the real server."""

from __future__ import annotations

import re
from pathlib import Path

import aiohttp

from knowledge.engine.pipeline import Engine
from tests.fake_bot_api.harness import BotHarness, launch, person
from tests.fake_bot_api.server import FakeBotApi, Fault

USER = 864_213_579


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample of the exposition (0 when absent)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        metric, _, value = line.rpartition(" ")
        head, _, rest = metric.partition("{")
        found = ",".join(sorted(rest.rstrip("}").split(","))) if rest else ""
        if head == name and found == wanted:
            return float(value)
    return 0.0


async def test_webhook_serves_the_counts_without_users_or_texts(
    webhook_bot: BotHarness, shipped_engine: Engine
) -> None:
    await webhook_bot.say(person(USER, "en"), "When was IOM founded?")
    await webhook_bot.say(person(USER, "ru"), "Какая погода завтра в Оше?")
    webhook_bot.fake.inject("sendMessage", Fault(status=500))
    await webhook_bot.say(person(USER, "en"), "What is IOM?")  # answered on the second try
    status, text = await webhook_bot.http("GET", "/metrics")
    assert status == 200
    assert sample(text, "faqbot_updates_total", kind="message") == 3
    assert sample(text, "faqbot_replies_total", status="answer", lang="en") == 2
    assert sample(text, "faqbot_replies_total", status="fallback", lang="ru") == 1
    assert sample(text, "faqbot_update_seconds_count") == 3
    assert sample(text, "faqbot_telegram_failures_total", kind="5xx", retried="yes") == 1
    assert sample(text, "faqbot_knowledge_entries") == len(shipped_engine.kb.entries)
    assert sample(text, "faqbot_knowledge_loaded_timestamp_seconds") > 1.7e9
    assert sample(text, "faqbot_storage_failures") == 0
    assert str(USER) not in text and "погода" not in text and not re.search(r"iom_founded", text)


async def test_polling_serves_metrics_only_on_request(
    fake_api: FakeBotApi, shipped_engine: Engine, tmp_path: Path
) -> None:
    async with launch(fake_api, shipped_engine, tmp_path) as quiet:
        assert quiet.bot.metrics_port is None
    async with launch(fake_api, shipped_engine, tmp_path, environ={"METRICS_PORT": "0"}) as bot:
        await bot.say(person(USER, "en"), "/help")
        port = bot.bot.metrics_port
        assert port
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/metrics") as response:
                assert response.status == 200
                assert sample(await response.text(), "faqbot_updates_total", kind="message") == 1
            async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert response.status == 200
            async with session.post(f"http://127.0.0.1:{port}/telegram", data=b"{}") as response:
                assert response.status == 404  # no webhook in polling mode
