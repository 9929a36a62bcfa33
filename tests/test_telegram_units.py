"""Unit tests of the Telegram layer's small parts: settings, storage, payloads, splitting, concurrency."""

from __future__ import annotations

import asyncio
import io
import logging
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import Chat, InlineKeyboardMarkup, Message, Update, User
from telegram.ext import AIORateLimiter

from bot.app import build_application
from bot.concurrency import PerChatUpdateProcessor
from bot.logging_setup import REDACTED, configure_logging
from bot.privacy import SALT_FILE, UserHasher, load_or_create_salt
from bot.settings import Settings, SettingsError
from handlers.callback_data import MAX_BYTES, Action, decode, encode
from handlers.render import render
from handlers.splitting import TELEGRAM_LIMIT, split_html, utf16_length
from knowledge.engine.bands import Thresholds
from knowledge.engine.pipeline import Engine
from knowledge.kb.telegram_html import html_problems, html_to_text

TOKEN = "123456:ABC-def_ghi"


# ---- settings


def test_settings_defaults() -> None:
    config = Settings.from_env({})
    assert config.mode == "polling"
    assert config.api_base_url == "https://api.telegram.org/bot"
    assert config.api_file_url == "https://api.telegram.org/file/bot"
    assert (config.webhook_listen, config.webhook_port, config.webhook_path) == ("127.0.0.1", 8080, "/telegram")
    assert config.default_language == "en" and config.rate_limit
    assert config.thresholds == Thresholds()


def test_settings_read_every_variable() -> None:
    config = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
            "BOT_MODE": "webhook",
            "WEBHOOK_URL": "https://faq.example.org/hook/abc",
            "WEBHOOK_PORT": "9000",
            "WEBHOOK_SECRET": "s3cret",
            "DEFAULT_LANGUAGE": "KY",
            "KNOWLEDGE_BASE_PATH": "/srv/kb",
            "LOG_LEVEL": "debug",
            "ADMIN_USER_IDS": "1, 22,333",
            "DATA_DIR": "/srv/data",
            "USER_ID_SALT": "pepper",
            "MATCH_ANSWER_MIN": "0.6",
            "MATCH_MARGIN": "0.1",
            "MATCH_CLARIFY_MIN": "0.35",
            "RATE_LIMIT": "off",
        }
    )
    assert config.api_file_url == "http://127.0.0.1:8081/file/bot"
    assert config.webhook_path == "/hook/abc"  # taken from the URL when WEBHOOK_PATH is unset
    assert config.default_language == "ky" and config.log_level == "DEBUG"
    assert config.admin_user_ids == frozenset({1, 22, 333})
    assert config.knowledge_base_path == Path("/srv/kb") and config.data_dir == Path("/srv/data")
    # the operator's answer threshold serves every language, Kyrgyz too
    assert config.thresholds == replace(Thresholds(), answer=0.6, answer_by_language=(), margin=0.1, clarify=0.35)
    assert config.thresholds.answer_for("ky") == 0.6
    assert not config.rate_limit


def test_settings_report_every_bad_value_at_once() -> None:
    with pytest.raises(SettingsError) as error:
        Settings.from_env(
            {
                "BOT_MODE": "push",
                "WEBHOOK_PORT": "http",
                "DEFAULT_LANGUAGE": "de",
                "ADMIN_USER_IDS": "12,abc",
                "MATCH_ANSWER_MIN": "2",
                "TELEGRAM_BOT_TOKEN": "not a token",
            }
        )
    message = str(error.value)
    for name in ("BOT_MODE", "WEBHOOK_PORT", "DEFAULT_LANGUAGE", "ADMIN_USER_IDS", "MATCH_ANSWER_MIN"):
        assert name in message
    assert "TELEGRAM_BOT_TOKEN" in message and "not a token" not in message


def test_webhook_mode_needs_an_https_url() -> None:
    with pytest.raises(SettingsError, match="WEBHOOK_URL is required"):
        Settings.from_env({"BOT_MODE": "webhook"})
    with pytest.raises(SettingsError, match="https://"):
        Settings.from_env({"BOT_MODE": "webhook", "WEBHOOK_URL": "http://example.org/hook"})


def test_secrets_never_appear_in_repr() -> None:
    config = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_SECRET": "hook-secret", "USER_ID_SALT": "salty"})
    for secret in (TOKEN, "hook-secret", "salty"):
        assert secret not in repr(config)
    assert set(config.secrets) == {TOKEN, "hook-secret", "salty"}


def test_logging_redacts_secrets_in_messages_and_tracebacks() -> None:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    stream = io.StringIO()
    try:
        configure_logging("INFO", [TOKEN], stream)
        assert logging.getLogger("httpx").level == logging.WARNING
        logger = logging.getLogger("test.redaction")
        logger.warning("POST https://api.telegram.org/bot%s/getMe", TOKEN)
        try:
            raise RuntimeError(f"failed calling /bot{TOKEN}/sendMessage")
        except RuntimeError:
            logger.exception("request failed")
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    output = stream.getvalue()
    assert TOKEN not in output
    assert output.count(REDACTED) == 2


