"""Report II.06a's counts packed into integers, so SQLite sums three columns instead of ten.

Each row carries its intake and outcome as bits in 21-bit lanes:
sum(intake) holds online | carried << 21, sum(max(outcome, 0)) holds
early | on_time << 21 | late << 42, and sum(outcome < 0) counts the pending
within the deadline; direct and overdue are what is left of the count. A
group of more than ``PACKED_MAX`` rows could overflow a lane: ``unpack``
then answers None and the caller counts the plain way.
"""

from __future__ import annotations

from motcua_desktop.domain.report_ii06a import II06aCounts

LANE = 1 << 21
PACKED_MAX = LANE - 1  # the largest group whose lanes cannot overflow
PACKED = {
    "online": 1, "direct": 0, "carried": LANE, "early": 1,
    "on_time": LANE, "late": LANE * LANE, "within": -1, "overdue": 0,
}  # fmt: skip


def unpack(rows, width: int) -> dict[tuple, II06aCounts] | None:
    """The counts per group key (a row's first ``width`` values); None if a group is too big."""
    out = {}
    for row in rows:
        count, intake, resolved, within = (int(v or 0) for v in row[width:])
        if count > PACKED_MAX:
            return None
        online, carried = intake % LANE, intake // LANE
        early, on_time, late = resolved % LANE, resolved // LANE % LANE, resolved // LANE // LANE
        done = early + on_time + late
        out[tuple(row[:width])] = II06aCounts(
            count, online, count - online - carried, carried,
            done, early, on_time, late, count - done, within, count - done - within,
        )  # fmt: skip
    return out
