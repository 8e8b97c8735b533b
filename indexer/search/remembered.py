"""What the search service remembers between requests, for as long as the index is unchanged.

A page of results, a count, suggestions for a prefix, an article's related articles, a speaker's
profile: each is the same for every request until the index changes, so it is computed once per
index generation (`SearchBackend.generation`: a token that changes with every commit, merge or
switch of versions). Nothing remembered outlives its generation: the first request after a change
computes afresh, so a count is never one the index no longer gives. A request still reading the
generation just replaced (one snapshot per request) is answered from it and stores nothing.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

_T = TypeVar("_T")


# A generation replaced less than this long ago is one a request still reads (its snapshot
# began before the commit): it must not bring its generation back and wipe what newer requests
# stored. Later, it is the index back in an earlier state (an engine whose generation is its
# version and size, after a deletion and an addition), remembered again.
RETIRED_SECONDS = 30.0


class PerGeneration:
    """At most `size` values (the most recently asked), all of one index generation."""

    def __init__(self, size: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._generation: Hashable = None
        self._retired: dict[Hashable, float] = {}  # generation -> when it was replaced
        self._clock = clock
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, generation: Hashable, key: Hashable, compute: Callable[[], _T]) -> _T:
        """`compute()` remembered under `key` while the index is at `generation`; computed and
        not remembered for a generation already replaced."""
        if self.size <= 0:
            return compute()
        with self._lock:
            if self._generation != generation and not self._just_replaced(generation):
                self._retired[self._generation] = self._clock()
                self._values.clear()
                self._generation = generation
            if self._generation == generation and key in self._values:
                self._values.move_to_end(key)
                self.hits += 1
                return self._values[key]  # type: ignore[return-value]  # stored by this method under this key
            self.misses += 1
        value = compute()
        with self._lock:
            if self._generation == generation:  # not if the index changed meanwhile, nor for a replaced one
                self._values[key] = value
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
        return value

    def _just_replaced(self, generation: Hashable) -> bool:
        now = self._clock()
        for old in [g for g, at in self._retired.items() if now - at >= RETIRED_SECONDS]:
            del self._retired[old]
        return generation in self._retired
