"""Answer quality on the project's own evaluation set, with a floor; and the scorer itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluation import Case, EvalFileError, Report, evaluate, format_report, judge, load_cases
from knowledge.engine import Engine
from knowledge.reply import Reply

FLOOR = 94.5
"""Lowest overall accuracy, in percent, on tests/eval/eval.yaml."""
CEILING = 5.0
"""Highest share, in percent, of out-of-scope questions that may get an answer anyway."""

EVAL_SET = Path(__file__).parent / "eval" / "eval.yaml"


class Scored:
    """The report on the eval set, with a short repr: pytest prints test arguments on failure."""

    def __init__(self, report: Report) -> None:
        self.report = report

    def __repr__(self) -> str:
        return f"<eval report of {len(self.report.outcomes)} cases>"


@pytest.fixture(scope="module")
def scored(shipped_engine: Engine) -> Scored:
    return Scored(evaluate(shipped_engine, load_cases(EVAL_SET)))


def test_the_eval_set_is_well_formed() -> None:
    cases = load_cases(EVAL_SET)
    assert len(cases) >= 300
    assert {case.lang for case in cases} == {"en", "ru", "ky"}
    assert {case.kind for case in cases} >= {"paraphrase", "typo", "keyword", "translit", "out_of_scope"}


def test_overall_accuracy_is_above_the_floor(scored: Scored) -> None:
    report = scored.report
    overall = report.overall
    failures = format_report(report, show_failures=True)
    assert overall.percent >= FLOOR, f"accuracy {overall.percent:.1f} % < {FLOOR} %\n{failures}"


def test_out_of_scope_questions_are_rarely_answered(scored: Scored) -> None:
    report = scored.report
    answered = report.out_of_scope_answered
    assert answered.total > 0
    wrongly = [o.case.q for o in report.outcomes if o.case.expect == "decline" and o.reply.status == "answer"]
    assert answered.percent <= CEILING, f"{answered.percent:.1f} % > {CEILING} % answered: {wrongly}"


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


def test_the_report_lists_languages_kinds_and_failures(scored: Scored) -> None:
    report = scored.report
    text = format_report(report, show_failures=True)
    for label in ("overall", "lang en", "lang ru", "lang ky", "kind typo", "out-of-scope answered:"):
        assert label in text
    assert text.count("\nFAIL [") == len(report.failures)
    assert "FAIL" not in format_report(report, show_failures=False)
