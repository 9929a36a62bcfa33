"""Long messages: cut to a sane length, then split into the clause windows where a question may hide.

People put the story first and the question last ("I'm writing a term paper… Which role does IOM have?"):
a window that overlaps an asking clause (one with a question word or a request such as "tell me", or the
end of a sentence ending in "?") is where the question is, and the story around it is only context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.text.fold import is_stop_word, kyrgyz_fold, tokens
from knowledge.text.lexicon import (
    ASKING_WORDS,
    ENGLISH_ASKS_AFTER,
    ENGLISH_QUESTION_WORDS,
    ENGLISH_YES_NO_OPENERS,
    PRONOUNS,
    QUESTION_KINDS,
    QUESTION_WORDS,
    REQUESTS,
)

MAX_QUERY_CHARS = 1000
"""Longer messages are cut here (at a sentence end, else a word boundary) before matching, so a huge paste never
slows the engine."""

MAX_WINDOW = 3
"""A question spans at most this many consecutive clauses."""

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_CLAUSE_BREAK = re.compile(r"[.!?;:\n…]+|(?<!\d)[—–]|[—–](?!\d)|,\s+|\s-\s")
"""Clause ends; a dash between digits is a range ("2023–2027"), not a break."""

_KYRGYZ_YES_NO = re.compile(r"[а-яөүң]{3,}(?:бы|би|бу|бү)$")
"""A Kyrgyz verb with the yes/no question particle ("иштейби", "киреби", "болобу"): the clause asks, even
without a "?" (in the middle of "… иштейби жана качантан бери бар?")."""


@dataclass(frozen=True)
class Window:
    text: str
    asks: bool
    """It overlaps an asking clause."""


def cut(text: str) -> tuple[str, bool]:
    """The text limited to MAX_QUERY_CHARS, and whether anything was cut: at the last sentence end in the
    second half of the limit, else at a word boundary (a sentence cut in the middle is a fragment)."""
    if len(text) <= MAX_QUERY_CHARS:
        return text, False
    head = text[:MAX_QUERY_CHARS]
    ends = [match.end() for match in _SENTENCE_END.finditer(head)]
    if ends and ends[-1] > MAX_QUERY_CHARS // 2:
        return head[: ends[-1]].rstrip(), True
    space = head.rfind(" ")
    return (head[:space] if space > MAX_QUERY_CHARS // 2 else head), True


@dataclass(frozen=True)
class Segments:
    windows: list[Window]
    """The whole text when it is one clause; otherwise every run of up to MAX_WINDOW consecutive clauses."""
    few_clauses: bool
    """At most MAX_WINDOW clauses: one question, perhaps with a comma or two, not a story around one."""
    question: str
    """The sentences ending with "?" in a short message; otherwise the last sentence that asks (the story
    comes first, the question after it). The whole text when none does."""
    question_clauses: str
    """Only the clauses of those sentences that ask ("my cousin works in Moscow, he came back, what does IOM
    do here?" asks only in its last clause); the whole text when none does."""
    questions: str = ""
    """Where a message may ask two things: the question, or in a long message the last two sentences when
    both end with "?" or open with a request ("…we missed it. When were the consultations held? And who was
    invited?", "…Перечислите все направления. И ещё: какую группу возглавляет МОМ?")."""
    lead_in: str = ""
    """The sentence just before the question when it does not ask itself: what a question of a question word
    alone is about ("…the work plans were discussed with the public. *When was it* and who was invited?")."""


def segment(text: str) -> Segments:
    """The text's clause windows, whether it is short, and its question, from one pass over its clauses.

    A clause asks when it holds a question word or a request, or is the last clause (a relative one aside)
    of a sentence that ends with "?"."""
    clauses: list[tuple[str, bool]] = []
    seen: set[str] = set()
    asking: list[tuple[str, str]] = []  # each asking sentence, and its asking clauses
    marked: list[tuple[str, str]] = []  # those ending with "?"
    ends: list[str | None] = []  # each sentence, when it ends with "?"
    before: dict[str, str] = {}  # each asking sentence, and the sentence before it when that one does not ask
    previous = ""
    for sentence in _SENTENCE_END.split(text):
        if sentence.strip():
            ends.append(sentence.strip() if sentence.rstrip().endswith("?") or _requests(sentence) else None)
        parts = [part.strip() for part in _CLAUSE_BREAK.split(sentence) if part.strip()]
        # the "?" belongs to the last clause that is not a relative one ("…, на котором одобрили планы?")
        main = [n for n, part in enumerate(parts) if n == 0 or not _is_relative(part)]
        asked_last = main[-1] if main and sentence.rstrip().endswith("?") else -1
        flags = [
            n == asked_last or (_asks(part) and not (n and _is_conjunct(part)) and not _only_asking(part))
            for n, part in enumerate(parts)
        ]
        # a clause said again adds nothing: repeated, it must not outvote the rest ("tell me… tell me… tell me")
        said = [_reported(part) if _reports(parts, n, flags[n]) else part for n, part in enumerate(parts)]
        clauses += (
            (part, asks) for part, asks in zip(said, flags, strict=True) if part and part.casefold() not in seen
        )
        seen.update(part.casefold() for part in parts)
        if any(flags):
            asking.append((sentence.strip(), " ".join(part for part, asks in zip(parts, flags, strict=True) if asks)))
            before.setdefault(sentence.strip(), previous)
            if asked_last >= 0:
                marked.append(asking[-1])
            previous = ""
        elif sentence.strip():
            previous = sentence.strip()
    short = len(clauses) <= MAX_WINDOW
    # a short message's every "?" is a question of its own; otherwise the story comes first, the question last
    asking = marked if short and marked else asking[-1:]
    question = " ".join(sentence for sentence, _ in asking) or text
    last_two = [sentence for sentence in ends[-2:] if sentence is not None]
    questions = " ".join(last_two) if not short and len(last_two) == 2 else question
    clauses_asking = " ".join(part for _, part in asking) or text
    asked_first = last_two[0] if questions != question else (asking[0][0] if asking else "")
    lead_in = before.get(asked_first, "")
    return Segments(_windows(text, clauses), short, question, clauses_asking, questions, lead_in)


_PART_BREAK = re.compile(r"((?:,\s*|\s+)(?:and|а также|и|жана)\s+|[?;]+|,\s+|(?<=[.!])\s+)", re.IGNORECASE)
"""Where one question may end and another begin: "What is IOM, and since when is it here?", "Who co-chaired
the meeting and what did it endorse?", "Когда прошли консультации и кто в них участвовал?"."""


MARKED_PART_WORDS = 2
"""The words of their own (not question or stop words) that the clause ending a question and the clause before it
each need for the last to ask on its own: "What did she say about the SDGs and *the vulnerable people*?" asks
about them too, while in "Did Japarov and *Grawe* co-chair it?" "and" joins two names."""


def wanted_parts(story: str) -> list[str]:
    """The things a story's sentence says are wanted, when a plea after it asks for them ("My editor wants *the
    date of the meeting* and *the names of both co-chairs*. Can you give me those?"): its parts, each asking."""
    pieces = _PART_BREAK.split(story)
    return list(dict.fromkeys(part.strip() for part in pieces[::2] if own_words(part)))


def asking_parts(question: str) -> list[str]:
    """The parts of a question that ask on their own: two or more when a message asks two things at once. A
    request alone ("Tell me, …", "Объясните, пожалуйста, …") is no part: it asks about nothing, while a question
    word of a kind does, of a subject named elsewhere ("*Когда оно было* и что там одобрили?"); nor is a clause
    after a comma that describes the one before ("охарактеризовала то, *что* начинается", "заседание, *на
    котором* …")."""
    pieces = _with_content_clauses(_PART_BREAK.split(question))  # text, separator, text, separator, …
    unique: dict[str, str] = {}  # each part once ("…what does IOM do? …what does IOM do?"), in order
    request = ""  # a request and the words after it while commas go on: "Перечислите, пожалуйста, все направления"
    for n in range(0, len(pieces), 2):
        part, after_comma = pieces[n].strip(), n > 0 and pieces[n - 1].strip() == ","
        comma_next = n + 1 < len(pieces) and pieces[n + 1].strip() == ","
        requested = bool(request) and after_comma  # "Объясните, пожалуйста, *что это такое*": what it asks
        if request and after_comma and not _asks(part):
            request = f"{request} {part}"
            if comma_next:
                continue
            part, request = request, ""  # the request asks for what its clauses name
        elif _only_asking(part) and comma_next and (_requests(part) or _asks_a_kind(part)):
            # what it asks for follows: a clause that asks of its own takes it ("Tell me, what…"); a question word
            # goes on past an aside ("*Кого*, по её словам, *планы должны охватить*?")
            request = part
            continue
        else:
            if request and not _requests(request):
                unique.setdefault(request.casefold(), request)  # a question word before a question of its own
            request = ""
        if not part or (after_comma and not requested and (_is_conjunct(part) or _is_relative(part))):
            continue
        # a sentence ending with "?" asks, question word or not ("Это отдельная тема или нет? И как…?"), and so
        # does its last clause when it and the clause before it name enough of their own ("…about the SDGs and
        # reaching the most vulnerable?"), not when "and" joins two names ("Did Japarov and Grawe co-chair it?")
        whole = n == 0 or "?" in pieces[n - 1] or not pieces[n - 1].strip()  # a sentence of its own
        clause = n > 0 and all(len(own_words(text)) >= MARKED_PART_WORDS for text in (part, pieces[n - 2]))
        marked = (whole or clause) and n + 1 < len(pieces) and "?" in pieces[n + 1]
        asks = not _only_asking(part) or _asks_a_kind(part) or points_back(part) or (marked and confirms(part))
        if (marked or _asks(part)) and asks:
            unique.setdefault(part.casefold(), part)
    return list(unique.values())


def described_part(question: str) -> str | None:
    """The words before an English relative clause, when they ask on their own: "*Who chaired the session*
    where the work plans got approved?" (or "that approved them") asks who chaired; the clause after "where" only
    says which session, and its words ("work plans", "approved") must not outweigh "who". None when there is no
    such clause."""
    words = tokens(question)
    for n in range(2, len(words) - 1):
        after_a_noun = not is_stop_word(words[n - 1]) and not is_asking_word(words[n - 1])
        # "that" after a noun opens one too when the words before it ask of a kind: "What is the committee *that* is
        # the highest body?" needs its clause to say which committee, "*Who* led the meeting *that*…" does not
        that = words[n] == "that" and _asks_a_kind(" ".join(words[:n]))
        if (that or (words[n] in _RELATIVE_PRONOUNS and _is_english_relative(words, n))) and after_a_noun:
            head = words[:n]
            return " ".join(head) if any(word in ENGLISH_QUESTION_WORDS for word in head) else None
    return None


KINDED_QUESTION_WORDS = frozenset().union(*(QUESTION_WORDS[kind] for kind in QUESTION_KINDS))
"""The question words that ask for something of a kind, in every language (Kyrgyz letters folded)."""

_RELATIVE_PRONOUNS = frozenset({"where", "which", "who", "whom", "whose", "when"})
"""English question words that also open a relative clause after a noun ("the session *where*…"); "how many"
or "what year" never do."""


def _asks_a_kind(text: str) -> bool:
    """A question word asking for a time, a person, a number, a place or a reason ("когда", "who", "канча")."""
    return any(kyrgyz_fold(word) in KINDED_QUESTION_WORDS for word in tokens(text))


def own_words(text: str) -> list[str]:
    """A text's words that are not question words, requests or stop words: what it asks about."""
    return [word for word in tokens(text) if not is_asking_word(word) and not is_stop_word(word)]


def points_back(text: str) -> bool:
    """A question word with a pronoun ("Какие они?", "What was it?"): it asks about what was named before."""
    words = tokens(text)
    return any(is_asking_word(word) for word in words) and _holds_pronoun(words)


def confirms(text: str) -> bool:
    """Nothing of its own but a pronoun ("Is that true?", "Это правда?", "Бул чынбы?"): ending with "?", it asks
    whether what was said before it holds."""
    return not own_words(text) and _holds_pronoun(tokens(text))


def holds_pronoun(text: str) -> bool:
    """A pronoun among a text's words ("give me all of *them*"): what it asks about was named before it."""
    return _holds_pronoun(tokens(text))


def _holds_pronoun(words: tuple[str, ...]) -> bool:
    return any(kyrgyz_fold(word) in PRONOUNS for word in words)


def _only_asking(text: str) -> bool:
    """Nothing but question words, requests and stop words: "Tell me", "Объясните, пожалуйста"."""
    return not own_words(text)


def is_asking_word(word: str) -> bool:
    """A question word or a request ("how", "когда", "качан", "tell")."""
    return kyrgyz_fold(word) in ASKING_WORDS


def _windows(text: str, clauses: list[tuple[str, bool]]) -> list[Window]:
    if len(clauses) <= 1:
        return [Window(text, True)]
    runs = [
        Window(" ".join(clause for clause, _ in run), any(asks for _, asks in run))
        for size in range(1, MAX_WINDOW + 1)
        for start in range(len(clauses) - size + 1)
        for run in (clauses[start : start + size],)
    ]
    if len(clauses) > MAX_WINDOW:
        runs.append(Window(text, any(asks for _, asks in clauses)))
    return runs


def _requests(text: str) -> bool:
    """Opens with a request ("Перечислите, пожалуйста, …", "Please tell me …"): the sentence asks without "?"."""
    return any(kyrgyz_fold(word) in REQUESTS for word in tokens(text)[:2])


def _with_content_clauses(pieces: list[str]) -> list[str]:
    """The pieces of a question (text, separator, text, …) with the clause a Russian yes/no question asks about
    joined to it: "Правда ли, что МОМ входит в систему ООН, и кому она помогает?" asks whether IOM is in the UN
    system (a clause of "что" after a comma only reports elsewhere: "писали, что комитет встречался")."""
    joined = pieces[:1]
    for n in range(2, len(pieces), 2):
        before = tokens(joined[-1])
        if pieces[n - 1].strip() == "," and before and before[-1] == "ли" and _is_conjunct(pieces[n]):
            joined[-1] = f"{joined[-1]}, {pieces[n]}"
        else:
            joined += pieces[n - 1 : n + 1]
    return joined


def _is_relative(clause: str) -> bool:
    """Opened by a form of the Russian relative pronoun "который" ("которые…", "на котором…"): the clause
    describes something of the clause before it."""
    return any(word.startswith("котор") for word in tokens(clause)[:2])


def without_conjunctions(text: str) -> str:
    """A question variant without the Russian conjunction "что" ("Слышал, *что* заседание вели…, это так?"): it
    reports, and as a word it would ask for a thing as the question word "что" does (``knowledge/matching/kinds.py``),
    which it stays after a request or ending the question ("Подскажите, *что* такое МОМ?")."""
    if "," not in text:
        return text  # the conjunction follows a comma: most variants have none, and skip the splitting
    pieces = _CLAUSE_BREAK_KEPT.split(text)
    parts = [part.strip() for part in pieces[::2]]
    breaks = ["", *pieces[1::2]]  # the break before each part
    written = [n for n, part in enumerate(parts) if part]
    asked_last = written[-1] if written and text.rstrip().endswith("?") else -1
    kept = [
        _reported(part) if breaks[n].strip() == "," and _reports(parts, n, n == asked_last) else pieces[2 * n]
        for n, part in enumerate(parts)
    ]
    return "".join(piece for pair in zip(kept, [*pieces[1::2], ""], strict=True) for piece in pair)


_CLAUSE_BREAK_KEPT = re.compile(f"({_CLAUSE_BREAK.pattern})")


def _reports(parts: list[str], n: int, asks: bool) -> bool:
    """Whether clause ``n`` opens with the conjunction "что" after a comma: not a question of its own (``asks``)
    nor what a request before it asks ("Подскажите, что такое МОМ")."""
    return bool(n) and _is_conjunct(parts[n]) and not asks and not _only_asking(parts[n - 1])


def _reported(clause: str) -> str:
    """A clause of "что" without its conjunction: what it reports."""
    rest = clause.split(None, 1)
    return rest[1] if len(rest) > 1 else ""


def _is_conjunct(clause: str) -> bool:
    """Opened by the conjunction "что" after a comma ("писали, что комитет встречался"): it reports, it does
    not ask."""
    words = tokens(clause)
    return bool(words) and words[0] == "что"


def _asks(text: str) -> bool:
    words = tokens(text)
    return (
        text.rstrip().endswith("?")
        or (bool(words) and words[0] in ENGLISH_YES_NO_OPENERS)  # "Can IOM pay for…, and who…?"
        or any(kyrgyz_fold(word) in ASKING_WORDS and not _is_english_relative(words, n) for n, word in enumerate(words))
        or any(_KYRGYZ_YES_NO.match(word) for word in words)  # "…иштейби жана…"
    )


def _is_english_relative(words: tuple[str, ...], n: int) -> bool:
    """An English wh-word after a noun opens a relative clause ("a migrant *who* came back"); after a verb of
    asking or knowing ("tell me who", "I'd like to know what") or at the start, it asks."""
    return n > 1 and words[n] in ENGLISH_QUESTION_WORDS and words[n - 1] not in ENGLISH_ASKS_AFTER
