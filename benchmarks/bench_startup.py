"""Benchmark: process start to a usable main window, against a bare PySide6 QMainWindow.

Target (DESIGN.md): ≤ 1.5 s and ≤ 3× the bare window, measured from spawning the
process to the window being shown and the event loop running (the child prints READY).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from _common import machine, summary

HERE = Path(__file__).resolve().parent
REPEAT = 7


def _spawn(*args: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "_start_window.py"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    for line in proc.stdout:
        if line.strip() == "READY":
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError(f"child {args} never became ready")
    proc.wait(timeout=60)
    return elapsed


def run(dossiers: int = 2000) -> dict:
    from motcua_desktop.services import demo
    from motcua_desktop.services.context import open_app

    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_app(Path(tmp))
        demo.seed_demo(ctx, dossiers=dossiers, seed=3, today=date(2026, 11, 20))
        ctx.close()
        _spawn("bare")  # warm the OS file cache for both
        _spawn("app", tmp)
        bare, ours = [], []
        for _ in range(REPEAT):  # interleave so drift hits both alike
            bare.append(_spawn("bare"))
            ours.append(_spawn("app", tmp))
    b, o = summary(bare), summary(ours)
    return {
        "benchmark": "start to a usable main window",
        "database_dossiers": dossiers,
        "ours": o,
        "baseline_bare_qmainwindow": b,
        "ratio_p50": o["p50_ms"] / b["p50_ms"],
        "target": "<= 1500 ms and <= 3x baseline",
        # Start-up moves with the machine's load far more than the database figures do.
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "machine": machine(),
    }


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    print(json.dumps(run(n), indent=2, ensure_ascii=False))
