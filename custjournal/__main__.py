"""Run custjournal with `python -m custjournal`."""

from custjournal.cli import main

raise SystemExit(main())
