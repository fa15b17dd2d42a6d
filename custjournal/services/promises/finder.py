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
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from custjournal.domain.enums import Direction
from custjournal.domain.errors import ValidationError
from custjournal.services.promises import sentences
from custjournal.services.promises.dates import DateMention, find_dates
from custjournal.services.promises.people import Trigger, Vocabulary
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
    return found


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
        for body_start, body_end in _parts(text, trigger.body_start, seg_end, mentions):
            after = [d for d in mentions if body_start <= d.start < body_end]
            before = [d for d in mentions if seg_start <= d.start < trigger.subject_start]
            if body_start != trigger.body_start:
                before = []
            due = _pick_due(text, after, before, seg_start)
            if trigger.needs_date and due is None:
                continue
            matched_start = seg_start if body_start == trigger.body_start else body_start
            found.append(
                _finding(
                    clause,
                    trigger,
                    (matched_start, body_end),
                    (body_start, body_end),
                    due,
                    mentions,
                )  # fmt: skip
            )
    return found


_SPLIT = re.compile(r"(?:,\s*(?:and\s+|then\s+|and\s+then\s+)?|\s+and\s+(?:then\s+)?)(?=[a-z])")
_NOT_A_VERB = frozenset(
    "the a an this that these those my our their his her its some any all both to for with on "
    "in at by from of about before after until not also so which who i we they he she it you "
    "them us me as when while".split()
)


def _parts(text: str, start: int, end: int, mentions: list[DateMention]) -> list[tuple[int, int]]:
    """One promise per due: "start on Monday and deliver by 4 December" are two."""
    parts = [(start, end)]
    for m in _SPLIT.finditer(text, start, end):
        word = re.match(r"[a-z]+", text[m.end() : end])
        if not word or word.group() in _NOT_A_VERB:
            continue
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
    body: tuple[int, int],
    due: DateMention | None,
    mentions: list[DateMention],
) -> Finding:
    text = clause.text
    matched_text = text[matched[0] : matched[1]].strip(" ,;:-")
    lead = len(text[matched[0] : matched[1]]) - len(text[matched[0] : matched[1]].lstrip(" ,;:-"))
    start = clause.start + matched[0] + lead
    title = _title(text, body, trigger, mentions)
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


def _title(text: str, body: tuple[int, int], trigger: Trigger, mentions: list[DateMention]) -> str:
    pieces: list[str] = []
    cursor = body[0]
    for d in mentions:
        if body[0] <= d.start < body[1]:
            pieces.append(text[cursor : d.start])
            cursor = min(d.end, body[1])
    pieces.append(text[cursor : body[1]])
    title = " ".join(" ".join(pieces).split())
    title = _LEAD.sub("", title)
    if trigger.recipient_first:
        title = _RECIPIENT.sub("", title)
        if trigger.recipient:
            title = f"{title[len(trigger.recipient) :].strip()} for {trigger.recipient}"
    title = _TAIL.sub("", title).strip()
    return title[:117] + "..." if len(title) > 120 else title


def _key(direction: Direction, matched: str, due: datetime | None) -> str:
    """Stable across saves of the same note, so a dismissed suggestion stays dismissed."""
    words = " ".join(re.sub(r"[^\w']+", " ", matched.lower()).split())
    when = due.isoformat() if due else ""
    return hashlib.sha256(f"{direction.value}|{words}|{when}".encode()).hexdigest()[:20]
