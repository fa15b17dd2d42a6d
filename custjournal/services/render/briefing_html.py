"""The briefing as one self-contained, print-friendly HTML page with all user text escaped."""

from __future__ import annotations

import re

from custjournal.domain.enums import EtiquetteScope
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
from custjournal.services.render.safe import esc, markdown_html, page
from custjournal.services.render.style import CSS

# Attributes as well as CSS: Qt's rich text (used for the PDF) reads these, not the CSS ones.
TABLE = '<table width="100%" cellspacing="0" cellpadding="2">'
BODY_LIMIT = 900
SHORT_NOTE = 160
MARKUP = re.compile(r"[*_`#\[\]<>&|~]")


def _meeting(b: Briefing) -> list[str]:
    m = b.meeting
    if m is None:
        return ["<h2>Meeting</h2>", '<p class="muted">No upcoming appointment.</p>']
    out = ["<h2>Meeting</h2>" if m.chosen else "<h2>Next meeting</h2>", TABLE]
    rows = [
        ("What", m.title),
        ("When", m.when + (f" ({m.duration_minutes} min)" if m.duration_minutes else "")),
        ("Where", m.location or label(m.channel) or "not set"),
        ("Channel", label(m.channel) or "not set"),
        ("With", m.contact_name),
        ("Project", m.project_name),
    ]
    rows = [(k, v) for k, v in rows if v]
    out += [f"<tr><th>{k}</th><td>{esc(v)}</td></tr>" for k, v in rows]
    confirmed = (
        '<span class="ok">confirmed</span>'
        if m.confirmed
        else '<span class="warn">not confirmed yet — confirm it</span>'
    )
    out.append(f"<tr><th>Status</th><td>{esc(m.status)}, {confirmed}</td></tr></table>")
    if m.first_in_person:
        out.append(
            '<div class="box"><b>First in-person meeting.</b> Read the etiquette below: '
            "dress, how to address people, punctuality, gifts.</div>"
        )
    return out


def _customer(b: Briefing) -> list[str]:
    rows = [
        ("Stage", label(b.stage)),
        ("Type", b.organisation_type or "—"),
        ("Temperament", label(b.temperament)),
        ("Prefers", label(b.preferred_channel) or "—"),
        ("Country", " / ".join(x for x in (b.country, b.culture) if x) or "—"),
        ("Their time now", b.their_time_now),
        ("Last contact", b.last_contact),
    ]
    out = ["<h2>Customer</h2>", TABLE]
    out += [f"<tr><th>{k}</th><td>{esc(v)}</td></tr>" for k, v in rows if v != "—"]
    out.append("</table>")
    out.append(f"<p><b>They asked for:</b> {esc(b.request or '—')}</p>")
    need = esc(b.root_need) if b.root_need else '<span class="warn">not known yet — ask why</span>'
    out.append(f"<p><b>Root need:</b> {need}</p>")
    return out


def _who(b: Briefing) -> list[str]:
    out = ["<h2>Who</h2>"]
    if not b.contacts:
        return out + ['<p class="muted">No contacts recorded.</p>']
    out.append(TABLE + "<tr><th>Name</th><th>Address as</th><th>Reach</th></tr>")
    for c in b.contacts:
        reach = " · ".join(x for x in (label(c.preferred_channel), c.phone) if x)
        star = " ★" if c.attending else ""
        role = f', <span class="muted small">{esc(c.role)}</span>' if c.role else ""
        mail = f'<br><span class="small">{esc(c.email)}</span>' if c.email else ""
        out.append(
            f"<tr><td>{esc(c.name)}{star}{role}</td><td>{esc(c.form_of_address or '—')}</td>"
            f"<td>{esc(reach or '—')}{mail}</td></tr>"
        )
    return out + ["</table>"]


def _guidance(b: Briefing) -> list[str]:
    return [
        "<h2>How to handle it</h2>",
        f"<p><b>{esc(label(b.stage))}.</b> {esc(b.stage_guidance)}</p>",
        f"<p><b>{esc(label(b.temperament))}.</b> {esc(b.temperament_guidance)}</p>",
    ]


def first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text.strip(), re.DOTALL)
    return match.group(1) if match else text.strip()


