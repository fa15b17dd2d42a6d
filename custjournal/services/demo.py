"""A realistic sample journal: ~30 customers across time zones, a year of history, and at
least one situation for every rule of the risk catalogue, all placed relative to `now`."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from custjournal.domain import (
    Commitment,
    Contact,
    Customer,
    CustomerQuestion,
    DueChange,
    EtiquetteReminder,
    Interaction,
    Notice,
    Project,
    ProjectChange,
    ScopeAddition,
)
from custjournal.domain.enums import (
    Channel,
    CommitmentKind,
    CommitmentStatus,
    Direction,
    EtiquetteCategory,
    EtiquetteScope,
    InteractionKind,
    Mood,
    NoticeKind,
    ProjectField,
    ProjectStatus,
    Stage,
)
from custjournal.domain.errors import ValidationError
from custjournal.domain.times import zone
from custjournal.services.demo_seeds import SEEDS, TOPICS, Seed
from custjournal.services.journal import question_topic
from custjournal.store import Journal


class _Builder:
    """Writes the sample journal in one session; every time is relative to `now`."""

    def __init__(self, session: Session, now: datetime, rng: random.Random) -> None:
        self.s, self.now, self.rng = session, now, rng

    def at(self, customer: Customer, days: float, hour: int = 10, minute: int = 0) -> datetime:
        """A local wall-clock time `days` from today (negative: in the past) in the customer's
        zone; DST-safe because the wall time is attached after the day is chosen."""
        tz = zone(customer.timezone)
        day = (self.now.astimezone(tz) + timedelta(days=days)).date()
        return datetime.combine(day, time(hour, minute), tzinfo=tz).astimezone(UTC)

    def workday(self, customer: Customer, days: int) -> int:
        """`days` from today, moved forward past a weekend in the customer's zone."""
        weekday = (self.now.astimezone(zone(customer.timezone)) + timedelta(days=days)).weekday()
        return days + (7 - weekday if weekday >= 5 else 0)

    def customer(self, seed: Seed) -> Customer:
        customer = Customer(
            name=seed.name, stage=seed.stage, temperament=seed.temperament,
            preferred_channel=seed.channel, country=seed.country, timezone=seed.tz,
            request=seed.request, root_need=seed.root_need,
            created_at=self.now - timedelta(days=400), organisation_type="company",
            notes=f"Asked for: {seed.request}. What they need: {seed.root_need.lower()}.",
        )  # fmt: skip
        customer.contacts.append(
            Contact(name=seed.contact, role=seed.role, form_of_address=seed.address,
                    email=_email(seed), preferred_channel=seed.channel)
        )  # fmt: skip
        self.s.add(customer)
        self.s.flush()
        return customer

    def interaction(
        self, customer: Customer, days: float, *, kind: InteractionKind = InteractionKind.CALL,
        body: str = "", mood: Mood = Mood.NEUTRAL, project: Project | None = None,
        questions: tuple[str, ...] = (), hour: int = 10,
    ) -> Interaction:  # fmt: skip
        channel = {
            InteractionKind.CALL: Channel.PHONE, InteractionKind.EMAIL: Channel.EMAIL,
            InteractionKind.MEETING: Channel.IN_PERSON, InteractionKind.MEAL: Channel.IN_PERSON,
            InteractionKind.VISIT: Channel.IN_PERSON, InteractionKind.MESSAGE: Channel.CHAT,
        }.get(kind)  # fmt: skip
        topic = body or f"Talked about {self.rng.choice(TOPICS)}."
        item = Interaction(
            customer_id=customer.id, project_id=project.id if project else None,
            occurred_at=self.at(customer, days, hour), timezone=customer.timezone, kind=kind,
            channel=channel, title=f"{kind.value.capitalize()} with {customer.contacts[0].name}",
            body=topic, mood=mood, created_at=self.at(customer, days, hour),
            contacts=[customer.contacts[0]],
            questions=[CustomerQuestion(text=q, topic=question_topic(q)) for q in questions],
        )  # fmt: skip
        self.s.add(item)
        return item

    def commitment(
        self, customer: Customer, days: float, title: str, *, hour: int = 17,
        direction: Direction = Direction.MINE, status: CommitmentStatus = CommitmentStatus.OPEN,
        kind: CommitmentKind = CommitmentKind.PROMISE, duration: int | None = None,
        channel: Channel | None = None, location: str = "", confirmed: bool = False,
        rrule: str = "", project: Project | None = None, minute: int = 0,
    ) -> Commitment:  # fmt: skip
        due = self.at(customer, days, hour, minute)
        item = Commitment(
            uid=f"{uuid.UUID(int=self.rng.getrandbits(128))}@custjournal",
            customer_id=customer.id, project_id=project.id if project else None, kind=kind,
            direction=direction, title=title, due_at=due, timezone=customer.timezone,
            status=status, completed_at=due - timedelta(hours=2) if status == "done" else None,
            duration_minutes=duration, channel=channel, location=location, rrule=rrule,
            confirmed_at=due - timedelta(days=3) if confirmed else None,
            created_at=due - timedelta(days=10),
        )  # fmt: skip
        self.s.add(item)
        self.s.flush()
        return item

    def project(
        self, customer: Customer, name: str, status: ProjectStatus, *, price: str | None,
        start: int, end: int, scope: str = "", success: str = "", delivered: int | None = None,
    ) -> Project:  # fmt: skip
        today = self.now.date()
        project = Project(
            customer_id=customer.id, name=name, status=status,
            price=Decimal(price) if price else None,
            start_date=today + timedelta(days=start), end_date=today + timedelta(days=end),
            scope=scope, success_criteria=success,
            handover_criteria="Runbook handed over and the admin trained" if success else "",
            agreed_at=None if status == ProjectStatus.PROPOSED else self.at(customer, start - 10),
            delivered_at=None if delivered is None else self.at(customer, delivered),
            created_at=self.at(customer, start - 20),
        )  # fmt: skip
        self.s.add(project)
        self.s.flush()
        return project


