"""Every command shares the protections: refusals exit 1 with the reason, warnings on stderr."""

from __future__ import annotations

import sqlite3
import stat

from custjournal.cli import main


def test_any_command_refuses_a_newer_journal_with_exit_1(filled, db_path, capsys):
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE alembic_version SET version_num = 'ffff'")
    connection.commit()
    connection.close()
    assert main(["customers", "list", "--db", filled]) == 1
    err = capsys.readouterr().err
    assert err.startswith("custjournal customers: ") and "newer version" in err


def test_any_command_warns_about_a_cloud_folder_on_stderr(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'OneDrive - Contoso' / 'journal.db'}"
    assert main(["customers", "list", "--db", url]) == 0
    captured = capsys.readouterr()
    assert "custjournal: warning:" in captured.err and "OneDrive" in captured.err
    assert "warning" not in captured.out


def test_an_export_over_a_world_readable_file_ends_private(filled, tmp_path):
    target = tmp_path / "export.json"
    target.write_text("{}")
    target.chmod(0o644)
    assert main(["export", "--db", filled, "-o", str(target)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "Acme Oy" in target.read_text()
