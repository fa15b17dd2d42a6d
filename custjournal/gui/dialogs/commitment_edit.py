"""Edit what an existing promise or appointment is; its time moves only through Reschedule."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from custjournal.domain.enums import Channel, CommitmentKind, Direction
from custjournal.domain.errors import ConflictError
from custjournal.gui import fmt
from custjournal.gui.context import AppContext
from custjournal.gui.dialogs.commitments import owner_edit
from custjournal.gui.dialogs.fields import (
    FormDialog,
    enum_combo,
    line,
    muted,
    project_combo,
    text_edit,
)
from custjournal.gui.worker import COMMITMENTS, Change
from custjournal.services import commitments as service
from custjournal.services.commitment_views import CommitmentView
from custjournal.services.views import ContactView, CustomerView


def contact_combo(contacts: Sequence[ContactView], current: int | None = None) -> QComboBox:
    """The customer's contacts to name as the person this is with (or nobody in particular)."""
    combo = QComboBox()
    combo.addItem("— nobody in particular —", None)
    for contact in contacts:
        combo.addItem(
            f"{contact.name} ({contact.role})" if contact.role else contact.name, contact.id
        )
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class CommitmentEditDialog(FormDialog):
    """Title, details, links and, for an appointment, place, channel and length.

    Saves with the version read, so an edit made elsewhere meanwhile is refused, not lost.
    """

    def __init__(
        self,
        ctx: AppContext,
        commitment: CommitmentView,
        customer: CustomerView,
        *,
        projects: Sequence[Any] = (),
        parent: QWidget | None = None,
    ) -> None:
        c = commitment
        self.is_appointment = c.kind == CommitmentKind.APPOINTMENT
        noun = "appointment" if self.is_appointment else "promise"
        super().__init__(ctx, f"Edit {noun} — {customer.name}", parent)
        self.commitment, self.customer = c, customer
        self.title_edit = self.add_field("title", "&What", line(c.title))
        # The time is shown, not edited: moving it goes through Reschedule, which records
        # the move and how the customer was told.
        when = muted(f"{fmt.when(c.due_at, ctx.user_tz, c.timezone)}\nTo move it, use Reschedule…")
        when.setWordWrap(False)  # a wrapping label in a form row gets clipped to one line's height
        self.form.addRow("When", when)
        if self.is_appointment:
            self.channel = self.add_field(
                "channel", "C&hannel", enum_combo(Channel, optional=True, current=c.channel)
            )
            self.location = self.add_field(
                "location", "&Place", line(c.location, placeholder="address or room")
            )
            self.duration = self.add_field(
                "duration_minutes",
                "&Length (minutes)",
                line(str(c.duration_minutes or ""), placeholder="e.g. 60"),
            )
        self.owner: QLineEdit | None = None
        if c.direction == Direction.MINE:  # the customer's promises are nobody's on our side
            label = "Who &goes" if self.is_appointment else "Ow&ner"  # C&ontact takes o
            self.owner = self.add_field("owner", label, owner_edit(c.owner))
        self.contact = self.add_field(
            "contact_id", "C&ontact", contact_combo(customer.contacts, c.contact_id)
        )
        self.project = self.add_field(
            "project_id", "Pro&ject", project_combo(projects, c.project_id)
        )
        self.details = self.add_field("details", "De&tails", text_edit(c.details, height=70))

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "title": self.title_edit.text(),
            "details": self.details.toPlainText(),
            "contact_id": self.contact.currentData(),
            "project_id": self.project.currentData(),
        }
        if self.owner is not None:
            values["owner"] = self.owner.text()
        if self.is_appointment:
            values |= {
                "channel": self.channel.currentData(),
                "location": self.location.text(),
                "duration_minutes": self.duration.text().strip(),
            }
        return values

    def build(self) -> tuple[Callable[[], Any], Change]:
        values, journal = self.values(), self.ctx.journal
        cid, version = self.commitment.id, self.commitment.version
        return (
            lambda: service.update_commitment(
                journal, commitment_id=cid, expected_version=version, **values
            ),
            Change.of(COMMITMENTS, customer_id=self.commitment.customer_id),
        )

    def show_error(self, exc: BaseException) -> None:
        if not isinstance(exc, ConflictError):
            super().show_error(exc)
            return
        # The fields keep what the user typed, so they can copy it before reopening.
        self.save_button.setEnabled(True)
        self.general_error.setText(
            "Not saved: this was changed elsewhere since you opened it. Your text is still "
            "here — copy what you need, then close and reopen it to see the other change."
        )
        self.general_error.show()
