"""``python -m bot``: run the bot (with a token) or the console chat, and the curators' tools."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.console import ConsoleChat
from bot.evaluation import EvalFileError, evaluate, format_report, load_cases
from knowledge.engine import Engine
from knowledge.loader import KnowledgeBaseError, load_knowledge_base
from knowledge.reply import Reply
from knowledge.telegram_html import html_to_text
from knowledge.confusables import confusable_pairs


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        result: int = args.handler(args)
        return result
    except KnowledgeBaseError as error:
        sys.stderr.write(f"The knowledge base has {len(error.problems)} problem(s):\n{error}\n")
        return 2
    except EvalFileError as error:
        sys.stderr.write(f"{error}\n")
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="IOM Kyrgyzstan FAQ bot. Without a subcommand: the Telegram bot if TELEGRAM_BOT_TOKEN is set, "
        "otherwise an offline console chat over the same engine.",
    )
    parser.add_argument("--kb", type=Path, default=None, help="knowledge-base folder (default: the shipped one)")
    parser.set_defaults(handler=_run)
    commands = parser.add_subparsers(title="subcommands")

    ask = commands.add_parser("ask", help="answer questions from the command line")
    ask.add_argument("question", nargs="+", help="the question; '-' reads one question per line from stdin")
    ask.add_argument("--lang", choices=("en", "ru", "ky"), help="reply language (default: the question's)")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.set_defaults(handler=_ask)

    validate = commands.add_parser("validate", help="check the knowledge base and list confusable questions")
    validate.add_argument("path", nargs="?", type=Path, default=None, help="knowledge-base folder")
    validate.set_defaults(handler=_validate)

    score = commands.add_parser("eval", help="score the engine on a question set")
    score.add_argument("file", type=Path, help="YAML question set (see tests/eval/eval.yaml)")
    score.add_argument("--min-accuracy", type=float, default=0.0, metavar="PCT", help="fail below this")
    score.add_argument("--show-failures", action="store_true", help="list every failed case")
    score.set_defaults(handler=_eval)
    return parser


def _run(args: argparse.Namespace) -> int:
    if os.environ.get("TELEGRAM_BOT_TOKEN"):
        from bot.runner import run_bot
        from bot.settings import Settings

        run_bot(Settings.from_env(os.environ))
        return 0
    ConsoleChat(Engine.load(args.kb)).run(sys.stdin, sys.stdout)
    return 0


def _ask(args: argparse.Namespace) -> int:
    engine = Engine.load(args.kb)
    if args.question == ["-"]:
        for line in sys.stdin:
            if line.strip():
                _print_reply(engine.ask(line.rstrip("\n"), args.lang), args.json, sys.stdout)
        return 0
    _print_reply(engine.ask(" ".join(args.question), args.lang), args.json, sys.stdout)
    return 0


def _print_reply(reply: Reply, as_json: bool, out: TextIO) -> None:
    text = html_to_text(reply.html)
    if not as_json:
        out.write(text + "\n")
        return
    record = {
        "query": reply.query,
        "status": reply.status,
        "lang": reply.lang,
        "entry_id": reply.entry.id if reply.entry and reply.status == "answer" else None,
        "score": round(reply.score, 4),
        "text": text,
        "candidates": [
            {"entry_id": c.entry_id, "title": c.title, "score": c.score} for c in reply.candidates
        ],
    }
    out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _validate(args: argparse.Namespace) -> int:
    kb = load_knowledge_base(args.path or args.kb)
    print(f"OK: {len(kb.entries)} entries, {len(kb.topics)} topics, {len(kb.ui)} interface texts.")
    pairs = confusable_pairs(Engine(kb))
    for pair in pairs:
        print(f"confusable: {pair}")
    print(f"{len(pairs)} confusable question(s).")
    return 0


def _eval(args: argparse.Namespace) -> int:
    report = evaluate(Engine.load(args.kb), load_cases(args.file))
    print(format_report(report, args.show_failures))
    return 0 if report.overall.percent >= args.min_accuracy else 1
