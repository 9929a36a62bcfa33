"""``python -m bot``: run the bot (with a token) or the console chat, and the curators' tools.

Every subcommand has ``--help``. Expected failures (a broken knowledge base, bad settings, a bot that cannot
start, a malformed question set) are printed as plain messages on stderr with a non-zero exit code, never as
a traceback, and never with a secret in them.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TextIO

from bot.curation.calibration import calibrate, format_calibration
from bot.curation.confusables import confusable_pairs
from bot.curation.console import ConsoleChat
from bot.curation.evaluation import EvalFileError, evaluate, format_report, load_cases
from bot.curation.heldout import format_held_out, held_out
from bot.curation.review import ReviewFileError, export_review, import_review, read_review
from bot.health import check
from bot.settings import Settings, SettingsError
from bot.storage.database import DatabaseError
from bot.store_cli import add_commands
from knowledge.engine.pipeline import Engine
from knowledge.engine.reply import Reply
from knowledge.kb.load import KnowledgeBaseError, load_knowledge_base
from knowledge.kb.telegram_html import html_to_text
from knowledge.kb.vocabulary import cue_collisions

EXIT_FAILED = 1
"""The command ran but the result is not good enough (eval below --min-accuracy) or the bot failed."""
EXIT_BAD_INPUT = 2
"""The input cannot be used: a broken knowledge base, a malformed question set, invalid settings."""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.kb is None and os.environ.get("KNOWLEDGE_BASE_PATH", "").strip():
        args.kb = Path(os.environ["KNOWLEDGE_BASE_PATH"].strip())  # as the bot does; --kb still wins
    try:
        result: int = args.handler(args)
        return result
    except KnowledgeBaseError as error:
        sys.stderr.write(f"The knowledge base has {len(error.problems)} problem(s):\n{error}\n")
        return EXIT_BAD_INPUT
    except (EvalFileError, ReviewFileError, SettingsError, DatabaseError) as error:
        sys.stderr.write(f"{error}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader went away (`... | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="IOM Kyrgyzstan FAQ bot. Without a subcommand: the Telegram bot if TELEGRAM_BOT_TOKEN "
        "is set, otherwise an offline console chat over the same engine.",
    )
    parser.add_argument("--kb", type=Path, default=None, help="knowledge-base folder (default: the shipped one)")
    parser.set_defaults(handler=_run)
    commands = parser.add_subparsers(title="subcommands")

    serve = commands.add_parser(
        "run",
        help="run the Telegram bot (never the console chat)",
        description="Run the Telegram bot as configured by the environment; without TELEGRAM_BOT_TOKEN, exit 2 "
        "with a message instead of opening the console chat (for containers and services).",
    )
    serve.set_defaults(handler=_serve)

    health = commands.add_parser(
        "healthcheck",
        help="exit 0 if the running bot is healthy (for a container's HEALTHCHECK)",
        description="Webhook mode: ask the bot's /healthz on 127.0.0.1:WEBHOOK_PORT. Polling mode: check that "
        "the bot's heartbeat file in DATA_DIR is recent. Exit 0 when healthy, 1 otherwise, with one line why.",
    )
    health.set_defaults(handler=_healthcheck)

    ask = commands.add_parser(
        "ask",
        help="answer questions from the command line",
        description="Answer a question as the bot would. With '-', read one question per line from stdin "
        "(in one process) and answer each non-empty line; with --json, write exactly one JSON object per "
        'answered line: {"query", "status", "lang", "entry_id", "score", "text", "candidates", "reason", '
        '"second_entry_id"}.',
    )
    ask.add_argument("question", nargs="+", help="the question; '-' reads one question per line from stdin")
    ask.add_argument("--lang", choices=("en", "ru", "ky"), help="reply language (default: the question's)")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("--explain", action="store_true", help="after each reply, say why it was given")
    ask.set_defaults(handler=_ask)

    validate = commands.add_parser(
        "validate",
        help="check the knowledge base and list confusable questions",
        description="Load the knowledge base, print every problem with file:line and entry id (exit 2), "
        "or list the question variants the engine answers with another entry (exit 0).",
    )
    validate.add_argument("path", nargs="?", type=Path, default=None, help="knowledge-base folder")
    validate.set_defaults(handler=_validate)

    score = commands.add_parser(
        "eval",
        help="score the engine on a question set",
        description="Score the engine on a YAML question set and print accuracy overall, per language and "
        "per kind. Exit 0 at or above --min-accuracy, 1 below it, 2 if the file is malformed.",
    )
    score.add_argument("file", type=Path, help="YAML question set (see tests/eval/eval.yaml)")
    score.add_argument("--min-accuracy", type=float, default=0.0, metavar="PCT", help="fail below this")
    score.add_argument("--show-failures", action="store_true", help="list every failed case")
    score.set_defaults(handler=_eval)

    calibration = commands.add_parser(
        "calibrate",
        help="find the answer threshold that suits each language best on a question set",
        description="Score the question set at answer thresholds from 0.40 to 0.80 and print, per language, "
        "accuracy and the share of out-of-scope questions answered, marking the most accurate threshold that "
        "answers at most 5 %% of them (ties: fewer out-of-scope answers, then the threshold in use). Set the "
        "chosen one with MATCH_ANSWER_MIN or in knowledge/engine/bands.py.",
    )
    calibration.add_argument("file", type=Path, help="YAML question set (see tests/eval/eval.yaml)")
    calibration.set_defaults(handler=_calibrate)

    heldout = commands.add_parser(
        "heldout",
        help="check which question variants the bot would miss had they not been written",
        description="Answer every question variant with a knowledge base that lacks it (five folds), and "
        "print the share found with their own entry and the weakest entries: wordings an entry does not "
        "cover yet, or neighbours that are too close. Uses no evaluation set.",
    )
    heldout.add_argument("--entry", action="append", default=[], metavar="ID", help="only this entry (repeatable)")
    heldout.add_argument("--show-missed", action="store_true", help="list every missed variant")
    heldout.add_argument(
        "--typos", action="store_true", help="ask each held-out variant with one slip in a longer word"
    )
    heldout.set_defaults(handler=_heldout)

    review = commands.add_parser(
        "review",
        help="the review kit for native speakers: a spreadsheet out, corrections back in",
        description="'review export --lang ky FILE' writes a CSV with, per entry, the English answer, the answer "
        "under review, its question variants and empty columns for the corrected answer, notes and 'done'. "
        "'review import FILE' writes the corrected answers into the YAML in place (comments and layout kept), "
        "takes the language off needs_review for the entries marked done, and validates first: with problems "
        "nothing is changed (exit 2). Both use the shipped knowledge base unless --kb names another folder.",
    )
    review_steps = review.add_subparsers(title="steps", required=True)
    review_export = review_steps.add_parser("export", help="write the review sheet for one language")
    review_export.add_argument("--lang", choices=("en", "ru", "ky"), required=True, help="the answers to review")
    review_export.add_argument("file", type=Path, help="the CSV file to write")
    review_export.set_defaults(handler=_review_export)
    review_import = review_steps.add_parser("import", help="apply a reviewed sheet to the knowledge base")
    review_import.add_argument("file", type=Path, help="the CSV file the reviewer filled in")
    review_import.set_defaults(handler=_review_import)

    add_commands(commands)
    return parser


def _serve(args: argparse.Namespace) -> int:
    if not os.environ.get("TELEGRAM_BOT_TOKEN", "").strip():
        sys.stderr.write("TELEGRAM_BOT_TOKEN is not set: give the bot's token from @BotFather (-e in Docker)\n")
        return EXIT_BAD_INPUT
    return _run(args)


def _healthcheck(args: argparse.Namespace) -> int:
    healthy, why = check(Settings.from_env(os.environ))
    print(why)
    return 0 if healthy else EXIT_FAILED


def _run(args: argparse.Namespace) -> int:
    if not os.environ.get("TELEGRAM_BOT_TOKEN", "").strip():
        ConsoleChat(Engine.load(args.kb)).run(sys.stdin, sys.stdout)
        return 0
    # Imported only here: python-telegram-bot is slow to import and the console does not need it.
    from dataclasses import replace

    from bot.runner import BotStartError, run_bot

    try:
        settings = Settings.from_env(os.environ)
        if args.kb is not None:
            settings = replace(settings, knowledge_base_path=args.kb)
        run_bot(settings)
    except SettingsError as error:
        sys.stderr.write(f"{error}\n")
        return EXIT_BAD_INPUT
    except KnowledgeBaseError as error:
        sys.stderr.write(f"The bot did not start: the knowledge base has {len(error.problems)} problem(s):\n")
        sys.stderr.write(f"{error}\n")
        return EXIT_BAD_INPUT
    except BotStartError as error:  # its message is already redacted
        sys.stderr.write(f"{error}\n")
        return EXIT_FAILED
    return 0


def _ask(args: argparse.Namespace) -> int:
    engine = Engine.load(args.kb)
    if args.question == ["-"]:
        stdin = sys.stdin
        if isinstance(stdin, io.TextIOWrapper):
            stdin.reconfigure(errors="replace")  # undecodable bytes must not stop a batch halfway
        for line in stdin:
            question = line.rstrip("\r\n")
            if question:
                _print_reply(question, engine.ask(question, args.lang), args, sys.stdout)
        return 0
    question = " ".join(args.question)
    _print_reply(question, engine.ask(question, args.lang), args, sys.stdout)
    return 0


def _print_reply(question: str, reply: Reply, args: argparse.Namespace, out: TextIO) -> None:
    text = html_to_text(reply.html)
    if not args.json:
        out.write(text + "\n")
        if args.explain:
            out.write(f"[why] {reply.reason}\n")
        return
    record = {
        "query": question,
        "status": reply.status,
        "lang": reply.lang,
        "entry_id": reply.entry.id if reply.entry and reply.status == "answer" else None,
        "score": round(float(reply.score), 4),
        "text": text,
        "candidates": [
            {"entry_id": c.entry_id, "title": c.title, "score": round(float(c.score), 4)} for c in reply.candidates
        ],
        "reason": reply.reason,
        "second_entry_id": reply.second.id if reply.second else None,
    }
    out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _validate(args: argparse.Namespace) -> int:
    kb = load_knowledge_base(args.path or args.kb)
    print(f"OK: {len(kb.entries)} entries, {len(kb.topics)} topics, {len(kb.ui)} interface texts.")
    engine = Engine(kb)
    pairs = confusable_pairs(engine)
    for pair in pairs:
        print(f"confusable: {pair}")
    print(f"{len(pairs)} confusable question(s).")
    collisions = cue_collisions(kb.vocabulary, kb.texts())
    for warning in collisions:
        print(f"cue: {warning}")
    print(f"{len(collisions)} cue word(s) that also begin other words of the knowledge base.")
    claims = [
        (entry.id, cues) for entry in kb.entries if not entry.is_smalltalk and (cues := engine.claimed_cues(entry))
    ]
    for entry_id, cues in claims:
        print(f"claims: {entry_id}: {', '.join(cues)}")
    print(f"{len(claims)} entries answer questions with these cue words, which their own variants use.")
    return 0


def _eval(args: argparse.Namespace) -> int:
    report = evaluate(Engine.load(args.kb), load_cases(args.file))
    print(format_report(report, args.show_failures))
    return 0 if report.overall.percent >= args.min_accuracy else EXIT_FAILED


def _calibrate(args: argparse.Namespace) -> int:
    cases = load_cases(args.file)
    engine = Engine.load(args.kb)
    print(format_calibration(calibrate(engine, cases), engine.thresholds))
    return 0


def _heldout(args: argparse.Namespace) -> int:
    kb = load_knowledge_base(args.kb)
    unknown = [entry_id for entry_id in args.entry if kb.entry(entry_id) is None]
    if unknown:
        sys.stderr.write(f"no such entry: {', '.join(unknown)}\n")
        return EXIT_BAD_INPUT
    print(format_held_out(held_out(kb, entry_ids=args.entry, typos=args.typos), args.show_missed))
    return 0


def _review_export(args: argparse.Namespace) -> int:
    count = export_review(load_knowledge_base(args.kb), args.lang, args.file)
    print(f"Wrote {count} entries to {args.file}: fill in 'corrected answer ({args.lang})' and 'done', then import it.")
    return 0


def _review_import(args: argparse.Namespace) -> int:
    root = args.kb or _shipped_knowledge_base()
    kb = load_knowledge_base(root)
    review = read_review(args.file, (entry.id for entry in kb.entries))
    try:
        changes = import_review(root, review)
    except KnowledgeBaseError as error:
        sys.stderr.write(f"Nothing was changed: with these corrections the knowledge base has {len(error.problems)} ")
        sys.stderr.write(f"problem(s):\n{error}\n")
        return EXIT_BAD_INPUT
    for change in changes:
        print(change)
    print(f"{len(changes)} entr{'y' if len(changes) == 1 else 'ies'} changed in {root}.")
    return 0


def _shipped_knowledge_base() -> Path:
    """The knowledge base folder inside the package (a source checkout's knowledge/data)."""
    return Path(str(resources.files("knowledge") / "data"))
