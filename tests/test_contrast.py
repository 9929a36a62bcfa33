"""Contrast words: asking about another time or another one."""

from __future__ import annotations

import pytest

from knowledge.engine.pipeline import Engine
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


@pytest.mark.parametrize(
    "text",
    ["Какие рабочие планы приняли потом?", "What happened later?", "Кто сменил Граве?", "Who is Grawe's successor?"],
)
def test_later_is_another_time(text: str) -> None:
    assert CONTRAST.in_text(text)


@pytest.mark.parametrize(
    "question",
    ["Is Japarov still the Chairman of the Cabinet?", "Жапаров азыр да Министрлер Кабинетинин төрагасыбы?"],
)
def test_asking_how_things_stand_now_is_not_answered_with_the_page_of_2022(
    shipped_engine: Engine, question: str
) -> None:
    """The page tells how things stood in 2022-2023: "still", "now", "азыр" ask beyond it, in every language."""
    reply = shipped_engine.ask(question)
    assert reply.status != "answer", reply.reason
    assert shipped_engine.ask("Who is Akylbek Japarov?").status == "answer"  # without the cue, it is answered


def test_a_year_the_entry_never_states_is_another_time(shipped_engine: Engine) -> None:
    later = shipped_engine.ask("Were the joint work plans for 2027-2028 endorsed?")
    assert later.status != "answer" and "'2027'" in later.reason, later.reason
    stated = shipped_engine.ask("What did the joint work plans for 2023-2024 set out?")
    assert (stated.status, stated.entry and stated.entry.id) == ("answer", "jwp"), stated.reason
