"""The RFC 5545 / RFC 6350 content-line layer: unfolding, line numbers, structure and limits.

Both iCalendar and vCard files are lines of `NAME;PARAM=value:VALUE` folded at 75 octets and
nested with BEGIN/END. This scanner checks that layer with line numbers before any library
sees the text, so a broken file is refused with "line 42: ..." instead of a traceback, and a
hostile one (deep nesting, a 3 MB line, a million components) is refused before it costs much.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from custjournal.domain import ValidationError
from custjournal.services.interchange.common import (
    MAX_COMPONENTS,
    MAX_DEPTH,
    MAX_LINE_CHARS,
    snippet,
)

_NAME = re.compile(r"(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)")
_PARAM_NAME = re.compile(r"[A-Za-z0-9-]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(slots=True)
class ContentLine:
    name: str  # upper case, vCard group prefix ("item1.") removed
    params: dict[str, list[str]]  # names upper case
    value: str  # still escaped; the format's reader unescapes
    line: int
    raw: str = ""  # the unfolded line as written

    def param(self, name: str) -> str:
        values = self.params.get(name)
        return values[0] if values else ""


@dataclass(slots=True)
class Component:
    name: str
    line: int
    lines: list[ContentLine] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def first(self, name: str) -> ContentLine | None:
        return next((c for c in self.lines if c.name == name), None)

    def all(self, name: str) -> list[ContentLine]:
        return [c for c in self.lines if c.name == name]

    def line_of(self, name: str) -> int:
        found = self.first(name)
        return found.line if found else self.line


def _logical_lines(text: str, source: str, skip: frozenset[str]):
    """Yield (first physical line number, unfolded text); lines of `skip` names are dropped."""
    parts: list[str] = []
    size = 0
    start = 0
    dropping = False
    for number, physical in enumerate(_LINE_BREAK.split(text), start=1):
        if physical[:1] in (" ", "\t") and (parts or dropping):
            if dropping:
                continue
            size += len(physical) - 1
            if size > MAX_LINE_CHARS:
                raise ValidationError(
                    f"{source} line {start}",
                    f"one (folded) line is longer than {MAX_LINE_CHARS // 1024} KB",
                )
            parts.append(physical[1:])
            continue
        if parts:
            yield start, "".join(parts)
        parts, size, start, dropping = [], 0, number, False
        if not physical.strip():
            continue
        match = _NAME.match(physical)
        if match and match.group(1).upper() in skip:
            # Pictures and attachments are not kept by the journal, so they may be any size.
            dropping = True
            yield start, None
            continue
        if len(physical) > MAX_LINE_CHARS:
            raise ValidationError(
                f"{source} line {start}",
                f"one (folded) line is longer than {MAX_LINE_CHARS // 1024} KB",
            )
        parts, size = [physical], len(physical)
    if parts:
        yield start, "".join(parts)


def parse_line(text: str, number: int, source: str) -> ContentLine:
    where = f"{source} line {number}"
    match = _NAME.match(text)
    if not match or match.end() == 0:
        raise ValidationError(where, f"expected NAME:VALUE, found {snippet(text)}")
    name = match.group(1).upper()
    pos = match.end()
    params: dict[str, list[str]] = {}
    while pos < len(text) and text[pos] == ";":
        pm = _PARAM_NAME.match(text, pos + 1)
        if not pm:
            raise ValidationError(where, f"a parameter of {name} has no name")
        pname = pm.group(0).upper()
        pos = pm.end()
        values: list[str] = []
        if pos < len(text) and text[pos] == "=":
            pos += 1
            while True:
                if pos < len(text) and text[pos] == '"':
                    end = text.find('"', pos + 1)
                    if end < 0:
                        raise ValidationError(where, f"a quote in {name};{pname} is never closed")
                    values.append(text[pos + 1 : end])
                    pos = end + 1
                else:
                    end = pos
                    while end < len(text) and text[end] not in ",;:":
                        if text[end] == '"':
                            raise ValidationError(where, f"a stray quote in {name};{pname}")
                        end += 1
                    values.append(text[pos:end])
                    pos = end
                if pos < len(text) and text[pos] == ",":
                    pos += 1
                    continue
                break
        else:
            # vCard 2.1 style bare parameter ("TEL;WORK:..."): a TYPE value.
            values, pname = [pname], "TYPE"
        params.setdefault(pname, []).extend(values)
    if pos >= len(text) or text[pos] != ":":
        raise ValidationError(where, f"{name} has no ':' before its value")
    return ContentLine(name, params, text[pos + 1 :], number, text)


def scan(
    text: str,
    *,
    source: str,
    skip: frozenset[str] = frozenset(),
    max_components: int = MAX_COMPONENTS,
) -> list[Component]:
    """The top-level components of `text`, each with its lines and nested components."""
    roots: list[Component] = []
    stack: list[Component] = []
    count = 0
    for number, logical in _logical_lines(text, source, skip):
        if logical is None:
            if stack:
                stack[-1].skipped.append(f"line {number}")
            continue
        line = parse_line(logical, number, source)
        where = f"{source} line {number}"
        if line.name == "BEGIN":
            kind = line.value.strip().upper()
            if not kind:
                raise ValidationError(where, "BEGIN without a component name")
            if len(stack) >= MAX_DEPTH:
                raise ValidationError(
                    where, f"components nested more than {MAX_DEPTH} deep are refused"
                )
            count += 1
            if count > max_components:
                raise ValidationError(
                    where, f"more than {max_components:,} components; split the file"
                )
            component = Component(kind, number)
            (stack[-1].children if stack else roots).append(component)
            stack.append(component)
        elif line.name == "END":
            kind = line.value.strip().upper()
            if not stack:
                raise ValidationError(where, f"END:{kind} without a matching BEGIN")
            if stack[-1].name != kind:
                open_ = stack[-1]
                raise ValidationError(
                    where,
                    f"END:{kind} but BEGIN:{open_.name} (line {open_.line}) is still open",
                )
            stack.pop()
        elif not stack:
            raise ValidationError(where, f"{line.name} outside any BEGIN/END block")
        else:
            stack[-1].lines.append(line)
    if stack:
        open_ = stack[-1]
        raise ValidationError(
            f"{source} line {open_.line}",
            f"BEGIN:{open_.name} is never closed (END:{open_.name} is missing)",
        )
    if not roots:
        raise ValidationError(source, "is empty or holds no BEGIN/END block")
    return roots


def unescape(value: str) -> str:
    """Undo text escaping: \\n, \\, \\; \\\\ (RFC 5545 3.3.11, RFC 6350 3.4)."""
    if "\\" not in value:
        return value
    out: list[str] = []
    chars = iter(value)
    for ch in chars:
        if ch != "\\":
            out.append(ch)
            continue
        nxt = next(chars, "")
        out.append("\n" if nxt in ("n", "N") else nxt)
    return "".join(out)


def split_unescaped(value: str, sep: str) -> list[str]:
    """Split at `sep` where it is not escaped (structured vCard values like N and ORG)."""
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in value:
        if escaped:
            current.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold one content line at 75 octets without splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += ch
        size += width
    out.append(current)
    return "\r\n ".join(out) + "\r\n"
