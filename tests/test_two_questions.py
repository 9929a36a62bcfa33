"""A message asking two things at once gets both answers, each under its title, in every front end."""

from __future__ import annotations

import html

import pytest

from knowledge.engine.pipeline import Engine
from knowledge.text.clauses import asking_parts, segment, wanted_parts
from tests.fake_bot_api.harness import BotHarness, person

TWO_QUESTIONS = [
    ("What is IOM, and since when is it in Kyrgyzstan?", "iom_what", "iom_kg_since"),
    ("Who co-chaired the meeting and what did it endorse?", "cochairs", "meeting_goal"),
    ("What is IOM? When was it founded?", "iom_what", "iom_founded"),
    ("Что такое МОМ и с какого года она работает в Кыргызстане?", "iom_what", "iom_kg_since"),
    ("ЭМУ деген эмне жана ал Кыргызстанда качантан бери иштейт?", "iom_what", "iom_kg_since"),
    ("ЭМУ Кыргызстанда качандан бери иштейт жана канча өлкөдө бар?", "iom_kg_since", "iom_countries"),
    # a yes/no question asks about its clause of "что"
    ("Правда ли, что МОМ входит в систему ООН, и кому она помогает в Кыргызстане?", "iom_un", "iom_kg_work"),
    # a thin second part leans on the first for its subject (alone, "who was represented" fits any entry naming
    # people; read on, it asks something else than the first did about the consultations)
    (
        "When did the national consultations take place, and who was represented?",
        "consultations_when",
        "consultations_who",
    ),
    ("Когда прошли консультации и кто в них участвовал?", "consultations_when", "consultations_who"),
    # a person named in one part asks that part about him, not the other
    (
        "What is the highest governing body of the Framework, and what did Akylbek Japarov say about the work plans?",
        "jssc",
        "japarov_remarks",
    ),
    # a detail asked in one part (the office) holds back that part only, when its entry does not speak of it
    ("Who co-chaired the meeting, and when did IOM open its office in Kyrgyzstan?", "cochairs", "iom_kg_since"),
    # a question word alone asks about what the next part names, or else the story's sentence before it
    (
        "Мне рассказали о заседании комитета, где одобрили какие-то планы. Когда оно было и что там утвердили?",
        "meeting_date",
        "meeting_goal",
    ),
    (
        "I read that the work plans went through national consultations. When was that, and who took part?",
        "consultations_when",
        "consultations_who",
    ),
    # after a story, a question word with a pronoun asks about what the story named; the story's words the
    # knowledge base never wrote ("учительница", "доклад") do not drown it
    (
        "Нам задали доклад. Учительница сказала найти главные направления этой программы ООН. Какие они? "
        "И ещё: в какой группе МОМ сопредседатель?",
        "priorities",
        "iom_cochair_group",
    ),
    (
        "Мугалим БУУнун программасынын негизги багыттарын табууну тапшырды. Алар кайсылар? Жана ЭМУ кайсы топту тең "
        "жетектейт?",
        "priorities",
        "iom_cochair_group",
    ),
    # a confirmation ("Is that true?") is answered about the claim before it
    (
        "For my thesis I read that migration is mainstreamed across the UN framework for Kyrgyzstan. Is that true? "
        "And how does IOM link this to the Global Compact for Migration?",
        "migration_mainstreamed",
        "gcm",
    ),
    (
        "Пишу магистерскую о миграции. Научный руководитель говорит, что миграция учтена во всей Рамочной "
        "программе ООН. Это правда? И как МОМ связывает это с Глобальным договором о миграции?",
        "migration_mainstreamed",
        "gcm",
    ),
    # "mean" and "значит" ask what "what" asks (stop words): "Что это значит" points back to the story's claim
    (
        "Читал, что миграция учтена во всей Рамочной программе. Что это значит и какую группу возглавляет МОМ?",
        "migration_mainstreamed",
        "iom_cochair_group",
    ),
    (
        "I keep hearing that migration is mainstreamed in the framework. What does that mean, and which group does "
        "IOM co-chair?",
        "migration_mainstreamed",
        "iom_cochair_group",
    ),
    # a first question with a pronoun that matches nothing alone asks for what the story's sentence named
    (
        "My editor wants the four priority areas of the Cooperation Framework for a sidebar. Can you give me them? "
        "And who co-chaired the meeting?",
        "priorities",
        "cochairs",
    ),
    (
        "Учительница попросила выписать приоритетные направления Рамочной программы. Можете их перечислить? И кто "
        "был сопредседателем заседания?",
        "priorities",
        "cochairs",
    ),
    (
        "Уулума БУУнун программасынын артыкчылыктуу багыттары керек. Аларды санап бересизби? Жана жыйынга ким тең "
        "төрагалык кылган?",
        "priorities",
        "cochairs",
    ),
    # a closing plea matching nothing but small talk asks for what the story's sentence wants (wanted_parts)
    (
        "I'm writing a report for school. My teacher asked for the date of the committee meeting and the names of "
        "its co-chairs. Could you help with that?",
        "meeting_date",
        "cochairs",
    ),
    (
        "Пишу заметку. Редактор просил узнать дату заседания комитета и имена сопредседателей. Подскажете?",
        "meeting_date",
        "cochairs",
    ),
]


