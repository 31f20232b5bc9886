"""Benchmark: the commune's cumulative export of a year of work (20,000 dossiers with events).

Target (issue 4): ≤ 2 s for collecting the changes, encoding, compressing,
encrypting, signing, writing the bundle atomically to the stick and logging
it. Nothing is acknowledged between runs, so every run exports the whole year.
Each stage is timed too (wall and CPU, median over the runs), so a miss can be
told apart: CPU spent by the export, or waiting on the disk and other processes.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from _common import machine, summary

from motcua_desktop.services import demo, sync_commune, users
from motcua_desktop.services.context import open_app

REPEAT = 5
# The stages export() goes through, as the names it calls them by.
STAGES = {
    "collect_changes (SQL + NDJSON, zlib on a second thread)": (
        sync_commune.payload,
        "collect_changes",
    ),
    "write_bundle (encrypt, sign)": (sync_commune, "write_bundle"),
    "write_atomically (write, fsync, read back)": (sync_commune.mailbox, "write_atomically"),
}


def _timed(fn, wall: list, cpu: list):
    def run(*args, **kwargs):
        w, c = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            wall.append(time.perf_counter() - w)
            cpu.append(time.process_time() - c)

    return run


def _stages(fn, repeat: int) -> tuple[list[float], dict[str, dict[str, float]]]:
    """Timed runs of ``fn`` with every stage timed; medians in milliseconds."""
    wall: dict[str, list] = defaultdict(list)
    cpu: dict[str, list] = defaultdict(list)
    originals = {name: getattr(owner, attr) for name, (owner, attr) in STAGES.items()}
    for name, (owner, attr) in STAGES.items():
        setattr(owner, attr, _timed(originals[name], wall[name], cpu[name]))
    try:
        fn()  # warm-up, not counted
        for name in STAGES:
            wall[name].clear()
            cpu[name].clear()
        samples, total_cpu = [], []
        for _ in range(repeat):
            w, c = time.perf_counter(), time.process_time()
            fn()
            samples.append(time.perf_counter() - w)
            total_cpu.append(time.process_time() - c)
    finally:
        for name, (owner, attr) in STAGES.items():
            setattr(owner, attr, originals[name])
    stages = {
        name: {
            "wall_ms": statistics.median(wall[name]) * 1000,
            "cpu_ms": statistics.median(cpu[name]) * 1000,
        }
        for name in STAGES
    }
    stages["whole export"] = {
        "wall_ms": statistics.median(samples) * 1000,
        "cpu_ms": statistics.median(total_cpu) * 1000,
    }
    return samples, stages


def run(dossiers: int = 20_000) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_app(Path(tmp) / "data")
        try:
            demo.seed_demo(ctx, dossiers=dossiers, seed=3, today=date(2026, 11, 20))
            clerk = users.get_user(ctx, "clerk")
            stick = Path(tmp) / "stick"
            results = []
            samples, stages = _stages(
                lambda: results.append(sync_commune.export(ctx, stick, clerk)), REPEAT
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
        "stages": stages,
        "target_ms": 2000,
        "machine": machine(),
    }


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    print(json.dumps(run(n), indent=2, ensure_ascii=False))
