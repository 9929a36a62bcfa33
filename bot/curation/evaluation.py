"""Scores the engine on a question set (the format of tests/eval/eval.yaml), so answer quality is measured."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge.engine.pipeline import Engine
from knowledge.engine.reply import Reply
from knowledge.kb.telegram_html import html_to_text


class EvalFileError(ValueError):
    """The question set itself is malformed; the message says which case and why."""


@dataclass(frozen=True)
class Case:
    q: str
    lang: str
    kind: str
    expect_all: tuple[str, ...] = ()
    expect: str = ""


@dataclass(frozen=True)
class Outcome:
    case: Case
    reply: Reply
    passed: bool
    why: str
    offered_right: bool = False
    """A "did you mean" whose options include an entry whose answer would have passed."""


@dataclass
class Tally:
    passed: int = 0
    total: int = 0

    @property
    def percent(self) -> float:
        return 100.0 * self.passed / self.total if self.total else 0.0


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def overall(self) -> Tally:
        return _tally(self.outcomes)

    def by(self, attribute: str) -> dict[str, Tally]:
        groups: defaultdict[str, list[Outcome]] = defaultdict(list)
        for outcome in self.outcomes:
            groups[getattr(outcome.case, attribute)].append(outcome)
        return {key: _tally(group) for key, group in sorted(groups.items())}

    @property
    def out_of_scope_answered(self) -> Tally:
        declines = [o for o in self.outcomes if o.case.expect == "decline"]
        return Tally(passed=sum(o.reply.status == "answer" for o in declines), total=len(declines))

    @property
    def answered_wrongly(self) -> Tally:
        """In-scope questions answered outright with an answer that lacks the pinned fact: worse than a
        "did you mean", since the user has no reason to doubt it."""
        in_scope = [o for o in self.outcomes if o.case.expect_all]
        return Tally(passed=sum(o.reply.status == "answer" and not o.passed for o in in_scope), total=len(in_scope))

    @property
    def clarified_with_right_option(self) -> Tally:
        """Of the in-scope questions not answered outright, those whose "did you mean" offered a right entry."""
        unanswered = [o for o in self.outcomes if o.case.expect_all and o.reply.status != "answer"]
        return Tally(passed=sum(o.offered_right for o in unanswered), total=len(unanswered))

    @property
    def failures(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.passed]


def _tally(outcomes: Iterable[Outcome]) -> Tally:
    items = list(outcomes)
    return Tally(passed=sum(o.passed for o in items), total=len(items))


def load_cases(path: Path) -> list[Case]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise EvalFileError(f"{path}: cannot read the question set: {error}") from error
    if not isinstance(raw, list) or not raw:
        raise EvalFileError(f"{path}: expected a list of cases (each starting with '- q:')")
    return [_case(path, number, item) for number, item in enumerate(raw, start=1)]


def _case(path: Path, number: int, item: object) -> Case:
    where = f"{path}: case {number}"
    if not isinstance(item, dict) or not isinstance(item.get("q"), str):
        raise EvalFileError(f"{where}: each case needs a text field q")
    expect_all = item.get("expect_all") or []
    expect = item.get("expect") or ""
    if bool(expect_all) == bool(expect) or expect not in ("", "decline", "smalltalk"):
        raise EvalFileError(f"{where}: give either expect_all (a list) or expect: decline | smalltalk")
    if not isinstance(expect_all, list) or not all(isinstance(p, str) and p for p in expect_all):
        raise EvalFileError(f"{where}: expect_all should be a list of regular expressions")
    for pattern in expect_all:
        try:
            re.compile(pattern)
        except re.error as error:
            raise EvalFileError(f"{where}: bad regex {pattern!r}: {error}") from error
    return Case(
        q=item["q"],
        lang=str(item.get("lang", "")),
        kind=str(item.get("kind", "")),
        expect_all=tuple(expect_all),
        expect=expect,
    )


def judge(case: Case, reply: Reply) -> tuple[bool, str]:
    """Whether the reply is right for the case, and if not, why (for --show-failures)."""
    if case.expect == "decline":
        return reply.status != "answer", "answered an out-of-scope question"
    if case.expect == "smalltalk":
        return reply.status != "fallback", "fell back on small talk"
    if reply.status != "answer":
        return False, f"{reply.status} instead of an answer"
    text = _without_yo(html_to_text(reply.html))
    missing = [p for p in case.expect_all if not re.search(_without_yo(p), text, re.IGNORECASE)]
    return not missing, f"missing {missing}"


def _without_yo(text: str) -> str:
    """Russian writes ё as е as often as not: a pattern's "зелен" means "зелёное" too."""
    return text.replace("ё", "е").replace("Ё", "Е")


def evaluate(engine: Engine, cases: Iterable[Case]) -> Report:
    report = Report()
    for case in cases:
        reply = engine.ask(case.q)
        passed, why = judge(case, reply)
        offered = reply.status == "clarify" and any(
            (option := engine.entry_reply(offered.entry_id, reply.lang)) is not None and judge(case, option)[0]
            for offered in reply.offered
        )
        report.outcomes.append(Outcome(case, reply, passed, "" if passed else why, offered))
    return report


def format_report(report: Report, show_failures: bool) -> str:
    lines = [_line("overall", report.overall)]
    lines += [_line(f"lang {lang}", tally) for lang, tally in report.by("lang").items()]
    lines += [_line(f"kind {kind}", tally) for kind, tally in report.by("kind").items()]
    oos = report.out_of_scope_answered
    lines.append(f"out-of-scope answered: {oos.passed}/{oos.total} ({oos.percent:.1f} %)")
    wrong = report.answered_wrongly
    lines.append(f"in-scope answered wrongly: {wrong.passed}/{wrong.total} ({wrong.percent:.1f} %)")
    offered = report.clarified_with_right_option
    lines.append(f"not answered, right option offered: {offered.passed}/{offered.total} ({offered.percent:.1f} %)")
    if show_failures:
        for outcome in report.failures:
            reply = outcome.reply
            got = reply.entry.id if reply.entry else "-"
            lines.append(
                f"FAIL [{outcome.case.lang}/{outcome.case.kind}] {outcome.case.q!r} -> {reply.status} "
                f"{got} ({reply.score:.2f}): {outcome.why}"
            )
    return "\n".join(lines)


def _line(label: str, tally: Tally) -> str:
    return f"{label:<22} {tally.percent:6.1f} %  ({tally.passed}/{tally.total})"
