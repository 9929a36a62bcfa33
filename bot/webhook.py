"""The bot's HTTP server: Telegram POSTs updates to WEBHOOK_PATH; a probe GETs /healthz; Prometheus GETs /metrics.
In polling mode the same server runs without the webhook path, for /healthz and /metrics only (METRICS_PORT).

Built on tornado, which python-telegram-bot's ``webhooks`` extra already installs (no new dependency), because
PTB's own ``run_webhook`` cannot serve a health check. A POST without the right
``X-Telegram-Bot-Api-Secret-Token`` header is refused with 403 as soon as its headers arrive, before any of its
body is read, so only Telegram can feed the bot and a stranger cannot make it hold large bodies; bodies over
MAX_BODY_BYTES, and connections idle or slow past their timeouts, are cut. Meant to sit behind a reverse proxy
that terminates TLS (``X-Forwarded-*`` headers are honoured in logs).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import socket
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop
from tornado.httpserver import HTTPServer
from tornado.iostream import IOStream
from tornado.netutil import bind_sockets
from tornado.web import Application as TornadoApplication
from tornado.web import RequestHandler, stream_request_body

from bot.progress import Progress

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
MAX_BODY_BYTES = 1 << 20
"""Telegram's updates are a few kilobytes; anything this large is not from Telegram."""
IDLE_TIMEOUT_SECONDS = 60.0
"""A connection that sends nothing for this long (between requests, or before its headers) is closed."""
BODY_TIMEOUT_SECONDS = 10.0
"""A body that takes longer than this to arrive is cut (a stalled client holds no connection for long)."""
ANSWER_WAIT_SECONDS = 50.0
"""How long Telegram's request is held while its update is handled (a reply waiting out a flood wait takes up to
half a minute); past it the update is acknowledged anyway."""
IN_FLIGHT_SECONDS = 10.0
"""On a stop, how long updates already begun may take to finish after the deadline."""
MAX_CONNECTIONS = 500
"""Open connections served at once; more are closed on arrival, so stalled clients cannot use up the process's
file descriptors (Telegram itself opens at most 40 by default, `max_connections` of setWebhook)."""

logger = logging.getLogger(__name__)


class Acknowledgement:
    """Telegram hears 200 for an update only once the bot has handled it, so none is lost by a stop: a webhook
    update is acknowledged when done, and one that a stop skips gets 503, which Telegram answers by sending it
    again to the next start (or to another replica).

    ``gate`` and ``done`` are the first and last handlers of every update; ``drain`` bounds a stop: no new update
    is taken, the ones taken may finish for ``deadline`` seconds, then those not begun are refused."""

    def __init__(self) -> None:
        self._waiting: dict[int, asyncio.Future[bool]] = {}
        self._begun: set[int] = set()
        self.stopping = False
        self._closed = False
        self._progress = Progress()

    def expect(self, update_id: int) -> asyncio.Future[bool]:
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting[update_id] = future
        return future

    def _settle(self, update_id: int, handled: bool) -> None:
        self._begun.discard(update_id)
        future = self._waiting.pop(update_id, None)
        if future is not None and not future.done():
            future.set_result(handled)
        self._progress.note()

    async def gate(self, update: Update, _: object) -> None:
        if self._closed:
            self._settle(update.update_id, handled=False)
            raise ApplicationHandlerStop
        self._begun.add(update.update_id)

    async def done(self, update: Update, _: object) -> None:
        self._settle(update.update_id, handled=True)

    async def drain(self, deadline: float, in_flight: float = IN_FLIGHT_SECONDS) -> None:
        self.stopping = True
        loop = asyncio.get_running_loop()
        until = loop.time() + deadline
        await self._progress.wait_until(lambda: not self._waiting, until)
        self._closed = True
        skipped = [update_id for update_id in self._waiting if update_id not in self._begun]
        for update_id in skipped:
            self._settle(update_id, handled=False)
        if skipped:
            logger.warning("stopping: %d update(s) refused with 503; Telegram delivers them again", len(skipped))
        await self._progress.wait_until(lambda: not self._waiting, loop.time() + in_flight)  # what has begun


