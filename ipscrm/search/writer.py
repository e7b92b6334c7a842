"""The index writer ipscrm uses: Whoosh's ``SegmentWriter`` with a leaner ``add_document``.

Whoosh's ``add_document`` does general work for every field of every document: sorting
the field names, looking up per-field and per-document boost keywords, spelling and term
vector checks, and pool book-keeping (type asserts, a size estimate and a set update) for
every posting. Our schema has no term vectors, no separate spelling fields and no boosts
passed with documents, so this writer plans each field once and then only analyses,
pools and stores. Values of fields that repeat across employers (see
``schema.REPEATING_FIELDS``; flags and keywords) are analysed once per writer and their
postings reused; a full posting pool goes to disk in ``marshal`` chunks. The postings,
stored values, lengths and columns it writes are the same as Whoosh's (a test compares
the two); a schema that needs the general path (vectors, spelling) gets Whoosh's own
method."""

from __future__ import annotations

import marshal
import struct
from collections.abc import Callable, Iterable
from contextlib import suppress
from itertools import islice
from typing import Any

from whoosh import fields as whoosh_fields
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import PostingPool, SegmentWriter

from ipscrm.search.schema import REPEATING_FIELDS

# Whoosh's own size estimate of one pooled posting (tuple, strings, numbers), without the
# parts that depend on the field name, term and value lengths.
_POSTING_OVERHEAD = 28 + 4 * 5 + 21 + 26 + 18 + 16 + 21
# Terms with fewer postings than this are stored inside the term table instead of as a
# block of their own (Whoosh's default is 1: never). Most terms of a register are
# unique (organisation numbers, ids, rare name words); writing each as a pickled,
# compressed block was a tenth of a build.
INLINE_LIMIT = 2
# Postings per chunk when a full pool is written to disk.
RUN_CHUNK = 10_000
_CHUNK_HEAD = struct.Struct("<Q")  # a chunk's size in bytes
# Distinct repeating values whose postings one writer keeps.
CACHE_MAX = 100_000

Postings = tuple[tuple[bytes, int, float, bytes | None], ...]
Analysed = tuple[Postings, int, int]  # postings, field length, pool size estimate


class _FieldPlan:
    __slots__ = ("field", "index", "scorable", "stored", "column", "name_size", "cache")

    def __init__(self, name: str, field: whoosh_fields.FieldType) -> None:
        self.field = field
        self.index: Callable[[Any], Iterable] | None = field.indexed and field.index or None
        self.scorable = field.scorable
        self.stored = field.stored
        self.column = field.column_type
        self.name_size = _POSTING_OVERHEAD + len(name)
        repeating = name in REPEATING_FIELDS or isinstance(
            field, whoosh_fields.BOOLEAN | whoosh_fields.KEYWORD
        )
        self.cache: dict[Any, Analysed] | None = {} if repeating and self.index else None

    def analyse(self, value: Any) -> Analysed:
        """The postings of ``value`` (term, frequency, weight, value bytes) with their total
        frequency (the field length) and Whoosh's pool size estimate; cached for fields
        whose values repeat."""
        cache = self.cache
        if cache is None:
            return self._analyse(value)
        try:
            found = cache.get(value)
        except TypeError:  # an unhashable value (a list): analysed every time
            return self._analyse(value)
        if found is None:
            if len(cache) >= CACHE_MAX:
                cache.clear()
            found = cache[value] = self._analyse(value)
        return found

    def _analyse(self, value: Any) -> Analysed:
        postings = tuple(self.index(value))
        length = sum(p[1] for p in postings)
        size = self.name_size * len(postings) + sum(
            2 * len(p[0]) + (len(p[3]) if p[3] else 0) for p in postings
        )
        return postings, length, size