@pytest.mark.parametrize(("question", "first", "second"), TWO_QUESTIONS)
def test_both_answers_in_one_reply(shipped_engine: Engine, question: str, first: str, second: str) -> None:
    reply = shipped_engine.ask(question)
    assert reply.status == "answer" and reply.entry is not None and reply.second is not None, reply.reason
    assert (reply.entry.id, reply.second.id) == (first, second)
    lang = reply.lang
    one, other = shipped_engine.kb.entry(first), shipped_engine.kb.entry(second)
    assert one is not None and other is not None
    assert reply.html == (
        f"<b>{html.escape(one.title[lang], quote=False)}</b>\n{one.answer[lang]}\n\n"
        f"<b>{html.escape(other.title[lang], quote=False)}</b>\n{other.answer[lang]}"
    )
    assert reply.reason.startswith("two questions: ")


@pytest.mark.parametrize(
    "question",
    [
        "What is IOM?",
        "What do IOM and the UN have in common?",  # one question with "and"
        "Who are Japarov and Grawe?",
        "Hi! What is IOM?",  # a greeting is no second question
    ],
)
def test_one_question_gets_one_answer(shipped_engine: Engine, question: str) -> None:
    assert shipped_engine.ask(question).second is None


def test_a_question_splits_where_a_second_one_begins() -> None:
    assert asking_parts("What is IOM and what is its budget?") == ["What is IOM", "what is its budget"]


def test_a_detail_asked_in_either_half_is_not_answered(shipped_engine: Engine) -> None:
    question = (
        "What results did the Joint Work Plans achieve in 2024? Were the targets for quality social services met?"
    )
    reply = shipped_engine.ask(question)
    assert reply.second is None and reply.status != "answer"


def test_a_part_naming_another_agency_is_not_answered(shipped_engine: Engine) -> None:
    questions = [
        "Who co-chaired the meeting, and what does UNDP do in Kyrgyzstan?",
        "When was IOM founded and since when does UNICEF work in Kyrgyzstan?",
    ]
    held = [q for q in questions if (reply := shipped_engine.ask(q)).second is None and reply.status != "answer"]
    assert held == questions


async def test_telegram_sends_both_answers_in_one_message(bot: BotHarness, shipped_engine: Engine) -> None:
    question = TWO_QUESTIONS[0][0]
    [message] = await bot.say(person(3100, "en"), question)
    assert message.html.startswith(shipped_engine.ask(question).html)
    assert "1951" in message.text and "1997" in message.text


def test_a_question_said_twice_is_one_part() -> None:
    assert asking_parts("What is IOM? When was it founded? what is iom?") == ["What is IOM", "When was it founded"]


def test_a_clause_describing_the_one_before_is_no_second_question() -> None:
    question = "Как представитель ООН охарактеризовала то, что сейчас начинается в партнёрстве с Кыргызстаном?"
    assert asking_parts(question) == ["Как представитель ООН охарактеризовала то"]
    assert asking_parts("Кто его вёл и что там решили?") == ["Кто его вёл", "что там решили"]


def test_a_sentence_ending_with_a_question_mark_asks_without_a_question_word() -> None:
    question = "Миграция — это отдельная тема или она проходит через всю программу? И как МОМ связывает её с договором?"
    assert asking_parts(question) == [
        "Миграция — это отдельная тема или она проходит через всю программу",
        "как МОМ связывает её с договором",
    ]


