"""The weekly review: what is due this week both ways, and how last week's promises went."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custjournal.domain.errors import ValidationError
from custjournal.services import commitments as c
from custjournal.services import customers
from custjournal.services.review import build_review, week_start
from custjournal.services.review_render import render_review_html, render_review_markdown
from custjournal.store import Journal
from tests.review.conftest import MONDAY, Week

LISBON = ZoneInfo("Europe/Lisbon")


def test_the_week_ahead(journal: Journal, week: Week) -> None:
    review = build_review(journal, now=MONDAY)
    assert review.week == "2026-W48"
    assert review.starts_at == datetime(2026, 11, 23, tzinfo=LISBON)
    assert review.ends_at - review.starts_at == timedelta(days=7)
    assert [i.id for i in review.appointments] == [week.kiosk]
    assert [i.id for i in review.mine_due] == [week.quote]
    assert [i.id for i in review.theirs_due] == [week.data]
    assert [i.id for i in review.mine_overdue] == [week.overdue_slides, week.slipped]
    assert review.theirs_overdue == ()


def test_last_weeks_promises_kept_late_broken_and_slipped(journal: Journal, week: Week) -> None:
    lw = build_review(journal, now=MONDAY).last_week
    assert [i.id for i in lw.kept_on_time] == [week.on_time]
    assert [i.id for i in lw.kept_late] == [week.late]
    assert [i.id for i in lw.broken] == [week.broken]
    assert [i.id for i in lw.still_open] == [week.slipped]
    assert (lw.kept, lw.not_kept) == (2, 2)


def test_customers_due_a_call_under_their_cadence(journal: Journal, week: Week) -> None:
    calls = build_review(journal, now=MONDAY).calls_due
    assert [(x.customer_name, x.overdue) for x in calls] == [("Quiet Oy", True)]
    never = customers.create_customer(
        journal, name="New Co", now=MONDAY, timezone="Europe/Helsinki", stage="active"
    )
    calls = build_review(journal, now=MONDAY).calls_due
    assert [x.customer_id for x in calls][0] == never.id and calls[0].last_contact_at is None


def test_risks_are_listed_worst_first(journal: Journal, week: Week) -> None:
    risks = build_review(journal, now=MONDAY).risks
    ranks = [r.severity.rank for r in risks]
    assert ranks == sorted(ranks)
    assert any(r.rule_id == "overdue" for r in risks)


def test_another_week_and_bad_weeks(journal: Journal, week: Week) -> None:
    review = build_review(journal, now=MONDAY, week="2026-W47")
    assert [i.id for i in review.mine_due] == [week.slipped]  # still open, due that week
    assert [i.id for i in review.last_week.still_open] == [week.overdue_slides]  # due 10 Nov
    for bad in ("48", "2026-W54", "next week"):
        with pytest.raises(ValidationError) as raised:
            build_review(journal, now=MONDAY, week=bad)
        assert raised.value.field == "week"


def test_the_week_is_the_users_week_across_a_clock_change(journal: Journal, week: Week) -> None:
    # Week 13 of 2026 ends on Sunday 29 March, the night Europe moves to summer time.
    monday = week_start("2026-W13", now=MONDAY, tz=LISBON)
    assert monday.isoformat() == "2026-03-23"
    sunday_night = week_start(None, now=datetime(2026, 11, 29, 23, 30, tzinfo=UTC), tz=LISBON)
    assert sunday_night.isoformat() == "2026-11-23"  # 23:30 UTC Sunday is still Sunday in Lisbon
    customer = customers.find_customer(journal, "Quiet Oy").id
    inside = c.add_promise(
        journal, customer_id=customer, title="Late Sunday", now=MONDAY,
        due_at=datetime(2026, 3, 29, 23, 30, tzinfo=LISBON),
    ).id  # fmt: skip
    c.add_promise(
        journal, customer_id=customer, title="Monday", now=MONDAY,
        due_at=datetime(2026, 3, 30, 0, 30, tzinfo=LISBON),
    )  # fmt: skip
    review = build_review(journal, now=datetime(2026, 3, 23, 8, 0, tzinfo=UTC), week="2026-W13")
    assert [i.id for i in review.mine_due] == [inside]
    # Midnight to midnight in Lisbon: a week one real hour short (compared in UTC, since
    # Python subtracts wall clocks within one zone).
    length = review.ends_at.astimezone(UTC) - review.starts_at.astimezone(UTC)
    assert length == timedelta(days=7, hours=-1)


def test_markdown_and_html_say_the_same_and_escape_user_text(journal: Journal, week: Week) -> None:
    review = build_review(journal, now=MONDAY)
    md = render_review_markdown(review)
    assert md.startswith("# Week 2026-W48: Mon 23 Nov – Sun 29 Nov 2026")
    assert "Kept 2 of 4 promises due last week (1 on time, 1 late); broken 1; still open 1." in md
    assert "Thu 26 Nov 06:00 your time — 08:00 in Helsinki · Aurora <Hotels>: Kiosk" in md
    assert "Quiet Oy: last contact" in md and "overdue since" in md
    page = render_review_html(review)
    assert "<script>" not in page and "&lt;script&gt;quote&lt;/script&gt;" in page
    assert "Aurora &lt;Hotels&gt;" in page
    assert "Kept 2 of 4 promises due last week" in page
