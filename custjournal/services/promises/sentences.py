"""Cutting a note into clauses, and telling which clauses can never hold a promise.

A clause is a sentence or the part of one between semicolons; offsets always point into the
original note so the window can highlight the matched words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Same-length replacements, so offsets into the cleaned text are offsets into the note.
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "st", "e.g", "i.e", "etc", "vs", "approx", "incl", "no"}
)
_END = re.compile(r"[.!?]+(?=\s|$)|;")
_BULLET = re.compile(r"^\s*(?:[-*\u2022>]+|\d{1,2}[.)])\s+")


@dataclass(frozen=True, slots=True)
class Clause:
    start: int
    text: str
    question: bool


def clean(text: str) -> str:
    return text.translate(_QUOTES)


def clauses(text: str) -> Iterator[Clause]:
    """The clauses of `text` (already cleaned), with where each starts in it."""
    offset = 0
    for line in text.splitlines(keepends=True):
        yield from _line_clauses(line, offset)
        offset += len(line)


def _line_clauses(line: str, offset: int) -> Iterator[Clause]:
    start = 0
    for m in _END.finditer(line):
        if m.group() == "." and _abbreviation_before(line, m.start(), m.end()):
            continue
        yield from _clause(line, start, m.end(), offset)
        start = m.end()
    yield from _clause(line, start, len(line), offset)


def _abbreviation_before(line: str, dot: int, after: int) -> bool:
    word = re.search(r"([\w.]+)$", line[:dot])
    if word and word.group(1).lower() in _ABBREVIATIONS:
        return True
    following = line[after:].lstrip()
    # "by Dec. 3" or a lower-case word after the dot: the sentence goes on.
    return bool(following) and (following[0].isdigit() or following[0].islower())


def _clause(line: str, start: int, end: int, offset: int) -> Iterator[Clause]:
    piece = line[start:end]
    bullet = _BULLET.match(piece)
    lead = bullet.end() if bullet else len(piece) - len(piece.lstrip())
    body = piece[lead:].rstrip()
    if not body.strip(" .;!?"):
        return
    question = body.endswith("?") or bool(_QUESTION_START.match(body))
    yield Clause(offset + start + lead, body.rstrip(".;!?"), question)


_QUESTION_START = re.compile(
    r"(?i:will|would|can|could|should|shall|do|does|did|is|are|was|were|has|have|had|won't"
    r"|can't|didn't|isn't|aren't)\s+(?:(?i:i|we|you|they|he|she|it|the|their|our|this|that"
    r"|there)\b|[A-Z][a-z]+)"
    r"|(?i:who|what|when|where|why|how|which)\s+(?i:will|would|can|could|should|shall|do|does"
    r"|did|is|are|was|were|has|have|had)\b"
)

# A promise already kept: "as promised", "as I'd promised", "like I said I would", "kept my word".
KEPT = re.compile(
    r"\bas\s+promised\b|\bas\s+(?:\w+(?:'d)?\s+){0,2}(?:had\s+)?(?:promised|said|agreed)"
    r"|\blike\s+(?:i|we|he|she|they)\s+(?:said|promised)|\bkept\s+(?:my|our|his|her|their)\s+"
    r"(?:promise|word)",
    re.IGNORECASE,
)
# Work already done before a "promised" in the same clause ("received the VPN they promised").
DONE_BEFORE = re.compile(
    r"\b(?:sent|delivered|received|got|finished|completed|shipped|handed\s+over|did|done|went"
    r"\s+out|arrived|fulfilled|provided|booked)\b",
    re.IGNORECASE,
)
# Nothing is owed until the condition holds; "check if"/"see if" mean "whether".
CONDITION = re.compile(
    r"(?<!check )(?<!see )(?<!ask )(?<!asked )(?<!know )(?<!wonder )(?<!confirm )(?<!out )"
    r"\b(?:only\s+)?if\b|\bin\s+case\b|\bprovided\b|\bassuming\b|\bas\s+long\s+as\b"
    r"|^should\s+(?:they|we|he|she|i|the)\b|\bwould\s+\w+\s+(?:\w+\s+){0,6}if\b",
    re.IGNORECASE,
)
HEDGE = re.compile(
    r"\b(?:maybe|perhaps|possibly|probably|hopefully|likely|might|may)\b", re.IGNORECASE
)
