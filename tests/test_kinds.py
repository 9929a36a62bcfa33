"""What a question asks for, and whether an entry's variants ever ask it."""

from __future__ import annotations

import pytest

from knowledge.matching.kinds import fits, kinds_of, profile


@pytest.mark.parametrize(
    ("words", "kinds"),
    [
        (["when", "meeting"], {"time"}),
        (["кто", "председательствовал"], {"person"}),
        (["жыйынды", "ким", "жетектеген"], {"person"}),
        (["зачем", "заседание"], {"reason"}),
        (["канча", "мүчө"], {"number"}),  # ү folded like the index folds it
        (["where", "office"], {"place"}),
        (["priorities"], set()),
        # a question word without a kind followed by a time noun asks for a time
        (["what", "year", "iom", "founded"], {"time"}),
        (["какому", "году", "достичь", "цур"], {"time"}),
        (["эму", "кайсы", "жылдан", "бери", "иштейт"], {"time"}),
        (["жыйын", "кайсы", "күнү", "болгон"], {"time"}),
        (["эму", "качандан", "бери", "иштейт"], {"time"}),  # the ablative in both spellings, "-дан" and "-тан"
        (["эму", "канчадан", "бери", "иштейт"], {"time"}),  # "since how long" asks a time, not a number
        (["консультацияга", "кимдер", "катышты"], {"person"}),
        (["в", "каком", "здании", "проходило", "заседание"], {"place"}),  # a place noun after a kindless word
        (["which", "city", "hosted", "meeting"], {"place"}),
        (["what", "framework", "year"], {"thing"}),  # the noun must follow the question word
        # "what" with no kind noun after it asks for a thing; "how", "какой", "кайсы" ask for too many kinds
        (["what", "meeting", "approve"], {"thing"}),
        (["что", "утвердили"], {"thing"}),
        (["жыйын", "эмнени", "жактырды"], {"thing"}),
        (["what"], {"thing"}),
        (["how", "iom", "help"], set()),
        (["какой", "орган"], set()),
        (["сколько", "лет"], {"number"}),  # a word with a kind keeps it
        ([], set()),  # a variant of stop words only ("Расскажи о себе") leaves no words
        # without a question word, a kind noun says what is asked
        (["meeting", "date"], {"time"}),
        (["консультации", "январь", "февраль", "участники"], {"person"}),
        (["iom", "founded", "1991"], set()),
    ],
)
def test_kinds_of_a_question(words: list[str], kinds: set[str]) -> None:
    assert kinds_of(words) == kinds


def test_a_yes_or_no_question_asks_no_kind_but_its_nouns_may_say_one() -> None:
    """Without a question word it asks yes or no (``nouns_alone=False``), whatever kind its nouns name."""
    assert kinds_of(["эму", "1991", "жылы", "түзүлгөнбү"]) == {"time"}
    assert kinds_of(["эму", "1991", "жылы", "түзүлгөнбү"], nouns_alone=False) == set()


def test_an_entry_fits_what_its_variants_ask() -> None:
    dates = profile([["when", "meeting"], ["meeting", "date"], ["когда", "заседание"], ["заседание"]])
    assert dates["time"] == pytest.approx(3 / 4) and dates["person"] == 0  # "meeting date" asks a time too
    assert fits(dates, frozenset({"time"}), rare=0.05)
    assert not fits(dates, frozenset({"person"}), rare=0.05)
    assert fits(dates, frozenset(), rare=0.05)  # a question that asks no kind fits any entry
    assert fits(dates, frozenset({"person", "time"}), rare=0.05)
    assert not fits(dates, kinds_of(["what", "meeting", "approve"]), rare=0.05)  # a date is no thing
    assert fits(dates, kinds_of(["what", "date", "meeting"]), rare=0.05)


def test_an_entry_without_questions_has_no_profile() -> None:
    assert profile([]) == {}


def test_a_thing_is_asked_amiss_only_of_an_entry_that_answers_another_kind() -> None:
    thing = kinds_of(["what", "you"])
    # one variant in six asks "who": no kind of its own, and "what are you" may be its question
    bot = profile([["who", "you"], ["your", "name"], ["introduce", "yourself"], ["bot"], ["you", "bot"], ["name"]])
    assert fits(bot, thing, rare=0.05)
    # two in six ask "when": an entry answering a time, which "what" does not ask
    dated = profile([["when", "meeting"], ["когда", "заседание"], ["meeting", "date"], ["date"], ["day"], ["дата"]])
    assert not fits(dated, thing, rare=0.05)
