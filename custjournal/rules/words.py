"""Small vocabularies the rules share: how a channel reads, which channels count as told."""

from __future__ import annotations

from functools import lru_cache

from custjournal.domain.enums import Channel, InteractionKind
from custjournal.rules.snapshot import InteractionRecord

# Spoken channels: the customer heard it. Written ones count only once acknowledged.
TOLD_CHANNELS = frozenset({Channel.PHONE, Channel.IN_PERSON, Channel.VIDEO})
SPOKEN_KINDS = frozenset(
    {InteractionKind.CALL, InteractionKind.MEETING, InteractionKind.VISIT, InteractionKind.MEAL}
)
IN_PERSON_KINDS = frozenset({InteractionKind.VISIT, InteractionKind.MEAL})

CHANNEL_WORDS = {
    Channel.IN_PERSON: "in person",
    Channel.PHONE: "phone",
    Channel.VIDEO: "video call",
    Channel.EMAIL: "e-mail",
    Channel.CHAT: "chat",
    Channel.LETTER: "letter",
}


def channel_word(channel: Channel | None) -> str:
    return CHANNEL_WORDS.get(channel, "unknown channel") if channel else "unknown channel"


def is_spoken(item: InteractionRecord) -> bool:
    """A contact in which the customer heard us speak (call, meeting, video), not a message."""
    if not item.is_contact:
        return False
    if item.channel is not None:
        return item.channel in TOLD_CHANNELS
    return item.kind in SPOKEN_KINDS


def is_in_person(item: InteractionRecord) -> bool:
    if not item.is_contact:
        return False
    if item.channel is not None:
        return item.channel == Channel.IN_PERSON
    return item.kind in IN_PERSON_KINDS or item.kind == InteractionKind.MEETING


@lru_cache(maxsize=16384)  # titles repeat across risks (each clash names two)
def quoted(title: str, limit: int = 60) -> str:
    cleaned = " ".join(title.split())
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1].rstrip() + "…"
    return f"“{cleaned}”"
