"""Reading the journal for the rules: a fixed dozen set-based queries, bodies left out.

The rules only ever look at the past through a few facts: the latest contact per customer
and project, whether we met in person or spoke since a notice, and what happened in the last
weeks. So old history is read as those facts (the latest row of each kind per customer), not
row by row when asked for `reduced` (the filters are in risk_reading): a ten-year journal then
costs little more than a young one, and the risks at that `now` are exactly those a complete
snapshot gives (tests compare).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from custjournal.domain import (
    Commitment,
    EtiquetteReminder,
)
from custjournal.domain.enums import EtiquetteScope
from custjournal.domain.times import require_aware
from custjournal.rules.catalogue import RULES_BY_ID
from custjournal.rules.snapshot import (
    CommitmentRecord,
    CustomerRecord,
    DueChangeRecord,
    EtiquetteCounts,
    InteractionRecord,
    NoticeRecord,
    ProjectChangeRecord,
    ProjectRecord,
    QuestionRecord,
    RetrospectiveRecord,
    ScopeAdditionRecord,
    Snapshot,
)
from custjournal.services.record_rows import records
from custjournal.services.risk_queries import (
    customer_queries,
    snapshot_queries,
    whole_journal_queries,
)
from custjournal.services.risk_reading import (
    clashing,
    clashing_parts,
    windows,
)
from custjournal.services.settings import all_settings

# The number of queries load_snapshot issues, whatever the size of the journal
# (one more when it has to read the settings itself).
SNAPSHOT_QUERIES = 11


def _rows(
    session: Session, record: type, query: Select[Any], params: Mapping[str, Any] | None
) -> tuple[Any, ...]:
    # Core execution on the session's connection: no ORM loading step per row.
    return records(session.connection(), record, query, params)


# Each of the snapshot's fields and the records it holds, in the order they are read.
RECORDS: dict[str, type] = {
    "customers": CustomerRecord,
    "interactions": InteractionRecord,
    "questions": QuestionRecord,
    "commitments": CommitmentRecord,
    "due_changes": DueChangeRecord,
    "notices": NoticeRecord,
    "projects": ProjectRecord,
    "project_changes": ProjectChangeRecord,
    "scope_additions": ScopeAdditionRecord,
    "retrospectives": RetrospectiveRecord,
}


def load_snapshot(
    session: Session,
    *,
    now: datetime,
    settings: Mapping[str, Any] | None = None,
    reduced: bool = False,
    customer_id: int | None = None,
    whole_diary: bool = False,
    serves: timedelta = timedelta(0),
) -> Snapshot:
    """The journal for the rules, in SNAPSHOT_QUERIES queries (bodies left out).

    `settings` are the rule settings (read here when not given: one query more). With
    `reduced`, old interactions, questions and commitments are read only as the facts the
    rules can see at exactly this `now` (see the module note): the same risks at `now`, far
    fewer rows, fit for the rules at that moment only (but see `serves`). With `customer_id`,
    only that customer's records are read, plus other customers' open appointments that can
    clash with theirs (with `reduced`, only those near theirs; two small queries more): the
    same risks for that customer, a fraction of the rows. With `whole_diary` too, every
    open appointment of the look-ahead is read as if it could clash (one query more), so
    that the days booked over the limit are judged as well (customer None). With `serves`
    (a reduced reading of the whole journal), the reading gives the rules what they see at
    any moment from `now` to `now + serves`, as long as the journal does not change.
    """
    require_aware(now, "now")
    if serves and (customer_id is not None or not reduced):
        raise ValueError("only a reduced reading of the whole journal serves later moments")
    if settings is None:
        settings = all_settings(session)
    recent, asked_window, ahead = windows(settings)
    until = now + serves
    moments = {
        "now": now, "until": until, "since": now - recent, "ahead": until + ahead,
        "asked_since": now - asked_window,
    }  # fmt: skip
    params: dict[str, Any] | None = None
    if reduced and customer_id is None:
        # The whole journal is read by the same statements at every moment: built once,
        # with the moments as parameters (building and keying them anew cost ~12 ms).
        queries, params = whole_journal_queries(), moments
    else:
        # Another customer's meeting can clash with theirs: those (and their customers'
        # names) are read too; with `reduced`, only those near one of theirs at `now`.
        others: Select[Any] | list[int] = []
        if customer_id is not None:
            if not reduced:
                others = clashing(now, None)
            elif whole_diary:
                others = _every_open_appointment(session, now, ahead)
            else:
                others = _clashing_with(session, customer_id, now, ahead, settings)
        if reduced and isinstance(others, list):
            queries = customer_queries()
            params = {**moments, "customer_id": customer_id, "others": others}
        else:
            queries = snapshot_queries(
                **moments, reduced=reduced, customer_id=customer_id, others=others
            )
    found = {
        name: _rows(session, record, queries[name], params) for name, record in RECORDS.items()
    }
    return Snapshot(
        **found,
        etiquette=_etiquette_counts(session),
        focus_customer_id=customer_id,
        whole_diary=whole_diary and customer_id is not None,
    )


def _every_open_appointment(session: Session, now: datetime, ahead: timedelta) -> list[int]:
    """Ids of every open appointment that can be under way or begin before `now + ahead`."""
    return sorted({
        ident
        for part in clashing_parts(now, now + ahead, Commitment.id)
        for (ident,) in session.connection().execute(part)
    })  # fmt: skip


def _clashing_with(
    session: Session, customer_id: int, now: datetime, ahead: timedelta, settings: Mapping[str, Any]
) -> Select[Any] | list[int]:
    """Other customers' open appointments that can clash with one of this customer's (ids):
    those starting near one of theirs, within the longest appointment and the travel buffer,
    and series; not every appointment of the next weeks (a briefing on a busy diary read
    1,400 of them)."""
    candidates = clashing(now, now + ahead)
    columns = (Commitment.due_at, Commitment.duration_minutes, Commitment.rrule)
    mine = [
        row
        for part in clashing_parts(now, now + ahead, *columns, customer_id=customer_id)
        for row in session.connection().execute(part)
    ]
    if any(rrule for _due, _minutes, rrule in mine):
        return candidates  # a series of theirs can meet anyone's appointment
    if not mine:
        return []  # nothing booked: nothing of anyone's can clash with them
    clash = RULES_BY_ID["double-booked"].params(settings)
    default = clash["default_minutes"]
    buffer = timedelta(minutes=clash["travel_buffer_minutes"])
    # Ids, times and lengths of the window's appointments (two narrow columns from an index
    # range), picked here: a query per span pattern would be compiled anew for each customer.
    everyone = [
        row
        for part in clashing_parts(
            now,
            now + ahead,
            Commitment.id,
            Commitment.due_at,
            Commitment.duration_minutes,
            Commitment.rrule,
        )  # fmt: skip
        for row in session.connection().execute(part)
    ]
    longest = timedelta(minutes=max([default, *(m or 0 for _i, _d, m, _r in everyone)]))
    starts: list[datetime] = []  # merged spans, as sorted (from, until) bounds
    ends: list[datetime] = []
    for due, minutes, _rrule in sorted(mine, key=lambda row: row[0]):
        lo, hi = due - longest - buffer, due + timedelta(minutes=minutes or default) + buffer
        if ends and lo <= ends[-1]:
            ends[-1] = max(ends[-1], hi)
        else:
            starts.append(lo)
            ends.append(hi)

    def near(due: datetime) -> bool:
        index = bisect_right(starts, due) - 1
        return index >= 0 and due < ends[index]

    return sorted(ident for ident, due, _m, rrule in everyone if rrule or near(due))


def _etiquette_counts(session: Session) -> EtiquetteCounts:
    general = 0
    by_culture: dict[str, int] = {}
    by_customer: dict[int, int] = {}
    query = (
        select(
            EtiquetteReminder.scope,
            EtiquetteReminder.culture,
            EtiquetteReminder.customer_id,
            func.count(),
        )
        .where(EtiquetteReminder.enabled.is_(True))
        .group_by(EtiquetteReminder.scope, EtiquetteReminder.culture, EtiquetteReminder.customer_id)
    )
    for scope, culture, customer_id, count in session.connection().execute(query):
        if scope == EtiquetteScope.GLOBAL:
            general += count
        elif scope == EtiquetteScope.CULTURE and culture:
            code = culture.strip().upper()
            by_culture[code] = by_culture.get(code, 0) + count
        elif scope == EtiquetteScope.CUSTOMER and customer_id is not None:
            by_customer[customer_id] = by_customer.get(customer_id, 0) + count
    return EtiquetteCounts(
        global_count=general,
        by_culture=tuple(sorted(by_culture.items())),
        by_customer=tuple(sorted(by_customer.items())),
    )
