"""Crash harness, part 4: fork a worker, SIGKILL it at a random moment, check the folder; repeat.

Used by the CI tests (tests/crash/test_crash_kills.py) and by the long run
(``tools/crash_harness.py --kills 2000 --seed N``).
"""

from __future__ import annotations

import os
import random
import select
import shutil
import signal
import time
from dataclasses import dataclass

from crash_checks import full_check, quick_commune, quick_district, quick_provision
from crash_setup import CLERK, Layout, pool_files, request, reset_district, reset_fresh
from crash_worker import run_child

READY_TIMEOUT = 120.0  # seconds a child may take to open or to finish an operation; then: failed
EARLY_SHARE = 0.1  # kills sent without waiting for the child to be ready (inside open_app)
# Operations a child must complete before its kill timer starts: progress that does not
# depend on how loaded the machine is (a timer alone kills mostly in the first operation).
WAIT_OPS = (0, 0, 0, 1, 1, 2)


@dataclass
class Tally:
    kills: int = 0  # SIGKILLs that ended a child still at work
    in_operation: int = 0  # of those, kills that landed inside an operation
    while_opening: int = 0  # of those, kills before the child had opened the installation
    operations: int = 0  # operations completed by all children
    finished: int = 0  # district children that imported the whole pool before the kill came

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def summary(self) -> str:
        return (
            f"crash harness: {self.kills} kills ({self.in_operation} inside an operation, "
            f"{self.while_opening} while opening), {self.operations} operations completed"
        )


def _read_until(fd: int, buf: bytearray, marker: bytes, timeout: float, times: int = 1) -> bool:
    """Read the child's pipe into ``buf`` until ``marker`` arrived ``times`` times; False on EOF."""
    deadline = time.monotonic() + timeout
    while buf.count(marker) < times:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"the child made no progress within {timeout:.0f} s")
        ready, _w, _x = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                return False
            buf += chunk
    return True


def _drain(fd: int, buf: bytearray) -> None:
    while chunk := os.read(fd, 65536):
        buf += chunk


def kill_once(layout: Layout, kind: str, rng: random.Random, max_delay: float) -> Tally:
    """One child run: fork, let it work a random few milliseconds, SIGKILL it, reap it."""
    child_seed = rng.randrange(2**32)
    early = rng.random() < EARLY_SHARE
    wait_ops = rng.choice(WAIT_OPS) if kind != "provision" else 0  # one operation, then done
    delay = rng.uniform(0.0, 0.05 if early else max_delay)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(r)
        run_child(kind, layout, child_seed, w)
    os.close(w)
    buf = bytearray()
    try:
        if not early and _read_until(r, buf, b"R\n", READY_TIMEOUT) and wait_ops:
            _read_until(r, buf, b"\nE ", READY_TIMEOUT, wait_ops)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        _pid, status = os.waitpid(pid, 0)
        _drain(r, buf)
    finally:
        os.close(r)
    lines = buf.decode("utf-8", "replace").splitlines()
    crashed = [line for line in lines if line.startswith("X ")]
    if crashed:
        raise AssertionError("the worker failed:\n" + crashed[0][2:].replace("\\n", "\n"))
    tally = Tally(operations=sum(1 for line in lines if line.startswith("E ")))
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
        tally.kills = 1
        marks = [line for line in lines if line[:1] in "RBE"]
        if not marks:
            tally.while_opening = 1
        elif marks[-1].startswith("B "):
            tally.in_operation = 1
    else:
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"child status {status}"
        assert "D" in lines, lines[-3:]
        tally.finished = 1
    return tally


def _warm_up(layout: Layout, kind: str) -> None:
    """Load once here what every forked child would otherwise load again.

    The holiday tables, fonts, renderers and ORM set-up cost a forked child
    up to a second on its first intake; loaded in the parent, each child
    inherits them and spends its life on the work the kills should hit.
    """
    from datetime import date

    from sqlalchemy.orm import configure_mappers

    import motcua_desktop.sync.payload  # noqa: F401
    from motcua_desktop.domain.calendar import WorkingCalendar

    WorkingCalendar().is_working_day(date(2026, 1, 2))
    configure_mappers()
    if kind == "commune":
        carry_on(layout)  # a whole intake and receipt, in the parent, before any child


def run_kills(
    layout: Layout,
    kind: str,
    kills: int,
    seed: int,
    *,
    max_delay: float = 0.25,
    full_every: int = 25,
) -> Tally:
    """Kill ``kind`` ("commune", "district" or "provision") workers until ``kills`` kills
    landed; check the folder after each.

    The district is reset to its pristine copy once every pool bundle is
    applied, and the fresh commune once it is provisioned, so later kills
    still land inside the work.
    """
    _warm_up(layout, kind)
    rng = random.Random(seed)
    tally = Tally()
    seen: set[str] = set()
    folder = {"commune": layout.commune, "district": layout.district}.get(kind, layout.fresh)
    applied, provisioned = 0, False
    while tally.kills < kills:
        if kind == "district" and applied == len(pool_files(layout)):
            reset_district(layout)
        if kind == "provision" and provisioned:
            reset_fresh(layout)
        one = kill_once(layout, kind, rng, max_delay)
        tally.add(one)
        if kind == "commune":
            quick_commune(layout, seen)
        elif kind == "district":
            applied = quick_district(layout)
        else:
            provisioned = quick_provision(layout)
        if one.kills and tally.kills % full_every == 0:
            full_check(folder)
    return tally


def carry_on(layout: Layout) -> str:
    """After the last kill: the commune opens, takes in a dossier and prints its receipt."""
    from motcua_desktop.services import intake, printing, users
    from motcua_desktop.services.context import open_app

    ctx = open_app(layout.commune)
    try:
        clerk = users.get_user(ctx, CLERK)
        record = intake.accept(ctx, request(7), clerk)
        printing.print_slip(ctx, record.code, "receipt", clerk)
        return record.code
    finally:
        ctx.close()


def district_takes_the_stick(layout: Layout) -> list:
    """Import every bundle the killed commune left on its stick into a fresh copy of the district.

    Returns the import results; none may be quarantined (a bundle written but
    not recorded before a kill must not look like a fork to the district).
    """
    from motcua_desktop.services import district
    from motcua_desktop.services.context import open_app

    target = layout.root / "district-check"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(layout.district_pristine, target)
    ctx = open_app(target)
    try:
        return district.import_bundles(ctx, [layout.stick], None)
    finally:
        ctx.close()
