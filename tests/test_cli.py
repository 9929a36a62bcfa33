"""``python -m bot``: the subcommands' contracts and exit codes, and how start-up failures are shown.

Contracts that depend on the process (stdin/stdout encoding, one process for many lines, stderr without a
traceback) run the real command; the rest call ``bot.cli.main`` in-process, which is what ``python -m bot``
runs. Expected texts come from the shipped knowledge base.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from knowledge.engine.pipeline import Engine
from knowledge.kb.telegram_html import html_to_text
from tests.fake_bot_api.harness import TOKEN
from tests.fake_bot_api.server import FakeBotApi

TIMEOUT = 120
VALID_KB = Path(__file__).parent / "fixtures" / "kb" / "valid"
SETTINGS_VARIABLES = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE_URL",
    "BOT_MODE",
    "WEBHOOK_URL",
    "WEBHOOK_LISTEN",
    "WEBHOOK_PORT",
    "WEBHOOK_PATH",
    "WEBHOOK_SECRET",
    "DEFAULT_LANGUAGE",
    "KNOWLEDGE_BASE_PATH",
    "LOG_LEVEL",
    "ADMIN_USER_IDS",
    "DATA_DIR",
    "USER_ID_SALT",
    "MATCH_ANSWER_MIN",
    "MATCH_MARGIN",
    "MATCH_CLARIFY_MIN",
    "RATE_LIMIT",
    "DATABASE_URL",
    "INBOX_RETENTION_DAYS",
)
RECORD_KEYS = {"query", "status", "lang", "entry_id", "score", "text", "candidates", "reason", "second_entry_id"}
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?>")


def environment(**settings: str) -> dict[str, str]:
    """This process's environment without any bot setting, plus ``settings``."""
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env["PYTHONIOENCODING"] = "utf-8"
    return env | settings


def cli(*args: str, stdin: str = "", cwd: Path | None = None, **settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment(**settings),
        cwd=cwd,
        timeout=TIMEOUT,
        check=False,
    )


@pytest.fixture
def hermetic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, shipped_engine: Engine) -> Path:
    """In-process runs see no bot setting from the outside and work in tmp_path.

    They get the session's engine instead of loading the shipped knowledge base again (the subprocess tests
    load it for real).
    """
    for name in SETTINGS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)

    def load(path: Path | None = None, thresholds: object = None) -> Engine:
        assert path is None and thresholds is None
        return shipped_engine

    monkeypatch.setattr(Engine, "load", load)
    return tmp_path


def answer_text(engine: Engine, entry_id: str, lang: str) -> str:
    entry = engine.kb.entry(entry_id)
    assert entry is not None
    return html_to_text(entry.answer[lang])


# --help


@pytest.mark.parametrize("command", [[], ["ask"], ["validate"], ["eval"], ["heldout"], ["unanswered"]])
def test_every_subcommand_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as leaving:
        main([*command, "--help"])
    assert leaving.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: python -m bot {' '.join(command)}".rstrip())
    assert "--help" in out


# ask


def test_ask_prints_the_answer_as_plain_text(
    hermetic: Path, shipped_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "When", "was", "IOM", "founded?"]) == 0
    out = capsys.readouterr().out
    assert out == answer_text(shipped_engine, "iom_founded", "en") + "\n"
    assert "1951" in out


