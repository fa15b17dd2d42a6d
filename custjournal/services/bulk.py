"""Reading many small records at once without Python's cycle collector walking the heap.

An evaluation of the risks builds tens of thousands of records and risks, none of them in a
cycle. Each few hundred allocations wake the collector, and every tenth wake it walks every
object the process holds (the ORM's and Qt's too): a sixth of the evaluation on the stress
journal. So automatic collection pauses for such a block and resumes after it; nothing is
lost, the next collection sees whatever the block left.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_resume = False


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Automatic collection off for the block (nested and concurrent blocks share one pause;
    where it was already off, e.g. under the window's own collector, it stays off)."""
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
