"""Loading the knowledge base from its YAML folder: all of it, valid, or not at all.

A running bot must never serve a half-loaded base, and a curator wants every mistake in one run, so the
loader reads every file, runs every check, and raises ``KnowledgeBaseError`` with all problems if any.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TypeVar

import yaml

from knowledge.kb.checks import check_all, check_names_and_quotes
from knowledge.kb.glossary import Glossary, Name, read_glossary
from knowledge.kb.model import KnowledgeBase
from knowledge.kb.parse import EntryDraft, read_entry, read_topic, read_ui
from knowledge.kb.problems import KnowledgeBaseError, Problem, Sink
from knowledge.kb.vocabulary import Vocabulary, read_vocabulary
from knowledge.kb.yaml_fields import Field, compose_file, line_of

__all__ = ["KnowledgeBaseError", "Problem", "load_knowledge_base"]

D = TypeVar("D")


def load_knowledge_base(path: Path | None = None) -> KnowledgeBase:
    """The knowledge base in ``path`` (default: the one shipped inside the package).

    The folder holds ``entries/*.yaml`` (read in name order), ``topics.yaml``, ``ui.yaml`` and, optionally,
    ``vocabulary.yaml`` (without it, no synonym is read and no cue word holds an answer back) and
    ``glossary.yaml`` (one name per body: without it, no name is checked).
    """
    if path is not None:
        return _load(path)
    with resources.as_file(resources.files("knowledge") / "data") as data:
        return _load(data)


def _load(root: Path) -> KnowledgeBase:
    problems: list[Problem] = []
    entries, all_entries = _read_entries(root / "entries", problems)
    topics = _read_list(root / "topics.yaml", "topic", read_topic, problems)
    glossary = _read_glossary(root / "glossary.yaml", problems)
    ui = _read_ui(root / "ui.yaml", problems, glossary)
    vocabulary = _read_vocabulary(root / "vocabulary.yaml", problems)
    problems.extend(check_all(entries, topics or [], all_entries=all_entries, all_topics=topics is not None))
    problems.extend(check_names_and_quotes(entries, glossary))
    if problems:
        raise KnowledgeBaseError(sorted(problems, key=lambda problem: (problem.file, problem.line)))
    built = tuple(draft.to_entry() for draft in entries)
    return KnowledgeBase(built, ui, tuple(topic.to_topic(built) for topic in topics or []), vocabulary)


def _read_entries(folder: Path, problems: list[Problem]) -> tuple[list[EntryDraft], bool]:
    """The drafts of every entries file in name order, and whether every file could be read."""
    files = sorted(folder.glob("*.yaml"))
    if not files:
        problems.append(Problem(_display(folder), 0, None, "no entry files (*.yaml) found"))
    per_file = [_read_list(file, "entry", read_entry, problems) for file in files]
    drafts = [draft for file_drafts in per_file for draft in file_drafts or []]
    return drafts, bool(files) and None not in per_file


def _read_list(
    path: Path, what: str, reader: Callable[[Field, Sink], D | None], problems: list[Problem]
) -> list[D] | None:
    """The items of a file holding one list (entries, topics), each read by ``reader``; None if unreadable."""
    sink = Sink(_display(path))
    node = compose_file(path, sink)
    drafts: list[D] | None = None
    if isinstance(node, yaml.SequenceNode):
        items = (Field(what, line_of(item), item) for item in node.value)
        drafts = [draft for item in items if (draft := reader(item, sink)) is not None]
    elif node is not None:
        sink.add(line_of(node), f"the file should be a list, each {what} starting with '- id:'")
    problems.extend(sink.problems)
    return drafts


def _read_ui(path: Path, problems: list[Problem], glossary: Glossary) -> dict[str, dict[str, str]]:
    sink = Sink(_display(path))
    document = compose_file(path, sink)
    ui = read_ui(Field(path.name, line_of(document), document), sink, glossary) if document else {}
    problems.extend(sink.problems)
    return ui


def _read_glossary(path: Path, problems: list[Problem]) -> dict[str, list[Name]]:
    if not path.exists():
        return {}
    sink = Sink(_display(path))
    document = compose_file(path, sink)
    glossary = read_glossary(Field(path.name, line_of(document), document), sink) if document else {}
    problems.extend(sink.problems)
    return glossary


def _read_vocabulary(path: Path, problems: list[Problem]) -> Vocabulary:
    if not path.exists():
        return Vocabulary()
    sink = Sink(_display(path))
    document = compose_file(path, sink)
    vocabulary = read_vocabulary(Field(path.name, line_of(document), document), sink) if document else Vocabulary()
    problems.extend(sink.problems)
    return vocabulary


def _display(path: Path) -> str:
    """The path as a curator would type it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
