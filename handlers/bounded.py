"""A dict that forgets its oldest items: per-message and per-user memory that never grows unbounded."""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedMap(OrderedDict[K, V], Generic[K, V]):
    """A dict that forgets its oldest items beyond ``limit``, so per-message memory never grows unbounded."""

    def __init__(self, limit: int = 5_000) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)
