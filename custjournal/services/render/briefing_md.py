"""The briefing as Markdown, for reading in any editor or pasting into notes."""

from __future__ import annotations

from custjournal.services.briefing import Briefing, PromiseLine
from custjournal.services.drift import format_money
from custjournal.services.render.common import (
    MAX_RISKS,
    group_reminders,
    label,
    price_line,
    scope_line,
    stamp,
    timeline_line,
)
from custjournal.services.render.safe import md_body
from custjournal.services.render.safe import md_inline as t


def _promises(title: str, lines: tuple[PromiseLine, ...]) -> list[str]:
    out = [f"**{title}**", ""]
    if not lines:
        return out + ["- nothing open", ""]
    for p in lines:
        late = " **(OVERDUE)**" if p.overdue else ""
        project = f" [{t(p.project_name)}]" if p.project_name else ""
        out.append(f"- {t(p.title)}{project} — due {t(p.due)}, {t(p.relative)}{late}")
    return out + [""]


def _meeting(b: Briefing) -> list[str]:
    m = b.meeting
    if m is None:
        return ["## Meeting", "", "No upcoming appointment.", ""]
    out = ["## Meeting" if m.chosen else "## Next meeting", ""]
    duration = f" ({m.duration_minutes} min)" if m.duration_minutes else ""
    out += [
        f"- **What:** {t(m.title)}",
        f"- **When:** {t(m.when)}{duration}",
        f"- **Where:** {t(m.location or label(m.channel) or 'not set')}",
        f"- **Channel:** {label(m.channel) or 'not set'}",
    ]
    if m.contact_name:
        out.append(f"- **With:** {t(m.contact_name)}")
    if m.project_name:
        out.append(f"- **Project:** {t(m.project_name)}")
    out.append(f"- **Status:** {m.status}, {'confirmed' if m.confirmed else 'NOT CONFIRMED yet'}")
    if m.first_in_person:
        out += ["", "> **First in-person meeting.** Read the etiquette reminders below."]
    return out + [""]


def _projects(b: Briefing) -> list[str]:
    if not b.projects:
        return []
    out = ["## Agreed terms", ""]
    for p in b.projects:
        out += [
            f"### {t(p.name)} ({p.status})",
            "",
            f"- **Price:** {t(price_line(p))}",
            f"- **Timeline:** {t(timeline_line(p))}",
            f"- **Scope:** {t(p.scope or 'not agreed')}",
            f"- **Success criteria:** {t(p.success_criteria or 'not agreed')}",
            f"- **Handover:** {t(p.handover_criteria or '—')}",
            f"- **Additions:** {t(scope_line(p))}",
        ]
        if p.missing:
            out.append(f"- **Not agreed yet:** {', '.join(p.missing)}")
        for c in p.changes:
            why = f" — {t(c.reason)}" if c.reason else ""
            day = stamp(c.changed_at, b.user_timezone)[:10]
            out.append(f"  - {day} {c.field}: {t(c.old)} → {t(c.new)}{why}")
        for a in p.additions:
            price = format_money(a.extra_price, p.currency) if a.extra_price else "no price"
            out.append(
                f"  - + {t(a.description)} ({price}, {'agreed' if a.priced else 'UNPRICED'})"
            )
        out.append("")
    return out


def render_briefing_markdown(b: Briefing) -> str:
    out = [f"# Briefing: {t(b.customer_name)}", ""]
    out.append(f"_Prepared {stamp(b.generated_at, b.user_timezone)}_")
    out.append("")
    out += _meeting(b)
    out += ["## Who", ""]
    for c in b.contacts:
        extra = " · ".join(
            x for x in (t(c.role), label(c.preferred_channel), t(c.phone), t(c.email)) if x
        )
        star = " ★ attending" if c.attending else ""
        address = f" — address as **{t(c.form_of_address)}**" if c.form_of_address else ""
        out.append(f"- {t(c.name)}{star}{address}" + (f" ({extra})" if extra else ""))
    if not b.contacts:
        out.append("- no contacts recorded")
    out += ["", "## Customer", ""]
    out += [
        f"- **Stage:** {label(b.stage)}; **temperament:** {label(b.temperament)}",
        f"- **Type:** {t(b.organisation_type or '—')}; **prefers:** "
        f"{label(b.preferred_channel) or '—'}",
        f"- **Country:** {t(' / '.join(x for x in (b.country, b.culture) if x) or '—')}",
        f"- **Their time now:** {b.their_time_now}",
        f"- **Last contact:** {b.last_contact}",
        f"- **They asked for:** {t(b.request or '—')}",
        f"- **Root need:** {t(b.root_need) if b.root_need else 'NOT KNOWN YET — ask why'}",
        "",
        "## How to handle it",
        "",
        f"- **{label(b.stage)}.** {b.stage_guidance}",
        f"- **{label(b.temperament)}.** {b.temperament_guidance}",
        "",
        "## Questions to ask",
        "",
    ]
    for n, q in enumerate(b.questions, 1):
        mark = f" **[asked {q.times}×]**" if q.repeated else ""
        out.append(f"{n}. {t(q.text)}{mark} — _{t(q.why)}_")
    out += ["", "## Open promises", ""]
    out += _promises("Mine", b.promises_mine) + _promises("Theirs", b.promises_theirs)
    if b.more_promises:
        out += [f"… and {b.more_promises} more.", ""]
    out += _projects(b)
    out += ["## Open risks", ""]
    if not b.risks_available:
        out.append("Risk rules are not available in this version.")
    for r in b.risks[:MAX_RISKS]:
        action = f" → {t(r.action)}" if r.action else ""
        out.append(f"- **{r.severity.upper()}** {t(r.reason)}{action}")
    if len(b.risks) > MAX_RISKS:
        out.append(f"- … and {len(b.risks) - MAX_RISKS} more (`custjournal risks`)")
    if b.risks_available and not b.risks:
        out.append("None.")
    out += ["", "## Etiquette", ""]
    for title, items in group_reminders(b.etiquette):
        out += [f"**{t(title)}**", ""]
        out += [f"- *{label(r.category)}:* {t(r.text)}" for r in items]
        out.append("")
    out += ["## Last interactions", ""]
    for i in b.interactions:
        who = f" with {t(', '.join(i.contacts))}" if i.contacts else ""
        out += [f"### {t(i.when)} · {label(i.kind)}{who}: {t(i.title)}", ""]
        if i.body.strip():
            out += [md_body(i.body), ""]
    if not b.interactions:
        out += ["None yet.", ""]
    return "\n".join(out).rstrip() + "\n"
