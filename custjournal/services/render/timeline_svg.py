"""The retrospective's picture: promises (kept, late, broken, open) and contacts on a timeline.

Plain SVG 1.1 shapes and text only, so browsers show it inline and Qt's SVG Tiny renderer can
draw it into the PDF. Outcomes differ by shape as well as colour (never colour alone).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from custjournal.domain.enums import Direction
from custjournal.domain.times import zone
from custjournal.services.render.safe import esc
from custjournal.services.retrospective import RetroReport, TimelineEvent, month_keys

WIDTH, HEIGHT = 680, 170
LEFT, RIGHT = 92, 12
ROWS = {"mine": 42, "theirs": 72, "contact": 102}
ROW_TITLES = {"mine": "My promises", "theirs": "Their promises", "contact": "Contacts"}
COLOURS = {
    "kept": "#15803d",
    "late": "#d97706",
    "broken": "#b91c1c",
    "open": "#6b7280",
    "contact": "#1d4ed8",
}


def _marker(outcome: str, x: float, y: float, title: str) -> str:
    c = COLOURS[outcome]
    tip = f"<title>{esc(title)} ({outcome})</title>"
    if outcome == "kept":
        return f'<circle cx="{x:.1f}" cy="{y}" r="5" fill="{c}">{tip}</circle>'
    if outcome == "late":
        pts = f"{x:.1f},{y - 6} {x + 6:.1f},{y + 5} {x - 6:.1f},{y + 5}"
        return f'<polygon points="{pts}" fill="{c}">{tip}</polygon>'
    if outcome == "broken":
        return (
            f'<g stroke="{c}" stroke-width="2.5">{tip}'
            f'<line x1="{x - 5:.1f}" y1="{y - 5}" x2="{x + 5:.1f}" y2="{y + 5}"/>'
            f'<line x1="{x - 5:.1f}" y1="{y + 5}" x2="{x + 5:.1f}" y2="{y - 5}"/></g>'
        )
    if outcome == "open":
        return (
            f'<circle cx="{x:.1f}" cy="{y}" r="5" fill="white" stroke="{c}" '
            f'stroke-width="2">{tip}</circle>'
        )
    return f'<rect x="{x - 1.5:.1f}" y="{y - 7}" width="3" height="14" fill="{c}">{tip}</rect>'


def _row(event: TimelineEvent) -> str:
    if event.kind == "contact":
        return "contact"
    return "mine" if event.direction == Direction.MINE else "theirs"


def timeline_svg(report: RetroReport) -> str:
    """The picture as an inline <svg> element (no external references)."""
    tz = zone(report.user_timezone)
    days = [report.period_start, report.period_end] + [
        e.at.astimezone(tz).date() for e in report.events
    ]
    first, last = min(days), max(days)
    start = datetime.combine(first.replace(day=1), time(0), tzinfo=UTC)
    end = datetime.combine(last, time(0), tzinfo=UTC) + timedelta(days=1)
    span = (end - start).total_seconds()

    def x_of(day: date | datetime) -> float:
        moment = day if isinstance(day, datetime) else datetime.combine(day, time(0), tzinfo=UTC)
        if moment.tzinfo is not None:
            local = moment.astimezone(tz)
            moment = datetime.combine(local.date(), local.time(), tzinfo=UTC)
        return LEFT + (WIDTH - LEFT - RIGHT) * (moment - start).total_seconds() / span

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" font-family="DejaVu Sans, sans-serif" '
        f'font-size="10">',
        f"<title>Timeline of {esc(report.project_name)}: promises and contacts</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
    ]
    # The project period as a pale band, so lateness after the end stands out.
    x0, x1 = x_of(report.period_start), x_of(report.period_end + timedelta(days=1))
    parts.append(
        f'<rect x="{x0:.1f}" y="26" width="{max(1.0, x1 - x0):.1f}" height="90" fill="#f3f4f6"/>'
    )
    for key in month_keys(first, last):
        year, month = int(key[:4]), int(key[5:])
        x = x_of(date(year, month, 1))
        parts.append(f'<line x1="{x:.1f}" y1="24" x2="{x:.1f}" y2="118" stroke="#d1d5db"/>')
        if x + 50 <= WIDTH - RIGHT:  # a label that would run off the edge is left out
            parts.append(
                f'<text x="{x + 3:.1f}" y="20" fill="#374151">{date(year, month, 1):%b %Y}</text>'
            )
    for name, y in ROWS.items():
        parts.append(f'<text x="4" y="{y + 4}" fill="#111827">{ROW_TITLES[name]}</text>')
        parts.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="#9ca3af"/>')
    for event in report.events:
        parts.append(_marker(event.outcome, x_of(event.at), ROWS[_row(event)], event.title))
    legend_y = 148
    x = LEFT
    for outcome, text in (
        ("kept", "kept on time"),
        ("late", "late"),
        ("broken", "broken"),
        ("open", "open"),
        ("contact", "contact"),
    ):
        parts.append(_marker(outcome, x + 6, legend_y, text))
        parts.append(f'<text x="{x + 16}" y="{legend_y + 4}" fill="#111827">{text}</text>')
        x += 100
    parts.append("</svg>")
    return "\n".join(parts)