def _height(block: str) -> int:
    """A rough height: text length plus a line's worth for each row, item or paragraph."""
    text = len(re.sub(r"<[^>]+>", "", block))
    lines = len(re.findall(r"<(?:tr|li|p|h2|h3|br)\b", block))
    return text + 45 * lines


def balanced_split(blocks: list[str]) -> int:
    """Where to cut the blocks into two columns of about equal height, keeping their order
    and never cutting right after a bare heading."""
    weights = [_height(x) + 15 for x in blocks]
    total, best, best_gap, running = sum(weights), len(blocks), None, 0
    for index, weight in enumerate(weights[:-1], start=1):
        running += weight
        if blocks[index - 1].endswith("</h3>"):
            continue
        gap = abs(total - 2 * running)
        if best_gap is None or gap < best_gap:
            best, best_gap = index, gap
    return best


def _etiquette(b: Briefing) -> list[str]:
    out = ["<h2>Etiquette</h2>"]
    if not b.etiquette:
        return out + ['<p class="muted">No reminders.</p>']
    lines: list[str] = []
    for title, items in group_reminders(b.etiquette):
        if items[0].scope == EtiquetteScope.GLOBAL:
            # The conduct rules are known by heart; their first sentence is the reminder.
            joined = " · ".join(esc(first_sentence(r.text)) for r in items)
            lines.append(f'<h3>{esc(title)}</h3><p class="small">{joined}</p>')
            continue
        lines.append(f"<h3>{esc(title)}</h3>")
        lines += [
            f'<p class="small"><b>{esc(label(r.category))}:</b> {esc(r.text)}</p>' for r in items
        ]
    half = balanced_split(lines)
    return out + [
        '<table class="layout" width="100%" cellspacing="0" cellpadding="0"><tr>',
        '<td class="col" width="50%" valign="top">',
        *lines[:half],
        '</td><td class="col" width="50%" valign="top">',
        *lines[half:],
        "</td></tr></table>",
    ]


def _questions(b: Briefing) -> list[str]:
    out = ["<h2>Questions to ask</h2>", "<ol>"]
    for q in b.questions:
        mark = f' <span class="tag">asked {q.times}×</span>' if q.repeated else ""
        out.append(f'<li>{esc(q.text)}{mark} <span class="muted small">— {esc(q.why)}</span></li>')
    return out + ["</ol>"]


def _promise_rows(lines: tuple[PromiseLine, ...]) -> list[str]:
    if not lines:
        return ['<tr><td colspan="3" class="muted">nothing open</td></tr>']
    out = []
    for p in lines:
        state = f'<span class="warn">{esc(p.relative)}</span>' if p.overdue else esc(p.relative)
        project = f' <span class="muted">({esc(p.project_name)})</span>' if p.project_name else ""
        out.append(
            f"<tr><td>{esc(p.title)}{project}</td><td>{esc(p.due)}</td><td>{state}</td></tr>"
        )
    return out


def _promises(b: Briefing) -> list[str]:
    out = ["<h2>Open promises</h2>", "<h3>Mine</h3>" + TABLE]
    out += _promise_rows(b.promises_mine)
    out += ["</table>", "<h3>Theirs</h3>" + TABLE]
    out += _promise_rows(b.promises_theirs)
    out.append("</table>")
    if b.more_promises:
        out.append(f'<p class="muted">… and {b.more_promises} more.</p>')
    return out


def _projects(b: Briefing) -> list[str]:
    if not b.projects:
        return []
    out = ["<h2>Agreed terms</h2>"]
    for t in b.projects:
        out.append(f'<h3>{esc(t.name)} <span class="tag">{esc(t.status)}</span></h3>' + TABLE)
        rows = [
            ("Price", price_line(t)),
            ("Timeline", timeline_line(t)),
            ("Scope", t.scope or "not agreed"),
            ("Success", t.success_criteria or "not agreed"),
            ("Handover", t.handover_criteria or "—"),
            ("Additions", scope_line(t)),
        ]
        out += [f"<tr><th>{k}</th><td>{esc(v)}</td></tr>" for k, v in rows]
        out.append("</table>")
        if t.missing:
            out.append(f'<p class="warn">Not agreed yet: {esc(", ".join(t.missing))}.</p>')
        if t.changes or t.additions:
            out.append('<ul class="small">')
            for c in t.changes:
                why = f" — {esc(c.reason)}" if c.reason else ""
                out.append(
                    f"<li>{esc(stamp(c.changed_at, b.user_timezone)[:10])} {esc(c.field)}: "
                    f"{esc(c.old)} → {esc(c.new)}{why}</li>"
                )
            for a in t.additions:
                price = format_money(a.extra_price, t.currency) if a.extra_price else "no price"
                state = "agreed" if a.priced else '<span class="warn">unpriced</span>'
                out.append(f"<li>+ {esc(a.description)} ({esc(price)}, {state})</li>")
            out.append("</ul>")
    return out


