"""The cue words as data: read from vocabulary.yaml with file:line problems, used by the engine, reloaded with
the knowledge base, and checked against the knowledge base's own words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.engine.pipeline import Engine
from knowledge.kb.load import KnowledgeBaseError, load_knowledge_base
from knowledge.kb.problems import Problem, Sink
from knowledge.kb.vocabulary import cue_collisions, read_vocabulary
from knowledge.kb.yaml_fields import Field, compose_file

SHIPPED = Path(__file__).parent.parent / "knowledge" / "data"


def problems_of(root: Path, vocabulary: str) -> list[Problem]:
    (root / "vocabulary.yaml").write_text(vocabulary, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as raised:
        load_knowledge_base(root)
    return list(raised.value.problems)


def test_a_knowledge_base_without_a_vocabulary_has_no_cues(kb: Path) -> None:
    vocabulary = load_knowledge_base(kb).vocabulary
    assert not vocabulary.details.prefixes and not vocabulary.command_aliases


def test_cues_are_read_folded_and_split_into_prefixes_and_words(kb: Path) -> None:
    (kb / "vocabulary.yaml").write_text(
        "details: [Budget*, age]\ncontrast: [кийин*]\nnames:\n  osh: [ош, osh*]\n"
        "list_words: [Бардык]\ncommand_aliases:\n  help: [Жардам]\n",
        encoding="utf-8",
    )
    vocabulary = load_knowledge_base(kb).vocabulary
    assert (vocabulary.details.prefixes, vocabulary.details.words) == (("budget",), frozenset({"age"}))
    assert vocabulary.contrast.in_text("Кийинки жыйын качан?") == {"кийин"}
    assert vocabulary.names.in_text("the office in Osh") == {"@osh"}
    assert vocabulary.list_words == {"бардык"} and vocabulary.command_aliases == {"жардам": "help"}


def test_every_problem_has_its_line(kb: Path) -> None:
    found = problems_of(
        kb,
        "details: [budget, two words, bud*get]\n"  # line 1
        "contrast: [next*, next*]\n"  # line 2
        "command_aliases:\n"  # line 3
        "  helpp: [помощь]\n"  # line 4
        "adjectives: [big]\n",  # line 5
    )
    messages = {(problem.line, problem.message) for problem in found}
    assert messages == {
        (1, "details: 'two words' should be one word, or one word and '*'"),
        (1, "details: 'bud*get' should be one word, or one word and '*'"),
        (2, "contrast: 'next*' is given twice (also on line 2)"),
        (
            4,
            "command_aliases: 'helpp' is not a command (one of start, help, topics, priorities, about, "
            "framework, lang)",
        ),
        (
            5,
            "unknown section 'adjectives' (known: synonyms, abbreviations, details, contrast, list_words, names, "
            "command_aliases)",
        ),
    }
    assert all(problem.file == "kb/vocabulary.yaml" for problem in found)


def test_the_engine_uses_the_vocabulary_it_was_built_with(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(SHIPPED, root)
    question = "When was IOM founded, pizza?"
    assert Engine.load(root).ask(question).status == "answer"
    vocabulary = root / "vocabulary.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace("details: [", "details: [pizza, "))
    held = Engine.load(root).ask(question)  # what /reload does: a new engine on the re-read knowledge base
    assert held.status == "clarify" and "'pizza'" in held.reason


def test_a_cue_that_begins_another_word_of_the_knowledge_base_is_reported(tmp_path: Path) -> None:
    kb = load_knowledge_base()
    assert cue_collisions(kb.vocabulary, kb.texts()) == []
    changed = tmp_path / "vocabulary.yaml"
    text = (SHIPPED / "vocabulary.yaml").read_text(encoding="utf-8")
    changed.write_text(text.replace("contrast: [", "contrast: [башка*, долго*, "), encoding="utf-8")
    sink = Sink("vocabulary.yaml")
    node = compose_file(changed, sink)
    assert node is not None
    vocabulary = read_vocabulary(Field("vocabulary.yaml", 1, node), sink)
    warnings = cue_collisions(vocabulary, kb.texts())
    assert [warning.split(" also begins ")[0] for warning in warnings] == ["contrast: 'башка*'", "contrast: 'долго*'"]
    assert "башкаруучу" in warnings[0] and "долгосрочное" in warnings[1]
