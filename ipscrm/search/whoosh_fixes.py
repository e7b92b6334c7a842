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

- A posting writer told to keep short posting lists inside the term table calls
  ``W3TermInfo.set_inline``, which whoosh-reloaded renamed ``set_inlined``; and for
  formats without values, the inlined postings then read back with the value ``""`` (a
  text string), which merging segments refuses. The fix gives the method its old name,
  storing empty values as ``b""`` (ipscrm's writer inlines single postings).
- Opening a file inside a compound segment (one file per segment, memory-mapped) copied
  the whole file into a ``BytesIO``, so every searcher held its own copy of the index's
  postings and terms: 800 MB for 600,000 employers, per thread of a web process. The fix
  reads through the memory map without copying (the pages are shared by every searcher
  and process, and the operating system can drop them).

On another Whoosh fork nothing is patched: ``ipscrm.search.dependency`` then refuses to
start with a message saying what to install."""

from __future__ import annotations

import io
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


def _set_inline(self, ids, weights, values) -> None:
    """``W3TermInfo.set_inline``: keep the postings in the term info; a posting without a
    value gets ``b""`` (read back as the bytes it is, not as the text ``""``)."""
    self.set_inlined(ids, weights, values if len(values) else [b""] * len(ids))


class MemoryViewRaw(io.RawIOBase):
    """A read-only, seekable raw file over a memoryview (no copy of the data)."""

    def __init__(self, view: memoryview) -> None:
        super().__init__()
        self._view = view
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = max(0, min(len(buffer), len(self._view) - self._pos))
        buffer[:size] = self._view[self._pos : self._pos + size]
        self._pos += size
        return size

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            position = offset
        elif whence == io.SEEK_CUR:
            position = self._pos + offset
        elif whence == io.SEEK_END:
            position = len(self._view) + offset
        else:
            raise ValueError(f"invalid whence ({whence})")
        if position < 0:
            raise ValueError("negative seek position")
        self._pos = position
        return position

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self._view = memoryview(b"")  # let the memory map go
        super().close()


def _buffer_file_init(self, buf, name=None, onclose=None):
    self._buf = buf
    self._name = name
    self.file = io.BufferedReader(MemoryViewRaw(memoryview(buf)))
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def apply() -> None:
    try:
        from whoosh.codec import whoosh3
    except ImportError:
        return
    reader_class = getattr(whoosh3, "W3PerDocReader", None)
    if reader_class is not None and hasattr(reader_class, "_cached_reader"):
        reader_class._cached_reader = _cached_reader
    from whoosh.filedb import structfile

    buffer_file = getattr(structfile, "BufferFile", None)
    if buffer_file is not None and hasattr(buffer_file, "get"):
        buffer_file.__init__ = _buffer_file_init
    terminfo_class = getattr(whoosh3, "W3TermInfo", None)
    if terminfo_class is not None and hasattr(terminfo_class, "set_inlined"):
        terminfo_class.set_inline = _set_inline
    if hasattr(whoosh3, "delta_decode") and hasattr(whoosh3, "delta_encode"):
        whoosh3.delta_decode = delta_decode
        whoosh3.delta_encode = delta_encode
