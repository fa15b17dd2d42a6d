"""Editors: each a dialog whose fields show the service layer's validation messages."""
