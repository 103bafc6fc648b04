"""Python's cyclic garbage collector during bulk work.

Reading and storing 100,000 records allocates millions of small container
objects (records, tuples, dicts, lists) that all stay alive until the work is
done. CPython runs a young-generation collection every 700 such allocations and,
as the survivors pile up, full collections over every live object: at 100k
records that was 0.9 s of a 6.2 s import, and it freed nothing the import
needed freed. `fewer_collections` raises the young generation's threshold while
bulk work runs; collections still happen (rarely), so a reference cycle made
meanwhile is still freed.

>>> import gc
>>> with fewer_collections():
...     gc.get_threshold()[0] >= BULK_THRESHOLD
True
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

# Allocations between two young-generation collections while bulk work runs:
# 10,000 already took most of the time back at 100k records; 50,000 leaves
# room for larger imports (measured: docs/performance.md).
BULK_THRESHOLD = 50_000

_lock = threading.Lock()
_running = 0  # bulk sections open, in any thread
_saved: tuple[int, int, int] = gc.get_threshold()


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect rarely until the block ends. The thresholds are the process's:
    sections may overlap (two imports in a server's threads), and the last one
    to end puts back what was set before the first began."""
    global _running, _saved
    with _lock:
        if _running == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(BULK_THRESHOLD, _saved[0]), *_saved[1:])
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0:
                gc.set_threshold(*_saved)
