"""Throughput and latency of the Telegram bot against the fake Bot API, next to a minimal PTB echo bot.

The fake Telegram of the tests runs in a child process on 127.0.0.1 (loopback only), so its own work is not
charged to the bot measured. Two measurements per bot:

* burst: N updates become available at once; updates/second = N / (last sendMessage - first available),
  and p50/p99 of (sendMessage - update available), queueing included;
* paced: one update at a time (the next once the reply arrived); p50/p99 of the same latency, no queueing.

Next to them, the bot process's own CPU time per update in the burst (the fake Telegram's is not in it): on a
busy machine throughput swings with other load, this much less.

The bots: ``echo`` (PTB defaults: one handler replying with the text; the target is measured against it),
``echo (concurrent 256)`` (the same with PTB's concurrent updates), ``echo (our transport)`` (the same on our
aiohttp transport, bot/transport.py: the framework's floor with what this bot saves on every call), ``this
bot`` (our factory, the shipped knowledge base, rate limiter off: it caps at Telegram's 30 messages/s and would
measure only itself), and ``this bot, engine stubbed`` (a canned reply instead of matching: the cost of the
Telegram layer alone).

    python benchmarks/telegram_throughput.py [--updates 400] [--paced 100] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from asyncio.subprocess import PIPE
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from telegram import Update  # noqa: E402
from telegram.ext import Application, ContextTypes, MessageHandler, filters  # noqa: E402

from bot.app import build_application  # noqa: E402
from bot.runner import running  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.transport import AiohttpRequest  # noqa: E402
from knowledge.engine.pipeline import Engine  # noqa: E402
from knowledge.engine.reply import Reply  # noqa: E402

TOKEN = "123456:BENCHMARK-token"
USERS = 1000
"""Distinct senders: few messages each, as real traffic (a burst of ten from one user would meet the flood guard)."""
WARM_UP = 30
QUERIES = (
    "When was IOM founded?",
    "Когда основана МОМ?",
    "ЭМУ качан түзүлгөн?",
    "How many member states does IOM have?",
    "Сколько стран-членов в МОМ?",
    "What are the priorities of the Cooperation Framework?",
    "Приоритеты рамочной программы",
    "co-chairs",
    "консультации",
    "What is the weather today?",
    "Какая погода сегодня?",
    "Бүгүн аба ырайы кандай?",
    "hello",
    "/help",
)


@dataclass(frozen=True)
class Result:
    name: str
    throughput: float
    burst_p50: float
    burst_p99: float
    paced_p50: float
    paced_p99: float
    cpu_per_update: float


class StubEngine(Engine):
    """The shipped engine with matching replaced by one canned answer: isolates the Telegram layer's cost."""

    def __init__(self, engine: Engine) -> None:
        self.__dict__.update(engine.__dict__)
        self._canned = engine.entry_reply("iom_founded", "en") or engine.fallback_reply("en")

    def ask(self, text: str, lang: str | None = None, default_lang: str = "en") -> Reply:
        return self._canned


def echo_application(base_url: str, variant: str) -> Application[Any, Any, Any, Any, Any, Any]:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.message and update.message.text:
            await update.message.reply_text(update.message.text)

    builder = Application.builder().token(TOKEN).base_url(base_url)
    if variant == "concurrent":
        builder = builder.concurrent_updates(256)
    if variant == "transport":
        builder = builder.request(AiohttpRequest(1)).get_updates_request(AiohttpRequest(1))
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    return application


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class RemoteFake:
    """The fake Bot API in a child process (``python -m tests.fake_bot_api``), driven over HTTP."""

    def __init__(self) -> None:
        self.port = 0
        self._process: asyncio.subprocess.Process | None = None
        self._session: aiohttp.ClientSession | None = None
        self.sent = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def session(self) -> aiohttp.ClientSession | None:
        """The client session on the fake's control routes (``tests/fake_bot_api/control.py``)."""
        return self._session

    async def __aenter__(self) -> RemoteFake:
        self._process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.fake_bot_api", TOKEN, cwd=ROOT, stdin=PIPE, stdout=PIPE
        )
        assert self._process.stdout is not None
        line = (await self._process.stdout.readline()).decode()
        self.port = int(line.split()[1])
        self._session = aiohttp.ClientSession(f"http://127.0.0.1:{self.port}")
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()
        if self._process is not None and self._process.stdin is not None:
            self._process.stdin.close()
            await self._process.wait()

    async def post(self, texts: list[tuple[int, str]]) -> list[int]:
        """Makes messages (user id, text) available to the bot; returns their update ids."""
        assert self._session is not None
        users = [{"id": user, "is_bot": False, "first_name": "B", "language_code": "en"} for user, _ in texts]
        body = {"messages": [{"user": u, "text": text} for u, (_, text) in zip(users, texts, strict=True)]}
        async with self._session.post("/_fake/messages", json=body) as response:
            return list((await response.json())["update_ids"])

    async def replies(self, count: int) -> tuple[list[tuple[int, float]], dict[int, float]]:
        """Waits for ``count`` more sendMessage calls; returns them (chat id, time) and availability times."""
        assert self._session is not None
        self.sent += count
        query = {"method": "sendMessage", "count": str(self.sent)}
        async with self._session.get("/_fake/calls", params=query) as response:
            body = await response.json()
        if body["rejected"]:
            raise SystemExit(f"the fake Telegram refused calls: {body['rejected'][:3]}")
        calls = [(int(call["chat_id"]), float(call["at"])) for call in body["calls"]][self.sent - count :]
        return calls, {int(key): float(value) for key, value in body["available"].items()}