class ChunkedPostingPool(PostingPool):
    """Whoosh's posting pool with faster runs on disk: when the pool is full its sorted
    postings are written in chunks with ``marshal`` instead of one ``pickle`` call per
    posting (which, with reading them back, was a fifth of building a large index).

    Each chunk is its length and then its bytes, read back whole: ``marshal.load`` on a
    file calls the file's ``readinto`` for every value, which was 15 times slower."""

    def _write_run(self, f, items) -> None:
        iterator = iter(items)
        try:
            while chunk := list(islice(iterator, RUN_CHUNK)):
                data = marshal.dumps(chunk)
                f.write(_CHUNK_HEAD.pack(len(data)))
                f.write(data)
        finally:
            f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while head := f.read(_CHUNK_HEAD.size):
                size = _CHUNK_HEAD.unpack(head)[0] if len(head) == _CHUNK_HEAD.size else -1
                data = f.read(size) if size >= 0 else b""
                if len(data) != size:
                    raise OSError(f"posting run {path} is cut short")
                yield from marshal.loads(data)
        finally:
            f.close()
            self._remove_run(path)


class IndexWriter(SegmentWriter):
    """A ``SegmentWriter`` whose ``add_document`` skips work our schema never needs."""

    def __init__(self, ix, limitmb: float = 128, **kwargs) -> None:
        kwargs.setdefault("codec", W3Codec(inlinelimit=INLINE_LIMIT))
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = ChunkedPostingPool(self._tempstorage, self.newsegment, limitmb=limitmb)
        self._plans: dict[str, _FieldPlan] | None = {}
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                self._plans = None  # general path for the whole schema
                break
            self._plans[name] = _FieldPlan(name, field)
        # Field length bytes per scorable field and document, kept as documents are added
        # so the flush need not read them back from the segment's length columns. Only
        # complete while every document came through the lean add_document.
        self._length_bytes: dict[str, bytearray] = {}
        self._lengths_kept = True

    def cancel(self) -> None:
        """Whoosh's cancel, plus removing the files of the segment this writer had begun
        (Whoosh leaves them until a later commit cleans up; a drain that found nothing to
        do would leave three every time)."""
        super().cancel()
        prefix = self.newsegment.segment_id() + "."
        for name in self.storage.list():
            if name.startswith(prefix):
                # still open elsewhere (Windows): a later commit removes it
                with suppress(OSError):
                    self.storage.delete_file(name)

    def add_document(self, **fields: Any) -> None:
        plans = self._plans
        if plans is None or any(name.startswith("_") for name in fields):
            self._lengths_kept = False
            return super().add_document(**fields)
        self._check_state()
        for name in fields:
            if name not in plans:
                raise whoosh_fields.UnknownFieldError(f"No field named {name!r} in {self.schema}")
        perdocwriter = self.perdocwriter
        pool = self.pool
        pooled = pool.current
        fieldnames = pool.fieldnames
        length_bytes = self._length_bytes
        docnum = self.docnum
        size = 0
        perdocwriter.start_doc(docnum)
        try:
            for name, value in fields.items():
                if value is None:
                    continue
                plan = plans[name]
                length = 0
                if plan.index is not None:
                    fieldnames.add(name)
                    postings, length, value_size = plan.analyse(value)
                    pooled.extend([(name, t, docnum, w, v) for t, _f, w, v in postings])
                    size += value_size
                    if length and plan.scorable:
                        kept = length_bytes.get(name)
                        if kept is None:
                            kept = length_bytes[name] = bytearray()
                        kept.extend(bytes(docnum + 1 - len(kept)))
                        kept[docnum] = length_to_byte(length)
                perdocwriter.add_field(
                    name, plan.field, value if plan.stored else None, length if plan.scorable else 0
                )
                if plan.column:
                    perdocwriter.add_column_value(
                        name, plan.column, plan.field.to_column_value(value)
                    )
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        pool.currentsize += size
        if pool.currentsize > pool.limit:
            pool.save()  # spill a sorted run to disk, as Whoosh's pool does
        self._added = True
        self.docnum += 1

    def add_reader(self, reader) -> None:
        self._lengths_kept = False  # merged documents bypass add_document
        super().add_reader(reader)

    def _flush_segment(self) -> None:
        """Write the pooled postings into the segment (``SegmentWriter._flush_segment``
        with :func:`_write_postings` in place of the codec's general loop)."""
        self.perdocwriter.close()
        pdr = None
        if not self.codec.length_stats:
            lengths_of = _no_lengths
        elif self._lengths_kept:
            lengths_of = _kept_lengths(self._length_bytes, self.docnum)
        else:
            pdr = self.per_document_reader()
            lengths_of = _stored_lengths(pdr)
        try:
            _write_postings(self.fieldwriter, self.schema, lengths_of, self.pool.iter_postings())
            self.fieldwriter.close()
        finally:
            if pdr is not None:
                pdr.close()


