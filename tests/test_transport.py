"""The aiohttp transport: what it sends, and how it fails (PTB's errors, never the token)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.transport import AiohttpRequest

TOKEN = "123456:TRANSPORT-secret"


async def _echo(request: web.Request) -> web.Response:
    """Answers with what arrived: the content type and the fields (a file part as its name and text)."""
    received: dict[str, Any] = {"content_type": request.content_type, "agent": request.headers.get("User-Agent")}
    if request.content_type == "application/json":
        received["fields"] = await request.json()
    else:
        form = await request.post()
        received["fields"] = {
            key: value if isinstance(value, str) else [value.filename, value.file.read().decode()]
            for key, value in form.items()
        }
    return web.json_response(received)


async def _slow(request: web.Request) -> web.Response:
    await asyncio.sleep(2)
    return web.json_response({})


@pytest.fixture
async def server() -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_post(f"/bot{TOKEN}/echo", _echo)
    app.router.add_post(f"/bot{TOKEN}/slow", _slow)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}/bot{TOKEN}"
    finally:
        await runner.cleanup()


@pytest.fixture
async def transport() -> AsyncIterator[AiohttpRequest]:
    request = AiohttpRequest(2, read_timeout=0.3)
    await request.initialize()
    try:
        yield request
    finally:
        await request.shutdown()


def _data(**values: object) -> RequestData:
    return RequestData([RequestParameter.from_input(key, value) for key, value in values.items()])


async def test_sends_a_call_as_json_with_nested_objects(server: str, transport: AiohttpRequest) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Да", callback_data="v1:e:iom_what")]])
    status, body = await transport.do_request(
        f"{server}/echo", "POST", _data(chat_id=7, text="Привет <b>мир</b>", reply_markup=keyboard)
    )
    received = json.loads(body)
    assert status == 200
    assert received["content_type"] == "application/json"
    assert received["agent"] == AiohttpRequest.USER_AGENT
    assert received["fields"] == {
        "chat_id": 7,
        "text": "Привет <b>мир</b>",
        "reply_markup": {"inline_keyboard": [[{"text": "Да", "callback_data": "v1:e:iom_what"}]]},
    }


async def test_uploads_files_as_multipart(server: str, transport: AiohttpRequest) -> None:
    document = InputFile(b"curated answers", filename="answers.txt", attach=False)
    _, body = await transport.do_request(f"{server}/echo", "POST", _data(chat_id=7, document=document))
    received = json.loads(body)
    assert received["content_type"] == "multipart/form-data"
    assert received["fields"] == {"chat_id": "7", "document": ["answers.txt", "curated answers"]}


async def test_a_slow_answer_is_a_timeout(server: str, transport: AiohttpRequest) -> None:
    with pytest.raises(TimedOut):
        await transport.do_request(f"{server}/slow", "POST", _data(chat_id=7))
    # the caller's own timeout wins over the default
    with pytest.raises(TimedOut):
        await transport.do_request(f"{server}/slow", "POST", _data(chat_id=7), read_timeout=0.1)


async def test_a_network_failure_is_a_network_error_without_the_token(transport: AiohttpRequest) -> None:
    with pytest.raises(NetworkError) as caught:
        await transport.do_request(f"http://127.0.0.1:1/bot{TOKEN}/getMe", "POST")
    assert TOKEN not in str(caught.value) and TOKEN.split(":")[1] not in str(caught.value)
    with pytest.raises(NetworkError) as caught:
        await transport.do_request(f"http://[bad-host/bot{TOKEN}/getMe", "POST")
    assert TOKEN.split(":")[1] not in str(caught.value)


async def test_must_be_initialized_and_can_restart() -> None:
    request = AiohttpRequest(1)
    with pytest.raises(RuntimeError):
        await request.do_request("http://127.0.0.1:1/bot1:x/getMe", "POST")
    await request.initialize()
    await request.shutdown()
    await request.shutdown()  # twice is harmless
    await request.initialize()  # and it can start again, as PTB does on a restart
    with pytest.raises(NetworkError):
        await request.do_request("http://127.0.0.1:1/bot1:x/getMe", "POST")
    await request.shutdown()


@pytest.fixture
async def proxy() -> AsyncIterator[str]:
    """A forward HTTP proxy that answers itself: the request line and proxy credentials it was sent."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode().split("\r\n")
        headers = dict(line.split(": ", 1) for line in head[1:] if line)
        await reader.readexactly(int(headers.get("Content-Length", 0)))
        body = json.dumps({"line": head[0], "auth": headers.get("Proxy-Authorization")}).encode()
        writer.write(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(body))
        writer.write(body)
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.close()
        await server.wait_closed()


async def test_calls_go_through_the_environments_proxy(
    proxy: str, transport: AiohttpRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://bot:s3cret@{proxy}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    for _ in range(2):  # looked up once, used for every call
        _, body = await transport.do_request(f"http://api.telegram.invalid/bot{TOKEN}/getMe", "POST")
        received = json.loads(body)
        assert received["line"] == f"POST http://api.telegram.invalid/bot{TOKEN}/getMe HTTP/1.1"
        assert received["auth"] == "Basic Ym90OnMzY3JldA=="  # bot:s3cret


async def test_no_proxy_hosts_are_called_directly(
    server: str, transport: AiohttpRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:1")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    status, _ = await transport.do_request(f"{server}/echo", "POST", _data(chat_id=7))
    assert status == 200
