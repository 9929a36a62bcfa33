"""Button payloads: short, versioned strings within Telegram's 64-byte limit for ``callback_data``.

Format ``VERSION|kind|target|lang`` (``1|e|iom_founded|ru``) or ``VERSION|kind|lang`` (``1|l|ky``). Buttons of
old messages outlive deployments, so a payload of another version or one that no longer parses is reported as
expired rather than treated as an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

VERSION = "1"
MAX_BYTES = 64
SEPARATOR = "|"

Kind = Literal["e", "t", "m", "n", "l", "u", "d", "x"]
"""e: an entry, t: a topic's questions, m: the topics menu, n: "none of these", l: choose a language,
u / d: 👍 / 👎 on the answer of an entry, x: "this didn't help" under the fallback."""

_WITH_TARGET: frozenset[str] = frozenset({"e", "t", "u", "d"})
_WITHOUT_TARGET: frozenset[str] = frozenset({"m", "n", "l", "x"})


@dataclass(frozen=True)
class Action:
    kind: Kind
    lang: str
    target: str = ""


def encode(action: Action) -> str | None:
    """The payload, or None if it would not fit in 64 bytes or a part would break the format."""
    parts = [VERSION, action.kind, *([action.target] if action.target else []), action.lang]
    if any(not part or SEPARATOR in part for part in parts):
        return None
    data = SEPARATOR.join(parts)
    return data if len(data.encode()) <= MAX_BYTES else None


def decode(data: str | None) -> Action | None:
    """The action of a payload, or None when it is from another version or malformed (an expired button)."""
    parts = (data or "").split(SEPARATOR)
    if len(parts) < 3 or parts[0] != VERSION or not all(parts):
        return None
    kind = parts[1]
    if kind in _WITH_TARGET and len(parts) == 4:
        return Action(cast(Kind, kind), lang=parts[3], target=parts[2])
    if kind in _WITHOUT_TARGET and len(parts) == 3:
        return Action(cast(Kind, kind), lang=parts[2])
    return None
