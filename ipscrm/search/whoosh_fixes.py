"""A fix to Whoosh 2.7.5 (whoosh-reloaded) applied when this package is imported.

While a segment is flushed, Whoosh asks for the field length of every posting; for fields
without lengths (IDs, keywords, booleans) its reader checks on disk whether the length
column exists, every time: one ``stat`` per posting, about a third of a rebuild. The fix
remembers that the column is missing.

On another Whoosh fork nothing is patched: ``ipscrm.search.dependency`` then refuses to
start with a message saying what to install."""

from __future__ import annotations


def _cached_reader(self, fieldname, column):
    try:
        return self._readers[fieldname]
    except KeyError:
        pass
    reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
    self._readers[fieldname] = reader
    return reader


def apply() -> None:
    try:
        from whoosh.codec import whoosh3
    except ImportError:
        return
    reader_class = getattr(whoosh3, "W3PerDocReader", None)
    if reader_class is not None and hasattr(reader_class, "_cached_reader"):
        reader_class._cached_reader = _cached_reader
