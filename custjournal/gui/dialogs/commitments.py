"""Editors for promises, appointments, reschedules, notices and risk snoozes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from custjournal.domain.enums import Channel, Direction, NoticeKind
from custjournal.gui import fmt
from custjournal.gui.context import AppContext
from custjournal.gui.dialogs.fields import (
    FormDialog,
    WhenEdit,
    enum_combo,
    line,
    muted,
    project_combo,
    text_edit,
)
from custjournal.gui.worker import COMMITMENTS, RISKS, Change
from custjournal.services import commitments as service
from custjournal.services.commitment_views import CommitmentView
from custjournal.services.risks import snooze_risk
from custjournal.services.views import CustomerView


def owner_edit(owner: str) -> QLineEdit:
    """Who on our side made the promise or goes: on a team journal, which colleague."""
    return line(owner, placeholder="you or a colleague (Settings: your name on this computer)")


def _direction_combo(direction: Direction) -> Any:
    combo = enum_combo([], current=None)
    combo.addItem("I promised (mine)", Direction.MINE)
    combo.addItem("They promised (theirs)", Direction.THEIRS)
    combo.setCurrentIndex(0 if direction == Direction.MINE else 1)
    return combo


class PromiseDialog(FormDialog):
    def __init__(
        self,
        ctx: AppContext,
        customer: CustomerView,
        *,
        direction: Direction = Direction.MINE,
        projects: Sequence[Any] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, f"Add a promise — {customer.name}", parent)
        self.customer = customer
        self.title_edit = self.add_field("title", "&What", line(placeholder="e.g. Send the quote"))
        self.due = self.add_field(
            "due_at", "&Due", WhenEdit(ctx, field="due_at", other_tz=customer.timezone)
        )
        self.direction = self.add_field("direction", "&Who owes it", _direction_combo(direction))
        self.owner = self.add_field("owner", "&Owner", owner_edit(ctx.owner))
        # The customer's promises are nobody's on our side.
        self.direction.currentIndexChanged.connect(self._direction_changed)
        self._direction_changed()
        self.project = self.add_field("project_id", "&Project", project_combo(projects))
        self.details = self.add_field("details", "De&tails", text_edit(height=60))

    def build(self) -> tuple[Callable[[], Any], Change]:
        due, journal, now, cid = (
            self.due.value(),
            self.ctx.journal,
            self.ctx.now(),
            self.customer.id,
        )
        title, direction = self.title_edit.text(), self.direction.currentData()
        details, project_id = self.details.toPlainText(), self.project.currentData()
        owner = self.owner.text() if direction == Direction.MINE else ""
        return (
            lambda: service.add_promise(
                journal,
                customer_id=cid,
                title=title,
                due_at=due,
                now=now,
                direction=direction,
                details=details,
                project_id=project_id,
                owner=owner,
            ),
            Change.of(COMMITMENTS, customer_id=cid),
        )

    def _direction_changed(self) -> None:
        self.owner.setEnabled(self.direction.currentData() == Direction.MINE)


class AppointmentDialog(FormDialog):
    def __init__(
        self,
        ctx: AppContext,
        customer: CustomerView,
        *,
        projects: Sequence[Any] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, f"Add an appointment — {customer.name}", parent)
        self.customer = customer
        self.title_edit = self.add_field("title", "&What", line(placeholder="e.g. Kick-off"))
        self.starts = self.add_field(
            "starts_at", "&Starts", WhenEdit(ctx, field="starts_at", other_tz=customer.timezone)
        )
        self.duration = self.add_field("duration_minutes", "&Minutes", line("60"))
        self.channel = self.add_field(
            "channel", "C&hannel", enum_combo(Channel, current=Channel.IN_PERSON)
        )
        self.location = self.add_field("location", "&Place", line())
        self.rrule = self.add_field(
            "rrule", "&Repeats (RRULE)", line(placeholder="e.g. FREQ=MONTHLY;COUNT=6 — optional")
        )
        self.owner = self.add_field("owner", "Wh&o goes", owner_edit(ctx.owner))
        self.project = self.add_field("project_id", "Pro&ject", project_combo(projects))
        self.confirmed = self.add_field("confirmed", "", QCheckBox("The customer &confirmed"))
        self.details = self.add_field("details", "De&tails", text_edit(height=50))

    def build(self) -> tuple[Callable[[], Any], Change]:
        starts = self.starts.value()
        values = {
            "title": self.title_edit.text(),
            "starts_at": starts,
            "duration_minutes": self.duration.text().strip(),
            "channel": self.channel.currentData(),
            "location": self.location.text(),
            "rrule": self.rrule.text().strip(),
            "confirmed": self.confirmed.isChecked(),
            "details": self.details.toPlainText(),
            "project_id": self.project.currentData(),
            "owner": self.owner.text(),
        }
        journal, now, cid = self.ctx.journal, self.ctx.now(), self.customer.id
        return (
            lambda: service.add_appointment(journal, customer_id=cid, now=now, **values),
            Change.of(COMMITMENTS, customer_id=cid),
        )


class RescheduleDialog(FormDialog):
    """Move a promise or an appointment; for an appointment, say how the customer was told."""

    def __init__(
        self,
        ctx: AppContext,
        commitment: CommitmentView,
        *,
        other_tz: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, f"Reschedule — {commitment.title}", parent)
        self.commitment = commitment
        self.form.addRow(
            "Now", muted(fmt.when(commitment.due_at, ctx.user_tz, other_tz or commitment.timezone))
        )
        self.when = self.add_field(
            "new_due_at",
            "&New time",
            WhenEdit(ctx, field="new_due_at", other_tz=other_tz or commitment.timezone),
        )
        self.reason = self.add_field("reason", "&Why", line())
        self.channel = self.add_field(
            "notice_channel",
            "Customer told &by",
            enum_combo(Channel, optional=True, current=Channel.PHONE),
        )
        self.acknowledged = self.add_field(
            "acknowledged", "", QCheckBox("They &acknowledged the change")
        )

    def build(self) -> tuple[Callable[[], Any], Change]:
        new_due = self.when.value()
        c, journal, now = self.commitment, self.ctx.journal, self.ctx.now()
        reason, channel = self.reason.text(), self.channel.currentData()
        acknowledged = self.acknowledged.isChecked()
        is_appointment = c.kind.value == "appointment"
        return (
            lambda: service.reschedule_commitment(
                journal,
                commitment_id=c.id,
                new_due_at=new_due,
                now=now,
                reason=reason,
                notice_channel=channel if is_appointment else None,
                acknowledged=acknowledged,
            ),
            Change.of(COMMITMENTS, customer_id=c.customer_id),
        )


class NoticeDialog(FormDialog):
    """Announce a planned change (or cancellation): exactly what changes, how they were told."""

    def __init__(
        self, ctx: AppContext, customer: CustomerView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, f"Record a notice — {customer.name}", parent)
        self.customer = customer
        self.kind = self.add_field(
            "kind", "&Kind", enum_combo(NoticeKind, current=NoticeKind.PLANNED_CHANGE)
        )
        self.title_edit = self.add_field(
            "title", "&Title", line(placeholder="e.g. Mail server reboot")
        )
        self.what = self.add_field(
            "what_changes",
            "What &exactly changes",
            text_edit(placeholder="Only what is written here may be done", height=60),
        )
        self.effective = self.add_field(
            "effective_at",
            "&Happens at",
            WhenEdit(ctx, field="effective_at", other_tz=customer.timezone),
        )
        self.channel = self.add_field(
            "channel", "Told &by", enum_combo(Channel, current=Channel.PHONE)
        )
        self.sent = self.add_field(
            "sent_at", "Told &at", WhenEdit(ctx, field="sent_at", text="now")
        )
        self.acknowledged = self.add_field(
            "acknowledged_at", "", QCheckBox("They &acknowledged it")
        )

    def build(self) -> tuple[Callable[[], Any], Change]:
        effective, sent = self.effective.value(), self.sent.value()
        journal, now, cid = self.ctx.journal, self.ctx.now(), self.customer.id
        values = {
            "kind": self.kind.currentData(),
            "title": self.title_edit.text(),
            "what_changes": self.what.toPlainText(),
            "effective_at": effective,
            "channel": self.channel.currentData(),
            "sent_at": sent,
            "acknowledged_at": now if self.acknowledged.isChecked() else None,
        }
        return (
            lambda: service.record_notice(journal, customer_id=cid, now=now, **values),
            Change.of(COMMITMENTS, customer_id=cid),
        )


class SnoozeDialog(FormDialog):
    """Hide a risk until a date; it comes back by itself if still true then."""

    def __init__(self, ctx: AppContext, risk: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Snooze risk", parent)
        self.risk = risk
        self.form.addRow("Risk", muted(risk.reason))
        self.until = self.add_field(
            "until", "Hide &until", WhenEdit(ctx, field="until", text="tomorrow 9am")
        )
        self.save_button.setText("Snooze")

    def build(self) -> tuple[Callable[[], Any], Change]:
        until, journal, now, key = (
            self.until.value(),
            self.ctx.journal,
            self.ctx.now(),
            self.risk.key,
        )
        return (
            lambda: snooze_risk(journal, key=key, until=until, now=now),
            Change.of(RISKS, customer_id=self.risk.customer_id),
        )
