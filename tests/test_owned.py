"""What each entry's own phrasings and answers say, read once with the index (``knowledge/engine/owned.py``)."""

from __future__ import annotations

from knowledge.engine.owned import owned_by_entries
from knowledge.engine.prepared import Prepared
from knowledge.kb.load import load_knowledge_base

KB = load_knowledge_base()
OWNED = owned_by_entries(KB)


def test_every_entry_is_read_with_the_index_so_no_question_pays_for_it() -> None:
    assert set(Prepared.of(KB).owned) == {entry.id for entry in KB.entries}


def test_a_cue_word_is_claimed_for_the_kinds_of_question_its_phrasings_ask() -> None:
    since = OWNED["iom_kg_since"]  # "When did IOM open its office here?"
    assert "office" in since.cues and "time" in since.claims["office"] and "number" not in since.claims["office"]


def test_an_entry_telling_a_time_and_the_years_it_states() -> None:
    founded, plans = OWNED["iom_founded"], OWNED["jwp"]
    assert founded.tells_time and "1951" in founded.years
    assert not plans.tells_time and {"2023", "2024"} <= plans.years


def test_iom_and_the_un_named_in_an_answer_are_named_in_passing() -> None:
    """The co-chairs' answer cites "IOM's page" and names Grawe: she is its name, IOM is not."""
    assert "@iom" not in OWNED["cochairs"].cues and "@grawe" in OWNED["cochairs"].cues
    assert "@un" not in OWNED["iom_members"].cues