# ---- storage and privacy


def test_salt_is_created_once_and_kept_private(tmp_path: Path) -> None:
    salt = load_or_create_salt(tmp_path)
    assert len(salt) == 64 and load_or_create_salt(tmp_path) == salt
    assert (tmp_path / SALT_FILE).stat().st_mode & 0o777 == 0o600
    assert load_or_create_salt(tmp_path, "configured") == "configured"
    assert UserHasher("a")(1) != UserHasher("b")(1)


# ---- callback data


def test_callback_data_round_trips_and_fits(shipped_engine: Engine) -> None:
    actions = [Action("m", "en"), Action("n", "ky"), Action("l", "ru"), Action("x", "en")]
    actions += [Action("u", "ru", "iom_founded"), Action("d", "ky", "iom_founded")]
    actions += [Action("e", lang, entry.id) for entry in shipped_engine.kb.entries for lang in ("en", "ru", "ky")]
    actions += [Action("t", "ru", topic.id) for topic in shipped_engine.kb.topics]
    for action in actions:
        data = encode(action)
        assert data is not None and len(data.encode()) <= MAX_BYTES
        assert decode(data) == action
    assert encode(Action("e", "en", "x" * 80)) is None
    assert encode(Action("e", "en", "a|b")) is None


@pytest.mark.parametrize(
    "data", [None, "", "2|e|iom|en", "1|e|iom", "1|m", "1|z|en", "1|x|iom|en", "1|u|en", "1||en", "1|l|en|x"]
)
def test_foreign_or_malformed_callback_data_is_expired(data: str | None) -> None:
    assert decode(data) is None


# ---- rendering


def test_replies_with_the_same_buttons_share_one_keyboard(shipped_engine: Engine) -> None:
    fallback = render(shipped_engine.fallback_reply("ru", "weather?"), shipped_engine)
    again = render(shipped_engine.fallback_reply("ru", "pizza?"), shipped_engine)
    assert fallback.markup is not None and again.markup is fallback.markup
    topics = [topic.title["ru"] for topic in shipped_engine.kb.topics]
    didnt_help = shipped_engine.text("didnt_help", "ru")
    assert [row[0].text for row in fallback.markup.inline_keyboard] == [*topics, didnt_help]
    english = render(shipped_engine.fallback_reply("en"), shipped_engine)
    assert english.markup is not None and english.markup is not fallback.markup
    assert english.layout != fallback.layout
    assert [row[0].callback_data for row in english.markup.inline_keyboard] == [
        *(f"1|t|{topic.id}|en" for topic in shipped_engine.kb.topics),
        "1|x|en",
    ]


def test_a_keyboard_is_serialised_once_and_as_telegram_takes_it(shipped_engine: Engine) -> None:
    markup = render(shipped_engine.ask("When was IOM founded?"), shipped_engine).markup
    assert markup is not None
    plain = InlineKeyboardMarkup(markup.inline_keyboard)
    assert markup.to_dict() == plain.to_dict() and markup.to_dict() is markup.to_dict()
    assert markup.to_dict(recursive=False) == plain.to_dict(recursive=False)
    assert markup == plain  # PTB's equality (by buttons) is untouched


# ---- splitting


def test_short_text_is_one_piece() -> None:
    assert split_html("<b>hi</b>") == ["<b>hi</b>"]
    assert split_html("  \n ") == []


def test_splits_on_paragraphs_first() -> None:
    paragraphs = [f"<b>Part {n}</b> " + "word " * 30 for n in range(10)]
    pieces = split_html("\n\n".join(paragraphs), limit=400)
    assert all(utf16_length(piece) <= 400 and not html_problems(piece) for piece in pieces)
    assert all(piece.startswith("<b>Part") for piece in pieces)


def test_a_cut_inside_tags_closes_and_reopens_them() -> None:
    text = '<i>Intro</i>\n<a href="https://x.org/?a=1&amp;b=2"><b>' + "long link text " * 40 + "</b></a> end"
    pieces = split_html(text, limit=200)
    assert len(pieces) > 2
    for piece in pieces:
        assert utf16_length(piece) <= 200 and not html_problems(piece), piece
    assert " ".join(html_to_text(piece) for piece in pieces).split() == html_to_text(text).split()


def test_entities_and_astral_characters_are_never_cut() -> None:
    text = "&amp;😀" * 300
    pieces = split_html(text, limit=101)
    assert all(utf16_length(piece) <= 101 and not html_problems(piece) for piece in pieces)
    assert "".join(pieces) == text


