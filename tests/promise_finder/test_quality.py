"""The finder measured on hand-labelled consultant sentences: precision, recall and speed."""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from custjournal.services.promises import find_promises

HERE = Path(__file__).parent
MIN_PRECISION = 0.9
MIN_RECALL = 0.8


def _score(path: Path) -> tuple[float, float, float, list[str]]:
    """(precision, recall, ms per note, misses): a finding is right when its direction and due
    day (in the note's zone, or no due) match one expected finding not already matched."""
    data = json.loads(path.read_text(encoding="utf-8"))
    right = found = expected = 0
    misses: list[str] = []
    elapsed = 0.0
    for note in data["notes"]:
        tz = ZoneInfo(note.get("timezone", data["timezone"]))
        written_at = datetime.fromisoformat(note.get("written_at", data["written_at"]))
        started = time.process_time()
        findings = find_promises(
            note["text"], written_at=written_at, tz=tz, contacts=data["contacts"]
        )
        elapsed += time.process_time() - started
        wanted = [(direction, due) for direction, due in note["expect"]]
        expected += len(wanted)
        for f in findings:
            found += 1
            got = (f.direction.value, f.due.astimezone(tz).date().isoformat() if f.due else None)
            if got in wanted:
                wanted.remove(got)
                right += 1
            else:
                misses.append(f"extra {got} in {note['text']!r}")
        misses.extend(f"missed {w} in {note['text']!r}" for w in wanted)
    precision = right / found if found else 1.0
    recall = right / expected if expected else 1.0
    return precision, recall, 1000 * elapsed / len(data["notes"]), misses


def test_the_labelled_set_is_big_and_varied() -> None:
    data = json.loads((HERE / "labelled_notes.json").read_text(encoding="utf-8"))
    notes = data["notes"]
    assert len(notes) >= 150
    assert sum(1 for n in notes if not n["expect"]) >= 50, "negatives: questions, won't, kept"
    assert sum(1 for n in notes if len(n["expect"]) >= 2) >= 10, "several promises in one"
    assert {d for n in notes for d, _ in n["expect"]} == {"mine", "theirs"}


@pytest.mark.parametrize(
    "name", ["labelled_notes.json", "heldout_notes.json", "heldout2_notes.json"]
)
def test_precision_and_recall_on_labelled_notes(name: str) -> None:
    precision, recall, per_note_ms, misses = _score(HERE / name)
    figures = f"{name}: precision {precision:.3f}, recall {recall:.3f}, {per_note_ms:.2f} ms/note"
    print(figures)
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, figures + "\n" + "\n".join(misses)
    # CPU time, so that other work on a busy machine does not count against the finder.
    assert per_note_ms < 10, figures


def test_a_typical_note_is_scanned_well_under_10_ms() -> None:
    data = json.loads((HERE / "labelled_notes.json").read_text(encoding="utf-8"))
    note = "\n".join(n["text"] for n in data["notes"][:8])  # eight lines after a call
    written_at = datetime.fromisoformat(data["written_at"])
    tz = ZoneInfo(data["timezone"])
    runs = 20
    started = time.process_time()
    for _ in range(runs):
        find_promises(note, written_at=written_at, tz=tz, contacts=data["contacts"])
    per_note_ms = 1000 * (time.process_time() - started) / runs
    print(f"typical 8-line note: {per_note_ms:.2f} ms CPU")
    assert per_note_ms < 10
