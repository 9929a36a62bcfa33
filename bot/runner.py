"""Running the bot: long polling on a laptop, or a webhook behind a reverse proxy.

``running()`` is the whole lifecycle (initialize, post_init, start receiving, start; then the reverse) as an
async context manager, so production (``run_bot``), tests and benchmarks all start the bot the same way.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager, suppress
from dataclasses import dataclass, field, replace

from telegram import Update
from telegram.error import Conflict, InvalidToken, TelegramError
from telegram.ext import TypeHandler

from bot.app import App, build_application
from bot.health import beat
from bot.logging_setup import configure_logging
from bot.metrics import CONTENT_TYPE, Metrics
from bot.polling import Poller
from bot.settings import Settings, SettingsError
from bot.storage.database import DatabaseError
from bot.transport import AiohttpRequest
from bot.webhook import WebhookServer
from handlers.admin import reload_knowledge
from handlers.registry import ALLOWED_UPDATES
from knowledge.kb.load import KnowledgeBaseError

POLL_TIMEOUT_SECONDS = 30
GATE_GROUP = -10_000
"""Before every other handler: past the shutdown deadline, an update not yet begun is skipped."""
HANDLED_GROUP = 10_000
"""After every other handler: the update is done (bot/polling.py confirms it)."""

CONFLICT_GRACE_SECONDS = 30.0
"""How long a 409 ("terminated by other getUpdates request") may last before this process gives up: a second
instance on the same token would answer some messages twice."""

logger = logging.getLogger(__name__)


class PollingWatch:
    """Reads the errors of long polling: each in one line (PTB would log a traceback each time), and a conflict
    with another instance once, then, when it lasts ``grace`` seconds, a reason to stop (``failed``)."""

    def __init__(self, grace: float = CONFLICT_GRACE_SECONDS) -> None:
        self.grace = grace
        self.failed = asyncio.Event()
        self.reason = ""
        self._conflict_since: float | None = None

    def on_error(self, error: TelegramError) -> None:
        now = asyncio.get_running_loop().time()
        if not isinstance(error, Conflict):
            self._conflict_since = None
            logger.warning("getUpdates failed (%s: %s); polling goes on", type(error).__name__, error.message)
            return
        if self._conflict_since is None:
            self._conflict_since = now
            logger.error("another instance of this bot is polling with the same token; waiting %.0f s", self.grace)
        elif now - self._conflict_since >= self.grace and not self.failed.is_set():
            self.reason = "another instance of this bot is running with the same token: stop it, then start this one"
            self.failed.set()


@dataclass(frozen=True)
class RunningBot:
    application: App = field(repr=False)  # PTB's repr of the bot shows the token
    webhook_port: int | None = None
    webhook_secret: str = field(default="", repr=False)
    watch: PollingWatch | None = None
    """Polling's health (None in webhook mode)."""
    metrics_port: int | None = None
    """Polling mode's /metrics and /healthz server, when METRICS_PORT asks for one."""


class BotStartError(RuntimeError):
    """The bot could not run; the message is safe to print (secrets such as the token are redacted)."""


def run_bot(settings: Settings) -> None:
    """Runs the bot until SIGINT/SIGTERM.

    Raises SettingsError without a token and BotStartError when it cannot start or crashes: PTB's own
    exceptions may quote the token (``InvalidToken``), so they are re-raised with secrets redacted and
    without the original as cause.
    """
    if not settings.token:
        raise SettingsError("TELEGRAM_BOT_TOKEN is required to run the Telegram bot")
    if settings.mode == "webhook" and not settings.webhook_secret:
        # made here, before logging starts, so that it is redacted like a secret given in the environment
        settings = replace(settings, webhook_secret=secrets.token_urlsafe(32))
    redactor = configure_logging(settings.log_level, settings.secrets, log_format=settings.log_format)
    try:
        asyncio.run(_serve(settings))
    except InvalidToken:
        raise BotStartError("Telegram rejected TELEGRAM_BOT_TOKEN; check it with @BotFather") from None
    except KnowledgeBaseError:
        raise
    except DatabaseError as error:
        raise BotStartError(redactor.redact(str(error))) from None
    except Exception as error:
        raise BotStartError(redactor.redact(f"the bot stopped: {type(error).__name__}: {error}")) from None


async def _serve(settings: Settings) -> None:
    stop = asyncio.Event()
    application = build_application(settings)
    watch_signals(stop, application)
    async with running(application, settings) as bot:
        where = f"webhook on port {bot.webhook_port}" if bot.webhook_port is not None else "polling"
        logger.info("bot @%s is running (%s)", bot.application.bot.username, where)
        heartbeat = asyncio.ensure_future(beat(settings.data_dir))  # for `python -m bot healthcheck`
        waits = [asyncio.ensure_future(stop.wait())]
        if bot.watch is not None:
            waits.append(asyncio.ensure_future(bot.watch.failed.wait()))
        _, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        for waiting in (*pending, heartbeat):
            waiting.cancel()
    if bot.watch is not None and bot.watch.failed.is_set():
        raise BotStartError(bot.watch.reason)
    logger.info("bot stopped")


