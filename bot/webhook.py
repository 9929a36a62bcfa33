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

import hmac
import json
import logging
import socket
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.iostream import IOStream
from tornado.netutil import bind_sockets
from tornado.web import Application as TornadoApplication
from tornado.web import RequestHandler, stream_request_body

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
MAX_BODY_BYTES = 1 << 20
"""Telegram's updates are a few kilobytes; anything this large is not from Telegram."""
IDLE_TIMEOUT_SECONDS = 60.0
"""A connection that sends nothing for this long (between requests, or before its headers) is closed."""
BODY_TIMEOUT_SECONDS = 10.0
MAX_CONNECTIONS = 500
"""Open connections served at once; more are closed on arrival, so stalled clients cannot use up the process's
file descriptors (Telegram itself opens at most 40 by default, `max_connections` of setWebhook)."""
"""A body that takes longer than this to arrive is cut (a stalled client holds no connection for long)."""

logger = logging.getLogger(__name__)


@stream_request_body
class _UpdateHandler(RequestHandler):
    def initialize(
        self, bot_application: Application[Any, Any, Any, Any, Any, Any], secret: str, ready: Callable[[], bool]
    ) -> None:
        self._application = bot_application
        self._secret = secret
        self._ready = ready
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
        if not self._ready():  # still loading: Telegram delivers it again later
            self._reply(HTTPStatus.SERVICE_UNAVAILABLE, {"ok": False, "description": "starting"})
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
        await self._application.update_queue.put(update)
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
        routes: list[tuple[str, type[RequestHandler], dict[str, Any]]] = [
            (HEALTH_PATH, _HealthHandler, {"ready": ready})
        ]
        if path is not None:
            routes.append((path, _UpdateHandler, {"bot_application": application, "secret": secret, "ready": ready}))
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
