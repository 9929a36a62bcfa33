"""The engine API the front ends use (Telegram, console, CLI), on the shipped knowledge base.

Expected texts are taken from the knowledge base itself (entries' answers, ui.yaml), so the tests pin what the
engine does with them, not the wording curators may change.
"""

from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.engine.bands import Thresholds
from knowledge.engine.pipeline import Engine
from knowledge.engine.reply import Reply, TopicChoice
from knowledge.kb.model import LANGUAGES
from knowledge.kb.telegram_html import html_problems
from knowledge.text.clauses import MAX_QUERY_CHARS

FOUNDED = "iom_founded"
QUESTIONS = {
    "en": "When was IOM founded?",
    "ru": "Когда была основана МОМ?",
    "ky": "ЭМУ качан түзүлгөн?",
}
HTML_LOOKING = (
    "<b>When was IOM founded?</b>",
    "<script>alert('x')</script> IOM members",
    '<a href="javascript:alert(1)">click</a>',
    "<img src=x onerror=alert(1)> Когда основана МОМ?",
    "a & b < c > d &amp; &lt;b&gt; &#0; &bogus;",
    "</i></b><pre>",
)


@pytest.fixture(scope="module")
def engine(shipped_engine: Engine) -> Engine:
    return shipped_engine


def topics_of(engine: Engine, lang: str) -> tuple[TopicChoice, ...]:
    return tuple(TopicChoice(topic.id, topic.title[lang]) for topic in engine.kb.topics)


def entry_ids(reply: Reply) -> list[str]:
    return [candidate.entry_id for candidate in reply.offered]


# Commands


@pytest.mark.parametrize("lang", LANGUAGES)
def test_start_greets_in_the_language_and_offers_the_topics(engine: Engine, lang: str) -> None:
    reply = engine.command("start", "", lang)
    assert (reply.status, reply.lang) == ("answer", lang)
    assert reply.html == engine.text("greeting", lang)
    assert reply.topics == topics_of(engine, lang)
    assert reply.topics, "the greeting must offer topics"
    assert "smalltalk" not in [topic.topic_id for topic in reply.topics]


def test_start_with_an_entry_id_is_a_deep_link_to_that_entry(engine: Engine) -> None:
    reply = engine.command("start", FOUNDED, "ru")
    assert reply.status == "answer"
    assert reply.entry is not None and reply.entry.id == FOUNDED
    assert reply.html == reply.entry.answer["ru"]
    assert entry_ids(reply) == list(reply.entry.related[:3])


def test_start_with_an_unknown_deep_link_just_greets(engine: Engine) -> None:
    reply = engine.command("start", "no_such_entry", "en")
    assert reply.html == engine.text("greeting", "en")
    assert reply.entry is None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_and_topics(engine: Engine, lang: str) -> None:
    help_reply = engine.command("help", "", lang)
    assert (help_reply.status, help_reply.html, help_reply.lang) == (
        "answer",
        engine.text("help", lang),
        lang,
    )
    topics = engine.command("topics", "", lang)
    # the topics are named in the text too, not only on the buttons (a notification shows no buttons)
    named = "".join(f"\n• {html.escape(topic.title[lang], quote=False)}" for topic in engine.kb.topics)
    assert topics.html == engine.text("topics", lang) + named
    assert topics.topics == topics_of(engine, lang)
    assert engine.command("start", "", lang).html == engine.text("greeting", lang)  # the greeting only offers them


