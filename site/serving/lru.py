"""A small least-recently-used map that is safe to share between threads."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, ItemsView, Iterator
from threading import Lock
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LruCache(Generic[K, V]):
    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = Lock()

    def get(self, key: K) -> V | None:
        # No lock on the hot path: each OrderedDict call is atomic under the GIL, and a key
        # another thread evicts in between is simply not moved.
        value = self._entries.get(key)
        if value is not None:
            try:
                self._entries.move_to_end(key)
            except KeyError:
                pass
        return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def items(self) -> ItemsView[K, V]:
        return self._entries.items()

    def __iter__(self) -> Iterator[K]:
        return iter(list(self._entries))

    def __repr__(self) -> str:
        return f"LruCache({dict(self._entries)!r})"

    def __len__(self) -> int:
        return len(self._entries)