def _on_the_hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _email(seed: Seed) -> str:
    local = "".join(ch for ch in seed.contact.split()[-1].lower() if ch.isalnum()) or "contact"
    domain = "".join(ch for ch in seed.name.lower() if ch.isalnum())[:20]
    return f"{local}@{domain}.example"


def build_demo(journal: Journal, *, now: datetime, seed: int = 7) -> dict[str, int]:
    """Fill an empty journal with the sample; returns how many records of each kind."""
    with journal.transaction() as session:
        if session.scalar(select(func.count(Customer.id))):
            raise ValidationError("journal", "already has customers; use an empty journal")
        b = _Builder(session, now, random.Random(seed))
        customers = {seed_.name: b.customer(seed_) for seed_ in SEEDS}
        _history(b, list(customers.values()))
        _situations(b, customers)
        _etiquette(session, customers)
        counts = {
            "customers": len(customers),
            "interactions": session.scalar(select(func.count(Interaction.id))) or 0,
            "commitments": session.scalar(select(func.count(Commitment.id))) or 0,
            "projects": session.scalar(select(func.count(Project.id))) or 0,
        }
    _install_pack(journal)
    return counts


def _install_pack(journal: Journal) -> None:
    try:
        from custjournal.services.etiquette import install_starter_pack  # noqa: PLC0415
    except ImportError:  # the starter pack ships with the etiquette module
        return
    install_starter_pack(journal)


# Days since the last routine contact, where a situation below needs a particular silence.
_LAST_CONTACT = {
    "Porto Tiles": 45,  # silent-customer
    "Kaizen Precision": 60,  # a prospect met only by e-mail so far
    "Cape Vine Estates": 200,  # gone-quiet
    "Copenhagen Audio": 10,  # the angry call yesterday is the latest
    "Sol Nascente Energia": 19,  # quiet-project
    "Stockholm Bikeworks": 21,
    "Vienna Chamber Music": 60,
    "Sakura Design Studio": 120,
}


