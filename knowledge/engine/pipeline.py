"""The question-answering engine every front end shares (Telegram, console, CLI), so all give the same replies."""

from __future__ import annotations

import heapq
import html
import math
from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path

from knowledge.engine.bands import Thresholds
from knowledge.engine.reply import Candidate, Reply, TopicChoice
from knowledge.kb.load import load_knowledge_base
from knowledge.kb.model import LANGUAGES, Entry, KnowledgeBase
from knowledge.kb.telegram_html import html_to_text
from knowledge.matching.cues import folded_words
from knowledge.matching.index import EVIDENCE_SCALE, Index, Match, QueryWord
from knowledge.matching.lists import Lists
from knowledge.matching.names import AGENCIES_ABBREVIATED
from knowledge.text.clauses import Window, asking_parts, cut, described_part, is_asking_word, segment
from knowledge.text.detect import LanguageDetector
from knowledge.text.fold import abbreviate, is_cyrillic, is_stop_word, kyrgyz_fold, tokens

LONG_MESSAGE_UNKNOWN_SCALE = 0.5
"""In a message of several clauses, unknown words are mostly the story around the question: they count half."""

MAX_RANKED_WINDOWS = 6
"""A long message's clause windows fully ranked, out of those with the best word coverage."""

ANSWERS_NAME_IN_PASSING = frozenset(f"@{agency}" for agency in AGENCIES_ABBREVIATED)
"""IOM and the UN: every answer may name them, so an answer naming them is no sign it is about them."""

ENTRY_COMMANDS = ("priorities", "about", "framework")
"""Commands answered by the entry that claims them in the knowledge base (its ``commands`` field)."""

MAX_RELATED = 3

THIN_PART = 2
"""The second part of a two-question message with at most this many words of its own (not question or stop
words) is read with the first part's words: "…, and who was represented?" asks about the first's subject."""
PART_EVIDENCE = 2.0
"""The informative weight of matched words (a rare word is about 3, "IOM" plus a question word about 2.7) a
part of a message needs to count as a question of its own: "tell me, …" or "айтып берчи, …" asks nothing."""

ONE_QUESTION_CHARS = 100
"""A message this short is one question, all of it asking: its unknown words are the question's own (in a
longer one they are mostly the story's)."""