LengthLookup = Callable[[int], int] | None


def _no_lengths(fieldname: str, field: whoosh_fields.FieldType) -> LengthLookup:
    return None


def _kept_lengths(
    length_bytes: dict[str, bytearray], doccount: int
) -> Callable[[str, whoosh_fields.FieldType], LengthLookup]:
    """Field lengths from the bytes kept while adding documents: each the same
    approximation (``byte_to_length(length_to_byte(n))``) the length column gives."""

    def lookup(fieldname: str, field: whoosh_fields.FieldType) -> LengthLookup:
        kept = length_bytes.get(fieldname)
        if kept is None or not field.scorable:
            return None
        lengths = [byte_to_length(b) for b in kept]
        lengths.extend([0] * (doccount - len(lengths)))
        return lengths.__getitem__

    return lookup


def _stored_lengths(pdr: Any) -> Callable[[str, whoosh_fields.FieldType], LengthLookup]:
    """Field lengths read back from the segment's length columns."""

    def lookup(fieldname: str, field: whoosh_fields.FieldType) -> LengthLookup:
        if not field.scorable:
            return None
        return _length_lookup(pdr, fieldname)

    return lookup


def _length_lookup(pdr: Any, fieldname: str) -> LengthLookup:
    """A function docnum -> stored field length, or None for fields without lengths."""
    cached_reader = getattr(pdr, "_cached_reader", None)
    if cached_reader is None:
        return lambda docnum: pdr.doc_field_length(docnum, fieldname)
    reader = cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    if reader is None:
        return None

    def length(docnum: int) -> int:
        lbyte = reader[docnum]
        return byte_to_length(lbyte) if lbyte else 0

    return length


def _write_postings(
    fieldwriter: Any,
    schema: Any,
    lengths_of: Callable[[str, whoosh_fields.FieldType], LengthLookup],
    items: Iterable,
) -> None:
    """Whoosh's ``FieldWriter.add_postings`` for sorted ``(fieldname, btext, docnum,
    weight, value)`` postings, looking up field lengths only for fields that have them and
    handing postings straight to the codec's postings writer."""
    lastfn = None
    lasttext = None
    length_of = None
    postwriter = None
    for fieldname, btext, docnum, weight, value in items:
        if fieldname != lastfn:
            if lasttext is not None:
                fieldwriter.finish_term()
            if lastfn is not None:
                fieldwriter.finish_field()
            field = schema[fieldname]
            fieldwriter.start_field(fieldname, field)
            length_of = lengths_of(fieldname, field)
            lastfn = fieldname
            lasttext = None
        if docnum == -1:  # a spelling-only posting (not used by our schema)
            continue
        if btext != lasttext:
            if lasttext is not None:
                fieldwriter.finish_term()
            fieldwriter.start_term(btext)
            postwriter = fieldwriter._postwriter
            lasttext = btext
        postwriter.add_posting(
            docnum,
            weight,
            value if value is not None else b"",
            length_of(docnum) if length_of is not None else 0,
        )
    if lasttext is not None:
        fieldwriter.finish_term()
    if lastfn is not None:
        fieldwriter.finish_field()
