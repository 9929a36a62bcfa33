"""Normalisation: what users type must meet the knowledge base in the same form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.text.fold import fold, tokens
from knowledge.text.stem import kyrgyz_stem, russian_stem, stems_of
from knowledge.text.translit import translit_candidates, translit_to_cyrillic


def test_fold_applies_nfkc_casefold_and_yo() -> None:
    assert fold("Зелёная ＥＣＯ") == "зеленая eco"
    assert fold("ﬁnance") == "finance"


def test_tokens_drop_punctuation_and_emoji() -> None:
    assert tokens("Hello!!! 👋 IOM, since 1997?") == ("hello", "iom", "since", "1997")


def test_mixed_script_word_becomes_cyrillic() -> None:
    # "прогрaмма" with a Latin "a" in the middle
    assert tokens("прогр\u0061мма") == ("программа",)


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("kogda", "когда"),
        ("prioritety", "приоритеты"),
        ("ramochnoy", "рамочной"),
        ("zhaparov", "жапаров"),
        ("svyazana", "связана"),
        ("chlenov", "членов"),
        ("shto", "што"),
        ("eto", "это"),
    ],
)
def test_translit(latin: str, cyrillic: str) -> None:
    assert translit_to_cyrillic(latin) == cyrillic


def test_translit_reads_j_both_ways_and_the_reflexive_ending() -> None:
    assert translit_candidates("moja") == ("моя", "можа")
    assert translit_candidates("Japarov".lower()) == ("япаров", "жапаров")
    assert translit_candidates("djaparov")[1] == "жапаров"
    assert translit_to_cyrillic("polzovatsya") == "ползоватся"


def test_chat_spellings_become_the_words() -> None:
    assert tokens("скока стран, спс") == ("сколько", "стран", "спасибо")
    assert tokens("када была встреча") == ("когда", "была", "встреча")


def test_english_chat_spellings_become_the_words() -> None:
    assert tokens("wat r the priorities abt") == ("what", "are", "the", "priorities", "about")
    assert tokens("kto ty, u OON") == ("kto", "ty", "u", "oon")  # Russian in Latin letters stays as typed


def test_kyrgyz_stem_meets_text_typed_without_kyrgyz_letters() -> None:
    assert kyrgyz_stem("түзүлгөн") == kyrgyz_stem("тузулгон")
    assert kyrgyz_stem("мамлекеттери") == kyrgyz_stem("мамлекет")
    assert kyrgyz_stem("эму") == "эму"


def test_russian_stem_folds_inflection() -> None:
    assert russian_stem("приоритеты") == russian_stem("приоритетов")


@given(st.text(max_size=200))
def test_tokens_never_fail(text: str) -> None:
    for word in tokens(text):
        assert word
        stems_of(word, "ru")
        stems_of(word, "ky")
