"""A fake Telegram Bot API server for end-to-end tests: an aiohttp app on 127.0.0.1 with an ephemeral port.

It speaks the HTTP protocol python-telegram-bot uses (``/bot<token>/<method>``, form or JSON bodies), keeps a
small model of chats and messages, hands out updates the test creates through ``getUpdates`` long polling, and
answers every call the way Telegram would — including refusing what Telegram refuses (see ``checks``). Every
call is recorded; the test harness fails a test that leaves a refused call or an unanswered callback query.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fake_bot_api import checks
from tests.fake_bot_api.world import StoredMessage, World

_STRING_FIELDS = frozenset(
    {
        "text",
        "parse_mode",
        "callback_query_id",
        "inline_query_id",
        "url",
        "secret_token",
        "language_code",
        "description",
        "short_description",
        "action",
        "next_offset",
        "inline_message_id",
    }
)


class ApiError(Exception):
    def __init__(self, description: str, code: int = 400) -> None:
        super().__init__(description)
        self.description = description
        self.code = code


@dataclass
class Call:
    """One request the bot made, and whether the fake Telegram accepted it."""

    method: str
    params: dict[str, Any]
    ok: bool = True
    description: str = ""
    result: Any = None
    at: float = field(default_factory=time.perf_counter)
    injected: bool = False
    """Failed by an injected fault, not refused: a test that injects faults expects these."""


@dataclass(frozen=True)
class Fault:
    """What the fake Telegram does to one call instead of answering it plainly."""

    status: int = 0
    """Answer with this error code (429 flood wait, 500, 502…) without carrying the call out."""
    retry_after: int = 0
    """With 429: the seconds Telegram asks the bot to wait."""
    drop: bool = False
    """Close the connection without an answer, before carrying the call out."""
    delay: float = 0.0
    """Carry the call out, then answer only after this many seconds (past the bot's timeout, it never hears)."""


class FakeBotApi(World):
    """The fake server of one bot (and, as a ``World``, what its users do)."""

    def __init__(self, token: str, bot_id: int = 7_000_001, bot_username: str = "IomFaqTestBot") -> None:
        super().__init__(bot_id, bot_username)
        self.token = token
        self.calls: list[Call] = []
        self.inline_answers: dict[str, dict[str, Any]] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}  # language code ("" = default) -> commands
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self.webhook: dict[str, Any] = {}
        self._allowed_updates: list[str] = []
        self._released = False
        self._call_made = asyncio.Event()
        self._counts: dict[str, int] = {}
        self._faults: dict[str, list[Fault]] = {}
        self._fault_rates: dict[str, float] = {}
        self._random = random.Random(20261207)
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self, extra_routes: Callable[[web.Application], object] | None = None) -> None:
        """Listens on 127.0.0.1 on a free port; ``extra_routes`` may add routes first (see ``control``)."""
        app = web.Application(client_max_size=10 << 20)
        if extra_routes is not None:
            extra_routes(app)
        app.router.add_route("*", "/{path:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        self.release_polls()
        if self._runner is not None:
            await self._runner.cleanup()

    def release_polls(self) -> None:
        """Lets every waiting getUpdates return now (used before shutting the bot down)."""
        self._released = True
        self._new_update.set()

    async def _dispatch(self, request: web.Request) -> web.Response:
        prefix, _, method = request.path.lstrip("/").partition("/")
        if not prefix.startswith("bot") or "/" in method:
            return _json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        if prefix[3:] != self.token:
            return _json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        params = await _params(request)
        handler = getattr(self, f"_api_{method.lower()}", None)
        call = Call(method, params)
        self.calls.append(call)
        self._counts[method.lower()] = self._counts.get(method.lower(), 0) + 1
        self._call_made.set()
        if handler is None:
            call.ok, call.description = False, "Not Found"
            return _json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        faults = self._faults.get(method.lower())
        fault = faults.pop(0) if faults else self._random_fault(method.lower())
        if fault.drop or fault.status:
            call.ok, call.injected = False, True
            if fault.drop and request.transport is not None:
                request.transport.close()
            return _fault_response(fault)
        try:
            call.result = await handler(params)
        except ApiError as error:
            call.ok, call.description = False, error.description
            return _json(error.code, {"ok": False, "error_code": error.code, "description": error.description})
        if fault.delay:
            await asyncio.sleep(fault.delay)
        return _json(200, {"ok": True, "result": call.result})

    def fail_at_random(self, method: str, rate: float) -> None:
        """From now on a share ``rate`` of the calls of ``method`` meet a 500, a 502 or a dropped connection."""
        self._fault_rates[method.lower()] = rate

    def _random_fault(self, method: str) -> Fault:
        rate = self._fault_rates.get(method, 0.0)
        if not rate or self._random.random() >= rate:
            return Fault()
        return self._random.choice([Fault(status=500), Fault(status=502), Fault(drop=True)])

    def inject(self, method: str, *faults: Fault) -> None:
        """The next calls of ``method`` meet these faults, one each, in order."""
        self._faults.setdefault(method.lower(), []).extend(faults)

    def rejected(self) -> list[Call]:
        return [call for call in self.calls if not call.ok and not call.injected]

    def take_rejected(self) -> list[Call]:
        """The refused calls so far, forgotten so they do not fail the test (for tests that expect them)."""
        refused = self.rejected()
        self.calls = [call for call in self.calls if call.ok]
        return refused

    def unanswered_queries(self) -> list[str]:
        pending = {**self.callback_queries, **self.inline_queries}
        return [query_id for query_id, answered in pending.items() if not answered]

    def calls_of(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method.lower() == method.lower()]

    async def wait_for_calls(self, method: str, count: int, seconds: float = 30.0) -> list[Call]:
        """Waits until the bot has made ``count`` calls of ``method`` (in total) and returns them."""
        async with asyncio.timeout(seconds):
            while self._counts.get(method.lower(), 0) < count:
                self._call_made.clear()
                await self._call_made.wait()
        return self.calls_of(method)

    # ---- Bot API methods

    async def _api_getme(self, params: dict[str, Any]) -> Any:
        return self.bot_user

    async def _api_getupdates(self, params: dict[str, Any]) -> Any:
        if self.webhook.get("url"):
            raise ApiError("Conflict: can't use getUpdates method while webhook is active", 409)
        if "allowed_updates" in params:
            self._allowed_updates = list(params["allowed_updates"] or [])
        offset = int(params.get("offset") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while True:
            available = [u for u in self._updates if self._allowed(u)]
            if available or time.monotonic() >= deadline:
                return available[: int(params.get("limit") or 100)]
            self._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), deadline - time.monotonic())
            if self._released:
                return []

    def _allowed(self, update: dict[str, Any]) -> bool:
        kinds = self._allowed_updates or ["message", "edited_message", "callback_query", "inline_query"]
        return any(kind in update for kind in kinds)

    async def _api_deletewebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = {}
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _api_setwebhook(self, params: dict[str, Any]) -> Any:
        if not str(params.get("url", "")).startswith("https://"):
            raise ApiError("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not checks.SECRET_TOKEN.fullmatch(secret):
            raise ApiError("Bad Request: secret token contains unallowed characters")
        self.webhook = dict(params)
        return True

    async def _api_getwebhookinfo(self, params: dict[str, Any]) -> Any:
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": 0,
        }

    async def _api_sendmessage(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat_id(params)
        problem = checks.text_problem(params.get("text"), params.get("parse_mode"))
        problem = problem or checks.markup_problem(params.get("reply_markup"))
        if problem:
            raise ApiError(problem)
        reply = params.get("reply_parameters") or {}
        reply_to = reply.get("message_id")
        if reply_to is not None and (chat_id, reply_to) not in self.messages:
            if not reply.get("allow_sending_without_reply"):
                raise ApiError("Bad Request: message to be replied not found")
            reply_to = None
        preview = params.get("link_preview_options") or {}
        message = StoredMessage(
            chat_id,
            self.next_message_id(chat_id),
            True,
            checks.visible_text(params["text"], params.get("parse_mode")),
            html=params["text"],
            markup=params.get("reply_markup"),
            reply_to=reply_to,
            link_preview_disabled=bool(preview.get("is_disabled")),
        )
        self.messages[(chat_id, message.message_id)] = message
        return self._message_json(message)

    async def _api_senddocument(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat_id(params)
        document = params.get("document")
        if not isinstance(document, dict) or not document.get("content"):
            raise ApiError("Bad Request: file must be non-empty")
        caption = params.get("caption") or ""
        problem = checks.text_problem(caption, params.get("parse_mode")) if caption else None
        if problem is None and checks.utf16_length(checks.visible_text(caption, params.get("parse_mode"))) > 1024:
            problem = "Bad Request: message caption is too long"
        if problem:
            raise ApiError(problem)
        message = StoredMessage(
            chat_id,
            self.next_message_id(chat_id),
            True,
            checks.visible_text(caption, params.get("parse_mode")) if caption else "",
            html=caption,
            document=(str(document["filename"]), bytes(document["content"])),
        )
        self.messages[(chat_id, message.message_id)] = message
        return self._message_json(message)

    async def _api_editmessagetext(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat_id(params)
        message = self.messages.get((chat_id, int(params.get("message_id") or 0)))
        if message is None:
            raise ApiError("Bad Request: message to edit not found")
        if not message.from_bot:
            raise ApiError("Bad Request: message can't be edited")
        problem = checks.text_problem(params.get("text"), params.get("parse_mode"))
        problem = problem or checks.markup_problem(params.get("reply_markup"))
        if problem:
            raise ApiError(problem)
        markup = params.get("reply_markup")
        if params["text"] == message.html and markup == message.markup:
            raise ApiError(
                "Bad Request: message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        message.html, message.markup = params["text"], markup
        message.text = checks.visible_text(params["text"], params.get("parse_mode"))
        return self._message_json(message)

    async def _api_deletemessage(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat_id(params)
        if self.messages.pop((chat_id, int(params.get("message_id") or 0)), None) is None:
            raise ApiError("Bad Request: message to delete not found")
        return True

    async def _api_answercallbackquery(self, params: dict[str, Any]) -> Any:
        query_id = _pending_query(self.callback_queries, params.get("callback_query_id"))
        if len(str(params.get("text") or "")) > checks.MAX_CALLBACK_ANSWER:
            raise ApiError("Bad Request: MESSAGE_TOO_LONG")
        self.callback_queries[query_id] = True
        return True

    async def _api_answerinlinequery(self, params: dict[str, Any]) -> Any:
        query_id = _pending_query(self.inline_queries, params.get("inline_query_id"))
        problem = checks.inline_results_problem(params.get("results"))
        button = params.get("button")
        if button and not checks.START_PARAMETER.fullmatch(str(button.get("start_parameter", ""))):
            problem = problem or "Bad Request: START_PARAM_INVALID"
        if problem:
            raise ApiError(problem)
        self.inline_queries[query_id] = True
        self.inline_answers[query_id] = params
        return True

    async def _api_setmycommands(self, params: dict[str, Any]) -> Any:
        language = params.get("language_code") or ""
        problem = checks.commands_problem(params.get("commands"), language)
        if problem:
            raise ApiError(problem)
        self.commands[language] = params["commands"]
        return True

    async def _api_getmycommands(self, params: dict[str, Any]) -> Any:
        return self.commands.get(params.get("language_code") or "", [])

    async def _api_setmydescription(self, params: dict[str, Any]) -> Any:
        return _set_profile_text(params, "description", checks.MAX_DESCRIPTION, self.descriptions)

    async def _api_getmydescription(self, params: dict[str, Any]) -> Any:
        return {"description": self.descriptions.get(params.get("language_code") or "", "")}

    async def _api_setmyshortdescription(self, params: dict[str, Any]) -> Any:
        return _set_profile_text(params, "short_description", checks.MAX_SHORT_DESCRIPTION, self.short_descriptions)

    async def _api_getmyshortdescription(self, params: dict[str, Any]) -> Any:
        return {"short_description": self.short_descriptions.get(params.get("language_code") or "", "")}

    async def _api_sendchataction(self, params: dict[str, Any]) -> Any:
        self._chat_id(params)
        return True

    def _chat_id(self, params: dict[str, Any]) -> int:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int) or chat_id not in self.chats:
            raise ApiError("Bad Request: chat not found")
        return chat_id


def _pending_query(queries: dict[str, bool], query_id: object) -> str:
    """The id of a query that may still be answered (known, not answered yet), as Telegram checks it."""
    if queries.get(str(query_id)) is not False:
        raise ApiError("Bad Request: query is too old and response timeout expired or query ID is invalid")
    return str(query_id)


def _set_profile_text(params: dict[str, Any], key: str, limit: int, store: dict[str, str]) -> bool:
    """setMyDescription / setMyShortDescription: a text per language code ("" for the default)."""
    language = params.get("language_code") or ""
    text = params.get(key) or ""
    problem = checks.description_problem(text, limit, language)
    if problem:
        raise ApiError(problem)
    store[language] = text
    return True


async def _params(request: web.Request) -> dict[str, Any]:
    """The call's parameters from a JSON, urlencoded or multipart body (PTB JSON-encodes non-strings)."""
    if request.content_type == "application/json":
        body = await request.json()
        return dict(body) if isinstance(body, dict) else {}
    form = await request.post()
    params: dict[str, Any] = {}
    for key, value in form.items():
        if isinstance(value, web.FileField):  # an uploaded file (sendDocument)
            params[key] = {"filename": value.filename, "content": value.file.read()}
            continue
        raw = value if isinstance(value, str) else ""
        if key in _STRING_FIELDS:
            params[key] = raw
            continue
        try:
            params[key] = json.loads(raw)
        except ValueError:
            params[key] = raw
    params.update(request.query)
    return params


def _fault_response(fault: Fault) -> web.Response:
    description = {429: "Too Many Requests: retry after", 500: "Internal Server Error", 502: "Bad Gateway"}
    body: dict[str, Any] = {
        "ok": False,
        "error_code": fault.status,
        "description": description.get(fault.status, "Error"),
    }
    if fault.retry_after:
        body["description"] += f" {fault.retry_after}"
        body["parameters"] = {"retry_after": fault.retry_after}
    return _json(fault.status or 500, body)


def _json(status: int, body: dict[str, Any]) -> web.Response:
    return web.json_response(body, status=status)