def _history(b: _Builder, customers: list[Customer]) -> None:
    """A year of routine contact: calls, e-mails, meetings, kept and late promises."""
    kinds = [InteractionKind.CALL, InteractionKind.EMAIL, InteractionKind.MEETING,
             InteractionKind.MESSAGE, InteractionKind.NOTE]  # fmt: skip
    for customer in customers:
        if customer.stage == Stage.PROSPECT:
            span, gap = 60, 12
        elif customer.stage in (Stage.PAST, Stage.LOST):
            span, gap = 365, 25
        else:
            span, gap = 365, 9
        last = _LAST_CONTACT.get(customer.name, 3 if customer.stage == Stage.ACTIVE else 40)
        day = -span
        while day < -last:
            mood = b.rng.choice([Mood.POSITIVE, Mood.NEUTRAL, Mood.NEUTRAL, Mood.UNSURE])
            b.interaction(customer, day, kind=b.rng.choice(kinds), mood=mood,
                          hour=b.rng.randint(9, 16))  # fmt: skip
            if b.rng.random() < 0.35:
                late = b.rng.random() < 0.2
                done = b.commitment(customer, day + 5, "Send the meeting summary",
                                    status=CommitmentStatus.DONE)  # fmt: skip
                if late:
                    done.completed_at = done.due_at + timedelta(days=2)
            day += gap + b.rng.randint(-3, 4)
        if customer.stage == Stage.ACTIVE and customer.name not in _LAST_CONTACT:
            b.interaction(customer, -last, kind=InteractionKind.CALL, mood=Mood.POSITIVE)
            b.commitment(customer, b.workday(customer, 12 + b.rng.randint(0, 20)),
                         "Quarterly check-in",
                         kind=CommitmentKind.APPOINTMENT, duration=45, channel=Channel.VIDEO,
                         confirmed=True, hour=11)  # fmt: skip


