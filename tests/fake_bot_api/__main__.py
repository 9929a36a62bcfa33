"""``python -m tests.fake_bot_api TOKEN``: the fake Bot API with remote control in its own process.

Prints ``PORT <n>`` once listening on 127.0.0.1, then serves until its standard input closes.
"""

from __future__ import annotations

import asyncio
import sys

from tests.fake_bot_api.control import control_routes
from tests.fake_bot_api.server import FakeBotApi


async def serve(token: str) -> None:
    fake = FakeBotApi(token)
    await fake.start(lambda app: app.add_routes(control_routes(fake)))
    print(f"PORT {fake.port}", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await fake.stop()


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1]))