@stream_request_body
class _UpdateHandler(RequestHandler):
    def initialize(
        self,
        bot_application: Application[Any, Any, Any, Any, Any, Any],
        secret: str,
        ready: Callable[[], bool],
        acknowledgement: Acknowledgement,
    ) -> None:
        self._application = bot_application
        self._secret = secret
        self._ready = ready
        self._acknowledgement = acknowledgement
        self._chunks: list[bytes] = []

    def prepare(self) -> None:
        """Runs when the headers have arrived, before the body: a caller without the secret goes at once."""
        if self.request.method != "POST":
            return
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self._secret.encode()):
            logger.warning("webhook call refused: %s secret token", "wrong" if given else "missing")
            self._reply(HTTPStatus.FORBIDDEN, {"ok": False, "description": "wrong or missing secret token"})

    def data_received(self, chunk: bytes) -> None:
        self._chunks.append(chunk)

    async def post(self) -> None:
        if not self._ready() or self._acknowledgement.stopping:  # Telegram delivers it again later
            self._reply(HTTPStatus.SERVICE_UNAVAILABLE, {"ok": False, "description": "starting or stopping"})
            return
        try:
            data = json.loads(b"".join(self._chunks))
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("no update_id")
            update = Update.de_json(data, self._application.bot)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):  # JSON nested absurdly deep
            logger.warning("webhook call refused: the body is not a Telegram update")
            self._reply(HTTPStatus.BAD_REQUEST, {"ok": False, "description": "not a Telegram update"})
            return
        handled = self._acknowledgement.expect(update.update_id)
        await self._application.update_queue.put(update)
        with contextlib.suppress(TimeoutError):  # longer than this: acknowledged anyway (it is being answered)
            if not await asyncio.wait_for(asyncio.shield(handled), ANSWER_WAIT_SECONDS):
                self._reply(HTTPStatus.SERVICE_UNAVAILABLE, {"ok": False, "description": "stopping"})
                return
        self._reply(HTTPStatus.OK, {"ok": True})

    def _reply(self, status: HTTPStatus, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))


class _HealthHandler(RequestHandler):
    def initialize(self, ready: Callable[[], bool]) -> None:
        self._ready = ready

    def get(self) -> None:
        ready = self._ready()
        self.set_status(HTTPStatus.OK if ready else HTTPStatus.SERVICE_UNAVAILABLE)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"status": "ok" if ready else "starting"}))


class _MetricsHandler(RequestHandler):
    def initialize(self, render: Callable[[], bytes], content_type: str) -> None:
        self._render = render
        self._content_type = content_type

    def get(self) -> None:
        self.set_header("Content-Type", self._content_type)
        self.finish(self._render())


class _CappedServer(HTTPServer):
    """Tornado's HTTP server, closing connections beyond ``limit`` as they arrive."""

    limit = MAX_CONNECTIONS
    refused = 0

    def handle_stream(self, stream: IOStream, address: tuple[Any, ...]) -> None:
        if len(self._connections) >= self.limit:
            self.refused += 1
            if self.refused == 1 or self.refused % 1000 == 0:
                logger.warning("webhook server full (%d connections): %d refused so far", self.limit, self.refused)
            stream.close()
            return
        super().handle_stream(stream, address)


class WebhookServer:
    """Serves the webhook path (when given), /healthz and /metrics on ``listen:port`` within the running event
    loop."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        path: str | None,
        secret: str,
        ready: Callable[[], bool],
        metrics: tuple[Callable[[], bytes], str] | None = None,
        max_connections: int = MAX_CONNECTIONS,
    ) -> None:
        self.acknowledgement = Acknowledgement()
        routes: list[tuple[str, type[RequestHandler], dict[str, Any]]] = [
            (HEALTH_PATH, _HealthHandler, {"ready": ready})
        ]
        if path is not None:
            routes.append(
                (
                    path,
                    _UpdateHandler,
                    {
                        "bot_application": application,
                        "secret": secret,
                        "ready": ready,
                        "acknowledgement": self.acknowledgement,
                    },
                )
            )
        if metrics is not None:
            render, content_type = metrics
            routes.append((METRICS_PATH, _MetricsHandler, {"render": render, "content_type": content_type}))
        self._server = _CappedServer(
            TornadoApplication(routes),
            xheaders=True,
            max_body_size=MAX_BODY_BYTES,
            idle_connection_timeout=IDLE_TIMEOUT_SECONDS,
            body_timeout=BODY_TIMEOUT_SECONDS,
        )
        self._server.limit = max_connections
        self.port = 0

    def start(self, listen: str, port: int) -> int:
        """Starts listening (port 0 picks a free one) and returns the port."""
        sockets = bind_sockets(port, listen, family=socket.AF_UNSPEC)
        self._server.add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]
        return self.port

    async def stop(self) -> None:
        self._server.stop()
        await self._server.close_all_connections()
