"""The question-answering engine every front end shares (Telegram, console, CLI), so all give the same replies.

The pipeline of ``ask``, one step per line: a command goes to ``commands``; a question is cut to a sane length
and split into clause windows (``knowledge/text/clauses.py``), its language detected (``knowledge/text/detect.py``),
the best window ranked (``windows.py`` over ``knowledge/matching/``), a list preferred to its item
(``knowledge/matching/lists.py``), the cue words of its asking clauses read, the bands and hedges applied
(``decide.py``), and the parts of a message that asks two things answered each (``parts.py``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from knowledge.engine.bands import Thresholds
from knowledge.engine.cache import cached
from knowledge.engine.commands import Commands
from knowledge.engine.decide import Decider
from knowledge.engine.parts import Parts
from knowledge.engine.prepared import Prepared
from knowledge.engine.reply import Replies, Reply
from knowledge.engine.windows import LONG_MESSAGE_UNKNOWN_SCALE, best_matches
from knowledge.kb.commands import BY_NAME, parse_command
from knowledge.kb.load import load_knowledge_base
from knowledge.kb.model import Entry, KnowledgeBase
from knowledge.text.clauses import asking_parts, cut, segment, wanted_parts
from knowledge.text.cues import years_in
from knowledge.text.fold import is_cyrillic, tokens

ONE_QUESTION_CHARS = 100
"""A message this short is one question, all of it asking: its unknown words are the question's own (in a
longer one they are mostly the story's)."""
PLEA_SCORE = 0.30
"""Below this, a question after a story matches nothing: it is a plea ("Can you give me those?") for what the story
said is wanted."""


