"""Benchmark: report II.06a for a year (and a month) on a million dossiers, beside raw SQL.

Target (issue 5): II.06a for a year over 1,000,000 dossiers <= 1 s. The
baseline is one plain aggregate of the same data, ``SELECT field_name,
count(*) ... WHERE received_at in the year GROUP BY field_name``: the least any
report of the year must cost, so the ratio shows what the II.06a rules add.
On SQLite the report counts in partitions on every core
(``services.reports_parallel``); "year_by_field_one_connection" is the same
report counted on one connection, for comparison. Other work on the machine
shows in the figures: the load average is recorded before and after.
Opening the database through the program migrates an older demo database to
the current schema first (after a backup), so the first run takes longer.
"""

from __future__ import annotations

import json
import os
import sys

from _bigdb import TODAY, ensure_database
from _common import machine, summary, timeit

REPEAT = 15


def run(dossiers: int = 1_000_000) -> dict:
    from sqlalchemy import func, select

    from motcua_desktop.domain.periods import month_of, year_period
    from motcua_desktop.domain.report_models import GroupBy
    from motcua_desktop.services import reports_sql
    from motcua_desktop.services.context import open_app
    from motcua_desktop.services.reports import ii06a
    from motcua_desktop.store.models import Dossier

    folder, built = ensure_database(dossiers)
    ctx = open_app(folder)
    try:
        year = year_period(TODAY.year)
        this_month = month_of(TODAY)
        start, end = year.bounds()
        d = Dossier.__table__.c
        raw_q = (
            select(d.field_name, func.count())
            .where(d.received_at >= start, d.received_at < end)
            .group_by(d.field_name)
        )

        def raw():
            with ctx.db.session(readonly=True) as s:
                return s.execute(raw_q).all()

        report = ii06a(ctx, year)
        load_before = os.getloadavg()
        results = {
            "year_by_field": summary(timeit(lambda: ii06a(ctx, year), REPEAT)),
            "year_by_field_one_connection": summary(timeit(lambda: one(ii06a, ctx, year), REPEAT)),
            "year_by_procedure": summary(
                timeit(lambda: ii06a(ctx, year, GroupBy.PROCEDURE), REPEAT)
            ),
            "month_by_field": summary(timeit(lambda: ii06a(ctx, this_month), REPEAT)),
            "raw_group_by_year": summary(timeit(raw, REPEAT)),
        }
        load_after = os.getloadavg()
    finally:
        ctx.close()
    ratio = results["year_by_field"]["p50_ms"] / results["raw_group_by_year"]["p50_ms"]
    return {
        "benchmark": "report II.06a on a million dossiers",
        "database_dossiers": dossiers,
        "database": built,
        "period": year.code(),
        "year_total": {
            "received": report.total.counts.received,
            "resolved": report.total.counts.resolved,
            "pending": report.total.counts.pending,
        },  # fmt: skip
        **results,
        "ratio_year_to_raw": round(ratio, 2),
        "partitions": reports_sql.default_partitions(),
        "load_average_1_5_15": {"before": load_before, "after": load_after},
        "target": "II.06a for a year <= 1000 ms",
        "machine": machine(),
    }


def one(report, *args):
    """``report(*args)`` counted on one connection (no partitions)."""
    from motcua_desktop.services import reports_sql

    default = reports_sql.default_partitions
    reports_sql.default_partitions = lambda: 1
    try:
        return report(*args)
    finally:
        reports_sql.default_partitions = default


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    out = run(n)
    print(json.dumps(out, indent=2, ensure_ascii=False))
