"""Every importer, fed random and mangled files: a ValidationError naming the place, or success."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custjournal.domain import ValidationError
from custjournal.services.interchange.csv_io import apply_csv, read_csv, suggest_mapping
from custjournal.services.interchange.ics import apply_ics, parse_ics
from custjournal.services.interchange.vcard import apply_vcards, parse_vcards
from tests.interchange.conftest import SAMPLES

FUZZ = settings(
    max_examples=150,
    # No per-example deadline: on a loaded CI machine it fails honest examples; a parse that
    # never ends is still caught by the suite's per-test timeout.
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ICS = [
    (SAMPLES / n).read_bytes()
    for n in ("thunderbird.ics", "outlook.ics", "google.ics", "apple.ics")
]
VCF = [(SAMPLES / n).read_bytes() for n in ("apple.vcf", "google.vcf", "rfc6350.vcf")]
CSV = [(SAMPLES / n).read_bytes() for n in ("outlook_contacts.csv", "google_contacts.csv",
                                            "excel_semicolon.csv")]  # fmt: skip

NAMES = ["BEGIN", "END", "DTSTART", "DTEND", "DUE", "DURATION", "RRULE", "EXDATE", "RDATE",
         "RECURRENCE-ID", "UID", "SUMMARY", "ATTENDEE", "ORGANIZER", "STATUS", "FN", "N", "ORG",
         "EMAIL", "TEL", "VERSION", "PHOTO", "X-WR-TIMEZONE", "X-CUSTJOURNAL-TIMEZONE"]  # fmt: skip
VALUES = ["VCALENDAR", "VEVENT", "VTODO", "VTIMEZONE", "VCARD", "VALARM", "20261201T100000Z",
          "20261201", "20260230T100000", "100000101T000000", "PT1H", "-PT1H", "P1000000W",
          "FREQ=SECONDLY", "FREQ=DAILY;INTERVAL=0", "FREQ=YEARLY;COUNT=1000000000",
          "FREQ=WEEKLY;UNTIL=20270101", "mailto:anna@mueller.de", "CANCELLED", "4.0", "2.1",
          "3.0", "Europe/Helsinki", "Mars/Olympus", "a;b\\,c", ""]  # fmt: skip
PARAMS = ["", ";TZID=Europe/Berlin", ";TZID=W. Europe Standard Time", ";VALUE=DATE",
          ';TZID="Nowhere"', ";TYPE=pref", ";PARTSTAT=ACCEPTED", ';X="unclosed', ";=x"]  # fmt: skip


@st.composite
def content_lines(draw) -> bytes:
    """Files built from the vocabulary of real calendars and cards, in random order."""
    lines = draw(
        st.lists(
            st.tuples(st.sampled_from(NAMES), st.sampled_from(PARAMS), st.sampled_from(VALUES)),
            max_size=40,
        )
    )
    text = "\r\n".join(f"{n}{p}:{v}" for n, p, v in lines)
    return text.encode("utf-8")


@st.composite
def mangled(draw, originals: list[bytes]) -> bytes:
    """A real sample with a few random cuts, insertions and duplications."""
    data = bytearray(draw(st.sampled_from(originals)))
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["cut", "insert", "duplicate", "flip"]))
        if action == "cut":
            del data[where : where + draw(st.integers(1, 200))]
        elif action == "insert":
            data[where:where] = draw(st.binary(max_size=40))
        elif action == "duplicate":
            data[where:where] = data[where : where + draw(st.integers(1, 300))]
        elif data:
            data[min(where, len(data) - 1)] = draw(st.integers(0, 255))
    return bytes(data)


def files(originals: list[bytes]) -> st.SearchStrategy[bytes]:
    return st.one_of(st.binary(max_size=300), content_lines(), mangled(originals))


def only_clear_errors(run) -> None:
    try:
        run()
    except ValidationError as error:
        assert error.field and error.problem  # says where and what
        assert "Traceback" not in str(error)


@FUZZ
@given(data=files(ICS))
def test_ics_importer(journal, people, now, data):
    def run() -> None:
        apply_ics(journal, parse_ics(data, source="f.ics"), customer="Acme Oy", now=now)

    only_clear_errors(run)


@FUZZ
@given(data=files(VCF))
def test_vcard_importer(journal, people, now, data):
    only_clear_errors(
        lambda: apply_vcards(journal, parse_vcards(data), customer="Acme Oy", now=now)
    )


@FUZZ
@given(data=files(CSV))
def test_csv_importer(journal, people, now, data):
    def run() -> None:
        table = read_csv(data)
        mapping = suggest_mapping(table.headers) or {"name": table.headers[0]}
        apply_csv(journal, table, mapping, customer="Acme Oy", now=now)

    only_clear_errors(run)


@pytest.mark.parametrize("original", ICS + VCF, ids=lambda b: b[:30].decode(errors="replace"))
def test_truncated_at_every_line_never_crashes(journal, people, now, original):
    lines = original.split(b"\r\n")
    for cut in range(1, len(lines), 3):
        data = b"\r\n".join(lines[:cut])
        parse = parse_ics if b"VCALENDAR" in original else parse_vcards
        only_clear_errors(lambda data=data, parse=parse: parse(data))


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x7f")
    | st.sampled_from([",", ";", "\\", ":", '"', "\n", " ", "ü", "☕", "=", "@"]),
    min_size=1,
    max_size=120,
).filter(lambda t: t.strip() == t and t)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=TEXT, details=TEXT, location=TEXT, name=TEXT)
def test_any_text_survives_our_export_for_icalendar_and_for_us(
    journal, people, now, title, details, location, name
):
    import icalendar  # noqa: PLC0415
    from sqlalchemy import delete, select  # noqa: PLC0415

    from custjournal.domain import Commitment, Contact  # noqa: PLC0415
    from custjournal.domain.enums import CommitmentKind  # noqa: PLC0415
    from custjournal.services.interchange.ics import export_ics, import_ics  # noqa: PLC0415

    with journal.transaction() as session:
        session.execute(delete(Commitment))
        contact = session.scalars(select(Contact)).first()
        contact.name = name[:200]
        session.add(
            Commitment(uid="fuzz@cj", customer_id=contact.customer_id, contact_id=contact.id,
                       kind=CommitmentKind.APPOINTMENT, title=title, details=details,
                       location=location, due_at=now, timezone="Europe/Helsinki",
                       duration_minutes=30, created_at=now)
        )  # fmt: skip
    text = export_ics(journal, now=now).text
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert (str(event["SUMMARY"]), str(event["DESCRIPTION"]), str(event["LOCATION"])) == (
        title,
        details,
        location,
    )
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert import_ics(journal, text.encode(), now=now).unchanged == 1
