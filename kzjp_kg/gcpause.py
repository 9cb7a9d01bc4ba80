"""Pausing Python's cyclic garbage collector around bulk work on millions of small objects.

Why: building a closure or a validation index makes millions of tuples, strings and rdflib terms that hold no
reference cycles, so the collector finds nothing to free; but its full collections scan every live object and run
more often the more objects are made, so their cost grows faster than the graph. Measured here: fast reasoning on 1M
synthetic triples 22.2 s with the collector, 18.5 s without; fast validation of the 100k synthetic graph 36.3 s and
22.1 s. Reference counting still frees everything as usual, and the collector runs again when the block ends.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block (re-enabled afterwards if it was on)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
