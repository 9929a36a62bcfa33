"""The fake Bot API refuses what Telegram refuses — otherwise the end-to-end tests would prove little."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest

from tests.fake_bot_api.harness import TOKEN, person
from tests.fake_bot_api.server import FakeBotApi


async def call(fake: FakeBotApi, method: str, token: str = TOKEN, **params: Any) -> tuple[int, dict[str, Any]]:
    """Calls the fake like PTB does: form-encoded, non-string values as JSON."""
    form = {key: value if isinstance(value, str) else json.dumps(value) for key, value in params.items()}
    url = f"http://127.0.0.1:{fake.port}/bot{token}/{method}"
    async with aiohttp.ClientSession() as session, session.post(url, data=form) as response:
        return response.status, await response.json()


def keyboard(*data: str) -> dict[str, Any]:
    return {"inline_keyboard": [[{"text": f"b{index}", "callback_data": item}] for index, item in enumerate(data)]}


def article(result_id: str, text: str = "hi") -> dict[str, Any]:
    return {
        "type": "article",
        "id": result_id,
        "title": "t",
        "input_message_content": {"message_text": text, "parse_mode": "HTML"},
    }


@pytest.fixture
def chat(fake_api: FakeBotApi) -> int:
    fake_api.chat(555)
    return 555


async def test_wrong_token_and_unknown_method(fake_api: FakeBotApi) -> None:
    assert await call(fake_api, "getMe", token="1:wrong") == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    status, body = await call(fake_api, "sendTelepathy")
    assert (status, body["description"]) == (404, "Not Found")
    status, body = await call(fake_api, "getMe")
    assert status == 200 and body["result"]["username"] == fake_api.bot_username
    fake_api.take_rejected()


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"text": "<b>open"}, "can't parse entities"),
        ({"text": "<script>x</script>"}, "can't parse entities"),
        ({"text": "a & b"}, "can't parse entities"),
        ({"text": "   "}, "message text is empty"),
        ({"text": "<b></b>"}, "message text is empty"),
        ({"text": "x" * 4097}, "message is too long"),
        ({"text": "ok", "reply_markup": keyboard("x" * 65)}, "BUTTON_DATA_INVALID"),
        ({"text": "ok", "reply_markup": keyboard(*[str(n) for n in range(101)])}, "reply markup is too long"),
    ],
)
async def test_send_message_is_refused_like_telegram(
    fake_api: FakeBotApi, chat: int, params: dict[str, Any], description: str
) -> None:
    status, body = await call(fake_api, "sendMessage", chat_id=chat, parse_mode="HTML", **params)
    assert status == 400 and description in body["description"]
    assert len(fake_api.take_rejected()) == 1


async def test_limits_are_inclusive(fake_api: FakeBotApi, chat: int) -> None:
    status, _ = await call(
        fake_api,
        "sendMessage",
        chat_id=chat,
        text="&amp;" * 4096,
        parse_mode="HTML",
        reply_markup=keyboard("x" * 64),
    )
    assert status == 200


async def test_edits_are_refused_like_telegram(fake_api: FakeBotApi, chat: int) -> None:
    _, sent = await call(fake_api, "sendMessage", chat_id=chat, text="<b>one</b>", parse_mode="HTML")
    message_id = sent["result"]["message_id"]
    status, body = await call(fake_api, "editMessageText", chat_id=chat, message_id=999, text="x", parse_mode="HTML")
    assert (status, body["description"]) == (400, "Bad Request: message to edit not found")
    status, body = await call(
        fake_api, "editMessageText", chat_id=chat, message_id=message_id, text="<b>one</b>", parse_mode="HTML"
    )
    assert status == 400 and "message is not modified" in body["description"]
    status, _ = await call(
        fake_api, "editMessageText", chat_id=chat, message_id=message_id, text="<b>two</b>", parse_mode="HTML"
    )
    assert status == 200
    assert len(fake_api.take_rejected()) == 2


async def test_inline_answers_are_refused_like_telegram(fake_api: FakeBotApi) -> None:
    for results, description in [
        ([article(str(n)) for n in range(51)], "RESULTS_TOO_MUCH"),
        ([article("same"), article("same")], "RESULT_ID_DUPLICATE"),
        ([article("x" * 65)], "RESULT_ID_INVALID"),
        ([article("ok", "<i>bad")], "can't parse entities"),
    ]:
        fake_api.inline_update(person(1), "q")
        query_id = list(fake_api.inline_queries)[-1]
        status, body = await call(fake_api, "answerInlineQuery", inline_query_id=query_id, results=results)
        assert status == 400 and description in body["description"]
        fake_api.inline_queries[query_id] = True
    assert len(fake_api.take_rejected()) == 4


async def test_callback_queries_must_be_answered_once(fake_api: FakeBotApi, chat: int) -> None:
    _, sent = await call(fake_api, "sendMessage", chat_id=chat, text="hi", reply_markup=keyboard("1|m|en"))
    message = fake_api.messages[(chat, sent["result"]["message_id"])]
    fake_api.press_update(person(555), message, "1|m|en")
    assert fake_api.unanswered_queries() == ["1"]
    assert (await call(fake_api, "answerCallbackQuery", callback_query_id="1"))[0] == 200
    assert (await call(fake_api, "answerCallbackQuery", callback_query_id="1"))[0] == 400
    assert fake_api.unanswered_queries() == []
    fake_api.take_rejected()


async def test_get_updates_long_polls_and_confirms(fake_api: FakeBotApi) -> None:
    _, body = await call(fake_api, "getUpdates", timeout=0)
    assert body["result"] == []
    update = fake_api.message_update(person(9), "hello")
    fake_api.enqueue(update)
    _, body = await call(fake_api, "getUpdates", timeout=5)
    assert [u["update_id"] for u in body["result"]] == [update["update_id"]]
    _, body = await call(fake_api, "getUpdates", offset=update["update_id"] + 1, timeout=0)
    assert body["result"] == []
