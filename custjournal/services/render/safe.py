"""Escaping user text for HTML, and rendering note Markdown without raw HTML or unsafe links."""

from __future__ import annotations

import html
from functools import lru_cache

from markdown_it import MarkdownIt

ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


def esc(value: object) -> str:
    """User text as inert HTML text (quotes too, so it is safe inside attributes)."""
    return html.escape("" if value is None else str(value), quote=True)


def _link_allowed(url: str) -> bool:
    # Everything else (javascript:, data:, file:, relative paths) stays literal text.
    return url.strip().lower().startswith(ALLOWED_SCHEMES)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    # An image would be fetched when the page is opened: a tracking pixel in a note must not.
    md.disable("image")
    md.validateLink = _link_allowed  # type: ignore[method-assign]
    return md


def markdown_html(text: str) -> str:
    """A note's Markdown as HTML: raw HTML escaped, no images, links only http/https/mailto."""
    return _markdown().render(text or "")


def md_inline(value: object) -> str:
    """User text placed in a Markdown document without starting headings, lists or tables."""
    text = " ".join(str(value or "").split())
    return text.replace("|", "\\|")


def md_body(text: str) -> str:
    """A note's Markdown kept as written, except raw HTML and images, which are made literal
    so that a Markdown viewer showing the export loads nothing (code blocks left alone)."""
    out = []
    fenced = False
    for line in (text or "").strip().splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced:
            line = line.replace("<", "\\<").replace("![", "\\![")
        out.append(line)
    return "\n".join(out)


CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def page(title: str, css: str, body: str) -> str:
    """A complete, self-contained HTML page: no external resource can load from it."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n{body}\n"
        "</body>\n</html>\n"
    )