@pytest.mark.parametrize("command", ["priorities", "about", "framework"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_entry_commands_answer_with_the_entry_that_claims_them(engine: Engine, command: str, lang: str) -> None:
    entry = engine.kb.entry_for_command(command)
    assert entry is not None, f"no entry claims /{command}"
    reply = engine.command(command, "", lang)
    assert reply.status == "answer"
    assert reply.entry == entry
    assert reply.html == entry.answer[lang]


def test_about_with_an_argument_works_like_asking(engine: Engine) -> None:
    reply = engine.command("about", QUESTIONS["ru"], "ru")
    assert reply.entry is not None and reply.entry.id == FOUNDED
    assert reply.html == reply.entry.answer["ru"]


def test_about_with_an_argument_it_cannot_place_gives_its_own_entry(engine: Engine) -> None:
    reply = engine.command("about", "zxqv wprk", "en")
    assert reply.entry == engine.kb.entry_for_command("about")
    assert reply.status == "answer"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_unknown_command_points_to_help(engine: Engine, lang: str) -> None:
    reply = engine.command("frobnicate", "", lang)
    assert (reply.status, reply.html) == ("fallback", engine.text("unknown_command", lang))


def test_a_command_the_bot_does_not_have_is_read_as_a_question(engine: Engine) -> None:
    reply = engine.ask("/приоритеты", "ru")
    assert (reply.status, reply.entry and reply.entry.id) == ("answer", "priorities")
    reply = engine.ask("/member_states", "en")
    assert (reply.status, reply.entry and reply.entry.id) == ("answer", "iom_members")


@pytest.mark.parametrize(("typed", "command"), [("/помощь", "help"), ("/жардам", "help"), ("/язык", "lang_prompt")])
def test_russian_and_kyrgyz_command_names(engine: Engine, typed: str, command: str) -> None:
    assert engine.ask(typed, "ky").html == engine.text(command, "ky")


def test_commands_typed_as_messages_resolve_the_same_way(engine: Engine) -> None:
    assert engine.ask("/help@IomFaqBot", default_lang="ky").html == engine.text("help", "ky")
    assert engine.ask("/START", "ru").html == engine.text("greeting", "ru")
    about = engine.ask("/about", "en")
    assert about.entry == engine.kb.entry_for_command("about")


# Entries, topics and the fallback by id


def test_unknown_ids_give_none(engine: Engine) -> None:
    assert engine.entry_reply("no_such_entry", "en") is None
    assert engine.topic_reply("no_such_topic", "en") is None


def test_entry_reply_and_topic_reply(engine: Engine) -> None:
    reply = engine.entry_reply(FOUNDED, "ky")
    assert reply is not None and reply.entry is not None
    assert (reply.status, reply.lang, reply.html) == ("answer", "ky", reply.entry.answer["ky"])
    topic = engine.kb.topics[0]
    listing = engine.topic_reply(topic.id, "ru")
    assert listing is not None
    assert topic.title["ru"] in listing.html
    assert entry_ids(listing) == list(topic.entry_ids)


def test_an_unknown_language_falls_back_to_english(engine: Engine) -> None:
    reply = engine.entry_reply(FOUNDED, "de")
    assert reply is not None and reply.lang == "en"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_fallback_reply(engine: Engine, lang: str) -> None:
    reply = engine.fallback_reply(lang, "something")
    assert (reply.status, reply.lang, reply.html) == ("fallback", lang, engine.text("fallback", lang))
    assert reply.topics == topics_of(engine, lang)


# Free text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_question_variant_is_answered_with_its_entry(engine: Engine, lang: str) -> None:
    reply = engine.ask(QUESTIONS[lang])
    assert (reply.status, reply.lang) == ("answer", lang)
    assert reply.entry is not None and reply.entry.id == FOUNDED
    assert reply.html == reply.entry.answer[lang]
    assert reply.candidates and reply.candidates[0].entry_id == FOUNDED
    assert 0.0 <= reply.score <= 1.0


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("When was IOM founded?", "en"),
        ("Когда была основана МОМ?", "ru"),
        ("ЭМУ качан түзүлгөн?", "ky"),
        ("kogda osnovana MOM", "ru"),
        ("Какая завтра погода в Париже?", "ru"),
        ("What's the weather in Paris tomorrow?", "en"),
    ],
)
def test_the_reply_language_follows_the_question(engine: Engine, text: str, lang: str) -> None:
    assert engine.ask(text, default_lang="ky" if lang != "ky" else "en").lang == lang


@pytest.mark.parametrize("default", LANGUAGES)
def test_a_message_without_a_language_gets_the_default(engine: Engine, default: str) -> None:
    reply = engine.ask("2023 2027 1951", default_lang=default)
    assert reply.lang == default


def test_a_fixed_language_overrides_the_question(engine: Engine) -> None:
    reply = engine.ask(QUESTIONS["en"], "ky")
    assert reply.lang == "ky"
    assert reply.entry is not None and reply.entry.id == FOUNDED
    assert reply.html == reply.entry.answer["ky"]


@pytest.mark.parametrize("text", ["", "   ", "?!", "😀🙂", "\u200b", "\x00"])
def test_empty_ish_messages_get_the_fallback(engine: Engine, text: str) -> None:
    reply = engine.ask(text, default_lang="ru")
    assert (reply.status, reply.lang, reply.html) == ("fallback", "ru", engine.text("fallback", "ru"))


def test_a_huge_message_is_cut_and_says_so(engine: Engine) -> None:
    text = "When was IOM founded? " + "and I would like to know more about it " * 260
    assert len(text) > 10_000
    reply = engine.ask(text)
    assert len(reply.query) <= MAX_QUERY_CHARS
    notice = f"<i>{engine.text('shortened', reply.lang)}</i>"
    assert reply.html.startswith(notice)
    assert not html_problems(reply.html)
    short = engine.ask("When was IOM founded?")
    assert engine.text("shortened", short.lang) not in short.html


@pytest.mark.parametrize("text", HTML_LOOKING)
def test_html_looking_input_never_reaches_the_reply_unescaped(engine: Engine, text: str) -> None:
    for reply in (engine.ask(text), engine.ask(f"/about {text}"), engine.ask(f"/start {text}")):
        assert not html_problems(reply.html), reply.html
        for markup in ("<script", "<img", "javascript:", "onerror", "<pre>", "&bogus;", "&#0;"):
            assert markup not in reply.html


# The three bands, whatever the tuning


def test_below_the_answer_band_the_engine_asks_did_you_mean(engine: Engine) -> None:
    unsure = Engine(engine.kb, Thresholds(answer=2.0, margin=0.0, clarify=0.0, clear_lead=0.0))
    reply = unsure.ask(QUESTIONS["en"])
    assert (reply.status, reply.html) == ("clarify", engine.text("clarify", "en"))
    assert entry_ids(reply)[0] == FOUNDED
    assert len(reply.offered) <= unsure.thresholds.max_candidates
    assert all(candidate.title for candidate in reply.offered)


def test_each_language_is_answered_from_its_own_threshold(engine: Engine) -> None:
    kyrgyz_only = Engine(
        engine.kb, Thresholds(answer=2.0, answer_by_language=(("ky", 0.0),), clarify=0.0, clear_lead=0.0)
    )
    assert kyrgyz_only.ask(QUESTIONS["ky"]).status == "answer"
    assert kyrgyz_only.ask(QUESTIONS["en"]).status == "clarify"
    assert kyrgyz_only.ask(QUESTIONS["ky"], lang="en").status == "answer"  # the question's language decides


def test_below_the_clarify_band_the_engine_falls_back_but_keeps_the_ranking(engine: Engine) -> None:
    blind = Engine(engine.kb, Thresholds(answer=2.0, margin=0.0, clarify=2.0))
    reply = blind.ask(QUESTIONS["ru"])
    assert (reply.status, reply.lang) == ("fallback", "ru")
    assert reply.entry is None
    assert reply.candidates[0].entry_id == FOUNDED


# Every reply is HTML Telegram accepts


def sample_replies(engine: Engine) -> list[Reply]:
    replies: list[Reply] = []
    for lang in LANGUAGES:
        replies += [engine.command(name, "", lang) for name in ("start", "help", "topics", "lang", "nope")]
        replies += [engine.command(name, "", lang) for name in ("priorities", "about", "framework")]
        replies += [r for entry in engine.kb.entries if (r := engine.entry_reply(entry.id, lang))]
        replies += [r for topic in engine.kb.topics if (r := engine.topic_reply(topic.id, lang))]
        replies.append(engine.fallback_reply(lang))
        replies.append(engine.ask("x " * 6_000, lang))
    replies += [engine.ask(text) for text in (*QUESTIONS.values(), *HTML_LOOKING)]
    unsure = Engine(engine.kb, Thresholds(answer=2.0, margin=0.0, clarify=0.0, clear_lead=0.0))
    replies += [unsure.ask(text) for text in QUESTIONS.values()]
    return replies


def test_every_reply_is_valid_telegram_html(engine: Engine) -> None:
    replies = sample_replies(engine)
    assert len(replies) > 150
    bad = [(reply.query, problems) for reply in replies if (problems := html_problems(reply.html))]
    assert not bad
    assert {reply.status for reply in replies} == {"answer", "clarify", "fallback"}


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=400), lang=st.sampled_from([None, *LANGUAGES, "xx"]))
def test_ask_never_raises(engine: Engine, text: str, lang: str | None) -> None:
    reply = engine.ask(text, lang)
    assert reply.status in ("answer", "clarify", "fallback")
    assert reply.lang in LANGUAGES
    assert not html_problems(reply.html)


@pytest.mark.parametrize("text", ["/ " * 500, "/" * 3000, "/ /help " * 200])
def test_a_message_of_many_slashes_is_an_ordinary_reply(text: str) -> None:
    """A command the bot does not have is read as a question, never as another command (no recursion)."""
    reply = Engine.load().ask(text)
    assert reply.status in ("answer", "clarify", "fallback")
