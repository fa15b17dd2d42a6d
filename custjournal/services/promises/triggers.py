"""The words that make a clause a promise ("I'll", "told Anna I'd", "they promised") and who
gave it."""

from __future__ import annotations

import re

from custjournal.domain.enums import Direction
from custjournal.services.promises import people
from custjournal.services.promises.note_lines import line_trigger
from custjournal.services.promises.people import Trigger, Vocabulary, name_at, skip_space
from custjournal.services.promises.sentences import DONE_BEFORE, HEDGE

_MODAL = r"(?P<modal>'ll|\bwill|\bshall|'d|\bwould)(?P<neg>\s+not\b|\s+never\b|n't\b)?"
_GOING = r"(?P<modal>(?:'m|'re|'s|\bam|\bare|\bis)(?P<neg>\s+not|n't)?\s+going\s+to|\bgonna)"
_PROG = (
    r"(?P<modal>'m|'re|'s|\bam|\bare|\bis)\s+(?=(?!going|thinking|hoping|wondering|considering"
    r"|looking|waiting|feeling|being|planning|expecting|asking|requesting|trying|struggling"
    r"|pushing|complaining|working\s+on\s+it)\w+ing\b)"
)
_PROMISED = (
    r"(?P<modal>\bpromised|\bpledged|\bvowed|\bguaranteed|\bundertook\s+to|\bcommitted\s+to"
    r"|\bagreed\s+to|\boffered\s+to|\bowes?)\b(?!\s+that\b)"
)
_PROMISE_NOW = r"(?:(?<=\bi )|(?<=\bwe ))(?P<modal>promise)\b(?!\s+that\b)"
_NEED = r"(?P<modal>\bneed\s+to|\bhave\s+to|\bmust|\bgot\s+to|\bgotta)\b"

_KINDS = (
    ("modal", re.compile(_MODAL, re.IGNORECASE)),
    ("going", re.compile(_GOING, re.IGNORECASE)),
    ("prog", re.compile(_PROG, re.IGNORECASE)),
    ("promised", re.compile(_PROMISED, re.IGNORECASE)),
    ("promised", re.compile(_PROMISE_NOW, re.IGNORECASE)),
    ("need", re.compile(_NEED, re.IGNORECASE)),
)
_ADVERBS = re.compile(
    r"\s*(?:(?:also|then|still|definitely|certainly|personally|gladly|just|both|all|each"
    r"|quickly|really|absolutely|surely|first|try\s+to|attempt\s+to|make\s+sure\s+to|be\s+able"
    r"\s+to|have\s+to|need\s+to)\s+)*(?P<verb>[\w-]+)(?P<rest>\s+\w+(?:\s+\w+)?)?",
    re.IGNORECASE,
)
_NOT_PROMISES = frozenset(
    "see think wonder like love prefer rather want hate need know wait consider happen become "
    "remain stay not never no probably maybe hopefully possibly perhaps likely guess suppose "
    "expect hope assume bet appreciate understand enjoy notice realise realize remember forget "
    "care mind feel find agree".split()
)
_BE_OK = re.compile(
    r"(?:\w+ing|in\s+touch|back|able|there|ready|on\s+site|onsite)\b", re.IGNORECASE
)
_PARTICIPLE = re.compile(
    r"(?:\w+ed|been|done|had|said|sent|told|given|made|got|gone|seen|heard|spoken|written|"
    r"already|forgotten|taken)$",
    re.IGNORECASE,
)
_REPORTING = re.compile(
    r"\b(?:said|says|say|told|tell|tells|promised|promise|agreed|assured|confirmed|mentioned"
    r"|wrote|replied|answered|insisted|e-?mailed|texted|messaged|indicated|explained|announced"
    r"|offered|guaranteed|committed|replied|responded|reassured|swore)\b",
    re.IGNORECASE,
)
_NEGATED_BEFORE = re.compile(
    r"(?:\b(?:not|never|no|didn't|did\s+not|hasn't|haven't|hadn't|don't|doesn't|wasn't|weren't)"
    r"|n't)\s*$",
    re.IGNORECASE,
)
_WH_BEFORE = re.compile(r"\b(?:when|whether|if|what|who|how|why|where)\s+\S+\s*$", re.IGNORECASE)
_SUBJECT_PRONOUN = re.compile(
    r"\b(?P<s>i|we|they|he|she|you|it|this|that|there)(?:'ve|'d)?\s*$", re.IGNORECASE
)
_SUBJECT_NP = re.compile(
    r"\b(?P<det>the|their|our|his|her|my)\s+(?P<np>(?:[\w&-]+\s+){0,3}?[\w&-]+)\s*$",
    re.IGNORECASE,
)
_UNNAMED = re.compile(
    r"(?:^|[,;:(]|\b(?:and|then|but|also|so|plus|todo|action))\s*$", re.IGNORECASE
)


