"""Helpers for the district tests: communes made through the real services, bundles, snapshots."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, text

from motcua_desktop.domain.dossier import Applicant, Channel
from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.services import district, intake, lifecycle, sync_commune, users
from motcua_desktop.services.context import AppContext, open_app
from motcua_desktop.services.provisioning import accept_provisioning
from motcua_desktop.services.sync_state import district_in
from motcua_desktop.store.models import SYNC_UP_TABLES, BundleLog, Commune
from motcua_desktop.sync.bundle import bundle_sha256, write_bundle
from motcua_desktop.sync.keys import enrolment_proof, load_or_create_identity
from motcua_desktop.sync.payload import collect_changes, encode_rows
from motcua_desktop.sync.state import ENROLMENT_TOKEN, get_state

NAMES = ["Trần Thị Bích Hằng", "Nguyễn Văn Đức", "Lê Thị Ánh", "Phạm Quốc Việt", "Võ Minh Châu"]


def profile(agency: str, name: str) -> CommuneProfile:
    return CommuneProfile(
        commune_name=name,
        parent_body=f"ỦY BAN NHÂN DÂN {name.upper()}",
        unit_name="BỘ PHẬN MỘT CỬA",
        agency_code=agency,
        place_name=name.removeprefix("Xã "),
    )


@dataclass
class Commune_:
    ctx: AppContext
    admin: object
    agency: str
    folder: Path
    made: int = 0

    def close(self) -> None:
        self.ctx.close()


def make_commune(tmp: Path, district_ctx: AppContext, agency: str, name: str) -> Commune_:
    """A commune provisioned by ``district_ctx``, with an administrator."""
    data = district.provision_commune(district_ctx, profile(agency, name), None)
    folder = tmp / f"commune-{agency}"
    ctx = open_app(folder)
    admin = users.create_user(ctx, "admin", "Phạm Minh Tuấn", "secret-1", "admin")
    accept_provisioning(ctx, data, admin)
    return Commune_(ctx, admin, agency, folder)


def add_dossiers(c: Commune_, n: int, *, start=datetime(2026, 3, 2, 8, 0)) -> list[str]:
    """``n`` accepted dossiers (some online) received on successive working mornings."""
    codes = []
    for i in range(n):
        k = c.made + i
        req = intake.IntakeRequest(
            procedure_code="HT-05",
            applicant=Applicant(name=NAMES[k % len(NAMES)], id_number="089185012345"),
            channel=Channel.ONLINE if k % 3 == 0 else Channel.IN_PERSON,
            received_at=start + timedelta(days=(k // 4) * 7 % 21, minutes=k),
        )
        codes.append(intake.accept(c.ctx, req, c.admin).code)
    c.made += n
    return codes


def export(c: Commune_, stick: Path) -> Path:
    """A data bundle of every unconfirmed change, written to the stick's outbox."""
    result = sync_commune.export(c.ctx, stick, c.admin)
    assert result.written, result.message
    return Path(result.path)


def export_since(c: Commune_, after_seq: int, target: Path, prev: Path | None = None) -> Path:
    """A data bundle of the changes after ``after_seq`` (not cumulative; to make gaps).

    ``prev`` is the bundle it follows in the commune's chain; the enrolment
    proof is always included.
    """
    me = load_or_create_identity(c.ctx)
    with c.ctx.db.session(readonly=True) as s:
        d = district_in(s)
        cs = collect_changes(s, after_seq)
        token = get_state(s, ENROLMENT_TOKEN)
    data = write_bundle(
        {"kind": "data", "recipient_id": d.installation_id, "agency_code": c.agency,
         "name": "x", "seq_from": cs.seq_from, "seq_to": cs.seq_to, "counts": cs.counts,
         "prev_sha256": bundle_sha256(prev.read_bytes()) if prev else "",
         "enrolment_proof": enrolment_proof(token, me.sign_public_b64, me.box_public_b64)},
        encode_rows(cs.rows), me, d.box_pub,
    )  # fmt: skip
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def top_seq(c: Commune_) -> int:
    with c.ctx.db.session(readonly=True) as s:
        return int(s.scalar(text("SELECT max(seq) FROM changes")) or 0)


def start_processing(c: Commune_, code: str) -> None:
    lifecycle.start_processing(c.ctx, code, c.admin, unit="Công chức Tư pháp - Hộ tịch")


def clone(c: Commune_, tmp: Path, name: str) -> Commune_:
    """A byte copy of a commune's data folder (same keys, same epoch): a forked installation."""
    c.ctx.close()
    target = tmp / name
    shutil.copytree(c.folder, target)
    c.ctx = open_app(c.folder)
    return Commune_(open_app(target), c.admin, c.agency, target, c.made)


def snapshot(ctx: AppContext) -> dict:
    """Every travelling row (id, version, origin) and every commune's sync state."""
    out: dict = {}
    with ctx.db.session(readonly=True) as s:
        for table in SYNC_UP_TABLES:
            out[table] = sorted(
                tuple(r) for r in s.execute(text(f"SELECT id, version, origin_id FROM {table}"))
            )
        out["communes"] = sorted(
            (c.agency_code, c.status, c.epoch, c.acked_seq, str(c.gaps))
            for c in s.scalars(select(Commune))
        )
        out["applied"] = s.scalar(
            select(func.count()).select_from(BundleLog).where(BundleLog.status == "applied")
        )
    return out


def district_commune(ctx: AppContext, agency: str) -> Commune:
    with ctx.db.session(readonly=True) as s:
        c = s.scalars(select(Commune).where(Commune.agency_code == agency)).one()
        s.expunge(c)  # stays readable after the read-only transaction ends
        return c


def commune_watermark(c: Commune_) -> int:
    with c.ctx.db.session(readonly=True) as s:
        return int(get_state(s, "acked_seq") or 0)
