"""The storage subcommands of ``python -m bot``: ``db upgrade``, ``stats`` and ``unanswered`` — what the
admin commands show in Telegram, for a curator at a shell (same settings as the bot: DATABASE_URL, DATA_DIR)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from bot.settings import Settings
from bot.storage.database import create_engine, database_url, describe, revision, sqlite_path, upgrade
from bot.storage.store import SqlStore
from handlers.reports import inbox_csv, inbox_html, stats_html
from knowledge.engine.pipeline import Engine
from knowledge.kb.telegram_html import html_to_text

DEFAULT_DAYS = 30


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    database = commands.add_parser(
        "db",
        help="the bot's database: bring its schema up to date",
        description="'db upgrade' applies the schema migrations the database lacks (the bot also does this "
        "when it starts; two processes doing it at once are safe). Uses DATABASE_URL, else DATA_DIR/bot.sqlite3.",
    )
    steps = database.add_subparsers(title="steps", required=True)
    steps.add_parser("upgrade", help="apply every migration not yet applied").set_defaults(handler=_upgrade)

    stats = commands.add_parser(
        "stats",
        help="questions by reply and language, the most asked entries, votes",
        description="What users asked over the last N days, as /stats shows it to administrators.",
    )
    stats.add_argument("--days", type=_days, default=DEFAULT_DAYS, metavar="N", help="the period (default: 30)")
    stats.set_defaults(handler=_stats)

    unanswered = commands.add_parser(
        "unanswered",
        help="the curators' inbox: questions not answered confidently, grouped by wording",
        description="Questions the bot fell back on, clarified, or that users marked 'none of these', 👎 or "
        "'didn't help' over the last N days, grouped by similar wording, biggest groups first (masked: long "
        "numbers and e-mail addresses never reach the database). --csv writes every group to a file.",
    )
    unanswered.add_argument("--days", type=_days, default=DEFAULT_DAYS, metavar="N", help="the period (default: 30)")
    unanswered.add_argument("--csv", type=Path, metavar="FILE", help="write the groups as CSV to FILE")
    unanswered.set_defaults(handler=_unanswered)


def _days(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 3650:
        raise argparse.ArgumentTypeError(f"expected a number of days from 1 to 3650, got {text!r}")
    return int(text)


def _upgrade(args: argparse.Namespace) -> int:
    async def go() -> str:
        settings = Settings.from_env(os.environ)
        engine = create_engine(database_url(settings.database_url, settings.data_dir))
        try:
            await upgrade(engine)
            current, _ = await revision(engine)
        finally:
            await engine.dispose()
        return f"{describe(engine.url)} is at schema revision {current}."

    print(asyncio.run(go()))
    return 0


def _stats(args: argparse.Namespace) -> int:
    engine = Engine.load(args.kb)

    async def go(store: SqlStore) -> str:
        return html_to_text(stats_html(await store.stats(args.days), engine, "en"))

    return _with_store(go)


def _unanswered(args: argparse.Namespace) -> int:
    engine = Engine.load(args.kb)

    async def go(store: SqlStore) -> str:
        groups = await store.inbox(args.days)
        if args.csv is not None:
            args.csv.write_text(inbox_csv(groups), encoding="utf-8-sig")
            return f"{len(groups)} groups written to {args.csv}."
        if not groups:
            return f"No questions went unanswered in the last {args.days} days."
        return html_to_text(inbox_html(groups, engine, "en", args.days))

    return _with_store(go)


def _with_store(work: object) -> int:
    """Runs ``work(store)`` on the configured database and prints its text; a database that does not exist
    yet is reported rather than created."""
    settings = Settings.from_env(os.environ)
    url = database_url(settings.database_url, settings.data_dir)
    path = sqlite_path(url)
    if path is not None and not path.is_file():
        print(f"Nothing recorded yet ({path} does not exist).")
        return 0

    async def go() -> str:
        engine = create_engine(url)
        try:
            await upgrade(engine)
            store = SqlStore(engine, _no_user_key, settings.retention_days)
            return await work(store)  # type: ignore[operator, no-any-return]
        finally:
            await engine.dispose()

    sys.stdout.write(asyncio.run(go()) + "\n")
    return 0


def _no_user_key(identifier: str) -> str:
    raise RuntimeError("the curators' listings never look up users")
