"""Property: any journal a user can build survives export → import → export byte for byte."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custjournal.domain.enums import Channel, Direction, InteractionKind, Mood
from custjournal.domain.errors import ValidationError
from custjournal.domain.times import zone
from custjournal.services import commitments, customers, projects
from custjournal.services import journal as notes
from custjournal.services.interchange import json_format
from custjournal.store import Journal

from .conftest import Journals, snapshot, wipe

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _usable(name: str) -> bool:
    try:
        zone(name)
    except ValidationError:
        return False
    return "/" in name or name == "UTC"


ZONES = sorted(z for z in available_timezones() if _usable(z))
# Right-to-left scripts, emoji with joiners and combining marks, beside generated text.
SAMPLE_NAMES = [
    "שלום מחשבים",
    "شركة القاهرة",
    "👩‍💻 Dev Collective 🎉",
    "Ääkköset Oy",
    "Zoë & Søn A/S",
    "東京デザイン",
    "e\u0301lan vital",
]

text_chars = st.characters(exclude_categories=("Cs",))
# Control characters are stripped from names by the service, so a name is made of others.
name_chars = st.characters(exclude_categories=("Cs", "Cc"))
names = st.one_of(
    st.sampled_from(SAMPLE_NAMES),
    st.text(name_chars, min_size=1, max_size=40).filter(lambda s: s.split()),
)
bodies = st.text(text_chars, max_size=200)
moments = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31), timezones=st.just(UTC)
)
zones = st.sampled_from(ZONES)


@st.composite
def zoned(draw: st.DrawFn) -> datetime:
    # Any instant, microseconds included, entered in a random zone.
    return draw(moments).astimezone(ZoneInfo(draw(zones)))


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    customer_names = draw(
        st.lists(names, min_size=1, max_size=3, unique_by=lambda s: " ".join(s.split()).lower())
    )
    count = len(customer_names)
    pick = st.integers(0, count - 1)
    return {
        "customers": [(n, draw(zones)) for n in customer_names],
        "interactions": draw(
            st.lists(
                st.tuples(
                    pick,
                    zoned(),
                    st.sampled_from(list(InteractionKind)),
                    st.sampled_from(list(Mood)),
                    bodies,
                    st.lists(bodies, max_size=2),
                ),
                max_size=4,
            )
        ),  # fmt: skip
        "commitments": draw(
            st.lists(
                st.tuples(
                    pick,
                    zoned(),
                    st.booleans(),
                    st.sampled_from(list(Direction)),
                    bodies,
                    st.sampled_from(["", "FREQ=WEEKLY", "FREQ=MONTHLY;BYDAY=1MO"]),
                    st.sampled_from(["none", "done", "moved"]),
                ),
                max_size=4,
            )
        ),  # fmt: skip
        "projects": draw(
            st.lists(
                st.tuples(
                    pick,
                    st.decimals(
                        min_value=0,
                        max_value=Decimal("999999999999.98"),
                        places=2,
                        allow_nan=False,
                        allow_infinity=False,
                    ),
                    st.sampled_from(["EUR", "USD", "JPY", "ILS"]),
                    st.booleans(),
                    bodies,
                ),
                max_size=2,
            )
        ),  # fmt: skip
    }


def build(journal: Journal, plan: dict[str, Any]) -> None:
    ids = [
        customers.create_customer(journal, name=name, now=NOW, timezone=tz, notes=name).id
        for name, tz in plan["customers"]
    ]
    for who, when, kind, mood, body, asked in plan["interactions"]:
        notes.log_interaction(
            journal, customer_id=ids[who], now=NOW, occurred_at=when, kind=kind, mood=mood,
            title="Note", body=body, questions=asked,
        )  # fmt: skip
    for who, when, appointment, direction, title, rule, then in plan["commitments"]:
        if appointment:
            view = commitments.add_appointment(
                journal, customer_id=ids[who], title=f"Meet {title}", starts_at=when,
                duration_minutes=45, now=NOW, channel=Channel.VIDEO, rrule=rule,
                direction=direction,
            )  # fmt: skip
        else:
            view = commitments.add_promise(
                journal, customer_id=ids[who], title=f"Do {title}", due_at=when, now=NOW,
                direction=direction,
            )  # fmt: skip
        if then == "done":
            commitments.complete_commitment(journal, commitment_id=view.id, now=NOW)
        elif then == "moved":
            commitments.reschedule_commitment(
                journal, commitment_id=view.id, new_due_at=when + timedelta(days=1, seconds=1),
                now=NOW, notice_channel=Channel.PHONE, reason=title,
            )  # fmt: skip
    for who, price, currency, agreed, scope in plan["projects"]:
        project = projects.create_project(
            journal, customer_id=ids[who], name="Engagement", now=NOW, price=price,
            currency=currency, scope=scope,
        )  # fmt: skip
        if agreed:
            projects.agree_project(journal, project_id=project.id, now=NOW)
            projects.change_price(
                journal, project_id=project.id, new_price=price + Decimal("0.01"), now=NOW
            )
            projects.add_scope(journal, project_id=project.id, description="Extra", now=NOW)


@pytest.fixture(scope="module")
def pair(journals: Journals) -> Iterator[Any]:
    # One source and one target for all examples: a new engine per example would compile
    # every statement again (SQLAlchemy caches compiled SQL per engine), tripling the time.
    opened = [Journal.open(journals.new(name), backup=False) for name in ("source", "target")]
    empty = snapshot(opened[0])
    yield opened[0], opened[1], empty
    for journal in opened:
        journal.close()
        journals.drop(str(journal.engine.url))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans())
def test_any_journal_round_trips_byte_identical(pair: Any, plan: dict[str, Any]) -> None:
    source, target, empty = pair
    wipe(source)
    wipe(target)
    build(source, plan)
    first = snapshot(source)
    json_format.import_journal(target, json_format.loads(first), now=NOW)
    second = snapshot(target)
    assert second == first
    exported = json_format.loads(first)
    assert len(exported["customers"]) == len(plan["customers"])
    assert len(exported["commitments"]) == len(plan["commitments"])
    wipe(source)
    assert snapshot(source) == empty  # the wipe leaves nothing behind for the next example
