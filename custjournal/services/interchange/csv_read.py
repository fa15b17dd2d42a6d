"""Reading a spreadsheet saved as CSV into a table: header names and rows with their lines."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from custjournal.domain import ValidationError
from custjournal.services.interchange.common import (
    MAX_RECORDS,
    Cancelled,
    Progress,
    Ticker,
    check_size,
)

MAX_COLUMNS = 200


@dataclass(frozen=True, slots=True)
class CsvTable:
    source: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (line where the record starts, cells)
    delimiter: str
    warnings: tuple[str, ...] = ()


def _decode(data: bytes, source: str) -> tuple[str, list[str]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the ANSI code page; cp1252 reads every byte.
        return data.decode("cp1252", errors="replace"), [
            f"{source}: not UTF-8; read as Windows-1252 (check accented letters)"
        ]


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(
    data: bytes,
    *,
    source: str = "spreadsheet",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> CsvTable:
    """The header and rows of a CSV file (comma, semicolon or tab separated)."""
    check_size(data, source)
    text, warnings = _decode(data, source)
    if "\x00" in text:
        raise ValidationError(source, "holds NUL bytes; it is not a text CSV file")
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, tuple[str, ...]]] = []
    headers: tuple[str, ...] = ()
    ticker = Ticker(MAX_RECORDS, None, cancelled)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ValidationError(f"{source} line {start}", f"is not valid CSV ({exc})") from None
        ticker.tick()
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > MAX_COLUMNS:
            raise ValidationError(f"{source} line {start}", f"more than {MAX_COLUMNS} columns")
        if not headers:
            headers = _unique([c.strip() for c in cells])
            continue
        if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers) :]):
            raise ValidationError(
                f"{source} line {start}",
                f"{len(cells)} cells but the header line has {len(headers)} columns",
            )
        if len(rows) >= MAX_RECORDS:
            raise ValidationError(
                f"{source} line {start}", f"more than {MAX_RECORDS:,} rows; split the file"
            )
        cells = (cells + [""] * len(headers))[: len(headers)]
        rows.append((start, tuple(cells)))
    if not headers:
        raise ValidationError(source, "is empty (the first line must name the columns)")
    if progress is not None:
        progress(len(rows), len(rows))
    return CsvTable(source, headers, tuple(rows), delimiter, tuple(warnings))


def _unique(headers: list[str]) -> tuple[str, ...]:
    seen: dict[str, int] = {}
    out = []
    for number, header in enumerate(headers, start=1):
        header = header or f"column {number}"
        seen[header] = seen.get(header, 0) + 1
        out.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return tuple(out)
