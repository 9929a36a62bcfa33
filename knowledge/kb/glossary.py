"""One name per body and document, per language (``knowledge/data/glossary.yaml``): answers, titles and
interface texts must not use the forms the glossary lists as wrong, in any case ending; question variants may.

Also the quotes: a phrase an English answer puts in quotation marks must stand in the entry's ``source`` (what
the page says), so a quote stays the speaker's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import yaml

from knowledge.kb.model import LANGUAGES
from knowledge.kb.problems import Sink
from knowledge.kb.yaml_fields import Field, line_of, read_mapping, read_text, read_texts

MIN_STEM = 5
"""A word of a wrong form longer than this matches with any ending from its last two letters on ("Совместного
комитета" for "Совместный комитет"); shorter words match as written."""

QUOTE = re.compile(r"[“\"]([^”\"]{3,})[”\"]")
"""A phrase in English quotation marks."""


@dataclass(frozen=True)
class Name:
    name: str
    wrong: tuple[tuple[str, re.Pattern[str]], ...]
    """Each wrong form as written, and the pattern that finds it in any case ending."""

    def misused_in(self, text: str) -> str | None:
        """The wrong form a text uses, if any."""
        return next((form for form, pattern in self.wrong if pattern.search(text)), None)


Glossary = Mapping[str, Sequence[Name]]
"""Language → its names."""


def form_pattern(form: str) -> re.Pattern[str]:
    """A form's words with any ending (each word cut before its last two letters when longer than MIN_STEM)."""
    words = [re.escape(word[:-2] if len(word) > MIN_STEM else word) + r"\w*" for word in form.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words), re.IGNORECASE)


def read_glossary(document: Field, sink: Sink) -> dict[str, list[Name]]:
    """glossary.yaml: per language, a list of {name, note, not: [wrong forms]}."""
    languages = read_mapping(document, sink, "a mapping of languages (lines like 'ru:')") or {}
    glossary: dict[str, list[Name]] = {}
    for lang, items in languages.items():
        if lang not in LANGUAGES:
            sink.add(items.line, f"glossary: '{lang}' is not a language (one of {', '.join(LANGUAGES)})")
            continue
        glossary[lang] = [name for item in _items(items, sink) if (name := _name(item, sink)) is not None]
    return glossary


def _items(field: Field, sink: Sink) -> list[Field]:
    if not isinstance(field.node, yaml.SequenceNode):
        sink.add(field.line, f"glossary: {field.label} should be a list of names ('- name: …')")
        return []
    return [Field(f"{field.label} name {n}", line_of(node), node) for n, node in enumerate(field.node.value, 1)]


def _name(item: Field, sink: Sink) -> Name | None:
    fields = read_mapping(item, sink, "a name with its wrong forms (name: …, not: [...])") or {}
    unknown = set(fields) - {"name", "note", "not"}
    for key in sorted(unknown):
        sink.add(fields[key].line, f"glossary: unknown field '{key}' (name, note, not)")
    name = read_text(fields["name"], sink) if "name" in fields else None
    if name is None:
        sink.add(item.line, "glossary: a name needs 'name:'")
        return None
    wrong = (read_texts(fields["not"], sink) or []) if "not" in fields else []
    return Name(name.value, tuple((form.value, form_pattern(form.value)) for form in wrong))


def misnamed(glossary: Glossary, lang: str, text: str) -> Iterator[str]:
    """A problem for each wrong form ``text`` uses in ``lang``."""
    for name in glossary.get(lang, ()):
        form = name.misused_in(text)
        if form is not None:
            yield f"uses '{form}'; the glossary's name is '{name.name}'"


def unsourced_quotes(answer: str, source: str) -> Iterator[str]:
    """A problem for each quoted phrase of an English answer that its source does not hold."""
    folded = " ".join(source.casefold().split())
    for match in QUOTE.finditer(answer):
        quoted = " ".join(match.group(1).casefold().split())
        if quoted not in folded:
            yield f"quotes “{match.group(1)}”, which its source does not hold"
