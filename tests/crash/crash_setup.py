"""Crash harness, part 1: the installations it kills, made through the real services.

``prepare(root)`` builds, under ``root``:

- ``district/``: a district installation that provisioned every commune below;
  ``district-pristine/`` is a copy of it before any import, to reset to;
- ``commune/``: the commune whose desk is killed (admin, clerk, provisioned);
  ``stick/`` is its USB stick;
- ``fresh/``: a commune not yet provisioned, and ``fresh.motcua``, its
  provisioning file (killed while it is accepted);
- ``pool/``: data bundles of three other communes (two cumulative bundles
  each) for the district's import runs, and ``pool.json``: which rows each
  bundle carries, so a check can tell a whole import from a half one.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from motcua_desktop.domain.dossier import Applicant, Channel, ResultDelivery
from motcua_desktop.domain.profile import CommuneProfile
from motcua_desktop.services import district, intake, lifecycle, sync_commune, users
from motcua_desktop.services.context import open_app
from motcua_desktop.services.provisioning import accept_provisioning
from motcua_desktop.store.models import SYNC_UP_TABLES

AGENCY = "000.31.25.H56"
POOL_AGENCIES = ("000.31.25.H57", "000.31.25.H58", "000.31.25.H59")
FRESH_AGENCY = "000.31.25.H60"
CLERK = "lan"
PROCEDURE = "HT-05"
NAMES = ("Trần Thị Bích Hằng", "Nguyễn Văn Đức", "Lê Thị Ánh", "Phạm Quốc Việt", "Võ Minh Châu")


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def district(self) -> Path:
        return self.root / "district"

    @property
    def district_pristine(self) -> Path:
        return self.root / "district-pristine"

    @property
    def commune(self) -> Path:
        return self.root / "commune"

    @property
    def stick(self) -> Path:
        return self.root / "stick"

    @property
    def fresh(self) -> Path:
        """A commune installed (an admin) but not yet provisioned; ``fresh-pristine`` its copy."""
        return self.root / "fresh"

    @property
    def provisioning_file(self) -> Path:
        return self.root / "fresh.motcua"

    @property
    def pool(self) -> Path:
        return self.root / "pool"

    @property
    def printed_log(self) -> Path:
        # The clerk's pile of paper receipts: a code is added only after print_slip returned.
        return self.commune / "printed.log"

    def pool_info(self) -> dict:
        return json.loads((self.root / "pool.json").read_text(encoding="utf-8"))


def profile(agency: str, name: str) -> CommuneProfile:
    return CommuneProfile(
        commune_name=name,
        parent_body=f"ỦY BAN NHÂN DÂN {name.upper()}",
        unit_name="BỘ PHẬN MỘT CỬA",
        agency_code=agency,
        place_name=name.removeprefix("Xã "),
    )


def request(k: int, received: datetime | None = None) -> intake.IntakeRequest:
    return intake.IntakeRequest(
        procedure_code=PROCEDURE,
        applicant=Applicant(
            name=NAMES[k % len(NAMES)], id_number="089185012345", phone="0912 345 678"
        ),
        channel=Channel.ONLINE if k % 3 == 0 else Channel.IN_PERSON,
        received_at=received,
    )


def _commune(folder: Path, data: bytes):
    ctx = open_app(folder)
    admin = users.create_user(ctx, "admin", "Phạm Minh Tuấn", "secret-1", "admin")
    accept_provisioning(ctx, data, admin)
    return ctx, admin


def _rows(ctx) -> dict[str, list[str]]:
    from sqlalchemy import text

    with ctx.db.session(readonly=True) as s:
        return {t: sorted(s.execute(text(f"SELECT id FROM {t}")).scalars()) for t in SYNC_UP_TABLES}


def _pool_commune(layout: Layout, dctx, agency: str, n: int, info: dict) -> None:
    """A commune with two cumulative bundles in the pool (the second adds work on the first)."""
    ctx, admin = _commune(layout.root / f"pool-{agency}", district.provision_commune(
        dctx, profile(agency, f"Xã Mẫu {agency[-3:]}"), None
    ))  # fmt: skip
    try:
        start = datetime(2026, 3, 2, 8, 0)
        codes = [
            intake.accept(ctx, request(k, start + timedelta(minutes=k)), admin).code
            for k in range(n)
        ]
        for round_ in (1, 2):
            if round_ == 2:
                for k, code in enumerate(codes[: n // 2]):
                    lifecycle.start_processing(ctx, code, admin, unit="Tư pháp - Hộ tịch")
                    if k % 2:
                        lifecycle.finish(ctx, code, admin)
                        lifecycle.return_result(
                            ctx, code, admin, method=ResultDelivery.DESK, collected_by="Ông A"
                        )
            result = sync_commune.export(ctx, layout.pool, admin)
            assert result.written, result.message
            # Keyed by file name: the district's bundle_log names the file it applied.
            info[result.path.name] = {"agency": agency, "rows": _rows(ctx)}
    finally:
        ctx.close()


def prepare(root: Path, *, pool: bool = True) -> Layout:
    """Build the installations under ``root`` (see the module docstring); returns their layout.

    ``pool=False`` leaves out the other communes and their bundles (quicker).
    """
    layout = Layout(Path(root))
    layout.stick.mkdir(parents=True)
    dctx = open_app(layout.district)
    try:
        district.init_district(dctx, "Huyện Phú Tân", None)
        main = district.provision_commune(dctx, profile(AGENCY, "Xã An Phú"), None)
        ctx, admin = _commune(layout.commune, main)
        try:
            users.create_user(ctx, CLERK, "Nguyễn Thị Ngọc Lan", "secret-2", "clerk", admin)
        finally:
            ctx.close()
        fresh = district.provision_commune(dctx, profile(FRESH_AGENCY, "Xã Mới"), None)
        layout.provisioning_file.write_bytes(fresh)
        ctx = open_app(layout.fresh)
        try:
            users.create_user(ctx, "admin", "Phạm Minh Tuấn", "secret-1", "admin")
        finally:
            ctx.close()
        shutil.copytree(layout.fresh, layout.root / "fresh-pristine")
        info: dict = {}
        for agency in POOL_AGENCIES if pool else ():
            _pool_commune(layout, dctx, agency, 12, info)
    finally:
        dctx.close()
    (layout.root / "pool.json").write_text(json.dumps(info), encoding="utf-8")
    shutil.copytree(layout.district, layout.district_pristine)
    return layout


def reset_district(layout: Layout) -> None:
    """Put the district back as it was before any import (every pool bundle is new again)."""
    shutil.rmtree(layout.district)
    shutil.copytree(layout.district_pristine, layout.district)


def reset_fresh(layout: Layout) -> None:
    """Put the unprovisioned commune back (after a run that provisioned it)."""
    shutil.rmtree(layout.fresh)
    shutil.copytree(layout.root / "fresh-pristine", layout.fresh)


def pool_files(layout: Layout) -> list[Path]:
    return sorted(p for p in layout.pool.rglob("*.motcua") if p.is_file())
