"""The glossary (one name per body, per language) and the quote check: both run in validate, with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.kb.glossary import Name, form_pattern, misnamed, read_glossary
from knowledge.kb.load import KnowledgeBaseError, load_knowledge_base
from knowledge.kb.problems import Problem, Sink
from knowledge.kb.yaml_fields import Field, compose_file

IOM = "entries/10_iom.yaml"
GLOSSARY = """ru:
  - name: Международная организация по миграции
    not: [Международная миграционная организация]
"""


def problems(root: Path) -> list[Problem]:
    with pytest.raises(KnowledgeBaseError) as raised:
        load_knowledge_base(root)
    return list(raised.value.problems)


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(root: Path, name: str, marker: str) -> int:
    lines = (root / name).read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if marker in text)


def test_a_wrong_name_in_any_case_ending_is_reported_where_it_stands(kb: Path) -> None:
    (kb / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    edit(kb, IOM, "    ru: МОМ основана <b>в 1951 году</b>.", "    ru: Международной миграционной организации 75 лет.")
    edit(
        kb,
        "ui.yaml",
        "fallback: {en: '<b>fallback</b> en', ru: 'fallback ru'",
        "fallback: {en: '<b>fallback</b> en', ru: 'о Международной миграционной организации'",
    )
    found = problems(kb)
    message = (
        "uses 'Международная миграционная организация'; the glossary's name is 'Международная организация по миграции'"
    )
    assert Problem(f"kb/{IOM}", line_of(kb, IOM, "75 лет"), "iom_founded", f"answer (ru) {message}") in found
    assert Problem("kb/ui.yaml", line_of(kb, "ui.yaml", "fallback:"), None, f"fallback (ru) {message}") in found
    assert len(found) == 2


def test_question_variants_may_use_every_form(kb: Path) -> None:
    (kb / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    edit(kb, IOM, 'ru: ["Когда основана МОМ?",', 'ru: ["Когда основана Международная миграционная организация?",')
    assert load_knowledge_base(kb).entries


def test_a_malformed_glossary_is_reported(kb: Path) -> None:
    (kb / "glossary.yaml").write_text("de:\n  - name: x\nru:\n  - nam: x\n", encoding="utf-8")
    messages = {(problem.line, problem.message) for problem in problems(kb)}
    assert (1, "glossary: 'de' is not a language (one of en, ru, ky)") in messages
    assert (4, "glossary: unknown field 'nam' (name, note, not)") in messages
    assert (4, "glossary: a name needs 'name:'") in messages


def test_an_english_answer_quotes_only_its_source(kb: Path) -> None:
    edit(kb, IOM, 'source: "since 1951"', 'source: "promoting since 1951 humane and orderly migration"')
    edit(
        kb,
        IOM,
        "    en: IOM was founded",
        "    en: IOM has been “promoting since 1951 humane and orderly migration”. IOM was founded",
    )
    assert load_knowledge_base(kb).entries
    edit(kb, IOM, "“promoting since 1951 humane", "“promoting since 1950 humane")
    [problem] = problems(kb)
    assert problem.entry_id == "iom_founded"
    assert (
        problem.message
        == "answer (en) quotes “promoting since 1950 humane and orderly migration”, which its source does not hold"
    )


def test_a_form_matches_its_case_endings_not_other_words() -> None:
    pattern = form_pattern("Совместный комитет по стратегической координации")
    assert pattern.search("под эгидой Совместного комитета по стратегической координации")
    assert not pattern.search("Совместный стратегический координационный комитет")
    assert not form_pattern("2030 Күн тартиби").search("2030-жылга чейинки Күн тартиби")


def test_the_shipped_glossary_names_bodies_in_russian_and_kyrgyz() -> None:
    path = Path(__file__).parent.parent / "knowledge" / "data" / "glossary.yaml"
    sink = Sink("glossary.yaml")
    node = compose_file(path, sink)
    assert node is not None
    glossary = read_glossary(Field("glossary.yaml", 1, node), sink)
    assert not sink.problems
    names = {lang: [name.name for name in names] for lang, names in glossary.items()}
    assert "Рамочная программа сотрудничества" in names["ru"] and "2030-жылга чейинки Күн тартиби" in names["ky"]


@pytest.mark.parametrize(
    ("lang", "old_text"),
    [
        ("ru", "Рамочная программа сотрудничества ООН 2023–2027"),  # ui.yaml cmd_framework before 2026-12-07
        ("ru", "прошло под эгидой Совместного комитета по стратегической координации."),  # jssc
        ("ru", "о Рамочной программе сотрудничества ООН"),
        ("ky", "улуттук артыкчылыктарга жана 2030 Күн тартибине ылайык"),  # grawe_remarks
    ],
)
def test_the_shipped_glossary_flags_the_old_wordings(lang: str, old_text: str) -> None:
    glossary = load_knowledge_base_glossary()
    assert list(misnamed(glossary, lang, old_text)), old_text


def load_knowledge_base_glossary() -> dict[str, list[Name]]:
    path = Path(__file__).parent.parent / "knowledge" / "data" / "glossary.yaml"
    sink = Sink("glossary.yaml")
    node = compose_file(path, sink)
    assert node is not None
    return read_glossary(Field("glossary.yaml", 1, node), sink)
