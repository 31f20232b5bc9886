"""Compressing a payload on a second core while the first is still producing it."""

# Why: an export spends ~1.5 s in SQLite rendering lines and ~0.5 s in zlib.
# Both release the GIL, so compressing each table's lines in a worker thread
# while SQLite renders the next table overlaps the two (BENCHMARKS.md). The
# result is one ordinary zlib stream, byte for byte what zlib.compress of the
# joined chunks at the same level gives.

from __future__ import annotations

import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

# Not part of the format (any zlib stream reads). Level 3 compresses a year's
# 100 MB payload in 0.47 s instead of 1.23 s at level 6, for 9.0 MB instead of
# 7.1 MB; the stick has room, the 2-second export target does not.
ZLIB_LEVEL = 3


@dataclass(frozen=True)
class Deflated:
    """A payload already compressed: the zlib stream and the size it inflates to."""

    data: bytes
    plain_size: int

    def inflate(self) -> bytes:
        return zlib.decompress(self.data)


def deflate(payload: bytes) -> Deflated:
    return Deflated(zlib.compress(payload, ZLIB_LEVEL), len(payload))


class DeflateStream:
    """Feed chunks in order; they are compressed in one worker thread, in the same order.

    ``finish()`` waits for the worker and returns the whole stream. Use as a
    context manager so that the thread is released even when the producer fails.
    """

    def __init__(self, level: int = ZLIB_LEVEL) -> None:
        self._zlib = zlib.compressobj(level)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="deflate")
        self._parts: list[Future[bytes]] = []
        self._size = 0

    def feed(self, chunk: bytes) -> None:
        if chunk:
            self._size += len(chunk)
            # One worker runs the jobs first in, first out: the stream stays in order.
            self._parts.append(self._pool.submit(self._zlib.compress, chunk))

    def finish(self) -> Deflated:
        try:
            pieces = [part.result() for part in self._parts]
            pieces.append(self._zlib.flush())
        finally:
            self._pool.shutdown(wait=True)
        return Deflated(b"".join(pieces), self._size)

    def __enter__(self) -> DeflateStream:
        return self

    def __exit__(self, *exc_info) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
