"""Remote control of a fake Bot API server running in another process (used by the throughput benchmark, so
the server's own work does not count against the bot being measured).

``POST /_fake/messages`` with ``{"messages": [{"user": {...}, "text": "..."}]}`` makes each a new private
message and makes the updates available to getUpdates; ``GET /_fake/calls?method=sendMessage&count=N`` waits
until the bot has made N such calls and returns their chat ids and times, the updates' availability times and
the number of refused calls. Times are the server's ``time.perf_counter()``.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from tests.fake_bot_api.server import FakeBotApi


def control_routes(fake: FakeBotApi) -> web.RouteTableDef:
    routes = web.RouteTableDef()

    @routes.post("/_fake/messages")
    async def messages(request: web.Request) -> web.Response:
        body = await request.json()
        updates = [fake.message_update(item["user"], item["text"]) for item in body["messages"]]
        for update in updates:
            fake.enqueue(update)
        return web.json_response({"update_ids": [update["update_id"] for update in updates]})

    @routes.post("/_fake/faults")
    async def faults(request: web.Request) -> web.Response:
        body = await request.json()
        fake.fail_at_random(body["method"], float(body["rate"]))
        return web.json_response({"ok": True})

    @routes.get("/_fake/answered")
    async def answered(request: web.Request) -> web.Response:
        """Waits until ``count`` calls of ``method`` succeeded; returns their chat ids and times, or with
        ``brief`` only how many there are (a soak waits on every batch: the whole list each time would grow the
        waiting process's memory, which is the bot's process)."""
        method, count = request.query["method"], int(request.query["count"])
        deadline = asyncio.get_running_loop().time() + float(request.query.get("seconds", "300"))
        while True:
            made = [call for call in fake.calls_of(method) if call.ok]
            if len(made) >= count or asyncio.get_running_loop().time() > deadline:
                break
            await asyncio.sleep(0.05)
        if request.query.get("brief"):
            return web.json_response({"count": len(made)})
        return web.json_response(
            {
                "calls": [{"chat_id": call.params.get("chat_id"), "at": call.at} for call in made],
                "tries": len(fake.calls_of(method)),
                "available": fake.update_available_at,
                "rejected": [call.description for call in fake.rejected()],
            }
        )

    @routes.get("/_fake/calls")
    async def calls(request: web.Request) -> web.Response:
        method = request.query["method"]
        count = int(request.query["count"])
        made = await fake.wait_for_calls(method, count, float(request.query.get("seconds", "120")))
        return web.json_response(
            {
                "calls": [{"chat_id": call.params.get("chat_id"), "at": call.at} for call in made],
                "available": fake.update_available_at,
                "rejected": [call.description for call in fake.rejected()],
            }
        )

    return routes