def _situations(b: _Builder, c: dict[str, Customer]) -> None:
    """One or more recognisable situations for each rule of the catalogue."""
    lake, nord, moreau = c["Lakeside Dental"], c["Nordlicht Logistik"], c["Atelier Moreau"]
    # overdue: the revised quote I promised two days ago.
    b.commitment(moreau, -2, "Send the revised website quote")
    # unconfirmed-soon: a workshop tomorrow afternoon nobody confirmed.
    b.commitment(nord, 1, "Cloud migration workshop", kind=CommitmentKind.APPOINTMENT,
                 hour=14, duration=120, channel=Channel.VIDEO)  # fmt: skip
    # change-unacknowledged: the mail-server reboot announced only by e-mail.
    sent = b.at(lake, -2, 9)
    b.s.add(Notice(
        customer_id=lake.id, kind=NoticeKind.PLANNED_CHANGE, title="Mail server reboot",
        what_changes="Mail is unavailable for up to one hour; nothing else changes",
        effective_at=_on_the_hour(b.now + timedelta(hours=20)), timezone=lake.timezone,
        duration_minutes=60,
        channel=Channel.EMAIL, sent_at=sent, created_at=sent,
    ))  # fmt: skip
    # moved-without-call: Thames Bridge's review moved by an unanswered e-mail.
    thames = c["Thames Bridge Consulting"]
    review = b.commitment(thames, 4, "CRM requirements review", kind=CommitmentKind.APPOINTMENT,
                          hour=10, duration=90, channel=Channel.VIDEO)  # fmt: skip
    old_start = b.at(thames, 3, 10)
    notice = Notice(
        customer_id=thames.id, commitment_id=review.id, kind=NoticeKind.RESCHEDULE,
        title=review.title, what_changes="Moved by one day, same time", effective_at=old_start,
        timezone=thames.timezone, duration_minutes=90, channel=Channel.EMAIL,
        sent_at=b.now - timedelta(hours=6), created_at=b.now - timedelta(hours=6),
    )  # fmt: skip
    b.s.add(notice)
    b.s.flush()
    b.s.add(
        DueChange(
            commitment_id=review.id,
            changed_at=notice.sent_at,
            old_due_at=old_start,
            new_due_at=review.due_at,
            reason="My flight moved",
            notice_id=notice.id,
        )
    )
    # silent-customer: Porto Tiles, active, nobody talked to them for 45 days.
    # their-promise-slipping: Indus Analytics' sample data is three weeks late.
    indus = c["Indus Analytics"]
    b.commitment(indus, -21, "Send anonymised sample of the nightly data",
                 direction=Direction.THEIRS)  # fmt: skip
    # Commitments in every state, both ways: kept, cancelled and broken promises.
    pine, helios = c["Pinecrest Clinics"], c["Helios Architects"]
    b.commitment(nord, -12, "Send the warehouse network diagram", direction=Direction.THEIRS,
                 status=CommitmentStatus.DONE)  # fmt: skip
    b.commitment(helios, -9, "Provide the floor plans for the cabling",
                 direction=Direction.THEIRS, status=CommitmentStatus.CANCELLED)  # fmt: skip
    b.commitment(pine, -30, "Sign the support agreement", direction=Direction.THEIRS,
                 status=CommitmentStatus.BROKEN)  # fmt: skip
    b.commitment(c["Oslo Fjord Kayaks"], -5, "Send booking site mock-ups",
                 status=CommitmentStatus.CANCELLED)  # fmt: skip
    b.commitment(c["Copenhagen Audio"], -3, "Load-test the shop before the launch",
                 status=CommitmentStatus.BROKEN)  # fmt: skip
    # double-booked: 9:00 across town twenty minutes after the 8:00 meeting ends.
    aurora, baltic = c["Aurora Hotels"], c["Baltic Ferries Oy"]
    b.commitment(
        aurora,
        3,
        "Check-in kiosk walkthrough",
        kind=CommitmentKind.APPOINTMENT,
        hour=8,
        duration=40,
        channel=Channel.IN_PERSON,
        location="Hotel Aurora, Mannerheimintie 50, Helsinki",
        confirmed=True,
    )
    b.commitment(baltic, 3, "Onboard Wi-Fi site survey", kind=CommitmentKind.APPOINTMENT,
                 hour=9, duration=90, channel=Channel.IN_PERSON,
                 location="West Harbour terminal 2, Helsinki", confirmed=True)  # fmt: skip
    # first-meeting-etiquette: first in-person meeting with Kaizen Precision in two days.
    b.commitment(c["Kaizen Precision"], 2, "First meeting: ERP integration",
                 kind=CommitmentKind.APPOINTMENT, hour=10, duration=60,
                 channel=Channel.IN_PERSON, location="Kaizen Precision HQ, Nagoya",
                 confirmed=True)  # fmt: skip
    b.interaction(
        c["Kaizen Precision"],
        -45,
        kind=InteractionKind.EMAIL,
        body="Introduced ourselves by e-mail; they asked for a meeting in person.",
    )
    # gone-quiet: Cape Vine Estates, a past customer, 200 days without a word.
    # asked-again: Pinecrest asked about failover three times.
    for days, wording in (
        (-40, "What happens if the scheduling server goes down?"),
        (-25, "What happens if the scheduling server goes down again?"),
        (-6, "So what happens when the scheduling server goes down?"),
    ):
        b.interaction(pine, days, kind=InteractionKind.CALL, questions=(wording,),
                      body="Walked through the failover design once more.")  # fmt: skip
    # upset-no-follow-up: Copenhagen Audio called angry yesterday after the shop went down.
    b.interaction(c["Copenhagen Audio"], -1, kind=InteractionKind.CALL, mood=Mood.ANGRY,
                  body="Mads called, **furious**: the shop was down for 40 minutes during "
                  "the launch. Promised a written incident report.")  # fmt: skip
    _projects(b, c)


