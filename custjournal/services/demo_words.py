"""Word lists and sentence makers for the large demo journals (varied enough for search)."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

# (country, IANA zone, culture) — consultants' customers sit all over the clock.
ZONES: tuple[tuple[str, str], ...] = (
    ("FI", "Europe/Helsinki"), ("DE", "Europe/Berlin"), ("FR", "Europe/Paris"),
    ("GB", "Europe/London"), ("PT", "Europe/Lisbon"), ("ES", "Europe/Madrid"),
    ("IT", "Europe/Rome"), ("NL", "Europe/Amsterdam"), ("SE", "Europe/Stockholm"),
    ("PL", "Europe/Warsaw"), ("AT", "Europe/Vienna"), ("CH", "Europe/Zurich"),
    ("US", "America/New_York"), ("US", "America/Chicago"), ("US", "America/Los_Angeles"),
    ("CA", "America/Toronto"), ("BR", "America/Sao_Paulo"), ("MX", "America/Mexico_City"),
    ("JP", "Asia/Tokyo"), ("IN", "Asia/Kolkata"), ("SG", "Asia/Singapore"),
    ("AE", "Asia/Dubai"), ("AU", "Australia/Sydney"), ("NZ", "Pacific/Auckland"),
    ("ZA", "Africa/Johannesburg"), ("KE", "Africa/Nairobi"), ("TR", "Europe/Istanbul"),
    ("DK", "Europe/Copenhagen"), ("NO", "Europe/Oslo"), ("IE", "Europe/Dublin"),
)  # fmt: skip

_NAME_A = (
    "Lakeside Nordlicht Atelier Thames Pinecrest Aurora Baltic Helios Porto Indus Kaizen "
    "Cape Vienna Stockholm Sol Grupo Sakura Nairobi Copenhagen Montreal Alpine Harbour "
    "Granite Maple Cedar Silver Blue Red Golden Northern Southern Eastern Western Coastal "
    "Riverside Hilltop Meadow Summit Oak Willow Falcon Heron Lynx Otter Beacon Compass Anchor"
).split()
_NAME_B = (
    "Dental Logistik Clinics Hotels Ferries Architects Tiles Analytics Precision Vine Music "
    "Bikeworks Energia Design Transport Audio Learning Bakery Brewery Legal Accounting Realty "
    "Pharma Studios Robotics Foods Textiles Marine Aviation Insurance Media Printing Dairy "
    "Outdoor Garage Optics Labs Partners Foundation Academy Kitchens Farms Motors Software"
).split()
_SUFFIX = ("", "", "", " Oy", " GmbH", " SA", " Ltd", " AB", " BV", " Inc", " KK", " & Co")

FIRST = (
    "Liisa Jonas Camille Oliver Dana Aiko Wanjiru Mads Émilie Ana Rui Lucía Marco Sanne Erik "
    "Agnieszka Lukas Nadia Priya Wei Kenji Sipho Amara Tomás Ingrid Fatima Omar Chloe Ravi Zoe"
).split()
LAST = (
    "Korhonen Weber Moreau Hughes Miller Tanaka Kamau Jensen Tremblay Silva Costa García Rossi "
    "de Vries Lindqvist Nowak Huber Haddad Sharma Chen Sato Dlamini Okafor Ruiz Berg Khan Ali"
).split()
ROLES = ("Owner", "Office manager", "Head of IT", "CFO", "Operations lead", "Director")

_VERBS = (
    "Discussed",
    "Reviewed",
    "Walked through",
    "Agreed",
    "Questioned",
    "Sketched",
    "Tested",
    "Planned",
    "Estimated",
    "Demonstrated",
    "Escalated",
    "Postponed",
    "Clarified",
    "Priced",
)
_THINGS = (
    "the migration plan",
    "the backup restore test",
    "the firewall rules",
    "the VPN latency",
    "the licence renewal",
    "the printer fleet",
    "the go-live checklist",
    "the mail server",
    "the phishing training",
    "the disaster recovery runbook",
    "the helpdesk contract",
    "the warehouse scanners",
    "the booking system",
    "the payroll export",
    "the web shop",
    "the cloud invoice",
    "the laptop refresh",
    "the password manager",
    "the Wi-Fi survey",
    "the CRM rollout",
    "the accounting migration",
    "the monitoring dashboards",
    "the patching schedule",
    "the new branch office",
    "the data retention policy",
    "the GDPR request",
    "the SLA report",
    "the storage upgrade",
    "the telephony switch",
    "the intranet redesign",
    "the API integration",
    "the ERP interface",
    "the audit findings",
)
_DETAILS = (
    "they want a fixed price",
    "it took 14 minutes for 40 GB",
    "the accountant is worried",
    "their board meets next month",
    "two new sites are planned",
    "the budget is frozen",
    "nobody owns it on their side",
    "they asked for a written summary",
    "it worked first time",
    "the vendor is late again",
    "staff training is needed",
    "a pilot in one shop first",
    "they compared us with a larger firm",
    "the deadline is the end of the quarter",
    "security insisted on MFA",
    "the old contract ends in spring",
    "performance is the issue",
    "they were pleased with the result",
    "the CEO wants a demo",
    "the numbers look better",
)
_PROMISES = (
    "Send the summary of",
    "Quote for",
    "Fix",
    "Document",
    "Test",
    "Order parts for",
    "Book a workshop on",
    "Write the proposal for",
    "Check",
    "Call back about",
)
_QUESTIONS = (
    "What happens if {thing} fails?",
    "How much will {thing} cost next year?",
    "Who do we call about {thing} at night?",
    "Why is {thing} taking so long?",
)
_SYLLABLES = (
    "ka ra mo li ze to vin sul dar quo ne pi ax or lum bre tal fen gro hal ix ost pra nu vel "
    "kor sam tri bel"
).split()


def picker(rng: random.Random) -> Callable[[Sequence[T]], T]:
    """A faster rng.choice (millions of calls): one random() per pick, same seed, same run."""
    rand = rng.random

    def pick(seq: Sequence[T]) -> T:
        return seq[int(rand() * len(seq))]

    return pick


def customer_names(rng: random.Random, count: int) -> list[str]:
    """`count` distinct, plausible company names."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = f"{rng.choice(_NAME_A)} {rng.choice(_NAME_B)}{rng.choice(_SUFFIX)}"
        if name in seen:
            name = f"{name} {len(names) + 1}"
        seen.add(name)
        names.append(name)
    return names


