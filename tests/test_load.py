"""The loader and its validation: a valid fixture loads, and every kind of mistake is reported with its place.

Broken cases are made from the valid fixture (tests/fixtures/kb/valid) by editing a copy in tmp_path, so each
test shows exactly the mistake it is about. Lines are found by searching the edited file, not hard-coded.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.kb.checks import MAX_ANSWER_CHARS, fold_question
from knowledge.kb.load import KnowledgeBaseError, Problem, load_knowledge_base
from knowledge.kb.parse import REQUIRED_UI_KEYS
from tests.conftest import VALID_KB

IOM = "entries/10_iom.yaml"
FRAMEWORK = "entries/20_framework.yaml"
IOM_AT, FRAMEWORK_AT = f"kb/{IOM}:", f"kb/{FRAMEWORK}:"
SHIPPED_ENTRIES = Path(__file__).parent.parent / "knowledge" / "data" / "entries"


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line(root: Path, name: str, marker: str, nth: int = 1) -> int:
    """The line number of the ``nth`` line of ``name`` that contains ``marker``."""
    found = [n for n, text in enumerate((root / name).read_text(encoding="utf-8").splitlines(), 1) if marker in text]
    return found[nth - 1]


def problems(root: Path) -> list[Problem]:
    with pytest.raises(KnowledgeBaseError) as raised:
        load_knowledge_base(root)
    return list(raised.value.problems)


def only(root: Path) -> Problem:
    found = problems(root)
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


def at(root: Path, name: str, marker: str, entry_id: str | None, message: str, nth: int = 1) -> Problem:
    """The problem ``message`` on the line of ``name`` holding ``marker``."""
    return Problem(f"kb/{name}", line(root, name, marker, nth), entry_id, message)


def expect(root: Path, name: str, marker: str, entry_id: str | None, message: str, nth: int = 1) -> None:
    """Exactly one problem, ``message`` on the line of ``name`` holding ``marker``."""
    assert only(root) == at(root, name, marker, entry_id, message, nth)


# The valid knowledge base


def test_valid_fixture_loads_in_file_order(kb: Path) -> None:
    base = load_knowledge_base(kb)
    assert [entry.id for entry in base.entries] == ["iom_founded", "iom_members", "cf_years", "hello"]
    founded = base.entries[0]
    assert (founded.file, founded.line) == (f"kb/{IOM}", line(kb, IOM, "id: iom_founded"))
    assert base.entries[2].file == f"kb/{FRAMEWORK}"
    assert founded.reviewed == dt.date(2026, 11, 28)
    assert founded.questions["en"][0] == "When was IOM founded?"
    assert founded.keywords == {"en": ("founded", "established"), "ru": (), "ky": ()}
    assert founded.answer["en"] == "IOM was founded <b>in 1951</b>."
    assert base.entries[1].commands == ("about",)
    assert base.entries[1].needs_review == ("ky",)
    assert base.entry_for_command("framework") == base.entries[2]


def test_topics_list_their_entries_and_smalltalk_is_not_a_topic(kb: Path) -> None:
    base = load_knowledge_base(kb)
    assert [(topic.id, topic.entry_ids) for topic in base.topics] == [
        ("iom", ("iom_founded", "iom_members")),
        ("framework", ("cf_years",)),
    ]
    assert base.topics[0].title == {"en": "About IOM", "ru": "О МОМ", "ky": "ЭМУ жөнүндө"}


def test_ui_texts_are_loaded_for_every_key(kb: Path) -> None:
    base = load_knowledge_base(kb)
    assert set(base.ui) == set(REQUIRED_UI_KEYS)
    assert base.text("greeting", "ru") == "greeting ru"


def test_problem_reads_as_file_line_id_message() -> None:
    problem = Problem("knowledge/data/entries/10_iom.yaml", 42, "iom_founded", "answer (ru) is 731 characters")
    assert str(problem) == "knowledge/data/entries/10_iom.yaml:42 [iom_founded] answer (ru) is 731 characters"
    assert str(Problem("kb/ui.yaml", 0, None, "file is missing")) == "kb/ui.yaml file is missing"


# YAML itself


def test_yaml_syntax_error_has_file_and_line(kb: Path) -> None:
    edit(kb, IOM, 'source: "since 1951"', "source: since: 1951")
    hint = " (put a text that contains ': ' in quotes)"
    expect(kb, IOM, "source: since: 1951", None, f"YAML syntax error: mapping values are not allowed here{hint}")


def test_unquoted_question_mark_in_a_flow_list_gets_a_hint(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # libyaml reads this the way the curator meant; the pure-Python parser rejects it, and then the
    # curator gets a hint. Force the pure parser to check the hint.
    monkeypatch.setattr("knowledge.kb.yaml_fields._LOADER", yaml.SafeLoader)
    edit(kb, IOM, '["When was IOM founded?", IOM', "[When was IOM founded?, IOM")
    problem = only(kb)
    assert (problem.file, problem.line) == (f"kb/{IOM}", line(kb, IOM, "[When was IOM founded?, IOM"))
    assert problem.message.endswith("put a text that contains '?' in quotes)")


def test_a_file_that_is_not_a_list(kb: Path) -> None:
    (kb / "entries" / "30_more.yaml").write_text("id: lonely\n", encoding="utf-8")
    message = "the file should be a list, each entry starting with '- id:'"
    expect(kb, "entries/30_more.yaml", "id: lonely", None, message)


def test_empty_and_missing_files(kb: Path) -> None:
    (kb / "entries" / "30_more.yaml").write_text("# nothing yet\n", encoding="utf-8")
    (kb / "ui.yaml").unlink()
    assert problems(kb) == [
        Problem("kb/entries/30_more.yaml", 0, None, "file is empty"),
        Problem("kb/ui.yaml", 0, None, "file is missing"),
    ]


def test_no_entry_files(kb: Path) -> None:
    shutil.rmtree(kb / "entries")
    found = problems(kb)
    assert Problem("kb/entries", 0, None, "no entry files (*.yaml) found") in found


def test_a_key_given_twice(kb: Path) -> None:
    edit(kb, IOM, 'source: "since 1951"', 'source: "since 1951"\n  source: "again"')
    first = line(kb, IOM, 'source: "since 1951"')
    expect(kb, IOM, 'source: "again"', "iom_founded", f"'source' is given twice in entry (also on line {first})")


# Fields


def test_unknown_field_suggests_the_right_name(kb: Path) -> None:
    edit(kb, FRAMEWORK, "  answer:\n    en: Hello!", "  anwser:\n    en: Hello!")
    assert problems(kb) == [
        at(kb, FRAMEWORK, "id: hello", "hello", "required field 'answer' is missing"),
        at(kb, FRAMEWORK, "anwser:", "hello", "unknown field 'anwser'; did you mean 'answer'?"),
    ]


def test_required_field_missing(kb: Path) -> None:
    edit(kb, FRAMEWORK, '  source: "greeting"\n', "")
    expect(kb, FRAMEWORK, "id: hello", "hello", "required field 'source' is missing")


@pytest.mark.parametrize(
    ("old", "new", "marker", "message"),
    [
        (
            "  title:\n    en: Hello\n    ru: Привет\n    ky: Салам\n",
            "  title: Hello\n",
            "title: Hello",
            "title should be a mapping of languages (en: …, ru: …, ky: …), not a text",
        ),
        (
            "en: [hello, hi, hey, good morning, good evening, greetings]",
            "en: hello",
            "en: hello",
            "questions (en) should be a list ([a, b] or lines starting with '- '), not a text",
        ),
        (
            "en: Hello! Ask me about IOM.",
            "en: [Hello!]",
            "en: [Hello!]",
            "answer (en) should be a text, not a list",
        ),
        (
            "topic: smalltalk",
            "topic: {name: smalltalk}",
            "topic: {name",
            "topic should be a text, not a mapping (key: value lines)",
        ),
    ],
)
def test_wrong_types(kb: Path, old: str, new: str, marker: str, message: str) -> None:
    edit(kb, FRAMEWORK, old, new)
    expect(kb, FRAMEWORK, marker, "hello", message)


def test_an_entry_that_is_not_a_mapping(kb: Path) -> None:
    (kb / "entries" / "30_more.yaml").write_text("- just a text\n", encoding="utf-8")
    message = "entry should be an entry (lines like 'id: …', 'topic: …'), not a text"
    expect(kb, "entries/30_more.yaml", "just a text", None, message)


# Languages


def test_missing_language(kb: Path) -> None:
    edit(kb, FRAMEWORK, "    ky: Саламатсызбы! ЭМУ жөнүндө сураңыз.\n", "")
    expect(kb, FRAMEWORK, "answer:", "hello", "answer has no 'ky' language", nth=2)


@pytest.mark.parametrize(
    ("old", "new", "marker", "message"),
    [
        ("ru: Привет\n", "ru: ''\n", "ru: ''", "title (ru) is empty"),
        ("ky: Салам\n", "ky: ~\n", "ky: ~", "title (ky) is empty"),
        (
            "ky: [салам, саламатсызбы, кутман таң, кутман кеч, ассалому алейкум, салам алейкум]",
            "ky: []",
            "ky: []",
            "questions (ky) is empty",
        ),
        ("en: Hello! Ask me about IOM.", "en: ' '", "en: ' '", "answer (en) is empty"),
    ],
)
def test_empty_language(kb: Path, old: str, new: str, marker: str, message: str) -> None:
    edit(kb, FRAMEWORK, old, new)
    expect(kb, FRAMEWORK, marker, "hello", message)


def test_unknown_language_is_reported(kb: Path) -> None:
    edit(kb, FRAMEWORK, "    en: Hello\n", "    en: Hello\n    kg: Салам\n")
    expect(kb, FRAMEWORK, "kg: Салам", "hello", "unknown language in title 'kg' (known: en, ru, ky)")


def test_too_few_questions(kb: Path) -> None:
    edit(kb, FRAMEWORK, "ru: [привет, здравствуйте, добрый день,", "ru: [привет, здравствуйте,")
    expect(kb, FRAMEWORK, "ru: [привет", "hello", "questions (ru) has 5; at least 6 are needed")


def test_too_few_questions_in_a_block_list_points_at_its_first_item(kb: Path) -> None:
    edit(kb, IOM, "      - IOM membership\n", "")
    expect(kb, IOM, "- How many members", "iom_members", "questions (en) has 5; at least 6 are needed")


def test_title_too_long(kb: Path) -> None:
    long_title = "When the International Organization was founded"
    edit(kb, IOM, "en: When IOM was founded", f"en: {long_title}")
    expect(kb, IOM, long_title, "iom_founded", f"title (en) is {len(long_title)} characters; the limit is 40")


# Ids, related, topics, commands


def test_duplicate_id_names_the_first(kb: Path) -> None:
    edit(kb, FRAMEWORK, "- id: cf_years", "- id: iom_founded")
    first = line(kb, IOM, "id: iom_founded")
    message = f"id 'iom_founded' is already used by the entry at kb/{IOM}:{first}"
    assert Problem(f"kb/{FRAMEWORK}", 1, "iom_founded", message) in problems(kb)


def test_id_not_lower_snake_case(kb: Path) -> None:
    edit(kb, FRAMEWORK, "- id: hello", "- id: Hello-There")
    expect(
        kb,
        FRAMEWORK,
        "Hello-There",
        "Hello-There",
        "id 'Hello-There' is not lower_snake_case (like iom_founded)",
    )


def test_unknown_related_id(kb: Path) -> None:
    edit(kb, IOM, "related: [iom_founded, cf_years]", "related: [iom_founded, cf_yeers]")
    message = "related entry 'cf_yeers' does not exist; did you mean 'cf_years'?"
    expect(kb, IOM, "cf_yeers", "iom_members", message)


def test_related_to_itself(kb: Path) -> None:
    edit(kb, IOM, "related: [iom_founded, cf_years]", "related:\n    - iom_founded\n    - iom_members")
    expect(kb, IOM, "- iom_members", "iom_members", "related names the entry itself")


def test_unknown_topic(kb: Path) -> None:
    edit(kb, FRAMEWORK, "topic: framework", "topic: framwork")
    found = problems(kb)
    message = "topic 'framwork' is not in topics.yaml; did you mean 'framework'?"
    assert at(kb, FRAMEWORK, "framwork", "cf_years", message) in found


def test_same_command_in_two_entries(kb: Path) -> None:
    edit(kb, FRAMEWORK, "commands: [framework]", "commands: [framework, about]")
    first = line(kb, IOM, "commands: [about]")
    message = f"command 'about' is already claimed by entry 'iom_members' (kb/{IOM}:{first})"
    expect(kb, FRAMEWORK, "commands:", "cf_years", message)


def test_command_not_valid_for_telegram(kb: Path) -> None:
    edit(kb, FRAMEWORK, "commands: [framework]", "commands: [/framework]")
    message = "command '/framework' is not a Telegram command (1–32 lowercase letters, digits or _, without '/')"
    expect(kb, FRAMEWORK, "commands:", "cf_years", message)


# Answers


def test_answer_too_long_counts_what_the_user_sees(kb: Path) -> None:
    fits = "a" * MAX_ANSWER_CHARS
    edit(kb, FRAMEWORK, "en: Hello! Ask me about IOM.", f"en: <b>{fits}</b>")
    load_knowledge_base(kb)
    edit(kb, FRAMEWORK, f"en: <b>{fits}</b>", f"en: <b>{fits}</b>b")
    expect(kb, FRAMEWORK, fits, "hello", f"answer (en) is {MAX_ANSWER_CHARS + 1} characters; the limit is 600")


def test_answer_html_that_telegram_rejects(kb: Path) -> None:
    edit(kb, FRAMEWORK, "en: Hello! Ask me about IOM.", "en: Hello!<br>Ask me about IOM & UN.")
    assert problems(kb) == [
        at(kb, FRAMEWORK, "<br>", "hello", f"answer (en): {message}")
        for message in (
            "unsupported tag <br> at character 7 (start a new line instead)",
            "'&' at character 28 starts no entity; write &amp; for '&'",
        )
    ]


def test_answer_of_markup_only(kb: Path) -> None:
    edit(kb, FRAMEWORK, "en: Hello! Ask me about IOM.", "en: <b> </b>")
    expect(kb, FRAMEWORK, "<b> </b>", "hello", "answer (en) shows no text")


# Questions shared by entries


def test_same_question_in_two_entries_reports_both_places(kb: Path) -> None:
    edit(kb, FRAMEWORK, "how long is the framework]", '"  when WAS iom founded ?! "]')
    first, second = line(kb, IOM, "When was IOM founded?"), line(kb, FRAMEWORK, "when WAS iom")
    to_second = shared("When was IOM founded?", "cf_years", f"{FRAMEWORK_AT}{second}")
    to_first = shared("when WAS iom founded ?!", "iom_founded", f"{IOM_AT}{first}")
    assert problems(kb) == [
        Problem(f"kb/{IOM}", first, "iom_founded", to_second),
        Problem(f"kb/{FRAMEWORK}", second, "cf_years", to_first),
    ]


def shared(question: str, other: str, place: str) -> str:
    return f"question '{question}' (en) is also a question of entry '{other}' ({place})"


def test_same_question_twice_in_one_entry_and_language(kb: Path) -> None:
    edit(kb, FRAMEWORK, "greetings]", "Hello!]")
    first = line(kb, FRAMEWORK, "en: [hello, hi")
    expect(kb, FRAMEWORK, "Hello!]", "hello", f"question 'Hello!' (en) is listed twice (also on line {first})")


def test_the_same_short_form_in_two_languages_of_one_entry_is_fine(kb: Path) -> None:
    edit(kb, FRAMEWORK, "приветствую]", "hello]")
    load_knowledge_base(kb)


def test_question_folding() -> None:
    assert fold_question("  When  was ＩＯＭ founded?! ") == fold_question("when was iom founded")
    assert fold_question("Когда, основана МОМ?") == "когда основана мом"


# Other fields


def test_reviewed_not_a_date(kb: Path) -> None:
    edit(kb, FRAMEWORK, "reviewed: 2026-11-28\n- id: hello", "reviewed: last week\n- id: hello")
    message = "reviewed 'last week' is not a date; write it like 2026-11-28"
    expect(kb, FRAMEWORK, "last week", "cf_years", message)


def test_needs_review_of_an_unknown_language(kb: Path) -> None:
    edit(kb, IOM, "needs_review: [ky]", "needs_review: [kg]")
    message = "needs_review names unknown language 'kg' (known: en, ru, ky)"
    expect(kb, IOM, "needs_review", "iom_members", message)


# ui.yaml


def test_ui_missing_key(kb: Path) -> None:
    edit(kb, "ui.yaml", "cmd_lang: {en: '<b>cmd_lang</b> en', ru: 'cmd_lang ru', ky: 'cmd_lang ky'}\n", "")
    assert only(kb) == Problem("kb/ui.yaml", 0, None, "interface text 'cmd_lang' is missing")


def test_ui_unknown_key(kb: Path) -> None:
    edit(kb, "ui.yaml", "greeting:", "gretting:")
    assert problems(kb) == [
        Problem("kb/ui.yaml", 0, None, "interface text 'greeting' is missing"),
        Problem("kb/ui.yaml", 2, None, "unknown interface text 'gretting'; did you mean 'greeting'?"),
    ]


def test_ui_empty_language_and_bad_html(kb: Path) -> None:
    edit(kb, "ui.yaml", "ru: 'help ru'", "ru: ''")
    edit(kb, "ui.yaml", "en: '<b>error</b> en'", "en: '<b>error en'")
    edit(kb, "ui.yaml", "ky: 'expired ky'", "ky: 'expired <p>ky'")
    unsupported = "unsupported tag <p> at character 9 (leave an empty line instead)"
    assert problems(kb) == [
        at(kb, "ui.yaml", "help:", None, "help (ru) is empty"),
        at(kb, "ui.yaml", "error:", None, "error (en): tag <b> at character 1 is never closed"),
        at(kb, "ui.yaml", "expired:", None, f"expired (ky): {unsupported}"),
    ]


def test_ui_missing_language(kb: Path) -> None:
    edit(
        kb,
        "ui.yaml",
        "lang_name: {en: '<b>lang_name</b> en', ru: 'lang_name ru', ",
        "lang_name: {en: 'English', ",
    )
    expect(kb, "ui.yaml", "lang_name", None, "lang_name has no 'ru' language")


def test_ui_placeholders_the_bot_cannot_fill_are_refused(kb: Path) -> None:
    edit(kb, "ui.yaml", "admin_reloaded: {en: '<b>admin_reloaded</b> en'", "admin_reloaded: {en: '{entry} reloaded'")
    edit(kb, "ui.yaml", "admin_unanswered: {en: '<b>admin_unanswered</b> en'", "admin_unanswered: {en: 'last {days'")
    assert problems(kb) == [
        at(
            kb,
            "ui.yaml",
            "admin_reloaded:",
            None,
            "admin_reloaded (en): unknown placeholder {entry}; this text may use {entries}",
        ),
        at(
            kb,
            "ui.yaml",
            "admin_unanswered:",
            None,
            "admin_unanswered (en): a brace that opens no placeholder (expected '}' before end of string); "
            "write {{ or }} for a brace itself",
        ),
    ]


def test_a_text_is_filled_only_with_the_placeholders_curators_may_use(kb: Path) -> None:
    base = load_knowledge_base(kb)
    assert base.filled("privacy", "en", days=90) == base.text("privacy", "en").format(days=90)
    with pytest.raises(ValueError, match="placeholders are"):
        base.filled("privacy", "en", days=90, hours=2)


def test_a_brace_in_a_text_the_bot_does_not_fill_is_text(kb: Path) -> None:
    edit(kb, "ui.yaml", "ru: 'help ru'", "ru: 'help {ru}'")
    assert load_knowledge_base(kb).text("help", "ru") == "help {ru}"


# topics.yaml


def test_topic_without_entries(kb: Path) -> None:
    edit(kb, FRAMEWORK, "topic: framework", "topic: iom")
    expect(kb, "topics.yaml", "id: framework", None, "topic 'framework' has no entries")


def test_duplicate_topic_and_topic_problems(kb: Path) -> None:
    topics = kb / "topics.yaml"
    topics.write_text(
        topics.read_text(encoding="utf-8") + "- id: iom\n  title: {en: Again, ru: Снова}\n  icon: x\n",
        encoding="utf-8",
    )
    last = line(kb, "topics.yaml", "id: iom", nth=2)
    assert problems(kb) == [
        Problem("kb/topics.yaml", last, None, "topic id 'iom' is already used on line 1"),
        Problem("kb/topics.yaml", last + 1, None, "title has no 'ky' language"),
        Problem("kb/topics.yaml", last + 2, None, "unknown field 'icon' (known: id, title)"),
    ]


def test_topic_missing_title(kb: Path) -> None:
    edit(kb, "topics.yaml", "- id: framework\n  title:", "- id: framework\n  titles:")
    assert problems(kb) == [
        at(kb, "topics.yaml", "id: framework", None, "required field 'title' is missing"),
        at(kb, "topics.yaml", "titles:", None, "unknown field 'titles'; did you mean 'title'?"),
    ]


# All at once, and nothing half-loaded


def test_every_problem_is_reported_in_one_run_in_file_order(kb: Path) -> None:
    edit(kb, IOM, "  answer:\n    en: IOM was", "  anwser:\n    en: IOM was")
    edit(kb, FRAMEWORK, "topic: smalltalk", "topic: smaltalk")
    edit(kb, "ui.yaml", "en: '<b>help</b> en'", "en: '<br>help'")
    edit(kb, "topics.yaml", "    ky: ЭМУ жөнүндө\n", "")
    found = problems(kb)
    assert [(problem.file, problem.message.split(";")[0]) for problem in found] == [
        (f"kb/{IOM}", "required field 'answer' is missing"),
        (f"kb/{IOM}", "unknown field 'anwser'"),
        (f"kb/{FRAMEWORK}", "topic 'smaltalk' is not in topics.yaml"),
        ("kb/topics.yaml", "title has no 'ky' language"),
        ("kb/ui.yaml", "help (en): unsupported tag <br> at character 1 (start a new line instead)"),
    ]
    assert found == sorted(found, key=lambda problem: (problem.file, problem.line))


def test_one_broken_file_means_no_knowledge_base(kb: Path) -> None:
    (kb / "entries" / "30_more.yaml").write_text("- id: [broken\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as raised:
        load_knowledge_base(kb)
    assert len(raised.value.problems) == 1
    assert raised.value.problems[0].file == "kb/entries/30_more.yaml"
    assert str(raised.value) == str(raised.value.problems[0])


# The shipped knowledge base


@pytest.mark.skipif(not any(SHIPPED_ENTRIES.glob("*.yaml")), reason="the shipped entries are not written yet")
def test_shipped_knowledge_base_loads_cleanly() -> None:
    base = load_knowledge_base()
    assert base.entries
    assert all(topic.entry_ids for topic in base.topics)


def test_lists_must_name_other_existing_entries(kb: Path) -> None:
    edit(kb, IOM, "related: [iom_founded, cf_years]", "related: [iom_founded, cf_years]\n  lists: [iom_foundd]")
    expect(
        kb,
        IOM,
        "lists: [iom_foundd]",
        "iom_members",
        "lists entry 'iom_foundd' does not exist; did you mean 'iom_founded'?",
    )


def test_an_item_belongs_to_one_list(kb: Path) -> None:
    edit(kb, IOM, "related: [iom_founded, cf_years]", "related: [iom_founded, cf_years]\n  lists: [iom_founded]")
    edit(
        kb,
        FRAMEWORK,
        "topic: framework",
        "topic: framework\n  lists: [iom_founded]",
    )
    found = problems(kb)
    assert len(found) == 1 and found[0].message == "'iom_founded' is already an item of 'iom_members'", found


def test_a_question_variant_cannot_be_a_command(kb: Path) -> None:
    edit(kb, IOM, "- IOM membership", '- "/members: how many?"')
    expect(kb, IOM, "/members", "iom_members", "question '/members: how many?' (en) starts with '/': a command")


def test_a_question_variant_needs_a_word_to_match(kb: Path) -> None:
    edit(kb, IOM, "- IOM membership", '- "Is it so, then?"')
    message = "question 'Is it so, then?' (en) has only words the matcher ignores; add what it asks about"
    expect(kb, IOM, "Is it so, then?", "iom_members", message)


def test_an_entries_file_that_is_a_folder_is_a_problem_not_a_crash(kb: Path) -> None:
    (kb / "entries" / "99_more.yaml").mkdir()
    assert Problem("kb/entries/99_more.yaml", 0, None, "is a folder, not a file: rename or move it") in problems(kb)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    file=st.sampled_from(["entries/10_iom.yaml", "topics.yaml", "ui.yaml"]),
    at=st.floats(min_value=0.0, max_value=1.0),
    cut=st.integers(min_value=0, max_value=40),
    junk=st.text(max_size=12),
)
def test_a_corrupted_file_is_a_list_of_problems_never_a_crash(
    tmp_path_factory: pytest.TempPathFactory, file: str, at: float, cut: int, junk: str
) -> None:
    """Any edit a curator's slip could make — text cut out, stray characters typed in — gives either a valid
    knowledge base or KnowledgeBaseError with its problems, never another exception."""
    root = tmp_path_factory.mktemp("kb")
    shutil.copytree(VALID_KB, root, dirs_exist_ok=True)
    path = root / file
    text = path.read_text(encoding="utf-8")
    start = int(at * len(text))
    path.write_text(text[:start] + junk + text[start + cut :], encoding="utf-8")
    try:
        load_knowledge_base(root)
    except KnowledgeBaseError as error:
        assert error.problems and all(str(problem) for problem in error.problems)


def test_an_entry_claims_only_a_command_answered_by_an_entry(kb: Path) -> None:
    """/help is answered with an interface text (knowledge/kb/commands.py): an entry claiming it would never be
    shown, so the knowledge base says so rather than leave the curator wondering."""
    edit(kb, FRAMEWORK, "commands: [framework]", "commands: [help]")
    message = "command 'help' is not one an entry answers (priorities, about, framework)"
    expect(kb, FRAMEWORK, "commands:", "cf_years", message)


def test_near_misses_are_read_per_language(kb: Path) -> None:
    edit(
        kb,
        IOM,
        '  related: [iom_members]\n  source: "since 1951"',
        (
            '  related: [iom_members]\n  near_misses:\n    en: ["Who founded IOM?"]\n    ru: ["Кто основал МОМ?"]\n'
            '  source: "since 1951"'
        ),
    )
    founded = load_knowledge_base(kb).entries[0]
    assert founded.near_misses == {"en": ("Who founded IOM?",), "ru": ("Кто основал МОМ?",)}
    assert load_knowledge_base(kb).entries[1].near_misses == {}


def test_a_near_miss_that_is_a_question_of_an_entry_is_reported(kb: Path) -> None:
    edit(
        kb,
        IOM,
        '  related: [iom_members]\n  source: "since 1951"',
        (
            '  related: [iom_members]\n  near_misses:\n    en: ["How many members does IOM have?"]\n'
            '  source: "since 1951"'
        ),
    )
    message = (
        "near miss 'How many members does IOM have?' (en) is a question of entry 'iom_members' "
        f"(kb/{IOM}:{line(kb, IOM, 'id: iom_members')}), which answers it"
    )
    assert at(kb, IOM, 'en: ["How many members', "iom_founded", message) in problems(kb)