@asynccontextmanager
async def running(
    application: App,
    settings: Settings,
    poll_timeout: int = POLL_TIMEOUT_SECONDS,
    conflict_grace: float = CONFLICT_GRACE_SECONDS,
) -> AsyncIterator[RunningBot]:
    """The application receiving updates (polling or webhook per ``settings.mode``) for the ``with`` body.

    Everything started is stopped in reverse order, also when a later step fails.
    """
    async with AsyncExitStack() as stack:
        await application.initialize()
        stack.push_async_callback(_shut_down, application)
        server = None
        poller = None
        if settings.mode == "polling":
            watch = PollingWatch(conflict_grace)
            if application.updater is None:  # ours (bot/app.py); a bare Application (the benchmarks' echo) keeps PTB's
                poller = Poller(application, watch.on_error, poll_timeout, ALLOWED_UPDATES, settings.stop_deadline)
                application.add_handler(TypeHandler(Update, poller.gate), group=GATE_GROUP)
                application.add_handler(TypeHandler(Update, poller.mark), group=HANDLED_GROUP)
                stack.push_async_callback(poller.confirm)  # on the way out: after what was in flight has finished
        else:
            # listening before the knowledge base loads: /healthz says 503 meanwhile, and an update that arrives
            # gets 503 too, so Telegram sends it again later
            server, secret = _webhook_server(application, settings)
            stack.push_async_callback(server.stop)  # if a later step fails
            acknowledgement = server.acknowledgement
            application.add_handler(TypeHandler(Update, acknowledgement.gate), group=GATE_GROUP)
            application.add_handler(TypeHandler(Update, acknowledgement.done), group=HANDLED_GROUP)
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        stack.push_async_callback(application.stop)
        stack.callback(_stop_retrying, application)  # runs first: replies waiting to be retried give up
        if server is not None:
            stack.push_async_callback(server.stop)  # on the way out, no update is taken once stopping begins
            stack.push_async_callback(server.acknowledgement.drain, settings.stop_deadline)  # before that: bounded
            await application.bot.set_webhook(
                settings.webhook_url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES)
            )
            yield RunningBot(application, server.port, secret)
        else:
            if poller is not None:
                await poller.start()
                stack.push_async_callback(poller.stop_fetching)  # first on the way out: the backlog, bounded
            else:
                assert application.updater is not None
                await application.updater.start_polling(
                    timeout=poll_timeout, allowed_updates=list(ALLOWED_UPDATES), error_callback=watch.on_error
                )
                stack.push_async_callback(application.updater.stop)
            metrics_port = None
            if settings.metrics_port is not None:
                metrics = WebhookServer(application, None, "", _readiness(application), _metrics(application))
                metrics_port = metrics.start(settings.metrics_listen, settings.metrics_port)
                stack.push_async_callback(metrics.stop)
            yield RunningBot(application, watch=watch, metrics_port=metrics_port)


def _webhook_server(application: App, settings: Settings) -> tuple[WebhookServer, str]:
    """The webhook server, listening, and its secret."""
    secret = settings.webhook_secret or secrets.token_urlsafe(32)
    server = WebhookServer(application, settings.webhook_path, secret, _readiness(application), _metrics(application))
    server.start(settings.webhook_listen, settings.webhook_port)
    return server, secret


def watch_signals(stop: asyncio.Event, application: App) -> None:
    """SIGINT and SIGTERM stop the bot; SIGHUP reloads the knowledge base, as an administrator's /reload does
    (kept only when valid; the problems are logged)."""
    loop = asyncio.get_running_loop()
    with suppress(NotImplementedError, RuntimeError, ValueError):  # Windows, or not the main thread
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        hangup = getattr(signal, "SIGHUP", None)  # not on Windows
        if hangup is not None:
            loop.add_signal_handler(hangup, lambda: _reload_in_background(application))


def _reload_in_background(application: App) -> None:
    async def reload() -> None:
        with suppress(KnowledgeBaseError):  # logged by reload_knowledge; the bot keeps its knowledge base
            await reload_knowledge(application.bot, application.bot_data, "on SIGHUP")

    application.create_task(reload(), name="reload-on-sighup")


def _readiness(application: App) -> Callable[[], bool]:
    """Whether the bot is ready, read at each probe (the knowledge base loads after the server listens)."""
    return lambda: application.bot_data.ready


def _metrics(application: App) -> tuple[Callable[[], bytes], str] | None:
    metrics = application.bot_data.metrics
    return (metrics.render, CONTENT_TYPE) if isinstance(metrics, Metrics) else None


def _stop_retrying(application: App) -> None:
    request = application.bot.request
    if isinstance(request, AiohttpRequest):
        request.stop_retrying()


async def _shut_down(application: App) -> None:
    await application.shutdown()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)
