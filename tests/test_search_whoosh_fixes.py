"""The patched Whoosh helpers give exactly what Whoosh's own give, and are in place."""

from __future__ import annotations

from array import array

from hypothesis import given
from hypothesis import strategies as st
from whoosh.codec import whoosh3
from whoosh.util import numlists

from ipscrm.search import whoosh_fixes

ascending = st.lists(st.integers(min_value=0, max_value=2**31), max_size=300).map(sorted)


@given(ascending)
def test_delta_encode_and_decode_match_whoosh(ids):
    assert list(whoosh_fixes.delta_encode(ids)) == list(numlists.delta_encode(ids))
    deltas = list(numlists.delta_encode(ids))
    assert list(whoosh_fixes.delta_decode(deltas)) == list(numlists.delta_decode(deltas))
    assert list(whoosh_fixes.delta_decode(whoosh_fixes.delta_encode(array("I", ids)))) == ids


def test_the_fixes_are_applied_to_the_codec():
    assert whoosh3.delta_decode is whoosh_fixes.delta_decode
    assert whoosh3.delta_encode is whoosh_fixes.delta_encode
    assert whoosh3.W3PerDocReader._cached_reader is whoosh_fixes._cached_reader
    assert whoosh3.W3TermInfo.set_inline is whoosh_fixes._set_inline


def test_buffer_files_read_through_the_view_without_copying():
    import mmap
    import pickle

    from whoosh.filedb.structfile import BufferFile

    data = b"first line\nsecond\n" + pickle.dumps({"ø": [1, 2]}) + bytes(range(256))
    with mmap.mmap(-1, len(data)) as mapped:
        mapped[:] = data
        view = memoryview(mapped)
        f = BufferFile(view[0 : len(data)], name="x")
        assert f.readline() == b"first line\n"
        assert f.read(7) == b"second\n"
        assert f.read_pickle() == {"ø": [1, 2]}
        assert f.get(0, 5) == b"first" and f.get_array(0, "B", 3).tolist() == list(b"fir")
        f.seek(-3, 2)
        assert f.tell() == len(data) - 3 and f.read() == bytes([253, 254, 255])
        assert f.read(10) == b""
        assert f.subset(6, 4, name="y").read() == b"line"
        # the file object holds the view, not a copy of the data
        assert isinstance(f.file.raw, whoosh_fixes.MemoryViewRaw)
        f.close()
        del f  # drops the last views, so the map can close
        view.release()
