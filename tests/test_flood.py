"""One user sending messages faster than anyone types: one notice, then silence for a while; others unaffected."""

from __future__ import annotations

from handlers.flood import MESSAGES, PAUSE_SECONDS, WINDOW_SECONDS, FloodGuard
from knowledge.engine.pipeline import Engine
from tests.fake_bot_api.harness import BotHarness, person


def test_the_guard_answers_within_the_limit_then_notices_once_then_ignores() -> None:
    now = [0.0]
    guard = FloodGuard(clock=lambda: now[0])
    assert (MESSAGES, WINDOW_SECONDS, PAUSE_SECONDS) == (8, 10.0, 30.0)
    verdicts = [guard.admit(1) for _ in range(MESSAGES)]
    assert verdicts == ["answer"] * MESSAGES
    assert guard.admit(1) == "notice"
    assert guard.admit(1) == "ignore" and guard.admit(2) == "answer"  # another user is not held
    now[0] = PAUSE_SECONDS + 0.1
    assert guard.admit(1) == "answer"


def test_messages_spread_over_time_are_all_answered() -> None:
    now = [0.0]
    guard = FloodGuard(clock=lambda: now[0])
    for _ in range(5 * MESSAGES):
        now[0] += WINDOW_SECONDS / MESSAGES + 0.01
        assert guard.admit(1) == "answer"


async def test_a_flooding_user_gets_one_notice_and_others_their_answers(
    bot: BotHarness, shipped_engine: Engine
) -> None:
    flooder, other = person(4200, "en"), person(4201, "en")
    replies = [await bot.say(flooder, "When was IOM founded?") for _ in range(MESSAGES + 4)]
    assert all(len(reply) == 1 for reply in replies[:MESSAGES])
    assert [reply.html for reply in replies[MESSAGES]] == [shipped_engine.text("slow_down", "en")]
    assert all(reply == [] for reply in replies[MESSAGES + 1 :])
    [answer] = await bot.say(other, "When was IOM founded?")
    founded = shipped_engine.kb.entry("iom_founded")
    assert founded is not None and answer.html.startswith(founded.answer["en"])