def find_triggers(text: str, vocabulary: Vocabulary) -> list[Trigger]:
    """The promise triggers of one clause, left to right, none overlapping."""
    line = line_trigger(text, vocabulary, find_triggers)
    if line is not None:
        return line
    found: list[Trigger] = []
    previous: Trigger | None = None
    for kind, start, m in sorted(
        ((kind, m.start(), m) for kind, rx in _KINDS for m in rx.finditer(text)),
        key=lambda item: item[1],
    ):
        floor = previous.end if previous else 0
        if start < floor:
            continue
        trigger = _modal_trigger(kind, m, text, floor, previous, vocabulary)
        if trigger is not None and previous is not None and previous.recipient_first:
            between = text[previous.end : trigger.subject_start].strip(" ,")
            if re.fullmatch(r"(?:(?:that|them|him|her|us|me)\s*)?", between, re.IGNORECASE) or (
                between == previous.recipient
            ):
                found.pop()  # "promised Herr Schulz I would ...": the inner words say what
        if trigger is not None:
            found.append(trigger)
            previous = trigger
    return found


def _modal_trigger(
    kind: str,
    m: re.Match[str],
    text: str,
    floor: int,
    previous: Trigger | None,
    vocabulary: Vocabulary,
) -> Trigger | None:
    if m.groupdict().get("neg"):
        return None
    modal = m["modal"].lower()
    tail = text[floor : m.start()]
    if _NEGATED_BEFORE.search(tail) or _WH_BEFORE.search(tail):
        return None
    if HEDGE.search(text[floor : m.end()]):
        return None
    after = _ADVERBS.match(text, m.end())
    verb = after["verb"].lower() if after else ""
    rest = (after["rest"] or "").strip() if after else ""
    if kind in ("modal", "going"):
        if not after or verb in _NOT_PROMISES or HEDGE.fullmatch(verb):
            return None
        if verb == "be" and not _BE_OK.match(rest):
            return _passive(m, text, rest, vocabulary)
        if verb == "keep" and rest.lower().startswith(("an eye", "in mind")):
            return None
        reported = _REPORTING.search(text[: m.start()])
        if modal in ("'d", "would") and (_PARTICIPLE.match(verb) or not reported):
            return None  # "they'd promised" is "had"; a bare "would" is a wish or a condition
    if kind == "promised" and DONE_BEFORE.search(text[: m.start()]):
        return None  # "received the VPN access they promised": kept, nothing to track
    if kind == "need" and (verb in _NOT_PROMISES or not after):
        return None  # "I need to think ahead" is not a task
    if kind == "need" and previous is not None and m.start() - previous.end < 12:
        return None  # "I'll have to send": one promise, already found
    subject = _subject(tail, floor, vocabulary, previous)
    if subject is None:
        return None
    subject_start, direction, who = subject
    if kind == "need" and direction is not Direction.MINE:
        return None  # "they need to send" is our requirement, not their promise
    body_start = after.start("verb") if after and kind != "promised" else m.end()
    recipient = ""
    recipient_first = kind == "promised" and modal in ("promised", "promise", "owe", "owes")
    if recipient_first:
        name = name_at(text, skip_space(text, m.end()), vocabulary)
        recipient = name or ""
    return Trigger(
        subject_start=subject_start,
        start=m.start(),
        end=m.end(),
        body_start=skip_space(text, body_start),
        direction=direction,
        who=who,
        # "Anna is sending the logs" and "we need to be careful" are promises only with a date;
        # a terse "Need to send Anna the minutes" is a task the writer set themself.
        needs_date=kind == "prog" or (kind == "need" and bool(tail.strip())),
        recipient_first=recipient_first,
        recipient=recipient,
    )


