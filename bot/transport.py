"""The bot's HTTP transport to the Bot API: aiohttp instead of PTB's default httpx.

Every update costs at least one Bot API call, and on httpx's connection pool (httpcore over anyio) a call
cost about as much CPU as all the rest of the bot's work on an update, the engine included. aiohttp does the
same call for about half as much (``benchmarks/telegram_throughput.py`` compares the echo bot on both).
Calls go as JSON bodies, which Telegram accepts for every method but file uploads; those go as multipart.
PTB documents ``BaseRequest`` as the place for a custom networking backend.

A proxy set in the environment (HTTPS_PROXY, NO_PROXY…) is looked up once per Bot API address, not by aiohttp's
``trust_env``: that looks it up (and reads ~/.netrc) in a worker thread on every call, and the thread hand-offs
made the engine's numpy work wait for the GIL: they cost the bot 30 % of its updates per second.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from contextlib import suppress
from urllib.parse import urlsplit
from urllib.request import getproxies, proxy_bypass

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.delivery import METHODS, DeliveryPolicy

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 5.0
"""Seconds, as PTB's own default for reading and connecting."""

POOL_TIMEOUT = 1.0
"""Seconds a call may wait for a free connection, as in PTB."""

_JSON = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    """``connections`` caps the calls in flight at once (PTB's ``connection_pool_size``)."""

    def __init__(
        self,
        connections: int,
        read_timeout: float | None = DEFAULT_TIMEOUT,
        delivery: DeliveryPolicy | None = None,
        on_failure: Callable[[str, bool], None] | None = None,
    ) -> None:
        self._connections = connections
        self._read_timeout = read_timeout
        self._delivery = delivery
        self._on_failure = on_failure
        """Told of each failed call: its kind (429, 5xx, 4xx, network, timeout) and whether it is tried again."""
        self._stopping = asyncio.Event()
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, str | None] = {}

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    def stop_retrying(self) -> None:
        """From now on a failed call is given up at once: the bot is stopping, and a reply still waiting out a
        flood wait must not hold the shutdown past its deadline."""
        self._stopping.set()

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connections), headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        name = url.rpartition("/")[2]
        policy = self._delivery if name in METHODS else None
        if policy is None:
            try:
                status, payload = await self._request(
                    url, method, request_data, read_timeout, connect_timeout, pool_timeout
                )
            except NetworkError as error:
                self._failed(_kind_of(error), retried=False)
                raise
            if status >= 400:
                self._failed(_status_kind(status), retried=False)
            return status, payload
        loop = asyncio.get_running_loop()
        deadline = loop.time() + policy.deadline
        attempt = 0
        while True:
            failure: NetworkError | None = None
            try:
                status, payload = await self._request(
                    url, method, request_data, read_timeout, connect_timeout, pool_timeout
                )
            except TimedOut:
                self._failed("timeout", retried=False)
                raise  # it may have been delivered: never sent twice
            except NetworkError as error:
                failure, wait = error, policy.pause(attempt)
            else:
                answer_wait = policy.wait_after(status, payload, attempt)
                if answer_wait is None:
                    if status >= 400:
                        self._failed(_status_kind(status), retried=False)
                    return status, payload
                wait = answer_wait
            retrying = not self._stopping.is_set() and loop.time() + wait <= deadline
            self._failed("network" if failure is not None else _status_kind(status), retried=retrying)
            if retrying:
                logger.info("%s failed (try %d); trying again in %.1f s", name, attempt + 1, wait)
                await self._pause(wait)
                if not self._stopping.is_set():  # the bot may have begun stopping during the pause
                    attempt += 1
                    continue
            if failure is not None:
                raise failure
            return status, payload

    def _failed(self, kind: str, retried: bool) -> None:
        if self._on_failure is not None:
            self._on_failure(kind, retried)

    async def _pause(self, seconds: float) -> None:
        """Sleeps ``seconds``, or less when the bot starts stopping meanwhile."""
        with suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    async def _request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None,
        read_timeout: ODVInput[float],
        connect_timeout: ODVInput[float],
        pool_timeout: ODVInput[float],
    ) -> tuple[int, bytes]:
        """One try of a call."""
        if self._session is None:
            raise RuntimeError("AiohttpRequest is not initialized")
        timeout = _timeout(
            _given(read_timeout, self._read_timeout),
            _given(connect_timeout, DEFAULT_TIMEOUT),
            _given(pool_timeout, POOL_TIMEOUT),
        )
        body, headers = _body(request_data)
        try:
            async with self._session.request(
                method, url, data=body, headers=headers, timeout=timeout, proxy=self._proxy(url)
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            # Never the URL: it holds the bot token.
            raise NetworkError(f"aiohttp.{type(error).__name__}: {str(error).replace(url, '<Bot API URL>')}") from error

    def _proxy(self, url: str) -> str | None:
        """The environment's proxy for the Bot API address (the URL less its method name), credentials in it
        as ``http://user:password@host:port``."""
        address = url.rpartition("/")[0]
        if address not in self._proxies:
            try:
                parts = urlsplit(address)
            except ValueError:  # aiohttp reports the malformed URL as a network error
                return None
            bypassed = parts.hostname is not None and proxy_bypass(parts.hostname)
            self._proxies[address] = None if bypassed else getproxies().get(parts.scheme)
        return self._proxies[address]


def _status_kind(status: int) -> str:
    return "429" if status == 429 else "5xx" if status >= 500 else "4xx"


def _kind_of(error: NetworkError) -> str:
    return "timeout" if isinstance(error, TimedOut) else "network"


def _given(value: ODVInput[float], default: float | None) -> float | None:
    """A timeout the caller gave, else ours (PTB passes DEFAULT_NONE for "not given")."""
    return default if isinstance(value, DefaultValue) else value


def _timeout(read: float | None, connect: float | None, pool: float | None) -> aiohttp.ClientTimeout:
    """aiohttp's ``connect`` includes waiting for a free connection; it has no write timeout (the bot sends
    small bodies, which the socket buffer takes at once)."""
    waiting = None if connect is None or pool is None else connect + pool
    return aiohttp.ClientTimeout(total=None, connect=waiting, sock_connect=connect, sock_read=read)


def _body(request_data: RequestData | None) -> tuple[bytes | aiohttp.FormData | None, dict[str, str] | None]:
    if request_data is None:
        return None, None
    if not request_data.contains_files:
        return json.dumps(request_data.parameters, ensure_ascii=False).encode(), _JSON
    form = aiohttp.FormData(request_data.json_parameters)
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form, None
