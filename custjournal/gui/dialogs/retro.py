"""The guided retrospective: computed figures, the user's answers, and follow-ups to schedule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from custjournal.domain.enums import WorkAgain
from custjournal.gui import fmt
from custjournal.gui.browser import SafeBrowser
from custjournal.gui.context import AppContext
from custjournal.gui.dialogs.fields import FormDialog, text_edit
from custjournal.gui.worker import COMMITMENTS, PROJECTS, Change
from custjournal.services.render.retro_html import render_retro_html
from custjournal.services.render.timeline_svg import timeline_svg
from custjournal.services.retro_followups import (
    check_follow_ups,
    propose_follow_ups,
    schedule_follow_ups,
)
from custjournal.services.retrospective import build_retrospective, save_retrospective
from custjournal.store import Journal

IMAGE = "retro-timeline.png"


@dataclass(frozen=True)
class RetroData:
    report: Any
    proposals: list[Any]
    html: str
    svg: str


def load_retro(journal: Journal, project_id: int, now: Any) -> RetroData:
    report = build_retrospective(journal, project_id=project_id, now=now)
    proposals = propose_follow_ups(journal, project_id=project_id, now=now)
    html = render_retro_html(report, proposals=proposals, image_src=IMAGE)
    return RetroData(report, proposals, html, timeline_svg(report))


def save_retro(
    journal: Journal,
    project_id: int,
    now: Any,
    answers: dict[str, Any],
    chosen: list[Any],
    owner: str = "",
) -> None:
    # Checked first: the answers and the follow-ups are two units of work, and a refused
    # follow-up must not leave the answers saved without them.
    check_follow_ups(chosen, now=now)
    save_retrospective(journal, project_id=project_id, now=now, **answers)
    if chosen:
        schedule_follow_ups(journal, project_id=project_id, proposals=chosen, now=now, owner=owner)


class RetroDialog(FormDialog):
    def __init__(
        self, ctx: AppContext, project_id: int, data: RetroData, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, f"Retrospective — {data.report.project_name}", parent)
        self.project_id, self.data = project_id, data
        answers = data.report.answers
        self.figures = SafeBrowser()
        self.figures.setObjectName("retro_figures")
        if data.svg:
            from custjournal.gui.pdf import svg_image

            self.figures.document().addResource(
                QTextDocument.ResourceType.ImageResource, QUrl(IMAGE), svg_image(data.svg)
            )
        self.figures.setHtml(data.html)
        self.went_well = self.add_field(
            "went_well", "What went &well", text_edit(answers.went_well, height=50)
        )
        self.went_wrong = self.add_field(
            "went_wrong", "What went w&rong", text_edit(answers.went_wrong, height=50)
        )
        self.i_own = self.add_field("i_own", "What &I own", text_edit(answers.i_own, height=50))
        self.satisfaction = QComboBox()
        self.satisfaction.addItem("—", None)
        for score in range(1, 6):
            self.satisfaction.addItem(f"{score} of 5", score)
        if answers.satisfaction:
            self.satisfaction.setCurrentIndex(answers.satisfaction)
        self.add_field("satisfaction", "Customer &satisfaction", self.satisfaction)
        self.work_again = QComboBox()
        self.work_again.addItem("—", None)
        for value in WorkAgain:
            self.work_again.addItem(fmt.label(value), value)
        if answers.work_again:
            self.work_again.setCurrentIndex(self.work_again.findData(answers.work_again))
        self.add_field("work_again", "Work together a&gain?", self.work_again)
        self.lessons = self.add_field("lessons", "&Lessons", text_edit(answers.lessons, height=50))
        self.proposal_boxes: list[tuple[QCheckBox, Any]] = []
        for proposal in data.proposals:
            box = QCheckBox(
                f"{proposal.title} — {fmt.when(proposal.due_at, ctx.user_tz, proposal.timezone)}"
            )
            box.setChecked(True)
            self.proposal_boxes.append((box, proposal))
            self.form.addRow("Schedule" if len(self.proposal_boxes) == 1 else "", box)
        # The computed figures first: the answers are easier to write with them in view.
        self.layout().insertWidget(0, self.figures, 1)
        self.resize(900, 860)

    def build(self) -> tuple[Callable[[], Any], Change]:
        answers = {
            "went_well": self.went_well.toPlainText(),
            "went_wrong": self.went_wrong.toPlainText(),
            "i_own": self.i_own.toPlainText(),
            "satisfaction": self.satisfaction.currentData(),
            "work_again": self.work_again.currentData(),
            "lessons": self.lessons.toPlainText(),
            # Answers a colleague saved since this dialog opened are not overwritten.
            "expected_version": self.data.report.answers.version,
        }
        chosen = [p for box, p in self.proposal_boxes if box.isChecked()]
        journal, now, pid, owner = self.ctx.journal, self.ctx.now(), self.project_id, self.ctx.owner
        customer_id = self.data.report.customer_id
        return (
            lambda: save_retro(journal, pid, now, answers, chosen, owner),
            Change.of(PROJECTS, COMMITMENTS, customer_id=customer_id),
        )
