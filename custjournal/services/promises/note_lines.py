"""Note-taking shapes that hold promises without a "will": "TODO: ...", "- Anna: test data by
Friday", "Maria to send ...", "Next steps: I send ..., they book ...", "Lunch with Jussi"."""

from __future__ import annotations

import re
from collections.abc import Callable

from custjournal.domain.enums import Direction
from custjournal.services.promises.people import (
    NOT_LINE_NAMES,
    Trigger,
    Vocabulary,
    name_at,
    shift,
    simple,
    skip_space,
)

_LINE_ACTION = re.compile(
    r"^(?:(?P<label>todo|to-do|action(?:\s+items?)?|actions|ap|next\s+steps?|follow"
    r"[\s-]ups?)\s*[:\-\u2013]\s*(?P<rest>.+)|(?P<todo>todo|to-do)\s+(?P<rest2>[a-z].+)|(?P<who>me|i|us|we|they|them)\s*(?::|\s+to\s+\w)"
    r"|(?P<appt>(?:a\s+|the\s+)?(?:lunch|dinner|breakfast|coffee|drinks|call|phone\s+call|video"
    r"\s+call|follow[\s-]up(?:\s+(?:call|meeting))?|meeting|workshop|demo|visit|catch[\s-]up"
    r"|check[\s-]in)\s+with\s))",
    re.IGNORECASE,
)
_PAST_WORDS = re.compile(r"\b(?:went|was|were|had|did|got|took|ran|\w+ed)\b", re.IGNORECASE)
_PRESENT_ITEM = re.compile(
    r"^(?P<s>i|we|me|they|he|she|the\s+customer|the\s+client)\s+(?=[a-z])", re.IGNORECASE
)


# "Maria to send ...": the word after "to" is a verb, not "your"/"the" ("Speak to your team").
_NOT_VERBS = r"(?:the|a|an|your|my|our|their|his|her|its|them|us|me|you|him|this|that|all)"
_NAME_TO = r"\s+to\s+(?!" + _NOT_VERBS + r"\b)[a-z]"


def line_trigger(
    text: str, vocabulary: Vocabulary, find: Callable[[str, Vocabulary], list[Trigger]]
) -> list[Trigger] | None:
    """Note-taking shapes: "TODO: ...", "Next steps: I send ..., they book ...", "- Anna: ...",
    "Maria to send ...", "Lunch with Jussi after go-live"."""
    m = _LINE_ACTION.match(text)
    name = None
    if m is None:
        name = name_at(text, 0, vocabulary)
        contact = name is not None and name in vocabulary.canonical
        form = r"\s*(?::|to\s+(?!" + _NOT_VERBS + r"\b)[a-z])" if contact else _NAME_TO
        if not name or not re.match(form, text[len(name) :]):
            return None
        if not contact and name.split()[0].lower() in NOT_LINE_NAMES:
            return None
        colon = text.index(":", len(name)) + 1 if ":" in text[len(name) : len(name) + 3] else -1
        body = skip_space(text, colon) if colon > 0 else len(name) + 1
        who = vocabulary.canonical.get(name, name)
        return [simple(0, len(name), body, Direction.THEIRS, who)]
    if m["appt"]:
        if _PAST_WORDS.search(text):
            return None
        return [simple(0, m.end("appt"), 0, Direction.MINE, "me")]
    if m["who"]:
        word = m["who"].lower()
        direction = Direction.THEIRS if word in ("they", "them") else Direction.MINE
        who = {"they": "the customer", "them": "the customer", "us": "us", "we": "us"}.get(
            word, "me"
        )
        after = text[m.end("who") :]
        body = m.end("who") + len(after) - len(after.lstrip(" :"))
        if after.lstrip().lower().startswith("to "):
            body = skip_space(text, m.end("who")) + 3
        return [simple(0, m.end("who"), body, direction, who)]
    rest_start = m.start("rest") if m["rest"] else m.start("rest2")
    nested = find(text[rest_start:], vocabulary)
    if nested:
        return [shift(t, rest_start) for t in nested]
    return _items(text, rest_start, vocabulary)


def _items(text: str, start: int, vocabulary: Vocabulary) -> list[Trigger]:
    """The items of an action line: "I send the quote by Friday, they book the room"."""
    found: list[Trigger] = []
    for m in re.finditer(r"[^,;]+", text[start:]):
        item_start = start + m.start() + len(m.group()) - len(m.group().lstrip())
        item = text[item_start : start + m.end()]
        subject = _PRESENT_ITEM.match(item)
        name = name_at(item, 0, vocabulary)
        if subject is None and name and re.match(r"\s+[a-z]", item[len(name) :]):
            who = vocabulary.canonical.get(name, name)
            found.append(simple(item_start, item_start + len(name), item_start + len(name) + 1,
                                 Direction.THEIRS, who))  # fmt: skip
            continue
        if subject is None:
            if found:
                continue  # a second object of the same item ("the quote, the NDA")
            found.append(simple(item_start, item_start, item_start, Direction.MINE, "me"))
            continue
        word = subject["s"].lower()
        mine = word in ("i", "we", "me")
        who = "us" if word == "we" else "me" if mine else "the customer"
        direction = Direction.MINE if mine else Direction.THEIRS
        found.append(simple(item_start, item_start + subject.end("s"), item_start + subject.end(),
                             direction, who))  # fmt: skip
    return found
