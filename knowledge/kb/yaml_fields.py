"""Reading the curators' YAML while keeping line numbers, so that every problem can point at its line.

Files are composed into YAML nodes rather than loaded into plain values: nodes remember where they were
written, and a typo is still reported with a line when the rest of the file is read. Texts are taken as
written (``1951`` or ``yes`` stay texts) because curators think in words, not in YAML types.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import yaml

from knowledge.kb.model import LANGUAGES
from knowledge.kb.problems import Sink

T = TypeVar("T")

_NULL_TAG = "tag:yaml.org,2002:null"
_HINTS = {
    "mapping values are not allowed here": " (put a text that contains ': ' in quotes)",
    "found character '\\t' that cannot start any token": " (indent with spaces, not tabs)",
    "but got '?'": " (in a [a, b] list, put a text that contains '?' in quotes)",
}


@dataclass(frozen=True)
class Text:
    """A text as written in YAML, stripped, with its line."""

    value: str
    line: int


@dataclass(frozen=True)
class Field:
    """A YAML value not yet read, with the words and the line a problem about it should use."""

    label: str
    line: int
    node: yaml.Node


Reader = Callable[[Field, Sink], T | None]


def line_of(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when PyYAML was built with it (several times faster at start-up), else the pure one."""


def compose_file(path: Path, sink: Sink) -> yaml.Node | None:
    """The file's YAML tree; None (with the reason in ``sink``) when it is missing, empty or not YAML."""
    try:
        text = path.read_text(encoding="utf-8")
        try:
            node = yaml.compose(text, Loader=_LOADER)
        except yaml.YAMLError:
            # The pure loader words its errors better for curators; a broken file is worth the extra parse.
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except FileNotFoundError:
        sink.add(0, "file is missing")
        return None
    except IsADirectoryError:
        sink.add(0, "is a folder, not a file: rename or move it")
        return None
    except PermissionError:
        sink.add(0, "cannot be read (no permission)")
        return None
    except UnicodeDecodeError:
        sink.add(0, "file is not UTF-8 text; save it as UTF-8")
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or "cannot be read"
        sink.add(mark.line + 1 if mark else 0, f"YAML syntax error: {problem}{_hint(problem)}")
        return None
    except yaml.YAMLError as error:
        sink.add(0, f"YAML error: {error}")
        return None
    if node is None:
        sink.add(0, "file is empty")
    return node


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """'; did you mean …?' for a near miss (a typo such as ``anwser``), else nothing."""
    close = difflib.get_close_matches(word, choices, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def _hint(problem: str) -> str:
    return next((hint for text, hint in _HINTS.items() if text in problem), "")


def suggestion(word: str, choices: Sequence[str]) -> str:
    """A near miss, else the list of what is allowed."""
    return did_you_mean(word, choices) or f" (known: {', '.join(choices)})"


def report_unknown(fields: dict[str, Field], known: Sequence[str], what: str, sink: Sink) -> None:
    """Unknown keys are reported, never ignored: a typo such as ``anwser`` would otherwise hide a field."""
    for key, field in fields.items():
        if key not in known:
            sink.add(field.line, f"unknown {what} '{key}'{suggestion(key, known)}")


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping (key: value lines)"
    return "a list" if isinstance(node, yaml.SequenceNode) else "a text"


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG


def _wrong_type(field: Field, expected: str, sink: Sink) -> None:
    sink.add(field.line, f"{field.label} should be {expected}, not {_kind(field.node)}")


def read_mapping(
    field: Field, sink: Sink, expected: str = "a mapping (key: value lines)", child: str = "{key}"
) -> dict[str, Field] | None:
    """Key → value of a mapping; a repeated key is reported because YAML would silently keep the last.

    ``child`` words the labels of the values, from ``{parent}`` (this label) and ``{key}``.
    """
    if _is_null(field.node):
        return {}
    if not isinstance(field.node, yaml.MappingNode):
        _wrong_type(field, expected, sink)
        return None
    fields: dict[str, Field] = {}
    for key_node, value_node in field.node.value:
        key = str(key_node.value)
        if key in fields:
            sink.add(
                line_of(key_node),
                f"'{key}' is given twice in {field.label} (also on line {fields[key].line})",
            )
        label = child.format(parent=field.label, key=key)
        fields[key] = Field(label, line_of(key_node), value_node)
    return fields


def read_text(field: Field, sink: Sink) -> Text | None:
    if not isinstance(field.node, yaml.ScalarNode):
        _wrong_type(field, "a text", sink)
        return None
    value = "" if _is_null(field.node) else str(field.node.value).strip()
    if not value:
        sink.add(field.line, f"{field.label} is empty")
        return None
    return Text(value, field.line)


def read_texts(field: Field, sink: Sink) -> list[Text] | None:
    """A list of non-empty texts (a blank field counts as an empty list)."""
    if _is_null(field.node):
        return []
    if not isinstance(field.node, yaml.SequenceNode):
        _wrong_type(field, "a list ([a, b] or lines starting with '- ')", sink)
        return None
    items = (Field(f"{field.label} item {n}", line_of(node), node) for n, node in enumerate(field.node.value, 1))
    return [text for item in items if (text := read_text(item, sink)) is not None]


def read_date(field: Field, sink: Sink) -> dt.date | None:
    text = read_text(field, sink)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.value)
    except ValueError:
        sink.add(field.line, f"{field.label} '{text.value}' is not a date; write it like 2026-11-28")
        return None


def read_per_language(field: Field, sink: Sink, reader: Reader[T], required: bool = True) -> dict[str, T]:
    """Language → value; with ``required``, each of en, ru and ky must be present and not empty."""
    expected = "a mapping of languages (en: …, ru: …, ky: …)"
    fields = read_mapping(field, sink, expected, child="{parent} ({key})")
    if fields is None:
        return {}
    report_unknown(fields, LANGUAGES, f"language in {field.label}", sink)
    values: dict[str, T] = {}
    for lang in LANGUAGES:
        value = reader(fields[lang], sink) if lang in fields else None
        if lang not in fields and required:
            sink.add(field.line, f"{field.label} has no '{lang}' language")
        elif value == [] and required:
            sink.add(fields[lang].line, f"{fields[lang].label} is empty")
        elif value is not None:
            values[lang] = value
    return values