def _risks(b: Briefing) -> list[str]:
    out = ["<h2>Open risks</h2>"]
    if not b.risks_available:
        return out + ['<p class="muted">Risk rules are not available in this version.</p>']
    if not b.risks:
        return ['<h2>Open risks: <span class="ok">none</span></h2>']
    for r in b.risks[:MAX_RISKS]:
        sev = esc(r.severity)
        action = f' <span class="muted small">→ {esc(r.action)}</span>' if r.action else ""
        out.append(
            f'<p class="risk"><span class="sev-{sev}">{sev.upper()}</span> {esc(r.reason)}'
            f"{action}</p>"
        )
    if len(b.risks) > MAX_RISKS:
        more = len(b.risks) - MAX_RISKS
        out.append(f'<p class="muted">… and {more} more: <code>custjournal risks</code>.</p>')
    return out


def _interactions(b: Briefing) -> list[str]:
    out = ["<h2>Last interactions</h2>"]
    if not b.interactions:
        return out + ['<p class="muted">None yet.</p>']
    for i in b.interactions:
        who = f" with {esc(', '.join(i.contacts))}" if i.contacts else ""
        mood = f' <span class="tag">{esc(i.mood)}</span>' if i.mood != "neutral" else ""
        head = f"<b>{esc(i.when)}</b> · {esc(label(i.kind))}{who}: {esc(i.title)}{mood}"
        body = i.body.strip()
        if len(body) <= SHORT_NOTE and "\n" not in body and not MARKUP.search(body):
            # A one-line note shares the heading's line: a page is precious.
            tail = f" — {esc(body)}" if body else ""
            out.append(f'<p class="note">{head}{tail}</p>')
        else:
            out.append(
                f'<div class="note">{head}'
                f'<div class="note-body">{markdown_html(_body(body))}</div></div>'
            )
    return out


def _body(text: str) -> str:
    """Long notes are cut at a word boundary: the briefing is a page, the journal has the rest."""
    if len(text) <= BODY_LIMIT:
        return text
    return text[:BODY_LIMIT].rsplit(None, 1)[0] + " …"


def render_briefing_html(b: Briefing) -> str:
    """The whole briefing; every piece of user text goes through esc() or markdown_html()."""
    subtitle = esc(b.meeting.title + " · " + b.meeting.when) if b.meeting else "Customer briefing"
    header = [
        f"<h1>Briefing: {esc(b.customer_name)}</h1>",
        f'<p class="meta">{subtitle} · prepared {esc(stamp(b.generated_at, b.user_timezone))}'
        f"{' for ' + esc(b.user_name) if b.user_name else ''} · confidential</p>",
    ]
    # Two columns as a table (not CSS grid) so that the PDF keeps them too.
    # The sections keep their reading order and are cut into two columns of similar height.
    sections = [
        "\n".join(part)
        for part in (
            _meeting(b),
            _who(b),
            _customer(b),
            _guidance(b),
            _questions(b),
            _promises(b),
            _projects(b),
        )
        if part
    ]
    cut = balanced_split(sections)
    body = header + [
        '<table class="layout" width="100%" cellspacing="0" cellpadding="0"><tr>',
        '<td class="col" width="50%" valign="top">',
        *sections[:cut],
        '</td><td class="col" width="50%" valign="top">',
        *sections[cut:],
        "</td></tr></table>",
    ]
    body += _risks(b) + _etiquette(b) + _interactions(b)
    return page(f"Briefing: {b.customer_name}", CSS, "\n".join(body))
