"""Benchmark: the commune's cumulative export of a year of work (20,000 dossiers with events).

Target (issue 4): ≤ 2 s for collecting the changes, encoding, compressing,
encrypting, signing, writing the bundle atomically to the stick and logging
it. Nothing is acknowledged between runs, so every run exports the whole year.
"""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import date
from pathlib import Path

from _common import machine, summary, timeit

from motcua_desktop.services import demo, sync_commune, users
from motcua_desktop.services.context import open_app

REPEAT = 5


def run(dossiers: int = 20_000) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_app(Path(tmp) / "data")
        try:
            demo.seed_demo(ctx, dossiers=dossiers, seed=3, today=date(2026, 11, 20))
            clerk = users.get_user(ctx, "clerk")
            stick = Path(tmp) / "stick"
            results = []
            samples = timeit(
                lambda: results.append(sync_commune.export(ctx, stick, clerk)), REPEAT, warmup=1
            )
            last = results[-1]
            size = last.path.stat().st_size
        finally:
            ctx.close()
    return {
        "benchmark": "export a year as one data bundle",
        "dossiers": dossiers,
        "rows": last.rows,
        "counts": last.counts,
        "bundle_bytes": size,
        "export": summary(samples),
        "target_ms": 2000,
        "machine": machine(),
    }


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    print(json.dumps(run(n), indent=2, ensure_ascii=False))
