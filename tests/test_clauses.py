"""Long messages: where the question sits in them, and what counts as a short question."""

from __future__ import annotations

import pytest

from knowledge.text.clauses import MAX_QUERY_CHARS, Window, cut, described_part, segment, without_conjunctions


def windows(text: str) -> list[Window]:
    return segment(text).windows


def _asking(text: str) -> dict[str, bool]:
    return {window.text: window.asks for window in windows(text)}


def test_one_clause_is_one_window() -> None:
    assert [(w.text, w.asks) for w in windows("When was IOM founded?")] == [("When was IOM founded?", True)]


@pytest.mark.parametrize(
    ("story", "question"),
    [
        ("I am a student from Osh.", "When was IOM founded?"),
        ("I am a student from Osh.", "Please tell me the year IOM was founded"),  # a request, no "?"
        ("Я студент из Оша.", "Подскажите год основания МОМ"),
        ("Мен Оштон келген студентмин.", "ЭМУ качан түзүлгөн"),
    ],
)
def test_windows_overlapping_the_asking_sentence_are_marked(story: str, question: str) -> None:
    asking = _asking(f"{story} {question}")
    assert asking[story.rstrip(".")] is False
    assert asking[question.rstrip("?")] is True
    assert asking[f"{story.rstrip('.')} {question.rstrip('?')}"] is True


def test_only_the_asking_clause_of_a_sentence_asks() -> None:
    asking = _asking("I have the date, the participants too, but why was it held? Thanks.")
    assert asking["I have the date"] is False and asking["the participants too"] is False
    assert asking["but why was it held"] is True
    assert asking["Thanks"] is False


def test_a_relative_clause_describes_and_the_clause_it_hangs_on_asks() -> None:
    asking = _asking("Между кем подписали соглашение, которое обсуждали весной?")
    assert asking["Между кем подписали соглашение"] is True  # "кем": a form of "кто"
    assert asking["которое обсуждали весной"] is False  # the "?" is the main clause's
    assert _asking("Где прошла встреча, на которой выступал министр?")["на которой выступал министр"] is False


def test_a_clause_opened_by_the_conjunction_chto_reports_rather_than_asks() -> None:
    asking = _asking("В новостях писали, что Кабинет встречался с ООН. Кто там председательствовал?")
    assert asking["Кабинет встречался с ООН"] is False  # what it reports, without its conjunction
    assert asking["Кто там председательствовал"] is True
    assert _asking("Подскажите, что такое МОМ?")["что такое МОМ"] is True  # the "?" is its own


@pytest.mark.parametrize(
    ("clause", "asks"),
    [
        ("I'm a migrant who came back from Russia last year", False),  # "who" after a noun: relative
        ("I wonder who chaired the meeting", True),
        ("Could you tell me what IOM is", True),
        ("what is IOM", True),
    ],
)
def test_an_english_wh_word_after_a_noun_opens_a_relative_clause(clause: str, asks: bool) -> None:
    assert _asking(f"{clause}. Thanks.")[clause] is asks


def test_an_english_clause_opening_with_an_auxiliary_asks() -> None:
    asking = _asking("I want to go home. Can IOM pay for my ticket, and who do I call?")
    assert asking["Can IOM pay for my ticket"] is True
    assert asking["I want to go home"] is False


def test_a_dash_between_years_is_a_range_not_a_break() -> None:
    assert windows("Which priorities does the Framework for 2023–2027 have?")[0].text == (
        "Which priorities does the Framework for 2023–2027 have?"
    )
    assert [w.text for w in windows("IOM — what is it?")][:2] == ["IOM", "what is it"]


def test_a_long_message_has_every_run_of_clauses_and_the_whole() -> None:
    text = "One. Two, three. Four? Five."
    assert [w.text for w in windows(text)] == [
        *("One", "Two", "three", "Four", "Five"),
        *("One Two", "Two three", "three Four", "Four Five"),
        *("One Two three", "Two three Four", "three Four Five"),
        text,
    ]


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("When was IOM founded?", True),
        ("What was there before IOM, before 1951?", True),
        ("My brother is back from Russia. He has no job. A neighbour told us about IOM. What does it do?", False),
    ],
)
def test_short_questions(text: str, short: bool) -> None:
    assert segment(text).few_clauses is short


def test_the_question_clauses_leave_the_rest_of_their_sentence_out() -> None:
    parts = segment("My cousin works in Moscow, he came back, what does IOM do here?")
    assert parts.question == "My cousin works in Moscow, he came back, what does IOM do here?"
    assert parts.question_clauses == "what does IOM do here"


def test_the_question_is_the_last_sentence_that_asks() -> None:
    assert segment("After the floods we worry. Is climate one of the priorities?").question == (
        "Is climate one of the priorities?"
    )
    # "who" opens a relative clause in the story: the question is still the last sentence
    story = "I'm a migrant who came back from Russia. Is IOM part of the UN?"
    assert (segment(story).question, segment(story).question_clauses) == (
        "Is IOM part of the UN?",
        "Is IOM part of the UN",
    )
    # in a short message every sentence ending with "?" is a question
    assert segment("What does Grawe speak? Does she know Kyrgyz?").question_clauses == (
        "What does Grawe speak Does she know Kyrgyz"
    )
    assert segment("IOM in Kyrgyzstan").question == "IOM in Kyrgyzstan"  # nothing asks: all of it


def test_a_huge_message_is_cut_at_a_word() -> None:
    text = "word " * 1000
    shortened, was_cut = cut(text)
    assert was_cut and len(shortened) <= MAX_QUERY_CHARS and shortened.endswith("word")
    assert cut("short") == ("short", False)


@pytest.mark.parametrize(
    ("question", "main"),
    [
        ("Who chaired the session where the work plans got approved?", "who chaired the session"),
        ("Who spoke for the UN at the meeting when the plans were endorsed?", "who spoke for the un at the meeting"),
        ("Who led the meeting at which the plans were endorsed?", None),  # after a preposition: not read
        ("Which group is it that IOM co-chairs?", None),  # "that" after a pronoun opens no clause
        ("Who led the meeting that endorsed the work plans?", "who led the meeting"),  # "that" after a noun does
        ("What is the committee that is the highest body?", None),  # unless it is what says which one
        ("IOM works in how many countries around the world", None),  # "how many" asks
        ("I read somewhere where IOM has 193 member states", None),  # the words before ask nothing
        ("Where does IOM work?", None),  # a question word at the start asks
        ("Tell me who chaired the meeting", None),  # after "tell me" it asks
    ],
)
def test_the_words_before_a_relative_clause(question: str, main: str | None) -> None:
    assert described_part(question) == main


def test_the_conjunction_что_is_told_from_the_question_word() -> None:
    heard = "Слышал, что заседание вели Жапаров и Граве, это так?"
    assert without_conjunctions(heard) == "Слышал, заседание вели Жапаров и Граве, это так?"
    for question in (
        "Подскажите, что такое МОМ?",  # after a request
        "Говорят, что МОМ помогает мигрантам?",  # ending the question
        "Читал новость. Что сказала Граве? И ещё вопрос.",  # opening a sentence, not after a comma
        "Скажите, чтобы знать",
    ):
        assert without_conjunctions(question) == question
    # the windows hold what a clause of "что" reports, not the conjunction
    assert "заседание было" in [window.text for window in segment("Слышал, что заседание было, да?").windows]
