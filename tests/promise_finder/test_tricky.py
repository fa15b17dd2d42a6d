"""Regression cases met while trying the finder on real-looking notes and essays."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from custjournal.services.promises import find_promises

HELSINKI = ZoneInfo("Europe/Helsinki")
WRITTEN = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)  # Wednesday, 14:00 in Helsinki


def _found(text: str) -> list[tuple[str, str, str | None]]:
    return [
        (f.direction.value, f.who, f.due.astimezone(HELSINKI).date().isoformat() if f.due else None)
        for f in find_promises(text, written_at=WRITTEN, tz=HELSINKI, contacts=("Anna", "Jussi"))
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Their system will crash if the load doubles.",
        "The report will be ready on Friday.",
        "Friday will be a long day.",
        "Anna wants the report by Friday.",
        "The deadline is Friday.",
        "I will be honest: the numbers look bad.",
        "They said the server will be replaced next week.",
        "The vendor will ship the switches next week.",
        "Summary: budget approved, start in January.",
        "Note to self: Anna prefers e-mail.",
        "Meeting with Jussi was postponed to Friday.",
        "They'd like a demo next week.",
        "I should send the deck by Friday.",
        "Their promise to deliver by Friday is not realistic.",
        "They told us they will not renew.",
        "Anna told me to send it Friday.",
        "Get to know your customer and their business.",
        "Speak to your customers often, no less than once a month.",
        "In that case, explain to them why you don't think their idea will work.",
        "Most of the time people will appreciate your honesty.",
        "We need to be careful with their CFO.",
        "I can't assume that they know anything and I need to think ahead.",
    ],
)
def test_not_promises(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They've promised the data three times now.", [("theirs", "the customer", None)]),
        ("Sure, I'll take care of it by tomorrow.", [("mine", "me", "2026-11-19")]),
        ("Anna told me she'll send it Friday.", [("theirs", "Anna", "2026-11-20")]),
        (
            "Their vendor will ship the switches next week.",
            [("theirs", "Their vendor", "2026-11-27")],
        ),
        ("We will send a weekly status every Friday.", [("mine", "us", "2026-11-20")]),
        ("As discussed, I will send the revised plan on Monday.", [("mine", "me", "2026-11-23")]),
        ("Jussi to decide by Friday whether they renew.", [("theirs", "Jussi", "2026-11-20")]),
    ],
)
def test_promises(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Jussi said he would send the test data.", "Jussi"),
        ("Yesterday Pekka promised the logs by Friday.", "Pekka"),
        ("In Monday's call Liisa promised the data by Friday.", "Liisa"),
        ("Met Sven, he will send the specs Monday.", "Sven"),
        ("Dr. Weber will review it tomorrow.", "Dr. Weber"),
    ],
)
def test_who_promised_without_a_contact_list(text: str, who: str) -> None:
    (finding,) = find_promises(text, written_at=WRITTEN, tz=HELSINKI)
    assert (finding.direction.value, finding.who) == ("theirs", who)


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        (
            "Promised Tomás a call on Monday, and Liisa a demo on Thursday.",
            [("a call for Tomás", "on Monday"), ("a demo for Liisa", "on Thursday")],
        ),
        (
            "I will send the quote by Monday, the NDA by Friday.",
            [("send the quote", "by Monday"), ("send the NDA", "by Friday")],
        ),
        (
            "We will run the rehearsal on the 19th and the real cutover on 2 December.",
            [("run the rehearsal", "on the 19th"), ("run the real cutover", "on 2 December")],
        ),
        (
            "I'll send the agenda for Friday's workshop by Wednesday.",
            [("send the agenda for Friday's workshop", "by Wednesday")],
        ),
        (
            "They will send the revised order on Friday, not Thursday as first planned.",
            [("send the revised order", "on Friday")],
        ),
        ("I'll be sending the estimate by Thursday.", [("sending the estimate", "by Thursday")]),
        ("I'll be on site on Monday and Tuesday.", [("be on site", "on Monday")]),
    ],
)
def test_titles_and_one_promise_per_due(text: str, titles: list[tuple[str, str]]) -> None:
    found = find_promises(text, written_at=WRITTEN, tz=HELSINKI, contacts=("Tomás", "Liisa"))
    assert [(f.title, f.due_text) for f in found] == titles