def _projects(b: _Builder, c: dict[str, Customer]) -> None:
    lake, nord = c["Lakeside Dental"], c["Nordlicht Logistik"]
    running = b.project(lake, "Mail server renewal", ProjectStatus.RUNNING, price="4800.00",
                        start=-50, end=25, scope="Replace the mail server; move 12 mailboxes",
                        success="No lost mail for 30 days after the switch-over")  # fmt: skip
    b.interaction(lake, -3, kind=InteractionKind.CALL, project=running,
                  body="Agreed the switch-over window for Saturday night.")  # fmt: skip
    # unpriced-extra: "while you're at it, the shared calendar too".
    b.s.add(ScopeAddition(project_id=running.id, added_at=b.at(lake, -10),
                          description="Also move the shared calendar",
                          extra_price=None, customer_agreed=False))  # fmt: skip
    # moving-target: Nordlicht's cloud move changed price once and deadline twice.
    cloud = b.project(nord, "Warehouse app to the cloud", ProjectStatus.RUNNING,
                      price="31000.00", start=-90, end=40, scope="Lift and shift, then harden",
                      success="Scanners work offline for 4 h")  # fmt: skip
    b.interaction(nord, -4, kind=InteractionKind.EMAIL, project=cloud)
    today = b.now.date()
    for days, field, old, new in ((-60, ProjectField.PRICE, "28000.00", "31000.00"),
                                  (-30, ProjectField.END, today + timedelta(days=10),
                                   today + timedelta(days=25)),
                                  (-8, ProjectField.END, today + timedelta(days=25),
                                   today + timedelta(days=40))):  # fmt: skip
        change = ProjectChange(project_id=cloud.id, field=field, changed_at=b.at(nord, days),
                               reason="Customer's network team not ready")  # fmt: skip
        if field == ProjectField.PRICE:
            change.old_amount, change.new_amount = Decimal(old), Decimal(new)  # type: ignore[arg-type]
        else:
            change.old_date, change.new_date = old, new  # type: ignore[assignment]
        b.s.add(change)
    # no-agreement: Helios started without success criteria.
    b.project(c["Helios Architects"], "File server replacement", ProjectStatus.RUNNING,
              price="9500.00", start=-15, end=30, scope="New NAS and VPN")  # fmt: skip
    # quiet-project: Sol Nascente's dashboards, no update to them for 18 days.
    sol = c["Sol Nascente Energia"]
    dash = b.project(
        sol,
        "Solar farm dashboards",
        ProjectStatus.RUNNING,
        price="15000.00",
        start=-70,
        end=20,
        scope="Five dashboards",
        success="Daily alert e-mail",
    )
    b.interaction(sol, -18, kind=InteractionKind.MESSAGE, project=dash,
                  body="Sent the first dashboard for review.")  # fmt: skip
    # no-follow-up: Stockholm Bikeworks delivered 20 days ago, no retrospective, no follow-up.
    b.project(c["Stockholm Bikeworks"], "Inventory app", ProjectStatus.DELIVERED,
              price="7200.00", start=-120, end=-20, scope="Inventory app for 2 shops",
              success="Reorder list every Monday", delivered=-20)  # fmt: skip
    # A healthy delivered project with its follow-up already on the agenda.
    vienna = c["Vienna Chamber Music"]
    done = b.project(vienna, "Online ticketing", ProjectStatus.CLOSED, price="12000.00",
                     start=-300, end=-200, scope="Ticketing and subscriptions",
                     success="Subscribers renew online", delivered=-205)  # fmt: skip
    b.commitment(vienna, 20, "Check in about the next season", project=done, hour=11)
    # A proposal not yet agreed: fine, no risk.
    b.project(c["Grupo Alameda"], "IT cost audit", ProjectStatus.PROPOSED, price="6000.00",
              start=14, end=45, scope="Audit of licences, hardware, contracts",
              success="A board-ready report with three options")  # fmt: skip


def _etiquette(session: Session, c: dict[str, Customer]) -> None:
    """A few personal reminders on top of the starter pack (installed after this)."""
    for name, category, text in (
        ("Lakeside Dental", EtiquetteCategory.CHANNELS,
         "Liisa answers the phone only after 16:00, when the last patient has left"),
        ("Kaizen Precision", EtiquetteCategory.GIFTS,
         "Bring a small, well-wrapped gift from Finland; present it with both hands"),
        ("Pinecrest Clinics", EtiquetteCategory.CONDUCT,
         "Dana has been let down before: confirm every promise in writing the same day"),
    ):  # fmt: skip
        session.add(EtiquetteReminder(scope=EtiquetteScope.CUSTOMER, customer_id=c[name].id,
                                      category=category, text=text))  # fmt: skip