_WORD = st.text(alphabet="abcдеёңөү😀&<>\"'", min_size=1, max_size=12).map(
    lambda word: word.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
)
_SEPARATOR = st.sampled_from([" ", " ", "\n", "\n\n"])


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["text", "text", "tag"] if depth < 3 else ["text"]))
        if kind == "text":
            parts.append(draw(_WORD) + draw(_SEPARATOR))
        else:
            tag = draw(
                st.sampled_from(["b", "i", "u", "s", "tg-spoiler", "blockquote", 'a href="https://e.org/?q=1&amp;r=2"'])
            )
            name = tag.split()[0]
            parts.append(f"<{tag}>{draw(_markup(depth + 1))}</{name}>" + draw(_SEPARATOR))
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(_markup(), st.integers(min_value=90, max_value=400))
def test_every_piece_is_valid_and_within_the_limit(markup: str, limit: int) -> None:
    if html_problems(markup):  # blockquote inside blockquote etc. is invalid input, not our concern
        return
    pieces = split_html(markup, limit)
    for piece in pieces:
        assert utf16_length(piece) <= limit
        assert not html_problems(piece), (markup, piece)
    assert _letters("".join(html_to_text(piece) for piece in pieces)) == _letters(html_to_text(markup))


def test_tags_too_long_for_the_limit_fall_back_to_plain_text() -> None:
    markup = '<b><a href="https://example.org/a/very/long/path">' + "word " * 10 + "</a></b>"
    pieces = split_html(markup, limit=40)
    assert all(utf16_length(piece) <= 40 and not html_problems(piece) for piece in pieces)
    assert _letters("".join(html_to_text(piece) for piece in pieces)) == _letters(html_to_text(markup))


def _letters(text: str) -> str:
    return "".join(text.split())


# ---- concurrency


def _update(update_id: int, chat_id: int) -> Update:
    user = User(chat_id, "U", False)
    message = Message(
        update_id, date=__import__("datetime").datetime.now(), chat=Chat(chat_id, "private"), from_user=user
    )
    return Update(update_id, message=message)


async def test_updates_of_one_chat_run_in_order_and_chats_in_parallel() -> None:
    processor = PerChatUpdateProcessor(16)
    log: list[str] = []

    async def handle(name: str, pause: float) -> None:
        log.append(f"start {name}")
        await asyncio.sleep(pause)
        log.append(f"end {name}")

    await asyncio.gather(
        processor.process_update(_update(1, 10), handle("a1", 0.05)),
        processor.process_update(_update(2, 10), handle("a2", 0.0)),
        processor.process_update(_update(3, 20), handle("b1", 0.0)),
    )
    assert log.index("end a1") < log.index("start a2")  # same chat: in order
    assert log.index("end b1") < log.index("end a1")  # other chat: not held up
    assert not processor._locks  # idle chats are forgotten


def test_a_message_is_split_at_exactly_telegrams_limit() -> None:
    """Telegram refuses more than 4,096 UTF-16 units, and accepts 4,096: the split uses the whole of it."""
    assert TELEGRAM_LIMIT == 4096
    assert split_html("a" * 4096) == ["a" * 4096]
    pieces = split_html("a" * 4097)
    assert [utf16_length(piece) for piece in pieces] == [4096, 1]
    emoji = "😀" * 2049  # two UTF-16 units each: 4,098 units
    assert [utf16_length(piece) for piece in split_html(emoji)] == [4096, 2]


def test_the_rate_limiter_is_there_exactly_when_rate_limit_is_on(tmp_path: Path) -> None:
    on = build_application(Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:" + "a" * 35, "DATA_DIR": str(tmp_path)}))
    off = build_application(
        Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:" + "a" * 35, "DATA_DIR": str(tmp_path), "RATE_LIMIT": "off"})
    )
    assert isinstance(on.bot.rate_limiter, AIORateLimiter) and off.bot.rate_limiter is None


@pytest.mark.parametrize("ids", ["²", "١٢٣", "12,³"])
def test_admin_ids_are_ascii_digits_only(ids: str) -> None:
    with pytest.raises(SettingsError, match="ADMIN_USER_IDS"):
        Settings.from_env({"ADMIN_USER_IDS": ids})


def test_a_generated_webhook_secret_is_redacted_like_a_given_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import bot.runner as runner

    seen: list[tuple[str, ...]] = []

    def record(level: str, secrets: tuple[str, ...], **_: object) -> object:
        seen.append(tuple(secrets))
        raise KeyboardInterrupt  # stop before anything runs

    monkeypatch.setattr(runner, "configure_logging", record)
    settings = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": "1:" + "a" * 35,
            "BOT_MODE": "webhook",
            "WEBHOOK_URL": "https://faq.example.org/telegram",
            "DATA_DIR": str(tmp_path),
        }
    )
    with pytest.raises(KeyboardInterrupt):
        runner.run_bot(settings)
    [secrets] = seen
    assert len(secrets) >= 2 and any(len(secret) >= 40 and secret != settings.token for secret in secrets)


def test_tornado_access_lines_stay_out_of_the_log() -> None:
    configure_logging("INFO", (), io.StringIO())
    assert logging.getLogger("tornado.access").getEffectiveLevel() == logging.WARNING
