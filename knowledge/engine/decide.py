"""The decision, with its reason: answer, clarify ("did you mean") or fall back.

The bands are ``knowledge/engine/bands.py``'s thresholds; the hedges are the rules that hold an answer back however
well the question matches: it asks a detail the page never gives ("her *nationality*"), a short question has a
contrast word ("the *next* meeting") or names a place, agency or person ("in *Tajikistan*") its best entry never
uses, or it has words the knowledge base never wrote. The cue words are ``knowledge/data/vocabulary.yaml``'s.
Every reply carries the sentence that says which band or hedge decided it (``ask --explain``, JSON ``reason``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from knowledge.engine.bands import Thresholds
from knowledge.engine.owned import ANSWERS_NAME_IN_PASSING, ANY, ANY_KIND, Owned
from knowledge.engine.reply import Replies, Reply
from knowledge.kb.model import Entry
from knowledge.matching.index import Match, NearMiss, content_words
from knowledge.matching.kinds import kinds_of
from knowledge.text.cues import years_in


class Decider:
    """The bands and hedges over one knowledge base, with the cue words each entry's own phrasings use."""

    def __init__(self, replies: Replies, thresholds: Thresholds, owned: Mapping[str, Owned]) -> None:
        self.replies = replies
        self.thresholds = thresholds
        self._owned = owned

    def with_thresholds(self, thresholds: Thresholds) -> Decider:
        """The same decisions at other bands (calibration, tests), sharing what was worked out."""
        return Decider(self.replies, thresholds, self._owned)

    def is_smalltalk(self, entry_id: str) -> bool:
        entry = self.replies.kb.entry(entry_id)
        return entry is not None and entry.is_smalltalk

    def decide(
        self,
        query: str,
        matches: Sequence[Match],
        lang: str,
        votes: int = 1,
        cues_asked: frozenset[str] = frozenset(),
        unknown: tuple[str, ...] = (),
        question_lang: str | None = None,
        known: int = 0,
        near: NearMiss | None = None,
    ) -> Reply:
        """The three confidence bands: answer, clarify ("did you mean"), fallback, with the reason. A question
        asking for a detail ("her *nationality*"), or a short one with a contrast word ("the *next* meeting") or
        a place, agency or person ("in *Tajikistan*"), that its best entry (not small talk) never uses, or with
        ``Thresholds.unknown_words`` words the knowledge base never wrote, is not answered outright; with at least
        as many of those as of words it knows (``known``), it gets the fallback, not a "did you mean". The answer
        band starts where the question's language (``question_lang``, else the reply's) has it start. A question
        matching a near miss (``near``: a question the knowledge base does not answer) at least as well as its
        best entry is not answered with it: it asks what the page does not say ("Where is Antje Grawe *from*?"
        beside who she is)."""
        limits = self.thresholds
        replies = self.replies
        agreed = votes >= limits.agreeing_windows
        answer_at = limits.agreed_answer if agreed else limits.answer_for(question_lang or lang)
        candidates = tuple(replies.candidate(m.entry_id, lang, m.score) for m in matches)
        if not matches:
            return replies.fallback(lang, query, candidates, "fallback: no word of the question is known")
        best = matches[0]
        if best.score < limits.clarify:
            why = f"fallback: best entry '{best.entry_id}' scores {best.score:.2f}, below {limits.clarify:.2f}"
            return replies.fallback(lang, query, candidates, why)
        runner_up = matches[1].score if len(matches) > 1 else 0.0
        entry = replies.kb.entry(best.entry_id)
        smalltalk = entry is not None and entry.is_smalltalk
        if smalltalk:
            answer_at = min(answer_at, limits.smalltalk)
        # small talk states no fact to ask beside ("Кыргызча жооп бересиңби?" names a language, not a place)
        held = (
            ""
            if smalltalk or entry is None
            else _held_back(
                sorted(cues_asked - self._claimed(entry, query)) if cues_asked else [], unknown, limits.unknown_words
            )
            or _near_miss(near, best.score)
        )
        basis = "windows agree" if agreed else "small talk" if smalltalk else lang
        lead = best.score - runner_up
        if 0 < limits.clear_lead <= lead and limits.clear_lead_answer <= best.score < answer_at:
            answer_at, basis = limits.clear_lead_answer, "clear lead"
        if entry is not None and best.score >= answer_at and lead >= limits.margin and not held:
            band = f"{answer_at:.2f} ({basis})"
            why = f"answer: '{entry.id}' scores {best.score:.2f} >= {band}, {best.score - runner_up:.2f} ahead"
            return replace(replies.answer(query, entry, lang, best.score, candidates), reason=why)
        # a person, place or agency the question names makes an entry naming it worth offering beside the best
        # ("зачем нужны рабочие планы по словам Жапарова": his remarks, though the work plans score higher)
        named = {cue for cue in cues_asked if cue.startswith("@")} - ANSWERS_NAME_IN_PASSING
        close = tuple(
            candidate
            for candidate in candidates[: limits.max_candidates]
            if (
                candidate.score >= max(limits.clarify, best.score - 2 * limits.margin - 0.1)
                or (candidate.score >= limits.clarify and named & self._names_of(candidate.entry_id))
            )
            and not self.is_smalltalk(candidate.entry_id)
        )
        if held:
            why = f"'{best.entry_id}' scores {best.score:.2f} but {held}"
        elif best.score < answer_at:
            why = f"'{best.entry_id}' scores {best.score:.2f}, below {answer_at:.2f}"
        else:
            why = f"'{best.entry_id}' leads '{matches[1].entry_id}' by {best.score - runner_up:.2f} only"
        if not close:  # "did you mean: Goodbye?" helps nobody
            return replies.fallback(lang, query, candidates, f"fallback: {why}; no entry worth offering")
        if len(unknown) >= limits.unknown_words and len(unknown) >= known:
            # the knowledge base knows less of the question than it does not: no entry could answer it
            why = f"fallback: {why}, and as many as the words it knows ({known})"
            return replies.fallback(lang, query, candidates, why)
        return Reply(
            query=query,
            status="clarify",
            lang=lang,
            html=replies.text("clarify", lang),
            entry=entry,
            score=best.score,
            candidates=candidates,
            offered=close,
            reason=f"clarify: {why}",
        )

    def _names_of(self, entry_id: str) -> frozenset[str]:
        """The cue words and names an entry's wordings and answer use (``own_cues``), by id."""
        entry = self.replies.kb.entry(entry_id)
        return self.own_cues(entry) if entry is not None else frozenset()

    def claimed_cues(self, entry: Entry) -> list[str]:
        """The contrast and detail cue words (``knowledge/data/vocabulary.yaml``) that ``entry``'s own phrasings
        use: a question using one of them is still answered by it (the co-chairs entry answers "the *second*
        co-chair"). ``validate`` lists them, so a curator sees what a new variant's "will" or "budget" allows."""
        return sorted(cue for cue in self.own_cues(entry) if not cue.startswith("@"))

    def _claimed(self, entry: Entry, query: str) -> frozenset[str]:
        """The cue words ``entry`` answers in ``query``: the names it states or is asked with, the years it states
        (and, asked yes or no of an entry telling a time, the asker's guess at its year: ``Owned.tells_time``),
        and the contrast and detail words of its phrasings that ask what the query asks (a time, a number…; a
        phrasing asking no kind claims its words for every kind): "When did IOM open its *office* here?" claims
        "office" for a question asking when, not for "How many people work at the IOM *office*?"."""
        owned = self._owned_by(entry)
        words = content_words(query)
        asked = kinds_of(words) or ANY_KIND
        claims = owned.claims
        yes_no = not kinds_of(words, nouns_alone=False)
        guessed = years_in(query) if owned.tells_time and yes_no else frozenset()
        return (
            owned.years
            | guessed
            | frozenset(
                cue
                for cue in owned.cues
                if cue not in claims or not claims[cue].isdisjoint(asked) or ANY in claims[cue] or ANY in asked
            )
        )

    def own_cues(self, entry: Entry) -> frozenset[str]:
        """The contrast words, details and names the entry's own phrasings use (asking with them asks about
        it), and the people, places and agencies its answer states: "SDGs deadline Grawe" asks the entry that
        quotes her, while "before" or "budget" in an answer is no sign that a question using it is answered, nor
        IOM or the UN, which answers name in passing ("IOM's page says…")."""
        return self._owned_by(entry).cues

    def _owned_by(self, entry: Entry) -> Owned:
        """What the entry's phrasings and answers say (``owned.py``), read with the index."""
        return self._owned[entry.id]


def _held_back(cues_asked: Sequence[str], unknown: Sequence[str], unknown_limit: int) -> str:
    """Why a question is not answered outright however well it matches, or "": it asks beside its best entry."""
    if cues_asked:
        cues = ", ".join(repr(cue) for cue in cues_asked)
        return f"asks about {cues}, which the entry never mentions in such a question"
    if len(unknown) >= unknown_limit:
        return f"has {len(unknown)} words the knowledge base never wrote ({', '.join(map(repr, unknown))})"
    return ""


def _near_miss(near: NearMiss | None, score: float) -> str:
    """Why a question is not answered with an entry when it matches a near miss as well as the entry, or ""."""
    if near is None or near.score < score:
        return ""
    closest = f"'{near.closest}' (a near miss of '{near.entry_id}')"
    return f"is as close ({near.score:.2f}) to what it does not answer: {closest}"
