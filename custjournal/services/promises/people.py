"""Who is speaking in a note: the Trigger record, contact names, and people words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from custjournal.domain.enums import Direction


@dataclass(frozen=True, slots=True)
class Trigger:
    subject_start: int  # where the promiser is named (or the trigger starts when unnamed)
    start: int
    end: int
    body_start: int  # where what was promised starts
    direction: Direction
    who: str
    needs_date: bool  # "Anna is sending the logs" is only a promise with a time attached
    recipient_first: bool  # "promised Maria the agenda": the object follows a recipient
    recipient: str


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Names the finder recognises as people: the customer's contacts, and their first names."""

    names: re.Pattern[str] | None
    canonical: dict[str, str]

    @staticmethod
    @lru_cache(maxsize=64)
    def for_contacts(contacts: tuple[str, ...]) -> Vocabulary:
        canonical: dict[str, str] = {}
        for name in contacts:
            name = " ".join(name.split())
            if not name:
                continue
            canonical.setdefault(name, name)
            parts = [p for p in name.split() if p.rstrip(".").lower() not in TITLES]
            if len(parts) > 1:
                canonical.setdefault(parts[0], name)  # "Pekka" for "Pekka Virtanen"
        if not canonical:
            return Vocabulary(None, {})
        alternation = "|".join(re.escape(n) for n in sorted(canonical, key=len, reverse=True))
        return Vocabulary(re.compile(rf"\b(?:{alternation})\b"), canonical)


TITLES = frozenset({"mr", "mrs", "ms", "dr", "prof"})
GENERIC_NAME = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?\b[A-Z\u00c0-\u00de][a-z\u00e0-\u00ff'-]+"
    r"(?:\s+[A-Z\u00c0-\u00de][a-z\u00e0-\u00ff'-]+)?"
)
NOT_NAMES = frozenset(
    "i it this that there these those they we he she which what who when then also and but so "
    "maybe perhaps hopefully probably nobody everyone someone everything nothing today tomorrow "
    "next finally yes no ok okay action todo note the go-live golive friday monday tuesday "
    "wednesday thursday saturday sunday january february march april may june july august "
    "september october november december yesterday once unless since after before".split()
)
PEOPLE = frozenset(
    "customer customers client clients cto cfo ceo coo cio ciso it team teams board legal finance "
    "procurement ops operations hr manager managers director directors lead head architect "
    "architects engineer engineers developer developers dev devs admin admins sponsor owner "
    "department dept side office contact staff boss pm chair secretary assistant accountant "
    "lawyer lawyers colleagues colleague partner management support officer officers consultant "
    "consultants analyst analysts specialist specialists expert experts rep representative "
    "unit group committee council leadership exec execs "
    "executives purchasing accounting marketing sales security".split()
)
# Promisers only as "their vendor": "the vendor will ship" is a third party, not the customer.
THIRD_PARTIES = frozenset("vendor vendors supplier suppliers provider contractor".split())
# Capitalised words that open a note line without being a name ("Get to know them").
NOT_LINE_NAMES = frozenset(
    "get better best need needs want have has had try going go remember ask tell make keep time "
    "plan decide hard easy nice good important worth reminder back talk speak listen learn agree "
    "agreed promise promised happy sorry able unable due first only just still always now easier "
    "difficult impossible hoping trying planning how why what where good great fine up down out "
    "remember explain offer help".split()
)


def skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def _trimmed(m: re.Match[str]) -> tuple[int, str] | None:
    """A capitalised run minus leading words that are not names ("Yesterday Anna" -> "Anna")."""
    words = m.group().split()
    offset = 0
    while words and (words[0].lower() in NOT_NAMES or _verb_like(words[0])):
        offset = m.group().index(words[1], offset) if len(words) > 1 else len(m.group())
        words = words[1:]
    if not words or any(w.lower() in NOT_NAMES or _verb_like(w) for w in words):
        return None
    return m.start() + offset, " ".join(words)


def _verb_like(word: str) -> bool:
    return word.endswith(("ed", "'s")) or word.lower() in _NOTE_VERBS


_NOTE_VERBS = frozenset(
    "told said met spoke wrote rang sent got in on at with for from by as per".split()
)


def name_at(text: str, at: int, vocabulary: Vocabulary) -> str | None:
    if vocabulary.names is not None and (m := vocabulary.names.match(text, at)):
        return m.group()
    m = GENERIC_NAME.match(text, at)
    found = _trimmed(m) if m else None
    return found[1] if found and found[0] == at else None


def name_before(tail: str, vocabulary: Vocabulary) -> tuple[int, str] | None:
    stripped = tail.rstrip()
    if vocabulary.names is not None:
        for m in vocabulary.names.finditer(stripped):
            if m.end() == len(stripped):
                return m.start(), vocabulary.canonical[m.group()]
    for m in GENERIC_NAME.finditer(stripped):
        if m.end() == len(stripped):
            return _trimmed(m)
    return None


def last_name(tail: str, vocabulary: Vocabulary) -> str | None:
    if vocabulary.names is not None:
        found = list(vocabulary.names.finditer(tail))
        if found:
            return vocabulary.canonical[found[-1].group()]
    names = [t[1] for m in GENERIC_NAME.finditer(tail) if (t := _trimmed(m))]
    return names[-1] if names else None


def simple(start: int, end: int, body: int, direction: Direction, who: str) -> Trigger:
    return Trigger(start, start, end, body, direction, who, False, False, "")


def shift(t: Trigger, by: int) -> Trigger:
    return Trigger(
        t.subject_start + by, t.start + by, t.end + by, t.body_start + by, t.direction, t.who,
        t.needs_date, t.recipient_first, t.recipient,
    )  # fmt: skip