class Engine:
    def __init__(self, kb: KnowledgeBase, thresholds: Thresholds | None = None) -> None:
        self._start(Prepared.of(kb), thresholds or Thresholds())

    @classmethod
    def from_prepared(cls, prepared: Prepared, thresholds: Thresholds | None = None) -> Engine:
        """An engine over what was prepared before (read from the on-disk cache), deciding at ``thresholds``."""
        engine = object.__new__(cls)
        engine._start(prepared, thresholds or Thresholds())
        return engine

    def _start(self, prepared: Prepared, thresholds: Thresholds) -> None:
        self.kb = prepared.kb
        self.replies = Replies(prepared.kb)
        self.languages = self.replies.languages
        self._index = prepared.index
        self._lists = prepared.lists
        self._detector = prepared.detector
        self._commands = Commands(self.replies, self.ask)
        self._use(Decider(self.replies, thresholds, prepared.owned))

    def _use(self, decider: Decider) -> None:
        self._decider = decider
        self._parts = Parts(self._index, self._lists, decider)

    @classmethod
    def load(cls, path: Path | None = None, thresholds: Thresholds | None = None, cache: Path | None = None) -> Engine:
        """The engine over the knowledge base in ``path`` (default: the shipped one). With a ``cache`` folder, what
        was prepared for the same knowledge base and code before is read from it, and what is built is kept in
        it (``cache.py``): a restart skips the loading and the indexing."""
        if cache is None:
            return cls(load_knowledge_base(path), thresholds)
        return cls.from_prepared(cached(path, cache), thresholds)

    @property
    def thresholds(self) -> Thresholds:
        return self._decider.thresholds

    def with_thresholds(self, thresholds: Thresholds) -> Engine:
        """An engine over the same knowledge base and index deciding at other bands (calibration, tests): no
        tool changes the bands of an engine someone else uses."""
        other = object.__new__(Engine)
        other.__dict__.update(self.__dict__)
        other._commands = Commands(other.replies, other.ask)
        other._use(self._decider.with_thresholds(thresholds))
        return other

    def language_of(self, text: str) -> str | None:
        """The language a text is written in, if it tells: the words after a command set the reply's language
        as a question's words do ("/help помогите" is answered in Russian)."""
        return self._detector.detect(text) if text.strip() else None

    def reply_language(self, chosen: str | None, detected: str | None, default: str) -> str:
        """The one rule for the language of a reply: the user's choice (/lang), else the language of their words
        (a question, or the words after a command: "/help помогите"), else ``default`` (their app's)."""
        return self.replies.language(chosen or detected or default)

    def text(self, key: str, lang: str) -> str:
        return self.kb.text(key, lang)

    def ask(self, text: str, lang: str | None = None, default_lang: str = "en") -> Reply:
        """The reply to a free-text message; never raises, whatever the string. The reply's language is ``lang``
        (the user's choice) if given, else the message's own, else ``default_lang`` (their app's)."""
        command = parse_command(text)
        if command is not None:
            name = self.resolve_command(command.name)
            defined = BY_NAME.get(name)
            said = command.args if defined is None or defined.takes_words else ""
            return self.command(name, command.args, self.reply_language(lang, self.language_of(said), default_lang))
        query, was_cut = cut(text.strip())
        detected = self._detector.detect(query)
        reply_lang = self.reply_language(lang, detected, default_lang)
        segments = segment(query)
        words_lang = detected or reply_lang
        translit = _typed_in_latin(query, words_lang)
        matches, votes, words = best_matches(
            self._index,
            self._decider,
            segments.windows,
            words_lang,
            translit,
            segments.few_clauses,
            bool(segments.lead_in),
        )
        # whether it asks for a list or an item, and which, is the question's to say, not the story's before it ("I
        # need the priority areas *for a report*. Could you list them?": one item's variant has a report in its story)
        in_question = words
        if segments.question != query:
            question_words = {word.text for word in self._index.analyse(segments.question, words_lang, translit)}
            in_question = [word for word in words if word.text in question_words]
        matches, listed = self._lists.prefer(matches, in_question, segments.question, words_lang, self._index.terms_of)
        # Only the question counts, not the story before it: a detail the page never gives ("her *nationality*")
        # where it asks. In a story, "after", "new" or "another" are the story's; in a short message they are
        # the point, as are the places, agencies and people named where it asks (not "my cousin works in Moscow"),
        # and the words the knowledge base never wrote.
        cues = self.kb.vocabulary
        cues_asked = cues.details.in_text(segments.question_clauses)
        unknown: tuple[str, ...] = ()
        named: frozenset[str] = frozenset()
        if segments.few_clauses:
            named = cues.names.in_text(segments.question_clauses)
            cues_asked |= cues.contrast.in_text(segments.question) | named | years_in(segments.question)
        known = 0
        if len(query) <= ONE_QUESTION_CHARS:
            # the words of the clauses that ask: "my nephew got an *internship* offer, what is IOM?" asks no detail
            asked = self._index.analyse(segments.question_clauses, words_lang, translit)
            unknown = tuple(word.text for word in asked if not word.matches)
            known = len(asked) - len(unknown)
        scale = 1.0 if len(segments.windows) == 1 else LONG_MESSAGE_UNKNOWN_SCALE
        # small talk states no fact, so nothing beside it to hold it back (``Decider.decide``)
        asks_a_fact = bool(matches) and not self._decider.is_smalltalk(matches[0].entry_id)
        near = self._index.near_miss(words, matches[0].score, scale) if asks_a_fact else None
        reply = self._decider.decide(query, matches, reply_lang, votes, cues_asked, unknown, words_lang, known, near)
        if segments.few_clauses:
            reply = self._parts.main_clause_answer(reply, segments.question, cues_asked, words_lang, translit)
        if listed is not None and reply.status == "answer":
            reply = replace(reply, reason=f"{reply.reason}; {listed}")
        parts = asking_parts(segments.questions or segments.question)
        if len(parts) <= 1 and segments.lead_in and self._asks_nothing(segments.question, words_lang, translit):
            parts = wanted_parts(segments.lead_in)  # "…wants the date and the co-chairs. Can you give me those?"
        reply = self._parts.both_answers(
            reply, parts, cues_asked - named, reply_lang, words_lang, translit, segments.lead_in
        )
        if cues.synonyms.rewrite(query) != query:  # a curator sees which synonym made the difference
            reply = replace(reply, reason=f"{reply.reason}; read {', '.join(cues.synonyms.readings(query))}")
        if was_cut:
            notice = f"<i>{self.text('shortened', reply_lang)}</i>\n\n"
            return replace(reply, html=notice + reply.html)
        return reply

    def _asks_nothing(self, question: str, lang: str, translit: bool) -> bool:
        """A plea ("Can you give me those?", "Подскажете?"): the question matches nothing but small talk."""
        matches = self._index.rank(self._index.analyse(question, lang, translit))
        return not matches or self._decider.is_smalltalk(matches[0].entry_id) or matches[0].score < PLEA_SCORE

    def unknown_words(self, text: str) -> tuple[str, ...]:
        """The words of a message the knowledge base never wrote, nor a close spelling of (stop words aside): what
        a curator may add as a variant's word or a synonym (``/unanswered`` counts them)."""
        query, _ = cut(text.strip())
        lang = self._detector.detect(query) or "en"
        translit = _typed_in_latin(query, lang)
        return tuple(word.text for word in self._index.analyse(query, lang, translit) if not word.matches)

    def resolve_command(self, name: str) -> str:
        """The command an alias stands for ("/язык" is /lang), or ``name`` itself."""
        return self._commands.resolve(name)

    def command(self, name: str, args: str = "", lang: str = "en") -> Reply:
        """A bot command (``knowledge/engine/commands.py``)."""
        return self._commands.answer(name, args, lang)

    def entry_reply(self, entry_id: str, lang: str) -> Reply | None:
        return self.replies.entry(entry_id, lang)

    def topic_reply(self, topic_id: str, lang: str) -> Reply | None:
        return self.replies.topic(topic_id, lang)

    def fallback_reply(self, lang: str, query: str = "") -> Reply:
        """The honest "I don't know" with the topics ("none of these" pressed under a "did you mean")."""
        return self.replies.fallback(lang, query)

    def claimed_cues(self, entry: Entry) -> list[str]:
        """The cue words ``entry``'s own phrasings use (``decide.Decider.claimed_cues``), listed by ``validate``."""
        return self._decider.claimed_cues(entry)


def _typed_in_latin(query: str, lang: str) -> bool:
    """Russian typed in Latin letters: read back in Cyrillic before matching (``knowledge/text/translit.py``)."""
    return lang == "ru" and not any(is_cyrillic(word) for word in tokens(query))
