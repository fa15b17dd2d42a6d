"""The rich text of the customer workspace: the profile column and one timeline entry."""

from __future__ import annotations

from typing import Any

from custjournal.gui import fmt, theme
from custjournal.gui.browser import esc, note_html
from custjournal.services.views import CustomerView, InteractionView

# The profile column lists the first risks (the rules give the worst first); a house account
# can have hundreds, and the Risks view lists them all.
MAX_RISKS = 20


def profile_html(c: CustomerView, risks: list[Any], reminders: list[Any]) -> str:
    """Open risks first (word + colour), then what they asked for and need, then etiquette."""
    parts = []
    if risks:
        parts.append("<h3>Open risks</h3><ul>")
        for risk in risks[:MAX_RISKS]:
            color = theme.severity_color(risk.severity).name()
            parts.append(
                f'<li><b style="color:{color}">{theme.severity_label(risk.severity)}</b>: '
                f"{esc(risk.reason)}<br><i>{esc(risk.action)}</i></li>"
            )
        if len(risks) > MAX_RISKS:
            more = len(risks) - MAX_RISKS
            parts.append(f"<li><i>and {more:,} more — see the Risks view</i></li>")
        parts.append("</ul>")
    for title, text in (
        ("What they asked for", c.request),
        ("What they really need", c.root_need),
        ("Notes", c.notes),
    ):
        if text.strip():
            parts.append(f"<h3>{title}</h3>{note_html(text)}")
    if reminders:
        parts.append("<h3>Etiquette</h3><ul>")
        for reminder in reminders:
            parts.append(f"<li><b>{fmt.label(reminder.category)}</b>: {esc(reminder.text)}</li>")
        parts.append("</ul>")
    return (
        "".join(parts)
        or "<p><i>No profile written yet — Edit customer to add the root need.</i></p>"
    )


def note_block(note: InteractionView, user_tz: str, their_tz: str) -> str:
    """One interaction: anchor (to open it in context), title, when/how, body, its links."""
    title = esc(note.title or fmt.label(note.kind))
    meta = fmt.label(note.kind)
    if note.channel and note.channel.value != note.kind.value:
        meta += f" · {fmt.label(note.channel)}"
    if note.mood.value != "neutral":
        meta += f" · mood: {note.mood.value}"
    return (
        f'<a name="i{note.id}"></a><h3>{title}</h3>'
        f"<p><small>{esc(fmt.when(note.occurred_at, user_tz, their_tz))} · {esc(meta)} · "
        f'<a href="cj://edit-note/{note.id}">edit</a> · '
        f'<a href="cj://delete-note/{note.id}">delete</a></small></p>'
        f"{note_html(note.body)}<hr>"
    )
