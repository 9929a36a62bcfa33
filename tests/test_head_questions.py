"""The head questions: the plainest ways to ask about every entry, in each language, must all be answered right."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.engine.pipeline import Engine
from knowledge.kb.model import LANGUAGES

HEAD = Path(__file__).parent / "eval" / "head.yaml"
PER_LANGUAGE = 5
"""The fewest head questions an entry has in each language."""

CASES: dict[str, dict[str, list[str]]] = yaml.safe_load(HEAD.read_text(encoding="utf-8"))


def test_every_entry_has_head_questions_in_every_language(shipped_engine: Engine) -> None:
    assert set(CASES) == {entry.id for entry in shipped_engine.kb.entries}
    for entry_id, by_language in CASES.items():
        for lang in LANGUAGES:
            assert len(by_language.get(lang, [])) >= PER_LANGUAGE, (entry_id, lang)


@pytest.mark.parametrize("entry_id", sorted(CASES))
def test_head_questions_are_answered_with_their_entry_in_their_language(shipped_engine: Engine, entry_id: str) -> None:
    wrong = []
    for lang, questions in CASES[entry_id].items():
        for question in questions:
            reply = shipped_engine.ask(question)
            got = reply.entry.id if reply.entry is not None and reply.status == "answer" else reply.status
            if (got, reply.lang) != (entry_id, lang):
                wrong.append(f"{question!r} -> {got} ({reply.lang}): {reply.reason}")
    assert not wrong, "\n".join(wrong)
