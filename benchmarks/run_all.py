"""Run every benchmark and print their results as JSON (copied into BENCHMARKS.md by hand).

The search and list benchmarks share a million-dossier demo database, built
once into benchmarks/.data/ (a few minutes) and reused by later runs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_intake  # noqa: E402
import bench_list  # noqa: E402
import bench_search  # noqa: E402
import bench_startup  # noqa: E402

if __name__ == "__main__":
    results = [bench_startup.run(), bench_intake.run(), bench_search.run(), bench_list.run()]
    print(json.dumps(results, indent=2, ensure_ascii=False))
