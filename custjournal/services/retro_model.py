"""The retrospective as data: frozen values the renderers and the window read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from custjournal.domain.enums import Direction, ProjectStatus, WorkAgain
from custjournal.services.drift import ProjectTerms
from custjournal.services.retro_risks import RiskCount


@dataclass(frozen=True, slots=True)
class PromiseTally:
    made: int
    kept: int
    kept_on_time: int
    broken: int
    late_open: int
    still_open: int

    @staticmethod
    def pct(part: int, whole: int) -> int | None:
        return round(100 * part / whole) if whole else None

    @property
    def kept_pct(self) -> int | None:
        return self.pct(self.kept, self.made)

    @property
    def on_time_pct(self) -> int | None:
        return self.pct(self.kept_on_time, self.made)


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    at: datetime
    kind: str  # "promise" or "contact"
    direction: Direction | None
    outcome: str  # kept | late | broken | open | contact
    title: str


@dataclass(frozen=True, slots=True)
class MonthContact:
    month: str  # "2026-06"
    contacts: int


@dataclass(frozen=True, slots=True)
class Answers:
    went_well: str
    went_wrong: str
    i_own: str
    satisfaction: int | None
    work_again: WorkAgain | None
    lessons: str
    saved_at: datetime | None
    completed_at: datetime | None
    # The saved retrospective's version (0: none saved yet), for save_retrospective's check.
    version: int = 0


EMPTY_ANSWERS = Answers("", "", "", None, None, "", None, None)


@dataclass(frozen=True, slots=True)
class FollowUpLine:
    id: int
    title: str
    due_at: datetime
    kind: str
    status: str


@dataclass(frozen=True, slots=True)
class RetroReport:
    generated_at: datetime
    user_timezone: str
    project_id: int
    project_name: str
    customer_id: int
    customer_name: str
    customer_timezone: str
    status: ProjectStatus
    period_start: date
    period_end: date
    terms: ProjectTerms
    mine: PromiseTally
    theirs: PromiseTally
    delivered_vs_first_end_days: int | None
    months: tuple[MonthContact, ...]
    risks: tuple[RiskCount, ...]
    risks_available: bool
    risk_checks: int
    answers: Answers
    events: tuple[TimelineEvent, ...]
    follow_ups: tuple[FollowUpLine, ...]

    @property
    def cadence_pct(self) -> int | None:
        kept = sum(1 for m in self.months if m.contacts > 0)
        return PromiseTally.pct(kept, len(self.months))

    @property
    def months_with_contact(self) -> int:
        return sum(1 for m in self.months if m.contacts > 0)

    @property
    def risk_total(self) -> int:
        return sum(r.count for r in self.risks)