class Engine:
    def __init__(self, kb: KnowledgeBase, thresholds: Thresholds | None = None) -> None:
        self.kb = kb
        self.thresholds = thresholds or Thresholds()
        self.languages: tuple[str, ...] = LANGUAGES
        self._index = Index(kb.entries)
        self._own_marks: dict[str, frozenset[str]] = {}
        self._words = kb.vocabulary
        self._lists = Lists(((entry.id, entry.lists) for entry in kb.entries if entry.lists), kb.vocabulary.list_words)
        self._detector = LanguageDetector(
            {lang: [q for entry in kb.entries for q in entry.questions.get(lang, ())] for lang in LANGUAGES}
        )

    @classmethod
    def load(cls, path: Path | None = None, thresholds: Thresholds | None = None) -> Engine:
        return cls(load_knowledge_base(path), thresholds)

    def language_of(self, text: str) -> str | None:
        """The language a text is written in, if it tells: the words after a command set the reply's language
        as a question's words do ("/help помогите" is answered in Russian)."""
        return self._detector.detect(text) if text.strip() else None

    def text(self, key: str, lang: str) -> str:
        return self.kb.text(key, lang)

    def ask(self, text: str, lang: str | None = None, default_lang: str = "en") -> Reply:
        """The reply to a free-text message; never raises, whatever the string."""
        query = text.strip()
        if query.startswith("/"):
            name, _, args = query[1:].partition(" ")
            args = args.strip()
            return self.command(name.split("@", 1)[0].lower(), args, lang or self.language_of(args) or default_lang)
        query, was_cut = cut(query)
        detected = self._detector.detect(query)
        reply_lang = self._language(lang or detected or default_lang)
        segments = segment(query)
        words_lang = detected or reply_lang
        translit = words_lang == "ru" and not any(is_cyrillic(word) for word in tokens(query))
        matches, votes, words = self._best_matches(segments.windows, words_lang, translit, segments.short)
        matches, listed = self._prefer_list(matches, words, segments.question, words_lang)
        # Only the question counts, not the story before it: a detail the page never gives ("her *nationality*")
        # where it asks. In a story, "after", "new" or "another" are the story's; in a short message they are
        # the point, as are the places, agencies and people named where it asks (not "my cousin works in Moscow"),
        # and the words the knowledge base never wrote.
        cues = self._words
        beside = cues.details.in_text(segments.question_clauses)
        unknown: tuple[str, ...] = ()
        named: frozenset[str] = frozenset()
        if segments.short:
            named = cues.names.in_text(segments.question_clauses)
            beside |= cues.contrast.in_text(segments.question) | named
        known = 0
        if len(query) <= ONE_QUESTION_CHARS:
            # the words of the clauses that ask: "my nephew got an *internship* offer, what is IOM?" asks no detail
            asked = self._index.analyse(segments.question_clauses, words_lang, translit)
            unknown = tuple(word.text for word in asked if not word.matches)
            known = len(asked) - len(unknown)
        reply = self._decide(query, matches, reply_lang, votes, beside, unknown, words_lang, known)
        if segments.short:
            reply = self._main_clause_answer(reply, segments.question, beside, words_lang, translit)
        if listed is not None and reply.status == "answer":
            reply = replace(reply, reason=f"{reply.reason}; {listed}")
        parts = asking_parts(segments.questions or segments.question)
        reply = self._both_answers(reply, parts, beside - named, reply_lang, words_lang, translit)
        if was_cut:
            notice = f"<i>{self.text('shortened', reply_lang)}</i>\n\n"
            return replace(reply, html=notice + reply.html)
        return reply

    def _main_clause_answer(
        self, reply: Reply, question: str, beside: frozenset[str], words_lang: str, translit: bool
    ) -> Reply:
        """``reply``, or the confident answer of the question without its relative clause when that is another
        entry ("Who chaired the session where the work plans got approved?" asks who chaired, not about the
        plans; ``segments.described_part``)."""
        main = described_part(question)
        if main is None:
            return reply
        one = self._part_reply(main, beside, reply.lang, words_lang, translit)
        if one is None or one.entry is None or (reply.entry is not None and one.entry.id == reply.entry.id):
            return reply
        return replace(one, query=reply.query, reason=f"{one.reason}; its relative clause only says which one")

    def _both_answers(
        self, reply: Reply, parts: Sequence[str], beside: frozenset[str], lang: str, words_lang: str, translit: bool
    ) -> Reply:
        """One reply with both answers when the message asks two things that each match an entry confidently
        ("Who co-chaired the meeting and what did it endorse?"); otherwise ``reply`` as it is. A detail or a
        contrast word the whole message asks (``beside``) holds back every part: its parts are read together. A
        place, agency or person holds back only the part naming it: "What is its highest governing body, and
        what did Japarov stress?" asks the second part about him, not the first."""
        if len(parts) < 2 or (reply.entry is not None and reply.entry.is_smalltalk):
            return reply
        answered: dict[str, Reply] = {}
        for n, part in enumerate(parts):
            one = self._part_reply(part, beside, lang, words_lang, translit)
            if n:
                # "When were the consultations held, and who was invited?": the second may ask about the first's
                # subject; read with the first's words (not its question words) it may fit another entry better
                # than alone ("who was invited" alone fits any entry naming people)
                subject = " ".join(word for word in tokens(parts[n - 1]) if not is_asking_word(word))
                # what it asks is something else than the first part did: that entry is left out of its ranking
                read_on = self._part_reply(f"{part} {subject}", beside, lang, words_lang, translit, set(answered))
                # a part of a word or two ("who was represented") leans on the first for its subject
                thin = len([w for w in tokens(part) if not is_asking_word(w) and not is_stop_word(w)]) <= THIN_PART
                if read_on is not None and (one is None or thin or read_on.score > one.score):
                    one = read_on
            if one is not None and one.entry is not None:
                answered.setdefault(one.entry.id, one)
                if len(answered) == 2:
                    break
        if len(answered) < 2:
            return reply
        first, second = list(answered.values())[:2]
        entries = [entry for one in (first, second) if (entry := one.entry) is not None]
        both = "\n\n".join(
            f"<b>{html.escape(entry.title[lang], quote=False)}</b>\n{entry.answer[lang]}" for entry in entries
        )
        why = f"two questions: {first.reason} | {second.reason}"
        return replace(first, query=reply.query, html=both, second=entries[-1], reason=why)

    def _part_reply(
        self,
        part: str,
        beside: frozenset[str],
        lang: str,
        words_lang: str,
        translit: bool,
        other_than: Collection[str] = (),
    ) -> Reply | None:
        """The answer to one part of a message asking two things, when it is confident on its own (and is not
        one of the entries ``other_than``)."""
        words = self._index.analyse(part, words_lang, translit)
        matches, _ = self._prefer_list(self._index.rank(words), words, part, words_lang)
        matches = [match for match in matches if match.entry_id not in other_than]
        if not matches or matches[0].weight < PART_EVIDENCE:
            return None
        cues = self._words
        asked_beside = beside | cues.details.in_text(part) | cues.contrast.in_text(part) | cues.names.in_text(part)
        unknown = tuple(word.text for word in words if not word.matches)
        one = self._decide(part, matches, lang, 1, asked_beside, unknown, words_lang)
        if one.status == "answer" and one.entry is not None and not one.entry.is_smalltalk:
            return one
        return None

    def _prefer_list(
        self, matches: list[Match], words: Sequence[QueryWord], question: str, lang: str
    ) -> tuple[list[Match], str | None]:
        """``matches`` with the list entry first when the question asks for the list its best item belongs to
        (``knowledge/matching/lists.py``), and a note saying so."""
        if not matches:
            return matches, None
        best = matches[0]
        analysed = [(kyrgyz_fold(word.text), frozenset(term for term, _ in word.matches)) for word in words]
        asked = [kyrgyz_fold(word) for word in tokens(abbreviate(question))]
        choice = self._lists.choose(best.entry_id, asked, analysed, lang, self._index.terms_of)
        if choice is None:
            return matches, None
        chosen = Match(choice.list_id, best.score, best.weight)
        note = f"the question asks for a list ('{choice.cue}') and names nothing of '{choice.item_id}' alone"
        # the items are parts of the answer now, not rivals to it
        listing = self.kb.entry(choice.list_id)
        items = {choice.list_id, *(listing.lists if listing else ())}
        return [chosen, *(m for m in matches if m.entry_id not in items)], note

    def command(self, name: str, args: str = "", lang: str = "en") -> Reply:
        """A bot command; an unknown one is read as a question, and gets a pointer to /help rather than an error
        when it is none the bot can answer."""
        lang = self._language(lang)
        query = f"/{name} {args}".strip()
        name = self._words.command_aliases.get(name, name)
        if name == "start":
            deep_link = self.entry_reply(args, lang) if args else None
            return deep_link or self._menu_reply(query, "greeting", lang)
        if name in ENTRY_COMMANDS:
            # the command names the subject its words ask about: "/framework info", "/about МОМ"
            asked = self.ask(f"{name} {args}", lang) if args else None
            if asked is not None and asked.status == "answer":
                return asked
            entry = self.kb.entry_for_command(name)
            if entry is not None:
                return replace(self._answer(query, entry, lang, 1.0, ()), reason=f"answer: the command /{name}")
        if name in ("help", "lang"):
            key = "help" if name == "help" else "lang_prompt"
            why = f"answer: the command /{name}"
            return Reply(query=query, status="answer", lang=lang, html=self.text(key, lang), reason=why)
        if name == "topics":
            return self._menu_reply(query, "topics", lang)
        # "/приоритеты", "/about_iom": a command the bot does not have may still name what it knows; read as a
        # question, never as another command ("/ / / …" would recurse)
        asked = self.ask(f"{name.replace('_', ' ')} {args}".lstrip("/ \t\n"), lang)
        if asked.status == "answer":
            return asked
        why = f"fallback: no command /{name[:32]}, nor a question the bot can answer"
        return Reply(query=query, status="fallback", lang=lang, html=self.text("unknown_command", lang), reason=why)

    def entry_reply(self, entry_id: str, lang: str) -> Reply | None:
        entry = self.kb.entry(entry_id)
        if entry is None:
            return None
        return replace(
            self._answer(entry_id, entry, self._language(lang), 1.0, ()), reason=f"answer: '{entry_id}' chosen"
        )

    def topic_reply(self, topic_id: str, lang: str) -> Reply | None:
        lang = self._language(lang)
        topic = next((topic for topic in self.kb.topics if topic.id == topic_id), None)
        if topic is None:
            return None
        header = f"<b>{html.escape(topic.title[lang])}</b>\n{self.text('topic_questions', lang)}"
        suggestions = tuple(self._candidate(entry_id, lang) for entry_id in topic.entry_ids)
        why = f"answer: the topic '{topic_id}'"
        return Reply(query=topic_id, status="answer", lang=lang, html=header, suggestions=suggestions, reason=why)

    def fallback_reply(
        self, lang: str, query: str = "", candidates: tuple[Candidate, ...] = (), reason: str = "fallback"
    ) -> Reply:
        lang = self._language(lang)
        reply = self._menu_reply(query, "fallback", lang)
        return replace(reply, status="fallback", candidates=candidates, reason=reason)

    def _best_matches(
        self, segments: Sequence[Window], lang: str, translit: bool, short: bool = True
    ) -> tuple[list[Match], int, Sequence[QueryWord]]:
        """Ranked matches of the clause window that matches best, how many windows put the same entry first
        (in a long message, agreement is evidence too), and that window's words. Windows overlapping an asking
        clause come first; the story around them is searched only when they match nothing plausible."""
        scale = 1.0 if len(segments) == 1 else LONG_MESSAGE_UNKNOWN_SCALE
        analysed = [(self._index.analyse(window.text, lang, translit), window.asks) for window in segments]
        asking = [pair for pair in analysed if pair[1]]
        if asking and len(asking) < len(segments):
            best, votes, words = self._best_window(asking, scale, short)
            if best and best[0].score >= self.thresholds.clarify:
                return best, votes, words
        return self._best_window(analysed, scale, short)

    def _best_window(
        self, analysed: Sequence[tuple[Sequence[QueryWord], bool]], scale: float, short: bool = True
    ) -> tuple[list[Match], int, Sequence[QueryWord]]:
        """The best-ranked of the windows (each with whether it asks). Small talk wins only if no window that
        asks holds a plausible question ("Hi, what are the priorities?" asks, "Thanks, that was useful" not);
        in a short message, one small talk would answer ("Hello, who's here?" is a greeting; a story's thanks
        is not its point)."""
        floor = self.thresholds.smalltalk if short else self.thresholds.clarify
        if len(analysed) > MAX_RANKED_WINDOWS:
            # Full ranking is the dear part: keep the windows whose word coverage promises most.
            analysed = heapq.nlargest(
                MAX_RANKED_WINDOWS, analysed, key=lambda pair: self._index.coverage_bound(pair[0], scale)
            )
        ranked = [(self._index.rank(words, unknown_scale=scale), words, asks) for words, asks in analysed]
        best, words, _ = max(ranked, key=lambda window: _window_strength(window[0]))
        if len(ranked) > 1 and best and self._is_smalltalk(best[0].entry_id):
            questions = [
                window
                for window in ranked
                if window[0]
                and window[2]
                and not self._is_smalltalk(window[0][0].entry_id)
                and window[0][0].score >= floor
            ]
            if questions:
                best, words, _ = max(questions, key=lambda window: _window_strength(window[0]))
        votes = sum(1 for matches, _, _ in ranked if matches and best and matches[0].entry_id == best[0].entry_id)
        return best, votes, words

    def _is_smalltalk(self, entry_id: str) -> bool:
        entry = self.kb.entry(entry_id)
        return entry is not None and entry.is_smalltalk

    def _decide(
        self,
        query: str,
        matches: Sequence[Match],
        lang: str,
        votes: int = 1,
        beside: frozenset[str] = frozenset(),
        unknown: tuple[str, ...] = (),
        question_lang: str | None = None,
        known: int = 0,
    ) -> Reply:
        """The three confidence bands: answer, clarify ("did you mean"), fallback, with the reason. A question
        asking for a detail ("her *nationality*"), or a short one with a contrast word ("the *next* meeting") or
        a place, agency or person ("in *Tajikistan*"), that its best entry (not small talk) never uses, or with
        ``Thresholds.unknown_words`` words the knowledge base never wrote, is not answered outright; with at least
        as many of those as of words it knows (``known``), it gets the fallback, not a "did you mean". The answer
        band starts where the question's language (``question_lang``, else the reply's) has it start."""
        limits = self.thresholds
        agreed = votes >= limits.agreeing_windows
        answer_at = limits.agreed_answer if agreed else limits.answer_for(question_lang or lang)
        candidates = tuple(self._candidate(m.entry_id, lang, m.score) for m in matches)
        if not matches:
            return self.fallback_reply(lang, query, candidates, "fallback: no word of the question is known")
        best = matches[0]
        if best.score < limits.clarify:
            why = f"fallback: best entry '{best.entry_id}' scores {best.score:.2f}, below {limits.clarify:.2f}"
            return self.fallback_reply(lang, query, candidates, why)
        runner_up = matches[1].score if len(matches) > 1 else 0.0
        entry = self.kb.entry(best.entry_id)
        smalltalk = entry is not None and entry.is_smalltalk
        if smalltalk:
            answer_at = min(answer_at, limits.smalltalk)
        # small talk states no fact to ask beside ("Кыргызча жооп бересиңби?" names a language, not a place)
        held = (
            ""
            if smalltalk or entry is None
            else _held_back(sorted(beside - self._marks_of(entry)), unknown, limits.unknown_words)
        )
        basis = "windows agree" if agreed else "small talk" if smalltalk else lang
        lead = best.score - runner_up
        if 0 < limits.clear_lead <= lead and limits.clear_lead_answer <= best.score < answer_at:
            answer_at, basis = limits.clear_lead_answer, "clear lead"
        if entry is not None and best.score >= answer_at and lead >= limits.margin and not held:
            band = f"{answer_at:.2f} ({basis})"
            why = f"answer: '{entry.id}' scores {best.score:.2f} >= {band}, {best.score - runner_up:.2f} ahead"
            return replace(self._answer(query, entry, lang, best.score, candidates), reason=why)
        close = tuple(
            candidate
            for candidate in candidates[: limits.max_candidates]
            if candidate.score >= max(limits.clarify, best.score - 2 * limits.margin - 0.1)
            and not self._is_smalltalk(candidate.entry_id)
        )
        if held:
            why = f"'{best.entry_id}' scores {best.score:.2f} but {held}"
        elif best.score < answer_at:
            why = f"'{best.entry_id}' scores {best.score:.2f}, below {answer_at:.2f}"
        else:
            why = f"'{best.entry_id}' leads '{matches[1].entry_id}' by {best.score - runner_up:.2f} only"
        if not close:  # "did you mean: Goodbye?" helps nobody
            return self.fallback_reply(lang, query, candidates, f"fallback: {why}; no entry worth offering")
        if len(unknown) >= limits.unknown_words and len(unknown) >= known:
            # the knowledge base knows less of the question than it does not: no entry could answer it
            why = f"fallback: {why}, and as many as the words it knows ({known})"
            return self.fallback_reply(lang, query, candidates, why)
        return Reply(
            query=query,
            status="clarify",
            lang=lang,
            html=self.text("clarify", lang),
            entry=entry,
            score=best.score,
            candidates=candidates,
            suggestions=close,
            reason=f"clarify: {why}",
        )

    def claimed_cues(self, entry: Entry) -> list[str]:
        """The contrast and detail cue words (``knowledge/data/vocabulary.yaml``) that ``entry``'s own phrasings
        use: a question using one of them is still answered by it (the co-chairs entry answers "the *second*
        co-chair"). ``validate`` lists them, so a curator sees what a new variant's "will" or "budget" allows."""
        return sorted(mark for mark in self._marks_of(entry) if not mark.startswith("@"))

    def _marks_of(self, entry: Entry) -> frozenset[str]:
        """The contrast words, details and names the entry's own phrasings use (asking with them asks about
        it), and the people, places and agencies its answer states: "SDGs deadline Grawe" asks the entry that
        quotes her, while "before" or "budget" in an answer is no sign that a question using it is answered, nor
        IOM or the UN, which answers name in passing ("IOM's page says…"). Worked out when the entry first comes
        out best, not for every entry at start-up."""
        marks = self._own_marks.get(entry.id)
        if marks is None:
            words = folded_words(abbreviate(text) for lang in LANGUAGES for text in entry.phrasings(lang))
            stated = folded_words(abbreviate(html_to_text(entry.answer[lang])) for lang in entry.answer)
            cues = self._words
            named = cues.names.in_words(words) | (cues.names.in_words(stated) - ANSWERS_NAME_IN_PASSING)
            marks = cues.contrast.in_words(words) | cues.details.in_words(words) | named
            self._own_marks[entry.id] = marks
        return marks

    def _answer(self, query: str, entry: Entry, lang: str, score: float, candidates: tuple[Candidate, ...]) -> Reply:
        related = tuple(self._candidate(entry_id, lang) for entry_id in entry.related[:MAX_RELATED])
        return Reply(
            query=query,
            status="answer",
            lang=lang,
            html=entry.answer[lang],
            entry=entry,
            score=score,
            candidates=candidates,
            suggestions=related,
        )

    def _menu_reply(self, query: str, key: str, lang: str) -> Reply:
        topics = tuple(TopicChoice(topic.id, topic.title[lang]) for topic in self.kb.topics)
        why = f"answer: the {key} menu"
        return Reply(query=query, status="answer", lang=lang, html=self.text(key, lang), topics=topics, reason=why)

    def _candidate(self, entry_id: str, lang: str, score: float = 0.0) -> Candidate:
        entry = self.kb.entry(entry_id)
        title = entry.title[lang] if entry is not None else entry_id
        return Candidate(entry_id=entry_id, title=title, score=round(score, 4))

    def _language(self, lang: str) -> str:
        return lang if lang in self.languages else "en"


def _held_back(beside: Sequence[str], unknown: Sequence[str], unknown_limit: int) -> str:
    """Why a question is not answered outright however well it matches, or "": it asks beside its best entry."""
    if beside:
        return f"asks about {', '.join(repr(mark) for mark in beside)}, which the entry never mentions"
    if len(unknown) >= unknown_limit:
        return f"has {len(unknown)} words the knowledge base never wrote ({', '.join(map(repr, unknown))})"
    return ""


def _window_strength(matches: Sequence[Match]) -> float:
    if not matches:
        return 0.0
    best = matches[0]
    return best.score * (1 - math.exp(-best.weight / EVIDENCE_SCALE))