def test_a_clause_ending_a_question_asks_when_it_and_the_one_before_name_enough_of_their_own() -> None:
    assert asking_parts("What did she say about the SDGs and the vulnerable people?") == [
        "What did she say about the SDGs",
        "the vulnerable people",
    ]
    assert asking_parts("Is it one of the priority areas, or only the group of IOM?") == [
        "Is it one of the priority areas",
        "or only the group of IOM",
    ]
    assert asking_parts("Who co-chaired the meeting, Grawe?") == ["Who co-chaired the meeting"]
    assert asking_parts("Did Japarov and Grawe co-chair the meeting?") == ["Did Japarov"]
    assert asking_parts("Who is Grawe and the vulnerable people?") == ["Who is Grawe"]


def test_a_kyrgyz_yes_no_verb_asks_without_a_question_mark() -> None:
    question = "Бул уюм кайтып келгендер менен иштейби жана Кыргызстанда качантан бери бар?"
    assert asking_parts(question) == ["Бул уюм кайтып келгендер менен иштейби", "Кыргызстанда качантан бери бар"]


def test_a_formal_request_before_a_question_word_still_asks() -> None:
    question = "Kindly indicate who co-chaired the session and what its principal purpose was."
    assert asking_parts(question) == ["Kindly indicate who co-chaired the session", "what its principal purpose was."]


def test_a_second_question_about_the_first_ones_subject_is_read_with_it(shipped_engine: Engine) -> None:
    """ "And who was invited?" asks about the consultations the first question named."""
    story = "Our union got an email about the UN work plans, but we missed it entirely. "
    reply = shipped_engine.ask(story + "When were these consultations held? And who was invited to take part?")
    assert reply.entry is not None and reply.second is not None, reply.reason
    assert (reply.entry.id, reply.second.id) == ("consultations_when", "consultations_who")


def test_a_question_word_alone_is_a_part_of_its_own_and_a_request_alone_is_not() -> None:
    assert asking_parts("Когда оно было и что там утвердили?") == ["Когда оно было", "что там утвердили"]
    assert asking_parts("Tell me, what is IOM?") == ["what is IOM"]


def test_the_sentence_before_the_question_is_its_lead_in() -> None:
    story = "I read that the work plans went through national consultations."
    assert segment(f"I am a student. {story} When was that, and who took part?").lead_in == story
    assert segment("What is IOM?").lead_in == ""


def test_a_question_word_alone_that_says_the_question_again_adds_no_second_answer(shipped_engine: Engine) -> None:
    question = (
        "Хочу указать в отчёте, в какой период проходили национальные консультации по рабочим планам, — подскажите, "
        "когда это было?"
    )
    reply = shipped_engine.ask(question)
    assert (reply.status, reply.entry and reply.entry.id, reply.second) == ("answer", "consultations_when", None)


def test_a_question_without_a_question_word_gets_its_answer_beside_the_next_ones(shipped_engine: Engine) -> None:
    """A yes/no or either-or sentence ending with "?" asks, though no question word says so."""
    reply = shipped_engine.ask(
        "Я студентка. Миграция в Рамочной программе ООН — это отдельная тема или она проходит через всю программу? "
        "И как МОМ связывает её с Глобальным договором о миграции?"
    )
    assert reply.status == "answer" and reply.entry is not None and reply.second is not None
    assert (reply.entry.id, reply.second.id) == ("migration_mainstreamed", "gcm")


def test_a_request_sentence_asks_for_what_its_clauses_name() -> None:
    """ "Перечислите, пожалуйста, все направления." asks without "?"; a clause that asks of its own takes the
    request ("Объясните, пожалуйста, простыми словами, чем занимается МОМ?" asks what IOM does)."""
    question = "Перечислите, пожалуйста, все приоритетные направления. И ещё: какую группу возглавляет МОМ?"
    assert asking_parts(question) == [
        "Перечислите пожалуйста все приоритетные направления.",
        "ещё: какую группу возглавляет МОМ",
    ]
    assert asking_parts("Объясните, пожалуйста, простыми словами, чем занимается МОМ?") == ["чем занимается МОМ"]
    assert asking_parts("Пожалуйста, перечислите, все направления") == ["перечислите все направления"]
    # after a request, a clause of "что" is what it asks, not a report
    assert asking_parts("Объясните, пожалуйста, что это такое и сколько стран в неё входит?") == [
        "что это такое",
        "сколько стран в неё входит",
    ]


