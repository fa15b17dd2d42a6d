"""The agenda's fast reading gives what a plain ORM reading of the same journal gives.

The agenda reads stored values and converts each distinct one once, builds its views without
the frozen dataclass constructor, and trusts the database's order when no series is expanded:
each of these would show here as a different item, field, type, time zone or order.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from custjournal.domain import Commitment, Customer
from custjournal.domain.enums import (
    Channel,
    CommitmentKind,
    CommitmentStatus,
    Direction,
    FollowUpKind,
)
from custjournal.domain.recurrence import occurrences
from custjournal.services import commitments, customers, projects
from custjournal.services.commitment_views import AgendaItem, CommitmentView
from custjournal.store import Journal

HELSINKI = ZoneInfo("Europe/Helsinki")
NEW_YORK = ZoneInfo("America/New_York")
# Europe leaves summer time on 25 October 2026, the United States on 1 November.
AUTUMN = (datetime(2026, 10, 19, tzinfo=UTC), datetime(2026, 11, 4, 12, 0, tzinfo=UTC))


def _by_the_orm(
    journal: Journal, start: datetime, end: datetime, customer_id: int | None = None
) -> list[AgendaItem]:
    """The agenda as the plain reading of every open commitment would give it."""
    query = (
        select(Commitment, Customer.name)
        .join(Customer)
        .where(Commitment.status == CommitmentStatus.OPEN)
    )
    if customer_id is not None:
        query = query.where(Commitment.customer_id == customer_id)
    items = []
    with journal.reading() as session:
        for commitment, name in session.execute(query):
            view = CommitmentView.of(commitment, name)
            for when in occurrences(
                commitment.rrule,
                start=commitment.due_at,
                timezone=commitment.timezone,
                window_start=start,
                window_end=end,
            ):
                items.append(AgendaItem(view, when))
    return sorted(items, key=lambda item: (item.starts_at, item.commitment.id))


def _same(got: list[AgendaItem], expected: list[AgendaItem]) -> None:
    assert got == expected
    # Equality alone forgives a str for a StrEnum and a time in another zone: repr does not.
    assert [repr(item) for item in got] == [repr(item) for item in expected]
    for item in got:
        assert type(item) is AgendaItem and type(item.commitment) is CommitmentView
        assert item.commitment.due_at.tzinfo is UTC  # a series' starts are in its own zone
        assert item.commitment.rrule or item.starts_at.tzinfo is UTC


def _journal_with_history(journal: Journal, now: datetime) -> dict[str, Any]:
    """Four customers, a hundred commitments of every kind, direction, channel, follow-up and
    fate on round hours (so many share a time), and series across the autumn changes."""
    rng = random.Random(9)
    zones = ("Europe/Helsinki", "Europe/Lisbon", "America/New_York", "Pacific/Auckland")
    people = [
        customers.create_customer(journal, name=f"Customer {z}", now=now, timezone=z) for z in zones
    ]
    contact = customers.add_contact(journal, customer_id=people[0].id, name="Aino")
    project = projects.create_project(
        journal, customer_id=people[0].id, name="Switch-over", now=now
    )
    made = []
    for number in range(100):
        who = rng.choice(people)
        due = AUTUMN[0] - timedelta(days=3) + timedelta(hours=rng.randrange(0, 24 * 20))
        common: dict[str, Any] = {
            "customer_id": who.id,
            "title": f"Commitment {number}",
            "direction": rng.choice(list(Direction)),
            "details": rng.choice(("", "Bring the contract", "Ask about Ärztehaus")),
            "follow_up": rng.choice([None, None, *FollowUpKind]),
            "now": now,
        }
        if who.id == people[0].id and rng.random() < 0.5:
            common |= {"project_id": project.id, "contact_id": contact.id}
        if rng.random() < 0.5:
            made.append(commitments.add_promise(journal, due_at=due, **common))
        else:
            channel = rng.choice(list(Channel))
            made.append(
                commitments.add_appointment(
                    journal,
                    starts_at=due,
                    channel=channel,
                    location="Office" if channel == Channel.IN_PERSON else rng.choice(("", "x")),
                    duration_minutes=rng.choice((15, 60, 90)),
                    **common,
                )  # fmt: skip
            )
    for view in made[::6]:
        commitments.complete_commitment(journal, commitment_id=view.id, now=now)
    for view in made[1::9]:
        commitments.cancel_commitment(
            journal, commitment_id=view.id, now=now, notice_channel="phone"
        )
    settled = {view.id for view in made[::6]} | {view.id for view in made[1::9]}
    for view in made[2::11]:
        if view.id not in settled:  # only an open promise breaks
            commitments.mark_broken(journal, commitment_id=view.id, now=now)
    for view in made[::12]:  # done, then open again
        commitments.reopen_commitment(journal, commitment_id=view.id, now=now)
    for view in made[3::5]:
        if view.kind == CommitmentKind.APPOINTMENT and view.id not in {m.id for m in made[1::9]}:
            commitments.confirm_appointment(journal, commitment_id=view.id, now=now)

    tie = datetime(2026, 10, 27, 7, 0, tzinfo=UTC)  # Tuesday 09:00 in Helsinki, winter time
    before = commitments.add_promise(
        journal, customer_id=people[1].id, title="Same time, made first", due_at=tie, now=now
    )
    weekly = commitments.add_appointment(
        journal, customer_id=people[0].id, title="Weekly stand-up", channel="video",
        duration_minutes=30,
        starts_at=datetime(2026, 10, 1, 9, 0, tzinfo=HELSINKI), rrule="FREQ=WEEKLY;BYDAY=TU,TH",
        now=now,
    )  # fmt: skip
    after = commitments.add_promise(
        journal, customer_id=people[2].id, title="Same time, made last", due_at=tie, now=now
    )
    daily = commitments.add_appointment(
        journal, customer_id=people[2].id, title="Morning check", channel="phone",
        duration_minutes=15,
        starts_at=datetime(2026, 10, 28, 8, 30, tzinfo=NEW_YORK), rrule="FREQ=DAILY;COUNT=10",
        direction="theirs", follow_up="check-in", now=now,
    )  # fmt: skip
    ended = commitments.add_appointment(
        journal, customer_id=people[3].id, title="Called off series", channel="chat",
        duration_minutes=45,
        starts_at=datetime(2026, 10, 20, 9, 0, tzinfo=UTC), rrule="FREQ=DAILY", now=now,
    )  # fmt: skip
    commitments.cancel_commitment(journal, commitment_id=ended.id, now=now, notice_channel="chat")
    return {
        "people": people,
        "tie": tie,
        "tied": (before.id, weekly.id, after.id),
        "daily": daily.id,
    }


def test_the_agenda_is_the_plain_reading_across_the_autumn_changes(
    journal: Journal, now: datetime
) -> None:
    made = _journal_with_history(journal, now)
    start, end = AUTUMN
    expected = _by_the_orm(journal, start, end)
    got = commitments.agenda(journal, start=start, end=end)
    _same(got, expected)

    # The reading above was worth comparing: it holds every kind of row the agenda can show.
    views = [item.commitment for item in got]
    assert len(got) > 60
    assert {v.kind for v in views} == set(CommitmentKind)
    assert {v.direction for v in views} == set(Direction)
    assert {v.channel for v in views} == {*Channel, None}
    assert {v.follow_up for v in views} == {*FollowUpKind, None}
    assert any(v.confirmed_at for v in views) and any(v.project_id for v in views)
    assert len({item.starts_at for item in got}) < len(got)  # times shared by several
    # A series and two one-offs at one moment: by id, whichever query each came from.
    tied = [i.commitment.id for i in got if i.starts_at == made["tie"]]
    assert tied == sorted(tied) and set(made["tied"]) <= set(tied)
    # Through each change the series keep their wall-clock hour, so their UTC hour moves.
    daily = [i.starts_at for i in got if i.commitment.id == made["daily"]]
    assert len(daily) == 7  # 28 October to 3 November
    assert {t.astimezone(NEW_YORK).strftime("%H:%M") for t in daily} == {"08:30"}
    assert {t.astimezone(UTC).hour for t in daily} == {12, 13}


def test_every_window_and_customer_reads_the_same(journal: Journal, now: datetime) -> None:
    made = _journal_with_history(journal, now)
    start, end = AUTUMN
    one_offs_only = (start - timedelta(days=3), start - timedelta(days=1))  # Friday, Saturday
    windows = [
        (start, end),
        one_offs_only,  # before every series: the order is the database's alone
        (made["tie"], made["tie"]),  # one moment, both ends inclusive
        (end, end + timedelta(days=30)),
        (start - timedelta(days=400), start - timedelta(days=300)),  # nothing at all
    ]
    assert not any(i.commitment.rrule for i in _by_the_orm(journal, *one_offs_only))
    assert len(_by_the_orm(journal, *one_offs_only)) > 3
    for window in windows:
        _same(
            commitments.agenda(journal, start=window[0], end=window[1]),
            _by_the_orm(journal, *window),
        )
        for person in made["people"]:
            _same(
                commitments.agenda(journal, start=window[0], end=window[1], customer_id=person.id),
                _by_the_orm(journal, *window, customer_id=person.id),
            )


def test_agenda_views_are_ordinary_frozen_views(journal: Journal, now: datetime) -> None:
    _journal_with_history(journal, now)
    items = commitments.agenda(journal, start=AUTUMN[0], end=AUTUMN[1])
    item = items[0]
    view = item.commitment
    rebuilt = CommitmentView(*(getattr(view, f.name) for f in dataclasses.fields(view)))
    assert view == rebuilt and hash(view) == hash(rebuilt)
    assert item == AgendaItem(rebuilt, item.starts_at) and hash(item) == hash(
        AgendaItem(rebuilt, item.starts_at)
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.title = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.starts_at = AUTUMN[0]  # type: ignore[misc]
    assert dataclasses.replace(view, title="Renamed").title == "Renamed"
