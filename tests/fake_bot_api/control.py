"""Remote control of a fake Bot API server running in another process (used by the throughput benchmark, so
the server's own work does not count against the bot being measured).

``POST /_fake/messages`` with ``{"messages": [{"user": {...}, "text": "..."}]}`` makes each a new private
message and makes the updates available to getUpdates; ``GET /_fake/calls?method=sendMessage&count=N`` waits
until the bot has made N such calls and returns their chat ids and times, the updates' availability times and
the number of refused calls. Times are the server's ``time.perf_counter()``.
"""

from __future__ import annotations

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
