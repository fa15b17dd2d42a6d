"""Turning briefings and retrospectives into Markdown and self-contained, escaped HTML."""
