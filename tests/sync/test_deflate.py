"""Compressing on a worker thread: one ordinary zlib stream of the chunks, in the order fed."""

from __future__ import annotations

import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua_desktop.sync.deflate import ZLIB_LEVEL, Deflated, DeflateStream, deflate


@given(st.lists(st.binary(max_size=5000), max_size=12))
def test_the_stream_is_the_joined_chunks_compressed(chunks):
    with DeflateStream() as stream:
        for chunk in chunks:
            stream.feed(chunk)
        result = stream.finish()
    joined = b"".join(chunks)
    assert result.plain_size == len(joined)
    assert zlib.decompress(result.data) == joined
    assert result.data == zlib.compress(joined, ZLIB_LEVEL)  # byte for byte, a plain zlib stream


def test_large_chunks_keep_their_order():
    chunks = [bytes([n]) * 3_000_000 for n in range(5)]
    with DeflateStream() as stream:
        for chunk in chunks:
            stream.feed(chunk)
        assert stream.finish().inflate() == b"".join(chunks)


def test_a_failing_producer_releases_the_worker():
    with pytest.raises(RuntimeError), DeflateStream() as stream:
        stream.feed(b"x" * 1000)
        raise RuntimeError("the database went away")
    assert stream._pool._shutdown  # the thread is gone, nothing is left running


def test_deflate_of_bytes_records_the_plain_size():
    assert deflate(b"abc" * 100) == Deflated(zlib.compress(b"abc" * 100, ZLIB_LEVEL), 300)
