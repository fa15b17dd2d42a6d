"""Editors for projects: terms agreed up front, price/timeline changes, scope additions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QWidget

from custjournal.domain.enums import ProjectStatus
from custjournal.gui import fmt
from custjournal.gui.context import AppContext
from custjournal.gui.dialogs.fields import FormDialog, enum_combo, line, muted, text_edit
from custjournal.gui.worker import PROJECTS, Change
from custjournal.services import projects as service
from custjournal.services.views import ProjectView

DATE_HINT = "YYYY-MM-DD"


class ProjectDialog(FormDialog):
    """A new project with its terms, or edit the descriptive terms of one."""

    def __init__(
        self,
        ctx: AppContext,
        *,
        customer_id: int,
        project: ProjectView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "Edit project terms" if project else "New project", parent)
        self.customer_id, self.project = customer_id, project
        p = project
        self.name = self.add_field("name", "&Name", line(p.name if p else ""))
        if p is None:  # price and dates change through their own dialogs, keeping history
            self.price = self.add_field("price", "&Price", line(placeholder="e.g. 12000"))
            self.start = self.add_field("start_date", "&Start", line(placeholder=DATE_HINT))
            self.end = self.add_field("end_date", "&End", line(placeholder=DATE_HINT))
            self.status = self.add_field(
                "status", "S&tatus", enum_combo(ProjectStatus, current=ProjectStatus.PROPOSED)
            )
        self.currency = self.add_field("currency", "&Currency", line(p.currency if p else "EUR"))
        self.scope = self.add_field(
            "scope",
            "S&cope",
            text_edit(p.scope if p else "", placeholder="What is in, what is out"),
        )
        self.success = self.add_field(
            "success_criteria",
            "Success c&riteria",
            text_edit(p.success_criteria if p else "", height=60),
        )
        self.handover = self.add_field(
            "handover_criteria",
            "&Handover criteria",
            text_edit(p.handover_criteria if p else "", height=60),
        )

    def build(self) -> tuple[Callable[[], Any], Change]:
        values: dict[str, Any] = {
            "name": self.name.text(),
            "currency": self.currency.text(),
            "scope": self.scope.toPlainText(),
            "success_criteria": self.success.toPlainText(),
            "handover_criteria": self.handover.toPlainText(),
        }
        journal, now = self.ctx.journal, self.ctx.now()
        change = Change.of(PROJECTS, customer_id=self.customer_id)
        if self.project is None:
            values |= {
                "price": self.price.text().strip(),
                "start_date": self.start.text().strip(),
                "end_date": self.end.text().strip(),
                "status": self.status.currentData(),
            }
            cid = self.customer_id
            return (
                lambda: service.create_project(journal, customer_id=cid, now=now, **values),
                change,
            )
        pid, version = self.project.id, self.project.version
        return (
            lambda: service.update_project(
                journal, project_id=pid, expected_version=version, **values
            ),
            change,
        )


class PriceChangeDialog(FormDialog):
    def __init__(
        self, ctx: AppContext, project: ProjectView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, f"Change price — {project.name}", parent)
        self.project = project
        self.form.addRow("Now", muted(fmt.money(project.price, project.currency)))
        self.price = self.add_field("new_price", "&New price", line())
        self.reason = self.add_field("reason", "&Why", line(placeholder="kept in the history"))

    def build(self) -> tuple[Callable[[], Any], Change]:
        p, journal, now = self.project, self.ctx.journal, self.ctx.now()
        price, reason = self.price.text().strip(), self.reason.text()
        return (
            lambda: service.change_price(
                journal, project_id=p.id, new_price=price, now=now, reason=reason
            ),
            Change.of(PROJECTS, customer_id=p.customer_id),
        )


class TimelineChangeDialog(FormDialog):
    def __init__(
        self, ctx: AppContext, project: ProjectView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, f"Change timeline — {project.name}", parent)
        self.project = project
        self.form.addRow(
            "Now", muted(f"{fmt.date_text(project.start_date)} → {fmt.date_text(project.end_date)}")
        )
        self.start = self.add_field("start_date", "New &start", line(placeholder=DATE_HINT))
        self.end = self.add_field("end_date", "New &end", line(placeholder=DATE_HINT))
        self.reason = self.add_field("reason", "&Why", line(placeholder="kept in the history"))

    def build(self) -> tuple[Callable[[], Any], Change]:
        p, journal, now = self.project, self.ctx.journal, self.ctx.now()
        start, end, reason = self.start.text().strip(), self.end.text().strip(), self.reason.text()
        return (
            lambda: service.change_timeline(
                journal,
                project_id=p.id,
                now=now,
                start_date=start or None,
                end_date=end or None,
                reason=reason,
            ),
            Change.of(PROJECTS, customer_id=p.customer_id),
        )


class ScopeDialog(FormDialog):
    def __init__(
        self, ctx: AppContext, project: ProjectView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, f"Add scope — {project.name}", parent)
        self.project = project
        self.description = self.add_field("description", "&What is added", text_edit(height=60))
        self.price = self.add_field(
            "extra_price", "E&xtra price", line(placeholder="leave empty only if not agreed yet")
        )
        self.agreed = self.add_field(
            "customer_agreed", "", QCheckBox("The customer &agreed this price")
        )

    def build(self) -> tuple[Callable[[], Any], Change]:
        p, journal, now = self.project, self.ctx.journal, self.ctx.now()
        text, price = self.description.toPlainText(), self.price.text().strip()
        agreed = self.agreed.isChecked()
        return (
            lambda: service.add_scope(
                journal,
                project_id=p.id,
                description=text,
                now=now,
                extra_price=price or None,
                customer_agreed=agreed,
            ),
            Change.of(PROJECTS, customer_id=p.customer_id),
        )


class StatusDialog(FormDialog):
    def __init__(
        self, ctx: AppContext, project: ProjectView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, f"Project status — {project.name}", parent)
        self.project = project
        self.status = self.add_field(
            "status", "&Status", enum_combo(ProjectStatus, current=project.status)
        )

    def build(self) -> tuple[Callable[[], Any], Change]:
        p, journal, now, status = (
            self.project,
            self.ctx.journal,
            self.ctx.now(),
            self.status.currentData(),
        )
        return (
            lambda: service.set_project_status(journal, project_id=p.id, status=status, now=now),
            Change.of(PROJECTS, customer_id=p.customer_id),
        )
