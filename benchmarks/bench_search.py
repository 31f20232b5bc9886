"""Benchmark: the search box's first 50 hits on a million dossiers, against the raw FTS5 query.

Target (DESIGN.md): p50 ≤ 20 ms. The baseline runs, in the same process and
run, the bare FTS5 statement with the same terms (``domain.search_query.fts_match``)
on a plain ``sqlite3`` connection: the ratio is what our service adds (code
detection, the join back to ``dossiers``, building rows). Queries are a mix a
desk would type: unaccented full and partial names, hamlets, phone and ID
prefixes, and scanned dossier codes.
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import time

from _bigdb import ensure_database
from _common import machine, summary

from motcua_desktop.domain.search_query import fts_match
from motcua_desktop.domain.text import fold
from motcua_desktop.services import search
from motcua_desktop.services.context import DB_NAME, open_app

ROUNDS = 5
RAW_FTS = (
    "SELECT rowid FROM dossier_search WHERE dossier_search MATCH ? ORDER BY rowid DESC LIMIT 50"
)


def _queries(conn: sqlite3.Connection, rng: random.Random) -> list[tuple[str, str]]:
    (top,) = conn.execute("SELECT max(search_id) FROM dossiers").fetchone()
    picks = []
    for _ in range(12):
        row = conn.execute(
            "SELECT code, applicant_name, applicant_phone, applicant_id_number, applicant_address "
            "FROM dossiers WHERE search_id = ?",
            (rng.randint(1, top),),
        ).fetchone()
        picks.append(row)
    out = []
    for code, name, phone, id_number, address in picks:
        words = fold(name).split()
        out += [
            ("full name", fold(name)),
            ("partial name", f"{words[0]} {words[-1][:3]}"),
            ("given name + hamlet", f"{words[-1]} {fold(address).split(',')[1].strip()}"),
            ("phone prefix", phone.replace(" ", "")[:6]),
            ("ID prefix", id_number[:8]),
            ("code", code),
        ]
    out += [("common family name", "nguyen"), ("common two words", "nguyen thi")]
    return out


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(dossiers: int = 1_000_000) -> dict:
    folder, built = ensure_database(dossiers)
    ctx = open_app(folder)
    raw = sqlite3.connect(folder / DB_NAME)
    queries = _queries(raw, random.Random(5))
    ours: list[float] = []
    base: list[float] = []
    by_kind: dict[str, list[float]] = {}
    hits = 0
    for q in queries:  # warm both paths (page cache, statement caches)
        search.search(ctx, q[1])
        raw.execute(RAW_FTS, (fts_match(q[1]),)).fetchall()
    for _ in range(ROUNDS):
        for kind, q in queries:
            match = fts_match(q)
            # Alternate which goes first so neither always gets the warmer cache.
            b = _time(lambda m=match: raw.execute(RAW_FTS, (m,)).fetchall())
            t = _time(lambda q=q: search.search(ctx, q, limit=50))
            ours.append(t)
            base.append(b)
            by_kind.setdefault(kind, []).append(t)
    hits = sum(len(search.search(ctx, q)) for _kind, q in queries)
    ctx.close()
    raw.close()
    o, b = summary(ours), summary(base)
    return {
        "benchmark": "search, first 50 hits",
        "database_dossiers": dossiers,
        "database": built,
        "queries": len(queries),
        "hits_total": hits,
        "ours": o,
        "baseline_raw_fts5": b,
        "ratio_p50": o["p50_ms"] / b["p50_ms"],
        "by_kind_p50_ms": {k: summary(v)["p50_ms"] for k, v in by_kind.items()},
        "target_p50_ms": 20,
        "machine": machine(),
    }


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    print(json.dumps(run(n), indent=2, ensure_ascii=False))
