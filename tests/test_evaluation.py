"""Answer quality on the project's own sets, held by a ratchet (tests/ratchet.py); and the scorer itself."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.curation.evaluation import Case, EvalFileError, evaluate, format_report, judge, load_cases
from knowledge.engine.pipeline import Engine
from knowledge.engine.reply import Reply
from tests.ratchet import RATCHET, SETS, current

EVAL_SET = Path(__file__).parent / "eval" / "eval.yaml"


class Recorded:
    """The ratchet's record and today's outcomes, with a short repr: pytest prints test arguments on failure."""

    def __init__(self, recorded: dict[str, dict[str, object]], now: dict[str, dict[str, object]]) -> None:
        self.recorded, self.now = recorded, now

    def __repr__(self) -> str:
        return "<evaluation ratchet>"


@pytest.fixture(scope="module")
def ratchet(shipped_engine: Engine) -> Recorded:
    recorded = yaml.safe_load(RATCHET.read_text(encoding="utf-8"))
    return Recorded(recorded, current(shipped_engine))


def test_the_eval_set_is_well_formed() -> None:
    cases = load_cases(EVAL_SET)
    assert len(cases) >= 300
    assert {case.lang for case in cases} == {"en", "ru", "ky"}
    assert {case.kind for case in cases} >= {"paraphrase", "typo", "keyword", "translit", "out_of_scope"}


@pytest.mark.parametrize("name", SETS)
def test_no_case_fails_that_did_not_fail_before(ratchet: Recorded, name: str) -> None:
    was, now = set(ratchet.recorded[name]["failing"]), set(ratchet.now[name]["failing"])  # type: ignore[call-overload]
    assert not now - was, f"{name}: newly failing:\n" + "\n".join(sorted(now - was))
    assert not was - now, f"{name}: now passing, tighten the ratchet (python -m tests.ratchet):\n" + "\n".join(
        sorted(was - now)
    )


@pytest.mark.parametrize("name", SETS)
def test_out_of_scope_questions_keep_their_reply(ratchet: Recorded, name: str) -> None:
    """Declining has two bands: a "did you mean" or the honest fallback. Which one each gets is recorded."""
    was, now = ratchet.recorded[name]["declined"], ratchet.now[name]["declined"]
    assert isinstance(was, dict) and isinstance(now, dict)
    changed = [f"{q!r}: {was.get(q)} -> {now.get(q)}" for q in sorted(set(was) | set(now)) if was.get(q) != now.get(q)]
    assert not changed, f"{name}: out-of-scope replies changed:\n" + "\n".join(changed)


# The scorer


def reply(status: str, html: str = "") -> Reply:
    return Reply(query="q", status=status, lang="en", html=html)  # type: ignore[arg-type]


def test_judge_follows_the_eval_format() -> None:
    fact = Case(q="q", lang="en", kind="paraphrase", expect_all=("since 1951", "humane|гуманн"))
    assert judge(fact, reply("answer", "IOM works <b>since 1951</b> for humane migration"))[0]
    assert judge(fact, reply("answer", "Since 1951 only")) == (False, "missing ['humane|гуманн']")
    assert judge(fact, reply("clarify", "since 1951, humane")) == (False, "clarify instead of an answer")
    decline = Case(q="q", lang="en", kind="out_of_scope", expect="decline")
    assert judge(decline, reply("fallback"))[0] and judge(decline, reply("clarify"))[0]
    assert not judge(decline, reply("answer"))[0]
    smalltalk = Case(q="q", lang="en", kind="smalltalk", expect="smalltalk")
    assert judge(smalltalk, reply("answer"))[0] and judge(smalltalk, reply("clarify"))[0]
    assert not judge(smalltalk, reply("fallback"))[0]


def test_judge_reads_yo_as_ye_on_both_sides() -> None:
    green = Case(q="q", lang="ru", kind="paraphrase", expect_all=("зелен",))
    assert judge(green, reply("answer", "Зелёное развитие"))[0]
    written_with_yo = Case(q="q", lang="ru", kind="paraphrase", expect_all=("зелёное",))
    assert judge(written_with_yo, reply("answer", "Зеленое развитие"))[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- q: hi\n  expect: smalltalk\n  expect_all: [x]\n", "case 1: give either expect_all"),
        ("- q: hi\n", "case 1: give either expect_all"),
        ("- q: hi\n  expect: maybe\n", "case 1: give either expect_all"),
        (
            "- q: ok\n  expect: decline\n- lang: en\n  expect: decline\n",
            "case 2: each case needs a text field q",
        ),
        ("- q: hi\n  expect_all: ['(unclosed']\n", "case 1: bad regex"),
        ("- q: hi\n  expect_all: just-a-text\n", "case 1: expect_all should be a list"),
        ("q: hi\n", "expected a list of cases"),
        ("", "expected a list of cases"),
        ("- q: [unclosed\n", "cannot read the question set"),
    ],
)
def test_a_malformed_eval_file_is_reported(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "cases.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvalFileError, match=message.replace("(", r"\(")):
        load_cases(path)


def test_a_missing_eval_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(EvalFileError, match="cannot read"):
        load_cases(tmp_path / "nowhere.yaml")


def test_the_report_lists_languages_kinds_and_failures(shipped_engine: Engine) -> None:
    report = evaluate(shipped_engine, load_cases(EVAL_SET))
    text = format_report(report, show_failures=True)
    for label in ("overall", "lang en", "lang ru", "lang ky", "kind typo", "out-of-scope answered:"):
        assert label in text
    assert text.count("\nFAIL [") == len(report.failures)
    assert "FAIL" not in format_report(report, show_failures=False)


def test_the_report_counts_wrong_answers_and_right_options_offered(shipped_engine: Engine) -> None:
    cases = [
        Case(q="What are the priorities?", lang="en", kind="keyword", expect_all=("green",)),  # answered right
        Case(q="When was IOM founded?", lang="en", kind="typo", expect_all=("Tajikistan",)),  # answered wrongly
        Case(q="committee", lang="en", kind="keyword", expect_all=("steering|руковод",)),  # did you mean
        Case(q="pizza recipe", lang="en", kind="out_of_scope", expect="decline"),
    ]
    report = evaluate(shipped_engine, cases)
    assert [o.reply.status for o in report.outcomes] == ["answer", "answer", "clarify", "fallback"]
    assert (report.answered_wrongly.passed, report.answered_wrongly.total) == (1, 3)
    offered = report.clarified_with_right_option
    assert (offered.passed, offered.total) == (1, 1)
    text = format_report(report, show_failures=False)
    assert "in-scope answered wrongly: 1/3 (33.3 %)" in text
    assert "not answered, right option offered: 1/1 (100.0 %)" in text
