"""Telegram-HTML validation and plain-text conversion: what Telegram accepts, what it refuses and why."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.kb.telegram_html import html_problems, html_to_text

VALID = [
    "",
    "plain text, no markup",
    "a > b and 2 > 1",
    "<b>bold</b> <strong>strong</strong> <i>i</i> <em>em</em> <u>u</u> <ins>ins</ins>",
    "<s>s</s> <strike>strike</strike> <del>del</del>",
    "<b>bold <i>italic bold <u>and underlined</u></i></b>",
    '<a href="https://www.iom.int/">IOM</a>',
    "<a href='https://www.iom.int/'>single quotes</a>",
    "<a href=example.com>an unquoted name token</a>",
    '<a href="https://example.com/?a=1&amp;b=2">escaped ampersand</a>',
    '<a href="https://example.com/a>b">a quoted ">"</a>',
    '<a\nhref="https://example.com">new line inside the tag</a>',
    '<a href="https://example.com"><b>bold link</b></a>',
    '<span class="tg-spoiler">spoiler</span> <tg-spoiler>spoiler</tg-spoiler>',
    "<code>inline code</code>",
    "<pre>pre-formatted</pre>",
    '<pre><code class="language-python">print("hi")</code></pre>',
    "<blockquote>quote</blockquote>",
    "<blockquote expandable>long quote</blockquote>",
    '<blockquote>quote with <a href="https://example.com">a link</a> and <b>bold</b></blockquote>',
    '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
    "&lt;tag&gt; &amp; &quot;quoted&quot; &#65; &#x41; &#x1F600;",
    "<B>upper-case tag names</B>",
    "<b >spaces before the end</b >",
    "Answer on\nseveral lines\n\nwith a paragraph",
]


@pytest.mark.parametrize("text", VALID)
def test_telegram_accepts(text: str) -> None:
    assert html_problems(text) == []


INVALID = [
    ("line<br>break", ["unsupported tag <br> at character 5 (start a new line instead)"]),
    (
        "<p>paragraph</p>",
        [
            "unsupported tag <p> at character 1 (leave an empty line instead)",
            "unsupported tag </p> at character 13 (leave an empty line instead)",
        ],
    ),
    ("<div>x</div>", ["unsupported tag <div> at character 1", "unsupported tag </div> at character 7"]),
    (
        "<script>alert(1)</script>",
        ["unsupported tag <script> at character 1", "unsupported tag </script> at character 17"],
    ),
    ("<b>never closed", ["tag <b> at character 1 is never closed"]),
    ("never opened</b>", ["closing tag </b> at character 13 has no opening tag"]),
    (
        "<b><i>crossed</b></i>",
        ["closing tag </b> at character 14 comes before the closing of <i> at character 4 (tags must close in order)"],
    ),
    (
        "<b>x</i>",
        ["tag <b> at character 1 is never closed", "closing tag </i> at character 5 has no opening tag"],
    ),
    ("a < b", ["'<' at character 3 does not start a tag; write &lt; for '<'"]),
    ("</>", ["'<' at character 1 does not start a tag; write &lt; for '<'"]),
    ("AT&T", ["'&' at character 3 starts no entity; write &amp; for '&'"]),
    ("&lt without semicolon", ["'&' at character 1 starts no entity; write &amp; for '&'"]),
    ("&#X41; upper-case x", ["'&' at character 1 starts no entity; write &amp; for '&'"]),
    (
        "&nbsp;",
        ["entity &nbsp; at character 1 is not one Telegram knows (&lt; &gt; &amp; &quot; &#NNN; &#xHH;)"],
    ),
    ("&LT;", ["entity &LT; at character 1 is not one Telegram knows (&lt; &gt; &amp; &quot; &#NNN; &#xHH;)"]),
    ("&#0;", ["entity &#0; at character 1 is not one Telegram knows (&lt; &gt; &amp; &quot; &#NNN; &#xHH;)"]),
    (
        "&#xD800;",
        ["entity &#xD800; at character 1 is not one Telegram knows (&lt; &gt; &amp; &quot; &#NNN; &#xHH;)"],
    ),
    ('<b class="x">y</b>', ["tag <b> at character 1 does not allow the attribute 'class'"]),
    (
        '<a title="t" href="https://example.com">x</a>',
        ["tag <a> at character 1 does not allow the attribute 'title'"],
    ),
    ("<a>no address</a>", ['tag <a> at character 1 needs an address: <a href="https://…">']),
    ('<a href=" ">blank address</a>', ['tag <a> at character 1 needs an address: <a href="https://…">']),
    ("<a href=https://example.com>x</a>", ["tag <a> at character 1: put the value of 'href' in quotes"]),
    ('<a href="?a=1&b=2">x</a>', ["'&' at character 14 starts no entity; write &amp; for '&'"]),
    ("<span>x</span>", ['tag <span> at character 1 needs class="tg-spoiler"']),
    ('<span class="spoiler">x</span>', ['tag <span> at character 1 needs class="tg-spoiler"']),
    (
        '<code class="language-python">x</code>',
        ["tag <code> at character 1 can have a class only directly inside <pre>"],
    ),
    (
        '<pre><code class="python">x</code></pre>',
        ['tag <code> at character 6 needs a class like "language-python"'],
    ),
    ("<pre><b>x</b></pre>", ["tag <b> at character 6 cannot be inside <pre>"]),
    ("<code><i>x</i></code>", ["tag <i> at character 7 cannot be inside <code>"]),
    (
        "<blockquote><blockquote>x</blockquote></blockquote>",
        ["tag <blockquote> at character 13 cannot be inside another <blockquote>"],
    ),
    ('<a href="x"><a href="y">x</a></a>', ["tag <a> at character 13 cannot be inside <a>"]),
    ('<a href="x"><code>x</code></a>', ["tag <code> at character 13 cannot be inside <a>"]),
    ("<tg-emoji>👍</tg-emoji>", ["tag <tg-emoji> at character 1 needs a numeric emoji-id"]),
    ('<tg-emoji emoji-id="abc">👍</tg-emoji>', ["tag <tg-emoji> at character 1 needs a numeric emoji-id"]),
    ("<b/>", ["tag <b> at character 1 cannot be self-closing; close it with </b>"]),
    ("<b", ["tag <b> at character 1 is malformed or not closed with '>'"]),
    (
        "<b>x</b x>",
        [
            "tag <b> at character 1 is never closed",
            "tag </b> at character 5 is malformed or not closed with '>'",
        ],
    ),
]


@pytest.mark.parametrize(("text", "messages"), INVALID)
def test_telegram_rejects(text: str, messages: list[str]) -> None:
    assert html_problems(text) == messages


def test_problems_come_in_reading_order() -> None:
    problems = html_problems("A & B<br><b>x")
    assert [problem.split(" at character ")[1][:2] for problem in problems] == ["3 ", "6 ", "10"]


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("plain", "plain"),
        ("<b>IOM</b> was founded <i>in 1951</i>.", "IOM was founded in 1951."),
        ('<a href="https://www.iom.int/">IOM</a> &amp; UN', "IOM & UN"),
        ("&lt;b&gt; is bold, &quot;quoted&quot;, &#65;&#x42;", '<b> is bold, "quoted", AB'),
        ('<pre><code class="language-python">x = 1</code></pre>', "x = 1"),
        ('<tg-emoji emoji-id="1">👍</tg-emoji> thanks', "👍 thanks"),
        ("line one\nline two", "line one\nline two"),
        ("a < b & c", "a < b & c"),
        ("&nbsp;", "&nbsp;"),
    ],
)
def test_html_to_text(markup: str, text: str) -> None:
    assert html_to_text(markup) == text


@given(st.text())
def test_escaped_text_is_always_accepted_and_reads_back(text: str) -> None:
    escaped = html.escape(text)
    assert html_problems(escaped) == []
    assert html_to_text(escaped) == text


@given(st.text(alphabet="<>&/abi ;#x1\"'=", max_size=30))
def test_arbitrary_markup_never_crashes(text: str) -> None:
    assert isinstance(html_problems(text), list)
    assert isinstance(html_to_text(text), str)
