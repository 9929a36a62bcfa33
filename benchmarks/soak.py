"""Soak: many updates through the real bot while Telegram fails a share of its sends, and whether every user
still gets exactly one answer, how late, and whether memory stays put.

The fake Telegram runs in a child process (as in telegram_throughput.py) and fails ``--fault-rate`` of the
sendMessage calls at random (a 500, a 502 or a dropped connection, from a fixed seed); the bot retries them
(bot/delivery.py). Updates arrive in batches of ``--batch`` from ``USERS`` senders. Printed: the share of updates
answered, answers beyond one per update (duplicates), tries per answer, latency p50/p99 from an update becoming
available to its successful send, and the bot process's resident memory at the start and after each fifth of
the updates. Not run in CI (it takes minutes); figures in the README.

    python benchmarks/soak.py [--updates 50000] [--batch 500] [--fault-rate 0.05]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.telegram_throughput import TOKEN, RemoteFake, messages, percentile  # noqa: E402
from bot.app import build_application  # noqa: E402
from bot.runner import running  # noqa: E402
from bot.settings import Settings  # noqa: E402
from knowledge.engine.pipeline import Engine  # noqa: E402

MEMORY_SAMPLES = 5
"""Resident memory is read at the start and after each fifth of the updates: growth that levels off is a
warm-up (caches filling), growth that goes on is a leak."""


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def soak(updates: int, batch: int, fault_rate: float) -> None:
    engine = Engine.load()
    async with RemoteFake() as fake:
        assert fake.session is not None
        async with fake.session.post("/_fake/faults", json={"method": "sendMessage", "rate": fault_rate}) as answer:
            answer.raise_for_status()
        settings = Settings.from_env(
            {
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_BASE_URL": fake.base_url,
                "RATE_LIMIT": "off",
                "DATA_DIR": tempfile.mkdtemp(prefix="soak-"),
                "USER_ID_SALT": "soak",
            }
        )
        async with running(build_application(settings, engine=engine), settings, poll_timeout=5):
            memory = [resident_mb()]
            sent: list[tuple[int, str]] = []
            ids: list[int] = []
            for start in range(0, updates, batch):
                chunk = messages(min(batch, updates - start), start)
                ids += await fake.post(chunk)
                sent += chunk
                brief = {"method": "sendMessage", "count": str(len(sent)), "brief": "1"}
                async with fake.session.get("/_fake/answered", params=brief) as response:
                    response.raise_for_status()
                if len(sent) >= updates * len(memory) // MEMORY_SAMPLES:
                    memory.append(resident_mb())
            async with fake.session.get(
                "/_fake/answered", params={"method": "sendMessage", "count": str(len(sent))}
            ) as response:
                body = await response.json()
    calls = [(int(call["chat_id"]), float(call["at"])) for call in body["calls"]]
    available = {int(key): float(value) for key, value in body["available"].items()}
    asked = Counter(user for user, _ in sent)
    answered = Counter(chat for chat, _ in calls)
    lost = sum(max(0, asked[user] - answered[user]) for user in asked)
    extra = sum(max(0, answered[user] - asked[user]) for user in answered)
    waits = _latencies(calls, sent, ids, available)
    senders = len({user for user, _ in sent})
    print(f"{updates} updates from {senders} users in batches of {batch}, {fault_rate:.0%} of sends failing")
    print(f"answered: {(updates - lost) / updates:.4%} ({lost} lost), duplicates: {extra}")
    print(f"sendMessage tries per answer: {body['tries'] / max(len(calls), 1):.3f}; refused: {len(body['rejected'])}")
    print(f"latency p50 {percentile(waits, 0.5) * 1000:.1f} ms, p99 {percentile(waits, 0.99) * 1000:.1f} ms")
    shares = ", ".join(f"{index * 100 // MEMORY_SAMPLES}% {mb:.0f}" for index, mb in enumerate(memory))
    print(f"resident memory (MB) after a share of the updates: {shares}")


def _latencies(
    calls: list[tuple[int, float]], sent: list[tuple[int, str]], ids: list[int], available: dict[int, float]
) -> list[float]:
    pending: dict[int, list[float]] = {}
    for (user, _), update_id in zip(sent, ids, strict=True):
        pending.setdefault(user, []).append(available[update_id])
    waits = []
    for chat, at in calls:
        queue = pending.get(chat)
        if queue:
            waits.append(at - queue.pop(0))
    return waits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--updates", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--fault-rate", type=float, default=0.05)
    args = parser.parse_args()
    asyncio.run(soak(args.updates, args.batch, args.fault_rate))


if __name__ == "__main__":
    main()
