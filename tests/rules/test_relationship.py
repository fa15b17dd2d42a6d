"""silent-customer, gone-quiet, asked-again, upset-no-follow-up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custjournal.domain.enums import (
    Channel,
    CommitmentStatus,
    FollowUpKind,
    InteractionKind,
    Mood,
    Stage,
)
from custjournal.rules.snapshot import QuestionRecord

from .build import (
    DAY,
    HELSINKI,
    MINUTE,
    NOW,
    appointment,
    contact_at,
    customer,
    fires,
    next_id,
    promise,
    risks,
    snapshot,
)


def call(when: datetime, **values: object) -> object:
    return contact_at(when, kind=InteractionKind.CALL, channel=Channel.PHONE, **values)


class TestSilentCustomer:
    def test_nobody_called_for_five_weeks(self) -> None:
        snap = snapshot(interactions=[call(NOW - 35 * DAY, title="Quarterly check")])
        [risk] = risks(snap, "silent-customer")
        assert risk.key == "silent-customer:customer:1"
        assert "Nobody has talked to Lakeside Dental for 5 weeks" in risk.reason
        assert "every 30 days" in risk.reason

    @pytest.mark.parametrize(
        ("quiet", "expected"),
        [(30 * DAY, False), (30 * DAY + MINUTE, True), (30 * DAY - MINUTE, False)],
        ids=["at-30d", "30d-plus-1min", "30d-minus-1min"],
    )
    def test_boundary(self, quiet: timedelta, expected: bool) -> None:
        assert fires(snapshot(interactions=[call(NOW - quiet)]), "silent-customer") is expected

    def test_notes_are_not_contact_and_future_ones_do_not_count(self) -> None:
        items = [
            call(NOW - 40 * DAY),
            contact_at(NOW - DAY, kind=InteractionKind.NOTE),
            call(NOW + DAY),
        ]
        assert fires(snapshot(interactions=items), "silent-customer")

    def test_logging_a_call_clears_it(self) -> None:
        items = [call(NOW - 40 * DAY), call(NOW - MINUTE)]
        assert not fires(snapshot(interactions=items), "silent-customer")

    def test_cadence_per_customer_and_global_setting(self) -> None:
        quiet = [call(NOW - 20 * DAY)]
        assert not fires(snapshot(interactions=quiet), "silent-customer")
        weekly = snapshot(customers=[customer(cadence_days=14)], interactions=quiet)
        assert fires(weekly, "silent-customer")
        assert fires(
            snapshot(interactions=quiet), "silent-customer", settings={"contact.cadence_days": 14}
        )
        # The customer's own cadence wins over the global one.
        monthly = snapshot(customers=[customer(cadence_days=30)], interactions=quiet)
        assert not fires(monthly, "silent-customer", settings={"contact.cadence_days": 14})

    def test_only_active_customers(self) -> None:
        for stage in (Stage.PROSPECT, Stage.PAST, Stage.LOST):
            snap = snapshot(customers=[customer(stage=stage)], interactions=[call(NOW - 90 * DAY)])
            assert not fires(snap, "silent-customer")

    def test_never_contacted_counts_from_when_the_customer_was_entered(self) -> None:
        assert not fires(
            snapshot(customers=[customer(created_at=NOW - 10 * DAY)]), "silent-customer"
        )
        [risk] = risks(snapshot(customers=[customer(created_at=NOW - 31 * DAY)]), "silent-customer")
        assert "never contacted" in risk.reason

    def test_thirty_days_across_the_dst_change_are_thirty_times_24_hours(self) -> None:
        # Last call Tue 20 Oct 09:00 Helsinki (EEST); 30 days later clocks have gone back.
        last = datetime(2026, 10, 20, 9, 0, tzinfo=HELSINKI)
        snap = snapshot(interactions=[call(last)])
        due = last.astimezone(UTC) + 30 * DAY
        assert due.astimezone(HELSINKI).hour == 8  # 08:00 EET: the same instant, a new offset
        assert not fires(snap, "silent-customer", now=due)
        assert fires(snap, "silent-customer", now=due + MINUTE)
        # A `now` given in Helsinki time means the same instant (no wall-clock arithmetic).
        assert not fires(snap, "silent-customer", now=due.astimezone(HELSINKI))
        assert fires(snap, "silent-customer", now=(due + MINUTE).astimezone(HELSINKI))


class TestGoneQuiet:
    def past(self, *items: object, **values: object) -> object:
        return snapshot(customers=[customer(stage=Stage.PAST)], **values)

    @pytest.mark.parametrize(
        ("quiet", "expected"),
        [(180 * DAY, False), (180 * DAY + MINUTE, True), (180 * DAY - MINUTE, False)],
        ids=["at", "over", "under"],
    )
    def test_boundary(self, quiet: timedelta, expected: bool) -> None:
        assert fires(self.past(interactions=[call(NOW - quiet)]), "gone-quiet") is expected

    def test_reason_and_severity(self) -> None:
        [risk] = risks(self.past(interactions=[call(NOW - 200 * DAY)]), "gone-quiet")
        assert risk.severity == "info" and "feedback" in risk.reason

    def test_a_scheduled_feedback_follow_up_clears_it(self) -> None:
        follow_up = promise(
            NOW + 7 * DAY, title="Ask for feedback", follow_up=FollowUpKind.FEEDBACK
        )
        snap = self.past(interactions=[call(NOW - 200 * DAY)], commitments=[follow_up])
        assert not fires(snap, "gone-quiet")

    def test_active_customers_are_not_gone_quiet(self) -> None:
        assert not fires(snapshot(interactions=[call(NOW - 200 * DAY)]), "gone-quiet")


def question(topic: str, when: datetime, **values: object) -> QuestionRecord:
    return QuestionRecord(id=next_id(), interaction_id=1, customer_id=values.pop("customer_id", 1),
                          asked_at=when, topic=topic, text=f"About {topic}?")  # fmt: skip


class TestAskedAgain:
    def test_three_times_fires(self) -> None:
        asked = [question("backup restore", NOW - d * DAY) for d in (40, 20, 1)]
        [risk] = risks(snapshot(questions=asked), "asked-again")
        assert "3 times" in risk.reason and "another way" in risk.reason
        assert risk.key == "asked-again:customer:1:backup restore"
        assert risk.subject_type == "question" and risk.subject_id == asked[-1].id

    def test_twice_or_different_topics_or_customers_do_not(self) -> None:
        asked = [
            question("backup restore", NOW - DAY),
            question("backup restore", NOW - 2 * DAY),
            question("vpn", NOW - 3 * DAY),
            question("backup restore", NOW - 3 * DAY, customer_id=2),
        ]
        snap = snapshot(customers=[customer(), customer(id=2, name="Other")], questions=asked)
        assert not fires(snap, "asked-again")

    @pytest.mark.parametrize(
        ("age", "expected"),
        [(180 * DAY, True), (180 * DAY + MINUTE, False), (180 * DAY - MINUTE, True)],
        ids=["at-window", "outside", "inside"],
    )
    def test_window_boundary(self, age: timedelta, expected: bool) -> None:
        asked = [question("Invoices", NOW - age), question("invoices", NOW - DAY),
                 question(" INVOICES ", NOW)]  # fmt: skip
        assert fires(snapshot(questions=asked), "asked-again") is expected


def upset(when: datetime, **values: object) -> object:
    values.setdefault("id", 50)
    return call(when, mood=Mood.ANGRY, title="Invoice dispute", **values)


class TestUpsetNoFollowUp:
    def test_angry_call_without_follow_up(self) -> None:
        [risk] = risks(snapshot(interactions=[upset(NOW - 3 * 60 * MINUTE)]), "upset-no-follow-up")
        assert risk.key == "upset-no-follow-up:interaction:50"
        assert (
            "was angry today" in risk.reason
            and "no follow-up is scheduled within 2 days" in risk.reason
        )

    @pytest.mark.parametrize(
        ("delay", "expected"),
        [(2 * DAY, False), (2 * DAY + MINUTE, True), (2 * DAY - MINUTE, False)],
        ids=["at-2d", "2d-plus-1min", "2d-minus-1min"],
    )
    def test_follow_up_must_be_due_within_two_days(self, delay: timedelta, expected: bool) -> None:
        when = NOW - 60 * MINUTE
        follow = promise(when + delay, title="Call back", follow_up=FollowUpKind.AFTER_UPSET)
        snap = snapshot(interactions=[upset(when)], commitments=[follow])
        found = risks(snap, "upset-no-follow-up")
        assert bool(found) is expected
        if expected:
            assert "bring it forward" in found[0].reason

    def test_follow_up_linked_to_the_interaction_counts(self) -> None:
        follow = appointment(NOW + DAY, interaction_id=50, title="Coffee to talk it over")
        assert not fires(
            snapshot(interactions=[upset(NOW - DAY)], commitments=[follow]), "upset-no-follow-up"
        )

    def test_cancelled_follow_up_does_not_count(self) -> None:
        follow = promise(
            NOW + DAY, follow_up=FollowUpKind.AFTER_UPSET, status=CommitmentStatus.CANCELLED
        )
        assert fires(
            snapshot(interactions=[upset(NOW - DAY)], commitments=[follow]), "upset-no-follow-up"
        )

    def test_a_calmer_conversation_since_clears_it(self) -> None:
        items = [upset(NOW - 3 * DAY), call(NOW - DAY, mood=Mood.NEUTRAL)]
        assert not fires(snapshot(interactions=items), "upset-no-follow-up")

    def test_old_upsets_are_history(self) -> None:
        snap = snapshot(interactions=[upset(NOW - 30 * DAY)])
        assert fires(snap, "upset-no-follow-up")
        assert not fires(snap, "upset-no-follow-up", now=NOW + MINUTE)
        assert datetime(2026, 1, 1, tzinfo=UTC) < NOW
