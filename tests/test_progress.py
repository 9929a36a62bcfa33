"""Waiting with a deadline for work that finishes bit by bit (bot/progress.py)."""

from __future__ import annotations

import asyncio

from bot.progress import Progress


async def test_a_waiter_wakes_when_the_work_is_done_not_at_the_deadline() -> None:
    progress, left = Progress(), [1, 2, 3]

    async def finish_all() -> None:
        while left:
            await asyncio.sleep(0.01)
            left.pop()
            progress.note()

    worker = asyncio.ensure_future(finish_all())
    far = asyncio.get_running_loop().time() + 3600
    await asyncio.wait_for(progress.wait_until(lambda: not left, far), 30)  # woken by the work, not the hour
    assert left == []
    await worker


async def test_a_waiter_gives_up_at_the_deadline() -> None:
    progress = Progress()
    loop = asyncio.get_running_loop()
    started = loop.time()
    await progress.wait_until(lambda: False, started + 0.1)
    assert loop.time() >= started + 0.1
