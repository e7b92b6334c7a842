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
