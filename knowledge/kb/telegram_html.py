"""Telegram's HTML parse mode: which markup it accepts, and the plain text a user ends up reading.

Telegram refuses a whole message whose HTML it cannot parse, so every answer and interface text is
checked with ``html_problems`` before it can ever be sent; the fake Bot API server of the tests applies
the same rules. They follow the Bot API's "HTML style" (tags, attributes, the four named entities and
numeric ones) and its nesting rules, and are strict where Telegram would silently drop formatting: a
curator should learn about it, not a user.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

FORMATTING_TAGS = frozenset({"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler"})
"""Tags that may wrap, and sit inside, any other tag except code and pre."""

SUPPORTED_TAGS = FORMATTING_TAGS | {"a", "code", "pre", "blockquote", "tg-emoji"}
"""All that Telegram understands; any other tag (<br>, <p>, <div>, <script>…) makes it refuse the message."""

_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "span": frozenset({"class"}),
    "code": frozenset({"class"}),
    "blockquote": frozenset({"expandable"}),
    "tg-emoji": frozenset({"emoji-id"}),
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HINTS = {"br": " (start a new line instead)", "p": " (leave an empty line instead)"}

_ENTITY = re.compile(r"&(?:([A-Za-z][A-Za-z0-9]*)|#([0-9]+)|#x([0-9a-fA-F]+));")
_TAG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_ATTRIBUTE = re.compile(r"""([^\s=<>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s<>"']+)))?""")
_NAME_TOKEN = re.compile(r"[A-Za-z0-9.-]+")  # the only unquoted attribute values Telegram accepts


@dataclass(frozen=True)
class _Tag:
    name: str
    closing: bool
    start: int
    end: int = 0
    attributes: dict[str, str | None] = field(default_factory=dict)  # None: written without a value

    def __str__(self) -> str:
        return f"<{'/' if self.closing else ''}{self.name}> at character {self.start + 1}"


@dataclass
class _Scan:
    """One pass over the markup: the visible text, the tags in order, and (position, message) problems."""

    text: list[str] = field(default_factory=list)
    tags: list[_Tag] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


def html_problems(text: str) -> list[str]:
    """Why Telegram would refuse ``text`` in HTML mode, in reading order; empty when it accepts it."""
    scan = _scan(text)
    scan.problems.extend(_structure_problems(scan.tags))
    return [message for _, message in sorted(scan.problems, key=lambda problem: problem[0])]


def html_to_text(text: str) -> str:
    """What the user reads: tags removed and entities decoded (malformed bits are kept as typed)."""
    return "".join(_scan(text).text)


def _scan(html: str) -> _Scan:
    scan = _Scan()
    position = 0
    while position < len(html):
        bracket = html.find("<", position)
        stop = len(html) if bracket < 0 else bracket
        scan.text.append(_unescape(html[position:stop], position, scan.problems))
        if bracket < 0:
            break
        tag = _read_tag(html, bracket, scan.problems)
        if tag is None:
            scan.text.append("<")
            position = bracket + 1
        else:
            scan.tags.append(tag)
            position = tag.end
    return scan


def _unescape(chunk: str, offset: int, problems: list[tuple[int, str]]) -> str:
    """Decode the entities Telegram knows; any other '&' is a problem (Telegram asks for &amp;)."""
    parts: list[str] = []
    position = 0
    while (ampersand := chunk.find("&", position)) >= 0:
        parts.append(chunk[position:ampersand])
        match = _ENTITY.match(chunk, ampersand)
        decoded = _decode_entity(match) if match else None
        if match is None or decoded is None:
            problems.append(_entity_problem(offset + ampersand, match))
            parts.append("&")
            position = ampersand + 1
        else:
            parts.append(decoded)
            position = match.end()
    parts.append(chunk[position:])
    return "".join(parts)


def _entity_problem(where: int, match: re.Match[str] | None) -> tuple[int, str]:
    if match is None:
        return where, f"'&' at character {where + 1} starts no entity; write &amp; for '&'"
    known = "&lt; &gt; &amp; &quot; &#NNN; &#xHH;"
    return where, f"entity {match.group()} at character {where + 1} is not one Telegram knows ({known})"


def _decode_entity(match: re.Match[str]) -> str | None:
    named, decimal, hexadecimal = match.groups()
    if named is not None:
        return _NAMED_ENTITIES.get(named)
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code >= 0x10FFFF or 0xD800 <= code <= 0xDFFF:  # the code points Telegram refuses
        return None
    return chr(code)


def _read_tag(html: str, start: int, problems: list[tuple[int, str]]) -> _Tag | None:
    """Read the tag starting at ``start`` (a '<'), or record why it is not one and return None."""
    closing = html.startswith("/", start + 1)
    name = _TAG_NAME.match(html, start + 2 if closing else start + 1)
    if name is None:
        problems.append((start, f"'<' at character {start + 1} does not start a tag; write &lt; for '<'"))
        return None
    tag = _Tag(name.group().lower(), closing, start)
    position = name.end()
    while True:
        while position < len(html) and html[position].isspace():
            position += 1
        if html.startswith(">", position):
            return _Tag(tag.name, closing, start, position + 1, tag.attributes)
        attribute = None if closing else _ATTRIBUTE.match(html, position)
        if attribute is None:
            problems.append((start, f"tag {tag} is malformed or not closed with '>'"))
            return None
        tag.attributes[attribute.group(1)] = _attribute_value(attribute, tag, problems)
        position = attribute.end()


def _attribute_value(attribute: re.Match[str], tag: _Tag, problems: list[tuple[int, str]]) -> str | None:
    name, quoted, single_quoted, bare = attribute.groups()
    if bare is not None and not _NAME_TOKEN.fullmatch(bare):
        problems.append((tag.start, f"tag {tag}: put the value of '{name}' in quotes"))
    for group, value in enumerate((quoted, single_quoted, bare), start=2):
        if value is not None:
            return _unescape(value, attribute.start(group), problems)
    return None


def _structure_problems(tags: list[_Tag]) -> Iterator[tuple[int, str]]:
    """Unsupported tags, bad attributes, wrong nesting and tags left open or closed without opening."""
    open_tags: list[_Tag] = []
    for tag in tags:
        if tag.name not in SUPPORTED_TAGS:
            yield tag.start, f"unsupported tag {tag}{_HINTS.get(tag.name, '')}"
        elif tag.closing:
            yield from _close(tag, open_tags)
        else:
            parent = open_tags[-1] if open_tags else None
            yield from ((tag.start, message) for message in _attribute_problems(tag, parent))
            yield from ((tag.start, message) for message in _nesting_problems(tag, open_tags))
            if "/" not in tag.attributes:  # already reported as self-closing
                open_tags.append(tag)
    yield from ((tag.start, f"tag {tag} is never closed") for tag in open_tags)


def _close(tag: _Tag, open_tags: list[_Tag]) -> Iterator[tuple[int, str]]:
    """Match a closing tag with the innermost open one; Telegram requires tags to close in reverse order."""
    if open_tags and open_tags[-1].name == tag.name:
        open_tags.pop()
        return
    opened = [index for index, candidate in enumerate(open_tags) if candidate.name == tag.name]
    if not opened:
        yield tag.start, f"closing tag {tag} has no opening tag"
        return
    innermost = open_tags[-1]
    yield tag.start, f"closing tag {tag} comes before the closing of {innermost} (tags must close in order)"
    del open_tags[opened[-1]]


def _nesting_problems(tag: _Tag, open_tags: list[_Tag]) -> Iterator[str]:
    """Telegram's nesting rules: nothing inside code (only a code inside pre), no quote in a quote, and links
    and custom emoji hold only plain formatting."""
    inside = {open_tag.name for open_tag in open_tags}
    code_in_pre = tag.name == "code" and bool(open_tags) and open_tags[-1].name == "pre"
    for container in ("code", "pre"):
        if container in inside and not code_in_pre:
            yield f"tag {tag} cannot be inside <{container}>"
    if tag.name == "blockquote" and "blockquote" in inside:
        yield f"tag {tag} cannot be inside another <blockquote>"
    for container in ("a", "tg-emoji"):
        if container in inside and tag.name not in FORMATTING_TAGS:
            yield f"tag {tag} cannot be inside <{container}>"


def _attribute_problems(tag: _Tag, parent: _Tag | None) -> Iterator[str]:
    allowed = _ATTRIBUTES.get(tag.name, frozenset())
    for name in tag.attributes:
        if name == "/":
            yield f"tag {tag} cannot be self-closing; close it with </{tag.name}>"
        elif name not in allowed:
            yield f"tag {tag} does not allow the attribute '{name}'"
    check = _ATTRIBUTE_RULES.get(tag.name)
    message = check(tag.attributes, parent) if check else None
    if message:
        yield f"tag {tag} {message}"


def _link_rule(attributes: dict[str, str | None], parent: _Tag | None) -> str | None:
    return None if (attributes.get("href") or "").strip() else 'needs an address: <a href="https://…">'


def _spoiler_rule(attributes: dict[str, str | None], parent: _Tag | None) -> str | None:
    return None if attributes.get("class") == "tg-spoiler" else 'needs class="tg-spoiler"'


def _code_rule(attributes: dict[str, str | None], parent: _Tag | None) -> str | None:
    if "class" not in attributes:
        return None
    if parent is None or parent.name != "pre":
        return "can have a class only directly inside <pre>"
    language = attributes["class"] or ""
    return None if re.fullmatch(r"language-\S+", language) else 'needs a class like "language-python"'


def _emoji_rule(attributes: dict[str, str | None], parent: _Tag | None) -> str | None:
    return None if (attributes.get("emoji-id") or "").isdigit() else "needs a numeric emoji-id"


_ATTRIBUTE_RULES: dict[str, Callable[[dict[str, str | None], _Tag | None], str | None]] = {
    "a": _link_rule,
    "span": _spoiler_rule,
    "code": _code_rule,
    "tg-emoji": _emoji_rule,
}
