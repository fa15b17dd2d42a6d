"""The retrospective as a self-contained, print-friendly HTML page with an inline SVG timeline."""

from __future__ import annotations

from collections.abc import Sequence

from custjournal.services.render.common import label, stamp
from custjournal.services.render.retro_common import answer_rows, figure_rows
from custjournal.services.render.safe import esc, markdown_html, page
from custjournal.services.render.style import CSS
from custjournal.services.render.timeline_svg import timeline_svg
from custjournal.services.retro_followups import FollowUpProposal
from custjournal.services.retrospective import RetroReport


def render_retro_html(
    r: RetroReport,
    *,
    proposals: Sequence[FollowUpProposal] = (),
    image_src: str | None = None,
) -> str:
    """The page; with `image_src` the picture is an <img> of that name (for Qt's PDF
    renderer, which cannot draw inline SVG) instead of the inline <svg>."""
    out = [
        f"<h1>Retrospective: {esc(r.project_name)}</h1>",
        f'<p class="meta">{esc(r.customer_name)} · {esc(label(r.status))} · '
        f"{r.period_start.isoformat()} – {r.period_end.isoformat()} · prepared "
        f"{esc(stamp(r.generated_at, r.user_timezone))}</p>",
        "<h2>The figures</h2>",
        "<table><tr><th>Figure</th><th>Value</th><th>How it is counted</th></tr>",
    ]
    for name, value, how in figure_rows(r):
        out.append(
            f'<tr><th>{esc(name)}</th><td>{esc(value)}</td><td class="muted small">'
            f"{esc(how)}</td></tr>"
        )
    out.append("</table>")
    out.append("<h2>Promises and contacts over time</h2>")
    if image_src:
        out.append(f'<p><img src="{esc(image_src)}" width="640" alt="timeline"></p>')
    else:
        out.append(f"<div>{timeline_svg(r)}</div>")
    out.append("<h2>Your answers</h2>")
    answered = False
    for name, value in answer_rows(r):
        if value.strip():
            answered = True
            out.append(f"<h3>{esc(name)}</h3><div>{markdown_html(value)}</div>")
    if not answered:
        out.append(
            '<p class="muted">Not answered yet: <code>custjournal retro PROJECT '
            "--went-well … --satisfaction N</code> or the Retrospective dialog.</p>"
        )
    out.append("<h2>Follow-ups</h2>")
    if r.follow_ups:
        out.append("<ul>")
        for f in r.follow_ups:
            out.append(
                f"<li>{esc(stamp(f.due_at, r.user_timezone))} — {esc(f.title)} "
                f'<span class="tag">{esc(f.kind)}</span> {esc(f.status)}</li>'
            )
        out.append("</ul>")
    if proposals:
        out.append("<p><b>Proposed</b> (not scheduled yet):</p><ul>")
        for p in proposals:
            out.append(
                f"<li>{esc(stamp(p.due_at, r.user_timezone))} — {esc(p.title)} "
                f'<span class="tag">{esc(p.follow_up)}</span></li>'
            )
        out.append("</ul>")
    if not r.follow_ups and not proposals:
        out.append('<p class="warn">None scheduled.</p>')
    out.append("<footer>custjournal · confidential: for your eyes only</footer>")
    return page(f"Retrospective: {r.project_name}", CSS, "\n".join(out))
