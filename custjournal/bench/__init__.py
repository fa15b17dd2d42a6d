"""Benchmarks on large journals (`python -m custjournal.bench`), kept out of the test run."""
