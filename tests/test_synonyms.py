"""Synonyms and abbreviations as the knowledge base's data: full names read as one notion, everyday words as the
page's terms, the phrase syntax a curator writes, file:line problems, and the engine using the synonyms of the
knowledge base it was built with (what /reload builds)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.engine.pipeline import Engine
from knowledge.kb.load import KnowledgeBaseError, load_knowledge_base
from knowledge.text.fold import fold
from knowledge.text.stem import stems_of
from knowledge.text.synonyms import NO_SYNONYMS, Synonyms

SHIPPED_KB = Path(__file__).parent.parent / "knowledge" / "data"
SYNONYMS = load_knowledge_base().vocabulary.synonyms


@pytest.mark.parametrize(("word", "lang"), [("IOM", "en"), ("МОМ", "ru"), ("ЭМУ", "ky"), ("эмунун", "ky")])
def test_abbreviations_share_one_term(word: str, lang: str) -> None:
    assert SYNONYMS.canonical(stems_of(fold(word), lang)[0]) == "iom"


def test_un_abbreviations() -> None:
    assert SYNONYMS.canonical("оон") == SYNONYMS.canonical("буу") == SYNONYMS.canonical("un") == "un"
    assert SYNONYMS.canonical("migration") == "migration"


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Is the International Organization for Migration a UN body?", "is the iom a un body?"),
        ("Что делает Международная организация по миграции?", "что делает мом?"),
        ("Сколько членов у Международной организации по миграции", "сколько членов у мом"),
        ("Эл аралык миграция уюмуна ким кирет?", "эму ким кирет?"),
        ("Is IOM part of the United Nations?", "is iom part of the un?"),
        ("Роль Организации Объединённых Наций", "роль оон"),
        ("Бириккен Улуттар Уюмунун системасы", "буу системасы"),
        ("цели устойчивого развития", "цур"),
        ("Sustainable Development Goals", "sdg"),
        ("Туруктуу онугуу максаттары", "төм"),  # typed without Kyrgyz letters
        ("Since when is IOM in our country?", "since when is iom in kyrgyzstan?"),
        ("МОМ работает в нашей стране?", "мом работает в кыргызстан?"),
        ("Since when is it present in the country?", "since when is it present in kyrgyzstan?"),
        ("С какого года МОМ в стране?", "с какого года мом кыргызстан?"),
        ("Биздин өлкөдө ЭМУ барбы?", "кыргызстан эму барбы?"),
        # everyday English for the page's terms
        ("What are the main focus areas?", "what are the priorities?"),
        ("Does it serve the Global Goals?", "does it serve the sdg?"),
        ("When did they sign off on the plans?", "when did they endorse the plans?"),
        ("Who was running the meeting?", "who was chaired the meeting?"),
        ("Who presided over the meeting?", "who chaired the meeting?"),
        ("Is there anything on equality between women and men?", "is there anything on gender equality?"),
        ("О равенстве женщин и мужчин", "о гендерное равенство"),
        ("Аялдар менен эркектердин теңчилиги", "гендердик теңчилик"),
        ("How long does the UN plan run?", "how long does the cooperation framework run?"),
        ("Until when does the UN agreement run?", "until when does the cooperation framework run?"),
        ("What are its thematic pillars?", "what are its priorities?"),
        ("качественные соцуслуги", "качественные социальные услуги"),
        # "the UN Migration Agency" is what IOM calls itself
        ("Is the UN migration agency independent?", "is the iom independent?"),
        ("Что такое агентство ООН по миграции?", "что такое мом?"),
        ("БУУнун миграция агенттиги эмне кылат?", "эму эмне кылат?"),
        # the disasters people name when they mean the page's disaster risk
        ("floods and mudflows", "disaster and disaster"),
        ("Что делают при наводнении и оползни?", "что делают при наводнении и бедствия?"),
        ("Грауэ", "граве"),
        # her post names her: what the Resident Coordinator said is what Grawe said
        ("What did the UN Resident Coordinator say?", "what did the un grawe say?"),
        ("Что говорила координатор-резидент?", "что говорила граве?"),
        ("БУУнун туруктуу координатору эмне деди?", "буунун граве эмне деди?"),
        ("What did the UN's top official say?", "what did the grawe say?"),  # a possessive 's is no new word
        # and the Chairman of the Cabinet of Ministers names Japarov
        ("What did the Kyrgyz prime minister say?", "what did the japarov say?"),
        ("Что сказал председатель Кабмина?", "что сказал жапаров?"),
        ("Что сказал премьер-министр?", "что сказал жапаров?"),
        # what a speaker stressed is what they said
        ("What did Japarov stress?", "what did japarov say?"),
        ("Что подчеркнула Граве?", "что сказала граве?"),
        # the Framework's initials
        ("UNSDCF priorities", "cooperation framework priorities"),
        ("приоритеты РПООНУР", "приоритеты рамочная программа"),
        ("приоритеты РПСУР 2023-2027", "приоритеты рамочная программа 2023-2027"),
        # the work plans written as one word, as the page does once ("the two-year Joint Workplan")
        ("WHICH YEARS DO THE JOINT WORKPLANS COVER", "which years do the joint work plans cover"),
        # the committees' initials
        ("What does JSCC stand for?", "what does joint strategic coordination committee stand for?"),
    ],
)
def test_the_shipped_phrases_are_read_as_the_knowledge_bases_words(text: str, read: str) -> None:
    assert SYNONYMS.rewrite(text) == read


@pytest.mark.parametrize(
    "text",
    [
        "In how many countries is IOM?",
        "В какой стране штаб МОМ?",
        "Sustainable Development Cooperation Framework",
        "Когда сели за стол?",  # "sat", not mudflows
    ],
)
def test_a_text_without_phrases_is_left_as_given(text: str) -> None:
    assert SYNONYMS.rewrite(text) == text


def test_a_star_ends_a_word_and_a_lone_star_is_any_one_word() -> None:
    synonyms = Synonyms({"plan": ["road map*", "the * blueprint"]}, {})
    assert synonyms.rewrite("The Road Maps of the UN") == "the plan of the un"
    assert synonyms.rewrite("what is the UN blueprint") == "what is plan"
    assert synonyms.rewrite("a roadmap, a blueprint") == "a roadmap, a blueprint"  # words as written, whole


def test_a_phrases_words_may_be_joined_by_a_hyphen() -> None:
    synonyms = Synonyms({"граве": ["координатор* резидент*"]}, {})
    assert synonyms.rewrite("Что координатор-резидент сказала?") == "что граве сказала?"
    assert synonyms.rewrite("координатор резидентов") == "граве"
    assert synonyms.rewrite("координатор, резидент") == "координатор, резидент"


def test_kyrgyz_letters_match_the_letters_people_type_for_them() -> None:
    synonyms = Synonyms({"кыргызстан": ["биздин өлкө*"]}, {})
    assert synonyms.rewrite("биздин олкодо") == synonyms.rewrite("Биздин өлкөдө") == "кыргызстан"
    assert synonyms.rewrite("биздин өлкодо") == "кыргызстан"  # both ways in one word
    written_plain = Synonyms({"кыргызстан": ["биздин олко*"]}, {})
    assert written_plain.rewrite("биздин өлкөдө") == "кыргызстан"


def test_the_longest_phrase_of_a_target_wins() -> None:
    synonyms = Synonyms({"iom": ["migration agency", "un migration agency"]}, {})
    assert synonyms.rewrite("the UN migration agency") == "the iom"


def test_targets_apply_in_order_so_one_may_build_on_another() -> None:
    synonyms = Synonyms({"un": ["united nations"], "framework": ["un plan"]}, {})
    assert synonyms.rewrite("the United Nations plan") == "the framework"
    assert (
        Synonyms({"framework": ["un plan"], "un": ["united nations"]}, {}).rewrite("the United Nations plan")
        == "the un plan"
    )


def test_no_synonyms_read_every_text_as_written() -> None:
    assert NO_SYNONYMS.rewrite("The International Organization for Migration") == (
        "The International Organization for Migration"
    )
    assert NO_SYNONYMS.canonical("мом") == "мом"


def test_every_problem_of_the_synonyms_has_its_line(kb: Path) -> None:
    (kb / "vocabulary.yaml").write_text(
        "synonyms:\n"  # line 1
        "  plan: [road map*, road-map]\n"  # line 2
        "  deal: ['*', road map*]\n"  # line 3
        "  agency: [bad*word]\n"  # line 4
        "abbreviations:\n"  # line 5
        "  iom: [мом, two words]\n",  # line 6
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeBaseError) as raised:
        load_knowledge_base(kb)
    messages = {(problem.file, problem.line, problem.message) for problem in raised.value.problems}
    assert messages == {
        ("kb/vocabulary.yaml", 2, "synonyms: plan: 'road-map' should be words, each may end in '*'"),
        ("kb/vocabulary.yaml", 3, "synonyms: deal: '*' needs a word besides '*'"),
        ("kb/vocabulary.yaml", 3, "synonyms: deal: 'road map*' is given twice (also on line 2)"),
        ("kb/vocabulary.yaml", 4, "synonyms: agency: 'bad*word' should be words, each may end in '*'"),
        ("kb/vocabulary.yaml", 6, "abbreviations: iom: 'two words' should be one word, or one word and '*'"),
    }


def test_the_engine_reads_questions_with_the_synonyms_it_was_built_with(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(SHIPPED_KB, root)
    question = "Tell me about the roadmap"
    assert Engine.load(root).ask(question).status != "answer"
    vocabulary = root / "vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(text.replace("\nsynonyms:\n", "\nsynonyms:\n  framework: [roadmap]\n"))
    reply = Engine.load(root).ask(question)  # what /reload does: a new engine on the re-read knowledge base
    assert reply.status == "answer" and reply.entry is not None and reply.entry.id == "cf_what"


def test_the_reason_says_which_phrases_were_read_as_what() -> None:
    assert SYNONYMS.readings("What are the main focus areas of the United Nations?") == (
        "'united nations' as 'un'",
        "'main focus areas' as 'priorities'",
    )
    reply = Engine.load().ask("What are the focus areas?")
    assert reply.reason.endswith("; read 'focus areas' as 'priorities'")
    assert "; read " not in Engine.load().ask("What are the priorities?").reason


def test_a_committees_initials_find_its_entry(shipped_engine: Engine) -> None:
    reply = shipped_engine.ask("JSCC full name")
    assert reply.status == "answer" and reply.entry is not None and reply.entry.id == "meeting_parties"
