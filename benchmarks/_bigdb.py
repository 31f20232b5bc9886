"""The benchmarks' large demo database: built once with `motcua demo` into benchmarks/.data/."""

from __future__ import annotations

import json
import shutil
import time
from datetime import date
from pathlib import Path

DATA = Path(__file__).resolve().parent / ".data"
TODAY = date(2026, 11, 20)
SEED = 11


def ensure_database(dossiers: int = 1_000_000) -> tuple[Path, dict]:
    """The data folder of a demo commune with ``dossiers`` dossiers, and how it was built.

    Built on first use (a few minutes for a million) and reused afterwards; a
    folder without its ``built.json`` marker is a half-built one and is redone.
    """
    folder = DATA / f"demo-{dossiers}-seed{SEED}"
    marker = folder / "built.json"
    if marker.exists():
        return folder, json.loads(marker.read_text(encoding="utf-8"))
    from motcua_desktop.services.context import open_app
    from motcua_desktop.services.demo import seed_demo

    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    ctx = open_app(folder)
    try:
        seed_demo(ctx, dossiers=dossiers, seed=SEED, today=TODAY)
    finally:
        ctx.close()
    info = {
        "dossiers": dossiers,
        "seed": SEED,
        "today": TODAY.isoformat(),
        "build_seconds": round(time.perf_counter() - start, 1),
        "size_mb": round((folder / "motcua.sqlite3").stat().st_size / 2**20),
    }
    marker.write_text(json.dumps(info), encoding="utf-8")
    return folder, info
