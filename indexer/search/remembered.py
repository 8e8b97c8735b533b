"""What the search service remembers between requests, for as long as the index is unchanged.

A page of results, a count, suggestions for a prefix, an article's related articles, a speaker's
profile: each is the same for every request until the index changes, so it is computed once per
index generation (`SearchBackend.generation`: a token that changes with every commit, merge or
switch of versions). Nothing remembered outlives its generation: the first request after a change
computes afresh, so a count is never one the index no longer gives.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

_T = TypeVar("_T")


class PerGeneration:
    """At most `size` values (the most recently asked), all of one index generation."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._generation: Hashable = None
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, generation: Hashable, key: Hashable, compute: Callable[[], _T]) -> _T:
        """`compute()` remembered under `key` while the index is at `generation`."""
        if self.size <= 0:
            return compute()
        with self._lock:
            if self._generation != generation:
                self._values.clear()
                self._generation = generation
            if key in self._values:
                self._values.move_to_end(key)
                self.hits += 1
                return self._values[key]  # type: ignore[return-value]  # stored by this method under this key
            self.misses += 1
        value = compute()
        with self._lock:
            if self._generation == generation:  # not if the index changed meanwhile
                self._values[key] = value
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
        return value
