"""Opening a journal learns the schema revisions from file names: Alembic must agree."""

from __future__ import annotations

import subprocess
import sys

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from custjournal.store.journal import alembic_config
from custjournal.store.revisions import current_revision, head_revision, revisions


def test_file_names_list_every_alembic_revision_in_chain_order() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    chain = [script.revision for script in scripts.walk_revisions()][::-1]  # oldest first
    assert list(revisions()) == chain, (
        "name each migration file after its revision (0007_what.py holds revision '0007')"
    )
    assert scripts.get_heads() == [head_revision()]


def test_a_database_no_migration_touched_has_no_revision(tmp_path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    assert current_revision(engine) is None
    engine.dispose()


def test_opening_a_journal_at_head_does_not_import_alembic(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'j.db'}"
    code = (
        "import sys\n"
        "from custjournal.store import Journal\n"
        f"Journal.open({url!r}, backup=False).close()\n"  # creates it: Alembic runs
        "for name in [m for m in sys.modules if m.startswith('alembic')]:\n"
        "    del sys.modules[name]\n"
        f"Journal.open({url!r}, backup=False).close()\n"
        "print(any(m.startswith('alembic') for m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "False"