def test_a_request_sentence_is_one_of_a_long_messages_two_questions(shipped_engine: Engine) -> None:
    story = "Работаю в НКО, мы пишем заявку на грант и хотим сослаться на приоритеты ООН в Кыргызстане. "
    request = "Перечислите, пожалуйста, все приоритетные направления."
    message = f"{story}{request} И ещё: какую группу результатов возглавляет МОМ?"
    assert segment(message).questions.startswith(request)
    reply = shipped_engine.ask(message)
    assert reply.status == "answer" and reply.entry is not None and reply.second is not None, reply.reason
    assert (reply.entry.id, reply.second.id) == ("priorities", "iom_cochair_group")
    # a story sentence with a request in its middle is no question
    said = f"{story}Коллега в отчёте просила: перечислите всё. Какую группу возглавляет МОМ?"
    assert segment(said).questions == "Какую группу возглавляет МОМ?"


def test_a_question_word_with_a_pronoun_is_a_part_about_what_the_story_named() -> None:
    assert asking_parts("Какие они? И ещё: в какой группе МОМ сопредседатель?") == [
        "Какие они",
        "ещё: в какой группе МОМ сопредседатель",
    ]
    group = "ещё: в какой группе МОМ сопредседатель"
    assert asking_parts(f"Какие? И {group}?") == [group]


def test_a_russian_yes_no_question_asks_about_its_что_clause() -> None:
    question = "Правда ли, что МОМ входит в систему ООН, и кому она помогает в Кыргызстане?"
    assert asking_parts(question) == ["Правда ли, что МОМ входит в систему ООН", "кому она помогает в Кыргызстане"]
    # elsewhere a clause of "что" after a comma only reports
    assert asking_parts("Писали, что комитет встречался, и кто его вёл?") == ["кто его вёл"]


def test_a_confirmation_is_a_part_asking_whether_what_was_said_holds() -> None:
    """A confirmation ("Is that true?") names nothing of its own, but ending with "?" it asks about the sentence
    before it; a pronoun alone without "?" asks nothing."""
    assert asking_parts("Is that true? And how does IOM connect this to the Global Compact?") == [
        "Is that true",
        "how does IOM connect this to the Global Compact",
    ]
    assert asking_parts("Это правда? И кто вёл заседание?")[0] == "Это правда"
    assert asking_parts("that is true, and who chaired the meeting?") == ["who chaired the meeting"]


def test_a_question_word_goes_on_past_an_aside_between_commas() -> None:
    """ "Кого, по её словам, планы охватят?" asks whom the plans reach; the aside does not cut the question word
    off from what it asks about. A question word whose next clause asks of its own stays a part of its own."""
    assert asking_parts("Кого, по её словам, планы должны охватить в первую очередь и с кем ООН будет работать?") == [
        "Кого по её словам планы должны охватить в первую очередь",
        "с кем ООН будет работать",
    ]
    assert asking_parts("Who, in your view, chaired the meeting, and when was it?") == [
        "Who in your view chaired the meeting",
        "when was it",
    ]
    assert asking_parts("Кто, когда и зачем утвердил планы?") == ["Кто", "когда", "зачем утвердил планы"]


def test_the_parts_a_story_sentence_wants() -> None:
    wanted = wanted_parts("My editor wants the exact date of the meeting and the names of both co-chairs.")
    assert wanted == ["My editor wants the exact date of the meeting", "the names of both co-chairs."]


def test_what_an_abbreviation_means_still_names_it(shipped_engine: Engine) -> None:
    reply = shipped_engine.ask("Что значит МОМ?")
    assert reply.entry is not None and reply.entry.id == "iom_what", reply.reason


def test_a_question_of_its_own_after_a_story_is_no_plea(shipped_engine: Engine) -> None:
    """Only a question matching nothing but small talk (``PLEA_SCORE``) asks for what the story wants."""
    story = "I'm writing a report for school. My teacher asked for the date of the committee meeting and the names "
    reply = shipped_engine.ask(f"{story}of its co-chairs. What is IOM?")
    assert (reply.entry and reply.entry.id, reply.second) == ("iom_what", None), reply.reason
