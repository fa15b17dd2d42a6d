"""Finding promises in a note, both ways, by explainable English rules (no model, no network).

`find_promises(text, written_at=..., tz=...)` returns what a careful reader would offer to
track: who promised (me/us or the customer's side), what, and by when. Not findings:
negations ("we won't"), questions, promises already kept ("sent it yesterday as promised"),
hedges ("they might"), requests not yet agreed ("asked Anna to send") and conditionals
("if they sign, we'll start": nothing is owed until the condition holds, and the user adds it
then); "once"/"when"/"unless" clauses are findings, the promise is given.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from custjournal.domain.enums import Direction
from custjournal.domain.errors import ValidationError
from custjournal.services.promises import sentences
from custjournal.services.promises.dates import DateMention, find_dates
from custjournal.services.promises.people import Trigger, Vocabulary, name_at
from custjournal.services.promises.triggers import find_triggers


@dataclass(frozen=True, slots=True)
class Finding:
    """One suggested commitment, with the words it came from so the user sees why."""

    direction: Direction
    who: str
    title: str
    due: datetime | None
    due_text: str
    matched: str
    span: tuple[int, int]
    trigger: str
    key: str


def find_promises(
    text: str, *, written_at: datetime, tz: ZoneInfo, contacts: Sequence[str] = ()
) -> list[Finding]:
    """The promises in a note written at `written_at`, dates read in the customer's zone `tz`."""
    if written_at.tzinfo is None or written_at.utcoffset() is None:
        raise ValidationError("written_at", "needs a zone (an aware date and time)")
    vocabulary = Vocabulary.for_contacts(tuple(contacts))
    cleaned = sentences.clean(text)
    found: list[Finding] = []
    for clause in sentences.clauses(cleaned):
        if clause.question or sentences.KEPT.search(clause.text):
            continue
        if sentences.CONDITION.search(clause.text):
            continue
        found.extend(_clause_findings(clause, vocabulary, written_at, tz))
    # Show the note's own characters (curly quotes and all); the key keeps the cleaned words.
    return [replace(f, matched=text[f.span[0] : f.span[1]]) for f in found]


def _clause_findings(
    clause: sentences.Clause, vocabulary: Vocabulary, written_at: datetime, tz: ZoneInfo
) -> list[Finding]:
    text = clause.text
    triggers = find_triggers(text, vocabulary)
    if not triggers:
        return []
    mentions = find_dates(text, written_at=written_at, tz=tz)
    found: list[Finding] = []
    for index, trigger in enumerate(triggers):
        seg_start = 0 if index == 0 else trigger.subject_start
        seg_end = triggers[index + 1].subject_start if index + 1 < len(triggers) else len(text)
        lead = ""
        for body_start, body_end in _parts(text, trigger.body_start, seg_end, mentions):
            first = body_start == trigger.body_start
            after = [d for d in mentions if body_start <= d.start < body_end]
            before = [d for d in mentions if seg_start <= d.start < trigger.subject_start]
            due = _pick_due(text, after, before if first else [], seg_start)
            title = _title(text, (body_start, body_end), trigger, mentions, vocabulary, lead)
            if first:
                lead = title.split(" ", 1)[0] if " " in title else ""
            if trigger.needs_date and due is None:
                continue
            matched = (seg_start if first else body_start, body_end)
            found.append(_finding(clause, trigger, matched, title, due))
    return found


_SPLIT = re.compile(r",\s*(?:and\s+(?:then\s+)?|then\s+)?|\s+and\s+(?:then\s+)?")
# After "and" these start a clause of their own or a detail, never a second promise.
_NO_SPLIT = frozenset(
    "to for with on in at by from of about before after until not also so which who i we they "
    "he she it you them us me as when while if because since but or and then".split()
)


def _parts(text: str, start: int, end: int, mentions: list[DateMention]) -> list[tuple[int, int]]:
    """One promise per due: "start on Monday and deliver by 4 December" are two, and so are
    "a call on Monday, and Liisa a demo on Thursday"."""
    parts = [(start, end)]
    for m in _SPLIT.finditer(text, start, end):
        word = re.match(r"[\w'-]+", text[m.end() : end])
        if not word or word.group().lower() in _NO_SPLIT:
            continue
        if any(d.start < m.start() < d.end or d.start == m.end() for d in mentions):
            continue  # "by Friday, 20 November" is one date; "Monday and Tuesday" one span
        left_start = parts[-1][0]
        if _dated(mentions, left_start, m.start()) and _dated(mentions, m.end(), end):
            parts[-1] = (left_start, m.start())
            parts.append((m.end(), end))
    return parts


def _dated(mentions: list[DateMention], start: int, end: int) -> bool:
    return any(start <= d.start < end and d.due is not None for d in mentions)