def latencies(
    calls: list[tuple[int, float]], texts: list[tuple[int, str]], ids: list[int], available: dict[int, float]
) -> list[float]:
    """Pairs each update with its chat's next reply (one reply per update, chats answered in order)."""
    pending: dict[int, deque[float]] = defaultdict(deque)
    for (user, _), update_id in zip(texts, ids, strict=True):
        pending[user].append(available[update_id])
    return [at - pending[chat].popleft() for chat, at in calls]


def messages(count: int, offset: int = 0) -> list[tuple[int, str]]:
    return [(10_000 + (offset + i) % USERS, QUERIES[(offset + i) % len(QUERIES)]) for i in range(count)]


async def measure(name: str, fake: RemoteFake, updates: int, paced: int) -> Result:
    await fake.post(messages(WARM_UP))
    await fake.replies(WARM_UP)

    burst = messages(updates)
    cpu_before = _process_cpu()
    ids = await fake.post(burst)
    calls, available = await fake.replies(updates)
    cpu_per_update = (_process_cpu() - cpu_before) / updates
    burst_latency = latencies(calls, burst, ids, available)
    throughput = updates / (max(at for _, at in calls) - min(available[i] for i in ids))

    paced_latency: list[float] = []
    for index in range(paced):
        one = messages(1, index)
        ids = await fake.post(one)
        calls, available = await fake.replies(1)
        paced_latency += latencies(calls, one, ids, available)
    return Result(
        name,
        throughput,
        percentile(burst_latency, 0.5),
        percentile(burst_latency, 0.99),
        percentile(paced_latency, 0.5),
        percentile(paced_latency, 0.99),
        cpu_per_update,
    )


def _process_cpu() -> float:
    times = os.times()
    return times.user + times.system


async def run_one(name: str, engine: Engine | None, echo: str, updates: int, paced: int) -> Result:
    async with RemoteFake() as fake:
        data_dir = Path(tempfile.mkdtemp(prefix="bench-"))
        settings = Settings.from_env(
            {
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_BASE_URL": fake.base_url,
                "RATE_LIMIT": "off",
                "DATA_DIR": str(data_dir),
                "USER_ID_SALT": "bench",
            }
        )
        # The bot opens its real storage: a SQLite file in DATA_DIR, as `make run` does.
        if engine is None:
            application = echo_application(fake.base_url, echo)
        else:
            application = build_application(settings, engine=engine)
        async with running(application, settings, poll_timeout=5):
            return await measure(name, fake, updates, paced)


BOTS: tuple[tuple[str, str], ...] = (
    ("echo (PTB defaults)", "defaults"),
    ("echo (concurrent 256)", "concurrent"),
    ("echo (our transport)", "transport"),
    ("this bot", ""),
    ("this bot, engine stubbed", ""),
)


async def main(updates: int, paced: int, rounds: int) -> None:
    engine = Engine.load()
    engines: dict[str, Engine | None] = {"this bot": engine, "this bot, engine stubbed": StubEngine(engine)}
    runs: dict[str, list[Result]] = defaultdict(list)
    for _ in range(rounds):  # bots take turns, so a burst of other load on the machine hits them all alike
        for name, echo in BOTS:
            runs[name].append(await run_one(name, engines.get(name), echo, updates, paced))
    results = [_median(runs[name]) for name, _ in BOTS]
    print(f"median of {rounds} rounds (the bots take turns in each round)")
    print(f"{updates} updates in a burst from {USERS} users, then {paced} paced; 127.0.0.1, fake Bot API\n")
    columns = ("updates/s", "burst p50", "burst p99", "paced p50", "paced p99", "cpu/update")
    print(f"{'bot':28} " + " ".join(f"{column:>10}" for column in columns))
    for r in results:
        print(
            f"{r.name:28} {r.throughput:10.0f} {r.burst_p50 * 1000:8.1f}ms {r.burst_p99 * 1000:8.1f}ms"
            f" {r.paced_p50 * 1000:8.2f}ms {r.paced_p99 * 1000:8.2f}ms {r.cpu_per_update * 1000:8.2f}ms"
        )
    for floor in (results[0], results[2]):
        for r in results[3:]:
            print(
                f"\n{r.name} / {floor.name}: throughput ratio {r.throughput / floor.throughput:.2f}, "
                f"paced p50 ratio {r.paced_p50 / floor.paced_p50:.2f}, "
                f"cpu/update ratio {r.cpu_per_update / floor.cpu_per_update:.2f}"
            )
    per_ask = statistics.mean(_time_ask(engine, query) for query in QUERIES)
    print(f"\nengine.ask alone: {per_ask * 1000:.2f} ms on average over these queries")


def _median(results: list[Result]) -> Result:
    """Each measure's median over the rounds."""
    middle = statistics.median
    return Result(
        results[0].name,
        middle(r.throughput for r in results),
        middle(r.burst_p50 for r in results),
        middle(r.burst_p99 for r in results),
        middle(r.paced_p50 for r in results),
        middle(r.paced_p99 for r in results),
        middle(r.cpu_per_update for r in results),
    )


def _time_ask(engine: Engine, query: str, repeat: int = 5) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        engine.ask(query)
    return (time.perf_counter() - start) / repeat


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--updates", type=int, default=400, help="updates in the burst (default 400)")
    parser.add_argument("--paced", type=int, default=100, help="updates sent one at a time (default 100)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of all bots; medians are shown (default 3)")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.updates, arguments.paced, arguments.rounds))
