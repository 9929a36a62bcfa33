"""Problems found in the knowledge base, worded for the curators who fix them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing to fix, with the place to fix it (line 0 means the file as a whole)."""

    file: str
    line: int
    entry_id: str | None
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        entry = f" [{self.entry_id}]" if self.entry_id else ""
        return f"{place}{entry} {self.message}"


class KnowledgeBaseError(Exception):
    """The knowledge base cannot be loaded; ``problems`` lists every reason at once, in file order."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass
class Sink:
    """Collects the problems of one file (or one entry of it) so that reading never stops at the first."""

    file: str
    entry_id: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, self.entry_id, message))

    def for_entry(self, entry_id: str | None) -> Sink:
        """A sink for one entry's problems, feeding the same list."""
        return Sink(self.file, entry_id, self.problems)
