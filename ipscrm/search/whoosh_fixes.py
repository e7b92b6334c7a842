"""Fixes to Whoosh 2.7.5 (whoosh-reloaded) applied when this package is imported.

- While a segment is flushed, Whoosh asks for the field length of every posting; for
  fields without lengths (IDs, keywords, booleans) its reader checks on disk whether the
  length column exists, every time: one ``stat`` per posting, about a third of a rebuild.
  The fix remembers that the column is missing.
- Posting blocks store document numbers as differences; Whoosh turns them back (and into
  differences when writing) with a Python generator, one step per posting, which was the
  largest single cost of a match. The fix does the same sums in C
  (``itertools.accumulate``; ``map`` over pairs for the differences), with the same
  results.

On another Whoosh fork nothing is patched: ``ipscrm.search.dependency`` then refuses to
start with a message saying what to install."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator
from itertools import accumulate, chain


def _cached_reader(self, fieldname, column):
    try:
        return self._readers[fieldname]
    except KeyError:
        pass
    reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
    self._readers[fieldname] = reader
    return reader


def delta_decode(nums: Iterable[int]) -> Iterator[int]:
    """Running sums: ``[3, 2, 5]`` → ``3, 5, 10`` (Whoosh's ``numlists.delta_decode``)."""
    return accumulate(nums)


def delta_encode(nums: Iterable[int]) -> Iterator[int]:
    """Differences: ``[3, 5, 10]`` → ``3, 2, 5`` (Whoosh's ``numlists.delta_encode``)."""
    values = list(nums)
    return map(operator.sub, values, chain((0,), values))


def apply() -> None:
    try:
        from whoosh.codec import whoosh3
    except ImportError:
        return
    reader_class = getattr(whoosh3, "W3PerDocReader", None)
    if reader_class is not None and hasattr(reader_class, "_cached_reader"):
        reader_class._cached_reader = _cached_reader
    if hasattr(whoosh3, "delta_decode") and hasattr(whoosh3, "delta_encode"):
        whoosh3.delta_decode = delta_decode
        whoosh3.delta_encode = delta_encode
