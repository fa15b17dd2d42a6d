"""The weekly review as Markdown or HTML (the PDF is the HTML laid out by Qt); same wording."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from custjournal.domain.times import format_dual, to_zone
from custjournal.rules import Risk
from custjournal.rules.risk import Severity
from custjournal.services.render.safe import esc, md_inline
from custjournal.services.render.style import CSS
from custjournal.services.review import CallDue, ReviewItem, WeeklyReview


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    lines: tuple[str, ...]
    empty: str
    level: int = 2


def _when(item: ReviewItem, user_tz: str) -> str:
    return format_dual(item.at, user_tz=user_tz, other_tz=item.timezone)


def _item(item: ReviewItem, user_tz: str) -> str:
    return f"{_when(item, user_tz)} · {item.customer_name}: {item.title}"


def _risk(risk: Risk) -> str:
    who = f"{risk.customer_name}: " if risk.customer_name else ""
    return f"{who}{risk.reason} → {risk.action}"


def _call(call: CallDue, user_tz: str) -> str:
    if call.last_contact_at is None:
        return f"{call.customer_name}: never contacted (cadence {call.cadence_days} days)"
    last = to_zone(call.last_contact_at, user_tz).strftime("%a %d %b")
    due = to_zone(call.due_at, user_tz).strftime("%a %d %b") if call.due_at else ""
    state = f"overdue since {due}" if call.overdue else f"due by {due}"
    return f"{call.customer_name}: last contact {last}, every {call.cadence_days} days — {state}"


def _headline(review: WeeklyReview) -> tuple[str, str]:
    first = to_zone(review.starts_at, review.timezone).date()
    sunday = first + timedelta(days=6)
    title = f"Week {review.week}: {first:%a %d %b} – {sunday:%a %d %b %Y}"
    made = to_zone(review.generated_at, review.timezone).strftime("%a %d %b %Y %H:%M")
    return title, f"Times in {review.timezone} (yours); prepared {made}."


def _last_week_line(review: WeeklyReview) -> str:
    lw = review.last_week
    total = lw.kept + lw.not_kept
    if not total:
        return "No promises were due last week."
    return (
        f"Kept {lw.kept} of {total} promises due last week ({len(lw.kept_on_time)} on time, "
        f"{len(lw.kept_late)} late); broken {len(lw.broken)}; still open {len(lw.still_open)}."
    )


def sections(review: WeeklyReview) -> list[Section]:
    """The page, top to bottom, as plain-text lines (each renderer only escapes and wraps)."""
    tz = review.timezone
    lw = review.last_week
    missed = [f"Broken ({i.direction.value}): {_item(i, tz)}" for i in lw.broken]
    missed += [f"Slipped, still open ({i.direction.value}): {_item(i, tz)}" for i in lw.still_open]
    missed += [f"Kept late ({i.direction.value}): {_item(i, tz)}" for i in lw.kept_late]
    found = [
        Section("Last week's promises", (_last_week_line(review), *missed), ""),
        Section("Appointments", tuple(_item(i, tz) for i in review.appointments),
                "No appointments this week."),
        Section("My promises due", tuple(_item(i, tz) for i in review.mine_due),
                "None of my promises fall due this week."),
        Section("Mine, already overdue", tuple(_item(i, tz) for i in review.mine_overdue),
                "Nothing of mine is overdue.", 3),
        Section("Their promises due (offer help, don't wait)",
                tuple(_item(i, tz) for i in review.theirs_due),
                "No customer promises fall due this week."),
        Section("Theirs, already overdue", tuple(_item(i, tz) for i in review.theirs_overdue),
                "No customer promise is overdue.", 3),
    ]  # fmt: skip
    for severity in Severity:
        risks = [r for r in review.risks if r.severity is severity]
        found.append(
            Section(
                f"Risks: {severity.value} ({len(risks)})",
                tuple(map(_risk, risks)),
                f"No {severity.value} risks.",
                3,
            )  # fmt: skip
        )
    follow_ups = [f"Due: {_item(i, tz)}" for i in review.follow_ups_due]
    follow_ups += [f"To schedule: {_risk(r)}" for r in review.follow_ups_to_schedule]
    found += [
        Section("Customers due a call", tuple(_call(c, tz) for c in review.calls_due),
                "Every active customer has been contacted within their cadence."),
        Section("Follow-ups", tuple(follow_ups), "No follow-ups due or to schedule."),
    ]  # fmt: skip
    return found


def render_review_markdown(review: WeeklyReview) -> str:
    title, meta = _headline(review)
    out = [f"# {md_inline(title)}", "", f"_{md_inline(meta)}_", ""]
    for section in sections(review):
        out.append(f"{'#' * section.level} {md_inline(section.title)}")
        out.append("")
        if not section.lines:
            out.append(md_inline(section.empty))
        for line in section.lines:
            out.append(f"- {md_inline(line)}")
        out.append("")
    return "\n".join(out)


def render_review_html(review: WeeklyReview) -> str:
    title, meta = _headline(review)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{esc(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="meta">{esc(meta)}</p>',
    ]
    for section in sections(review):
        out.append(f"<h{section.level}>{esc(section.title)}</h{section.level}>")
        if not section.lines:
            out.append(f'<p class="muted">{esc(section.empty)}</p>')
            continue
        out.append("<ul>")
        out.extend(f"<li>{esc(line)}</li>" for line in section.lines)
        out.append("</ul>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _count(n: int, one: str, many: str) -> str:
    return f"{f'{n:,}' if n else 'no'} {one if n == 1 else many}"


def monday_summary(review: WeeklyReview) -> str:
    """One line for the Monday notification: "Week 48: 5 appointments, 3 promises due, …"."""
    number = int(review.week.rsplit("W", 1)[1])
    due = len(review.mine_due) + len(review.theirs_due)
    parts = [
        _count(len(review.appointments), "appointment", "appointments"),
        _count(due, "promise due", "promises due"),
        f"{review.last_week.not_kept:,} slipped last week",
    ]
    overdue = len(review.mine_overdue)
    if overdue:
        parts.append(f"{overdue:,} of mine overdue")
    return f"Week {number}: " + ", ".join(parts)
