"""Benchmark: importing 1,000,000 records (dossiers and events) at the district, against raw inserts.

Target (DESIGN.md): import ≥ 50% of the speed of raw ``sqlite3`` executemany of
the same rows. The rows are a commune's dossiers and their "received" events,
cut into signed, encrypted bundles as the commune writes them; the import
verifies, decrypts, decodes, plans (by id and version) and writes them, one
transaction per bundle. The baseline inserts the very same rows (with their
district ``origin_id`` and ``search_id``) into a freshly migrated database of
the same schema (indexes and the FTS5 triggers included) with
``executemany``, one transaction per bundle, same pragmas. On PostgreSQL
(``--pg URL``, or a private cluster when PostgreSQL is installed) the same
import runs against psycopg ``executemany`` and ``COPY`` baselines.

Usage: ``python benchmarks/bench_district_import.py [--rows N] [--per-bundle N] [--pg URL|auto|none]``
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from _common import machine

from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.services import district
from motcua_desktop.services.context import DB_NAME, open_app
from motcua_desktop.sync.bundle import bundle_sha256, write_bundle
from motcua_desktop.sync.keys import Identity, enrolment_proof
from motcua_desktop.sync.payload import encode_rows
from motcua_desktop.sync.provisioning import read_provisioning

AGENCY = "000.31.25.H56"
NAMES = ["Trần Thị Bích Hằng", "Nguyễn Văn Đức", "Lê Thị Ánh", "Phạm Quốc Việt", "Võ Minh Châu"]


def _dossier(i: int, base: datetime) -> dict:
    at = base + timedelta(minutes=7 * i)
    name = NAMES[i % len(NAMES)]
    code = f"{AGENCY}-{at:%y%m%d}-{i % 10000 + 1:04d}-{i}"
    return {
        "id": str(uuid.UUID(int=i + 1)), "version": 1, "created_at": at.isoformat(),
        "updated_at": at.isoformat(), "created_by": None, "code": code, "agency_code": AGENCY,
        "procedure_code": "HT-05", "procedure_name": "Đăng ký khai sinh", "field_name": "Hộ tịch",
        "status": 2 + (i % 9 == 0) * 8, "channel": 1 + (i % 3 == 0), "applicant_name": name,
        "applicant_id_number": f"0891850{i % 100000:05d}", "applicant_phone": "0912 345 678",
        "applicant_address": f"Số {i % 200}, ấp Phú Hòa", "applicant_email": "",
        "owner_name": "", "owner_address": "", "received_at": at.isoformat(),
        "due_at": (at + timedelta(days=5)).isoformat(), "finished_at": None, "returned_at": None,
        "processing_unit": "day", "processing_amount": 5, "processing_cutoff": None,
        "processing_text": "05 ngày làm việc", "handling_unit": "", "sets_count": 1,
        "fee_vnd": 0, "result_delivery": "desk", "note": "", "reason": "",
        "book_number": f"01/{at.year}", "book_serial": i + 1,
        "search_text": f"{code.lower()} {name.lower()} 0912345678", "original_due_at": None,
        "paused_at": None, "paused_minutes": 0, "supplement_count": 0, "extension_count": 0,
        "timeliness": None, "handling_official_id": None, "handling_official_name": "",
        "co_handling_units": None, "return_method": None, "returned_to": "", "post_tracking": "",
    }  # fmt: skip


def _event(i: int, dossier: dict) -> dict:
    return {
        "id": str(uuid.UUID(int=(1 << 64) + i + 1)), "version": 1,
        "created_at": dossier["created_at"], "updated_at": dossier["created_at"],
        "created_by": None, "dossier_id": dossier["id"], "at": dossier["received_at"],
        "actor": None, "kind": "received", "from_status": None, "to_status": 2, "note": "",
        "data": {"channel": dossier["channel"]},
    }  # fmt: skip


def make_bundles(folder: Path, rows: int, per_bundle: int, me: Identity, district_id, box_pub,
                 token: str) -> list[Path]:  # fmt: skip
    """Bundles of ``per_bundle`` records (half dossiers, half their events), chained."""
    folder.mkdir(parents=True, exist_ok=True)
    paths, prev, seq = [], "", 0
    proof = enrolment_proof(token, me.sign_public_b64, me.box_public_b64)
    for start in range(0, rows // 2, per_bundle // 2):
        n = min(per_bundle // 2, rows // 2 - start)
        records = _records(start, n, BASE)
        data = write_bundle(
            {"kind": "data", "recipient_id": district_id, "agency_code": AGENCY,
             "name": "Xã An Phú", "seq_from": seq + 1, "seq_to": seq + len(records),
             "prev_sha256": prev, "counts": {"dossiers": n, "dossier_events": n},
             "enrolment_proof": proof},
            encode_rows(records), me, box_pub,
        )  # fmt: skip
        seq += len(records)
        prev = bundle_sha256(data)
        path = folder / f"{AGENCY}-data-{len(paths):05d}.motcua"
        path.write_bytes(data)
        paths.append(path)
    return paths


def _commune_identity() -> Identity:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    return Identity(str(uuid.uuid4()), str(uuid.uuid4()), Ed25519PrivateKey.generate(),
                    X25519PrivateKey.generate())  # fmt: skip


def _district(folder: Path, db_url: str | None):
    ctx = open_app(folder, db_url=db_url)
    district.init_district(ctx, "Huyện Phú Tân", None)
    profile = CommuneProfile("Xã An Phú", "ỦY BAN NHÂN DÂN XÃ AN PHÚ", "BỘ PHẬN MỘT CỬA",
                             AGENCY, "An Phú")  # fmt: skip
    token = read_provisioning(district.provision_commune(ctx, profile, None)).enrolment_token
    return ctx, token


def _sql(table: str, columns: list[str], style: str) -> str:
    marks = ", ".join("?" for _c in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"


def run(rows: int, per_bundle: int, pg: str) -> dict:
    work = Path(tempfile.mkdtemp(prefix="motcua-bench-district-"))
    out: dict = {"rows": rows, "per_bundle": per_bundle, "machine": machine()}
    try:
        me = _commune_identity()
        for backend in ["sqlite"] + (["postgresql"] if pg != "none" else []):
            url = None
            cluster = None
            if backend == "postgresql":
                url, cluster = _pg_url(pg)
            try:
                out[backend] = _bench_backend(work / backend, backend, url, rows, per_bundle, me)
            finally:
                if cluster is not None:
                    cluster.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def _pg_url(pg: str):
    if pg != "auto":
        return pg, None
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "district"))
    import district_pg

    cluster = district_pg.PrivateCluster()
    admin = cluster.start()
    return district_pg.create_database(admin), cluster


def _bench_backend(work: Path, backend: str, url, rows, per_bundle, me) -> dict:
    ctx, token = _district(work / "district", url)
    ident = district.district_info(ctx).installation_id
    from motcua_desktop.sync.keys import load_or_create_identity

    box = load_or_create_identity(ctx).box_public_b64
    paths = make_bundles(work / "stick", rows, per_bundle, me, ident, box, token)
    start = time.perf_counter()
    results = district.import_bundles(ctx, paths, None)
    import_s = time.perf_counter() - start
    assert all(r.status == "applied" for r in results), [r.message for r in results][:3]
    with ctx.db.session(readonly=True) as s:
        from sqlalchemy import text

        origin = s.scalar(text("SELECT id FROM communes"))
        stored = s.scalar(text("SELECT count(*) FROM dossiers")) + s.scalar(
            text("SELECT count(*) FROM dossier_events")
        )
    assert stored == rows, stored
    ctx.close()

    def batches():
        return _batches(rows, per_bundle, origin)

    result = {"import_s": round(import_s, 2), "import_rows_per_s": round(rows / import_s)}
    if backend == "sqlite":
        raw = _raw_sqlite(work / "raw", batches())
        result |= {"raw_executemany_s": round(raw, 2),
                   "ratio_of_raw": round(raw / import_s, 3)}  # fmt: skip
    else:
        many, copy = _raw_pg(url, batches)
        result |= {"raw_executemany_s": round(many, 2), "raw_copy_s": round(copy, 2),
                   "ratio_of_executemany": round(many / import_s, 3),
                   "ratio_of_copy": round(copy / import_s, 3)}  # fmt: skip
    return result


def _records(start: int, n: int, base: datetime) -> list[dict]:
    dossiers = [_dossier(start + k, base) for k in range(n)]
    records = [{"t": "dossiers", "id": d["id"], "v": 1, "op": "insert", "row": d}
               for d in dossiers]  # fmt: skip
    records += [
        {"t": "dossier_events", "id": (e := _event(start + k, d))["id"], "v": 1,
         "op": "insert", "row": e}
        for k, d in enumerate(dossiers)
    ]  # fmt: skip
    return records


BASE = datetime(2025, 1, 2, 8, 0)


def _batches(rows: int, per_bundle: int, origin: str):
    """The same rows as the bundles, typed as the district stores them, one batch per bundle."""
    from motcua_desktop.sync.payload import decode_rows

    search_id = 0
    for start in range(0, rows // 2, per_bundle // 2):
        n = min(per_bundle // 2, rows // 2 - start)
        per_table: dict[str, list[dict]] = {}
        for rec in decode_rows(encode_rows(_records(start, n, BASE))):
            row = dict(rec["row"], origin_id=origin)
            if rec["t"] == "dossiers":
                search_id += 1
                row["search_id"] = search_id
            per_table.setdefault(rec["t"], []).append(row)
        yield per_table


def _raw_sqlite(folder: Path, batches) -> float:
    ctx = open_app(folder)  # a migrated, empty database of the same schema
    ctx.close()
    conn = sqlite3.connect(folder / DB_NAME, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    elapsed = 0.0
    for per_table in batches:
        statements = [
            (_sql(t, list(rows[0]), "qmark"), [_sqlite_values(r) for r in rows])
            for t, rows in per_table.items()
        ]
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        for sql, values in statements:
            conn.executemany(sql, values)
        conn.execute("COMMIT")
        elapsed += time.perf_counter() - start
    conn.close()
    return elapsed


def _sqlite_values(row: dict) -> tuple:
    return tuple(
        v.isoformat(sep=" ") if isinstance(v, datetime) else json.dumps(v) if isinstance(v, dict)
        else v
        for v in row.values()
    )  # fmt: skip


def _raw_pg(url: str, batches) -> tuple[float, float]:
    import psycopg
    from psycopg.types.json import Json
    from sqlalchemy.engine import make_url

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    tables = ("dossier_events", "dossiers")
    timings = []
    for mode in ("executemany", "copy"):
        with psycopg.connect(dsn) as conn:
            for t in tables:
                conn.execute(f"DELETE FROM {t}")
            conn.commit()
            elapsed = 0.0
            for per_table in batches():
                prepared = [
                    (t, list(rows[0]),
                     [tuple(Json(v) if isinstance(v, dict) else v for v in r.values())
                      for r in rows])
                    for t, rows in per_table.items()
                ]  # fmt: skip
                start = time.perf_counter()
                with conn.transaction():
                    for t, cols, vals in prepared:
                        names = ", ".join(cols)
                        with conn.cursor() as cur:
                            if mode == "executemany":
                                marks = ", ".join(["%s"] * len(cols))
                                cur.executemany(f"INSERT INTO {t} ({names}) VALUES ({marks})", vals)
                            else:
                                with cur.copy(f"COPY {t} ({names}) FROM STDIN") as copy:
                                    for v in vals:
                                        copy.write_row(v)
                elapsed += time.perf_counter() - start
            timings.append(elapsed)
    return timings[0], timings[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--per-bundle", type=int, default=50_000)
    parser.add_argument("--pg", default="auto", help="PostgreSQL URL, 'auto' or 'none'")
    a = parser.parse_args()
    print(json.dumps(run(a.rows, a.per_bundle, a.pg), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
