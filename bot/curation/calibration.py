"""Calibrates the answer threshold per language on a question set (the format of tests/eval/eval.yaml).

A lower threshold answers more questions directly, and more out-of-scope ones wrongly. For each language the
best threshold is the most accurate of those that answer at most ``OUT_OF_SCOPE_CEILING`` % of its
out-of-scope questions (the product's target; all of them if none does); ties go to fewer out-of-scope
answers, then to the threshold in use. Only the threshold changes between runs, so every point of the grid shares one
index (``Engine.with_thresholds``); the engine it was given keeps its own bands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.curation.evaluation import Case, Report, Tally, evaluate
from knowledge.engine.bands import Thresholds
from knowledge.engine.pipeline import Engine

DEFAULT_GRID = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
OUT_OF_SCOPE_CEILING = 5.0


@dataclass(frozen=True)
class Point:
    threshold: float
    lang: str
    accuracy: Tally
    out_of_scope_answered: Tally

    def within_ceiling(self) -> bool:
        return self.out_of_scope_answered.percent <= OUT_OF_SCOPE_CEILING


def calibrate(engine: Engine, cases: Sequence[Case], grid: Sequence[float] = DEFAULT_GRID) -> list[Point]:
    """Accuracy and out-of-scope answers per language at each answer threshold of the grid."""
    points: list[Point] = []
    for threshold in grid:
        report = evaluate(
            engine.with_thresholds(replace(engine.thresholds, answer=threshold, answer_by_language=())), cases
        )
        for lang in sorted({case.lang for case in cases}):
            of_lang = Report([outcome for outcome in report.outcomes if outcome.case.lang == lang])
            points.append(Point(threshold, lang, of_lang.overall, of_lang.out_of_scope_answered))
    return points


def best_per_language(points: Sequence[Point], in_use: Thresholds) -> dict[str, Point]:
    best: dict[str, Point] = {}
    for lang in sorted({point.lang for point in points}):
        of_lang = [point for point in points if point.lang == lang]
        used = in_use.answer_for(lang)
        best[lang] = max(
            [point for point in of_lang if point.within_ceiling()] or of_lang,
            key=lambda p: (p.accuracy.percent, -p.out_of_scope_answered.percent, -abs(p.threshold - used)),
        )
    return best


def format_calibration(points: Sequence[Point], in_use: Thresholds) -> str:
    best = best_per_language(points, in_use)
    langs = sorted(best)
    lines = ["answer at " + "".join(f"  {lang:>23}" for lang in langs)]
    for threshold in sorted({point.threshold for point in points}):
        row = {point.lang: point for point in points if point.threshold == threshold}
        cells = "".join(
            f"  {_cell(row[lang], best[lang] is row[lang], threshold == in_use.answer_for(lang)):>23}"
            for lang in langs
            if lang in row
        )
        lines.append(f"{threshold:9.2f}{cells}")
    lines.append(
        f"cells: accuracy % (out-of-scope answered %); [ ] the most accurate per language answering at most "
        f"{OUT_OF_SCOPE_CEILING:g} % out of scope; * the language's threshold in use"
    )
    lines += [f"best for {lang}: {best[lang].threshold:.2f}" for lang in langs]
    return "\n".join(lines)


def _cell(point: Point, best: bool, in_use: bool) -> str:
    text = f"{point.accuracy.percent:5.1f} ({point.out_of_scope_answered.percent:4.1f})"
    return (f"[{text}]" if best else text) + ("*" if in_use else " ")
