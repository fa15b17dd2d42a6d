"""The six interchange commands, run as a user runs them: real processes, real files."""

from __future__ import annotations

import json
import stat

import icalendar
import vobject

from custjournal.store import Journal
from tests.interchange.conftest import SAMPLES, add_people, run_cli


def test_import_ics_dry_run_then_import_then_again(db_url, now):
    journal = Journal.open(db_url)
    add_people(journal, now)
    journal.close()
    sample = str(SAMPLES / "google.ics")
    dry = run_cli("import-ics", sample, "--dry-run", db_url=db_url, now=now)
    assert dry.returncode == 0, dry.stderr
    assert "Would create 3, updated 0, unchanged 0" in dry.stdout
    assert "create  " in dry.stdout and "Acme weekly sync" in dry.stdout
    assert "Dentist: no attendee is one of your contacts" in dry.stdout
    dry_json = json.loads(run_cli("import-ics", sample, "--dry-run", "--json",
                                  db_url=db_url, now=now).stdout)  # fmt: skip
    assert dry_json["dry_run"] is True and dry_json["created"] == 3
    assert {"action": "skip", "title": "Dentist"}.items() <= next(
        e for e in dry_json["events"] if e["title"] == "Dentist"
    ).items()
    first = run_cli("import-ics", sample, "--json", db_url=db_url, now=now)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["created"] == 3
    again = run_cli("import-ics", sample, "--customer", "Acme Oy", db_url=db_url, now=now)
    assert again.returncode == 0, again.stderr
    assert "Created 1, updated 0, unchanged 3" in again.stdout  # only the dentist is new


def test_bad_calendar_file_exits_2_with_one_line_naming_file_and_line(db_url, now, tmp_path):
    bad = tmp_path / "broken.ics"
    bad.write_bytes(
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260230T100000Z\r\nEND:VEVENT\r\n"
    )
    result = run_cli("import-ics", str(bad), db_url=db_url, now=now)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"custjournal import-ics: {bad} line 1: BEGIN:VCALENDAR is never closed "
        "(END:VCALENDAR is missing)"
    )
    assert "Traceback" not in result.stderr
    missing = run_cli("import-ics", str(tmp_path / "nope.ics"), db_url=db_url, now=now)
    assert missing.returncode == 2 and "cannot be read" in missing.stderr
    unknown = run_cli("import-ics", str(SAMPLES / "google.ics"), "--customer", "Nobody",
                      db_url=db_url, now=now)  # fmt: skip
    assert unknown.returncode == 2 and "customer 'Nobody' not found" in unknown.stderr


def test_export_ics_to_a_private_file_read_by_icalendar(db_url, now, tmp_path):
    journal = Journal.open(db_url)
    add_people(journal, now)
    journal.close()
    assert (
        run_cli("import-ics", str(SAMPLES / "thunderbird.ics"), db_url=db_url, now=now).returncode
        == 0
    )
    out = tmp_path / "month.ics"
    result = run_cli("export-ics", "-o", str(out), "--from", "2026-12-01", "--to", "2027-01-01",
                     db_url=db_url, now=now)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Exported 3 appointments and promises to {out}"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    assert len(calendar.walk("VEVENT")) == 3
    stdout = run_cli("export-ics", "--customer", "Acme Oy", db_url=db_url, now=now)
    assert stdout.returncode == 0 and stdout.stdout.startswith("BEGIN:VCALENDAR")


def test_vcard_round_trip_through_the_command_line(db_url, now, tmp_path):
    result = run_cli("import-vcard", str(SAMPLES / "google.vcf"), "--customer", "Friends",
                     db_url=db_url, now=now)  # fmt: skip
    assert result.returncode == 2 and "customer 'Friends' not found" in result.stderr
    result = run_cli("import-vcard", str(SAMPLES / "google.vcf"), db_url=db_url, now=now)
    assert result.returncode == 0, result.stderr
    assert (
        "Created 2, updated 0, unchanged 0; new customers: Acme Oy, Nordsjö Konsult AB"
        in result.stdout
    )
    out = tmp_path / "people.vcf"
    result = run_cli(
        "export-vcard", "-o", str(out), "--vcard-version", "4.0", db_url=db_url, now=now
    )
    assert result.returncode == 0, result.stderr
    names = sorted(card.fn.value for card in vobject.readComponents(out.read_text("utf-8")))
    assert names == ["Pekka Virtanen", "Åsa Lindqvist"]


def test_csv_import_with_mapping_and_export(db_url, now, tmp_path):
    data = tmp_path / "people.csv"
    data.write_text("Who,Firm,Mail\r\nAnn Lee,Lee & Co,ann@lee.example\r\n", encoding="utf-8")
    dry = run_cli("import-csv", str(data), "--map", "name=Who,customer=Firm", "--map", "email=Mail",
                  "--dry-run", db_url=db_url, now=now)  # fmt: skip
    assert dry.returncode == 0, dry.stderr
    assert "Mapping: customer <- 'Firm', name <- 'Who', email <- 'Mail'" in dry.stdout
    assert "Ann Lee" in dry.stdout and "Would create 1" in dry.stdout
    bad = run_cli("import-csv", str(data), "--map", "name=Nobody", db_url=db_url, now=now)
    assert bad.returncode == 2 and "no column 'Nobody'" in bad.stderr
    done = run_cli("import-csv", str(data), "--map", "name=Who,customer=Firm,email=Mail",
                   db_url=db_url, now=now)  # fmt: skip
    assert done.returncode == 0 and "new customers: Lee & Co" in done.stdout
    out = tmp_path / "commitments.csv"
    result = run_cli("export-csv", "commitments", "-o", str(out), db_url=db_url, now=now)
    assert result.returncode == 0, result.stderr
    assert out.read_text("utf-8-sig").startswith("uid,customer,kind")