def test_ask_in_a_chosen_language(hermetic: Path, shipped_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--lang", "ky", "When was IOM founded?"]) == 0
    assert capsys.readouterr().out == answer_text(shipped_engine, "iom_founded", "ky") + "\n"


def test_ask_explain_says_why_each_reply_was_given(hermetic: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--explain", "What is the exact budget of the Joint Work Plans?"]) == 0
    why = capsys.readouterr().out.splitlines()[-1]
    assert why.startswith("[why] clarify: ") or why.startswith("[why] fallback: "), why
    assert "'budget'" in why
    assert main(["ask", "--explain", "When was IOM founded?"]) == 0
    why = capsys.readouterr().out.splitlines()[-1]
    assert why.startswith("[why] answer: 'iom_founded' scores 1.00 >= 0.60 (en)"), why


def test_ask_rejects_an_unknown_language(hermetic: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as leaving:
        main(["ask", "--lang", "de", "hello"])
    assert leaving.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_ask_json_for_one_question(hermetic: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "Когда была основана МОМ?"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    record = json.loads(line)
    assert record["query"] == "Когда была основана МОМ?"
    assert (record["status"], record["lang"], record["entry_id"]) == ("answer", "ru", "iom_founded")
    assert record["candidates"][0]["entry_id"] == "iom_founded"


def check_record(record: dict[str, object]) -> None:
    """The JSON contract of one reply."""
    assert set(record) == RECORD_KEYS
    assert isinstance(record["query"], str)
    assert record["status"] in ("answer", "clarify", "fallback")
    assert record["lang"] in ("en", "ru", "ky")
    assert (record["entry_id"] is None) == (record["status"] != "answer")
    assert record["entry_id"] is None or isinstance(record["entry_id"], str)
    assert isinstance(record["score"], float) and 0.0 <= record["score"] <= 1.0
    assert isinstance(record["text"], str) and record["text"].strip()
    assert not TAG.search(record["text"]), record["text"]
    assert isinstance(record["candidates"], list)
    for candidate in record["candidates"]:
        assert isinstance(candidate, dict) and set(candidate) == {"entry_id", "title", "score"}
        assert isinstance(candidate["entry_id"], str) and isinstance(candidate["title"], str)
        assert isinstance(candidate["score"], float)
    assert isinstance(record["reason"], str) and record["reason"].startswith(str(record["status"]))


WEIRD_LINES = [
    "When was IOM founded?",
    "Когда была основана МОМ?",
    "ЭМУ качан түзүлгөн?",
    "kogda osnovana MOM",
    "   ",
    "?",
    ".",
    "\t\t",
    "😀🙂🇰🇬",
    "\u200b\u200d",
    "مرحبا كيف حالك",
    "<b>When was IOM founded?</b>",
    "<script>alert('x')</script>",
    'a & b < c > d &amp; &lt;b&gt; <a href="javascript:x">y</a>',
    "/about",
    "/start iom_founded",
    "/nonsense",
    "1951",
    "When was IOM founded? " * 230,
    "x" * 5_000,
    "\\n \\u0000 %s {entries} ${HOME}",
]


def test_ask_json_stdin_writes_one_object_per_line(shipped_engine: Engine) -> None:
    lines = WEIRD_LINES
    assert len(lines[-2]) == 5_000 and len(lines[-3]) > 5_000
    # Empty lines are skipped; one line ends in CRLF; one holds bytes that are not UTF-8.
    stdin = "\n\n".join(lines[:5]) + "\r\n" + "\n".join(lines[5:]) + "\n\n"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "-"],
        input=stdin.encode("utf-8") + b"\xff\xfe broken bytes\n",
        capture_output=True,
        env=environment(),
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    outputs = done.stdout.decode("utf-8").split("\n")
    assert outputs[-1] == ""
    records = [json.loads(line) for line in outputs[:-1]]
    assert len(records) == len(lines) + 1
    for record in records:
        check_record(record)
    assert [record["query"] for record in records[:-1]] == lines
    assert records[-1]["query"].endswith(" broken bytes")
    by_query = {record["query"]: record for record in records}
    for question in lines[:4]:
        assert by_query[question]["entry_id"] == "iom_founded"
    assert [by_query[q]["lang"] for q in lines[:4]] == ["en", "ru", "ky", "ru"]
    assert by_query["/start iom_founded"]["text"] == answer_text(shipped_engine, "iom_founded", "en")
    assert by_query["/nonsense"]["status"] == "fallback"
    notice = shipped_engine.text("shortened", "en")
    assert by_query["x" * 5_000]["text"].startswith(notice)


def test_two_thousand_lines_in_one_process(shipped_engine: Engine) -> None:
    questions = [q for entry in shipped_engine.kb.entries for lang in ("en", "ru", "ky") for q in entry.questions[lang]]
    questions += WEIRD_LINES
    lines = [questions[(index * 7) % len(questions)] for index in range(2_000)]
    done = cli("ask", "--json", "-", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(records) == 2_000
    assert [record["query"] for record in records] == lines
    assert {record["status"] for record in records} <= {"answer", "clarify", "fallback"}


# validate


def test_validate_the_shipped_knowledge_base(
    hermetic: Path, shipped_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    kb = shipped_engine.kb
    assert out.startswith(f"OK: {len(kb.entries)} entries, {len(kb.topics)} topics, {len(kb.ui)} interface texts.")
    confusables = [line for line in out.splitlines() if line.startswith("confusable: ")]
    assert f"\n{len(confusables)} confusable question(s).\n" in out
    cues = [line for line in out.splitlines() if line.startswith("cue: ")]
    assert f"\n{len(cues)} cue word(s) that also begin other words of the knowledge base.\n" in out
    claims = [line for line in out.splitlines() if line.startswith("claims: ")]
    assert "claims: cochairs: " in out and "second" in next(line for line in claims if "cochairs" in line)
    assert out.rstrip().endswith(
        f"\n{len(claims)} entries answer questions with these cue words, which their own variants use."
    )


def test_validate_a_broken_knowledge_base_prints_file_and_line(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(VALID_KB, kb)
    entries = kb / "entries" / "20_framework.yaml"
    text = entries.read_text(encoding="utf-8")
    assert text.count("  answer:\n    en: Hello!") == 1
    entries.write_text(text.replace("  answer:\n    en: Hello!", "  anwser:\n    en: Hello!"), encoding="utf-8")
    line = next(n for n, row in enumerate(entries.read_text("utf-8").splitlines(), 1) if "anwser:" in row)
    done = cli("validate", "kb", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"kb/entries/20_framework.yaml:{line} [hello] unknown field 'anwser'" in done.stderr
    assert "required field 'answer' is missing" in done.stderr
    assert "Traceback" not in done.stderr


def test_validate_a_missing_folder(hermetic: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no-such-folder"]) == 2
    assert "no-such-folder" in capsys.readouterr().err


# eval


EVAL_CASES = """\
- q: "When was IOM founded?"
  lang: en
  kind: paraphrase
  expect_all: ['1951']
- q: "When was IOM founded?"
  lang: en
  kind: keyword
  expect_all: ['a fact no answer of the knowledge base states']
"""


@pytest.mark.parametrize(("minimum", "code"), [("0", 0), ("50", 0), ("50.1", 1), ("100", 1)])
def test_eval_exit_code_follows_the_minimum_accuracy(
    hermetic: Path, capsys: pytest.CaptureFixture[str], minimum: str, code: int
) -> None:
    cases = hermetic / "cases.yaml"
    cases.write_text(EVAL_CASES, encoding="utf-8")
    assert main(["eval", str(cases), "--min-accuracy", minimum, "--show-failures"]) == code
    out = capsys.readouterr().out
    assert re.search(r"^overall\s+50\.0 %\s+\(1/2\)$", out, re.MULTILINE), out
    assert re.search(r"^lang en\s+50\.0 %", out, re.MULTILINE)
    assert re.search(r"^kind keyword\s+0\.0 %\s+\(0/1\)$", out, re.MULTILINE)
    [failure] = [line for line in out.splitlines() if line.startswith("FAIL")]
    assert failure.startswith("FAIL [en/keyword] 'When was IOM founded?' -> answer iom_founded")


def test_eval_of_a_malformed_file_exits_2(hermetic: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = hermetic / "cases.yaml"
    cases.write_text(EVAL_CASES + "- q: no expectation\n  lang: en\n", encoding="utf-8")
    assert main(["eval", str(cases)]) == 2
    captured = capsys.readouterr()
    assert "case 3: give either expect_all (a list) or expect: decline | smalltalk" in captured.err
    assert captured.out == ""
    assert main(["eval", str(hermetic / "missing.yaml")]) == 2
    assert "cannot read the question set" in capsys.readouterr().err


CALIBRATION_CASES = """\
- q: "When was IOM founded?"
  lang: en
  kind: paraphrase
  expect_all: ['1951']
- q: "How many IOM projects run in Kyrgyzstan?"
  lang: en
  kind: out_of_scope
  expect: decline
- q: "Сколько стран-членов в МОМ?"
  lang: ru
  kind: paraphrase
  expect_all: ['175']
"""


def test_calibrate_scores_every_threshold_per_language(
    hermetic: Path, shipped_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    in_use = shipped_engine.thresholds
    cases = hermetic / "cases.yaml"
    cases.write_text(CALIBRATION_CASES, encoding="utf-8")
    assert main(["calibrate", str(cases)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["answer", "at", "en", "ru"]
    rows = [re.findall(r"[\d.]+", line) for line in out[1:10]]
    assert [row[0] for row in rows] == ["0.40", "0.45", "0.50", "0.55", "0.60", "0.65", "0.70", "0.75", "0.80"]
    assert "*" in out[5]  # the threshold in use
    english_out_of_scope = [float(row[2]) for row in rows]
    assert english_out_of_scope == sorted(english_out_of_scope, reverse=True)  # fewer answered as it rises
    # this near miss (no cue word, and none of the knowledge base's near misses) scores about 0.61: answered at the
    # lowest threshold, declined at the highest
    assert (english_out_of_scope[0], english_out_of_scope[-1]) == (100.0, 0.0)
    assert [float(row[3]) for row in rows] == [100.0] * 9  # the Russian question is answered at every one
    assert re.fullmatch(r"best for en: 0\.\d\d", out[-2]) and re.fullmatch(r"best for ru: 0\.\d\d", out[-1])
    assert shipped_engine.thresholds == in_use  # the shared engine is given its thresholds back


# unanswered


def test_heldout_of_one_entry(hermetic: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["heldout", "--entry", "iom_founded", "--show-missed"]) == 0
    out = capsys.readouterr().out.splitlines()
    held, found = re.fullmatch(
        r"(\d+) question variants held out: ([\d.]+) % answered with their own entry", out[0]
    ).groups()
    assert int(held) > 50 and 50 < float(found) <= 100
    assert out[2].split()[0] == "iom_founded"
    assert all(line.startswith("MISS iom_founded [") for line in out[3:])


def test_heldout_of_an_unknown_entry(hermetic: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["heldout", "--entry", "no_such_entry"]) == 2
    assert "no such entry: no_such_entry" in capsys.readouterr().err


# Running the bot: failures are one message on stderr, never a traceback or the token


def test_a_malformed_token_is_reported_by_name_only(tmp_path: Path) -> None:
    secret = "not-a-token-but-secret-anyway"
    done = cli(cwd=tmp_path, TELEGRAM_BOT_TOKEN=secret)
    assert done.returncode == 2
    assert "TELEGRAM_BOT_TOKEN does not look like a bot token" in done.stderr
    assert secret not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr


def test_an_unreachable_telegram_is_reported_without_the_token(tmp_path: Path) -> None:
    done = cli(cwd=tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot")
    assert done.returncode == 1
    assert "the bot stopped" in done.stderr
    assert TOKEN not in done.stderr + done.stdout
    assert TOKEN.split(":")[1] not in done.stderr
    assert "Traceback" not in done.stderr


async def test_a_broken_knowledge_base_stops_the_bot_with_its_problems(fake_api: FakeBotApi, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(VALID_KB, kb)
    (kb / "topics.yaml").write_text("- id: iom\n", encoding="utf-8")
    settings = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": fake_api.base_url,
        "KNOWLEDGE_BASE_PATH": str(kb),
        "DATA_DIR": str(tmp_path / "data"),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=environment(**settings),
        cwd=tmp_path,
    )
    out, err = await asyncio.wait_for(process.communicate(), TIMEOUT)
    stderr = err.decode("utf-8")
    assert process.returncode == 2, stderr
    assert "the knowledge base has" in stderr
    assert "topics.yaml:1" in stderr and "required field 'title' is missing" in stderr
    assert TOKEN not in stderr + out.decode("utf-8")
    assert "Traceback" not in stderr


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    # Far more output than a pipe buffers, so the writer is still writing when `head` has gone.
    pipeline = f"yes 'When was IOM founded?' | head -n 3000 | {sys.executable} -m bot ask --json - | head -n 1"
    result = subprocess.run(
        ["bash", "-c", pipeline],
        capture_output=True,
        text=True,
        env=environment(),
        cwd=Path(__file__).parent.parent,
        timeout=TIMEOUT,
        check=False,
    )
    assert json.loads(result.stdout)["entry_id"] == "iom_founded"
    assert "Traceback" not in result.stderr
