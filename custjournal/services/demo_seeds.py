"""The sample journal's cast: thirty fictional customers in twenty countries, and what
routine conversations with them were about."""

from __future__ import annotations

from dataclasses import dataclass

from custjournal.domain.enums import Channel, Stage, Temperament


@dataclass(frozen=True)
class Seed:
    name: str
    country: str
    tz: str
    stage: Stage
    temperament: Temperament
    channel: Channel
    contact: str
    address: str
    role: str
    request: str
    root_need: str


S, T, C = Stage, Temperament, Channel
SEEDS: tuple[Seed, ...] = (
    Seed(
        "Lakeside Dental",
        "FI",
        "Europe/Helsinki",
        S.ACTIVE,
        T.BUSINESS_ONLY,
        C.PHONE,
        "Liisa Korhonen",
        "Ms Korhonen",
        "Office manager",
        "A faster mail server",
        "The front desk must never lose a booking e-mail",
    ),  # noqa: E501
    Seed(
        "Nordlicht Logistik",
        "DE",
        "Europe/Berlin",
        S.ACTIVE,
        T.TECHNICAL,
        C.EMAIL,
        "Dr. Jonas Weber",
        "Dr. Weber",
        "Head of IT",
        "Move the warehouse app to the cloud",
        "Scanning must keep working when the line to HQ drops",
    ),  # noqa: E501
    Seed(
        "Atelier Moreau",
        "FR",
        "Europe/Paris",
        S.ACTIVE,
        T.UNSURE,
        C.IN_PERSON,
        "Camille Moreau",
        "Madame Moreau",
        "Owner",
        "A new website",
        "More commissions from architects, not more visitors",
    ),  # noqa: E501
    Seed(
        "Thames Bridge Consulting",
        "GB",
        "Europe/London",
        S.ACTIVE,
        T.COOPERATIVE,
        C.VIDEO,
        "Oliver Hughes",
        "Oliver",
        "Managing partner",
        "A CRM",
        "Partners stop double-booking the same client",
    ),  # noqa: E501
    Seed(
        "Pinecrest Clinics",
        "US",
        "America/New_York",
        S.ACTIVE,
        T.UPSET,
        C.PHONE,
        "Dana Whitfield",
        "Ms. Whitfield",
        "COO",
        "Fix the scheduling outages",
        "Patients can always book, even when one system is down",
    ),  # noqa: E501
    Seed(
        "Sol Nascente Energia",
        "BR",
        "America/Sao_Paulo",
        S.ACTIVE,
        T.COOPERATIVE,
        C.CHAT,
        "Rafael Costa",
        "Rafael",
        "Operations director",
        "Dashboards for the solar farms",
        "Spot failing panels before the monthly report",
    ),  # noqa: E501
    Seed(
        "Grupo Alameda",
        "MX",
        "America/Mexico_City",
        S.PROSPECT,
        T.UNSURE,
        C.IN_PERSON,
        "Lic. Mariana Ortiz",
        "Licenciada Ortiz",
        "Finance director",
        "An audit of their IT costs",
        "Justify the IT budget to the family board",
    ),  # noqa: E501
    Seed(
        "Kaizen Precision",
        "JP",
        "Asia/Tokyo",
        S.PROSPECT,
        T.BUSINESS_ONLY,
        C.EMAIL,
        "Takeshi Yamamoto",
        "Yamamoto-san",
        "General manager",
        "ERP integration",
        "Orders from Europe reach the factory the same day",
    ),  # noqa: E501
    Seed(
        "Lotus Garden Trading",
        "CN",
        "Asia/Shanghai",
        S.ACTIVE,
        T.COOPERATIVE,
        C.CHAT,
        "Wang Li",
        "Mr. Wang",
        "Purchasing head",
        "Supplier portal",
        "Fewer phone calls chasing order status",
    ),  # noqa: E501
    Seed(
        "Indus Analytics",
        "IN",
        "Asia/Kolkata",
        S.ACTIVE,
        T.TECHNICAL,
        C.VIDEO,
        "Priya Raman",
        "Priya",
        "CTO",
        "Data pipeline review",
        "Nightly loads finish before the Mumbai office opens",
    ),  # noqa: E501
    Seed(
        "Falcon Bay Properties",
        "AE",
        "Asia/Dubai",
        S.ACTIVE,
        T.BUSINESS_ONLY,
        C.IN_PERSON,
        "Khalid Al Mansouri",
        "Mr. Al Mansouri",
        "Director",
        "Tenant app",
        "Tenants renew because service requests get answered",
    ),  # noqa: E501
    Seed(
        "Najd Medical Supplies",
        "SA",
        "Asia/Riyadh",
        S.PROSPECT,
        T.COOPERATIVE,
        C.PHONE,
        "Eng. Faisal Al Qahtani",
        "Eng. Faisal",
        "IT manager",
        "Warehouse scanners",
        "Stock counts that match the books",
    ),  # noqa: E501
    Seed(
        "Lagos Fresh Foods",
        "NG",
        "Africa/Lagos",
        S.ACTIVE,
        T.UNSURE,
        C.PHONE,
        "Chiamaka Okafor",
        "Mrs. Okafor",
        "CEO",
        "An online shop",
        "Reach restaurants outside Lagos",
    ),  # noqa: E501
    Seed(
        "Cape Vine Estates",
        "ZA",
        "Africa/Johannesburg",
        S.PAST,
        T.COOPERATIVE,
        C.EMAIL,
        "Pieter van der Merwe",
        "Pieter",
        "Estate manager",
        "Booking system for tastings",
        "Fill weekday tastings, not only weekends",
    ),  # noqa: E501
    Seed(
        "Hanbit Robotics",
        "KR",
        "Asia/Seoul",
        S.ACTIVE,
        T.TECHNICAL,
        C.EMAIL,
        "Kim Ji-ho",
        "Mr. Kim",
        "R&D lead",
        "Test automation",
        "Ship firmware weekly without weekend overtime",
    ),  # noqa: E501
    Seed(
        "Stockholm Bikeworks",
        "SE",
        "Europe/Stockholm",
        S.PAST,
        T.COOPERATIVE,
        C.EMAIL,
        "Elin Lindqvist",
        "Elin",
        "Founder",
        "Inventory app",
        "Know which spare parts to reorder before spring",
    ),  # noqa: E501
    Seed(
        "Baltic Ferries Oy",
        "FI",
        "Europe/Helsinki",
        S.ACTIVE,
        T.BUSINESS_ONLY,
        C.PHONE,
        "Mikko Nieminen",
        "Mr. Nieminen",
        "Fleet IT manager",
        "Onboard Wi-Fi upgrade",
        "Passengers stop complaining in reviews",
    ),  # noqa: E501
    Seed(
        "Rheinwerk Maschinenbau",
        "DE",
        "Europe/Berlin",
        S.LOST,
        T.BUSINESS_ONLY,
        C.EMAIL,
        "Ute Schmidt",
        "Frau Schmidt",
        "Procurement",
        "Tender for a maintenance portal",
        "Cut machine downtime",
    ),  # noqa: E501
    Seed(
        "Helios Architects",
        "GB",
        "Europe/London",
        S.ACTIVE,
        T.UNSURE,
        C.IN_PERSON,
        "Sophie Clarke",
        "Sophie",
        "Partner",
        "File server replacement",
        "Architects can open big drawings from site",
    ),  # noqa: E501
    Seed(
        "Maple Street Bakery",
        "US",
        "America/Chicago",
        S.ACTIVE,
        T.COOPERATIVE,
        C.PHONE,
        "Tom Becker",
        "Tom",
        "Owner",
        "Point of sale",
        "Know by noon what to bake tomorrow",
    ),  # noqa: E501
    Seed(
        "Aurora Hotels",
        "FI",
        "Europe/Helsinki",
        S.ACTIVE,
        T.COOPERATIVE,
        C.IN_PERSON,
        "Anna Virtanen",
        "Anna",
        "Hotel director",
        "Guest Wi-Fi and booking integration",
        "Guests check in without queueing",
    ),  # noqa: E501
    Seed(
        "Vienna Chamber Music",
        "AT",
        "Europe/Vienna",
        S.PAST,
        T.COOPERATIVE,
        C.EMAIL,
        "Mag. Felix Gruber",
        "Herr Magister Gruber",
        "Managing director",
        "Ticketing",
        "Subscribers renew online",
    ),  # noqa: E501
    Seed(
        "Porto Tiles",
        "PT",
        "Europe/Lisbon",
        S.ACTIVE,
        T.COOPERATIVE,
        C.VIDEO,
        "João Silva",
        "Sr. Silva",
        "Export manager",
        "Catalogue app for distributors",
        "Distributors order the right glaze batch",
    ),  # noqa: E501
    Seed(
        "Oslo Fjord Kayaks",
        "NO",
        "Europe/Oslo",
        S.PROSPECT,
        T.UNSURE,
        C.EMAIL,
        "Ingrid Berg",
        "Ingrid",
        "Owner",
        "Booking website",
        "Fewer no-shows on rainy days",
    ),  # noqa: E501
    Seed(
        "Tallinn Code Works",
        "EE",
        "Europe/Tallinn",
        S.ACTIVE,
        T.TECHNICAL,
        C.CHAT,
        "Kristjan Tamm",
        "Kristjan",
        "CTO",
        "Security review",
        "Pass the bank's vendor audit",
    ),  # noqa: E501
    Seed(
        "Andes Coffee Importers",
        "US",
        "America/Los_Angeles",
        S.ACTIVE,
        T.BUSINESS_ONLY,
        C.EMAIL,
        "Lucia Fernandez",
        "Ms. Fernandez",
        "CFO",
        "Accounting system migration",
        "Close the books in three days",
    ),  # noqa: E501
    Seed(
        "Sakura Design Studio",
        "JP",
        "Asia/Tokyo",
        S.PAST,
        T.COOPERATIVE,
        C.EMAIL,
        "Aiko Tanaka",
        "Tanaka-san",
        "Creative director",
        "Backup system",
        "Never lose a client's artwork",
    ),  # noqa: E501
    Seed(
        "Nairobi Green Transport",
        "KE",
        "Africa/Nairobi",
        S.ACTIVE,
        T.COOPERATIVE,
        C.VIDEO,
        "Wanjiru Kamau",
        "Ms. Kamau",
        "Operations lead",
        "Fleet tracking",
        "Buses leave on time from the depot",
    ),  # noqa: E501
    Seed(
        "Copenhagen Audio",
        "DK",
        "Europe/Copenhagen",
        S.ACTIVE,
        T.UPSET,
        C.PHONE,
        "Mads Jensen",
        "Mads",
        "Founder",
        "Web shop performance",
        "Launch-day traffic does not take the shop down",
    ),  # noqa: E501
    Seed(
        "Montreal Learning Lab",
        "CA",
        "America/Toronto",
        S.ACTIVE,
        T.COOPERATIVE,
        C.VIDEO,
        "Émilie Tremblay",
        "Émilie",
        "Director",
        "Online course platform",
        "Teachers publish a course without calling IT",
    ),  # noqa: E501
)

TOPICS = (
    "the **migration plan** and who does what",
    "the budget for next quarter; they want a *fixed price*",
    "backup restore test — it worked, 14 min for 40 GB",
    "why the VPN is slow from the branch office",
    "training for the new staff in January",
    "the licence renewal and whether to switch vendors",
    "a phishing e-mail the accountant almost answered",
    "printer fleet, again; proposed a managed contract",
    "the go-live checklist, line by line",
    "their growth plans: two new sites next year",
)
