"""A small cache of recent answers, bounded in entries and in bytes.

Used for answers keyed by the data version (the API's JSON, the portal's result
lists): such a key never names stale data, so each process may keep its own
copy without any process telling the others.

    >>> cache = BoundedCache(entries=2, size=100)
    >>> cache.put("a", b"1"); cache.put("b", b"2"); cache.put("c", b"3")
    >>> cache.get("a") is None, cache.get("c")
    (True, b'3')
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

V = TypeVar("V", bytes, str)


class BoundedCache(Generic[V]):
    """Least recently used entries go first, past `entries` or `size` bytes."""

    def __init__(self, entries: int, size: int) -> None:
        self.entries = entries
        self.size = size
        self._items: OrderedDict[str, V] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> V | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def put(self, key: str, value: V) -> None:
        if len(value) > self.size // 4:
            return  # one huge answer must not push out every other
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old)
            self._items[key] = value
            self._bytes += len(value)
            while len(self._items) > self.entries or self._bytes > self.size:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= len(dropped)
