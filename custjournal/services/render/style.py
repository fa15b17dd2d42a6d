"""The print-friendly stylesheet of briefings and retrospectives (A4, no external fonts)."""

from __future__ import annotations

# Browsers get the full sheet; Qt's rich text understands only a subset (no grid, no @page),
# which is why the layout degrades to one column there rather than relying on it.
CSS = """
@page { size: A4; margin: 10mm 11mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; font-size: 8.5pt;
  line-height: 1.3; color: #111; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 13pt; margin: 0 0 2pt 0; }
h2 { font-size: 9.5pt; margin: 4pt 0 1pt 0; padding-bottom: 1pt; border-bottom: 1px solid #888;
  text-transform: uppercase; letter-spacing: 0.04em; }
h3 { font-size: 9pt; margin: 3pt 0 1pt 0; }
p.risk { margin: 0 0 2pt 0; }
p { margin: 2pt 0; }
ul, ol { margin: 2pt 0 2pt 14pt; padding: 0; }
li { margin: 0 0 1pt 0; }
table { border-collapse: collapse; width: 100%; margin: 2pt 0; }
th, td { text-align: left; vertical-align: top; padding: 1pt 4pt 1pt 0;
  border-bottom: 1px solid #ddd; }
th { font-weight: bold; color: #333; }
.meta { color: #444; }
table.layout, table.layout > tbody > tr > td.col { border: none; }
td.col { padding: 0 4mm 0 0; }
.box { border: 1.5px solid #b45309; background: #fff7ed; padding: 3pt 5pt; margin: 3pt 0; }
.warn { color: #9a3412; font-weight: bold; }
.ok { color: #166534; }
.muted { color: #666; }
.small { font-size: 7.5pt; }
.cols { columns: 2; column-gap: 8mm; }
.note { margin: 3pt 0 4pt 0; page-break-inside: avoid; break-inside: avoid; }
.note-body { margin-left: 8pt; color: #222; }
.note-body p { margin: 1pt 0; }
.tag { font-size: 7.5pt; border: 1px solid #999; padding: 0 2pt; border-radius: 2pt; }
.sev-critical { color: #991b1b; font-weight: bold; }
.sev-warning { color: #9a3412; font-weight: bold; }
.sev-info { color: #1e40af; }
.figure { font-size: 12pt; font-weight: bold; }
footer { margin-top: 8pt; font-size: 7.5pt; color: #666; border-top: 1px solid #ccc; }
@media print { a { color: #111; text-decoration: none; } }
"""
