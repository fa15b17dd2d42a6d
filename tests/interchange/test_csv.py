"""CSV: contacts in through a column mapping; interactions and commitments out, formula-safe."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from custjournal.domain import Commitment, Contact, Customer, Interaction, ValidationError
from custjournal.domain.enums import CommitmentKind, InteractionKind, Mood
from custjournal.services.interchange.csv_io import (
    apply_csv,
    export_csv,
    import_csv,
    neutralise,
    parse_mapping,
    preview_csv,
    read_csv,
    suggest_mapping,
)
from tests.interchange.conftest import sample


def contacts(journal) -> dict[str, tuple[str, Contact]]:
    with journal.reading() as session:
        found = {
            c.name: (name, c)
            for c, name in session.execute(select(Contact, Customer.name).join(Customer))
        }
        session.expunge_all()
        return found


def test_outlook_export_is_mapped_by_its_header_names(journal, people, now):
    table = read_csv(sample("outlook_contacts.csv"), source="outlook.csv")
    mapping = suggest_mapping(table.headers)
    assert mapping == {
        "customer": "Company",
        "first_name": "First Name",
        "last_name": "Last Name",
        "role": "Job Title",
        "email": "E-mail Address",
        "phone": "Business Phone",
        "notes": "Notes",
    }
    report = apply_csv(journal, table, mapping, now=now)
    assert (report.created, report.updated) == (2, 1)  # Anna known: gains role, phone, notes
    assert report.customers_created == ("Sakura Systems KK",)
    found = contacts(journal)
    assert (
        found["Anna Müller"][1].notes == "Prefers a call before 10:00.\nSpeaks English and German."
    )
    assert found["Mei Tanaka"][0] == "Sakura Systems KK"
    assert found["Jörg Schmidt"][1].email == "joerg.schmidt@mueller.de"


def test_google_export_and_rows_without_company(journal, people, now):
    report = import_csv(journal, sample("google_contacts.csv"), source="google.csv", now=now)
    assert [(s.where, s.title) for s in report.skipped] == [("google.csv line 4", "Sam Friend")]
    assert contacts(journal)["Åsa Lindqvist"][1].role == "Projektledare"


def test_excel_semicolon_file_in_windows_encoding(journal, people, now):
    table = read_csv(sample("excel_semicolon.csv"), source="excel.csv")
    assert table.delimiter == ";"
    assert any("Windows-1252" in w for w in table.warnings)
    mapping = suggest_mapping(table.headers)
    assert mapping["form_of_address"] == "Anrede" and mapping["phone"] == "Telefon"
    apply_csv(journal, table, mapping, now=now)
    assert contacts(journal)["Anna Müller"][1].form_of_address == "Frau Dr. Müller"


def test_a_user_mapping_overrides_the_guess_and_the_preview_writes_nothing(journal, people, now):
    table = read_csv(sample("google_contacts.csv"))
    mapping = parse_mapping(["name=Given Name", "phone="], table.headers)
    assert mapping["name"] == "Given Name" and "phone" not in mapping
    preview = preview_csv(journal, table, mapping, customer="Acme Oy", now=now)
    assert [row["name"] for row in preview.sample] == ["Pekka", "Åsa", "Sam"]
    assert preview.sample[2]["customer"] == ""
    # Pekka is known by his e-mail: he gains the file's details but keeps his name.
    assert (preview.report.created, preview.report.updated) == (2, 1)
    assert "Pekka" not in contacts(journal)


def test_reimport_never_duplicates(journal, people, now):
    import_csv(journal, sample("outlook_contacts.csv"), now=now)
    again = import_csv(journal, sample("outlook_contacts.csv"), now=now)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


@pytest.mark.parametrize(
    ("data", "field", "problem"),
    [
        (b'name,email\r\nAnn,"unclosed\r\n', "data.csv line 2", "is not valid CSV"),
        (b"name,email\r\nAnn,a@b.example,extra\r\n", "data.csv line 2", "3 cells but"),
        (b"name,email\r\n,a@b.example\r\n", "data.csv line 2", "has no name"),
        (b"", "data.csv", "is empty"),
        (b"a\x00b\r\n", "data.csv", "NUL bytes"),
    ],
)
def test_bad_files_name_the_line(journal, people, now, data, field, problem):
    with pytest.raises(ValidationError) as error:
        import_csv(journal, data, source="data.csv", customer="Acme Oy", now=now)
    assert error.value.field == field and problem in error.value.problem
    assert "Ann" not in contacts(journal)


def test_one_bad_row_refuses_the_whole_file(journal, people, now):
    data = b"name,company\r\nGood Person,Acme Oy\r\n,Acme Oy\r\n"
    with pytest.raises(ValidationError, match="line 3"):
        import_csv(journal, data, now=now)
    assert "Good Person" not in contacts(journal)


def test_a_mapping_naming_a_missing_column_is_refused(journal, people, now):
    table = read_csv(b"Full Name,Mail\r\nAnn,ann@x.example\r\n")
    with pytest.raises(ValidationError) as error:
        apply_csv(journal, table, {"name": "Full Name", "email": "E-mail"}, now=now)
    assert error.value.field == "mapping" and "no column 'E-mail'" in error.value.problem


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),
        ("Plain text", "Plain text"),
        ("2026-12-01T10:00:00+01:00", "2026-12-01T10:00:00+01:00"),
    ],
)
def test_neutralise(cell, safe):
    assert neutralise(cell) == safe


def test_exports_neutralise_formulas_and_keep_everything_else(journal, people, now):
    with journal.transaction() as session:
        session.add(
            Interaction(
                customer_id=people["Müller GmbH"],
                occurred_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
                timezone="Europe/Berlin",
                kind=InteractionKind.CALL,
                title='=cmd|" /C calc"!A0',
                body='Line 1\nLine 2, with comma; and "quotes"',
                mood=Mood.POSITIVE,
                created_at=now,
            )
        )
        session.add(
            Commitment(
                uid="c1@cj",
                customer_id=people["Acme Oy"],
                kind=CommitmentKind.PROMISE,
                title="@evil",
                due_at=datetime(2026, 12, 1, 10, 0, tzinfo=UTC),
                timezone="Europe/Helsinki",
                created_at=now,
            )
        )
    text = export_csv(journal, what="interactions").text
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0]["title"] == '\'=cmd|" /C calc"!A0'
    assert rows[0]["body"] == 'Line 1\nLine 2, with comma; and "quotes"'
    assert rows[0]["occurred_at"] == "2026-11-20T10:00:00+01:00"
    assert rows[0]["customer"] == "Müller GmbH"
    rows = list(csv.DictReader(io.StringIO(export_csv(journal, what="commitments").text[1:])))
    assert (rows[0]["uid"], rows[0]["title"], rows[0]["due_at"]) == (
        "c1@cj",
        "'@evil",
        "2026-12-01T12:00:00+02:00",
    )
    only = export_csv(journal, what="commitments", customer="Müller GmbH")
    assert only.count == 0
    with pytest.raises(ValidationError):
        export_csv(journal, what="projects")
