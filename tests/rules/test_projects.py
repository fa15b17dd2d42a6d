"""no-agreement, moving-target, unpriced-extra, no-follow-up, quiet-project."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from custjournal.domain.enums import FollowUpKind, InteractionKind, ProjectField, ProjectStatus
from custjournal.rules.snapshot import (
    ProjectChangeRecord,
    ProjectRecord,
    RetrospectiveRecord,
    ScopeAdditionRecord,
)

from .build import DAY, MINUTE, NOW, contact_at, fires, next_id, promise, risks, snapshot


def project(**values: Any) -> ProjectRecord:
    values.setdefault("id", 7)
    values.setdefault("customer_id", 1)
    values.setdefault("name", "Mail server renewal")
    values.setdefault("status", ProjectStatus.RUNNING)
    values.setdefault("price", Decimal("4800.00"))
    values.setdefault("scope", "Replace the mail server; move 12 mailboxes")
    values.setdefault("success_criteria", "No lost mail for 30 days")
    values.setdefault("agreed_at", NOW - 60 * DAY)
    values.setdefault("created_at", NOW - 70 * DAY)
    return ProjectRecord(**values)


class TestNoAgreement:
    def test_running_without_price_and_criteria(self) -> None:
        snap = snapshot(projects=[project(price=None, success_criteria=" ")])
        [risk] = risks(snap, "no-agreement")
        assert "is running with no agreed price, success criteria" in risk.reason
        assert (
            risk.key == "no-agreement:project:7"
            and ("missing", "price, success criteria") in risk.facts
        )

    @pytest.mark.parametrize(
        "status", [ProjectStatus.AGREED, ProjectStatus.RUNNING, ProjectStatus.DELIVERED]
    )
    def test_committed_statuses_fire(self, status: ProjectStatus) -> None:
        assert fires(snapshot(projects=[project(status=status, scope="")]), "no-agreement")

    @pytest.mark.parametrize(
        "status", [ProjectStatus.PROPOSED, ProjectStatus.CLOSED, ProjectStatus.CANCELLED]
    )
    def test_other_statuses_do_not(self, status: ProjectStatus) -> None:
        assert not fires(snapshot(projects=[project(status=status, scope="")]), "no-agreement")

    def test_complete_agreement_does_not_fire(self) -> None:
        assert not fires(snapshot(projects=[project()]), "no-agreement")


def change(field: ProjectField, when: Any, **values: Any) -> ProjectChangeRecord:
    return ProjectChangeRecord(id=next_id(), project_id=7, field=field, changed_at=when, **values)


class TestMovingTarget:
    def test_two_changes_fire(self) -> None:
        changes = [
            change(
                ProjectField.PRICE,
                NOW - 30 * DAY,
                old_amount=Decimal(4800),
                new_amount=Decimal(5200),
            ),
            change(
                ProjectField.END,
                NOW - 2 * DAY,
                old_date=date(2026, 12, 4),
                new_date=date(2026, 12, 18),
            ),
        ]
        [risk] = risks(snapshot(projects=[project()], project_changes=changes), "moving-target")
        assert "changed 2 times" in risk.reason and "end 2026-12-04 → 2026-12-18" in risk.reason

    def test_one_change_or_start_and_end_moved_together_is_one(self) -> None:
        together = [
            change(
                ProjectField.START,
                NOW - DAY,
                old_date=date(2026, 11, 1),
                new_date=date(2026, 11, 8),
            ),
            change(
                ProjectField.END, NOW - DAY, old_date=date(2026, 12, 1), new_date=date(2026, 12, 8)
            ),
        ]
        assert not fires(snapshot(projects=[project()], project_changes=together), "moving-target")
        again = [*together, change(ProjectField.PRICE, NOW - DAY + MINUTE)]
        assert fires(snapshot(projects=[project()], project_changes=again), "moving-target")

    def test_threshold_and_finished_projects(self) -> None:
        changes = [change(ProjectField.PRICE, NOW - d * DAY) for d in (1, 2)]
        snap = snapshot(projects=[project()], project_changes=changes)
        assert not fires(snap, "moving-target", settings={"rules.moving-target.changes": 3})
        closed = snapshot(projects=[project(status=ProjectStatus.CLOSED)], project_changes=changes)
        assert not fires(closed, "moving-target")


def extra(**values: Any) -> ScopeAdditionRecord:
    values.setdefault("id", 3)
    values.setdefault("project_id", 7)
    values.setdefault("added_at", NOW - 2 * DAY)
    values.setdefault("description", "A small extra report")
    return ScopeAdditionRecord(**values)


class TestUnpricedExtra:
    def test_the_small_extra_without_a_price(self) -> None:
        [risk] = risks(snapshot(projects=[project()], scope_additions=[extra()]), "unpriced-extra")
        assert (
            "“A small extra report” was added" in risk.reason and "without a price" in risk.reason
        )
        assert risk.key == "unpriced-extra:scope:3" and risk.subject_id == 7

    def test_priced_but_not_agreed_still_fires(self) -> None:
        priced = extra(extra_price=Decimal(600))
        found = risks(snapshot(projects=[project()], scope_additions=[priced]), "unpriced-extra")
        assert "at 600 EUR, not yet agreed" in found[0].reason

    def test_agreeing_the_price_or_that_it_is_free_clears_it(self) -> None:
        items = [extra(id=1, extra_price=Decimal(600), customer_agreed=True),
                 extra(id=2, customer_agreed=True)]  # fmt: skip
        assert not fires(snapshot(projects=[project()], scope_additions=items), "unpriced-extra")

    def test_proposals_are_still_negotiation(self) -> None:
        snap = snapshot(
            projects=[project(status=ProjectStatus.PROPOSED)], scope_additions=[extra()]
        )
        assert not fires(snap, "unpriced-extra")


class TestNoFollowUp:
    def delivered(self, ago: timedelta, **values: Any) -> Any:
        return snapshot(
            projects=[project(status=ProjectStatus.DELIVERED, delivered_at=NOW - ago)], **values
        )

    @pytest.mark.parametrize(
        ("ago", "expected"),
        [(14 * DAY, False), (14 * DAY + MINUTE, True), (14 * DAY - MINUTE, False)],
        ids=["at-14d", "14d-plus-1min", "14d-minus-1min"],
    )
    def test_boundary(self, ago: timedelta, expected: bool) -> None:
        assert fires(self.delivered(ago), "no-follow-up") is expected

    def test_reason(self) -> None:
        [risk] = risks(self.delivered(21 * DAY), "no-follow-up")
        assert "was delivered 3 weeks ago; no retrospective and no follow-up" in risk.reason

    def test_retrospective_or_follow_up_clears_it(self) -> None:
        retro = RetrospectiveRecord(id=1, project_id=7)
        assert not fires(self.delivered(30 * DAY, retrospectives=[retro]), "no-follow-up")
        lunch = promise(NOW + 5 * DAY, project_id=7, follow_up=FollowUpKind.CELEBRATION)
        assert not fires(self.delivered(30 * DAY, commitments=[lunch]), "no-follow-up")
        unrelated = promise(NOW + 5 * DAY, project_id=7)
        assert fires(self.delivered(30 * DAY, commitments=[unrelated]), "no-follow-up")


class TestQuietProject:
    @pytest.mark.parametrize(
        ("quiet", "expected"),
        [(14 * DAY, False), (14 * DAY + MINUTE, True), (14 * DAY - MINUTE, False)],
        ids=["at-14d", "14d-plus-1min", "14d-minus-1min"],
    )
    def test_boundary(self, quiet: timedelta, expected: bool) -> None:
        update = contact_at(NOW - quiet, project_id=7, kind=InteractionKind.EMAIL, title="Status")
        assert (
            fires(snapshot(projects=[project()], interactions=[update]), "quiet-project")
            is expected
        )

    def test_never_updated_counts_from_the_agreement(self) -> None:
        [risk] = risks(snapshot(projects=[project()]), "quiet-project")
        assert risk.severity == "info" and "no update since it was agreed" in risk.reason

    def test_notes_and_other_projects_are_no_update(self) -> None:
        items = [
            contact_at(NOW - DAY, project_id=7, kind=InteractionKind.NOTE),
            contact_at(NOW - DAY, project_id=8, kind=InteractionKind.CALL),
        ]
        assert fires(snapshot(projects=[project()], interactions=items), "quiet-project")

    def test_only_running_projects(self) -> None:
        assert not fires(snapshot(projects=[project(status=ProjectStatus.AGREED)]), "quiet-project")
