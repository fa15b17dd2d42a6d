"""The retrospective as Markdown, the timeline given as a table of events."""

from __future__ import annotations

from collections.abc import Sequence

from custjournal.services.render.common import label, stamp
from custjournal.services.render.retro_common import answer_rows, figure_rows
from custjournal.services.render.safe import md_body
from custjournal.services.render.safe import md_inline as t
from custjournal.services.retro_followups import FollowUpProposal
from custjournal.services.retrospective import RetroReport


def render_retro_markdown(r: RetroReport, *, proposals: Sequence[FollowUpProposal] = ()) -> str:
    out = [
        f"# Retrospective: {t(r.project_name)}",
        "",
        f"_{t(r.customer_name)} · {label(r.status)} · {r.period_start} – {r.period_end} · "
        f"prepared {stamp(r.generated_at, r.user_timezone)}_",
        "",
        "## The figures",
        "",
        "| Figure | Value | How it is counted |",
        "|---|---|---|",
    ]
    out += [f"| {name} | {t(value)} | {how} |" for name, value, how in figure_rows(r)]
    out += ["", "## Promises and contacts over time", ""]
    if r.events:
        out += ["| Date | Who | What | Outcome |", "|---|---|---|---|"]
        for e in r.events:
            who = "contact" if e.kind == "contact" else str(e.direction)
            out.append(
                f"| {stamp(e.at, r.user_timezone)[:10]} | {who} | {t(e.title)} | {e.outcome} |"
            )
    else:
        out.append("No promises or contacts recorded.")
    out += ["", "## Your answers", ""]
    answered = [(n, v) for n, v in answer_rows(r) if v.strip()]
    for name, value in answered:
        out += [f"### {name}", "", md_body(value), ""]
    if not answered:
        out += ["Not answered yet.", ""]
    out += ["## Follow-ups", ""]
    for f in r.follow_ups:
        out.append(f"- {stamp(f.due_at, r.user_timezone)} — {t(f.title)} ({f.kind}, {f.status})")
    for p in proposals:
        out.append(f"- proposed: {stamp(p.due_at, r.user_timezone)} — {t(p.title)} ({p.follow_up})")
    if not r.follow_ups and not proposals:
        out.append("- none scheduled")
    return "\n".join(out).rstrip() + "\n"
