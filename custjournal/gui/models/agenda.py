"""The agenda of the coming days, each occurrence marked with the risk on it (if any)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from custjournal.gui import fmt, theme
from custjournal.gui.models.base import Column, RowTableModel
from custjournal.services.commitment_views import AgendaItem


class AgendaTableModel(RowTableModel):
    """Rows are AgendaItem (one occurrence); `risks` maps commitment id -> (the worst
    severity, that risk)."""

    WHEN, CUSTOMER, KIND, TITLE, WHO, RISK = range(6)

    def __init__(
        self,
        *,
        clock: Callable[[], datetime],
        user_tz: Callable[[], str],
        me: Callable[[], str] = str,
    ) -> None:
        super().__init__()
        self._clock = clock
        self._user_tz = user_tz
        self._me = me  # who is at this computer (AppContext.owner)
        self.risks: dict[int, tuple[str, Any]] = {}

    def set_items(self, items: Sequence[AgendaItem], risks: dict[int, tuple[str, Any]]) -> None:
        self.risks = risks
        self.set_rows(items)

    def _risk(self, item: AgendaItem) -> tuple[str, Any] | None:
        return self.risks.get(item.commitment.id)

    def columns(self) -> Sequence[Column]:
        def risk_text(item: AgendaItem) -> str:
            found = self._risk(item)
            return theme.severity_label(found[0]) if found else ""

        return (
            Column(
                "When",
                lambda i: fmt.when(i.starts_at, self._user_tz(), i.commitment.timezone),
                sort=lambda i: i.starts_at,
                tooltip=lambda i: fmt.relative(i.starts_at, self._clock()),
            ),
            Column("Customer", lambda i: i.commitment.customer_name),
            Column(
                "Kind",
                lambda i: fmt.label(i.commitment.kind),
                icon=lambda i: theme.icon(i.commitment.kind.value),
            ),
            Column("What", lambda i: i.commitment.title),
            Column("Who", lambda i: fmt.who(i.commitment, self._me())),
            Column(
                "At risk",
                risk_text,
                tooltip=lambda i: r[1].reason if (r := self._risk(i)) else "",
                icon=lambda i: theme.severity_icon(r[0]) if (r := self._risk(i)) else None,
                color=lambda i: theme.severity_color(r[0]) if (r := self._risk(i)) else None,
            ),
        )


def risks_by_commitment(
    risks: Sequence[Any], notice_commitments: dict[int, int] | None = None
) -> dict[int, tuple[str, Any]]:
    """The worst risk on each commitment: id -> (severity, the risk). Its reason is read
    when a tooltip shows it: a risk's words are written when first read, and a large
    journal has thousands of risks on commitments against the week's hundred rows.

    A risk about a notice (an appointment moved by unacknowledged e-mail) marks the
    appointment the notice is about, given `notice_commitments` (notice id -> commitment id).
    """
    found: dict[int, tuple[str, Any]] = {}
    order = {key: n for n, key in enumerate(theme.SEVERITY_ORDER)}
    for risk in risks:
        if risk.subject_id is None:
            continue
        if risk.subject_type == "commitment":
            commitment_id = risk.subject_id
        elif risk.subject_type == "notice" and notice_commitments:
            commitment_id = notice_commitments.get(risk.subject_id)
            if commitment_id is None:
                continue
        else:
            continue
        severity = theme.severity_key(risk.severity)
        # A clash is about both appointments: each is marked.
        for marked in (commitment_id, *getattr(risk, "also", ())):
            current = found.get(marked)
            if current is None or order[severity] < order[current[0]]:
                found[marked] = (severity, risk)
    return found
