"""A small cache of recent answers, bounded in entries and in bytes.

Used for answers keyed by the data version (the API's JSON, the portal's result
lists): such a key never names stale data, so each process may keep its own
copy without any process telling the others. Also for what is worked out from
one version's index (a search word's matches, `registry.textindex`), kept with
that index and gone with it.

    >>> cache = BoundedCache(entries=2, size=100)
    >>> cache.put("a", b"1"); cache.put("b", b"2"); cache.put("c", b"3")
    >>> cache.get("a") is None, cache.get("c")
    (True, b'3')
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class BoundedCache(Generic[V]):
    """Least recently used entries go first, past `entries` or `size` bytes
    (a value weighs `weigh(value)`: its length by default, for text and bytes)."""

    def __init__(
        self, entries: int, size: int, weigh: Callable[[Any], int] = len
    ) -> None:
        self.entries = entries
        self.size = size
        self.weigh = weigh
        self._items: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def put(self, key: Hashable, value: V) -> None:
        weight = self.weigh(value)
        if weight > self.size // 4:
            return  # one huge answer must not push out every other
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key] = (value, weight)
            self._bytes += weight
            while len(self._items) > self.entries or self._bytes > self.size:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped
