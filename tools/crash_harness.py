"""The crash harness's long run: thousands of SIGKILLs at the desk and the district (issue 8).

    .venv/bin/python tools/crash_harness.py --kills 2000 --seed 7
    .venv/bin/python tools/crash_harness.py --kills 500 --district-share 0.5 --keep /tmp/crash

Builds a commune, a district and three communes' bundles in a temporary
folder (``tests/crash/crash_setup.py``), then forks workers that take in
dossiers and print their receipts, move dossiers along, export to a stick,
back up, accept a provisioning file, and import bundles at the district,
SIGKILLing each at a random moment and
checking the folder after every kill (``tests/crash/crash_checks.py``).
Prints a summary; exit code 1 with the broken invariant if a check fails.
POSIX only (fork and SIGKILL). The CI version is tests/crash/test_crash_kills.py.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "crash"))

from crash_checks import full_check  # noqa: E402
from crash_runner import Tally, carry_on, district_takes_the_stick, run_kills  # noqa: E402
from crash_setup import prepare  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kills", type=int, default=2000, help="SIGKILLs in all (default 2000)")
    p.add_argument("--seed", type=int, default=1, help="seed of the kill timing and the work")
    p.add_argument("--district-share", type=float, default=0.3, help="share of district kills")
    p.add_argument("--provision-share", type=float, default=0.05, help="share while provisioning")
    p.add_argument("--max-delay", type=float, default=0.35, help="longest wait before a kill, s")
    p.add_argument("--rounds", type=int, default=10, help="alternate desk and district this often")
    p.add_argument("--keep", type=Path, default=None, help="build in this folder and keep it")
    a = p.parse_args(argv)

    root = a.keep or Path(tempfile.mkdtemp(prefix="motcua-crash-"))
    started = time.monotonic()
    total = Tally()
    try:
        layout = prepare(root / "site")
        district_kills = round(a.kills * a.district_share)
        provision_kills = round(a.kills * a.provision_share)
        plan = (
            ("commune", a.kills - district_kills - provision_kills, a.max_delay),
            ("district", district_kills, a.max_delay),
            ("provision", provision_kills, 0.1),  # one short operation: kill early in it
        )
        for r in range(a.rounds):
            for kind, kills, delay in plan:
                share = kills // a.rounds + (1 if r < kills % a.rounds else 0)
                if share:
                    total.add(run_kills(layout, kind, share, a.seed * 1000 + r, max_delay=delay))
                    print(f"round {r + 1}/{a.rounds}: {total.summary()}", flush=True)
        full_check(layout.commune, layout.stick)
        full_check(layout.district)
        full_check(layout.fresh)
        carry_on(layout)
        quarantined = [r for r in district_takes_the_stick(layout) if r.status != "applied"]
        if quarantined:
            raise AssertionError(f"the district refused the stick's bundles: {quarantined}")
    except AssertionError as exc:
        print(f"FAILED after {total.kills} kills: {exc}", file=sys.stderr)
        print(f"the folder is kept for inspection: {root}", file=sys.stderr)
        return 1
    print(f"{total.summary()} in {time.monotonic() - started:.0f} s (seed {a.seed})")
    if a.keep is None:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
