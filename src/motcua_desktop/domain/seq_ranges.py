"""Arithmetic on change-log sequence ranges: merging, the contiguous watermark, gaps, coverage."""

from __future__ import annotations

from collections.abc import Iterable

Range = tuple[int, int]  # inclusive; (a, b) with a <= b


def merge(ranges: Iterable[Range]) -> list[Range]:
    """Sorted, non-overlapping, non-touching ranges covering the same numbers."""
    out: list[list[int]] = []
    for a, b in sorted((a, b) for a, b in ranges if a <= b):
        if out and a <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def watermark(ranges: Iterable[Range], base: int = 0) -> int:
    """The highest n such that every number in ``base+1 … n`` is covered (``base`` if none)."""
    top = base
    for a, b in merge(ranges):
        if a > top + 1:
            break
        top = max(top, b)
    return top


def gaps(ranges: Iterable[Range], base: int = 0) -> list[Range]:
    """The missing stretches between ``base + 1`` and the highest covered number."""
    out: list[Range] = []
    top = base
    for a, b in merge(ranges):
        if b <= top:
            continue
        if a > top + 1:
            out.append((top + 1, a - 1))
        top = max(top, b)
    return out


def covered(ranges: Iterable[Range], a: int, b: int, base: int = 0) -> bool:
    """True when every number of ``a … b`` is at or below ``base`` or inside ``ranges``."""
    if b <= base:
        return True
    a = max(a, base + 1)
    return any(lo <= a and b <= hi for lo, hi in merge(ranges))