def codenames(rng: random.Random, count: int) -> list[str]:
    """Made-up product and site names: rare words, so a search can find a handful of notes."""
    found: set[str] = set()
    while len(found) < count:
        parts = rng.randint(2, 3)
        found.add("".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize())
    return sorted(found)


class Bodies:
    """Note bodies: a few Markdown sentences mixing common and rare words."""

    def __init__(self, rng: random.Random, rare: int = 4000) -> None:
        self.rng = rng
        self.rare = codenames(rng, rare)
        self.pick = picker(rng)

    def title(self, kind: str, person: str) -> str:
        return f"{kind.capitalize()} with {person}"

    def body(self) -> str:
        pick, rand = self.pick, self.rng.random
        parts = [f"{pick(_VERBS)} {pick(_THINGS)}; {pick(_DETAILS)}."]
        for _ in range(int(rand() * 4)):
            parts.append(f"{pick(_VERBS)} **{pick(_THINGS)}** — {pick(_DETAILS)}.")
        if rand() < 0.6:
            parts.append(f"Site: {pick(self.rare)}; ticket #{1000 + int(rand() * 99000)}.")
        return " ".join(parts)

    def promise(self) -> str:
        return f"{self.pick(_PROMISES)} {self.pick(_THINGS)}"

    def question(self) -> str:
        return self.rng.choice(_QUESTIONS).format(thing=self.rng.choice(_THINGS[:8]))
