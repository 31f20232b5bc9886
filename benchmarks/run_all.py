"""Run every benchmark and print their results as JSON (copied into BENCHMARKS.md by hand)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_intake  # noqa: E402
import bench_startup  # noqa: E402

if __name__ == "__main__":
    results = [bench_startup.run(), bench_intake.run()]
    print(json.dumps(results, indent=2, ensure_ascii=False))
