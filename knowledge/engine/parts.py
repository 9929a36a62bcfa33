"""Messages whose parts ask separately: two questions in one ("Who co-chaired the meeting and what did it
endorse?") get both answers in one reply, and an English relative clause only says which one is meant ("Who
chaired the session *where the work plans got approved*?" asks who chaired). ``knowledge/text/clauses.py``
finds the parts; each is answered only when it is confident on its own."""

from __future__ import annotations

import html
from collections.abc import Collection, Sequence
from dataclasses import replace

from knowledge.engine.decide import Decider
from knowledge.engine.reply import Reply
from knowledge.matching.index import Index
from knowledge.matching.lists import Lists
from knowledge.text.clauses import confirms, described_part, holds_pronoun, is_asking_word, own_words, points_back
from knowledge.text.fold import tokens

THIN_PART = 2
"""A part of a two-question message with at most this many words of its own (not question or stop words) leans
on another part's subject: "…, and who was represented?" asks about the first part's."""
PART_EVIDENCE = 2.0
"""The informative weight of matched words (a rare word is about 3, "IOM" plus a question word about 2.7) a
part of a message needs to count as a question of its own: "tell me, …" or "айтып берчи, …" asks nothing."""


class Parts:
    """Answers the parts of a message one by one, with the bands and hedges of the whole."""

    def __init__(self, index: Index, lists: Lists, decider: Decider) -> None:
        self._index = index
        self._lists = lists
        self._decider = decider

    def main_clause_answer(
        self, reply: Reply, question: str, cues_asked: frozenset[str], words_lang: str, translit: bool
    ) -> Reply:
        """``reply``, or the confident answer of the question without its relative clause when the whole is not
        already that answer ("Who chaired the session where the work plans got approved?" asks who chaired, not
        about the plans, whose words would otherwise blur it into a "did you mean"; ``clauses.described_part``)."""
        main = described_part(question)
        if main is None:
            return reply
        one = self._part_reply(main, cues_asked, reply.lang, words_lang, translit)
        if one is None or one.entry is None or (reply.status == "answer" and reply.entry == one.entry):
            return reply
        return replace(one, query=reply.query, reason=f"{one.reason}; its relative clause only says which one")

    def both_answers(
        self,
        reply: Reply,
        parts: Sequence[str],
        whole_cues: frozenset[str],
        lang: str,
        words_lang: str,
        translit: bool,
        lead_in: str = "",
    ) -> Reply:
        """One reply with both answers when the message asks two things that each match an entry confidently
        ("Who co-chaired the meeting and what did it endorse?"); otherwise ``reply`` as it is. A contrast word or
        a year the message asks (``whole_cues``) holds back every part: "the *next* meeting" or "in *2025*" is
        said once for all of them. A detail holds back only the part asking it, as a place, agency or person
        does: "Who co-chaired it, and what was it supposed to *achieve*?" asks the second part about an
        achievement, not the first; "What is its highest governing body, and what did *Japarov* stress?" asks the
        second part about him. A part of a question word alone is read with the subject of the part next to it, or
        else of ``lead_in``, the story's sentence before the question (``clauses.Segments.lead_in``); with a
        pronoun ("Какие они?"), with ``lead_in`` first; so is a first part with a pronoun that matches nothing alone
        ("…wants the priority areas. *Can you give me them?* And who…")."""
        if len(parts) < 2 or (reply.entry is not None and reply.entry.is_smalltalk):
            return reply
        answered: dict[str, Reply] = {}
        story = _subject(lead_in)
        in_parts = [self._cues_in(part) for part in parts]
        for n, part in enumerate(parts):
            others = frozenset().union(*(cues for m, cues in enumerate(in_parts) if m != n))
            cues_asked = whole_cues - (others - in_parts[n])
            one = self._part_reply(part, cues_asked, lang, words_lang, translit)
            # the subject a part may lean on: the part before it, or for the first the one after it; when that one
            # names none either ("Когда это было и кто участвовал?"), the story's sentence before the question
            neighbour = _subject(parts[n - 1] if n else parts[1])
            if not n and not own_words(part):
                # a question word alone asks about a subject named elsewhere (alone, "когда оно было" would fit any
                # date): with a pronoun, the one the story's sentence before the question names ("…найти главные
                # направления программы. *Какие они?* И ещё: …"); else the one the next part names
                if (points_back(part) or confirms(part)) and own_words(story):
                    one = self._part_reply(part, cues_asked, lang, words_lang, translit, (), story)
                else:
                    one = self._lean(part, neighbour, story, cues_asked, lang, words_lang, translit, ())
            elif not n and one is None and holds_pronoun(part) and own_words(story):
                # "…wants the priority areas listed. *Could you give me all of them?* And who…": what it asks for
                # is the story's
                one = self._part_reply(part, cues_asked, lang, words_lang, translit, (), story)
            elif n:
                # "When were the consultations held, and who was invited?": the second may ask about the first's
                # subject; read with the first's words (not its question words) it may fit another entry better
                # than alone ("who was invited" alone fits any entry naming people); what it asks is something
                # else than the first part did: that entry is left out of its ranking
                # (a question word alone may only say it again: "…в какой период? Подскажите, когда это было?")
                other_than = set(answered) if own_words(part) else set()
                read_on = self._lean(part, neighbour, story, cues_asked, lang, words_lang, translit, other_than)
                # a part of a word or two ("who was represented") leans on the first for its subject
                if read_on is not None and (one is None or _thin(part) or read_on.score > one.score):
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

    def _cues_in(self, part: str) -> frozenset[str]:
        """The details a part of a message asks."""
        return self._decider.replies.kb.vocabulary.details.in_text(part)

    def _lean(
        self,
        part: str,
        neighbour: str,
        story: str,
        cues_asked: frozenset[str],
        lang: str,
        words_lang: str,
        translit: bool,
        other_than: Collection[str],
    ) -> Reply | None:
        """``part`` read with its neighbour part's words (their cue words count, as the part's own), or when
        those are none, with the story's (its names and cue words are the story's, not the question's)."""
        if own_words(neighbour):
            return self._part_reply(f"{part} {neighbour}", cues_asked, lang, words_lang, translit, other_than)
        if not story.strip():
            return None
        return self._part_reply(part, cues_asked, lang, words_lang, translit, other_than, story)

    def _part_reply(
        self,
        part: str,
        cues_asked: frozenset[str],
        lang: str,
        words_lang: str,
        translit: bool,
        other_than: Collection[str] = (),
        context: str = "",
    ) -> Reply | None:
        """The answer to one part of a message asking two things, when it is confident on its own (and is not
        one of the entries ``other_than``); read with the words of ``context``, whose cue words do not count."""
        index = self._index
        read = f"{part} {context}" if context else part
        own = index.analyse(part, words_lang, translit)
        # the story's words the knowledge base never wrote are the story's own ("my *teacher* told me to find…"):
        # only those it knows can name what the part asks about
        told = index.analyse(context, words_lang, translit) if context else []
        words = [*own, *(word for word in told if word.matches)]
        matches, _ = self._lists.prefer(index.rank(words), words, read, words_lang, index.terms_of)
        matches = [match for match in matches if match.entry_id not in other_than]
        if not matches or matches[0].weight < PART_EVIDENCE:
            return None
        cues = self._decider.replies.kb.vocabulary
        cues_in_part = cues_asked | cues.details.in_text(part) | cues.contrast.in_text(part) | cues.names.in_text(part)
        unknown = tuple(word.text for word in own if not word.matches)
        one = self._decider.decide(part, matches, lang, 1, cues_in_part, unknown, words_lang)
        if one.status == "answer" and one.entry is not None and not one.entry.is_smalltalk:
            return one
        return None


def _thin(part: str) -> bool:
    """At most ``THIN_PART`` words of its own: it leans on another part's subject."""
    return len(own_words(part)) <= THIN_PART


def _subject(text: str) -> str:
    """A text's words without its question words and requests: what it is about."""
    return " ".join(word for word in tokens(text) if not is_asking_word(word))
