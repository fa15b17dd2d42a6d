"""What a user sees from the finder: the promises of a note, explained, stable, deterministic."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custjournal.domain.enums import Direction
from custjournal.domain.errors import ValidationError
from custjournal.services.promises import find_promises

HELSINKI = ZoneInfo("Europe/Helsinki")
WRITTEN = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)  # Wednesday, 14:00 in Helsinki
ISSUE_NOTE = (
    "Good call. Promised Maria the workshop agenda by Friday; they'll confirm the venue next week."
)


def _find(text: str, **kw: object) -> list:
    return find_promises(text, written_at=WRITTEN, tz=HELSINKI, contacts=("Maria", "Anna"), **kw)


def test_the_issue_example_gives_two_suggestions_both_ways() -> None:
    mine, theirs = _find(ISSUE_NOTE)
    assert mine.direction is Direction.MINE and mine.who == "me"
    assert mine.title == "the workshop agenda for Maria"
    assert mine.due == datetime(2026, 11, 20, 17, 0, tzinfo=HELSINKI)
    assert mine.due_text == "by Friday"
    assert theirs.direction is Direction.THEIRS and theirs.who == "the customer"
    assert theirs.title == "confirm the venue"
    assert theirs.due is not None and theirs.due.astimezone(HELSINKI).date().isoformat() == (
        "2026-11-27"
    )
    assert theirs.due_text == "next week"


def test_the_matched_words_point_into_the_note() -> None:
    for finding in _find(ISSUE_NOTE):
        start, end = finding.span
        assert ISSUE_NOTE[start:end] == finding.matched
        assert finding.trigger in finding.matched
        assert finding.due_text in finding.matched
    assert [f.matched for f in _find(ISSUE_NOTE)] == [
        "Promised Maria the workshop agenda by Friday",
        "they'll confirm the venue next week",
    ]


def test_told_anna_id_send() -> None:
    (finding,) = _find("Told Anna I'd send the revised quote by Thursday.")
    assert (finding.direction, finding.who, finding.title) == (
        Direction.MINE,
        "me",
        "send the revised quote",
    )
    assert finding.trigger == "I'd"


def test_a_named_contact_is_who_promised() -> None:
    (finding,) = _find("Anna said she'd send the floor plans by Friday.")
    assert (finding.direction, finding.who) == (Direction.THEIRS, "Anna")


@pytest.mark.parametrize(
    "text",
    [
        "We won't be able to start before January.",
        "Will they deliver the test data by Friday?",
        "I sent the quote yesterday as promised.",
        "If they sign this week, we'll start on 1 December.",
        "They might send the data on Friday.",
        "Asked Anna to send the error logs by Friday.",
    ],
)
def test_not_promises(text: str) -> None:
    assert _find(text) == []


def test_a_promise_without_a_date_is_offered_without_a_due() -> None:
    (finding,) = _find("Lunch with Jussi after go-live.")
    assert finding.due is None and finding.due_text == ""
    assert finding.title == "Lunch with Jussi after go-live"


def test_the_key_is_stable_and_tells_suggestions_apart() -> None:
    first = [f.key for f in _find(ISSUE_NOTE)]
    assert first == [f.key for f in _find(ISSUE_NOTE)]
    assert len(set(first)) == 2
    # The same words in a note saved with other text around them keep their key...
    again = _find("New intro line.\n\n" + ISSUE_NOTE + "\nMore later.")
    assert [f.key for f in again] == first
    # ...and the same words meaning another day do not.
    later = find_promises(
        ISSUE_NOTE, written_at=datetime(2026, 11, 25, 12, 0, tzinfo=UTC), tz=HELSINKI
    )
    assert {f.key for f in later}.isdisjoint(first)


def test_the_finder_is_deterministic() -> None:
    note = "\n".join(
        [
            ISSUE_NOTE,
            "Anna will send the logs tomorrow, I'll analyse them by Friday.",
            "We'll start the audit on Monday and deliver the report by 4 December.",
            "- me: update the cost model by Mon",
        ]
    )
    runs = [_find(note) for _ in range(5)]
    assert all(run == runs[0] for run in runs)
    assert len(runs[0]) == 7


def test_a_written_at_without_a_zone_is_refused() -> None:
    with pytest.raises(ValidationError) as raised:
        find_promises("I'll call Anna tomorrow.", written_at=datetime(2026, 11, 18), tz=HELSINKI)
    assert raised.value.field == "written_at"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_findings_without_failing(text: str) -> None:
    for finding in find_promises(text, written_at=WRITTEN, tz=HELSINKI, contacts=("Anna",)):
        assert finding.due is None or finding.due.tzinfo is not None
        assert finding.due is None or finding.due.astimezone(HELSINKI).date() >= WRITTEN.date()
        assert finding.title and finding.key


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "I'll",
                "they will",
                "Anna",
                "send",
                "the",
                "quote",
                "by",
                "Friday",
                "next",
                "week",
                "tomorrow",
                "9am",
                "won't",
                "promised",
                "if",
                "?",
                ";",
                ".",
                "the 15th",
                "before",
                "in",
                "two",
                "weeks",
                "2026-12-03",
                "Dec",
                "3",
                "and",
                "call",
            ]
        ),  # fmt: skip
        max_size=25,
    )
)
def test_word_salad_from_promise_words_never_fails(words: list[str]) -> None:
    findings = _find(" ".join(words))
    assert findings == _find(" ".join(words))


def test_curly_quotes_are_shown_as_written_and_keep_the_key() -> None:
    curly = "Told Anna I\u2019d send the revised quote by Thursday."
    (finding,) = _find(curly)
    assert finding.matched == curly[: finding.span[1]] and "\u2019" in finding.matched
    (straight,) = _find(curly.replace("\u2019", "'"))
    assert straight.key == finding.key