_AGENT = re.compile(
    r"\bby\s+(?P<agent>them|us|me|the\s+customer|the\s+client|their\s+[\w-]+)\b", re.IGNORECASE
)


def _passive(m: re.Match[str], text: str, rest: str, vocabulary: Vocabulary) -> Trigger | None:
    """ "The contract will be signed next Friday by Liisa": the promiser is the agent."""
    if not re.match(r"\w+ed\b|done\b|sent\b|given\b|made\b|written\b", rest, re.IGNORECASE):
        return None
    tail = text[m.end() :]
    agent = _AGENT.search(tail)
    who = agent["agent"] if agent else ""
    if not agent:
        for by in re.finditer(r"\bby\s+", tail):
            name = name_at(tail, by.end(), vocabulary)
            if name:
                who = vocabulary.canonical.get(name, name)
                break
    if not who:
        return None
    mine = who.lower() in ("us", "me")
    direction = Direction.MINE if mine else Direction.THEIRS
    if who.lower() in ("them", "the customer", "the client"):
        who = "the customer"
    start = len(text) - len(text.lstrip())
    return Trigger(start, m.start(), m.end(), start, direction, who, False, False, "")


def _person_like(head: str) -> bool:
    """A role, team or department ("CFO", "legal team", "IT"), not a thing ("idea", "system")."""
    lowered = head.lower()
    return (
        lowered in people.PEOPLE
        or lowered in people.THIRD_PARTIES
        or (head.isupper() and len(head) <= 5)
    )


def _subject(
    tail: str, floor: int, vocabulary: Vocabulary, previous: Trigger | None
) -> tuple[int, Direction, str] | None:
    """Who speaks just before the trigger: (where, direction, who), or None if not a person."""
    m = _SUBJECT_PRONOUN.search(tail)
    if m and m["s"] != "IT":  # "their IT promised" is a department, not "it"
        word = m["s"].lower()
        start = floor + m.start("s")
        if word == "i":
            return start, Direction.MINE, "me"
        if word == "we":
            return start, Direction.MINE, "us"
        if word == "they":
            return start, Direction.THEIRS, "the customer"
        if word in ("he", "she"):
            return start, Direction.THEIRS, people.last_name(tail, vocabulary) or "the customer"
        return None
    name = people.name_before(tail, vocabulary)
    if name is not None:
        start, canonical = name
        return floor + start, Direction.THEIRS, canonical
    if m := _SUBJECT_NP.search(tail):
        det, head = m["det"].lower(), m["np"].split()[-1].lower()
        phrase = " ".join(m.group().split())
        start = floor + m.start()
        if det in ("our", "my"):
            return start, Direction.MINE, "us"
        if det in ("their", "his", "her") and _person_like(m["np"].split()[-1]):
            return start, Direction.THEIRS, phrase
        if det in ("their", "his", "her"):
            return None  # "their idea will work" is not a promise
        if head in people.PEOPLE:
            who = "the customer" if head in ("customer", "client") else phrase
            return start, Direction.THEIRS, who
        return None
    if _UNNAMED.search(tail):
        # "Promised Maria ...", "Will send ...", "... and call Anna": the writer, or the
        # speaker of the previous promise in the same clause.
        at = floor + len(tail) - len(tail.lstrip()) if not tail.strip() else floor + len(tail)
        if previous is not None and tail.strip():
            return at, previous.direction, previous.who
        return at, Direction.MINE, "me"
    return None
