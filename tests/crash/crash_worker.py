"""Crash harness, part 2: the work a forked child does until it is killed.

The child opens the installation afresh (never a connection of the parent's),
tells the parent it is ready, then loops over real operations. Around each
operation it writes ``B <op>`` and ``E <op>`` lines to a pipe, so the parent
knows how many completed and whether the kill landed inside one. An
unexpected exception is written as ``X <traceback>`` and the child exits 3:
the parent fails the run with that text.
"""

from __future__ import annotations

import contextlib
import os
import random
import traceback
from pathlib import Path

from crash_setup import CLERK, Layout, pool_files, request
from sqlalchemy import select

from motcua_desktop.domain.dossier import ResultDelivery, Status
from motcua_desktop.services import (
    backup,
    district,
    intake,
    lifecycle,
    printing,
    sync_commune,
    users,
)
from motcua_desktop.services.context import open_app
from motcua_desktop.services.provisioning import accept_provisioning
from motcua_desktop.store.models import Dossier

# Weights of the commune's operations: intake with its printed receipt is the desk's main job.
COMMUNE_OPS = (("intake", 50), ("lifecycle", 35), ("export", 12), ("backup", 3))


def _say(fd: int, text: str) -> None:
    os.write(fd, text.encode("utf-8") + b"\n")


def _append_line(path: Path, line: str) -> None:
    # One write() of a whole line on an O_APPEND descriptor: a kill never leaves half a code.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (line + "\n").encode("ascii"))
    finally:
        os.close(fd)


def _intake(ctx, clerk, layout: Layout, rng: random.Random) -> None:
    record = intake.accept(ctx, request(rng.randrange(1000)), clerk)
    printing.print_slip(ctx, record.code, "receipt", clerk)
    _append_line(layout.printed_log, record.code)


def _lifecycle(ctx, clerk, _layout: Layout, rng: random.Random) -> None:
    """The next step of a random dossier still in the desk's hands."""
    with ctx.db.session(readonly=True) as s:
        rows = s.execute(
            select(Dossier.code, Dossier.status).where(
                Dossier.status.in_(
                    [int(Status.ACCEPTED), int(Status.PROCESSING), int(Status.FINISHED)]
                )
            )
        ).all()
    if not rows:
        return
    code, status = rng.choice(rows)
    if status == Status.ACCEPTED:
        lifecycle.start_processing(ctx, code, clerk, unit="Công chức Tư pháp - Hộ tịch")
    elif status == Status.PROCESSING:
        lifecycle.finish(ctx, code, clerk)
    else:
        lifecycle.return_result(
            ctx, code, clerk, method=ResultDelivery.DESK, collected_by="Trần Văn Bình"
        )


def _export(ctx, clerk, layout: Layout, _rng: random.Random) -> None:
    sync_commune.export(ctx, layout.stick, clerk)


def _backup(ctx, _clerk, _layout: Layout, _rng: random.Random) -> None:
    backup.backup_now(ctx, "manual")


_COMMUNE = {"intake": _intake, "lifecycle": _lifecycle, "export": _export, "backup": _backup}


def commune_work(layout: Layout, seed: int, fd: int) -> None:
    """Intake with printed receipts, lifecycle steps and exports to the stick, until killed."""
    rng = random.Random(seed)
    ctx = open_app(layout.commune)
    clerk = users.get_user(ctx, CLERK)
    _say(fd, "R")
    names = [n for n, _w in COMMUNE_OPS]
    weights = [w for _n, w in COMMUNE_OPS]
    while True:
        op = rng.choices(names, weights)[0]
        _say(fd, f"B {op}")
        _COMMUNE[op](ctx, clerk, layout, rng)
        _say(fd, f"E {op}")


def district_work(layout: Layout, seed: int, fd: int) -> None:
    """Import the pool's bundles one by one in a random order, until killed or done."""
    rng = random.Random(seed)
    ctx = open_app(layout.district)
    _say(fd, "R")
    files = pool_files(layout)
    rng.shuffle(files)
    for path in files:
        _say(fd, "B import")
        [result] = district.import_bundles(ctx, [path], None)
        if result.status not in ("applied", "duplicate"):
            raise AssertionError(f"{path.name}: {result.status} {result.message}")
        _say(fd, "E import")
    ctx.close()
    _say(fd, "D")


def provision_work(layout: Layout, _seed: int, fd: int) -> None:
    """Accept the district's provisioning file (the first-run wizard's last step)."""
    ctx = open_app(layout.fresh)
    admin = users.get_user(ctx, "admin")
    data = layout.provisioning_file.read_bytes()
    _say(fd, "R")
    _say(fd, "B provision")
    accept_provisioning(ctx, data, admin)
    _say(fd, "E provision")
    ctx.close()
    _say(fd, "D")


WORK = {"commune": commune_work, "district": district_work, "provision": provision_work}


def run_child(kind: str, layout: Layout, seed: int, fd: int) -> None:
    """Body of the forked child; never returns into the parent's code."""
    code = 0
    try:
        WORK[kind](layout, seed, fd)
    except BaseException:
        code = 3
        with contextlib.suppress(OSError):
            _say(fd, "X " + traceback.format_exc().replace("\n", "\\n"))
    finally:
        os._exit(code)
