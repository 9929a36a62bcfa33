"""Question variants the engine answers with another entry (or cannot decide): what curators should reword."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.engine.pipeline import Engine


@dataclass(frozen=True)
class Confusable:
    entry_id: str
    lang: str
    question: str
    status: str
    answered_by: str | None
    reason: str = ""
    """Why the engine replied so (``Reply.reason``): which entry, near miss or hedge stood in the way."""

    def __str__(self) -> str:
        outcome = f"answered by {self.answered_by}" if self.status == "answer" else self.status
        why = f" ({self.reason})" if self.reason else ""
        return f"[{self.entry_id}] ({self.lang}) {self.question!r} -> {outcome}{why}"


def confusable_pairs(engine: Engine) -> list[Confusable]:
    """Every question variant that does not get its own entry's answer."""
    found: list[Confusable] = []
    for entry in engine.kb.entries:
        for lang, questions in entry.questions.items():
            for question in questions:
                reply = engine.ask(question, lang)
                answered_by = reply.entry.id if reply.entry else None
                if reply.status != "answer" or answered_by != entry.id:
                    found.append(Confusable(entry.id, lang, question, reply.status, answered_by, reply.reason))
    return found
