"""The review kit for native speakers: one answer language out to a spreadsheet, the reviewer's corrections back
into the YAML.

``export`` writes a CSV (UTF-8 with a byte-order mark, so Excel and LibreOffice open it as is) with, per entry,
the English answer, the answer under review, its question variants, and empty columns for the corrected answer,
notes and "done". ``import`` writes each corrected answer into its entry's YAML in place — only that answer's
text changes, every comment and the layout stay — and takes the language off ``needs_review`` for the entries
marked done; it validates the result first and changes nothing when the knowledge base would have problems.
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.kb.load import KnowledgeBaseError, load_knowledge_base
from knowledge.kb.model import LANGUAGES, KnowledgeBase
from knowledge.kb.telegram_html import html_to_text

DONE = frozenset({"x", "yes", "y", "done", "1", "true", "да", "ооба", "+"})
"""What a reviewer may type in the "done" column (any case)."""


class ReviewFileError(ValueError):
    """The spreadsheet cannot be used; the message says why."""


def columns(lang: str) -> tuple[str, ...]:
    return (
        "id",
        "title (en)",
        "answer (en)",
        f"answer ({lang}) under review",
        f"questions ({lang})",
        f"corrected answer ({lang})",
        "notes",
        "done",
        "needs review",
    )


def export_review(kb: KnowledgeBase, lang: str, out: Path) -> int:
    """Writes the review sheet for ``lang``; returns the number of entries in it."""
    with out.open("w", encoding="utf-8-sig", newline="") as sheet:
        writer = csv.writer(sheet)
        writer.writerow(columns(lang))
        for entry in kb.entries:
            writer.writerow(
                (
                    entry.id,
                    entry.title["en"],
                    html_to_text(entry.answer["en"]),
                    entry.answer[lang],
                    "\n".join(entry.questions.get(lang, ())),
                    "",
                    "",
                    "",
                    "yes" if lang in entry.needs_review else "",
                )
            )
    return len(kb.entries)


@dataclass(frozen=True)
class Review:
    lang: str
    corrected: dict[str, str]
    """Entry id → the corrected answer (Telegram HTML)."""
    done: frozenset[str]
    """Entries the reviewer marked done."""


def read_review(path: Path, known_ids: Iterable[str]) -> Review:
    """The reviewer's corrections and "done" marks, from a sheet ``export`` wrote."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as sheet:
            rows = list(csv.DictReader(sheet))
            header = rows[0].keys() if rows else []
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise ReviewFileError(f"{path}: cannot read the review sheet: {error}") from error
    lang = next((lang for lang in LANGUAGES if f"corrected answer ({lang})" in header), None)
    if lang is None:
        raise ReviewFileError(f"{path}: no 'corrected answer (…)' column: is this a sheet from 'review export'?")
    known = set(known_ids)
    unknown = sorted({row.get("id", "") for row in rows} - known)
    if unknown:
        raise ReviewFileError(f"{path}: no such entry: {', '.join(repr(entry_id) for entry_id in unknown)}")
    corrected = {
        row["id"]: text.strip() for row in rows if (text := row.get(f"corrected answer ({lang})") or "").strip()
    }
    done = frozenset(row["id"] for row in rows if (row.get("done") or "").strip().casefold() in DONE)
    return Review(lang, corrected, done)


def import_review(root: Path, review: Review) -> list[str]:
    """Applies the review to the knowledge base in ``root`` and returns what changed, one line per entry; raises
    KnowledgeBaseError (and changes nothing) when the result would not load."""
    edited: dict[Path, str] = {}
    changes: list[str] = []
    for path in sorted((root / "entries").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        new_text, changed = _edit_file(text, review)
        if changed:
            edited[path] = new_text
            changes += changed
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / "kb"
        shutil.copytree(root, trial)
        for path, text in edited.items():
            (trial / path.relative_to(root)).write_text(text, encoding="utf-8")
        load_knowledge_base(trial)  # raises with every problem
    for path, text in edited.items():
        path.write_text(text, encoding="utf-8")
    return changes


def _edit_file(text: str, review: Review) -> tuple[str, list[str]]:
    """The file's text with the review applied to its entries (spans replaced from the end, so earlier
    positions stay valid), and a line per changed entry."""
    document = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    edits: list[tuple[int, int, str]] = []
    changes: list[str] = []
    for entry in document.value if isinstance(document, yaml.SequenceNode) else []:
        fields = {key.value: value for key, value in entry.value} if isinstance(entry, yaml.MappingNode) else {}
        entry_id = fields["id"].value if "id" in fields else None
        what: list[str] = []
        if entry_id in review.corrected:
            answer = _child(fields.get("answer"), review.lang)
            if answer is not None and answer.value != review.corrected[entry_id]:
                edits.append(_replace_scalar(text, answer, review.corrected[entry_id]))
                what.append(f"answer ({review.lang}) corrected")
        review_node = fields.get("needs_review")
        if entry_id in review.done and isinstance(review_node, yaml.SequenceNode):
            remaining = [item.value for item in review_node.value if item.value != review.lang]
            if len(remaining) < len(review_node.value):
                edits.append(_replace_needs_review(text, review_node, remaining))
                what.append(f"{review.lang} reviewed")
        if what:
            changes.append(f"{entry_id}: {', '.join(what)}")
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, changes


def _child(node: yaml.Node | None, key: str) -> yaml.ScalarNode | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    found = next((value for name, value in node.value if name.value == key), None)
    return found if isinstance(found, yaml.ScalarNode) else None


def _replace_scalar(text: str, node: yaml.ScalarNode, value: str) -> tuple[int, int, str]:
    """The span of a scalar and its new text: a block (``|-``) for several lines, else one double-quoted line
    (JSON's escapes are YAML's)."""
    start, end = node.start_mark.index, node.end_mark.index
    if "\n" not in value:
        replacement = json.dumps(value, ensure_ascii=False)
        return start, end, replacement + ("\n" if text[start:end].endswith("\n") else "")
    key_line = text[text.rfind("\n", 0, start) + 1 : start]
    indent = " " * (len(key_line) - len(key_line.lstrip(" ")) + 2)  # two deeper than "    ky:"
    lines = "\n".join(indent + line if line else "" for line in value.split("\n"))
    return start, end, "|-\n" + lines + ("\n" if text[start:end].endswith("\n") else "")


def _replace_needs_review(text: str, node: yaml.SequenceNode, remaining: Sequence[str]) -> tuple[int, int, str]:
    """``needs_review: [...]`` with the reviewed language gone; the whole line when none is left."""
    if remaining:
        return node.start_mark.index, node.end_mark.index, "[" + ", ".join(remaining) + "]"
    line_start = text.rfind("\n", 0, node.start_mark.index) + 1
    line_end = text.find("\n", node.end_mark.index)
    return line_start, (len(text) if line_end < 0 else line_end + 1), ""


__all__ = ["KnowledgeBaseError", "ReviewFileError", "export_review", "import_review", "read_review"]
