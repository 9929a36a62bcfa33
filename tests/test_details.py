"""Details the page never gives: found by prefix or whole word, never inside an unrelated word."""

from __future__ import annotations

import pytest

from knowledge.engine.pipeline import Engine
from knowledge.kb.load import load_knowledge_base
from knowledge.text.cues import years_in

DETAILS = load_knowledge_base().vocabulary.details


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        ("What is Antje Grawe's nationality?", {"nationalit"}),
        ("Сколько сотрудников работает в МОМ?", {"сотрудник"}),
        ("Антье Граве канча жашта?", {"жашта"}),
        ("How old is Akylbek Japarov?", {"old"}),
        ("ЭМУнун Ош шаарындагы кеңсеси кайда?", {"кенсе"}),
        ("Is Antje Grawe married, does she have kids?", {"married", "kids"}),
        ("Какие номера ЦУР относятся к зелёному развитию?", {"номер"}),
        ("What did the Joint Work Plans achieve in 2024?", {"achiev"}),
        ("Какое агентство ООН руководит этой группой?", {"агентств"}),
        ("Бул багыт боюнча БУУнун кайсы агенттиги жооптуу?", {"агенттиг"}),  # к becomes г before a vowel
        ("ЭМУга жумушка кантип орношсо болот?", {"орнош"}),  # getting a job
        ("Как вы считаете, удачно ли прошло заседание?", {"вашемнение"}),  # the bot's opinion
        ("Was the meeting a success in your opinion?", {"youropinion"}),
        ("В каком здании проходило заседание?", {"здании"}),  # the page names no venue
        ("When were NGOs asked for their opinion on the work plans?", set()),  # theirs is on the page
        ("When was the UN migration agency founded?", set()),  # IOM by its other name, not an agency asked about
        ("How long has Japarov been in office?", {"long", "office"}),
        ("Which ministries took part in the consultations?", {"ministries"}),
        ("Who chaired the Cabinet of Ministers?", set()),  # ministers are not ministries
        ("What is the 2030 Agenda?", set()),  # "age" only as a word
        ("Кыргызстандын жаштары үчүн эмне кылынат?", set()),  # "жаштар" is youth, not age
        ("Почти все ли приоритеты касаются мужчин и женщин?", set()),  # "почти" is not "почта", "мужчин" not "муж"
        ("Улуттук консультациялар качан болгон?", set()),
        ("Антье Граве кайсы өлкөнүн жараны?", {"жараны"}),
        ("What degree does Akylbek Japarov hold?", {"degree"}),  # a person's education
        ("Какое образование получила Антье Граве?", {"образование"}),
        ("Год образования МОМ?", set()),  # the year IOM was formed, not anyone's schooling
        ("Жапаров кайсы университетте окуган?", {"окуган"}),
        (
            "Жарандык коом консультацияларга катыштыбы?",
            set(),
        ),  # "жарандык коом" is civil society  # "улуттук" is national, not nationality
    ],
)
def test_details(text: str, marks: set[str]) -> None:
    assert DETAILS.in_text(text) == marks


@pytest.mark.parametrize(
    "text", ["ЭМУнун Кыргызстандагы башчысы ким?", "Кто руководитель МОМ в Кыргызстане?", "Who is IOM's director here?"]
)
def test_who_heads_an_office_is_a_detail(text: str) -> None:
    assert DETAILS.in_text(text)


def test_a_detail_an_entry_uses_is_its_own_only_in_the_kind_of_question_that_uses_it(shipped_engine: Engine) -> None:
    """The entry on since when IOM is in Kyrgyzstan is asked "When did IOM open its *office* here?": the office
    is its word when the question asks when, not when it asks how many people work there."""
    opened = shipped_engine.ask("When did IOM open its office in Kyrgyzstan?")
    assert (opened.status, opened.entry and opened.entry.id) == ("answer", "iom_kg_since"), opened.reason
    staff = shipped_engine.ask("How many people work at the IOM office in Kyrgyzstan?")
    assert staff.status != "answer" and "'office'" in staff.reason, staff.reason


def test_years_are_read_whole() -> None:
    assert years_in("the plans for 2023–2024, 2022-жылы, not 12023 nor 20245") == {"2022", "2023", "2024"}


@pytest.mark.parametrize(
    ("question", "entry"),
    [("Was IOM founded in 1991?", "iom_founded"), ("ЭМУ 1991-жылы түзүлгөнбү?", "iom_founded")],
)
def test_a_year_asked_yes_or_no_of_an_entry_telling_a_time_is_a_guess_it_corrects(
    shipped_engine: Engine, question: str, entry: str
) -> None:
    reply = shipped_engine.ask(question)
    assert (reply.status, reply.entry and reply.entry.id) == ("answer", entry), reply.reason


@pytest.mark.parametrize(
    ("question", "year"),
    [
        ("When is the 2028 meeting?", "'2028'"),  # asking when, a year is another time, not a guess
        ("Have the Joint Work Plans for 2025-2026 been approved yet?", "'2025'"),  # the plans tell no time
    ],
)
def test_a_year_is_still_another_time_in_a_question_asking_when_or_of_an_entry_telling_none(
    shipped_engine: Engine, question: str, year: str
) -> None:
    reply = shipped_engine.ask(question)
    assert reply.status != "answer" and year in reply.reason, reply.reason


def test_a_social_services_variant_claims_education_for_its_priority(shipped_engine: Engine) -> None:
    """Education is a detail the page never gives of a person, yet a sector people place under the social services
    priority: that entry's own variant uses the word, so the priority is still answered."""
    schooling = shipped_engine.ask("Where did Akylbek Japarov get his education?")
    assert schooling.status != "answer" and "'education'" in schooling.reason, schooling.reason
    sector = shipped_engine.ask("Is education one of the priorities, as a social service?")
    assert (sector.status, sector.entry and sector.entry.id) == ("answer", "p_social"), sector.reason
