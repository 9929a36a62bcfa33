"""Objects that keep a memory of one of their methods on the instance (an ``lru_cache``, so a reloaded knowledge
base starts afresh), and can still be pickled for the on-disk engine cache (``knowledge/engine/cache.py``): a
pickle leaves the memories out, and reading it starts them again, empty."""

from __future__ import annotations

from typing import ClassVar


class Remembering:
    _memories: ClassVar[tuple[str, ...]] = ()
    """The attributes holding memories, which ``_remember`` sets."""

    def _remember(self) -> None:
        """Starts the memories (called by ``__init__`` and after unpickling)."""
        raise NotImplementedError

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        for name in self._memories:
            state.pop(name, None)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._remember()
