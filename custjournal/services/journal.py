"""Journal use cases: log, edit and delete interactions; read timelines; search notes."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from custjournal.domain import Contact, Customer, CustomerQuestion, Interaction, Project
from custjournal.domain.enums import Channel, InteractionKind, Mood
from custjournal.domain.errors import ValidationError
from custjournal.services import validate as v
from custjournal.services.note_search import count_hits, search_page
from custjournal.services.uow import get_or_404, unit_of_work
from custjournal.services.views import InteractionView, SearchHit
from custjournal.store import Journal

# The channel an interaction kind implies when the user does not say.
DEFAULT_CHANNEL = {
    InteractionKind.MEETING: Channel.IN_PERSON,
    InteractionKind.VISIT: Channel.IN_PERSON,
    InteractionKind.MEAL: Channel.IN_PERSON,
    InteractionKind.CALL: Channel.PHONE,
    InteractionKind.EMAIL: Channel.EMAIL,
    InteractionKind.MESSAGE: Channel.CHAT,
}

_FIELDS: dict[str, Any] = {
    "occurred_at": lambda x: v.when("occurred_at", x),
    "kind": lambda x: v.enum("kind", InteractionKind, x),
    "channel": lambda x: v.optional_enum("channel", Channel, x),
    "title": lambda x: v.line("title", x, max_len=300),
    "body": lambda x: v.text("body", x, max_len=1_000_000),
    "mood": lambda x: v.enum("mood", Mood, x),
    "project_id": lambda x: None if x in (None, "") else int(x),
}


# Words that change between rephrasings of one question without changing what is asked.
_QUESTION_FILLER = frozenset(
    (
        "a an the is are was were be do does did we you i me my our your they their it its to "
        "of on in at for and or so if when what how why who which can could would will should "
        "shall again still then there please just really ok okay"
    ).split()
)


def question_topic(question: str) -> str:
    """A key under which rephrasings of the same question group together."""
    tokens = [w for w in re.findall(r"\w+", question.lower()) if w not in _QUESTION_FILLER]
    return " ".join(sorted(set(tokens)))[:200]


def _questions(values: list[str] | tuple[str, ...]) -> list[CustomerQuestion]:
    found = []
    for index, raw in enumerate(values):
        text = v.line(f"questions[{index}]", raw, max_len=2000)
        if text:
            found.append(CustomerQuestion(text=text, topic=question_topic(text)))
    return found


def _contacts(session: Session, customer_id: int, ids: list[int] | tuple[int, ...]) -> list:
    if not ids:
        return []
    contacts = session.scalars(select(Contact).where(Contact.id.in_(list(ids)))).all()
    if len(contacts) != len(set(ids)) or any(c.customer_id != customer_id for c in contacts):
        raise ValidationError("contact_ids", "names a contact who is not with this customer")
    return list(contacts)


def _check_project(session: Session, project_id: int | None, customer_id: int) -> None:
    if project_id is None:
        return
    project = session.get(Project, project_id)
    if project is None or project.customer_id != customer_id:
        raise ValidationError("project_id", "is not a project of this customer")


def _view(session: Session, interaction: Interaction) -> InteractionView:
    name = session.scalar(select(Customer.name).where(Customer.id == interaction.customer_id))
    return InteractionView.of(interaction, name or "")


def log_interaction(
    journal: Journal,
    *,
    customer_id: int,
    now: datetime,
    occurred_at: datetime | None = None,
    kind: InteractionKind | str = InteractionKind.NOTE,
    channel: Channel | str | None = None,
    title: str = "",
    body: str = "",
    mood: Mood | str = Mood.NEUTRAL,
    project_id: int | None = None,
    contact_ids: list[int] | tuple[int, ...] = (),
    questions: list[str] | tuple[str, ...] = (),
) -> InteractionView:
    values = {
        key: _FIELDS[key](value)
        for key, value in {
            "occurred_at": occurred_at or now,
            "kind": kind,
            "channel": channel,
            "title": title,
            "body": body,
            "mood": mood,
            "project_id": project_id,
        }.items()
    }
    if not values["title"] and not values["body"]:
        raise ValidationError("body", "write something: a title or a note")
    values["channel"] = values["channel"] or DEFAULT_CHANNEL.get(values["kind"])
    asked = _questions(questions)
    with unit_of_work(journal) as session:
        customer = get_or_404(session, Customer, customer_id, "customer")
        _check_project(session, values["project_id"], customer_id)
        interaction = Interaction(
            customer_id=customer_id,
            timezone=customer.timezone,
            created_at=now,
            contacts=_contacts(session, customer_id, contact_ids),
            questions=asked,
            **values,
        )
        session.add(interaction)
        session.flush()
        return InteractionView.of(interaction, customer.name)


def update_interaction(
    journal: Journal,
    *,
    interaction_id: int,
    expected_version: int | None = None,
    contact_ids: list[int] | tuple[int, ...] | None = None,
    questions: list[str] | tuple[str, ...] | None = None,
    **fields: Any,
) -> InteractionView:
    unknown = set(fields) - set(_FIELDS)
    if unknown:
        raise ValidationError(sorted(unknown)[0], "is not a field that can be set")
    values = {key: _FIELDS[key](value) for key, value in fields.items()}
    with unit_of_work(journal) as session:
        interaction = get_or_404(session, Interaction, interaction_id, "interaction")
        v.check_version("this note", interaction.version, expected_version)
        if "project_id" in values:
            _check_project(session, values["project_id"], interaction.customer_id)
        for key, value in values.items():
            setattr(interaction, key, value)
        if not interaction.title and not interaction.body:
            raise ValidationError("body", "write something: a title or a note")
        if contact_ids is not None:
            interaction.contacts = _contacts(session, interaction.customer_id, contact_ids)
        if questions is not None:
            interaction.questions = _questions(questions)
        session.flush()
        return _view(session, interaction)


def delete_interaction(journal: Journal, *, interaction_id: int) -> InteractionView:
    with unit_of_work(journal) as session:
        interaction = get_or_404(session, Interaction, interaction_id, "interaction")
        view = _view(session, interaction)
        session.delete(interaction)
        return view


def get_interaction(journal: Journal, interaction_id: int) -> InteractionView:
    with journal.reading() as session:
        return _view(session, get_or_404(session, Interaction, interaction_id, "interaction"))


def _load(session: Session, ids: list[int]) -> dict[int, InteractionView]:
    if not ids:
        return {}
    rows = session.execute(
        select(Interaction, Customer.name)
        .join(Customer, Customer.id == Interaction.customer_id)
        .where(Interaction.id.in_(ids))
        .options(selectinload(Interaction.contacts), selectinload(Interaction.questions))
    )
    return {i.id: InteractionView.of(i, name) for i, name in rows}


def timeline(
    journal: Journal, *, customer_id: int | None = None, offset: int = 0, limit: int = 50
) -> list[InteractionView]:
    """Interactions newest first, one page at a time (a long journal is never loaded whole)."""
    with journal.reading() as session:
        stmt = select(Interaction.id).order_by(
            Interaction.occurred_at.desc(), Interaction.id.desc()
        )
        if customer_id is not None:
            stmt = stmt.where(Interaction.customer_id == customer_id)
        ids = list(session.scalars(stmt.offset(offset).limit(limit)))
        loaded = _load(session, ids)
        return [loaded[i] for i in ids]


def count_interactions(journal: Journal, *, customer_id: int | None = None) -> int:
    with journal.reading() as session:
        stmt = select(func.count(Interaction.id))
        if customer_id is not None:
            stmt = stmt.where(Interaction.customer_id == customer_id)
        return int(session.scalar(stmt) or 0)


def search_interactions(
    journal: Journal,
    query: str,
    *,
    customer_id: int | None = None,
    limit: int = 200,
    offset: int = 0,
    check: Callable[[], None] | None = None,
) -> list[SearchHit]:
    """Notes matching `query`, the most recently written first, `limit` from `offset`.

    Every word must occur, "quoted words" in a row, the last word may be a beginning; nothing
    typed is query syntax (see custjournal.store.search.terms). Accents are folded.
    """
    return search_page(
        journal, query, customer_id=customer_id, limit=limit, offset=offset, check=check
    )


def count_search_hits(journal: Journal, query: str, *, customer_id: int | None = None) -> int:
    """How many notes match `query`, counted up to COUNT_CAP (that figure means "or more")."""
    return count_hits(journal, query, customer_id=customer_id)
