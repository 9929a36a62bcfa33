"""Places and agencies named in a question, in any language and case form."""

from __future__ import annotations

import pytest

from knowledge.kb.load import load_knowledge_base

named_entities = load_knowledge_base().vocabulary.names.in_text


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Since when is IOM present in Kazakhstan?", {"@iom", "@kazakhstan"}),
        ("Что делает ПРООН в Кыргызстане?", {"@undp"}),  # Kyrgyzstan: what the whole page is about
        ("ЭМУнун Оштогу кеңсеси кайда?", {"@iom", "@osh"}),
        ("Өзбекстанда ЮНИСЕФ иштейби?", {"@uzbekistan", "@unicef"}),
        ("Is the International Organization for Migration part of the United Nations?", {"@iom", "@un"}),
        ("БУУга ЭМУдан кат келдиби?", {"@un", "@iom"}),  # Kyrgyz case endings on the abbreviations
        ("What does the World Bank do on climate in Kyrgyzstan?", {"@world-bank", "@climate-priority"}),
        ("Чем ВОЗ и ОБСЕ помогают Кыргызстану?", {"@who", "@osce"}),
        ("Who is the Resident Coordinator?", {"@grawe"}),  # her post names her (vocabulary synonyms)
        ("Антье Граве Кыргызстанда качантан бери иштейт?", {"@grawe"}),  # the people the page names
        ("Что сказал Джапаров?", {"@japarov"}),  # "who" the question word is not the WHO
        ("When was the meeting?", set()),
        ("Ошибка в ответе", set()),  # "Ош" (the town) only as a whole word
    ],
)
def test_places_and_agencies_are_named(text: str, names: set[str]) -> None:
    assert named_entities(text) == names
