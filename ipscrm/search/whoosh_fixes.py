"""A fix to Whoosh 2.7.5 (whoosh-reloaded) applied when this package is imported.

While a segment is flushed, Whoosh asks for the field length of every posting; for fields
without lengths (IDs, keywords, booleans) its reader checks on disk whether the length
column exists, every time: one ``stat`` per posting, about a third of a rebuild. The fix
remembers that the column is missing."""

from __future__ import annotations

from whoosh.codec import whoosh3

_original = whoosh3.W3PerDocReader._cached_reader


def _cached_reader(self, fieldname, column):
    try:
        return self._readers[fieldname]
    except KeyError:
        pass
    reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
    self._readers[fieldname] = reader
    return reader


def apply() -> None:
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