def _pick_due(
    text: str, after: list[DateMention], before: list[DateMention], seg_start: int
) -> DateMention | None:
    dated = [d for d in after if d.due is not None]
    if dated:
        # "send the agenda for Friday's workshop by Wednesday": a deadline word wins.
        return next((d for d in dated if d.deadline), dated[0])
    for d in before:
        # Only a date opening the clause ("On Friday I'll ...") belongs to a later promise;
        # "told them on Tuesday that I'd ..." is when it was said, not when it is due.
        lead = text[seg_start : d.start].strip(" ,-").lower()
        if d.due is not None and lead in ("", "and", "then", "so", "but"):
            return d
    return None


def _finding(
    clause: sentences.Clause,
    trigger: Trigger,
    matched: tuple[int, int],
    title: str,
    due: DateMention | None,
) -> Finding:
    text = clause.text
    raw = text[matched[0] : matched[1]]
    matched_text = raw.strip(" ,;:-")
    start = clause.start + matched[0] + len(raw) - len(raw.lstrip(" ,;:-"))
    due_at = due.due if due else None
    return Finding(
        direction=trigger.direction,
        who=trigger.who,
        title=title or matched_text,
        due=due_at,
        due_text=due.text if due else "",
        matched=matched_text,
        span=(start, start + len(matched_text)),
        trigger=text[trigger.subject_start : trigger.end].strip(),
        key=_key(trigger.direction, matched_text, due_at),
    )


_LEAD = re.compile(
    r"^(?:(?:to|try\s+to|be\s+able\s+to|also|then|still|definitely|certainly|gladly|just"
    r"|personally|make\s+sure\s+to|that)\s+)+",
    re.IGNORECASE,
)
_RECIPIENT = re.compile(r"^(?:them|him|her|us|me|you)\s+(?=\w)", re.IGNORECASE)
_TAIL = re.compile(
    r"(?:[\s,;:.!\-\u2013\u2014]+|\s+(?:and|then|but|so|at\s+the\s+latest|as\s+well|too"
    r"|anyway|as\s+agreed))+$",
    re.IGNORECASE,
)


_DETERMINER = re.compile(r"^(?:the|a|an|my|our|their|his|her|some|its|this|that)\b", re.I)
_ASIDE = re.compile(
    r",\s*(?:not|as|which|since|because|but|like|rather|instead|i|we)\b.*$", re.IGNORECASE
)
_AUX_FIRST = re.compile(r"^(?:is|are|was|were|has|have|had)\b", re.IGNORECASE)


def _title(
    text: str,
    body: tuple[int, int],
    trigger: Trigger,
    mentions: list[DateMention],
    vocabulary: Vocabulary,
    lead: str,
) -> str:
    """What was promised, without its date: "send the revised quote"."""
    title = _without_dates(text, body, mentions)
    if _AUX_FIRST.match(title):  # "the training we promised for 30 November is confirmed"
        title = _without_dates(text, (0, body[1]), mentions)
    title = _ASIDE.sub("", _LEAD.sub("", title))
    title = re.sub(r"^be\s+(?=\w+ing\b)", "", title, flags=re.IGNORECASE)
    later = body[0] != trigger.body_start
    if trigger.recipient_first:
        title = _RECIPIENT.sub("", title)
        recipient = name_at(title, 0, vocabulary) if later else trigger.recipient
        if recipient and title.startswith(recipient):
            title = f"{title[len(recipient) :].strip()} for {recipient}"
    elif later and lead and _DETERMINER.match(title):
        title = f"{lead} {title}"  # "... on the 19th and the real cutover on 2 January"
    title = _TAIL.sub("", title).strip()
    return title[:117] + "..." if len(title) > 120 else title


def _without_dates(text: str, span: tuple[int, int], mentions: list[DateMention]) -> str:
    pieces: list[str] = []
    cursor = span[0]
    for d in mentions:
        # Only dates that gave a due are dropped: "Friday's workshop" stays words.
        if span[0] <= d.start < span[1] and d.due is not None:
            pieces.append(text[cursor : d.start])
            cursor = min(d.end, span[1])
    pieces.append(text[cursor : span[1]])
    return re.sub(r"\s+([,;])", r"\1", " ".join(" ".join(pieces).split()))


def _key(direction: Direction, matched: str, due: datetime | None) -> str:
    """Stable across saves of the same note, so a dismissed suggestion stays dismissed."""
    words = " ".join(re.sub(r"[^\w']+", " ", matched.lower()).split())
    when = due.isoformat() if due else ""
    return hashlib.sha256(f"{direction.value}|{words}|{when}".encode()).hexdigest()[:20]
