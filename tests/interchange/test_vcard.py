"""vCard 3.0/4.0: address books from Apple, Google and RFC 6350 in; vobject reads ours."""

from __future__ import annotations

import pytest
import vobject
from sqlalchemy import select

from custjournal.domain import Contact, Customer, NotFoundError, ValidationError
from custjournal.domain.enums import Channel
from custjournal.services.interchange.vcard import (
    export_vcards,
    import_vcards,
    parse_vcards,
    preview_vcards,
)
from custjournal.store import Journal
from tests.interchange.conftest import sample


def contacts(journal: Journal) -> dict[str, tuple[str, Contact]]:
    with journal.reading() as session:
        found = {
            c.name: (name, c)
            for c, name in session.execute(select(Contact, Customer.name).join(Customer))
        }
        session.expunge_all()
        return found


def test_apple_cards_match_existing_people_and_skip_company_cards(journal, people, now):
    report = import_vcards(journal, sample("apple.vcf"), source="apple.vcf", now=now)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    assert [(s.title, s.reason) for s in report.skipped] == [
        ("Müller GmbH", "a company card, not a person")
    ]
    assert any("apple.vcf record 1" in w and "photo" in w for w in report.warnings)
    found = contacts(journal)
    customer, anna = found["Anna Müller"]
    assert customer == "Müller GmbH"
    assert anna.email == "anna@mueller.de"  # the card's preferred address
    assert anna.phone == "+49 711 123456"  # the preferred number
    assert anna.role == "Leiterin IT"
    assert anna.form_of_address == "Dr. Müller"
    assert anna.notes == "Prefers a call before 10:00.\nSpeaks English and German; no Fridays."
    assert found["Jörg Schmidt"][0] == "Müller GmbH"


def test_google_cards_create_missing_customers_and_skip_people_without_company(
    journal, people, now
):
    report = import_vcards(journal, sample("google.vcf"), now=now)
    assert report.customers_created == ("Nordsjö Konsult AB",)
    assert report.created == 1 and report.updated == 1  # Pekka gains phone, role, notes
    assert [s.title for s in report.skipped] == ["Sam Friend"]
    found = contacts(journal)
    assert found["Åsa Lindqvist"][0] == "Nordsjö Konsult AB"
    assert found["Åsa Lindqvist"][1].email == "asa.lindqvist@nordsjo.example"
    assert found["Pekka Virtanen"][1].role == "CTO"


def test_no_new_customers_and_a_named_customer(journal, people, now):
    report = import_vcards(
        journal, sample("google.vcf"), customer="Acme Oy", create_customers=False, now=now
    )
    assert report.customers_created == ()
    assert [s.title for s in report.skipped] == ["Åsa Lindqvist"]
    assert contacts(journal)["Sam Friend"][0] == "Acme Oy"
    with pytest.raises(NotFoundError):
        import_vcards(journal, sample("google.vcf"), customer="Nobody", now=now)


def test_vcard_4_uri_phones_preferences_and_our_extensions(journal, people, now):
    report = import_vcards(journal, sample("rfc6350.vcf"), now=now)
    assert [s.reason for s in report.skipped] == ["a org card, not a person"]
    jane = contacts(journal)["Jane Doe"][1]
    assert jane.email == "jane@northwind.example"
    assert jane.phone == "+1-212-555-0100"
    assert jane.preferred_channel == Channel.VIDEO
    assert jane.form_of_address == "Ms. Doe"
    assert jane.notes == "Decides quickly, wants numbers first."


@pytest.mark.parametrize("name", ["apple.vcf", "google.vcf", "rfc6350.vcf"])
def test_reimport_never_duplicates(journal, people, now, name):
    import_vcards(journal, sample(name), now=now)
    before = contacts(journal)
    again = import_vcards(journal, sample(name), now=now)
    assert again.created == again.updated == 0
    assert contacts(journal).keys() == before.keys()


def test_preview_writes_nothing(journal, people, now):
    parsed = parse_vcards(sample("google.vcf"))
    report = preview_vcards(journal, parsed, now=now)
    assert report.created == 1 and report.customers_created == ("Nordsjö Konsult AB",)
    assert "Åsa Lindqvist" not in contacts(journal)


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_vobject_reads_our_export_and_it_round_trips(journal, people, now, tmp_path, version):
    import_vcards(journal, sample("apple.vcf"), now=now)
    import_vcards(journal, sample("rfc6350.vcf"), now=now)
    text = export_vcards(journal, version=version).text
    cards = list(vobject.readComponents(text))
    by_name = {card.fn.value: card for card in cards}
    anna = by_name["Anna Müller"]
    assert anna.version.value == version
    assert anna.org.value[0] == "Müller GmbH"
    assert anna.email.value == "anna@mueller.de"
    assert anna.tel.value == "+49 711 123456"
    assert anna.note.value == "Prefers a call before 10:00.\nSpeaks English and German; no Fridays."
    assert by_name["Jane Doe"].title.value == "Head of Operations"
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    other = Journal.open(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        report = import_vcards(other, text.encode(), now=now)
        assert report.created == len(cards)
        mine = {n: (c, p.email, p.phone, p.role, p.notes, p.form_of_address, p.preferred_channel)
                for n, (c, p) in contacts(journal).items()}  # fmt: skip
        theirs = {n: (c, p.email, p.phone, p.role, p.notes, p.form_of_address, p.preferred_channel)
                  for n, (c, p) in contacts(other).items()}  # fmt: skip
        assert theirs == mine
    finally:
        other.close()


def card(*lines: str) -> bytes:
    return ("\r\n".join(["BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD"]) + "\r\n").encode()


def refused(journal, data: bytes, now) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        import_vcards(journal, data, source="bad.vcf", now=now)
    assert contacts(journal) == {}
    return error.value


def test_bad_cards_name_the_record_and_line(journal, now):
    good = card("FN:Fine Person", "ORG:Fine Ltd")
    error = refused(journal, good + card("N:;;;;", "ORG:X"), now)
    assert error.field == "bad.vcf record 2 (line 6)"
    assert "has no name" in error.problem
    error = refused(journal, good + b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Old\r\nEND:VCARD\r\n", now)
    assert error.field == "bad.vcf record 2 (line 7)" and "2.1 is not supported" in error.problem
    error = refused(journal, good + b"BEGIN:VCARD\r\nFN:Open\r\n", now)
    assert error.field == "bad.vcf line 6" and "END:VCARD is missing" in error.problem


def test_a_5_mb_photo_is_skipped_with_a_note(journal, now):
    photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + "\r\n ".join(["QUJD" * 18] * 72000)
    report = import_vcards(journal, card("FN:Big Face", "ORG:Faces Ltd", photo), now=now)
    assert report.created == 1
    assert any("photo" in w for w in report.warnings)


def test_a_huge_note_is_refused(journal, now):
    note = "NOTE:" + "\r\n ".join(["n" * 74] * 5000)
    error = refused(journal, card("FN:Talker", note), now)
    assert error.field == "bad.vcf line 4" and "256 KB" in error.problem
