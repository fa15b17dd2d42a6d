"""Questions to ask in a meeting, drawn from the root need, the temperament and open items."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from custjournal.domain import Customer
from custjournal.services.briefing_guidance import STAGE_QUESTIONS, TEMPERAMENT_QUESTIONS

if TYPE_CHECKING:
    from custjournal.services.briefing import PromiseLine
    from custjournal.services.drift import ProjectTerms

MAX_QUESTIONS = 12
SOON = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class QuestionLine:
    text: str
    why: str
    repeated: bool = False  # the customer asked this before: explain it another way
    times: int = 0


def questions_to_ask(
    *,
    customer: Customer,
    repeated: Sequence[tuple[str, int, str]],
    mine: Sequence[PromiseLine],
    theirs: Sequence[PromiseLine],
    projects: Sequence[ProjectTerms],
    notices: Sequence[tuple[str, str]],
    now: datetime,
) -> list[QuestionLine]:
    """Most specific first: repeated questions and open items, then need, then temperament."""
    found: list[QuestionLine] = []
    for topic, times, last_text in repeated:
        asked = f" (last time: “{last_text}”)" if last_text else ""
        found.append(
            QuestionLine(
                text=f"They asked about “{topic}” {times} times{asked}: explain it another way.",
                why="a question that keeps coming back was not answered in a way that stuck",
                repeated=True,
                times=times,
            )
        )
    for line in mine:
        if line.overdue:
            found.append(
                QuestionLine(
                    text=f"Raise it before they do: “{line.title}” is {line.relative}; "
                    "say when it will be done.",
                    why="my promise is late",
                )
            )
    for line in theirs:
        if line.overdue:
            found.append(
                QuestionLine(
                    text=f"How is “{line.title}” going — can I help?",
                    why=f"their part is {line.relative}: offer help, don't wait",
                )
            )
        elif line.due_at - now <= SOON:
            found.append(
                QuestionLine(
                    text=f"Is “{line.title}” still on track for {line.due}?",
                    why="their part is due within a week",
                )
            )
    for title, when in notices:
        found.append(
            QuestionLine(
                text=f"Did you get our notice about “{title}” ({when})? Please confirm.",
                why="the notice is not acknowledged yet",
            )
        )
    for terms in projects:
        if terms.missing:
            found.append(
                QuestionLine(
                    text=f"{terms.name}: can we agree the {', '.join(terms.missing)} in writing?",
                    why="agree up front, before work goes on",
                )
            )
        for addition in terms.additions:
            if not addition.priced:
                found.append(
                    QuestionLine(
                        text=f"{terms.name}: agree the price of “{addition.description}” "
                        "(or agree that it is included).",
                        why="scope was added without an agreed price",
                    )
                )
    if customer.root_need.strip():
        found.append(
            QuestionLine(
                text=f"Is this still what you need: {customer.root_need.strip()}?",
                why="check the root need still holds",
            )
        )
    elif customer.request.strip():
        found.append(
            QuestionLine(
                text=f"Why do you need “{customer.request.strip()}”? (ask why until the need "
                "behind it is clear)",
                why="the root need is not recorded yet",
            )
        )
    else:
        found.append(
            QuestionLine(
                text="What problem are you trying to solve, and why now?",
                why="neither request nor root need is recorded yet",
            )
        )
    for text in TEMPERAMENT_QUESTIONS[customer.temperament] + STAGE_QUESTIONS[customer.stage]:
        found.append(QuestionLine(text=text, why=f"{customer.temperament} / {customer.stage}"))
    return found[:MAX_QUESTIONS]
