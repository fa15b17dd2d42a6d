"""Editors for customers, contacts and notes (interactions)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from zoneinfo import available_timezones

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QCheckBox, QCompleter, QHBoxLayout, QWidget

from custjournal.domain.enums import Channel, InteractionKind, Mood, Stage, Temperament
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
from custjournal.gui.drafts import DraftStore, drafts_dir
from custjournal.gui.worker import CUSTOMERS, INTERACTIONS, Change
from custjournal.services import customers as customer_service
from custjournal.services import journal as journal_service
from custjournal.services.views import ContactView, CustomerView, InteractionView


class CustomerDialog(FormDialog):
    """New customer, or edit one (with the version read, so a concurrent edit is detected)."""

    def __init__(
        self, ctx: AppContext, customer: CustomerView | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "Edit customer" if customer else "New customer", parent)
        c = customer
        self.customer = c
        self.name = self.add_field("name", "&Name", line(c.name if c else ""))
        self.stage = self.add_field(
            "stage", "&Stage", enum_combo(Stage, current=c.stage if c else Stage.PROSPECT)
        )
        self.temperament = self.add_field(
            "temperament", "&Temperament", enum_combo(Temperament, current=c and c.temperament)
        )
        self.channel = self.add_field(
            "preferred_channel",
            "Prefers &channel",
            enum_combo(Channel, optional=True, current=c and c.preferred_channel),
        )
        self.cadence = self.add_field(
            "cadence_days",
            "Con&tact every (days)",
            line(str(c.cadence_days) if c and c.cadence_days else "", placeholder="default"),
        )
        self.timezone = self.add_field(
            "timezone",
            "Time &zone",
            line(c.timezone if c else ctx.user_tz, placeholder="e.g. Europe/Helsinki"),
        )
        zones = QCompleter(sorted(available_timezones()), self.timezone)
        zones.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        zones.setFilterMode(Qt.MatchFlag.MatchContains)
        self.timezone.setCompleter(zones)
        self.country = self.add_field(
            "country", "C&ountry", line(c.country if c else "", placeholder="two letters, e.g. FI")
        )
        self.culture = self.add_field("culture", "C&ulture", line(c.culture if c else ""))
        self.org = self.add_field(
            "organisation_type", "Organisation type", line(c.organisation_type if c else "")
        )
        self.request = self.add_field(
            "request", "What they &asked for", text_edit(c.request if c else "", height=60)
        )
        self.root_need = self.add_field(
            "root_need",
            "What they really &need",
            text_edit(
                c.root_need if c else "", placeholder="Ask why until you reach it", height=60
            ),
        )
        self.notes = self.add_field("notes", "Notes", text_edit(c.notes if c else "", height=60))

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "stage": self.stage.currentData(),
            "temperament": self.temperament.currentData(),
            "preferred_channel": self.channel.currentData(),
            "cadence_days": self.cadence.text().strip(),
            "timezone": self.timezone.text().strip(),
            "country": self.country.text(),
            "culture": self.culture.text(),
            "organisation_type": self.org.text(),
            "request": self.request.toPlainText(),
            "root_need": self.root_need.toPlainText(),
            "notes": self.notes.toPlainText(),
        }

    def build(self) -> tuple[Callable[[], Any], Change]:
        values, journal, now = self.values(), self.ctx.journal, self.ctx.now()
        if self.customer is None:
            return (
                lambda: customer_service.create_customer(journal, now=now, **values),
                Change.of(CUSTOMERS),
            )
        cid, version = self.customer.id, self.customer.version
        return (
            lambda: customer_service.update_customer(
                journal, customer_id=cid, expected_version=version, **values
            ),
            Change.of(CUSTOMERS, customer_id=cid),
        )


class ContactDialog(FormDialog):
    def __init__(
        self,
        ctx: AppContext,
        customer_id: int,
        contact: ContactView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "Edit contact" if contact else "New contact", parent)
        self.customer_id, self.contact = customer_id, contact
        c = contact
        self.name = self.add_field("name", "&Name", line(c.name if c else ""))
        self.role = self.add_field("role", "&Role", line(c.role if c else ""))
        self.address = self.add_field(
            "form_of_address",
            "&Address as",
            line(c.form_of_address if c else "", placeholder="e.g. Dr. Müller until invited"),
        )
        self.email = self.add_field("email", "&E-mail", line(c.email if c else ""))
        self.phone = self.add_field("phone", "&Phone", line(c.phone if c else ""))
        self.channel = self.add_field(
            "preferred_channel",
            "Prefers &channel",
            enum_combo(Channel, optional=True, current=c and c.preferred_channel),
        )
        self.notes = self.add_field("notes", "Notes", text_edit(c.notes if c else "", height=60))

    def build(self) -> tuple[Callable[[], Any], Change]:
        values = {
            "name": self.name.text(),
            "role": self.role.text(),
            "form_of_address": self.address.text(),
            "email": self.email.text(),
            "phone": self.phone.text(),
            "preferred_channel": self.channel.currentData(),
            "notes": self.notes.toPlainText(),
        }
        journal, change = self.ctx.journal, Change.of(CUSTOMERS, customer_id=self.customer_id)
        if self.contact is None:
            cid = self.customer_id
            return lambda: customer_service.add_contact(journal, customer_id=cid, **values), change
        contact_id, version = self.contact.id, self.contact.version
        return (
            lambda: customer_service.update_contact(
                journal, contact_id=contact_id, expected_version=version, **values
            ),
            change,
        )


class NoteDialog(FormDialog):
    """Log an interaction (meeting, call, e-mail…) with a Markdown body, or edit one."""

    def __init__(
        self,
        ctx: AppContext,
        customer: CustomerView,
        note: InteractionView | None = None,
        *,
        kind: InteractionKind = InteractionKind.NOTE,
        projects: Sequence[Any] = (),
        parent: QWidget | None = None,
    ) -> None:
        title = f"Edit note — {customer.name}" if note else f"Log a note — {customer.name}"
        super().__init__(ctx, title, parent)
        self.customer, self.note = customer, note
        n = note
        self.kind = self.add_field(
            "kind", "&Kind", enum_combo(InteractionKind, current=n.kind if n else kind)
        )
        self.channel = self.add_field(
            "channel", "C&hannel", enum_combo(Channel, optional=True, current=n and n.channel)
        )
        self.when = self.add_field(
            "occurred_at",
            "&When",
            WhenEdit(ctx, field="occurred_at", other_tz=customer.timezone, text="" if n else "now"),
        )
        if n:
            self.when.set_value(n.occurred_at)
        self.title_edit = self.add_field("title", "&Title", line(n.title if n else ""))
        self.body = self.add_field(
            "body",
            "&Note (Markdown)",
            text_edit(
                n.body if n else "", placeholder="What was said, decided, promised", height=140
            ),
        )
        self.project = self.add_field(
            "project_id", "&Project", project_combo(projects, n.project_id if n else None)
        )
        self.present: dict[int, QCheckBox] = {}
        if customer.contacts:  # no contacts on file: nothing to tick, so no row at all
            row = QWidget()
            boxes = QHBoxLayout(row)
            boxes.setContentsMargins(0, 0, 0, 0)
            for c in customer.contacts:
                box = QCheckBox(f"{c.name} ({c.role})" if c.role else c.name)
                box.setChecked(bool(n) and c.id in n.contact_ids)
                boxes.addWidget(box)
                self.present[c.id] = box
            boxes.addStretch()
            self.add_field("contact_ids", "Present", row)
        self.mood = self.add_field(
            "mood", "&Mood", enum_combo(Mood, current=n.mood if n else Mood.NEUTRAL)
        )
        self.questions = self.add_field(
            "questions",
            "&Questions they asked",
            text_edit("\n".join(n.questions) if n else "", placeholder="One per line", height=50),
        )
        self._setup_draft()

    # -- drafts: what is typed survives a crash until it is saved or deliberately dropped --
    def _draft_fields(self) -> dict[str, str]:
        return {
            "title": self.title_edit.text(),
            "body": self.body.toPlainText(),
            "questions": self.questions.toPlainText(),
            "when": self.when.edit.text(),
        }

    def _setup_draft(self) -> None:
        self.drafts = DraftStore(drafts_dir(self.ctx.journal))
        self.draft_key = f"note-{self.note.id}" if self.note else f"new-note-{self.customer.id}"
        self.draft_notice = muted("", "muted")
        self.form.addRow(self.draft_notice)
        found = self.drafts.load(self.draft_key)
        if found is not None:
            fields, saved_at = found
            self.title_edit.setText(fields.get("title", ""))
            self.body.setPlainText(fields.get("body", ""))
            self.questions.setPlainText(fields.get("questions", ""))
            if fields.get("when"):
                self.when.edit.setText(fields["when"])
            self.draft_notice.setText(f"Restored your unsaved draft from {saved_at[:16]}.")
        self._autosave = QTimer(self, singleShot=True, interval=800)
        self._autosave.timeout.connect(self.save_draft)
        for signal in (
            self.title_edit.textChanged,
            self.body.textChanged,
            self.questions.textChanged,
            self.when.edit.textChanged,
        ):
            signal.connect(self._autosave.start)
        self.saved.connect(lambda _r: self._drop_draft())
        self.rejected.connect(self._drop_draft)

    def save_draft(self) -> None:
        fields = self._draft_fields()
        if any(value.strip() for key, value in fields.items() if key != "when"):
            self.drafts.save(self.draft_key, fields, at=self.ctx.now())

    def _drop_draft(self) -> None:
        self._autosave.stop()
        self.drafts.discard(self.draft_key)

    def build(self) -> tuple[Callable[[], Any], Change]:
        occurred = self.when.value()
        values = {
            "kind": self.kind.currentData(),
            "channel": self.channel.currentData(),
            "occurred_at": occurred,
            "title": self.title_edit.text(),
            "body": self.body.toPlainText(),
            "mood": self.mood.currentData(),
            "project_id": self.project.currentData(),
            "questions": [q for q in self.questions.toPlainText().splitlines() if q.strip()],
            "contact_ids": [i for i, box in self.present.items() if box.isChecked()],
        }
        journal, now = self.ctx.journal, self.ctx.now()
        cid = self.customer.id
        change = Change.of(INTERACTIONS, CUSTOMERS, customer_id=cid)
        if self.note is None:
            return (
                lambda: journal_service.log_interaction(
                    journal, customer_id=cid, now=now, **values
                ),
                change,
            )
        nid, version = self.note.id, self.note.version
        return (
            lambda: journal_service.update_interaction(
                journal, interaction_id=nid, expected_version=version, **values
            ),
            change,
        )
