"""The one place every risk rule is registered: id, title, explanation, severity, thresholds."""

from __future__ import annotations

from custjournal.domain.times import MAX_DURATION_MINUTES
from custjournal.rules import calendar, commitments, customers, projects
from custjournal.rules.base import Rule, Threshold
from custjournal.rules.risk import Severity

C, W, INFO = Severity.CRITICAL, Severity.WARNING, Severity.INFO

_GRACE = Threshold("grace_minutes", 0, "minutes", "how late before it counts as overdue")

RULES: tuple[Rule, ...] = (
    Rule(
        "overdue",
        "My promise is overdue",
        "An open promise of mine is past its due time. Deliver, or agree a new date before the "
        "customer has to chase you.",
        C,
        (_GRACE,),
        commitments.overdue,
    ),
    Rule(
        "unconfirmed-soon",
        "Appointment not confirmed",
        "An appointment starts soon and the customer has not confirmed it.",
        W,
        (Threshold("hours", 48, "hours", "how far ahead to look", minimum=1),),
        commitments.unconfirmed_soon,
    ),
    Rule(
        "moved-without-call",
        "Moved or cancelled without a call",
        "An appointment was moved or cancelled and the customer was told only in writing and has "
        "not acknowledged it, or was told in writing at short notice. A phone call settles it.",
        W,
        (Threshold("hours", 24, "hours", "less notice than this needs a call", minimum=1),),
        commitments.moved_without_call,
    ),
    Rule(
        "change-unacknowledged",
        "Announced change not acknowledged",
        "A planned change (a reboot, a migration) happens soon and its written notice is not "
        "acknowledged. Call before you carry it out.",
        C,
        (Threshold("hours", 24, "hours", "how far ahead to look", minimum=1),),
        commitments.change_unacknowledged,
    ),
    Rule(
        "silent-customer",
        "Active customer not contacted",
        "An active customer has had no contact for longer than their cadence (the customer's "
        "own cadence, else the global one).",
        W,
        (
            Threshold(
                "days",
                30,
                "days",
                "talk to each active customer at least this often",
                minimum=1,
                setting="contact.cadence_days",
            ),
        ),
        customers.silent_customer,
    ),
    Rule(
        "no-agreement",
        "Working without an agreement",
        "A project is agreed, running or delivered without a price, a scope or success criteria.",
        W,
        (),
        projects.no_agreement,
    ),
    Rule(
        "moving-target",
        "Price or timeline keeps moving",
        "A project's price or timeline changed several times; re-agree the whole deal.",
        W,
        (Threshold("changes", 2, "changes", "this many changes is a moving target", minimum=1),),
        projects.moving_target,
    ),
    Rule(
        "unpriced-extra",
        "Extra scope without an agreed price",
        "Work was added to a project without a price the customer agreed (or agreed to be free).",
        W,
        (),
        projects.unpriced_extra,
    ),
    Rule(
        "no-follow-up",
        "Delivered, no retrospective or follow-up",
        "A project was delivered a while ago and neither a retrospective nor a follow-up "
        "(celebration, feedback, check-in) exists.",
        W,
        (Threshold("days", 14, "days", "days after delivery", minimum=1),),
        projects.no_follow_up,
    ),
    Rule(
        "their-promise-slipping",
        "The customer's promise is late",
        "Something the customer's side promised is overdue. Offer help; don't wait.",
        W,
        (_GRACE,),
        commitments.their_promise_slipping,
    ),
    Rule(
        "double-booked",
        "Double-booked or no time to travel",
        "Two appointments overlap, two in-person ones at different places leave less than the "
        "travel buffer between them, or a day is booked beyond the daily limit.",
        W,
        (
            Threshold("travel_buffer_minutes", 30, "minutes", "time to get between places"),
            Threshold("daily_limit_hours", 8, "hours", "most appointment hours a day", minimum=1),
            Threshold("horizon_days", 14, "days", "how far ahead to look", minimum=1),
            Threshold(
                "default_minutes",
                60,
                "minutes",
                "length of an appointment without one",
                minimum=1,
                maximum=MAX_DURATION_MINUTES,  # no appointment may last longer
            ),
        ),
        calendar.double_booked,
    ),
    Rule(
        "first-meeting-etiquette",
        "First meeting: read the etiquette",
        "A first in-person meeting with a customer is coming up and etiquette reminders apply.",
        INFO,
        (Threshold("hours", 72, "hours", "how far ahead to look", minimum=1),),
        calendar.first_meeting_etiquette,
    ),
    Rule(
        "gone-quiet",
        "Past customer gone quiet",
        "A past customer has not been contacted for a long time: ask for feedback.",
        INFO,
        (Threshold("days", 180, "days", "days of silence", minimum=1),),
        customers.gone_quiet,
    ),
    Rule(
        "asked-again",
        "Asked the same question again",
        "The customer asked the same question several times: explain it another way.",
        W,
        (
            Threshold("count", 3, "times", "how many times is too many", minimum=2),
            Threshold("window_days", 180, "days", "only questions this recent count", minimum=1),
        ),
        customers.asked_again,
    ),
    Rule(
        "upset-no-follow-up",
        "Upset customer, no follow-up",
        "An interaction was logged as upset or angry and no follow-up is scheduled soon after.",
        W,
        (
            Threshold("days", 2, "days", "the follow-up is due within this", minimum=1),
            Threshold("lookback_days", 30, "days", "upsets older than this are history", minimum=1),
        ),
        customers.upset_no_follow_up,
    ),
    Rule(
        "quiet-project",
        "Running project, no update",
        "A running project has had no update to the customer for a while.",
        INFO,
        (Threshold("days", 14, "days", "days without an update", minimum=1),),
        projects.quiet_project,
    ),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def rule(rule_id: str) -> Rule:
    return RULES_BY_ID[rule_id]
