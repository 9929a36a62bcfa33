"""The evaluation ratchet: which cases of our sets fail today, and what each out-of-scope case gets.

A floor on overall accuracy leaves slack: a dozen cases may break before it notices. The ratchet instead
records, per set, every case that fails today and the reply each out-of-scope case gets ("clarify" or
"fallback"); ``tests/test_evaluation.py`` fails on any new failure, on any recorded failure that now passes
(so the record only tightens), and on any out-of-scope case whose reply changed band.

After a change that makes things better, rewrite the record and review its diff before committing:

    .venv/bin/python -m tests.ratchet
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.curation.evaluation import Outcome, evaluate, load_cases
from knowledge.engine.pipeline import Engine

EVAL_DIR = Path(__file__).parent / "eval"
SETS = ("eval.yaml", "blind.yaml")
RATCHET = EVAL_DIR / "ratchet.yaml"


def record(outcomes: list[Outcome]) -> dict[str, object]:
    """What the ratchet keeps of one set's outcomes."""
    return {
        "failing": sorted({outcome.case.q for outcome in outcomes if not outcome.passed}),
        "declined": {
            outcome.case.q: outcome.reply.status
            for outcome in outcomes
            if outcome.case.expect == "decline" and outcome.passed
        },
    }


def current(engine: Engine) -> dict[str, dict[str, object]]:
    return {name: record(evaluate(engine, load_cases(EVAL_DIR / name)).outcomes) for name in SETS}


def main() -> None:
    header = "# Written by `python -m tests.ratchet` (see tests/ratchet.py); review the diff, then commit.\n"
    body = yaml.safe_dump(current(Engine.load()), allow_unicode=True, sort_keys=True, width=1000)
    RATCHET.write_text(header + body, encoding="utf-8")
    print(f"wrote {RATCHET}")


if __name__ == "__main__":
    main()
