"""``python -m bot db upgrade``, ``stats`` and ``unanswered``: the curators' view from a shell, on the bot's
own database (DATA_DIR or DATABASE_URL), and KNOWLEDGE_BASE_PATH honoured by every subcommand."""

from __future__ import annotations

import asyncio
import csv
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.storage.store import open_store
from handlers.store import Asked, Exchange, SentReply
from tests.test_cli import cli, hermetic

__all__ = ["hermetic"]


def seed(data: Path) -> None:
    async def go() -> None:
        store = await open_store("", data, "salt")
        questions = [
            Asked("When was IOM founded?", "en", "answer", "iom_founded", 0.9),
            Asked("vacancies at IOM", "en", "fallback"),
            Asked("Vacancies at IOM?", "en", "fallback"),
            Asked("Где офис МОМ в Оше? Мой телефон +996 555 123 456", "ru", "clarify", None, 0.5, (("iom_x", 0.5),)),
        ]
        for number, asked in enumerate(questions):
            await store.record(Exchange(1, 2, number, SentReply((100 + number,), ("p",)), asked))
        await store.close()

    asyncio.run(go())


def test_nothing_recorded_creates_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for command in ("unanswered", "stats"):
        done = cli(command, DATA_DIR=str(data))
        assert done.returncode == 0, done.stderr
        assert "Nothing recorded yet" in done.stdout
    assert not data.exists(), "listing must not create the data folder, salt or database"


def test_unanswered_groups_the_inbox(
    hermetic: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = hermetic / "data"
    seed(data)
    monkeypatch.setenv("DATA_DIR", str(data))
    assert main(["unanswered", "--days", "7"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Not answered confidently, last 7 days: 3 questions in 2 groups"
    assert out[1].startswith("2× [en] Vacancies at IOM?")
    assert out[2].startswith("1× [ru] Где офис МОМ в Оше? Мой телефон [number] → ")  # masked, with the guess
    assert main(["unanswered", "--csv", str(hermetic / "inbox.csv")]) == 0
    rows = list(csv.reader((hermetic / "inbox.csv").open(encoding="utf-8-sig")))
    assert [row[0] for row in rows] == ["count", "2", "1"]


def test_stats(hermetic: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = hermetic / "data"
    seed(data)
    monkeypatch.setenv("DATA_DIR", str(data))
    assert main(["stats", "--days", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Last 1 days: 4 questions, 25% answered")
    assert "By reply: fallback 2, answered 1, did you mean 1" in out


@pytest.mark.parametrize("days", ["0", "-1", "x", "4000"])
def test_days_must_be_a_sensible_number(hermetic: Path, days: str) -> None:
    with pytest.raises(SystemExit) as leaving:
        main(["stats", "--days", days])
    assert leaving.value.code == 2


def test_db_upgrade_reports_the_revision(tmp_path: Path) -> None:
    done = cli("db", "upgrade", DATA_DIR=str(tmp_path / "data"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"sqlite+aiosqlite:///{tmp_path / 'data' / 'bot.sqlite3'} is at schema revision 0001."


def test_a_bad_database_url_is_a_message(tmp_path: Path) -> None:
    done = cli("db", "upgrade", DATABASE_URL="mysql://bot:pw@db/faq", DATA_DIR=str(tmp_path))
    assert done.returncode == 2
    assert "DATABASE_URL must be a postgresql://… or sqlite:///… URL" in done.stderr and "pw" not in done.stderr


def test_knowledge_base_path_is_honoured_and_kb_wins(kb: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(kb, broken)
    entries = sorted((broken / "entries").glob("*.yaml"))[0]
    entries.write_text(entries.read_text(encoding="utf-8").replace("answer:", "anwser:", 1), encoding="utf-8")
    done = cli("validate", KNOWLEDGE_BASE_PATH=str(broken))
    assert done.returncode == 2 and "anwser" in done.stdout + done.stderr
    assert cli("--kb", str(kb), "validate", KNOWLEDGE_BASE_PATH=str(broken)).returncode == 0
