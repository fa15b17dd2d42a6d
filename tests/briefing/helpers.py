"""Reading what the exports contain, as a person (or a PDF text extractor) would."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pypdf


def flat(text: str) -> str:
    """Ligatures undone and every run of whitespace made one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def pdf_text(path: Path) -> tuple[int, str]:
    """(page count, all text) of a PDF, after checking it parses and starts like one."""
    assert path.read_bytes()[:5] == b"%PDF-"
    reader = pypdf.PdfReader(str(path))
    return len(reader.pages), flat(" ".join(page.extract_text() for page in reader.pages))


def pdf_has_image(path: Path) -> bool:
    reader = pypdf.PdfReader(str(path))
    return any(page.images for page in reader.pages)
