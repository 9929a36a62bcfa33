"""Contrast words: asking about another time or another one."""

from __future__ import annotations

import pytest

from knowledge.kb.load import load_knowledge_base

CONTRAST = load_knowledge_base().vocabulary.contrast


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("When is the next meeting?", {"next"}),
        ("Когда было прошлое заседание?", {"прошлое"}),
        ("Когда прошло заседание?", set()),  # "прошло" is "took place", not "last"
        ("Кийинки жыйын качан болот?", {"кийин"}),
        ("Кто второй сопредседатель?", {"втор"}),  # one key for every case form: "вторым" in a phrasing holds it
        ("2027-жылдан кийин эмне болот?", {"кийин"}),  # "after"
        ("When was IOM founded?", set()),
        ("Who co-chairs it besides IOM?", {"besides"}),
        ("Кто, кроме МОМ, сопредседатель?", {"кроме"}),
    ],
)
def test_contrast_words(text: str, words: set[str]) -> None:
    assert CONTRAST.in_text(text) == words


@pytest.mark.parametrize("text", ["Какие рабочие планы приняли потом?", "What happened later?"])
def test_later_is_another_time(text: str) -> None:
    assert CONTRAST.in_text(text)
